"""Constants and small helpers the shared analysis facts are built on.

Dimensions and their queries, status ranks, country codes, label choice and the kinds of
organisation; :mod:`._facts` reads the store with them.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from functools import cache, lru_cache
from importlib import resources
from typing import Literal as TypingLiteral

from rdflib import Literal, URIRef
from rdflib.term import Node

from .._exceptions import ConfigurationError
from ..namespace import GG as GG_NS
from ..store import ValueRows

__all__ = [
    "DIMENSIONS",
    "Dimension",
    "load_query",
    "normalise_dimension",
]

GG = str(GG_NS)
EU_LEVEL = GG + "EULevel"

Dimension = TypingLiteral["technology", "policy_area", "challenge"]
#: The three synergy dimensions, in the order ``all`` reports them.
DIMENSIONS: tuple[Dimension, ...] = ("technology", "policy_area", "challenge")

_DIMENSION_QUERIES = {
    "technology": "actor_technologies.rq",
    "policy_area": "actor_policy_areas.rq",
    "challenge": "actor_challenges.rq",
}

#: Progress of an initiative: planned < in development < pilot < implemented.
STATUS_RANKS = {"planned": 1, "indevelopment": 2, "pilot": 3, "implemented": 4}
_STATUS_IRIS = {
    1: GG + "StatusPlanned",
    2: GG + "StatusInDevelopment",
    3: GG + "StatusPilot",
    4: GG + "StatusImplemented",
}


@cache
def load_query(name: str) -> str:
    """Return the text of a packaged SPARQL query (``queries/NAME``).

    The analyses run these plain SPARQL 1.1 queries on any store, embedded or remote; reading
    one shows what an analysis asks of the data.

    Examples:
        >>> from govgraph.analysis import load_query
        >>> text = load_query("hierarchy.rq")
        >>> text.lstrip().startswith(("#", "PREFIX", "SELECT"))
        True
        >>> "?unit" in text and "?parent" in text
        True

    Raises:
        FileNotFoundError: No packaged query of that name.
    """
    return resources.files("govgraph.analysis").joinpath("queries", name).read_text("utf-8")


def normalise_dimension(by: str, *, allow_all: bool = True) -> str:
    """Map ``technology``, ``policy_area`` (or ``policy-area``), ``challenge``, ``all`` to a name.

    Raises:
        ConfigurationError: For any other value.
    """
    key = by.strip().lower().replace("-", "_").replace(" ", "_")
    if key in ("technologies",):
        key = "technology"
    if key in ("policy_areas", "policy", "policyarea"):
        key = "policy_area"
    if key in ("challenges",):
        key = "challenge"
    if key in DIMENSIONS or (allow_all and key == "all"):
        return key
    choices = "technology, policy_area, challenge" + (" or all" if allow_all else "")
    raise ConfigurationError(f"unknown dimension by={by!r}; use {choices}")


def status_rank(status: Node | None) -> int | None:
    """Rank an initiative status (1 planned .. 4 implemented); ``None`` if unknown or not in use.

    Accepts the status IRIs of the govgraph ontology (``gg:StatusPilot`` ...) and, for data that
    states the status as text, the same words as literals ("Pilot", "In development" ...).
    """
    if status is None:
        return None
    return STATUS_RANKS.get(_status_key(str(status), iri=isinstance(status, URIRef)))


def _status_key(text: str, *, iri: bool) -> str:
    """A status as lower-case letters only: an IRI's local name without ``Status``, or a text."""
    if iri:
        text = re.split(r"[#/]", text)[-1]
        if text.lower().startswith("status"):
            text = text[len("status") :]
    return re.sub(r"[^a-z]", "", text.lower())


#: The status of an initiative no longer in use: it has no rank (it is not further along than
#: an implemented one, nor behind a planned one).
NOT_IN_USE = GG + "StatusNotInUse"


