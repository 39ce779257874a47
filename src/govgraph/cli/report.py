"""``govgraph report``: one self-contained HTML page with the analyses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..analysis import Filters
from ._app import app
from ._common import DataArg, EndpointOpt, GraphOpt, StoreOpt, console, open_graph, progress
from ._filters import filter_options
from .analysis import By


@app.command()
@filter_options
def report(
    data: DataArg = None,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")] = Path(
        "report.html"
    ),
    title: Annotated[
        str, typer.Option("--title", help="Page title.")
    ] = "Governance knowledge graph report",
    by: Annotated[
        By, typer.Option("--by", help="Synergy dimension of the network and tables.")
    ] = By.all,
    top: Annotated[int, typer.Option("--top", help="Rows per table.")] = 25,
    per_actor_limit: Annotated[
        int,
        typer.Option(
            "--per-actor-limit",
            min=0,
            help="Each actor in at most N rows of the synergy and learning tables (0: no limit).",
        ),
    ] = 1,
    no_validate: Annotated[
        bool, typer.Option("--no-validate", help="Leave out the SHACL validation findings.")
    ] = False,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    graph: GraphOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite OUTPUT if it exists.")] = False,
    compare: Annotated[
        Path | None,
        typer.Option(
            "--compare",
            help="RDF file of an older release: the adoption section shows how its cases moved "
            "(pilot to production ...).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    filters: Filters | None = None,
) -> None:
    """Write a self-contained HTML report that opens offline and prints well.

    It shows a summary, the data quality, adoption by country and technology (with the status
    flow from an older release given by --compare), the synergy network, the skills-gap heat map,
    the governance gaps and the mutual-learning pairs. The filters narrow the synergy, skill-gap,
    partner and learning sections (--country DEU: the pairs with a German actor), and the
    governance gaps by owner, policy area and start year (--country DEU: the policies with a
    German owner).
    """
    from .._exceptions import ExportError
    from ..report import ReportOptions, write_report

    if output.exists() and not force:
        raise ExportError(f"{output} exists; nothing was written. Use --force to overwrite it.")
    kg = open_graph(data, store=store, endpoint=endpoint, graph=graph)
    options = ReportOptions(
        title=title,
        by=by.value.replace("-", "_"),
        top=top,
        per_actor_limit=per_actor_limit or None,
        validate=not no_validate,
        filters=filters or None,
    )
    previous = open_graph([compare]) if compare is not None else None
    with progress("Writing the report"):
        path = write_report(
            kg.store, output, options, previous=previous.store if previous is not None else None
        )
    console.print(f"Report written to {path.resolve()}", highlight=False, soft_wrap=True)
