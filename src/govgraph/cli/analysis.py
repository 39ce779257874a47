"""The ``synergies`` command, and what the ranked commands share (options, tables, output)."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any

import typer

from .._exceptions import ConfigurationError
from ..analysis import SYNERGY_COLUMNS, SYNERGY_DEFAULTS, Facts, Filters
from ..io import write_records
from ._app import app
from ._common import (
    NO_SOURCE,
    DataArg,
    RawCsvOpt,
    Source,
    err_console,
    print_records,
    progress,
    source_options,
)
from ._filters import filter_options
from ._output import output_option, output_path, to_output, write_workbook
from ._ties import TIE_LOOKAHEAD, cut_ties, say_limited

#: Rows shown by ``--format table`` when ``--top`` is not given (csv and json show everything).
TABLE_LIMIT = 50


class OutputFormat(enum.StrEnum):
    """Output formats of the analysis commands."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"
    jsonl = "jsonl"


class By(enum.StrEnum):
    """Synergy dimensions on the command line."""

    technology = "technology"
    policy_area = "policy-area"
    challenge = "challenge"
    all = "all"


class Method(enum.StrEnum):
    """Synergy scoring methods on the command line (``govgraph.analysis.METHODS``)."""

    rarity = "rarity"
    rarity_sum = "rarity-sum"
    resource_allocation = "resource-allocation"
    cosine = "cosine"
    jaccard = "jaccard"


FormatOpt = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="table (labels), csv, json, jsonl (JSON Lines; full IRIs and labels) or xlsx "
        "(with --output).",
    ),
]
ByOpt = Annotated[By, typer.Option("--by", help="Dimension the actors share.")]
TopOpt = Annotated[
    int | None,
    typer.Option("--top", min=0, help="Keep only the best N results.", show_default=False),
]
#: Results the ranked commands (synergies, gaps, learning) show unless told otherwise.
DEFAULT_TOP = 20
RankedTopOpt = Annotated[
    int, typer.Option("--top", min=0, help="Keep only the best N results (see --all).")
]
AllOpt = Annotated[
    bool,
    typer.Option(
        "--all", help="Every result instead of the best --top, streamed (csv, jsonl or json)."
    ),
]
#: Pairs per actor in the ranked pair lists (synergies, learning) unless told otherwise.
DEFAULT_PER_ACTOR_LIMIT = 1
PerActorLimitOpt = Annotated[
    int,
    typer.Option(
        "--per-actor-limit",
        min=0,
        help="Each actor in at most N of the pairs listed (0: no limit; --actor is not "
        "limited). See docs/analysis.md.",
    ),
]


def per_actor_limit_of(value: int) -> int | None:
    """The Python ``per_actor_limit`` of ``--per-actor-limit`` (0: no limit)."""
    return value or None


MinScoreOpt = Annotated[
    float,
    typer.Option(
        "--min-score", min=0.0, help="Minimum score (jaccard: 0 to 1; see docs/analysis.md)."
    ),
]


def _label(record: Mapping[str, Any], key: str) -> str:
    label = record.get(key + "_label")
    return str(label) if label else str(record.get(key) or "")


def _labels(record: Mapping[str, Any], key: str, labels_key: str) -> list[str]:
    iris = record.get(key) or []
    labels = record.get(labels_key) or []
    return [str(lab) if lab else str(iri) for iri, lab in zip(iris, labels, strict=False)]


def _specific(
    record: Mapping[str, Any],
    key: str,
    labels_key: str,
    broader: Mapping[str, frozenset[str]],
) -> list[str]:
    """:func:`_labels` of the items no narrower item listed implies (``most_specific``)."""
    from ..analysis import most_specific

    iris = record.get(key) or []
    keep = set(most_specific(iris, broader))
    labels = record.get(labels_key) or []
    return [str(lab or iri) for iri, lab in zip(iris, labels, strict=False) if iri in keep]


def _write(
    records: Iterable[Mapping[str, Any]],
    *,
    format: OutputFormat,
    csv_columns: Sequence[str],
    raw_csv: bool,
) -> None:
    """Write records to --output or stdout: csv (scores to 3 digits), json, jsonl or xlsx.

    csv, json and jsonl are streamed; xlsx (needs --output) is written as one workbook.
    """
    if format is OutputFormat.xlsx:
        write_workbook({"results": list(records)}, columns={"results": csv_columns})
        return
    with to_output():
        if format is OutputFormat.csv:
            write_records(
                records,
                None,
                format="csv",
                columns=csv_columns,
                float_digits=3,
                safe=not raw_csv,
            )
        else:
            write_records(records, None, format=format.value)


def _emit(
    records: Sequence[Mapping[str, Any]],
    *,
    format: OutputFormat,
    csv_columns: Sequence[str],
    table_rows: Any,
    table_columns: Sequence[str],
    title: str,
    top: int | None,
    complete: bool = True,
    raw_csv: bool = False,
) -> None:
    """Print full records as csv/json, or a readable (label) table of at most TABLE_LIMIT rows.

    ``complete=False`` says ``records`` was cut by the library, so its length is no total.
    """
    if format is OutputFormat.xlsx:
        sheet = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_") or "results"
        write_workbook({sheet: records}, columns={sheet: csv_columns})
        return
    if format is not OutputFormat.table:
        _write(records, format=format, csv_columns=csv_columns, raw_csv=raw_csv)
        return
    if output_path() is not None:
        raise ConfigurationError("--output needs --format csv, json or xlsx")
    shown = records if top is not None else records[:TABLE_LIMIT]
    print_records(
        [table_rows(r) for r in shown], format="table", columns=table_columns, title=title
    )
    if len(shown) < len(records):
        total = f" of {len(records)}" if complete else ""
        err_console.print(
            f"Showing the first {len(shown)}{total}; use --top N, or --format csv or json for all."
        )


