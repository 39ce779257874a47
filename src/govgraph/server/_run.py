"""Run the SPARQL endpoint with uvicorn, with a time limit on reading request headers."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import sys
from pathlib import Path
from typing import Any

from ..store import Store
from ._app import create_app
from ._options import EndpointOptions

__all__ = ["is_loopback", "serve", "uvicorn_config"]

log = logging.getLogger("govgraph.server")

#: Connections (and requests in progress) uvicorn accepts at once; more get ``503``.
MAX_CONNECTIONS = 512


def is_loopback(host: str) -> bool:
    """Return True when ``host`` only accepts connections from this machine.

    Examples:
        >>> from govgraph.server import is_loopback
        >>> is_loopback("localhost"), is_loopback("127.0.0.1"), is_loopback("::1")
        (True, True, True)
        >>> is_loopback("0.0.0.0"), is_loopback("data.example.org")
        (False, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _timed_protocol(read_timeout: float) -> type:
    """Return uvicorn's HTTP/1.1 protocol, closing connections whose request headers are slow."""
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TimedH11Protocol(H11Protocol):
        _header_timer: asyncio.TimerHandle | None = None
        _armed_for: object = None

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def data_received(self, data: bytes) -> None:
            if self._header_timer is not None and self._armed_for is not self.cycle:
                self._disarm()  # a request began since the timer was set
            if self._header_timer is None and (self.cycle is None or self.cycle.response_complete):
                self._arm()
            super().data_received(data)

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        def _arm(self) -> None:
            self._armed_for = self.cycle
            self._header_timer = self.loop.call_later(read_timeout, self._expired)

        def _disarm(self) -> None:
            if self._header_timer is not None:
                self._header_timer.cancel()
                self._header_timer = None

        def _expired(self) -> None:
            self._header_timer = None
            if self.cycle is self._armed_for and not self.transport.is_closing():
                log.info(
                    "closed a connection from %s: no complete request headers within %g s",
                    self.client[0] if self.client else "?",
                    read_timeout,
                )
                self.transport.close()

    return TimedH11Protocol


def uvicorn_config(app: Any, *, host: str, port: int, read_timeout: float, **extra: Any) -> Any:
    """Return the uvicorn configuration ``serve`` uses.

    HTTP/1.1 by h11 with a time limit on request headers, bounded connections, short keep-alive.

    Args:
        app: The ASGI application (:func:`create_app`).
        host: Address to bind.
        port: TCP port.
        read_timeout: Seconds a client has to send its request headers.
        **extra: More ``uvicorn.Config`` arguments (``log_level``, ``log_config``...).

    Returns:
        A ``uvicorn.Config``; ``uvicorn.Server(config).run()`` serves it.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.server import create_app, uvicorn_config
        >>> app = create_app(GovGraph.example().store)
        >>> config = uvicorn_config(
        ...     app, host="127.0.0.1", port=8000, read_timeout=10, log_config=None
        ... )
        >>> config.port, config.limit_concurrency, config.timeout_keep_alive
        (8000, 512, 5)

    Raises:
        ImportError: uvicorn is not installed (the ``serve`` extra).
    """
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=_timed_protocol(read_timeout),
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
        **extra,
    )


def serve(
    store: Store,
    options: EndpointOptions | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    catalog: str | Path | None = None,
    log_level: str = "info",
    **changes: Any,
) -> None:
    """Serve ``store`` as a read-only SPARQL 1.1 endpoint until interrupted (Ctrl-C).

    Binds ``127.0.0.1`` by default, so only this machine can connect. See
    :func:`create_app` for the routes and :class:`EndpointOptions` for the limits.

    Args:
        store: The store to serve (``GovGraph.store``).
        options: The limits; defaults when None.
        host: Address to bind; ``0.0.0.0`` exposes the endpoint to the network.
        port: TCP port.
        catalog: An exported DCAT-AP catalogue (file or export directory) to serve at ``/catalog``.
        log_level: uvicorn log level.
        **changes: Options to change from ``options`` by name, e.g. ``timeout=5``.

    Examples:
        Blocks until Ctrl-C, so it is not run here (:func:`create_app` builds the same
        application without serving it):

        >>> from govgraph import GovGraph
        >>> from govgraph.server import serve
        >>> serve(GovGraph.example().store, port=8000, timeout=5)  # doctest: +SKIP

    Raises:
        ConfigurationError: A bad option, or the catalogue cannot be read.
    """
    import uvicorn

    opts = (options or EndpointOptions()).replace(**changes)
    app = create_app(store, opts, catalog=catalog, bound_host=host)
    if not logging.getLogger("govgraph").handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("govgraph serve: %(message)s"))
        logging.getLogger("govgraph").addHandler(handler)
        logging.getLogger("govgraph").setLevel(logging.INFO)
    if not is_loopback(host):
        log.warning("serving on %s: anyone who can reach this address can query the data", host)
    config = uvicorn_config(
        app, host=host, port=port, read_timeout=opts.read_timeout, log_level=log_level
    )
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C: a clean stop, not a traceback
        uvicorn.Server(config).run()
