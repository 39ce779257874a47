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

from typing_extensions import Unpack

from ..namespace import COUNTRY
from ..store import Store
from ._facts import Facts
from ._filters import COUNTRY_FILTERS, Filters, GapFilterArgs
from ._results import _as_dict
from ._select import kept_initiatives, named_concepts
from ._standing import desi_observation_rows
from ._vocab import load_query

__all__ = ["CAPACITY_INDICATORS", "CapacityGap", "capacity_gaps"]

#: The DESI indicators compared with adoption by default: ICT specialists, at least basic
#: digital skills, digital public services for citizens.
CAPACITY_INDICATORS = ("1b1", "1a1", "4a3")
_COUNTRY_PREFIX = str(COUNTRY)
#: The filters that choose which initiatives count as adoption.
_COUNTING = ("policy_area", "years", "status")


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
        """Return a JSON-friendly dict (the fields).

        Examples:
            >>> gap = CapacityGap("capacity", "ITA", "http://example.org/AI", 40,
            ...                   "http://example.org/1b1", 0.039, "40 cases; 3.9% ICT specialists",
            ...                   adoption_rank=2, value_rank=20, countries=25, edition=2022)
            >>> gap.to_dict()["adoption_rank"], gap.to_dict()["value_rank"], list(gap.to_dict())[:3]
            (2, 20, ['kind', 'country', 'technology'])
        """
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
    filters: Filters | None = None,
    **filter_args: Unpack[GapFilterArgs],
) -> list[CapacityGap]:
    """Countries whose adoption of a technology ranks well above their digital capacity.

    For each technology (top concepts: sub-technologies count for their broader one) and DESI
    indicator, the countries with at least ``min_cases`` initiatives using the technology and a
    value of the indicator are ranked twice: by adoption (most initiatives first) and by the
    indicator (highest first). A country is reported when its adoption rank is better than its
    indicator rank by at least ``margin`` of the number of countries compared (0.5: half the
    field).

    Examples:
        Four countries: Italy leads on AI cases but has the fewest ICT specialists.

        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import capacity_gaps
        >>> cases = {"ITA": 4, "NLD": 3, "DEU": 2, "FRA": 1}  # initiatives using AI
        >>> specialists = {"ITA": 0.030, "NLD": 0.050, "DEU": 0.049, "FRA": 0.045}  # DESI 1b1
        >>> ttl = ["@prefix gg: <https://w3id.org/govgraph#> . @prefix ex: <http://example.org/> .",
        ...        "@prefix c: <http://publications.europa.eu/resource/authority/country/> .",
        ...        "@prefix dim: <http://purl.org/linked-data/sdmx/2009/dimension#> .",
        ...        "@prefix mea: <http://purl.org/linked-data/sdmx/2009/measure#> .",
        ...        "@prefix dct: <http://purl.org/dc/terms/> .",
        ...        "@prefix qb: <http://purl.org/linked-data/cube#> .",
        ...        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        ...        'ex:AI skos:prefLabel "artificial intelligence"@en .',
        ...        'ex:ICT skos:notation "1b1" ; skos:prefLabel "ICT specialists"@en .']
        >>> for cc, n in cases.items():
        ...     ttl += [f"ex:{cc}{k} gg:ledBy ex:City{cc} ; gg:usesTechnology ex:AI ; "
        ...             f"dct:spatial c:{cc} ." for k in range(n)]
        ...     ttl.append(f"ex:obs{cc} a qb:Observation ; dim:refArea c:{cc} ; "
        ...                f'dim:refPeriod "2022" ; mea:obsValue {specialists[cc]} ; '
        ...                "<https://w3id.org/govgraph/id/desi/dimension/indicator> ex:ICT .")
        >>> kg = GovGraph()
        >>> _ = kg.load(" ".join(ttl), format="turtle")
        >>> found = capacity_gaps(kg.store, min_cases=1)
        >>> [(g.country, g.adoption_rank, g.value_rank) for g in found]
        [('ITA', 1, 4)]
        >>> print(found[0].because)
        4 initiatives use artificial intelligence (rank 1 of 4 countries); ICT specialists: ...

    Args:
        store: The store holding the initiatives and the DESI observations (or its Facts).
        indicators: DESI indicator codes (``skos:notation``) to compare with.
        min_cases: Fewest initiatives a country needs to be compared.
        margin: Smallest rank difference, as a share of the countries compared (0..1).
        filters: A :class:`Filters` object, or the same filters as keyword arguments:

            - ``country=``: only the findings of these countries. They are still ranked
              among every country, so a country's findings do not change with the filter.
            - ``technology=``: these technologies (each with its narrower ones) instead of
              the top concepts: ``technology="natural language processing"`` compares the cases
              using NLP.
            - ``policy_area=``, ``years=``, ``status=``: which initiatives count as adoption
              (``years="2021-"``: those started since 2021); every country is ranked on them.
            - ``level=`` and ``kind=`` are refused: adoption counts all of a country's cases,
              whoever leads them.

    Returns:
        Gaps with the largest rank difference first, then by country and technology. Empty when
        the store holds no DESI observation.

    Raises:
        ConfigurationError: ``level=``, ``kind=``, ``actor=`` or ``between=`` given, or a
            filter that names nothing in the data (the closest names are listed).
        QueryError: The store cannot answer the queries.
    """
    chosen = Filters.of(filters, **filter_args)
    chosen.refuse_others(
        COUNTRY_FILTERS,
        what="capacity gaps",
        why="they compare countries, counting every case of a country whoever leads it",
    )
    facts = store if isinstance(store, Facts) else Facts(store)
    # the filters are looked up first (a name not in the data is an error even without DESI);
    # the technologies compared: those named (each with its narrower ones), else the top ones
    named = named_concepts(facts, chosen.technology, "technology", "technology")
    rows = facts.store.query_values(load_query("country_technologies.rq")).rows
    which = chosen.only(_COUNTING)
    counted = kept_initiatives(which, facts, among={row[0] for row in rows if row[0]})
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
    # the findings say which initiatives were counted: "12 initiatives (status pilot) use ..."
    counting = f" ({which.describe()})" if which else ""
    shown = {c[len(_COUNTRY_PREFIX) :] for c in chosen.country} if chosen.country else None
    adoption: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for initiative, country, technology in rows:
        if not (initiative and country and technology) or not country.startswith(_COUNTRY_PREFIX):
            continue
        if counted is not None and initiative not in counted:
            continue
        cc = country[len(_COUNTRY_PREFIX) :]
        up = (technology, *broader.get(technology, ()))
        targets = [t for t in up if t in named] if named else [t for t in up if not broader.get(t)]
        for target in targets:
            adoption[target][cc].add(initiative)
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
                if gap < margin or (shown is not None and cc not in shown):
                    continue
                year = latest[(indicator, cc)][0]
                ind_label = labels.get(indicator)
                because = (
                    f"{k} initiatives{counting} use {labels.get(tech) or tech} "
                    f"(rank {a_rank[cc]} of {n} "
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
