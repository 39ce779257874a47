"""``govgraph serve``: a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._app import app
from ._common import AllowNetworkOpt, DataArg, StoreOpt, err_console, open_graph


@app.command()
def serve(
    data: DataArg = None,
    store: StoreOpt = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind (0.0.0.0 exposes it to the network).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            help="Exported DCAT-AP catalogue (catalog.ttl or the export directory) to serve at "
            "/catalog.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", help="Seconds a query may run before a 503 answer.")
    ] = 30.0,
    max_results: Annotated[
        int, typer.Option("--max-results", help="Maximum solutions or triples per answer.")
    ] = 10_000,
    allow_network: AllowNetworkOpt = False,
) -> None:
    """Serve DATA files or a --store as a read-only SPARQL 1.1 endpoint at /sparql.

    GET and POST queries; results as SPARQL JSON/XML/CSV/TSV, graphs as Turtle/N-Triples/JSON-LD
    (content negotiation). Updates are refused with 403. Stop with Ctrl-C.
    """
    from ..server import create_app, is_loopback

    kg = open_graph(data, store=store, allow_network=allow_network)
    web_app = create_app(
        kg, timeout=timeout, max_results=max_results, catalog=catalog, allow_network=allow_network
    )
    import uvicorn

    if not is_loopback(host):
        err_console.print(
            f"[yellow]warning:[/yellow] listening on {host}: anyone who can reach it can query "
            "the data"
        )
    err_console.print(f"SPARQL endpoint: http://{host}:{port}/sparql  (Ctrl-C to stop)")
    if catalog is not None:
        err_console.print(f"DCAT-AP catalogue: http://{host}:{port}/catalog")
    try:
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
    finally:
        kg.close()
