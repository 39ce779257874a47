"""``govgraph load``: load RDF files into a persistent store or a SPARQL endpoint."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .._exceptions import ConfigurationError, ValidationFailed
from .._graph import GovGraph
from ..validation import ValidationReport
from ._app import app
from ._common import (
    NO_SOURCE,
    Source,
    console,
    err_console,
    print_json,
    progress,
    source_options,
)


class LoadFormat(enum.StrEnum):
    """Output formats of ``govgraph load``."""

    text = "text"
    json = "json"


@app.command()
@source_options
def load(
    data: Annotated[
        list[Path],
        typer.Argument(
            help="RDF files to load (Turtle, N-Triples, RDF/XML, JSON-LD, TriG...).",
            show_default=False,
        ),
    ],
    source: Source = NO_SOURCE,
    batch_size: Annotated[
        int,
        typer.Option("--batch-size", min=1, help="Triples per request to an endpoint."),
    ] = 200,
    no_validate: Annotated[
        bool,
        typer.Option(
            "--no-validate",
            "--force",
            help="Write to the endpoint even if the new data has SHACL violations.",
        ),
    ] = False,
    format: Annotated[LoadFormat, typer.Option("--format", "-f", help="Report format.")] = (
        LoadFormat.text
    ),
) -> None:
    """Load DATA files into a persistent --store DIR or a SPARQL --endpoint URL.

    Into a --store the files are parsed while they are written, in one transaction: the load is
    all-or-nothing (a bad file anywhere writes nothing). For an --endpoint every file is parsed
    before anything is sent.
    Into an --endpoint the new data is first validated against the govgraph shapes (refused with
    exit code 1 if it has violations, unless --no-validate), then written in batches with
    retries; endpoint loads are NOT atomic and the report says exactly what was written.

    Credentials for a protected endpoint come from the environment: GOVGRAPH_ENDPOINT_USER,
    GOVGRAPH_ENDPOINT_PASSWORD and GOVGRAPH_ENDPOINT_AUTH (basic or digest).

    Exit code 0: everything written; 1: validation violations (nothing written) or some triples
    refused by the endpoint (see the report); 2: unreadable input, the endpoint unreachable, or
    the load stopped early.
    """
    store, endpoint = source.store, source.endpoint
    if store is None and endpoint is None:
        raise ConfigurationError("say where to load: --store DIR or --endpoint URL")
    if store is not None and endpoint is not None:
        raise ConfigurationError("give either --store or --endpoint, not both")
    if endpoint is None and (source.update_endpoint is not None or source.graph is not None):
        raise ConfigurationError("--update-endpoint and --graph need --endpoint")

    if store is not None:
        # parsed while written, in one transaction: a bad file anywhere writes nothing
        with (
            GovGraph(path=store) as kg,
            progress(f"Loading {len(data)} file(s)", total=len(data)) as advance,
        ):
            read_files: list[tuple[str, int]] = []

            def read(name: str, n: int) -> None:
                read_files.append((name, n))
                advance(1)

            before = len(kg)
            triples = kg.load(*data, on_source=read)
            after = len(kg)
        payload = {
            "store": str(store),
            "files": [{"source": name, "triples": n} for name, n in read_files],
            "triples": triples,
            "count_before": before,
            "count_after": after,
        }
        if format is LoadFormat.json:
            print_json(payload)
        else:
            console.print(
                f"Loaded {triples} triple(s) from {len(read_files)} file(s) into "
                f"{escape(str(store))}; the store went from {before} to {after} triple(s).",
                highlight=False,
            )
        return

    from ..store import auth_from_env

    assert endpoint is not None
    kg = GovGraph.connect(
        endpoint, update_endpoint=source.update_endpoint, graph=source.graph, auth=auth_from_env()
    )
    try:
        with progress(f"Reading, checking and writing {len(data)} file(s)") as advance:
            result = kg.load_report(
                *data, batch_size=batch_size, progress=advance, validate=not no_validate
            )
    except ValidationFailed as exc:
        report = exc.report
        assert isinstance(report, ValidationReport)
        if format is LoadFormat.json:
            print_json({"loaded": False, "validation": report.to_dict()})
        else:
            sys.stdout.write(report.to_markdown())
        err_console.print(
            f"govgraph: refused: {exc} Pass --no-validate to load it anyway.", highlight=False
        )
        raise typer.Exit(1) from None
    finally:
        kg.close()
    if format is LoadFormat.json:
        print_json({"loaded": result.complete, **result.to_dict()})
    else:
        console.print(escape(result.summary()), highlight=False, soft_wrap=True)
    if result.stopped:
        raise typer.Exit(2)
    raise typer.Exit(0 if result.complete else 1)