def is_not_in_use(value: str | None, datatype: str | None) -> bool:
    """Whether a status given as a value (an IRI when it has no datatype) is "not in use".

    >>> is_not_in_use("https://w3id.org/govgraph#StatusNotInUse", None)
    True
    >>> is_not_in_use("Not in use", "http://www.w3.org/2001/XMLSchema#string")
    True
    >>> is_not_in_use("https://w3id.org/govgraph#StatusPilot", None)
    False
    """
    if value is None:
        return False
    return _status_key(value, iri=datatype is None).removeprefix("status") == "notinuse"


def status_iri(rank: int | None) -> str | None:
    """Return the ontology's status IRI for a rank from :func:`status_rank`."""
    return _STATUS_IRIS.get(rank) if rank is not None else None


def _int(value: Node | None) -> int | None:
    if isinstance(value, Literal):
        try:
            return int(value.toPython()) if not isinstance(value.toPython(), str) else int(value)
        except (TypeError, ValueError):
            return None
    return None


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=4096)
def _int_value(lexical: str | None, datatype: str | None) -> int | None:
    """:func:`_int` of the literal with this lexical form and datatype (cached: levels repeat)."""
    if lexical is None:
        return None
    if datatype is None or datatype == _XSD_STRING:
        return _int(Literal(lexical))
    return _int(Literal(lexical, datatype=URIRef(datatype)))


def _status_rank_value(value: str | None, datatype: str | None) -> int | None:
    """:func:`status_rank` of a status given as a value: an IRI when it has no datatype."""
    if value is None:
        return None
    return status_rank(URIRef(value) if datatype is None else Literal(value))


def _closure(edges: Mapping[str, set[str]]) -> dict[str, frozenset[str]]:
    """Return, for every node with outgoing edges, every node reachable in one step or more."""
    result: dict[str, frozenset[str]] = {}

    def reach(start: str) -> frozenset[str]:
        if start in result:
            return result[start]
        seen: set[str] = set()
        stack = list(edges.get(start, ()))
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in result:
                seen |= result[node]
                continue
            stack.extend(edges.get(node, ()))
        seen.discard(start)
        result[start] = frozenset(seen)
        return result[start]

    for node in list(edges):
        reach(node)
    return result


def label_key(row: tuple[str | None, ...]) -> tuple[int, int, str]:
    """How good a label row is (smaller is better): preferred, English, untagged, then text."""
    _, label, preferred, language = row
    lang = (language or "").lower()
    lang_rank = 0 if lang.startswith("en") else 1 if not lang else 2
    return (0 if preferred == "1" else 1, lang_rank, lang + "\x00" + (label or ""))


def _best_labels(rows: ValueRows) -> dict[str, str]:
    """Pick one label per thing: skos:prefLabel over rdfs:label; English, untagged, any.

    ``rows``: thing, label, preferred (``"1"`` for ``skos:prefLabel``), lang, as ``labels_of.rq``
    and :func:`_label_rows` give them.
    Most things have one label: the rows of a thing are compared only when it has several.
    """
    first: dict[str, tuple[str | None, ...]] = {}
    several: dict[str, list[tuple[str | None, ...]]] = {}
    for row in rows.rows:
        thing = row[0]
        if thing is None or row[1] is None:
            continue
        found = first.setdefault(thing, row)
        if found is not row:
            several.setdefault(thing, [found]).append(row)
    for thing, candidates in several.items():
        # the first of the best (min keeps the first of equal keys)
        first[thing] = min(candidates, key=label_key)
    return {thing: row[1].strip() for thing, row in first.items()}  # type: ignore[union-attr]


#: Most IRIs :meth:`Facts.labels_of` looks up one by one before fetching every label.
LABELS_OF_LIMIT = 5000


