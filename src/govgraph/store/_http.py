"""HTTP transport to a SPARQL 1.1 Protocol endpoint: POST with retries, errors that say why.

The transport only ever contacts the URLs it was given: redirects are not followed and proxy
settings from the environment are ignored. Credentials come from the caller or, on the command
line, from the environment (:func:`auth_from_env`), never from arguments other users could see.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Literal
from urllib.parse import urlsplit

import httpx

from .._exceptions import ConfigurationError, EndpointError

__all__ = [
    "AuthLike",
    "Transport",
    "auth_from_env",
    "check_url",
    "endpoint_error",
    "int_or_none",
    "one_line",
]

AuthLike = httpx.Auth | tuple[str, str] | None

TRANSIENT_STATUS = {408, 425, 429, 502, 503, 504}
FATAL_STATUS = {401, 403, 404, 405, 407}
_TRANSIENT_TEXT = re.compile(r"40001|deadlock|temporarily|try again", re.IGNORECASE)


def auth_from_env(environ: Mapping[str, str] | None = None) -> httpx.Auth | None:
    """Read endpoint credentials from the environment (used by the command line).

    ``GOVGRAPH_ENDPOINT_USER`` and ``GOVGRAPH_ENDPOINT_PASSWORD`` give the account;
    ``GOVGRAPH_ENDPOINT_AUTH`` is ``basic`` (default) or ``digest`` (Virtuoso's ``/sparql-auth``).
    Credentials never go on the command line, where other users could see them.

    >>> auth_from_env({}) is None
    True
    >>> type(auth_from_env({"GOVGRAPH_ENDPOINT_USER": "u", "GOVGRAPH_ENDPOINT_PASSWORD": "p"}))
    <class 'httpx.BasicAuth'>

    Returns:
        An ``httpx`` auth object, or ``None`` when no user is set.

    Raises:
        ConfigurationError: A user without a password, or an unknown scheme.
    """
    import os

    env = os.environ if environ is None else environ
    user = env.get("GOVGRAPH_ENDPOINT_USER")
    if not user:
        return None
    password = env.get("GOVGRAPH_ENDPOINT_PASSWORD")
    if password is None:
        raise ConfigurationError(
            "GOVGRAPH_ENDPOINT_USER is set but GOVGRAPH_ENDPOINT_PASSWORD is not; set both"
        )
    scheme = env.get("GOVGRAPH_ENDPOINT_AUTH", "basic").strip().lower()
    if scheme == "basic":
        return httpx.BasicAuth(user, password)
    if scheme == "digest":
        return httpx.DigestAuth(user, password)
    raise ConfigurationError(
        f"GOVGRAPH_ENDPOINT_AUTH={scheme!r} is not supported; use basic or digest"
    )


def check_url(url: str, what: str) -> str:
    """Return ``url`` if it is an absolute http(s) URL.

    Raises:
        ConfigurationError: Naming ``what`` the URL was for.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"{what} {url!r} is not an http(s) URL; give the endpoint's full address, e.g. "
            "http://127.0.0.1:8890/sparql"
        )
    return url


def one_line(text: str, limit: int = 400) -> str:
    """Shorten an endpoint's error page to its message, on one line."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # Virtuoso echoes the whole query after its message: keep the message only.
    kept = []
    for line in lines:
        if line.startswith("SPARQL query:"):
            break
        kept.append(line)
    message = " ".join(kept) or "(no message)"
    return message if len(message) <= limit else message[: limit - 3] + "..."


def int_or_none(text: str) -> int | None:
    """Read a header value as an integer, ``None`` if it is not one."""
    try:
        return int(text.strip())
    except (ValueError, AttributeError):
        return None


def endpoint_error(url: str, status: int, message: str) -> EndpointError:
    """Build the error for an HTTP error answer, with a hint for the usual causes."""
    hints = {
        401: "the endpoint wants credentials: pass auth=(user, password) for Basic or "
        "httpx.DigestAuth(user, password) for Digest (Virtuoso's /sparql-auth); on the command "
        "line set GOVGRAPH_ENDPOINT_USER, GOVGRAPH_ENDPOINT_PASSWORD and GOVGRAPH_ENDPOINT_AUTH",
        403: "the endpoint refused: check the account's rights (Virtuoso: GRANT SPARQL_UPDATE)",
        404: "no SPARQL service at this URL: check the address",
        405: "the URL does not take POST requests: is it the SPARQL endpoint?",
    }
    hint = hints.get(status)
    text = f"{url}: HTTP {status}: {message}"
    if hint:
        text += f" ({hint})"
    return EndpointError(text)


def is_transient(status: int, message: str) -> bool:
    """True for an answer worth retrying (time-out, overload, a deadlock reported as 5xx)."""
    return status in TRANSIENT_STATUS or (status >= 500 and bool(_TRANSIENT_TEXT.search(message)))


class Transport:
    """Form POSTs to an endpoint with retries and exponential back-off.

    Args:
        auth: httpx authentication, a ``(user, password)`` tuple or ``None``.
        timeout: Seconds to wait for each request.
        max_retries: Retries after a transient error.
        backoff: First back-off delay in seconds (doubled after each retry).
        dialect: ``"auto"`` (detect Virtuoso from the ``Server`` header), ``"virtuoso"`` or
            ``"generic"``.
        headers: Extra HTTP headers sent with every request.
        transport: An ``httpx`` transport (tests, custom TLS).
    """

    def __init__(
        self,
        *,
        auth: AuthLike,
        timeout: float,
        max_retries: int,
        backoff: float,
        dialect: Literal["auto", "virtuoso", "generic"],
        headers: Mapping[str, str] | None,
        transport: httpx.BaseTransport | None,
    ) -> None:
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.dialect: str | None = None if dialect == "auto" else dialect
        self.client = httpx.Client(
            auth=auth,
            timeout=timeout,
            headers=dict(headers or {}),
            follow_redirects=False,
            trust_env=False,
            transport=transport,
        )

    def note_server(self, response: httpx.Response) -> None:
        """Detect the dialect from the first answer's ``Server`` header."""
        if self.dialect is None:
            server = response.headers.get("server", "")
            self.dialect = "virtuoso" if server.lower().startswith("virtuoso") else "generic"

    def send(self, url: str, data: dict[str, str], accept: str) -> httpx.Response:
        """POST once; the network errors are left to the caller (``httpx.TransportError``)."""
        response = self.client.post(url, data=data, headers={"Accept": accept})
        self.note_server(response)
        return response

    def post(
        self, url: str, data: dict[str, str], accept: str, *, retries: int | None = None
    ) -> httpx.Response:
        """POST a form; retry transient failures.

        Raises:
            EndpointError: Any other failure, or a transient one that outlasted the retries.
        """
        attempts = (self.max_retries if retries is None else retries) + 1
        delay = self.backoff
        last = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(delay)
                delay *= 2
            try:
                response = self.send(url, data, accept)
            except httpx.TimeoutException:
                last = f"no answer within {self.timeout:g} s (raise timeout=...)"
                continue
            except httpx.TransportError as exc:
                last = f"cannot reach the endpoint ({exc})"
                continue
            if response.status_code < 300:
                return response
            message = one_line(response.text)
            if is_transient(response.status_code, message):
                last = f"HTTP {response.status_code}: {message}"
                continue
            raise endpoint_error(url, response.status_code, message)
        raise EndpointError(f"{url}: {last} (after {attempts} attempt(s))")

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()
