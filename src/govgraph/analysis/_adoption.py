"""Adoption: how many cases, by country, technology, policy area, start year, status and level.

Counts cases (initiatives), not organisations. A case with several values along a dimension
(two technologies) counts once under each; shares are taken over distinct cases, so a row's
``share`` is the part of its first-dimension group's cases (e.g. of a country's cases, those
using a technology). Definitions: ``docs/change.md``.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .._exceptions import ConfigurationError
from ..store import Store
from ._cases import (
    LEVEL_LABELS,
    STATUS_LABELS,
    Case,
    Release,
    country_code,
    read_cases,
    read_labels,
    read_releases,
    status_label,
    top_concepts,
)
from ._facts import Facts
from ._filters import Filters
from ._select import resolve

__all__ = ["ADOPTION_DIMENSIONS", "Adoption", "adoption"]

#: Dimensions ``by=`` accepts (``policy-area`` too, as written on the command line).
ADOPTION_DIMENSIONS = ("country", "technology", "policy_area", "year", "status", "level")
_ALIASES = {
    "countries": "country",
    "technologies": "technology",
    "policy-area": "policy_area",
    "policy_areas": "policy_area",
    "cofog": "policy_area",
    "start-year": "year",
    "start_year": "year",
    "years": "year",
    "levels": "level",
}
NOT_RECORDED = "(not recorded)"
_STATUS_ORDER = {iri: i for i, iri in enumerate(STATUS_LABELS)}


@dataclass(frozen=True)
class Adoption:
    """Cases counted along one or more dimensions.

    Attributes:
        by: The dimensions, in order.
        rows: One row per combination of values: the value of each dimension (``country``
            code, ``technology`` IRI, ``policy_area`` COFOG division IRI, ``year``, ``status``
            label, ``level``) with its ``*_label``, ``cases``, ``share`` (of the cases with the
            same first-dimension value) and ``share_of_all``. Grouped by the first dimension
            (years in time order, statuses in order of progress, other values most cases
            first), most cases first within a group.
        started: Cases started per year and technology: ``year``, ``technology``,
            ``technology_label``, ``cases``.
        started_by_country: Cases started per year and country: ``year``, ``country``,
            ``country_label``, ``cases``.
        total: Cases counted (after the filters).
        without_start_year: Of those, cases with no start year (not in the series).
        filters: The filters applied.
        release: The release counted, when the cases name one.
    """

    by: tuple[str, ...]
    rows: tuple[dict[str, Any], ...]
    started: tuple[dict[str, Any], ...]
    started_by_country: tuple[dict[str, Any], ...]
    total: int
    without_start_year: int
    filters: Filters = field(default_factory=Filters)
    release: Release | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form printed by ``govgraph adoption --format json``.

        Examples:
            >>> from govgraph import GovGraph
            >>> counts = GovGraph.example().adoption(by="technology").to_dict()
            >>> counts["total"], counts["rows"][0]["technology_label"], counts["rows"][0]["cases"]
            (8, 'Natural language processing', 4)
        """
        return {
            "by": list(self.by),
            "total": self.total,
            "without_start_year": self.without_start_year,
            "filters": self.filters.to_dict(),
            "release": self.release.to_dict() if self.release else None,
            "rows": [dict(r) for r in self.rows],
            "started": [dict(r) for r in self.started],
            "started_by_country": [dict(r) for r in self.started_by_country],
        }

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The result as tables (spreadsheet sheets): adoption and the two start-year series.

        Examples:
            >>> from govgraph import GovGraph
            >>> tables = GovGraph.example().adoption(by="technology").tables()
            >>> list(tables), [row["cases"] for row in tables["adoption"]]
            (['adoption', 'started_per_technology', 'started_per_country'], [4, 3, 3, 1])
        """
        return {
            "adoption": [dict(r) for r in self.rows],
            "started_per_technology": [dict(r) for r in self.started],
            "started_per_country": [dict(r) for r in self.started_by_country],
        }


def normalise_by(by: str | Sequence[str]) -> tuple[str, ...]:
    """Parse ``by`` (``"country,technology"`` or a sequence) into dimension names.

    Raises:
        ConfigurationError: An unknown or repeated dimension, or none.
    """
    parts = by.split(",") if isinstance(by, str) else list(by)
    out: list[str] = []
    for part in parts:
        key = part.strip().lower().replace(" ", "_")
        key = _ALIASES.get(key, key).replace("-", "_")
        if not key:
            continue
        if key not in ADOPTION_DIMENSIONS:
            raise ConfigurationError(
                f"unknown adoption dimension {part.strip()!r}; use "
                + ", ".join(ADOPTION_DIMENSIONS)
            )
        if key in out:
            raise ConfigurationError(f"dimension {key!r} is given twice in by={by!r}")
        out.append(key)
    if not out:
        raise ConfigurationError("by= needs at least one dimension, e.g. country,technology")
    return tuple(out)


def _values(case: Case, dimension: str, top: Mapping[str, str]) -> list[Any]:
    if dimension == "country":
        values: list[Any] = [case.country] if case.country else []
    elif dimension == "technology":
        values = list(case.technologies)
    elif dimension == "policy_area":
        values = sorted({top.get(a, a) for a in case.policy_areas})
    elif dimension == "year":
        values = [case.start] if case.start is not None else []
    elif dimension == "status":
        values = [case.status] if case.status else []
    else:
        values = [case.level] if case.level else []
    return values or [None]


def _cell(dimension: str, value: Any, labels: Mapping[str, str]) -> tuple[Any, Any]:
    """(value, label) as output: codes and labels a person can read."""
    if value is None:
        return None, NOT_RECORDED
    if dimension == "country":
        return country_code(value), labels.get(value, country_code(value))
    if dimension == "status":
        return status_label(value), status_label(value)
    if dimension == "level":
        return LEVEL_LABELS.get(value, value), LEVEL_LABELS.get(value, value)
    if dimension == "year":
        return value, str(value)
    return value, labels.get(value, value)


def _release(store: Store, dataset: str | None) -> Release | None:
    releases = read_releases(store)
    if dataset is not None:
        for r in releases:
            if r.dataset == dataset:
                return r
        raise ConfigurationError(
            f"no initiative is derived from {dataset} (prov:wasDerivedFrom); the data holds "
            + (", ".join(r.dataset for r in releases) or "no release")
        )
    if len(releases) > 1:
        listed = ", ".join(f"{r.dataset} ({r.date or 'undated'})" for r in releases)
        raise ConfigurationError(
            f"the data holds several releases ({listed}); counting them together would count "
            "a case once per release: choose one with dataset=IRI"
        )
    return releases[0] if releases else None


def select_cases(
    store: Store, filters: Filters, *, dataset: str | None = None
) -> tuple[list[Case], Release | None]:
    """The cases of one release that pass ``filters`` (actors of any kind by default).

    ``country`` is the case's own country (``dct:spatial``), else its lead's; ``level``,
    ``kind`` and ``actor`` are those of the lead organisation; ``technology``,
    ``policy_area``, ``years`` and ``status`` those of the case.

    Raises:
        ConfigurationError: ``between`` is given (it selects pairs), or the data holds several
            releases and none was chosen, or a filter value is not in the data.
    """
    if filters.between:
        raise ConfigurationError(
            "between= selects pairs of actors; adoption counts cases: use level= instead"
        )
    release = _release(store, dataset)
    cases = read_cases(store, dataset=release.dataset if release else None)
    if not filters:
        return cases, release
    facts = Facts(store)
    others = Filters(**{k: v for k, v in filters.to_args().items() if k != "country"})
    selection = resolve(others, facts, default_kind="any")
    countries = set(filters.country)
    lead_country = facts.countries if countries else {}
    cases = [
        c
        for c in cases
        if selection.keeps_initiative(c.iri)
        and (not filters.kind or (c.lead is not None and c.lead in selection.actors))
        and (selection.focus is None or (c.lead is not None and c.lead in selection.focus))
        and (not countries or (c.country or lead_country.get(c.lead or "")) in countries)
    ]
    return cases, release


def adoption(
    store: Store,
    *,
    by: str | Sequence[str] = ("country", "technology"),
    filters: Filters | None = None,
    dataset: str | None = None,
    **filter_args: Any,
) -> Adoption:
    """Count cases by country, technology, policy area, start year, status or level.

    Args:
        store: The data (one release; name it with ``dataset`` if the store holds several).
        by: Dimensions, e.g. ``"country,technology"`` or ``("year", "technology")``:
            ``country``, ``technology``, ``policy_area`` (COFOG division), ``year`` (start
            year), ``status``, ``level`` (of the lead organisation).
        filters: A :class:`~govgraph.analysis.Filters` (country, level, kind, technology,
            policy_area, years, status, actor).
        dataset: The release to count (its dataset IRI).
        **filter_args: The same filters as keyword arguments (``country="DEU"``).

    Returns:
        The :class:`Adoption` counts and start-year series.

    Raises:
        ConfigurationError: An unknown dimension or filter, ``between`` (pairs only), or a store
            with several releases and no ``dataset``.

    Examples:
        >>> from govgraph.store import OxigraphStore
        >>> adoption(OxigraphStore(), by="country").total
        0
    """
    dims = normalise_by(by)
    chosen = Filters.of(filters, **filter_args)
    cases, release = select_cases(store, chosen, dataset=dataset)
    labels = read_labels(store) if cases else {}
    top = top_concepts(store) if cases and "policy_area" in dims else {}

    combos: Counter[tuple[Any, ...]] = Counter()
    first_group: dict[Any, set[str]] = defaultdict(set)
    for case in cases:
        values = [_values(case, d, top) for d in dims]
        for first in values[0]:
            first_group[first].add(case.iri)
        for combo in itertools.product(*values):
            combos[combo] += 1
    total = len(cases)
    rows: list[dict[str, Any]] = []

    def group_order(value: Any) -> tuple[Any, ...]:
        """Years in time order, statuses in order of progress, other values most cases first."""
        if value is None:
            return (1, 0, "")
        if dims[0] == "year":
            return (0, value, "")
        if dims[0] == "status":
            return (0, _STATUS_ORDER.get(value, 9), "")
        return (0, -len(first_group[value]), str(value))

    for combo, n in sorted(
        combos.items(),
        key=lambda kv: (group_order(kv[0][0]), -kv[1], [str(v) for v in kv[0][1:]]),
    ):
        row: dict[str, Any] = {}
        for d, value in zip(dims, combo, strict=True):
            shown, label = _cell(d, value, labels)
            row[d] = shown
            row[f"{d}_label"] = label
        row["cases"] = n
        group = len(first_group[combo[0]]) if len(dims) > 1 else total
        row["share"] = round(n / group, 4) if group else 0.0
        row["share_of_all"] = round(n / total, 4) if total else 0.0
        rows.append(row)

    per_tech: Counter[tuple[int, str]] = Counter()
    per_country: Counter[tuple[int, str]] = Counter()
    for case in cases:
        if case.start is None:
            continue
        for t in case.technologies:
            per_tech[(case.start, t)] += 1
        if case.country:
            per_country[(case.start, case.country)] += 1
    started = tuple(
        {"year": y, "technology": t, "technology_label": labels.get(t, t), "cases": n}
        for (y, t), n in sorted(per_tech.items())
    )
    started_by_country = tuple(
        {
            "year": y,
            "country": country_code(c),
            "country_label": labels.get(c, country_code(c)),
            "cases": n,
        }
        for (y, c), n in sorted(per_country.items())
    )
    return Adoption(
        by=dims,
        rows=tuple(rows),
        started=started,
        started_by_country=started_by_country,
        total=total,
        without_start_year=sum(c.start is None for c in cases),
        filters=chosen,
        release=release,
    )
