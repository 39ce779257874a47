"""Where the countries of a mutual-learning pair stand on DESI indicators.

When DESI observations (the W3C Data Cube ``govgraph import desi`` writes) are loaded with the
cases, each learning pair of two countries (or a country and the EU, for an EU-level actor) says
which country is ahead on each chosen indicator, with both values and the DESI edition. The
method and its limits are in ``docs/analysis.md``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation

from .._exceptions import ConfigurationError
from ..namespace import COUNTRY
from ._facts import Facts
from ._results_learning import DesiStanding, LearningPair
from ._vocab import load_query

__all__ = ["add_desi_standings", "desi_observation_rows"]

_COUNTRY_PREFIX = str(COUNTRY)


def _shown(value: float, unit: str | None) -> str:
    if unit and unit.lstrip().startswith("%") and 0 <= value <= 1:
        return f"{value * 100:.1f}%"
    return f"{value:.1f}"


def _because(
    name: Callable[[str], str],
    a: str,
    b: str,
    a_value: float,
    b_value: float,
    label: str,
    code: str,
    unit: str | None,
) -> str:
    """``France above the EU average on ... (1a1): 62.0% vs 53.9%`` and the like."""
    if label[:1].isupper() and label[1:2].islower():
        label = label[0].lower() + label[1:]
    what = f"{label} ({code})"
    plain = unit.replace("(", "").replace(")", "").strip() if unit else ""
    scale = "" if not plain or plain.startswith("%") else f" ({plain[:1].lower()}{plain[1:]})"
    if "EUR" in (a, b):
        country, mine, eu = (b, b_value, a_value) if a == "EUR" else (a, a_value, b_value)
        side = "above" if mine > eu else "below" if mine < eu else "at"
        return (
            f"{name(country)} {side} the EU average on {what}: "
            f"{_shown(mine, unit)} vs {_shown(eu, unit)}{scale}"
        )
    if a_value == b_value:
        return f"{name(a)} and {name(b)} level on {what}: {_shown(a_value, unit)}{scale}"
    first, second = (a, b) if a_value > b_value else (b, a)
    values = {a: a_value, b: b_value}
    return (
        f"{name(first)} ahead of {name(second)} on {what}: "
        f"{_shown(values[first], unit)} vs {_shown(values[second], unit)}{scale}"
    )


def desi_observation_rows(facts: Facts) -> list[tuple[str | None, ...]]:
    """DESI observations as ``(country, indicator, notation, period, value, unit)`` rows.

    None without any ``qb:Observation`` in the store. The facts of each observation and of
    each indicator are fetched apart and joined here (see the queries' comments). A fact
    stated twice is read as its smallest value, whatever order the store answers in.
    """
    store = facts.store
    if not store.query_values(load_query("desi_any.rq")).rows:
        return []
    observed: dict[str, dict[str, str]] = defaultdict(dict)
    for obs, *values in store.query_values(load_query("desi_observations.rq")).rows:
        if obs is None:
            continue
        for key, value in zip(("country", "period", "indicator", "value"), values, strict=True):
            known = observed[obs].get(key)
            if value is not None and (known is None or value < known):
                observed[obs][key] = value
    about: dict[str, tuple[str | None, str | None]] = {}
    for indicator, notation, unit in store.query_values(load_query("desi_indicators.rq")).rows:
        # the smallest notation stated (any before none), then the smallest unit
        if indicator is not None and (
            indicator not in about or _facts_key(notation, unit) < _facts_key(*about[indicator])
        ):
            about[indicator] = (notation, unit)
    rows: list[tuple[str | None, ...]] = []
    for obs in sorted(observed):
        fact = observed[obs]
        indicator = fact.get("indicator")
        notation, unit = about.get(indicator or "", (None, None))
        rows.append(
            (fact.get("country"), indicator, notation, fact.get("period"), fact.get("value"), unit)
        )
    return rows


def _facts_key(notation: str | None, unit: str | None) -> tuple[bool, str, bool, str]:
    return (notation is None, notation or "", unit is None, unit or "")


def _observations(
    facts: Facts, indicators: Sequence[str]
) -> tuple[dict[str, dict[str, dict[int, float]]], dict[str, str], dict[str, str | None]]:
    """Indicator -> country code -> edition -> value; the indicators' codes and units."""
    wanted = {code.lower() for code in indicators}
    values: dict[str, dict[str, dict[int, float]]] = defaultdict(lambda: defaultdict(dict))
    codes: dict[str, str] = {}
    units: dict[str, str | None] = {}
    known: set[str] = set()
    for country, indicator, notation, period, value, unit in desi_observation_rows(facts):
        if not (country and indicator and notation and value and period):
            continue
        known.add(notation)
        if notation.lower() not in wanted or not country.startswith(_COUNTRY_PREFIX):
            continue
        try:
            year, number = int(period[:4]), float(Decimal(value))
        except (ValueError, InvalidOperation):
            continue
        values[indicator][country[len(_COUNTRY_PREFIX) :]][year] = number
        codes[indicator] = notation
        units.setdefault(indicator, unit)
    if known and not values:
        shown = ", ".join(sorted(known)[:40])
        raise ConfigurationError(
            f"desi_indicators={tuple(indicators)!r}: the DESI observations in the data have "
            f"none of these indicator codes; known codes: {shown}"
        )
    return values, codes, units


def add_desi_standings(
    facts: Facts, pairs: Iterable[LearningPair], indicators: Sequence[str]
) -> list[LearningPair]:
    """``pairs`` with ``desi`` filled where both countries have values of an indicator.

    A pair of one country (or of actors of unknown country) gets none; an EU-level actor's
    country is ``EUR``, compared with the EU value of the indicator. The indicators are taken
    in the order given; for each, the latest DESI edition where both countries have a value.
    Higher is ahead (true of the indicators of skills, specialists and digital public services).

    Raises:
        ConfigurationError: The data holds DESI observations but none of ``indicators``.
    """
    pairs = list(pairs)
    if not indicators or not pairs:
        return pairs
    values, codes, units = _observations(facts, indicators)
    if not values:
        return pairs
    order = {code.lower(): i for i, code in enumerate(indicators)}
    chosen = sorted(values, key=lambda iri: (order.get(codes[iri].lower(), 99), iri))
    labels = facts.labels_of(
        [*chosen, *(_COUNTRY_PREFIX + cc for v in values.values() for cc in v)]
    )

    def name(cc: str) -> str:
        return labels.get(_COUNTRY_PREFIX + cc) or cc

    out = []
    for pair in pairs:
        a, b = pair.a_country, pair.b_country
        if not a or not b or a == b:
            out.append(pair)
            continue
        found = []
        for indicator in chosen:
            a_years, b_years = values[indicator].get(a), values[indicator].get(b)
            both = set(a_years or ()) & set(b_years or ())
            if not a_years or not b_years or not both:
                continue
            edition = max(both)
            a_value, b_value = a_years[edition], b_years[edition]
            ahead = None if a_value == b_value else a if a_value > b_value else b
            because = (
                _because(
                    name,
                    a,
                    b,
                    a_value,
                    b_value,
                    labels.get(indicator) or codes[indicator],
                    codes[indicator],
                    units.get(indicator),
                )
                + f", DESI {edition}"
            )
            found.append(
                DesiStanding(
                    indicator=indicator,
                    indicator_label=labels.get(indicator),
                    notation=codes[indicator],
                    edition=edition,
                    a_country=a,
                    b_country=b,
                    a_value=a_value,
                    b_value=b_value,
                    ahead=ahead,
                    because=because,
                )
            )
        out.append(replace(pair, desi=tuple(found)) if found else pair)
    return out
