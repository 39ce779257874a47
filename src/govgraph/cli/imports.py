"""``govgraph import pstw|ips|aiwatch|esco|cofog|csv``: turn datasets and spreadsheets into govgraph RDF."""

from __future__ import annotations

import enum
import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from .._exceptions import DataImportError
from ..io import (
    ImportProblem,
    ImportResult,
    TableLimits,
    check_writable,
    group_problems,
    rdf_format_of,
    write_atomic,
)
from ._app import app
from ._common import console, err_console, progress

__all__ = ["import_app"]

import_app = typer.Typer(
    name="import",
    help="Import real data (PSTW and its 2020/2022 releases, ESCO, COFOG) or spreadsheets into govgraph RDF.",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")

#: Rows of the unmapped-values table shown on the terminal (the JSON report has all).
SHOWN_PROBLEMS = 25


class Kind(enum.StrEnum):
    """Spreadsheet kinds of ``govgraph import csv``."""

    organisations = "organisations"
    policies = "policies"
    initiatives = "initiatives"
    competencies = "competencies"


OutOpt = Annotated[
    Path,
    typer.Option(
        "--output", "-o", help="Output RDF file (.ttl, .nt, .rdf, .jsonld).", dir_okay=False
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overwrite OUT (and --report) if they exist.")
]
ReportOpt = Annotated[
    Path | None,
    typer.Option(
        "--report", help="Also write counts and problems as JSON to this file.", show_default=False
    ),
]
MaxRowsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-rows",
        min=1,
        help="Refuse a spreadsheet with more rows than this (default 200,000; see docs/import.md).",
        show_default=False,
    ),
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Fail (exit 2) on any unmapped value or conflict.")
]
ExplainMergesOpt = Annotated[
    bool,
    typer.Option(
        "--explain-merges",
        help="List every organisation name merged into another, with rows and similarity.",
    ),
]


def _limits(max_rows: int | None) -> TableLimits | None:
    return TableLimits(max_rows=max_rows) if max_rows is not None else None


def print_import_summary(result: ImportResult, *, to_stderr: bool = False) -> None:
    """Print an import's counts and its unmapped values / rejected rows as rich tables."""
    target = err_console if to_stderr else console
    counts = Table(title=f"{result.kind} import: {result.source}", show_header=True)
    counts.add_column("figure")
    counts.add_column("count", justify="right")
    for name, value in result.counts.items():
        counts.add_row(name.replace("_", " "), f"{value:,}")
    counts.add_row("triples", f"{len(result.graph):,}")
    target.print(counts)
    _print_problems(result.problems, to_stderr=to_stderr)


#: Below this many columns the problems table has two columns (where, what), so the reason
#: keeps room to be read on an 80-column terminal or in a log.
WIDE_PROBLEMS = 110


def _print_problems(problems: Sequence[ImportProblem], *, to_stderr: bool) -> None:
    if not problems:
        return
    target = err_console if to_stderr else console
    rows = group_problems(problems)
    target.print(problems_table(problems, width=target.width))
    if len(rows) > SHOWN_PROBLEMS:
        target.print(
            f"... {len(rows) - SHOWN_PROBLEMS} more kinds of problem (see --report FILE.json)"
        )


def problems_table(problems: Sequence[ImportProblem], *, width: int) -> Table:
    """The first ``SHOWN_PROBLEMS`` kinds of import problem as a table for a ``width`` console.

    Below ``WIDE_PROBLEMS`` columns it has two columns (where: column and rows; what: value and
    reason), so that the reason stays readable; cells are shown as written (no rich markup).
    """
    rows = group_problems(problems)
    table = Table(title=f"Unmapped values and rejected rows ({len(problems)})")
    wide = width >= WIDE_PROBLEMS
    table.add_column("", no_wrap=True)
    if wide:
        table.add_column("column", max_width=22, overflow="ellipsis", no_wrap=True)
        table.add_column("value", max_width=28, overflow="ellipsis", no_wrap=True)
        table.add_column("n", justify="right")
        table.add_column("rows", max_width=18, overflow="ellipsis", no_wrap=True)
    else:
        table.add_column("where", max_width=24, overflow="fold")
    table.add_column("reason", overflow="fold", ratio=1)
    for r in rows[:SHOWN_PROBLEMS]:
        mark = "[red]error[/red]" if r["severity"] == "error" else "[yellow]warn[/yellow]"
        if wide:
            cells = (escape(str(r[c])) for c in ("column", "value", "count", "rows", "reason"))
            table.add_row(mark, *cells)
        else:
            table.add_row(mark, escape(_where(r)), escape(_what(r)))
    return table


