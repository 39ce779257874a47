"""The ``gaps`` command: skill, capacity and governance gaps, the best of each kind."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Annotated, Any

import typer

from ..analysis import Filters
from ._app import app
from ._common import NO_SOURCE, DataArg, RawCsvOpt, Source, progress, source_options
from ._filters import capacity_filters, gap_filter_options, gaps_title, governance_filters
from ._output import output_option
from ._ties import top_of_each_kind
from .analysis import (
    DEFAULT_TOP,
    AllOpt,
    FormatOpt,
    OutputFormat,
    RankedTopOpt,
    _check_all,
    _emit,
    _label,
    _labels,
    _open,
    _specific,
    per_actor_limit_of,
)

__all__: list[str] = []


class GapKind(enum.StrEnum):
    """Gap kinds of ``govgraph gaps``."""

    skills = "skills"
    ownership = "ownership"
    implementation = "implementation"
    unclear_lead = "unclear-lead"
    capacity = "capacity"
    all = "all"


#: Skill gaps per actor listed by ``gaps`` unless told otherwise (its largest).
DEFAULT_GAPS_PER_ACTOR = 5


@app.command()
@output_option
@source_options
@gap_filter_options
def gaps(
    data: DataArg = None,
    kind: Annotated[GapKind, typer.Option("--kind", help="Which gaps to list.")] = GapKind.all,
    top: RankedTopOpt = DEFAULT_TOP,
    per_actor_limit: Annotated[
        int,
        typer.Option(
            "--per-actor-limit",
            min=0,
            help="Each actor in at most N of the skill gaps listed (0: no limit; --all lists "
            "every gap).",
        ),
    ] = DEFAULT_GAPS_PER_ACTOR,
    all_: AllOpt = False,
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """List skill gaps (largest first) and governance gaps of policies.

    Skill gaps are counted only for actors with a recorded skills inventory; the others are
    listed as "no inventory" with how many skills their technologies need (unknown is not
    missing; ranked by the skills needed, a note on stderr says when --top cuts inside a group
    needing as many). Both list public bodies unless --actor-kind says otherwise; the filters narrow
    these two lists. They narrow the capacity gaps too (--country, --technology, --policy-area,
    --years, --status: the last three choose which cases count as adoption), and the governance
    gaps (--country, --level and --actor: policies with such an owner, or owned by the actor or
    one of its units; --policy-area and --years: the policy's own area and start year; a policy
    without owner has no country, level or actor). `--kind ownership`
    lists policies without owner, `implementation` policies no initiative implements,
    `unclear-lead` policies with several owners and no clear lead; `capacity` the
    countries whose adoption of a technology outruns a DESI capacity indicator (load the DESI
    import too); `all` lists everything.
    """
    from ..analysis import (
        GAP_DESCRIPTIONS,
        capacity_gaps,
        governance_gaps,
        no_inventory,
        skill_gaps,
    )

    _check_all(all_, format)
    narrowed = bool(filters) and kind in (GapKind.skills, GapKind.all)
    capacity = capacity_filters(filters) if kind in (GapKind.capacity, GapKind.all) else None
    governing = kind not in (GapKind.skills, GapKind.capacity)
    governance = governance_filters(filters) if governing else None
    facts = _open(data, source)
    records: list[dict[str, Any]] = []
    with progress("Finding gaps"):
        if kind in (GapKind.skills, GapKind.all):
            limit = None if all_ else per_actor_limit_of(per_actor_limit)
            found = skill_gaps(facts, per_actor_limit=limit, filters=filters)
            records += [g.to_dict() for g in found]
            records += [n.to_dict() for n in no_inventory(facts, filters=filters)]
        if kind in (GapKind.capacity, GapKind.all):
            records += [g.to_dict() for g in capacity_gaps(facts, filters=capacity)]
        if kind not in (GapKind.skills, GapKind.capacity):
            chosen = None if kind is GapKind.all else kind.value
            found_gaps = governance_gaps(facts, kind=chosen, filters=governance)
            records += [g.to_dict() for g in found_gaps]
    if not all_:  # the best --top of each kind
        records = top_of_each_kind(records, top=top)

    # the technologies a row names, each hierarchy once (not AI beside machine learning)
    broader = facts.broader if format is OutputFormat.table else {}

    def row(r: Mapping[str, Any]) -> dict[str, Any]:
        if r["kind"] == "no-inventory":
            return {
                "kind": "no inventory",
                "who / policy": _label(r, "administration"),
                "what": f"skills unknown: no inventory recorded ({r['skills_needed']} skills "
                "needed)",
                "because / owners": _specific(r, "technologies", "technologies_labels", broader),
            }
        if r["kind"] == "capacity":
            return {
                "kind": "capacity",
                "who / policy": r["country"],
                "what": f"{_label(r, 'technology')} adoption outruns "
                + f"{r['indicator_label'] or r['indicator']}",
                "because / owners": r["because"],
            }
        if r["kind"] == "skill":
            return {
                "kind": "skill",
                "who / policy": _label(r, "administration"),
                "what": f"{_label(r, 'skill')}: needs level {r['required_level']}, "
                + ("not held" if r["held_level"] is None else f"holds {r['held_level']}"),
                "because / owners": _specific(r, "because", "because_labels", broader),
            }
        return {
            "kind": r["kind"],
            "who / policy": _label(r, "policy"),
            "what": GAP_DESCRIPTIONS.get(r["kind"], r["kind"]),
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
            "skills_needed",
            "technologies",
            "country",
            "technology",
            "adoption",
            "indicator",
            "value",
        ],
        table_rows=row,
        table_columns=["kind", "who / policy", "what", "because / owners"],
        title=gaps_title(filters if narrowed else None, capacity, governance),
        top=len(records),
    )
