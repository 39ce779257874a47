"""Change over time: ``govgraph diff OLD NEW`` and ``govgraph adoption DATA``."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated, Any

import typer

from ..analysis import Filters
from ._app import app
from ._common import (
    NO_SOURCE,
    DataArg,
    Source,
    console,
    err_console,
    open_graph,
    print_json,
    print_records,
    progress,
    source_options,
)
from ._filters import filter_options
from ._output import output_option, to_output, write_workbook

__all__: list[str] = []

#: Rows shown per table with ``--format table``.
SHOWN = 20


class ChangeFormat(enum.StrEnum):
    """Output formats of ``govgraph diff`` and ``govgraph adoption``."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class DiffTable(enum.StrEnum):
    """The table ``--format csv`` writes."""

    cases = "cases"
    transitions = "transitions"
    aggregates = "aggregates"
    first_adoptions = "first-adoptions"
    ambiguous = "ambiguous"
    summary = "summary"


def _print_tables(result: Any) -> None:
    old, new = result.old, result.new
    name_old = (old.date or "older")[:4] if old else "older"
    name_new = (new.date or "newer")[:4] if new else "newer"
    if name_old == name_new:
        name_old, name_new = "older", "newer"
    print_records(
        [{"figure": k.replace("_", " "), "count": v} for k, v in result.summary.items()],
        format="table",
        title=f"Cases: {name_old} release -> {name_new} release ('gone': no longer listed)",
    )
    moved = [t for t in result.transitions if t["from"] != t["to"]]
    print_records(
        sorted(moved, key=lambda t: -int(t["count"])),
        format="table",
        columns=["from", "to", "count"],
        title="Status transitions of the cases found in both releases",
    )
    countries = [a for a in result.aggregates if a["dimension"] == "country"][:SHOWN]
    print_records(
        [
            {
                "country": a["label"],
                name_old: a["old_cases"],
                name_new: a["new_cases"],
                "in both": a["matched"],
                "new": a["new"],
                "no longer listed": a["gone"],
                "to production": a["scaled_to_production"],
                "abandoned": a["abandoned"],
            }
            for a in countries
        ],
        format="table",
        title=f"Cases per country (the {len(countries)} with most cases in {name_new})",
    )
    firsts = result.first_adoptions[:SHOWN]
    if firsts:
        print_records(
            [
                {
                    "country": f["country_label"],
                    "technology": f["technology_label"],
                    "cases": f["cases"],
                    "earliest start": f["first_start_year"],
                    "started after the older release": {True: "yes", False: "no"}.get(
                        f["started_after_old_release"], "?"
                    ),
                }
                for f in firsts
            ],
            format="table",
            title="Country and technology pairs first recorded in the newer release",
        )
    if result.ambiguous:
        err_console.print(
            f"{len(result.ambiguous)} group(s) of cases could not be told apart and were not "
            "matched; see --format json (ambiguous)."
        )
    console.print("Full lists: --format json, or --format csv --table cases|transitions|...")


def _describe(release: Any, path: Path) -> str:
    if release is None:
        return str(path)
    return f"{release.title or release.dataset} ({release.date or 'undated'}; {release.cases} cases; {path})"