def _open(data: DataArg, source: Source) -> Facts:
    return Facts(source.open(data).store)


#: The CSV columns that name the two actors of a pair (synergies, mutual learning).
PAIR_CSV = list(SYNERGY_COLUMNS[:8])
SYNERGY_CSV = list(SYNERGY_COLUMNS)


#: The library's defaults (govgraph.analysis.SYNERGY_DEFAULTS) as command-line values.
_SYNERGY_BY = By(SYNERGY_DEFAULTS["by"])
_SYNERGY_METHOD = Method(SYNERGY_DEFAULTS["method"])


def _short_name(e: Mapping[str, Any]) -> str:
    """The case's name cut at 40 characters (``""`` when it has none)."""
    name: str = e.get("label") or ""
    return name if len(name) <= 40 else name[:39] + "…"


def _case(e: Mapping[str, Any]) -> str:
    """``PSTW-601 ChatBot Botty Bonn``: identifier and name (cut at 40 characters).

    The IRI only for a case with neither.
    """
    text = f"{e['identifier'] or ''} {_short_name(e)}".strip()
    return text or str(e["initiative"])


def case_id(e: Mapping[str, Any]) -> str:
    """A case in a few words: its identifier (``PSTW-601``), else its name, else its IRI."""
    return str(e["identifier"] or _short_name(e) or e["initiative"])


def _cases(r: Mapping[str, Any]) -> list[str]:
    """The first case on each side, and a warning when the two already work together."""
    out = [f"{side}: {_case(r[f'{side}_evidence'][0])}" for side in "ab" if r[f"{side}_evidence"]]
    if r.get("already_collaborating"):
        out.append(
            "one project, already working together: " + ", ".join(r["already_collaborating"])
        )
    return out


def _check_all(all_: bool, format: OutputFormat) -> None:
    if all_ and format is OutputFormat.table:
        raise typer.BadParameter("--all writes every result: use --format csv, jsonl or json")


@app.command()
@filter_options
@output_option
@source_options
def synergies(
    data: DataArg = None,
    by: ByOpt = _SYNERGY_BY,
    method: Annotated[
        Method, typer.Option("--method", help="How pairs are scored (see docs/analysis.md).")
    ] = _SYNERGY_METHOD,
    top: RankedTopOpt = DEFAULT_TOP,
    all_: AllOpt = False,
    per_actor: Annotated[
        int | None,
        typer.Option(
            "--per-actor", min=1, help="Only pairs among each actor's K best.", show_default=False
        ),
    ] = SYNERGY_DEFAULTS["per_actor"],
    per_actor_limit: PerActorLimitOpt = DEFAULT_PER_ACTOR_LIMIT,
    min_score: MinScoreOpt = SYNERGY_DEFAULTS["min_score"],
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """List the pairs of actors that most share what few others do, with the cases behind them.

    Pairs that already collaborate, or where one is a unit of the other, are left out. The
    default score (rarity) weighs each shared item and use case by how few actors hold it;
    --method jaccard gives the plain Jaccard index. Pairs of the same score and as much
    evidence are listed by IRI: when --top cuts inside such a group, a note on stderr says
    how many more tie and which --top shows them. See docs/analysis.md.
    """
    from ..analysis import iter_synergies
    from ..analysis import synergies as find

    _check_all(all_, format)
    facts = _open(data, source)
    if all_:
        stream = iter_synergies(
            facts, by=by.value, method=method.value, min_score=min_score, filters=filters
        )
        rows = (s.to_row() if format is OutputFormat.csv else s.to_dict() for s in stream)
        _write(rows, format=format, csv_columns=SYNERGY_CSV, raw_csv=raw_csv)
        return
    with progress("Finding synergies"):
        found = find(
            facts,
            by=by.value,
            method=method.value,
            min_score=min_score,
            top=None if top is None else top + TIE_LOOKAHEAD,
            per_actor=per_actor,
            per_actor_limit=per_actor_limit_of(per_actor_limit),
            filters=filters,
        )
    if top is not None:  # ranked by score, then evidence, then names
        found = cut_ties(
            found, top=top, alike=lambda s: f"score {round(s.score, 3)}, as much evidence"
        )
    if not (filters and filters.actor):  # the actor asked for is not limited
        say_limited(
            len(found),
            top=top,
            limit=per_actor_limit_of(per_actor_limit),
            count_without=lambda n: len(
                find(
                    facts,
                    by=by.value,
                    method=method.value,
                    min_score=min_score,
                    top=n,
                    per_actor=per_actor,
                    filters=filters,
                )
            ),
        )
    broader = facts.broader if format is OutputFormat.table else {}
    _emit(
        [s.to_row() if format is OutputFormat.csv else s.to_dict() for s in found],
        format=format,
        raw_csv=raw_csv,
        csv_columns=SYNERGY_CSV,
        table_rows=lambda r: {
            "actor a": _label(r, "a"),
            "actor b": _label(r, "b"),
            "score": r["score"],
            # a hierarchy counts once: not "artificial intelligence" beside "machine learning"
            "shared": _specific(r, "shared", "shared_labels", broader)[:6],
            "cases": _cases(r),
        },
        table_columns=["actor a", "actor b", "score", "shared", "cases"],
        title=f"Synergies by {by.value} ({method.value})"
        + (f": {filters.describe()}" if filters else ""),
        top=top,
    )
