"""Capacity gaps: countries whose public-sector adoption of a technology outruns their skills base.

Adoption is the number of initiatives (PSTW cases) of a country that use a technology (or a
narrower one); capacity is a DESI indicator of the same country (the W3C Data Cube observations
``govgraph import desi`` writes). The method and its limits are in ``docs/analysis.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..namespace import COUNTRY
from ..store import Store
from ._facts import Facts
from ._results import _as_dict
from ._standing import desi_observation_rows
from ._vocab import load_query

__all__ = ["CAPACITY_INDICATORS", "CapacityGap", "capacity_gaps"]

#: The DESI indicators compared with adoption by default: ICT specialists, at least basic
#: digital skills, digital public services for citizens.
CAPACITY_INDICATORS = ("1b1", "1a1", "4a3")
_COUNTRY_PREFIX = str(COUNTRY)


@dataclass(frozen=True, slots=True)
class CapacityGap:
    """A country whose adoption of a technology ranks far above its standing on an indicator.

    Attributes:
        kind: Always ``"capacity"``.
        country: Alpha-3 code of the country.
        technology: IRI of the technology.
        adoption: Initiatives of the country using the technology (or a narrower one).
        indicator: IRI of the DESI indicator.
        value: The country's value of the indicator (latest DESI edition with data), as in the
            workbook (shares are fractions 0..1).
        because: The figures behind the finding, in words.
        technology_label: Label of ``technology``.
        indicator_label: Label of ``indicator`` (with its code).
        adoption_rank: Rank of the country by adoption (1 = most initiatives).
        value_rank: Rank of the country by the indicator (1 = highest value).
        countries: Countries compared (those with both figures).
        edition: The DESI edition of ``value`` (year).
    """

    kind: str
    country: str
    technology: str
    adoption: int
    indicator: str
    value: float
    because: str
    technology_label: str | None = None
    indicator_label: str | None = None
    adoption_rank: int = 0
    value_rank: int = 0
    countries: int = 0
    edition: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields)."""
        return _as_dict(self)


def _ranks(values: dict[str, float]) -> dict[str, int]:
    """Competition ranks, highest value first (ties share the better rank)."""
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    ranks: dict[str, int] = {}
    previous: float | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if value != previous:
            rank, previous = position, value
        ranks[key] = rank
    return ranks


def _shown(value: float, unit: str | None) -> str:
    if unit and unit.lstrip().startswith("%") and 0 <= value <= 1:
        return f"{value * 100:.1f}% ({unit.strip().lstrip('%').strip()})"
    return f"{value:.1f}" + (f" ({unit})" if unit else "")


def capacity_gaps(
    store: Store | Facts,
    *,
    indicators: tuple[str, ...] = CAPACITY_INDICATORS,
    min_cases: int = 5,
    margin: float = 0.5,
) -> list[CapacityGap]:
    """Countries whose adoption of a technology ranks well above their digital capacity.

    For each technology (top concepts: sub-technologies count for their broader one) and DESI
    indicator, the countries with at least ``min_cases`` initiatives using the technology and a
    value of the indicator are ranked twice: by adoption (most initiatives first) and by the
    indicator (highest first). A country is reported when its adoption rank is better than its
    indicator rank by at least ``margin`` of the number of countries compared (0.5: half the
    field).

    Args:
        store: The store holding the initiatives and the DESI observations (or its Facts).
        indicators: DESI indicator codes (``skos:notation``) to compare with.
        min_cases: Fewest initiatives a country needs to be compared.
        margin: Smallest rank difference, as a share of the countries compared (0..1).

    Returns:
        Gaps with the largest rank difference first, then by country and technology. Empty when
        the store holds no DESI observation.

    Raises:
        QueryError: The store cannot answer the queries.
    """
    facts = store if isinstance(store, Facts) else Facts(store)
    wanted = {code.lower() for code in indicators}
    # Latest value of each (indicator, country).
    latest: dict[tuple[str, str], tuple[int, float]] = {}
    units: dict[str, str | None] = {}
    for country, indicator, notation, period, value, unit in desi_observation_rows(facts):
        if not (country and indicator and notation and value and period):
            continue
        if notation.lower() not in wanted or not country.startswith(_COUNTRY_PREFIX):
            continue
        cc = country[len(_COUNTRY_PREFIX) :]
        if cc == "EUR":
            continue
        try:
            year, number = int(period[:4]), float(Decimal(value))
        except (ValueError, InvalidOperation):
            continue
        units.setdefault(indicator, unit)
        if (indicator, cc) not in latest or latest[(indicator, cc)][0] < year:
            latest[(indicator, cc)] = (year, number)
    if not latest:
        return []
    broader = facts.broader
    adoption: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for initiative, country, technology in facts.store.query_values(
        load_query("country_technologies.rq")
    ).rows:
        if not (initiative and country and technology) or not country.startswith(_COUNTRY_PREFIX):
            continue
        cc = country[len(_COUNTRY_PREFIX) :]
        tops = [t for t in (technology, *broader.get(technology, ())) if not broader.get(t)]
        for top in tops:
            adoption[top][cc].add(initiative)
    found: list[tuple[float, CapacityGap]] = []
    labels = facts.labels
    for indicator in sorted({i for i, _ in latest}):
        values = {cc: v for (i, cc), (_, v) in latest.items() if i == indicator}
        for tech, by_country in adoption.items():
            counts = {
                cc: len(inits)
                for cc, inits in by_country.items()
                if len(inits) >= min_cases and cc in values
            }
            n = len(counts)
            if n < 4:
                continue
            a_rank = _ranks({cc: float(k) for cc, k in counts.items()})
            v_rank = _ranks({cc: values[cc] for cc in counts})
            for cc, k in counts.items():
                gap = (v_rank[cc] - a_rank[cc]) / n
                if gap < margin:
                    continue
                year = latest[(indicator, cc)][0]
                ind_label = labels.get(indicator)
                because = (
                    f"{k} initiatives use {labels.get(tech) or tech} (rank {a_rank[cc]} of {n} "
                    f"countries); {ind_label or indicator}: "
                    f"{_shown(values[cc], units.get(indicator))} in DESI {year} "
                    f"(rank {v_rank[cc]} of {n})"
                )
                found.append(
                    (
                        gap,
                        CapacityGap(
                            kind="capacity",
                            country=cc,
                            technology=tech,
                            adoption=k,
                            indicator=indicator,
                            value=values[cc],
                            because=because,
                            technology_label=labels.get(tech),
                            indicator_label=ind_label,
                            adoption_rank=a_rank[cc],
                            value_rank=v_rank[cc],
                            countries=n,
                            edition=year,
                        ),
                    )
                )
    found.sort(key=lambda f: (-f[0], f[1].country, f[1].technology, f[1].indicator))
    return [g for _, g in found]
