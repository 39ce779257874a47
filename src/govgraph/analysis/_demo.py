"""The analysis step of ``govgraph demo``: CSV and JSON files of the main findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..io import write_records
from ..store import Store
from ._capacity import capacity_gaps
from ._dependence import supplier_dependence
from ._diverse import cap
from ._facts import Facts
from ._filters import Filters
from ._gaps import no_inventory, skill_gaps
from ._governance import governance_gaps
from ._partners import funding_shares, partners
from ._rank import check_options, rank
from ._results import SYNERGY_COLUMNS
from ._select import resolve
from ._vocab import GG, normalise_dimension

__all__ = ["eu_national_synergies", "write_analysis_outputs"]

#: Skill gaps per actor in the demo's list (its largest), so that the list names every actor
#: with an inventory rather than the one with the most initiatives (50 rows of it on PSTW).
SKILL_GAPS_PER_ACTOR = 6

NATIONAL_LEVEL = GG + "NationalLevel"


def eu_national_synergies(
    store: Store | Facts,
    *,
    by: str = "all",
    top: int | None = 50,
    units_only: bool = True,
    per_actor_limit: int | None = 3,
    require_technology: bool = True,
) -> list[Any]:
    """Best synergies between Commission DGs (EU-level units) and national administrations.

    With ``units_only`` the EU side is every unit (any depth) of an EU-level administration,
    i.e. the DGs and units of the Commission and other EU institutions; without it, every
    EU-level actor. National administrations include their units (level inherited). Each actor
    appears in at most ``per_actor_limit`` pairs (``None``: no limit), so that one DG with many
    partners does not fill the list.

    With ``require_technology`` (the default) a pair must share a technology (or a use case of
    one): the list is about digital work done twice, and two bodies that share only a broad
    policy area are not that. On the demo data the three pairs it leaves out matched a DIGIT
    unit with three national bodies on "General services" alone, tied and listed by IRI (the
    unit's cloud technology is in no PSTW case). The ranking is searched further down until
    ``top`` pairs qualify (each actor still in at most ``per_actor_limit`` of them), or it ends.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import eu_national_synergies
        >>> kg = GovGraph.example()
        >>> found = eu_national_synergies(kg.store)  # DGs and units of the Commission only
        >>> [(s.a_label, s.b_label) for s in found[:2]]
        [('DG B', 'Ministry Y'), ('DG A, unit 1', 'Ministry X, unit')]
        >>> round(found[0].score, 2), found[0].shared_labels
        (1.97, ('Blockchain', 'Challenge 2', 'Machine learning'))
        >>> [(s.a_label, s.b_label) for s in eu_national_synergies(kg.store, per_actor_limit=1)]
        [('DG B', 'Ministry Y'), ('DG A, unit 1', 'Ministry X, unit'), ('DG A', 'Ministry X')]

    Raises:
        ConfigurationError: An unknown dimension ``by``, ``top`` below 0 or ``per_actor_limit``
            below 1.
    """
    check_options("rarity", 0.0, top, None, per_actor_limit)  # as synergies() refuses them
    facts = store if isinstance(store, Facts) else Facts(store)
    selection = resolve(Filters(between=("eu", "national")), facts)
    assert selection.sides is not None
    eu, national = selection.sides
    eu = frozenset(a for a in facts.actor_initiatives if facts.is_eu_level(a))
    if units_only:
        eu = frozenset(a for a in eu if facts.ancestors.get(a))
    national = frozenset(a for a in national if a not in eu)
    selection = replace(selection, sides=(eu, national))
    dimension = normalise_dimension(by)
    if not require_technology or dimension == "technology":
        return rank(facts, dimension, selection, top=top, per_actor_limit=per_actor_limit)
    # every technology actors use, with its broader ones (a pair's shared items include them)
    stated = {t for items in facts.items("technology").values() for t in items}
    technologies = stated.union(*(facts.broader.get(t, ()) for t in stated))
    asked = None if top is None else 4 * top
    while True:  # down the ranking until ``top`` pairs qualify under the cap, or no more pairs
        found = rank(facts, dimension, selection, top=asked)
        kept = [s for s in found if not technologies.isdisjoint(s.shared)]
        listed = cap(kept, top=top, limit=per_actor_limit, ends=lambda r: (r.a, r.b))
        if asked is None or top is None or len(listed) >= top or len(found) < asked:
            return listed
        asked *= 4


def _write(
    directory: Path, stem: str, records: Sequence[Mapping[str, Any]], columns: Sequence[str]
) -> list[Path]:
    json_path = directory / f"{stem}.json"
    write_records(records, json_path, format="json")
    csv_path = directory / f"{stem}.csv"
    write_records(records, csv_path, format="csv", columns=columns)
    return [csv_path, json_path]


def write_analysis_outputs(
    store: Store | Facts, directory: str | Path, *, top: int = 50
) -> dict[str, Any]:
    """Write the demo's analysis files into ``directory``; return row counts and file names.

    Files (each as ``.csv`` and ``.json``): ``synergies-dgs-national`` (the ``top`` best
    synergies, all dimensions combined, between Commission DGs and units, i.e. units of EU-level
    administrations, and national administrations),
    ``skill-gaps`` (the ``top`` largest skill gaps, at most ``SKILL_GAPS_PER_ACTOR`` per
    actor) and ``governance-gaps`` (all of them).

    Examples:
        >>> import csv, os, tempfile
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import write_analysis_outputs
        >>> kg = GovGraph.example()
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     counts = write_analysis_outputs(kg.store, tmp)
        ...     written = sorted(os.listdir(tmp))
        ...     with open(os.path.join(tmp, "synergies-dgs-national.csv"), encoding="utf-8") as f:
        ...         first = next(csv.DictReader(f))
        >>> len(written), sorted(counts["files"]) == written  # each table as .csv and .json
        (16, True)
        >>> for table in sorted({os.path.splitext(name)[0] for name in written}):
        ...     print(table)
        capacity-gaps
        funding
        governance-gaps
        no-inventory
        partners
        skill-gaps
        supplier-dependence
        synergies-dgs-national
        >>> counts["synergies-dgs-national"], counts["skill-gaps"], counts["governance-gaps"]
        (4, 10, 5)
        >>> first["a_label"], first["b_label"], first["shared_labels"]
        ('DG B', 'Ministry Y', 'Blockchain; Challenge 2; Machine learning')

    Raises:
        ConfigurationError: ``top`` is below 0 (before anything is written).
        OSError: ``directory`` cannot be created.
        ExportError: A file cannot be written.
    """
    check_options("rarity", 0.0, top, None)  # before anything is written
    facts = store if isinstance(store, Facts) else Facts(store)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    found = eu_national_synergies(facts, top=top)
    json_path = out / "synergies-dgs-national.json"
    write_records([s.to_dict() for s in found], json_path, format="json")
    csv_path = out / "synergies-dgs-national.csv"  # flat: evidence as case identifiers
    write_records([s.to_row() for s in found], csv_path, format="csv", columns=SYNERGY_COLUMNS)
    # Skill gaps exist only for actors with a skills inventory (a competency of their own or of
    # a unit); the others are listed apart as "no inventory" (unknown is not missing).
    gaps = [g.to_dict() for g in skill_gaps(facts, per_actor_limit=SKILL_GAPS_PER_ACTOR)][:top]
    _write(
        out,
        "skill-gaps",
        gaps,
        [
            "administration",
            "administration_label",
            "skill",
            "skill_label",
            "required_level",
            "held_level",
            "because",
            "because_labels",
            "initiatives_labels",
        ],
    )
    unknown = [n.to_dict() for n in no_inventory(facts)]
    _write(
        out,
        "no-inventory",
        unknown,
        ["administration", "administration_label", "skills_needed", "technologies_labels"],
    )
    partner_rows = [p.to_dict() for p in partners(facts, top=top)]
    _write(
        out,
        "partners",
        partner_rows,
        [
            "partner",
            "partner_label",
            "partner_kind",
            "administrations_labels",
            "other_leads_labels",
            "initiatives",
            "technologies_labels",
        ],
    )
    dependence = [d.to_dict() for d in supplier_dependence(facts, top=top)]
    _write(
        out,
        "supplier-dependence",
        dependence,
        [
            "administration_label",
            "partner_label",
            "partner_kind",
            "supplier_cases",
            "partnered_cases",
            "unnamed_partner_cases",
            "cases",
            "because",
        ],
    )
    funding = [f.to_dict() for f in funding_shares(facts)]
    _write(
        out,
        "funding",
        funding,
        ["country", "country_label", "cases", "eu_funded", "share", "unknown"],
    )
    capacity = [c.to_dict() for c in capacity_gaps(facts)]
    _write(
        out,
        "capacity-gaps",
        capacity,
        ["kind", "country", "technology_label", "adoption", "indicator_label", "value", "because"],
    )
    governance = [g.to_dict() for g in governance_gaps(facts)]
    _write(
        out,
        "governance-gaps",
        governance,
        ["kind", "policy", "policy_label", "owners", "owner_labels"],
    )
    return {
        "synergies-dgs-national": len(found),
        "skill-gaps": len(gaps),
        "no-inventory": len(unknown),
        "governance-gaps": len(governance),
        "partners": len(partner_rows),
        "supplier-dependence": len(dependence),
        "funding": len(funding),
        "capacity-gaps": len(capacity),
        "files": [
            f"{stem}.{ext}"
            for stem in (
                "synergies-dgs-national",
                "skill-gaps",
                "no-inventory",
                "governance-gaps",
                "partners",
                "supplier-dependence",
                "funding",
                "capacity-gaps",
            )
            for ext in ("csv", "json")
        ],
    }