@app.command("diff")
@output_option
def diff_cmd(
    old: Annotated[Path, typer.Argument(help="RDF file of the older release.")],
    new: Annotated[Path, typer.Argument(help="RDF file of the newer release.")],
    format: Annotated[
        ChangeFormat, typer.Option("--format", "-f", help="table, csv or json.")
    ] = ChangeFormat.table,
    table: Annotated[
        DiffTable, typer.Option("--table", help="The table --format csv writes.")
    ] = DiffTable.cases,
    links: Annotated[
        Path | None,
        typer.Option(
            "--links",
            help="Also write the matches as RDF (Turtle: newer prov:wasRevisionOf older, with "
            "the evidence).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    old_dataset: Annotated[
        str | None,
        typer.Option(
            "--old-dataset",
            help="Dataset IRI of the older release when OLD holds several.",
            show_default=False,
        ),
    ] = None,
    new_dataset: Annotated[
        str | None,
        typer.Option(
            "--new-dataset",
            help="Dataset IRI of the newer release when NEW holds several.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Compare two releases of a case collection: new, gone and changed cases.

    Cases are matched by identifier, by a web page only they use and by normalised name (never
    across countries); ambiguous ones are reported, not guessed. Status transitions, counts per
    country, technology, COFOG area and level, and first adoptions of a technology by a country.
    """
    from ..analysis import diff

    kg_old = open_graph([old])
    kg_new = kg_old if new.resolve() == old.resolve() else open_graph([new])
    with progress("Comparing releases"):
        result = diff(kg_old.store, kg_new.store, old_dataset=old_dataset, new_dataset=new_dataset)
    if links is not None:
        from ..io import write_atomic

        matches = result.to_rdf()
        write_atomic(links, matches.serialize(format="turtle"))
        err_console.print(f"Wrote {len(matches)} triples of matches to {links}")
    if format is ChangeFormat.xlsx:
        write_workbook(
            result.tables(),
            readme={
                "what": "what changed between two releases of a case collection",
                "older release": _describe(result.old, old),
                "newer release": _describe(result.new, new),
                "definitions": "govgraph documentation, Change over time (docs/change.md)",
            },
        )
    elif format is ChangeFormat.table:
        _print_tables(result)
    else:
        with to_output():
            if format is ChangeFormat.json:
                print_json(result.to_dict())
            else:
                print_records(result.tables()[table.value.replace("-", "_")], format="csv")


class AdoptionTable(enum.StrEnum):
    """The table ``--format csv`` writes."""

    adoption = "adoption"
    started_per_technology = "started-per-technology"
    started_per_country = "started-per-country"


@app.command("adoption")
@filter_options
@output_option
@source_options
def adoption_cmd(
    data: DataArg = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Dimensions, comma-separated: country, technology, policy-area (COFOG "
            "division), year (start year), status, level.",
        ),
    ] = "country,technology",
    format: Annotated[
        ChangeFormat, typer.Option("--format", "-f", help="table, csv, json or xlsx.")
    ] = ChangeFormat.table,
    table: Annotated[
        AdoptionTable, typer.Option("--table", help="The table --format csv writes.")
    ] = AdoptionTable.adoption,
    top: Annotated[
        int | None,
        typer.Option(
            "--top", min=1, help="Rows shown with --format table (default 30).", show_default=False
        ),
    ] = None,
    dataset: Annotated[
        str | None,
        typer.Option(
            "--dataset",
            help="Dataset IRI of the release to count when DATA holds several.",
            show_default=False,
        ),
    ] = None,
    source: Source = NO_SOURCE,
    filters: Filters | None = None,
) -> None:
    """Count cases by country, technology, policy area, start year, status or level.

    Each row gives the cases, their share of the cases with the same first-dimension value (of
    a country's cases, those using a technology) and their share of all cases. Also the
    start-year series: cases started per year per technology and per country.
    """
    from ..analysis import adoption

    kg = source.open(data)
    with progress("Counting cases"):
        result = adoption(kg.store, by=by, filters=filters, dataset=dataset)
    tables = result.tables()
    if format is ChangeFormat.xlsx:
        write_workbook(
            tables,
            readme={
                "what": "cases counted by " + ", ".join(result.by),
                "release": _describe(result.release, Path(", ".join(map(str, data or []))))
                if result.release
                else "(the cases name no release)",
                "cases counted": result.total,
                "share": "cases / cases with the same value of the first dimension",
                "share_of_all": "cases / all cases counted",
                "definitions": "govgraph documentation, Change over time (docs/change.md)",
            },
        )
    elif format is ChangeFormat.table:
        limit = top or 30
        rows = tables["adoption"]
        shown = [
            {
                **{d.replace("_", " "): r[f"{d}_label"] for d in result.by},
                "cases": r["cases"],
                "share": f"{r['share']:.0%}",
            }
            for r in rows[:limit]
        ]
        what = " and ".join(d.replace("_", " ") for d in result.by)
        note = f"; {filters.describe()}" if filters else ""
        print_records(shown, format="table", title=f"Cases by {what} ({result.total} cases{note})")
        if len(rows) > limit:
            err_console.print(f"Showing {limit} of {len(rows)} rows; use --top N or --format csv.")
    else:
        with to_output():
            if format is ChangeFormat.json:
                print_json(result.to_dict())
            else:
                print_records(tables[table.value.replace("-", "_")], format="csv")
