"""Normalisation rules shared by the importers (documented in ``docs/import.md``).

- :func:`clean_text`: Unicode NFC, every run of white space (including no-break spaces) becomes
  one space, leading/trailing space removed; empty cells become ``None``.
- :func:`fold`: :func:`clean_text` then ``str.casefold()``: the key used to merge spellings
  ("European Commission " and "european commission" are one).
- :func:`slug`: ASCII, lower case, ``a-z0-9`` and ``-`` only: the last segment of minted IRIs.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
import unicodedata
from typing import Any

from pyoxigraph import NamedNode
from rdflib import Namespace, URIRef

from ..namespace import (
    COUNTRY,
    GG,  # closed: a misspelt term raises
)

__all__ = [
    "COUNTRY",
    "COUNTRY_CODES",
    "GG",
    "ID",
    "clean_text",
    "country_code",
    "country_iri",
    "fold",
    "is_http_iri",
    "misencoded",
    "parse_int",
    "parse_year",
    "slug",
    "tidy_name",
]

#: Base of the IRIs govgraph mints for imported things (initiative/PSTW-12, org/<slug>-<cc>).
ID = Namespace("https://w3id.org/govgraph/id/")
#: The EU Publications Office country authority table.
COUNTRY_SCHEME = URIRef("http://publications.europa.eu/resource/authority/country")

_WS = re.compile(r"\s+", re.UNICODE)
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_HTTP_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_MAX_SLUG = 60
#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@")


def clean_text(value: Any) -> str | None:
    r"""Return a cell value as tidy text, or ``None`` for an empty cell.

    Leading white space is removed, except one space before a leading ``=``, ``+``, ``-`` or
    ``@``: the importer never turns text into a spreadsheet formula.

    >>> clean_text("  Ministry\u00a0of  Justice ")
    'Ministry of Justice'
    >>> clean_text("\t=1+2")
    ' =1+2'

    Numbers that are whole (``2020.0``) print without the decimal part; dates print as ISO
    ``YYYY-MM-DD``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float):
        text = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, _dt.datetime):
        text = value.date().isoformat() if value.time() == _dt.time() else value.isoformat()
    elif isinstance(value, _dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = unicodedata.normalize("NFC", text)
    text = _WS.sub(" ", text)
    stripped = text.strip()
    if stripped.startswith(_FORMULA_START) and text[0] == " ":
        # "\t=1+2" is text; stripping its tab would hand a spreadsheet the live formula "=1+2".
        return " " + stripped
    return stripped or None


_TRAILING_MARKS = re.compile(r"[\s:;,]+$")
_SENTENCE_STOP = re.compile(r"(?<=[^\W\d_]{5})\.$")
_OPEN_SPACE = re.compile(r"\(\s+")
_SPACE_CLOSE = re.compile(r"\s+\)")


def tidy_name(text: str) -> str:
    """Return a name without the punctuation a source left after it (the name itself kept).

    Trailing colons, semicolons and commas go, and a full stop after a word of five letters or
    more (a sentence's end, not an abbreviation: ``Ltd.``, ``B.V.``, ``S.p.A.`` stay). A name
    that would become empty is returned unchanged.

    >>> tidy_name("Central Agency of Social Security Bodies (ACOSS):")
    'Central Agency of Social Security Bodies (ACOSS)'
    >>> tidy_name("Municipality of Rotterdam, Welance.io,")
    'Municipality of Rotterdam, Welance.io'
    >>> tidy_name("Hansel Ltd.")
    'Hansel Ltd.'

    A part written twice in a comma-separated name is written once (case and spacing aside):

    >>> tidy_name("The Water Development Department, The Water Development Department, Cyprus")
    'The Water Development Department, Cyprus'

    Spaces just inside brackets go:

    >>> tidy_name("Rijkswaterstaat (RWS )")
    'Rijkswaterstaat (RWS)'
    """
    tidy = _SPACE_CLOSE.sub(")", _OPEN_SPACE.sub("(", text))
    tidy = _SENTENCE_STOP.sub("", _TRAILING_MARKS.sub("", tidy))
    tidy = _TRAILING_MARKS.sub("", tidy)
    parts = tidy.split(",")
    if len(parts) > 1:
        kept: dict[str, str] = {}
        for part in parts:
            kept.setdefault(_WS.sub(" ", part).strip().casefold(), part)
        if len(kept) < len(parts) and all(kept):
            tidy = ",".join(kept.values()).strip()
    return tidy or text


#: What UTF-8 text read as Windows-1252 looks like: "Â®" for "®", "â€™" for "’", "Ã©" for "é".
_MOJIBAKE = re.compile(
    "Ã[\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u017d\u017e\u0178]|Â[\u00a0-\u00bf]|â€"
)


def misencoded(text: str) -> str | None:
    r"""The text as it was meant, when it reads as UTF-8 decoded as Windows-1252; else ``None``.

    Only text that shows the usual marks of that mistake is answered, so correct text with
    accents is left alone; bytes the source lost show as U+FFFD (the replacement character).
    The importers report it (they do not change what the source says).

    >>> misencoded("RMGÂ® The New Digital Gold Standard")
    'RMG® The New Digital Gold Standard'
    >>> misencoded("the Cityâ€™s registry"), misencoded("Région Île-de-France")
    ('the City’s registry', None)
    >>> misencoded("a â€œsmartâ€\x9d city")
    'a “smart” city'
    """
    if not _MOJIBAKE.search(text):
        return None
    raw = bytearray()
    try:
        for ch in text:
            # the five bytes Windows-1252 leaves undefined were read as the same code points
            # ("\x9d" of the "â€\x9d" that stands for a closing quote)
            raw += bytes([ord(ch)]) if 0x80 <= ord(ch) <= 0x9F else ch.encode("cp1252")
    except UnicodeError:  # a character Windows-1252 cannot have produced
        return None
    # bytes lost before the file was written stay lost: "\ufffd" marks them
    meant = raw.decode("utf-8", errors="replace")
    return meant if meant != text else None


def fold(value: Any) -> str | None:
    """Return the matching key of a value: cleaned text, case-folded (``None`` when empty)."""
    text = clean_text(value)
    return text.casefold() if text is not None else None


def slug(text: str) -> str:
    """Return a percent-safe IRI segment for ``text`` (ASCII letters, digits and hyphens).

    Accents are dropped (``Málaga`` -> ``malaga``); the result is at most 60 characters. Text
    without any Latin letter or digit gets ``x`` plus a short hash of the text, so the segment is
    never empty and stays stable across runs.
    """
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    out = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(out) > _MAX_SLUG:
        out = out[:_MAX_SLUG].rstrip("-")
    if not out:
        out = "x" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    return out


def parse_int(value: Any) -> int | None:
    """Parse a whole number from a cell (int, whole float, or digits as text).

    Returns:
        The number, or ``None`` when the cell is empty.

    Raises:
        ValueError: When the cell holds something that is not a whole number.
    """
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise ValueError("a true/false value is not a number")
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError("not a whole number")
    text = clean_text(value)
    if text is None:
        return None
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(text.split(".")[0])
    raise ValueError("not a whole number")


def parse_year(value: Any) -> int | None:
    """Parse a year (1900..2100) from a number, text or a date cell.

    Returns:
        The year, or ``None`` when the cell is empty.

    Raises:
        ValueError: When the cell holds no plausible year.
    """
    if isinstance(value, _dt.date):
        return value.year
    year = parse_int(value)
    if year is None:
        return None
    if not 1900 <= year <= 2100:
        raise ValueError("a year must be between 1900 and 2100")
    return year


def is_http_iri(text: str) -> bool:
    """Return whether ``text`` is a valid absolute http(s) IRI (RFC 3987, checked by Oxigraph)."""
    if not _HTTP_IRI.match(text):
        return False
    try:
        NamedNode(text)
    except ValueError:
        return False
    return True


#: English country names (folded) and common variants -> EU authority table code.
COUNTRY_CODES: dict[str, str] = {
    "albania": "ALB",
    "andorra": "AND",
    "armenia": "ARM",
    "austria": "AUT",
    "azerbaijan": "AZE",
    "belarus": "BLR",
    "belgium": "BEL",
    "bosnia and herzegovina": "BIH",
    "bulgaria": "BGR",
    "croatia": "HRV",
    "cyprus": "CYP",
    "czechia": "CZE",
    "czech republic": "CZE",
    "denmark": "DNK",
    "estonia": "EST",
    "european union": "EUR",
    "eu": "EUR",
    "finland": "FIN",
    "france": "FRA",
    "georgia": "GEO",
    "germany": "DEU",
    "greece": "GRC",
    "holy see": "VAT",
    "vatican city": "VAT",
    "vatican": "VAT",
    "hungary": "HUN",
    "iceland": "ISL",
    "ireland": "IRL",
    "italy": "ITA",
    "kosovo": "XKX",
    "latvia": "LVA",
    "liechtenstein": "LIE",
    "lithuania": "LTU",
    "luxembourg": "LUX",
    "malta": "MLT",
    "moldova": "MDA",
    "republic of moldova": "MDA",
    "monaco": "MCO",
    "montenegro": "MNE",
    "netherlands": "NLD",
    "the netherlands": "NLD",
    "north macedonia": "MKD",
    "norway": "NOR",
    "poland": "POL",
    "portugal": "PRT",
    "romania": "ROU",
    "san marino": "SMR",
    "serbia": "SRB",
    "slovakia": "SVK",
    "slovenia": "SVN",
    "spain": "ESP",
    "sweden": "SWE",
    "switzerland": "CHE",
    "türkiye": "TUR",
    "turkey": "TUR",
    "ukraine": "UKR",
    "united kingdom": "GBR",
    "uk": "GBR",
    "united states": "USA",
    "canada": "CAN",
}

#: English labels written for the country concepts referenced by imports.
COUNTRY_LABELS: dict[str, str] = {
    "ALB": "Albania",
    "AND": "Andorra",
    "ARM": "Armenia",
    "AUT": "Austria",
    "AZE": "Azerbaijan",
    "BLR": "Belarus",
    "BEL": "Belgium",
    "BIH": "Bosnia and Herzegovina",
    "BGR": "Bulgaria",
    "HRV": "Croatia",
    "CYP": "Cyprus",
    "CZE": "Czechia",
    "DNK": "Denmark",
    "EST": "Estonia",
    "EUR": "European Union",
    "FIN": "Finland",
    "FRA": "France",
    "GEO": "Georgia",
    "DEU": "Germany",
    "GRC": "Greece",
    "VAT": "Holy See",
    "HUN": "Hungary",
    "ISL": "Iceland",
    "IRL": "Ireland",
    "ITA": "Italy",
    "XKX": "Kosovo",
    "LVA": "Latvia",
    "LIE": "Liechtenstein",
    "LTU": "Lithuania",
    "LUX": "Luxembourg",
    "MLT": "Malta",
    "MDA": "Moldova",
    "MCO": "Monaco",
    "MNE": "Montenegro",
    "NLD": "Netherlands",
    "MKD": "North Macedonia",
    "NOR": "Norway",
    "POL": "Poland",
    "PRT": "Portugal",
    "ROU": "Romania",
    "SMR": "San Marino",
    "SRB": "Serbia",
    "SVK": "Slovakia",
    "SVN": "Slovenia",
    "ESP": "Spain",
    "SWE": "Sweden",
    "CHE": "Switzerland",
    "TUR": "Türkiye",
    "UKR": "Ukraine",
    "GBR": "United Kingdom",
    "USA": "United States",
    "CAN": "Canada",
}


def country_code(value: Any) -> str | None:
    """Return the EU authority code of a country name or code, or ``None`` when unknown.

    Accepts English names (``"Germany"``, ``"Türkiye"``, ``"European Union"``) and three-letter
    codes that govgraph knows (``"DEU"``), in any case; nothing else (no two-letter codes).

    Examples:
        >>> country_code("Italy"), country_code("deu"), country_code("Atlantis")
        ('ITA', 'DEU', None)
    """
    key = fold(value)
    if key is None:
        return None
    if key in COUNTRY_CODES:
        return COUNTRY_CODES[key]
    upper = key.upper()
    if upper in COUNTRY_LABELS:
        return upper
    return None


def country_iri(code: str) -> URIRef:
    """Return the EU authority IRI of a country code (``DEU`` -> ``.../country/DEU``)."""
    return COUNTRY[code]
