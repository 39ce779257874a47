"""Run the SPARQL endpoint with uvicorn."""

from __future__ import annotations

import ipaddress
import logging
from pathlib import Path

from .._graph import GovGraph
from ..store import Store
from ._app import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT, create_app

__all__ = ["is_loopback", "serve"]

log = logging.getLogger("govgraph.server")


def is_loopback(host: str) -> bool:
    """Return True when ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    graph: GovGraph | Store,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = DEFAULT_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    catalog: str | Path | None = None,
    allow_network: bool = False,
    log_level: str = "info",
) -> None:
    """Serve ``graph`` as a read-only SPARQL 1.1 endpoint until interrupted (Ctrl-C).

    Binds ``127.0.0.1`` by default, so only this machine can connect. See
    :func:`create_app` for the routes, the time limit and the result limit.

    Args:
        graph: The graph or store to serve.
        host: Address to bind; ``0.0.0.0`` exposes the endpoint to the network.
        port: TCP port.
        timeout: Seconds a query may take before the client gets ``503``.
        max_results: Maximum solutions or triples per answer.
        catalog: An exported DCAT-AP catalogue (file or export directory) to serve at ``/catalog``.
        allow_network: Accept ``SERVICE`` in queries.
        log_level: uvicorn log level.
    """
    import uvicorn

    app = create_app(
        graph,
        timeout=timeout,
        max_results=max_results,
        catalog=catalog,
        allow_network=allow_network,
    )
    if not is_loopback(host):
        log.warning("serving on %s: anyone who can reach this address can query the data", host)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
