"""Analysis commands: ``synergies``, ``gaps``, ``learning`` and ``clusters``."""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any

import typer

from .._exceptions import ConfigurationError
from ..analysis import Facts, Filters
from ._app import app
from ._common import (
    DataArg,
    EndpointOpt,
    GraphOpt,
    RawCsvOpt,
    StoreOpt,
    UpdateEndpointOpt,
    err_console,
    open_graph,
    print_records,
    progress,
)
from ._filters import filter_options
from ._output import output_option, output_path, to_output, write_workbook

#: Rows shown by ``--format table`` when ``--top`` is not given (csv and json show everything).
TABLE_LIMIT = 50


class OutputFormat(enum.StrEnum):
    """Output formats of the analysis commands."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class By(enum.StrEnum):
    """Synergy dimensions on the command line."""

    technology = "technology"
    policy_area = "policy-area"
    challenge = "challenge"
    all = "all"


class Method(enum.StrEnum):
    """Synergy scoring methods on the command line."""

    jaccard = "jaccard"


class GapKind(enum.StrEnum):
    """Gap kinds of ``govgraph gaps``."""

    skills = "skills"
    ownership = "ownership"
    implementation = "implementation"
    unclear_lead = "unclear-lead"
    all = "all"


FormatOpt = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        help="table (labels), csv or json (full IRIs and labels), xlsx (with --output).",
    ),
]
ByOpt = Annotated[By, typer.Option("--by", help="Dimension the actors share.")]
TopOpt = Annotated[
    int | None,
    typer.Option("--top", min=0, help="Keep only the best N results.", show_default=False),
]
MinScoreOpt = Annotated[
    float,
    typer.Option("--min-score", min=0.0, max=1.0, help="Minimum Jaccard score (0 to 1)."),
]


def _label(record: Mapping[str, Any], key: str) -> str:
    label = record.get(key + "_label")
    return str(label) if label else str(record.get(key) or "")


def _labels(record: Mapping[str, Any], key: str, labels_key: str) -> list[str]:
    iris = record.get(key) or []
    labels = record.get(labels_key) or []
    return [str(lab) if lab else str(iri) for iri, lab in zip(iris, labels, strict=False)]


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
        with to_output():
            print_records(records, format=format.value, columns=csv_columns, raw_csv=raw_csv)
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


def _open(
    data: DataArg,
    store: StoreOpt,
    endpoint: EndpointOpt,
    update_endpoint: UpdateEndpointOpt,
    graph: GraphOpt,
) -> Facts:
    kg = open_graph(
        data, store=store, endpoint=endpoint, update_endpoint=update_endpoint, graph=graph
    )
    return Facts(kg.store)


@app.command()
@filter_options
@output_option
def synergies(
    data: DataArg = None,
    by: ByOpt = By.technology,
    method: Annotated[
        Method, typer.Option("--method", help="How pairs are scored (see docs/analysis.md).")
    ] = Method.jaccard,
    top: TopOpt = None,
    min_score: MinScoreOpt = 0.0,
    format: FormatOpt = OutputFormat.table,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
    graph: GraphOpt = None,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """List pairs of actors that share technologies, policy areas or challenges.

    Pairs that already collaborate, or where one is a unit of the other, are left out. The score
    is the Jaccard index of the two actors' item sets.
    """
    from ..analysis import synergies as find

    facts = _open(data, store, endpoint, update_endpoint, graph)
    limit = top
    if limit is None and format is OutputFormat.table:
        limit = TABLE_LIMIT + 1  # a table shows the best TABLE_LIMIT; one more says "more exist"
    with progress("Finding synergies"):
        found = find(
            facts,
            by=by.value,
            method=method.value,
            min_score=min_score,
            top=limit,
            filters=filters,
        )
    _emit(
        [s.to_dict() for s in found],
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            "a",
            "b",
            "a_label",
            "b_label",
            "dimension",
            "score",
            "shared",
            "shared_labels",
        ],
        table_rows=lambda r: {
            "actor a": _label(r, "a"),
            "actor b": _label(r, "b"),
            "score": r["score"],
            "shared": _labels(r, "shared", "shared_labels"),
        },
        table_columns=["actor a", "actor b", "score", "shared"],
        title=f"Synergies by {by.value}",
        top=top,
        complete=limit is None or len(found) <= TABLE_LIMIT,
    )


@app.command()
@output_option
def gaps(
    data: DataArg = None,
    kind: Annotated[GapKind, typer.Option("--kind", help="Which gaps to list.")] = GapKind.all,
    format: FormatOpt = OutputFormat.table,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
    graph: GraphOpt = None,
    raw_csv: RawCsvOpt = False,
) -> None:
    """List skill gaps (largest first) and governance gaps of policies.

    ``--kind ownership`` lists policies without owner, ``implementation`` policies no initiative
    implements, ``unclear-lead`` policies with several owners and no clear lead; ``all`` lists
    everything.
    """
    from ..analysis import governance_gaps, skill_gaps

    facts = _open(data, store, endpoint, update_endpoint, graph)
    records: list[dict[str, Any]] = []
    with progress("Finding gaps"):
        if kind in (GapKind.skills, GapKind.all):
            records += [g.to_dict() for g in skill_gaps(facts)]
        if kind is not GapKind.skills:
            wanted = {kind.value} if kind is not GapKind.all else None
            records += [
                g.to_dict() for g in governance_gaps(facts) if wanted is None or g.kind in wanted
            ]

    def row(r: Mapping[str, Any]) -> dict[str, Any]:
        if r["kind"] == "skill":
            held = r["held_level"]
            return {
                "kind": "skill",
                "who / policy": _label(r, "administration"),
                "what": f"{_label(r, 'skill')}: needs level {r['required_level']}, "
                + ("not held" if held is None else f"holds {held}"),
                "because / owners": _labels(r, "because", "because_labels"),
            }
        return {
            "kind": r["kind"],
            "who / policy": _label(r, "policy"),
            "what": {
                "ownership": "no owner (gg:ownedBy)",
                "implementation": "no initiative implements it",
                "unclear-lead": "several owners, no clear lead",
            }.get(r["kind"], r["kind"]),
            "because / owners": _labels(r, "owners", "owner_labels"),
        }

    _emit(
        records,
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            "kind",
            "administration",
            "administration_label",
            "skill",
            "skill_label",
            "required_level",
            "held_level",
            "because",
            "policy",
            "policy_label",
            "owners",
        ],
        table_rows=row,
        table_columns=["kind", "who / policy", "what", "because / owners"],
        title="Gaps",
        top=None,
    )


@app.command()
@filter_options
@output_option
def learning(
    data: DataArg = None,
    format: FormatOpt = OutputFormat.table,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
    graph: GraphOpt = None,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """Pair EU-level actors with actors of other levels that work on the same things.

    ``ahead`` is the one whose initiatives on the shared challenges or technologies are further
    along (planned < in development < pilot < implemented), empty when equal or unknown.
    """
    from ..analysis import mutual_learning

    facts = _open(data, store, endpoint, update_endpoint, graph)
    with progress("Pairing for mutual learning"):
        found = mutual_learning(facts, filters=filters)
    _emit(
        [p.to_dict() for p in found],
        format=format,
        raw_csv=raw_csv,
        csv_columns=["a", "b", "a_label", "b_label", "on", "on_labels", "ahead", "ahead_label"],
        table_rows=lambda r: {
            "EU-level actor": _label(r, "a"),
            "other actor": _label(r, "b"),
            "on": _labels(r, "on", "on_labels"),
            "ahead": _label(r, "ahead") if r["ahead"] else "",
        },
        table_columns=["EU-level actor", "other actor", "on", "ahead"],
        title="Mutual learning",
        top=None,
    )


@app.command()
@output_option
def clusters(
    data: DataArg = None,
    by: ByOpt = By.technology,
    min_score: MinScoreOpt = 0.0,
    resolution: Annotated[
        float, typer.Option("--resolution", min=0.0, help="Louvain resolution (higher: smaller).")
    ] = 1.0,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same result).")] = 0,
    neighbours: Annotated[
        int,
        typer.Option(
            "--neighbours",
            min=0,
            help="Keep each actor's K strongest synergies (0: all; dense graphs get slow).",
        ),
    ] = 10,
    brokers: Annotated[
        bool,
        typer.Option(
            "--brokers", help="List brokers (betweenness centrality) instead of clusters."
        ),
    ] = False,
    top: TopOpt = None,
    format: FormatOpt = OutputFormat.table,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
    update_endpoint: UpdateEndpointOpt = None,
    graph: GraphOpt = None,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Find clusters of actors that should coordinate (Louvain on the synergy graph).

    With ``--brokers``, list the actors that link otherwise separate actors instead.
    """
    from ..analysis import brokers as find_brokers
    from ..analysis import clusters as find_clusters

    facts = _open(data, store, endpoint, update_endpoint, graph)
    if brokers:
        with progress("Computing betweenness"):
            found_brokers = find_brokers(
                facts,
                by=by.value,
                min_score=min_score,
                top=top,
                seed=seed,
                neighbours=neighbours or None,
            )
        _emit(
            [b.to_dict() for b in found_brokers],
            format=format,
            raw_csv=raw_csv,
            csv_columns=["actor", "actor_label", "betweenness", "degree", "exact", "dimension"],
            table_rows=lambda r: {
                "actor": _label(r, "actor"),
                "betweenness": r["betweenness"],
                "partners": r["degree"],
            },
            table_columns=["actor", "betweenness", "partners"],
            title=f"Brokers by {by.value}",
            top=top,
        )
        return
    with progress("Finding clusters"):
        found = find_clusters(
            facts,
            by=by.value,
            min_score=min_score,
            resolution=resolution,
            seed=seed,
            neighbours=neighbours or None,
        )
    if top is not None:
        found = found[:top]
    _emit(
        [c.to_dict() for c in found],
        format=format,
        raw_csv=raw_csv,
        csv_columns=["id", "size", "members", "member_labels", "items", "item_labels", "dimension"],
        table_rows=lambda r: {
            "cluster": r["id"],
            "size": r["size"],
            "shared most": _labels(r, "items", "item_labels"),
            "members": _labels(r, "members", "member_labels"),
        },
        table_columns=["cluster", "size", "shared most", "members"],
        title=f"Clusters by {by.value}",
        top=top,
    )
