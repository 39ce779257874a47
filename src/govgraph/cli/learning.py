"""``govgraph learning``, ``evaluate`` and the network commands (clusters, brokers)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import typer

from ..analysis import NETWORK_DEFAULTS, Filters, items_in_words
from ._app import app
from ._common import (
    NO_SOURCE,
    DataArg,
    RawCsvOpt,
    Source,
    err_console,
    progress,
    source_options,
)
from ._filters import filter_options
from ._output import output_option
from ._ties import TIE_LOOKAHEAD, cut_ties, say_limited
from .analysis import (
    DEFAULT_PER_ACTOR_LIMIT,
    DEFAULT_TOP,
    PAIR_CSV,
    AllOpt,
    By,
    ByOpt,
    FormatOpt,
    Method,
    MinScoreOpt,
    OutputFormat,
    PerActorLimitOpt,
    RankedTopOpt,
    TopOpt,
    _check_all,
    _emit,
    _label,
    _labels,
    _open,
    case_id,
    per_actor_limit_of,
)


@app.command()
@filter_options
@output_option
@source_options
def learning(
    data: DataArg = None,
    top: RankedTopOpt = DEFAULT_TOP,
    all_: AllOpt = False,
    desi_indicator: Annotated[
        list[str] | None,
        typer.Option(
            "--desi-indicator",
            help="DESI indicator code to compare the two countries on (repeatable; default "
            "1b1, 1a1, 4a3; 'none' for no comparison).",
            show_default=False,
        ),
    ] = None,
    per_actor_limit: PerActorLimitOpt = DEFAULT_PER_ACTOR_LIMIT,
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """Who should learn from whom, on what: EU level and other levels on the same things.

    For each shared technology, challenge and use case, says who is further along (planned <
    in development < pilot < implemented) and which cases show it. With --actor X: who X
    should learn from (any level). progress sums it up (a-ahead, b-ahead, mixed, equal, or
    no-status when no shared item has a status on both sides). With
    DESI loaded too (govgraph learning pstw.ttl desi.ttl), says which country is ahead on
    ICT specialists, basic digital skills and digital public services (values, DESI edition).
    As for synergies, a note on stderr says when --top cuts inside a group of tied pairs.
    """
    from ..analysis import CAPACITY_INDICATORS, mutual_learning, rank_key

    _check_all(all_, format)
    indicators = tuple(
        code for code in (desi_indicator or CAPACITY_INDICATORS) if code.lower() != "none"
    )
    facts = _open(data, source)
    with progress("Pairing for mutual learning"):
        found = mutual_learning(
            facts,
            top=None if all_ or top is None else top + TIE_LOOKAHEAD,
            per_actor_limit=None if all_ else per_actor_limit_of(per_actor_limit),
            desi_indicators=indicators,
            filters=filters,
        )
    if top is not None and not all_:  # ranked: something to learn first, then score, names
        # with --actor, each pair's a is the actor: "something to learn" is from the other
        learner = bool(filters and filters.actor)
        found = cut_ties(
            found, top=top, key=lambda p: rank_key(p, learner=p.a if learner else None)
        )
        if not learner:  # the actor asked for is not limited
            say_limited(
                len(found),
                top=top,
                limit=per_actor_limit_of(per_actor_limit),
                count_without=lambda n: len(
                    mutual_learning(facts, top=n, desi_indicators=(), filters=filters)
                ),
            )

    areas = {item for _, item, _ in facts.item_rows("policy_area")}
    pair_of = {(p.a, p.b): p for p in found}  # the results, for their items as objects

    def learn(r: Mapping[str, Any]) -> list[str]:
        """Per side: what it is ahead on and the cases that show it."""
        out = []
        for side in ("a", "b"):
            ahead = [x for x in r["items"] if x["ahead"] == r[side]]
            if not ahead:
                continue
            # what it is ahead on, most telling first: a policy area's technologies together
            leader = r[side]
            what = items_in_words(
                [x for x in pair_of[(r["a"], r["b"])].items if x.ahead == leader], areas
            )
            cases = list(
                dict.fromkeys(
                    f"{case_id(e)} ({e['status']})"
                    for x in ahead
                    for e in x[f"{side}_evidence"][:1]
                )
            )
            out.append(f"{side} ahead on {'; '.join(what)}: {', '.join(cases[:3])}")
        return out or [f"nobody ahead ({r['progress']})"]

    def desi(r: Mapping[str, Any]) -> list[str]:
        """Which country is ahead on the DESI indicators (when DESI is loaded), in one line.

        The table names the indicators only; csv and json give the values (``desi``).
        """
        standings = r.get("desi") or ()
        if not standings:
            return []
        ahead: dict[str, list[str]] = {}
        for x in standings:
            who = x["ahead"]
            key = "level" if who is None else ("EU" if who == "EUR" else who)
            ahead.setdefault(key, []).append(str(x["indicator_label"] or x["notation"]))
        editions = sorted({x["edition"] for x in standings})
        parts = [
            f"{'level on' if who == 'level' else who + ' ahead on'} {', '.join(names)}"
            for who, names in ahead.items()
        ]
        return [f"DESI {'/'.join(map(str, editions))}: {'; '.join(parts)}"]

    def flat(r: dict[str, Any]) -> dict[str, Any]:
        if format in (OutputFormat.csv, OutputFormat.xlsx):
            r = dict(r)
            r["learn"] = learn(r)
            r["desi"] = [x["because"] for x in r.get("desi", ())]
        return r

    _emit(
        [flat(p.to_dict()) for p in found],
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            *PAIR_CSV,
            "on",
            "on_labels",
            "ahead",
            "ahead_label",
            "progress",
            "score",
            "learn",
            "desi",
        ],
        table_rows=lambda r: {
            "a": _label(r, "a"),
            "b": _label(r, "b"),
            "score": r["score"],
            "ahead, on what (cases)": learn(r) + desi(r),
        },
        table_columns=["a", "b", "score", "ahead, on what (cases)"],
        title="Mutual learning" + (f": {filters.describe()}" if filters else ""),
        top=top,
    )
    if filters is not None and filters.actor and found:
        # the partners ahead of the actor come first: when the first is not, none is
        first = found[0]
        if not any(x.ahead and x.ahead != first.a for x in first.items):
            err_console.print(
                f"No partner is ahead of {first.a_label or first.a} on what they share; "
                "the pairs are where it is ahead or as far, so others may learn from it."
            )


@app.command()
@filter_options
@output_option
@source_options
def evaluate(
    holdout_year: Annotated[
        int,
        typer.Option(
            "--holdout-year",
            help="Hide the initiatives that started after this year (required).",
            show_default=False,
        ),
    ],
    data: DataArg = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Recommendations per actor.")] = 10,
    by: ByOpt = By.all,
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """Measure how well each synergy method predicts what actors adopt next (hold-out test).

    Initiatives started after --holdout-year are hidden; each actor and each country gets the
    technologies and use cases its best partners hold and it does not; precision@k, recall@k
    and mean average precision against what it did adopt, for popularity and every method.
    """
    from ..analysis import evaluate as run

    facts = _open(data, source)
    with progress("Evaluating"):
        found = run(facts, holdout_year=holdout_year, k=k, by=by.value, filters=filters)
    _emit(
        [e.to_dict() for e in found],
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            "holdout_year",
            "level",
            "target",
            "method",
            "evaluated",
            "precision_at_k",
            "recall_at_k",
            "map",
            "k",
        ],
        table_rows=lambda r: {
            "level": r["level"],
            "target": r["target"],
            "method": r["method"],
            "evaluated": r["evaluated"],
            f"precision@{k}": r["precision_at_k"],
            f"recall@{k}": r["recall_at_k"],
            "MAP": r["map"],
        },
        table_columns=[
            "level",
            "target",
            "method",
            "evaluated",
            f"precision@{k}",
            f"recall@{k}",
            "MAP",
        ],
        title=f"Hold-out evaluation: initiatives after {holdout_year} hidden",
        top=len(found),
    )


_NETWORK_BY = By(NETWORK_DEFAULTS["by"])
_NETWORK_METHOD = Method(NETWORK_DEFAULTS["method"])


def _with_cases(record: Mapping[str, Any]) -> list[str]:
    """A cluster's central members, each with its cases on the cluster's name: "X [4]"."""
    cases = list(record.get("central_cases") or [])
    labels = _labels(record, "central", "central_labels")
    return [f"{lab} [{cases[k]}]" if k < len(cases) else lab for k, lab in enumerate(labels)]


@app.command()
@output_option
@source_options
@filter_options
def clusters(
    data: DataArg = None,
    by: ByOpt = _NETWORK_BY,
    method: Annotated[
        Method,
        typer.Option(
            "--method",
            help="Synergy score of the network's edges (rarity: clusters around rare shared "
            "use cases; jaccard: the plain Jaccard index; see docs/analysis.md).",
        ),
    ] = _NETWORK_METHOD,
    min_score: MinScoreOpt = NETWORK_DEFAULTS["min_score"],
    resolution: Annotated[
        float, typer.Option("--resolution", min=0.0, help="Louvain resolution (higher: smaller).")
    ] = NETWORK_DEFAULTS["resolution"],
    seed: Annotated[
        int, typer.Option("--seed", help="Random seed (same seed, same result).")
    ] = NETWORK_DEFAULTS["seed"],
    neighbours: Annotated[
        int,
        typer.Option(
            "--neighbours",
            min=0,
            help="Keep each actor's K strongest synergies (0: all; dense graphs get slow).",
        ),
    ] = NETWORK_DEFAULTS["neighbours"],
    brokers: Annotated[
        bool,
        typer.Option(
            "--brokers", help="List brokers (betweenness centrality) instead of clusters."
        ),
    ] = False,
    top: TopOpt = None,
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """Find clusters of actors that should coordinate (Louvain on the synergy graph).

    Each cluster is named by what sets it apart (items many of its members hold and few other
    actors do) and shows whom to call first: the members with the most cases on its first three
    items [cases], then those with the strongest ties inside it; csv and json list every member.
    With `--brokers`, list the actors that link otherwise separate actors instead, with the
    clusters their partners are in. The filters choose the synergies the graph is made of, as
    for `synergies` (--country DEU: the pairs with a German actor; --years 2021-: the cases
    started since 2021, which also name the clusters).
    """
    from ..analysis import brokers as find_brokers
    from ..analysis import clusters as find_clusters

    facts = _open(data, source)
    if brokers:
        with progress("Computing betweenness"):
            found_brokers = find_brokers(
                facts,
                by=by.value,
                method=method.value,
                min_score=min_score,
                top=top,
                seed=seed,
                neighbours=neighbours,
                filters=filters,
            )
        _emit(
            [b.to_dict() for b in found_brokers],
            format=format,
            raw_csv=raw_csv,
            csv_columns=[
                "actor",
                "actor_label",
                "betweenness",
                "degree",
                "exact",
                "dimension",
                "clusters",
                "cluster_names",
                "cluster_partners",
            ],
            table_rows=lambda r: {
                "actor": _label(r, "actor"),
                "betweenness": r["betweenness"],
                "partners": r["degree"],
                # what it links: its partners' clusters (the first three; csv and json: all)
                "links (partners)": [
                    f"{k}: {name} ({n})"
                    for k, name, n in zip(
                        r["clusters"], r["cluster_names"], r["cluster_partners"], strict=True
                    )
                ][:3]
                + ([f"… {len(r['clusters']) - 3} more"] if len(r["clusters"]) > 3 else []),
            },
            table_columns=["actor", "betweenness", "partners", "links (partners)"],
            title=f"Brokers by {by.value}" + (f": {filters.describe()}" if filters else ""),
            top=top,
        )
        return
    with progress("Finding clusters"):
        found = find_clusters(
            facts,
            by=by.value,
            method=method.value,
            min_score=min_score,
            resolution=resolution,
            seed=seed,
            neighbours=neighbours,
            filters=filters,
        )
    if top is not None:
        found = found[:top]
    _emit(
        [c.to_dict() for c in found],
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            "id",
            "size",
            "members",
            "member_labels",
            "items",
            "item_labels",
            "dimension",
            "central",
            "central_labels",
            "central_cases",
        ],
        table_rows=lambda r: {
            "cluster": r["id"],
            "size": r["size"],
            "sets it apart": _labels(r, "items", "item_labels"),
            # whom to call first, with their cases on the first three items; csv and json list
            # every member
            "central members [cases]": _with_cases(r)
            + (
                [f"… and {r['size'] - len(r['central'])} more"]
                if r["size"] > len(r["central"])
                else []
            ),
        },
        table_columns=["cluster", "size", "sets it apart", "central members [cases]"],
        title=f"Clusters by {by.value}" + (f": {filters.describe()}" if filters else ""),
        top=top,
    )
