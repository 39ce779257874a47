"""``govgraph serve``: a read-only SPARQL 1.1 endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..server import EndpointOptions
from ._app import app
from ._common import AllowNetworkOpt, DataArg, RawCsvOpt, StoreOpt, err_console, open_graph

#: The endpoint's defaults (one set for the library and the command line).
_DEFAULTS = EndpointOptions()


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
        float,
        typer.Option(
            "--timeout",
            help="Seconds from a query's arrival to its answer; then 503 and its worker is killed.",
        ),
    ] = _DEFAULTS.timeout,
    max_results: Annotated[
        int, typer.Option("--max-results", help="Maximum solutions or triples per answer.")
    ] = _DEFAULTS.max_results,
    workers: Annotated[
        int, typer.Option("--workers", help="Worker processes running queries.")
    ] = _DEFAULTS.workers,
    per_client: Annotated[
        int, typer.Option("--per-client", help="Queries one client (IP) may run at once.")
    ] = _DEFAULTS.per_client,
    queue_wait: Annotated[
        float, typer.Option("--queue-wait", help="Seconds a query may wait for a worker.")
    ] = _DEFAULTS.queue_wait,
    max_body: Annotated[
        int, typer.Option("--max-body", help="Largest request body in bytes (larger: 413).")
    ] = _DEFAULTS.max_body,
    max_query_length: Annotated[
        int,
        typer.Option("--max-query-length", help="Longest query in characters (longer: 413)."),
    ] = _DEFAULTS.max_query_length,
    read_timeout: Annotated[
        float,
        typer.Option("--read-timeout", help="Seconds to send the request headers, and the body."),
    ] = _DEFAULTS.read_timeout,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host",
            help="Accept this Host name too (repeatable; '*' accepts any). localhost, 127.0.0.1, "
            "::1 and --host are always accepted.",
            show_default=False,
        ),
    ] = None,
    cors: Annotated[
        list[str] | None,
        typer.Option(
            "--cors",
            help="Origin whose web pages may read answers (repeatable); default '*' (any). "
            "'none' sends no CORS headers.",
            show_default=False,
        ),
    ] = None,
    allow_network: AllowNetworkOpt = False,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Serve DATA files or a --store as a read-only SPARQL 1.1 endpoint at /sparql.

    GET and POST queries; results as SPARQL JSON/XML/CSV/TSV, graphs as Turtle/N-Triples/JSON-LD/
    RDF/XML (content negotiation or format=). Updates are refused with 403. Queries run in worker
    processes that are killed at the time limit. Stop with Ctrl-C.
    """
    from ..server import serve as run_server

    origins: tuple[str, ...] = ("*",) if not cors else tuple(cors)
    if origins == ("none",):
        origins = ()
    options = EndpointOptions(
        timeout=timeout,
        max_results=max_results,
        allow_network=allow_network,
        workers=workers,
        per_client=per_client,
        queue_wait=queue_wait,
        max_body=max_body,
        max_query_length=max_query_length,
        read_timeout=read_timeout,
        allow_hosts=tuple(allow_host or ()),
        cors=origins,
        raw_csv=raw_csv,
    )
    kg = open_graph(data, store=store, allow_network=allow_network)
    err_console.print(f"SPARQL endpoint: http://{host}:{port}/sparql  (Ctrl-C to stop)")
    if catalog is not None:
        err_console.print(f"DCAT-AP catalogue: http://{host}:{port}/catalog")
    try:
        run_server(kg.store, options, host=host, port=port, catalog=catalog, log_level="warning")
    finally:
        kg.close()
