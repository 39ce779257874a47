"""Shared pieces of the command line: data arguments, store options, output helpers."""

from __future__ import annotations

import dataclasses
import enum
import json
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .._exceptions import ConfigurationError, StoreError
from .._graph import GovGraph
from ..io import write_records
from ._groups import option_group

__all__ = [
    "NO_SOURCE",
    "SOURCE_OPTIONS",
    "AllowNetworkOpt",
    "DataArg",
    "EndpointOpt",
    "RawCsvOpt",
    "Source",
    "StoreOpt",
    "TableFormat",
    "UpdateEndpointOpt",
    "console",
    "err_console",
    "open_graph",
    "print_json",
    "print_records",
    "progress",
    "source_options",
]


class TableFormat(enum.StrEnum):
    """Output formats of the commands that print records (query, the analyses)."""

    table = "table"
    csv = "csv"
    json = "json"


console = Console()
err_console = Console(stderr=True)

DataArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help="RDF files to load (Turtle, N-Triples, RDF/XML, JSON-LD, TriG...). "
        "Omit when --store or --endpoint is given.",
        show_default=False,
    ),
]
StoreOpt = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Use the persistent govgraph store in this directory (it must exist: "
        "`govgraph load FILES --store DIR` creates one).",
        show_default=False,
    ),
]
EndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--endpoint", help="Use a SPARQL 1.1 query endpoint (e.g. Virtuoso).", show_default=False
    ),
]
UpdateEndpointOpt = Annotated[
    str | None,
    typer.Option(
        "--update-endpoint",
        help="SPARQL 1.1 update endpoint (default: same as --endpoint).",
        show_default=False,
    ),
]
GraphOpt = Annotated[
    str | None,
    typer.Option(
        "--graph", help="Named graph on the endpoint holding the data.", show_default=False
    ),
]
RawCsvOpt = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        help="Write CSV cells starting with = + - @ as they are (by default they get a leading "
        "' so that a spreadsheet shows them instead of running them as formulas).",
    ),
]
AllowNetworkOpt = Annotated[
    bool,
    typer.Option(
        "--allow-network",
        help="Allow SPARQL SERVICE/LOAD and other network access (off by default).",
    ),
]


@dataclass(frozen=True)
class Source:
    """Where a command's data is when it is not in DATA files: a --store or an --endpoint."""

    store: Path | None = None
    endpoint: str | None = None
    update_endpoint: str | None = None
    graph: str | None = None

    def open(self, data: Sequence[Path] | None, *, allow_network: bool = False) -> GovGraph:
        """The GovGraph of DATA files, or of this store or endpoint (see :func:`open_graph`)."""
        return open_graph(data, **dataclasses.asdict(self), allow_network=allow_network)


#: The options of :class:`Source`, in the order every command lists them.
SOURCE_OPTIONS = {
    "store": StoreOpt,
    "endpoint": EndpointOpt,
    "update_endpoint": UpdateEndpointOpt,
    "graph": GraphOpt,
}
#: Give a command --store, --endpoint, --update-endpoint and --graph in place of its
#: ``source: Source`` parameter.
source_options = option_group("source", SOURCE_OPTIONS, Source)
#: The default of a command's ``source`` parameter (source_options always replaces it).
NO_SOURCE = Source()


def open_graph(
    data: Sequence[Path] | None,
    *,
    store: Path | None = None,
    endpoint: str | None = None,
    update_endpoint: str | None = None,
    graph: str | None = None,
    allow_network: bool = False,
) -> GovGraph:
    """Build the GovGraph a command works on: from DATA files, a --store or an --endpoint.

    Raises:
        ConfigurationError: When none or several of the sources are given.
    """
    files = list(data or [])
    chosen = sum(1 for x in (bool(files), store is not None, endpoint is not None) if x)
    if chosen == 0:
        raise ConfigurationError(
            "no data: give RDF files (DATA...), or --store DIR, or --endpoint URL"
        )
    if store is not None and endpoint is not None:
        raise ConfigurationError("give either --store or --endpoint, not both")
    if endpoint is not None:
        connect = GovGraph.connect
        from ..store import auth_from_env

        kg: GovGraph = connect(
            endpoint,
            update_endpoint=update_endpoint,
            graph=graph,
            auth=auth_from_env(),
            allow_network=allow_network,
        )
    elif store is not None:
        from ..store import OxigraphStore

        # an existing store only: a mistyped path must not become a new, empty store
        try:
            opened = OxigraphStore(store, create=False)
        except StoreError as exc:
            if store.exists() and any(store.iterdir()):
                raise
            raise StoreError(f"{exc}; `govgraph load FILES --store {store}` creates one") from exc
        kg = GovGraph(store=opened, allow_network=allow_network)
    else:
        kg = GovGraph(allow_network=allow_network)
    if files:
        with progress(f"Loading {len(files)} file(s)"):
            kg.load(*files)
    return kg


@contextmanager
def progress(description: str, *, total: float | None = None) -> Iterator[Any]:
    """Show a progress bar (or spinner) on a terminal; nothing when piped or with --quiet.

    Yields:
        A callable ``advance(n=1)`` to move the bar.
    """
    from ._app import state

    if state.quiet or not err_console.is_terminal:
        yield lambda n=1: None
        return
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n=1: bar.advance(task, n)


def print_json(payload: Any) -> None:
    """Write JSON to stdout (UTF-8, indented)."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def print_records(
    records: Sequence[Mapping[str, Any]],
    *,
    format: str,
    columns: Sequence[str] | None = None,
    title: str | None = None,
    raw_csv: bool = False,
) -> None:
    """Print a list of records as a rich table, CSV or JSON.

    Args:
        records: Rows (mappings); JSON keeps them as they are.
        format: ``table``, ``csv`` or ``json``.
        columns: Columns for table and CSV (default: keys of the first record).
        title: Table title.
        raw_csv: Write CSV cells that a spreadsheet would run as formulas unchanged.
    """
    if format == "json":
        print_json(list(records))
        return
    cols = list(columns or (records[0].keys() if records else []))
    if format == "csv":
        write_records(
            records, sys.stdout, format="csv", columns=cols, float_digits=3, safe=not raw_csv
        )
        return
    if format != "table":
        raise ConfigurationError(f"unknown --format {format!r}; use table, csv or json")
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for record in records:
        table.add_row(*[_cell(record.get(c)) for c in cols])
    console.print(table)
    if not records:
        console.print("(no results)")
