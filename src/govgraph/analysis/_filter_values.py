"""Filter values as users write them, normalised (``"deu"`` -> the EU country-table IRI).

The names of levels, kinds and statuses, and one parser per kind of value; :class:`Filters`
(:mod:`._filters`) calls them when it is built, so a bad value fails early with the valid ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from .._exceptions import ConfigurationError
from ..io import country_code
from ..namespace import COUNTRY
from ..namespace import GG as GG_NS
from ._vocab import ALPHA2

__all__ = [
    "KINDS",
    "KIND_ALIASES",
    "KIND_GROUPS",
    "LEVELS",
    "STATUSES",
    "parse_between",
    "parse_choice",
    "parse_country",
    "parse_many",
    "parse_years",
]

GG = str(GG_NS)
COUNTRY_NS = str(COUNTRY)

#: Administrative levels by their filter name.
LEVELS: dict[str, str] = {
    "eu": GG + "EULevel",
    "national": GG + "NationalLevel",
    "regional": GG + "RegionalLevel",
    "local": GG + "LocalLevel",
}

#: Kinds of organisation by their filter name. ``public`` (the default of the synergy and
#: learning analyses) is public administrations, international organisations and actors whose
#: kind the data does not say; ``any`` turns the kind filter off.
KINDS: tuple[str, ...] = (
    "public-administration",
    "company",
    "research",
    "ngo",
    "international-organisation",
    "other",
)
KIND_GROUPS = {
    "public": ("public-administration", "international-organisation", "unknown"),
    "any": (*KINDS, "unknown"),
}
KIND_ALIASES = {
    "public-administration": "public-administration",
    "public-body": "public-administration",
    "administration": "public-administration",
    "government": "public-administration",
    "company": "company",
    "private": "company",
    "private-sector": "company",
    "govtech": "company",
    "business": "company",
    "research": "research",
    "university": "research",
    "university-or-research-body": "research",
    "research-body": "research",
    "academic": "research",
    "ngo": "ngo",
    "non-governmental": "ngo",
    "international-organisation": "international-organisation",
    "international-organization": "international-organisation",
    "international": "international-organisation",
    "other": "other",
    "public": "public",
    "any": "any",
    "all": "any",
}

#: Initiative statuses by their filter name.
STATUSES: dict[str, str] = {
    "planned": GG + "StatusPlanned",
    "in-development": GG + "StatusInDevelopment",
    "pilot": GG + "StatusPilot",
    "implemented": GG + "StatusImplemented",
    "not-in-use": GG + "StatusNotInUse",
}


def _slug(value: str) -> str:
    return re.sub(r"[\s_/]+", "-", value.strip().lower())


def parse_many(
    name: str, value: str | Iterable[str] | None, *, split: bool = True
) -> tuple[str, ...]:
    """The values given, as a tuple; ``split``: ``"DEU,AUT"`` means two values.

    Names looked up in the data (technologies, policy areas) are not split here: a label may hold
    a comma ("General economic, commercial and labour affairs"); the lookup tries the whole
    text first, then its comma-separated parts.
    """
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else list(value)
    out: list[str] = []
    for v in values:
        if not isinstance(v, str):
            raise ConfigurationError(f"{name}={v!r}: give text (or a list of texts)")
        parts = v.split(",") if split else [v]
        out.extend(part.strip() for part in parts if part.strip())
    return tuple(dict.fromkeys(out))


#: alpha-2 -> alpha-3 of the countries labels show ("... (AT)"), for the hint of a wrong code
_ALPHA3 = {two: three for three, two in ALPHA2.items()}


def parse_country(value: str) -> str:
    text = value.strip()
    if text.startswith(COUNTRY_NS):
        code = text[len(COUNTRY_NS) :]
    elif "://" in text:
        raise ConfigurationError(
            f"country={value!r} is not an EU country-table IRI; give an ISO 3166 alpha-3 code "
            f"(DEU) or {COUNTRY_NS}DEU"
        )
    else:
        code = text
    if not re.fullmatch(r"[A-Za-z]{3}", code):
        hint = " (alpha-2 codes are not accepted: AT is AUT)" if len(code) == 2 else ""
        alpha3 = _ALPHA3.get(code.upper()) if len(code) == 2 else country_code(code)
        if alpha3 is not None:
            hint = f" ({code} is {alpha3})"
        raise ConfigurationError(
            f"country={value!r} is not an ISO 3166 alpha-3 code{hint}; give e.g. DEU, AUT or "
            f"the IRI {COUNTRY_NS}DEU"
        )
    return COUNTRY_NS + code.upper()


def parse_choice(name: str, value: str, choices: Mapping[str, str]) -> str:
    key = _slug(value)
    if key.startswith(GG.lower()) or value.startswith(GG):
        for k, iri in choices.items():
            if iri == value.strip():
                return k
    if key in choices:
        return key
    raise ConfigurationError(f"unknown {name} {value!r}; use one of {', '.join(choices)}")


def parse_years(
    value: str | int | Sequence[int | None] | None,
) -> tuple[int | None, int | None] | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ConfigurationError(f"years={value!r}: give a year or a range like 2019-2022")
    if isinstance(value, int):
        return (value, value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{4})?\s*(?:(-|\.\.)\s*(\d{4})?)?\s*", value)
        if not match or not (match.group(1) or match.group(3)):
            raise ConfigurationError(
                f"years={value!r}: give a start-year range like 2019-2022, 2019- or -2022, "
                "or one year"
            )
        start = int(match.group(1)) if match.group(1) else None
        end = int(match.group(3)) if match.group(3) else None
        if match.group(2) is None:
            end = start
        result = (start, end)
    else:
        items = list(value)
        if len(items) != 2 or not all(v is None or isinstance(v, int) for v in items):
            raise ConfigurationError(f"years={value!r}: give (start, end) with years or None")
        result = (items[0], items[1])
    if result[0] is not None and result[1] is not None and result[0] > result[1]:
        raise ConfigurationError(f"years={value!r}: the first year is after the last")
    return result


def parse_between(value: str | Sequence[str] | None) -> tuple[str, str] | None:
    if value is None:
        return None
    parts = [p for p in parse_many("between", value)] if isinstance(value, str) else list(value)
    if len(parts) != 2:
        raise ConfigurationError(
            f"between={value!r}: give two levels, e.g. ('eu', 'national') or eu,national"
        )
    a, b = (parse_choice("level", p, LEVELS) for p in parts)
    return (a, b)