def year_of(text: str | None) -> int | None:
    """A start year as stated: ``None`` when absent or not a whole number.

    >>> year_of("2019"), year_of("about 2019"), year_of(None)
    (2019, None, None)
    """
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _unique(rows: ValueRows) -> ValueRows:
    """``rows`` without repeats, in the order of their first occurrence (as ``DISTINCT``)."""
    return ValueRows(variables=rows.variables, rows=list(dict.fromkeys(rows.rows)))


def _collect(rows: ValueRows, into: dict[str, dict[str, str]]) -> None:
    """Rows of ``initiative_facts.rq`` into ``initiative -> what -> smallest value``."""
    facts = []
    for initiative, identifier, year, status, status_type, homepage, country in rows.rows:
        if initiative is None:
            continue
        # a status IRI has no datatype; a status given as text is kept apart
        status_key = "status" if status_type is None else "status_text"
        for what, value in (
            ("identifier", identifier),
            ("start_year", year),
            (status_key, status),
            ("homepage", homepage),
            ("country", country),
        ):
            if value is not None:
                facts.append((initiative, what, value))
    _smallest(facts, into)


#: The predicates of the initiative facts and what each gives (as ``initiative_facts.rq``).
INITIATIVE_FACT_PREDICATES = {
    "http://purl.org/dc/terms/identifier": "identifier",
    GG + "startYear": "start_year",
    GG + "status": "status",
    "http://xmlns.com/foaf/0.1/homepage": "homepage",
    "http://www.w3.org/ns/dcat#landingPage": "homepage",
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": "homepage",
    "http://purl.org/dc/terms/spatial": "country",
}


def _collect_triples(
    rows: ValueRows, initiatives: Container[str], into: dict[str, dict[str, str]]
) -> None:
    """:meth:`Store.triple_values` of :data:`INITIATIVE_FACT_PREDICATES`, as :func:`_collect`.

    Only the subjects in ``initiatives`` are kept (``initiative_facts.rq`` asks for initiatives
    led by or with an actor).
    """
    what_of = INITIATIVE_FACT_PREDICATES
    facts: list[tuple[str, str, str]] = []
    for subject, predicate, value, datatype, _ in rows.rows:
        if subject is None or value is None or subject not in initiatives:
            continue
        what = what_of[str(predicate)]
        if what == "status" and datatype is not None:
            what = "status_text"
        facts.append((subject, what, value))
    _smallest(facts, into)


def _smallest(facts: Iterable[tuple[str, str, str]], into: dict[str, dict[str, str]]) -> None:
    """Keep the smallest value of each (initiative, what) of ``facts`` in ``into``."""
    for initiative, what, value in facts:
        found = into.get(initiative)
        if found is None:
            found = into[initiative] = {}
        old = found.get(what)
        if old is None or value < old:
            found[what] = value


#: The label predicates, the preferred first (as ``labels_of.rq``).
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
LABEL_PREDICATES = (SKOS_PREF_LABEL, "http://www.w3.org/2000/01/rdf-schema#label")


def _label_rows(rows: ValueRows) -> ValueRows:
    """:meth:`Store.triple_values` of :data:`LABEL_PREDICATES` as the rows of ``labels_of.rq``.

    Only literals are labels (a literal has a datatype).
    """
    return ValueRows(
        variables=("thing", "label", "preferred", "lang"),
        rows=[
            (subject, value, "1" if predicate == SKOS_PREF_LABEL else "0", lang)
            for subject, predicate, value, datatype, lang in rows.rows
            if datatype is not None
        ],
    )


_TYPE_KINDS = {
    GG + "PublicAdministration": "public-administration",
    GG + "AdministrativeUnit": "public-administration",
    "http://data.europa.eu/m8g/PublicOrganisation": "public-administration",
    GG + "PrivatePartner": "company",
}
_KIND_ORDER = [
    "public-administration",
    "international-organisation",
    "research",
    "ngo",
    "company",
    "other",
]
_LEVEL_NAMES = {
    GG + "EULevel": "eu",
    GG + "NationalLevel": "national",
    GG + "RegionalLevel": "regional",
    GG + "LocalLevel": "local",
}


