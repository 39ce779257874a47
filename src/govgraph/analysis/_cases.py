"""Initiatives ("cases") of one release as plain records, read with three portable queries.

Shared by the release comparison (``diff``) and the adoption counts: one :class:`Case` per
``gg:Initiative`` with its identifier, label, status, country, start year, lead organisation and
level, technologies, policy areas, web pages and the dataset (release) it was derived from.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..namespace import COUNTRY as COUNTRY_NS
from ..namespace import GG as GG_NS
from ..store import Store
from ._vocab import LABEL_PREDICATES, _best_labels, _label_rows, load_query

__all__ = [
    "STATUS_LABELS",
    "Case",
    "Release",
    "normalise_name",
    "normalise_url",
    "read_cases",
    "read_labels",
    "read_releases",
    "status_label",
    "top_concepts",
]

GG = str(GG_NS)
COUNTRY = str(COUNTRY_NS)

#: Labels of the status scheme, in the order of progress (the diff contract).
STATUS_LABELS: dict[str, str] = {
    GG + "StatusPlanned": "Planned",
    GG + "StatusInDevelopment": "In development",
    GG + "StatusPilot": "Pilot",
    GG + "StatusImplemented": "Implemented",
    GG + "StatusNotInUse": "Not in use",
}
LEVEL_LABELS: dict[str, str] = {
    GG + "EULevel": "EU",
    GG + "NationalLevel": "national",
    GG + "RegionalLevel": "regional",
    GG + "LocalLevel": "local",
}


def status_label(status: str | None) -> str | None:
    """Return the contract label of a status IRI (``gg:StatusPilot`` -> ``"Pilot"``)."""
    if status is None:
        return None
    return STATUS_LABELS.get(status, re.split(r"[#/]", status)[-1])


def country_code(iri: str | None) -> str | None:
    """Return the EU authority code of a country IRI (``.../country/NLD`` -> ``NLD``)."""
    if iri is None:
        return None
    return iri[len(COUNTRY) :] if iri.startswith(COUNTRY) else iri


_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalise_name(text: str | None) -> str:
    """The matching key of a case name: no accents, case or punctuation, single spaces.

    >>> normalise_name("  Mona – Public Chatbot (Austria) ")
    'mona public chatbot austria'
    """
    if not text:
        return ""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub(" ", ascii_text.casefold()).strip()


def normalise_url(url: str | None) -> str:
    """The matching key of a web page: host without ``www.``, path without trailing slash.

    >>> normalise_url("https://www.Example.org/AI/")
    'example.org/AI'
    """
    if not url:
        return ""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}" if host else ""


@dataclass
class Case:
    """One initiative of a release.

    Attributes:
        iri: The initiative.
        identifier: ``dct:identifier`` (``PSTW-601``, ``IPS-10000``).
        label: Its name.
        status: Status IRI, if recorded.
        country: Country IRI (``dct:spatial``), if recorded.
        start: Start year.
        lead: Lead organisation IRI.
        level: Administrative level IRI of the lead.
        dataset: The release it was derived from (``prov:wasDerivedFrom``).
        technologies: Technology IRIs.
        policy_areas: Policy area (COFOG) IRIs.
        homepages: Web pages.
    """

    iri: str
    identifier: str | None = None
    label: str | None = None
    status: str | None = None
    country: str | None = None
    start: int | None = None
    lead: str | None = None
    level: str | None = None
    dataset: str | None = None
    technologies: list[str] = field(default_factory=list)
    policy_areas: list[str] = field(default_factory=list)
    homepages: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Release:  # public as govgraph.analysis.Release
    """A dataset initiatives are derived from.

    Attributes:
        dataset: Its IRI.
        title: ``dct:title``.
        issued: ``dct:issued`` as written (a year or a date).
        updated: The latest ``dct:modified`` of its cases (PSTW's "Date updated").
        cases: How many initiatives are derived from it.
    """

    dataset: str
    title: str | None
    issued: str | None
    updated: str | None
    cases: int

    @property
    def date(self) -> str | None:
        """``issued``, else the latest case update: what the release is dated by.

        Examples:
            >>> Release("http://example.org/pstw-2024", "PSTW", None, "2024-05-02", 3).date
            '2024-05-02'
            >>> Release("http://example.org/pstw-2024", "PSTW", "2024", "2024-05-02", 3).date
            '2024'
        """
        return self.issued or self.updated

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-friendly form (the fields and :attr:`date`).

        Examples:
            >>> release = Release("http://example.org/pstw-2024", "PSTW", None, "2024-05-02", 3)
            >>> release.to_dict()["date"], release.to_dict()["cases"], list(release.to_dict())[:3]
            ('2024-05-02', 3, ['dataset', 'title', 'issued'])
        """
        return {
            "dataset": self.dataset,
            "title": self.title,
            "issued": self.issued,
            "updated": self.updated,
            "date": self.date,
            "cases": self.cases,
        }


def _first(current: str | None, value: str | None) -> str | None:
    """Keep one value of a multi-valued fact deterministically (the smallest)."""
    if value is None:
        return current
    return value if current is None or value < current else current


def read_cases(store: Store, *, dataset: str | None = None) -> list[Case]:
    """Read every initiative of ``store`` (only those derived from ``dataset`` if given).

    A fact recorded several times for one case (two countries, two statuses) is read as its
    smallest value so that the result does not depend on the order the store answers in.
    """
    cases: dict[str, Case] = {}
    rows = store.query_values(load_query("release_cases.rq"))
    names = rows.variables
    for row in rows:
        r = dict(zip(names, row, strict=True))
        iri = r["initiative"]
        if iri is None:
            continue
        case = cases.get(iri)
        if case is None:
            case = cases[iri] = Case(iri=iri)
        case.identifier = _first(case.identifier, r["identifier"])
        case.label = _first(case.label, r["label"])
        case.status = _first(case.status, r["status"])
        case.country = _first(case.country, r["country"])
        case.lead = _first(case.lead, r["lead"])
        case.level = _first(case.level, r["level"])
        case.dataset = _first(case.dataset, r["dataset"])
        if r["start"] is not None:
            try:
                year = int(str(r["start"])[:4])
            except ValueError:
                year = None
            if year is not None and (case.start is None or year < case.start):
                case.start = year
    links: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for iri, kind, value in store.query_values(load_query("release_links.rq")):
        if iri is not None and kind is not None and value is not None and iri in cases:
            links[iri][kind].add(value)
    for iri, kinds in links.items():
        case = cases[iri]
        case.technologies = sorted(kinds.get("technology", ()))
        case.policy_areas = sorted(kinds.get("policy_area", ()))
        case.homepages = sorted(kinds.get("homepage", ()))
    out = sorted(cases.values(), key=lambda c: (c.identifier or "", c.iri))
    if dataset is not None:
        out = [c for c in out if c.dataset == dataset]
    return out


def read_releases(store: Store) -> list[Release]:
    """Return the datasets (releases) the initiatives of ``store`` come from, oldest first.

    A release is a dataset that initiatives are ``prov:wasDerivedFrom``; its date is its
    ``dct:issued``, else the latest ``dct:modified`` of its initiatives.

    Examples:
        >>> from govgraph.analysis import releases
        >>> from govgraph.store import OxigraphStore
        >>> releases(OxigraphStore())
        []
    """
    titles: dict[str, str] = {}
    issued: dict[str, str] = {}
    cases: dict[str, set[str]] = defaultdict(set)
    updated: dict[str, str] = {}
    for initiative, dataset, title, date, modified in store.query_values(
        load_query("release_datasets.rq")
    ):
        if dataset is None or initiative is None:
            continue
        cases[dataset].add(initiative)
        if title is not None:
            titles[dataset] = min(title, titles.get(dataset, title))
        if date is not None:
            issued[dataset] = max(date, issued.get(dataset, date))
        if modified is not None:
            day = modified[:10]
            updated[dataset] = max(day, updated.get(dataset, day))
    found = [
        Release(
            dataset=d,
            title=titles.get(d),
            issued=issued.get(d),
            updated=updated.get(d),
            cases=len(members),
        )
        for d, members in cases.items()
    ]
    return sorted(found, key=lambda r: (r.date or "", r.dataset))


def top_concepts(store: Store) -> dict[str, str]:
    """Map each concept with a broader one to its top ancestor (a COFOG group to its division).

    A concept with several broader ones follows the smallest IRI (whatever the row order).
    """
    parent: dict[str, str] = {}
    for narrower, broader in store.query_values(load_query("broader.rq")):
        if narrower is not None and broader is not None:
            parent[narrower] = min(broader, parent.get(narrower, broader))
    top: dict[str, str] = {}
    for concept in parent:
        seen = {concept}
        node = concept
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        top[concept] = node
    return top


def read_labels(store: Store) -> dict[str, str]:
    """Return one label per labelled IRI, chosen as :attr:`Facts.labels` chooses it.

    ``skos:prefLabel`` over ``rdfs:label``; English, then untagged, then any language.
    """
    return _best_labels(_label_rows(store.triple_values(LABEL_PREDICATES)))
