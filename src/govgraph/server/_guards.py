"""ASGI middleware checking ``Host`` and ``Origin`` before anything else runs.

A web page can make a browser send requests to a loopback address; with DNS rebinding it can even
read the answers as if the endpoint were its own origin. Checking the ``Host`` header against the
names the endpoint is really reached by defeats that; ``Origin`` (sent by browsers on
cross-origin requests) is checked against the CORS origins when these are not ``*``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["LOCAL_NAMES", "HostGuard", "host_name"]

#: Host names accepted by default besides the bound address.
LOCAL_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def host_name(value: str) -> str:
    """The host of a ``Host`` header value or an origin, without port, brackets or trailing dot.

    Examples:
        >>> host_name("[::1]:8000"), host_name("Example.org."), host_name("http://a.test:81")
        ('::1', 'example.org', 'a.test')
    """
    text = value.strip().lower()
    if "://" in text:
        text = text.split("://", 1)[1].split("/", 1)[0]
    if text.startswith("["):
        return text[1:].split("]", 1)[0]
    if text.count(":") == 1:
        text = text.split(":", 1)[0]
    return text.rstrip(".")


class HostGuard:
    """Refuse (403) requests whose Host is not allowed, or whose Origin is not allowed."""

    def __init__(
        self, app: Any, *, hosts: Iterable[str] | None, origins: Iterable[str] | None
    ) -> None:
        self.app = app
        self.hosts = None if hosts is None else frozenset(host_name(h) for h in hosts)
        self.origins = None if origins is None else frozenset(o.rstrip("/") for o in origins)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k: v for k, v in scope.get("headers", ())}
        host = headers.get(b"host", b"").decode("latin-1")
        problem = None
        if self.hosts is not None and host_name(host) not in self.hosts:
            problem = (
                f"Host {host!r} is not served here (a guard against DNS rebinding); start the "
                "server with allow_hosts=(NAME,) to accept it"
            )
        origin = headers.get(b"origin", b"").decode("latin-1")
        if (
            problem is None
            and origin
            and self.origins is not None
            and origin.rstrip("/") not in self.origins
            and host_name(origin) != host_name(host)
        ):
            problem = (
                f"Origin {origin!r} may not use this endpoint; start the server with "
                "cors=(ORIGIN,) to allow it"
            )
        if problem is None:
            await self.app(scope, receive, send)
            return
        body = (problem + "\n").encode()
        await send(
            {
                "type": "http.response.start",
                "status": 403,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