@lru_cache(maxsize=1024)
def _category_kind(category: str) -> str | None:
    """Kind of an organisation category concept, read from its last path segment."""
    code = re.split(r"[#/]", category.rstrip("/"))[-1].lower()
    if "international" in code:
        return "international-organisation"
    if any(w in code for w in ("non-governmental", "ngo", "community")):
        return "ngo"
    if any(w in code for w in ("government", "eu-institution", "public-admin", "municipal")):
        return "public-administration"
    if any(w in code for w in ("academic", "research", "university")):
        return "research"
    if any(w in code for w in ("private", "company", "govtech", "enterprise", "business")):
        return "company"
    return "other"


#: ISO 3166 alpha-3 -> alpha-2 for the countries of the data (labels such as "... (AT)").
ALPHA2 = {
    "ALB": "AL", "AND": "AD", "ARM": "AM", "AUT": "AT", "AZE": "AZ", "BLR": "BY", "BEL": "BE",
    "BIH": "BA", "BGR": "BG", "HRV": "HR", "CYP": "CY", "CZE": "CZ", "DNK": "DK", "EST": "EE",
    "EUR": "EU", "FIN": "FI", "FRA": "FR", "GEO": "GE", "DEU": "DE", "GRC": "GR", "VAT": "VA",
    "HUN": "HU", "ISL": "IS", "IRL": "IE", "ITA": "IT", "XKX": "XK", "LVA": "LV", "LIE": "LI",
    "LTU": "LT", "LUX": "LU", "MLT": "MT", "MDA": "MD", "MCO": "MC", "MNE": "ME", "NLD": "NL",
    "MKD": "MK", "NOR": "NO", "POL": "PL", "PRT": "PT", "ROU": "RO", "SMR": "SM", "SRB": "RS",
    "SVK": "SK", "SVN": "SI", "ESP": "ES", "SWE": "SE", "CHE": "CH", "TUR": "TR", "UKR": "UA",
    "GBR": "GB", "USA": "US", "CAN": "CA",
}  # fmt: skip


def short_code(country: str | None) -> str | None:
    """A country IRI as a short code for labels (``AT``; alpha-3 when not known)."""
    if country is None:
        return None
    code = country.rsplit("/", 1)[-1]
    return ALPHA2.get(code, code)


def organisation_facts(rows: ValueRows) -> tuple[dict[str, set[str]], ...]:
    """Rows of ``organisation_facts.rq``: organisation -> categories, classes, own countries."""
    categories: dict[str, set[str]] = {}
    types: dict[str, set[str]] = {}
    countries: dict[str, set[str]] = {}
    for org, category, type_, country in rows.rows:
        if org is None:
            continue
        if category is not None:
            categories.setdefault(org, set()).add(category)
        if type_ is not None:
            types.setdefault(org, set()).add(type_)
        if country is not None:
            countries.setdefault(org, set()).add(country)
    return categories, types, countries


def own_kinds(categories: Mapping[str, set[str]], types: Mapping[str, set[str]]) -> dict[str, str]:
    """Organisation -> the kind its own categories (else its classes) give, where one does."""
    order = {kind: k for k, kind in enumerate(_KIND_ORDER)}
    # organisations share a few sets of categories and classes: each is judged once
    judged: dict[tuple[frozenset[str], frozenset[str]], str | None] = {}
    result: dict[str, str] = {}
    for org in categories.keys() | types.keys():
        key = (frozenset(categories.get(org, ())), frozenset(types.get(org, ())))
        if key in judged:
            kind = judged[key]
        else:
            kinds = {k for k in map(_category_kind, key[0]) if k}
            if not kinds:
                kinds = {k for k in map(_TYPE_KINDS.get, key[1]) if k}
            kind = judged[key] = min(kinds, key=order.__getitem__) if kinds else None
        if kind is not None:
            result[org] = kind
    return result
