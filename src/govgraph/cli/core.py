"""Core commands: ``validate`` and ``query``."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .._exceptions import ConfigurationError
from ..io import read_query
from ._app import app
from ._common import (
    NO_SOURCE,
    AllowNetworkOpt,
    DataArg,
    RawCsvOpt,
    Source,
    TableFormat,
    console,
    print_json,
    print_records,
    progress,
    source_options,
)


class ReportFormat(enum.StrEnum):
    """Output formats of ``govgraph validate``."""

    text = "text"
    json = "json"
    markdown = "markdown"


@app.command()
@source_options
def validate(
    data: DataArg = None,
    shapes: Annotated[
        list[Path] | None,
        typer.Option("--shapes", help="Extra SHACL shapes file (repeatable).", show_default=False),
    ] = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Report format.")
    ] = ReportFormat.text,
    source: Source = NO_SOURCE,
) -> None:
    """Check governance data against the govgraph SHACL shapes.

    Exit code 0: no violation (warnings are shown); 1: violations; 2: unreadable input or error.
    """
    kg = source.open(data)
    with progress("Validating"):
        report = kg.validate(shapes=shapes or [])
    if format is ReportFormat.json:
        print_json(report.to_dict())
    elif format is ReportFormat.markdown:
        sys.stdout.write(report.to_markdown())
    else:
        counts = report.counts()
        verdict = "[green]conforms[/green]" if report.conforms else "[red]does not conform[/red]"
        console.print(
            f"The data {verdict}: {counts['Violation']} violation(s), "
            f"{counts['Warning']} warning(s), {counts['Info']} note(s)."
        )
        for r in report.results:
            colour = {"Violation": "red", "Warning": "yellow", "Info": "cyan"}[r.severity.value]
            item = f"{r.focus_label} <{r.focus_node}>" if r.focus_label else f"<{r.focus_node}>"
            console.print(
                f"[{colour}]{r.severity.value}[/{colour}] {escape(item)}: {escape(r.message)}",
                highlight=False,
                soft_wrap=True,
            )
    # exit code 0 when nothing is a Violation (warnings and notes are shown, not fatal)
    raise typer.Exit(1 if report.violations else 0)


@app.command()
@source_options
def query(
    args: Annotated[
        list[str],
        typer.Argument(
            help="DATA files followed by the QUERY (SPARQL text or a .rq file).",
            show_default=False,
            metavar="[DATA]... QUERY",
        ),
    ],
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TableFormat.table
    ),
    source: Source = NO_SOURCE,
    allow_network: AllowNetworkOpt = False,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Run a SPARQL query over DATA files, a --store or an --endpoint."""
    if not args:
        raise ConfigurationError("give the QUERY (SPARQL text or a .rq file) as last argument")
    *files, text = args
    text = read_query(text)
    kg = source.open([Path(f) for f in files], allow_network=allow_network)
    result = kg.query(text)
    if result.kind == "ask":
        if format is TableFormat.json:
            print_json({"boolean": bool(result.boolean)})
        else:
            typer.echo("true" if result.boolean else "false")
        return
    if result.kind == "graph":
        assert result.graph is not None
        from ..io import rdflib_triples_to_ox, serialize_rdf

        fmt = "json-ld" if format is TableFormat.json else "turtle"
        data = serialize_rdf(rdflib_triples_to_ox(result.graph), format=fmt)
        sys.stdout.write(data.decode("utf-8"))
        return
    records = [{k: str(v) for k, v in row.items()} for row in result.rows]
    print_records(records, format=format.value, columns=list(result.variables), raw_csv=raw_csv)