def _where(group: dict[str, Any]) -> str:
    """Column and rows of a problem group, for the narrow table (``Country, rows 3, 4``)."""
    column = str(group["column"])
    where = column if len(column) <= 22 else column[:21] + "\u2026"
    if group["rows"]:
        noun = "row" if group["count"] == 1 else "rows"
        where += f", {noun} {group['rows']}"
    return where


def _what(group: dict[str, Any]) -> str:
    """The reason of a problem group, after its value when the reason does not quote it."""
    value, reason = str(group["value"]), str(group["reason"])
    if not value or value in reason:
        return reason
    shown = value if len(value) <= 40 else value[:39] + "\u2026"
    return f"{shown!r}: {reason}"


def _run(
    label: str,
    work: Callable[[], ImportResult],
    *,
    output: Path,
    force: bool,
    report: Path | None,
    explain_merges: bool = False,
) -> None:
    fmt = rdf_format_of(output)
    check_writable(output, force=force)
    if report is not None:
        check_writable(report, force=force)
    try:
        with progress(f"Importing {label}"):
            result = work()
    except DataImportError as exc:
        if exc.problems:
            _print_problems(
                [p for p in exc.problems if isinstance(p, ImportProblem)], to_stderr=True
            )
        raise
    with progress(f"Writing {output.name}"):
        result.serialize(output, format=fmt)
    if report is not None:
        write_atomic(report, json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
    print_import_summary(result)
    if explain_merges:
        _print_merges(result)
    console.print(f"Wrote {len(result.graph):,} triples to {output}")


@import_app.command("pstw")
def import_pstw_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="PSTW export (.xlsx or .csv); default: the copy shipped with govgraph.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = Path("pstw.ttl"),
    strict: StrictOpt = False,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Worksheet to read.", show_default=False)
    ] = None,
    report: ReportOpt = None,
    force: ForceOpt = False,
    max_rows: MaxRowsOpt = None,
    explain_merges: ExplainMergesOpt = False,
    aliases: Annotated[
        Path | None,
        typer.Option(
            "--aliases",
            help="CSV overriding the merges: name,same_as[,country] (empty same_as: keep apart).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
    categories: Annotated[
        Path | None,
        typer.Option(
            "--categories",
            help="CSV giving organisations their own category: name,category[,country,why] "
            "(on top of the shipped one).",
            show_default=False,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Import the JRC Public Sector Tech Watch cases (one gg:Initiative per case).

    Name variants of one organisation (within one country and level) become one node; EU bodies
    are linked to the EU corporate-body table. --explain-merges lists each merge.
    """
    from ..io import import_pstw

    _run(
        "PSTW",
        lambda: import_pstw(
            file,
            strict=strict,
            sheet=sheet,
            limits=_limits(max_rows),
            aliases=aliases,
            categories=categories,
        ),
        output=output,
        force=force,
        report=report,
        explain_merges=explain_merges,
    )


def _print_merges(result: ImportResult) -> None:
    table = Table(title=f"Merged organisation names ({len(result.merges)})")
    for column in ("country", "kept as", "merged name", "similarity", "rule", "rows"):
        table.add_column(
            column, overflow="fold", justify="right" if column == "similarity" else "left"
        )
    for m in result.merges:
        rows = ", ".join(map(str, m.rows[:6])) + (" ..." if len(m.rows) > 6 else "")
        table.add_row(m.country or "EU/intl", m.label, m.name, f"{m.similarity:.0f}", m.rule, rows)
    console.print(table)


@import_app.command("desi")
def import_desi_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The DESI 2022 workbook (.xlsx); default: the copy shipped with govgraph.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = Path("desi.ttl"),
    strict: StrictOpt = False,
    report: ReportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import the Digital Economy and Society Index 2022 as W3C Data Cube observations."""
    from ..io import import_desi

    _run(
        "DESI", lambda: import_desi(file, strict=strict), output=output, force=force, report=report
    )


@import_app.command("esco")
def import_esco_cmd(
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of the ESCO CSV export (EN); default: the subset shipped with govgraph.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = Path("esco.ttl"),
    collection: Annotated[
        list[str] | None,
        typer.Option(
            "--collection",
            help="digital, digcomp or transversal (repeatable; default: all).",
            show_default=False,
        ),
    ] = None,
    strict: StrictOpt = False,
    report: ReportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import ESCO skills (gg:Skill) with their hierarchy and the skill collections."""
    from ..io import import_esco

    chosen = tuple(collection) if collection else ("digital", "digcomp", "transversal")
    _run(
        "ESCO",
        lambda: import_esco(directory, collections=chosen, strict=strict),
        output=output,
        force=force,
        report=report,
    )


@import_app.command("cofog")
def import_cofog_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="COFOG SKOS Turtle; default: the copy shipped with govgraph.", show_default=False
        ),
    ] = None,
    output: OutOpt = Path("cofog.ttl"),
    max_level: Annotated[
        int, typer.Option("--max-level", min=1, max=3, help="1 divisions, 2 groups, 3 classes.")
    ] = 3,
    report: ReportOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import COFOG (functions of government) as a clean SKOS scheme."""
    from ..io import import_cofog

    _run(
        "COFOG",
        lambda: import_cofog(file, max_level=max_level),
        output=output,
        force=force,
        report=report,
    )


@import_app.command("csv")
def import_csv_cmd(
    file: Annotated[
        Path,
        typer.Argument(help="Spreadsheet (.csv, .tsv or .xlsx) following templates/<kind>.csv."),
    ],
    kind: Annotated[Kind, typer.Option("--kind", help="What the rows describe.")],
    output: OutOpt = Path("import.ttl"),
    allow_partial: Annotated[
        bool,
        typer.Option("--allow-partial", help="Write the good rows even when some rows are bad."),
    ] = False,
    strict: StrictOpt = False,
    base: Annotated[
        str, typer.Option("--base", help="Namespace of the IRIs minted from ids.")
    ] = "https://w3id.org/govgraph/id/",
    lang: Annotated[
        str, typer.Option("--lang", help="Language tag of names and descriptions.")
    ] = "en",
    note: Annotated[
        str | None,
        typer.Option("--note", help="skos:note added to every imported thing.", show_default=False),
    ] = None,
    sheet: Annotated[
        str | None, typer.Option("--sheet", help="Worksheet of an xlsx file.", show_default=False)
    ] = None,
    report: ReportOpt = None,
    force: ForceOpt = False,
    max_rows: MaxRowsOpt = None,
) -> None:
    """Import organisations, policies, initiatives or competencies from a spreadsheet.

    Bad rows are listed with row number, column and reason; nothing is written when any row is
    bad unless --allow-partial is given (exit code 2). --strict also refuses warnings (an
    unknown column), as for the dataset imports.
    """
    from ..io import import_spreadsheet

    _run(
        f"{kind.value} spreadsheet",
        lambda: import_spreadsheet(
            file,
            kind=kind.value,
            base=base,
            lang=lang,
            allow_partial=allow_partial,
            strict=strict,
            sheet=sheet,
            note=note,
            limits=_limits(max_rows),
        ),
        output=output,
        force=force,
        report=report,
    )


def _run_release(
    label: str,
    importer: Callable[..., ImportResult],
    file: Path | None,
    output: Path,
    strict: bool,
    issued: str | None,
    report: Path | None,
    force: bool,
    explain_merges: bool,
) -> None:
    """Import a case release that maps to PSTW (IPS, AI Watch) and write it."""
    work = functools.partial(importer, file, strict=strict, issued=issued)
    _run(label, work, output=output, force=force, report=report, explain_merges=explain_merges)


ReleaseDateOpt = Annotated[
    str | None,
    typer.Option(
        "--issued",
        help="Publication date of the release (YYYY or YYYY-MM-DD) for dct:issued.",
        show_default=False,
    ),
]


@import_app.command("ips")
def import_ips_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="cases.csv of the IPS explorer; default: the copy shipped with govgraph.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = Path("ips.ttl"),
    strict: StrictOpt = False,
    issued: ReleaseDateOpt = None,
    report: ReportOpt = None,
    force: ForceOpt = False,
    explain_merges: ExplainMergesOpt = False,
) -> None:
    """Import the 2022 Innovative Public Services cases with the PSTW mapping (own dataset).

    Organisation names are resolved as for PSTW (same aliases table); --explain-merges lists each
    merge, with the rows of cases.csv.
    """
    from ..io import import_ips

    _run_release(
        "IPS 2022", import_ips, file, output, strict, issued, report, force, explain_merges
    )


@import_app.command("aiwatch")
def import_aiwatch_cmd(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="services.json of the AI Watch T6 explorer; default: the copy shipped with "
            "govgraph.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = Path("aiwatch.ttl"),
    strict: StrictOpt = False,
    issued: ReleaseDateOpt = None,
    report: ReportOpt = None,
    force: ForceOpt = False,
    explain_merges: ExplainMergesOpt = False,
) -> None:
    """Import the AI Watch 2020 cases with the PSTW mapping (own dataset).

    Organisation names are resolved as for PSTW (same aliases table); --explain-merges lists each
    merge, with the record numbers of services.json.
    """
    from ..io import import_aiwatch

    _run_release(
        "AI Watch 2020", import_aiwatch, file, output, strict, issued, report, force, explain_merges
    )
