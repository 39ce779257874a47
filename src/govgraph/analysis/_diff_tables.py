"""The tables of a release comparison: changes counted per dimension, first adoptions.

Helpers of :func:`~govgraph.analysis.diff` (:mod:`._diff`), which documents the definitions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ._cases import LEVEL_LABELS, Case, Release, country_code

__all__ = ["DIFF_DIMENSIONS", "abandoned", "aggregate", "first_adoptions", "release_year", "scaled"]

#: Dimensions the changes are aggregated over.
DIFF_DIMENSIONS = ("country", "technology", "policy_area", "level")


class CaseChange(Protocol):
    """What the tables read of a :class:`~govgraph.analysis.CaseChange`."""

    @property
    def change(self) -> str: ...
    @property
    def initiative(self) -> str: ...
    @property
    def initiative_old(self) -> str | None: ...
    @property
    def status_old(self) -> str | None: ...
    @property
    def status_new(self) -> str | None: ...


#: Statuses before production: a case moving from one of them to Implemented was scaled.
BEFORE_PRODUCTION = {"Planned", "In development", "Pilot"}


def release_year(release: Release | None) -> int | None:
    date = release.date if release else None
    return int(date[:4]) if date and date[:4].isdigit() else None


def scaled(c: CaseChange) -> bool:
    return c.status_old in BEFORE_PRODUCTION and c.status_new == "Implemented"


def abandoned(c: CaseChange) -> bool:
    return (
        c.status_old is not None and c.status_old != "Not in use" and c.status_new == "Not in use"
    )


def _keys(c: Case | None, dimension: str, top: Mapping[str, str]) -> set[str]:
    if c is None:
        return set()
    if dimension == "country":
        return {c.country} if c.country else set()
    if dimension == "technology":
        return set(c.technologies)
    if dimension == "policy_area":
        return {top.get(a, a) for a in c.policy_areas}
    return {c.level} if c.level else set()


def aggregate(
    pairs: list[tuple[Case | None, Case | None, tuple[str, ...]]],
    changes: Sequence[CaseChange],
    labels: Mapping[str, str],
    top: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Count per dimension value.

    The older release counts the older records' values, the newer release (and the changes)
    the newer records' values.
    """
    change_of = {
        (c.initiative_old, c.initiative if c.change != "gone" else None): c for c in changes
    }
    rows: list[dict[str, Any]] = []
    for dimension in DIFF_DIMENSIONS:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for o, n, _ in pairs:
            c = change_of[(o.iri if o else None, n.iri if n else None)]
            for key in _keys(o, dimension, top):
                counts[key]["old_cases"] += 1
            for key in _keys(n or o, dimension, top):
                k = counts[key]
                k["new_cases"] += n is not None
                k["matched"] += c.change in ("unchanged", "status")
                k[c.change] += 1
                k["scaled_to_production"] += scaled(c)
                k["abandoned"] += abandoned(c)
        for key, k in sorted(counts.items(), key=lambda kv: (-kv[1]["new_cases"], kv[0])):
            if dimension == "country":
                name, label = country_code(key), labels.get(key, country_code(key))
            elif dimension == "level":
                name = label = LEVEL_LABELS.get(key, key)
            else:
                name, label = key, labels.get(key, key)
            rows.append(
                {
                    "dimension": dimension,
                    "key": name,
                    "label": label,
                    "old_cases": k["old_cases"],
                    "new_cases": k["new_cases"],
                    "matched": k["matched"],
                    "new": k["new"],
                    "gone": k["gone"],
                    "status_changed": k["status"],
                    "scaled_to_production": k["scaled_to_production"],
                    "abandoned": k["abandoned"],
                }
            )
    return rows


def first_adoptions(
    old: list[Case], new: list[Case], labels: Mapping[str, str], old_year: int | None
) -> list[dict[str, Any]]:
    recorded = {t for c in old for t in c.technologies}
    before = {(c.country, t) for c in old for t in c.technologies if c.country}
    found: dict[tuple[str, str], list[Case]] = defaultdict(list)
    for c in new:
        if not c.country:
            continue
        for t in c.technologies:
            if t in recorded and (c.country, t) not in before:
                found[(c.country, t)].append(c)
    rows = []
    for (country, tech), cases in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        cases.sort(key=lambda c: (c.start or 9999, c.identifier or ""))
        first = min((c.start for c in cases if c.start), default=None)
        rows.append(
            {
                "country": country_code(country),
                "country_label": labels.get(country, country_code(country)),
                "technology": tech,
                "technology_label": labels.get(tech, tech),
                "cases": len(cases),
                "first_start_year": first,
                "started_after_old_release": (
                    None if first is None or old_year is None else first > old_year
                ),
                "identifiers": [c.identifier for c in cases],
                "labels": [c.label for c in cases],
            }
        )
    return rows
