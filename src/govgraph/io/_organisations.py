"""Organisations of imported cases: grouping name spellings into one node, categories, IRIs.

The cases of a Tech Watch table name their lead organisation as free text. Spellings whose folded
form is equal (and, for government bodies, whose country is equal) become one organisation; EU
bodies are one organisation whatever the coverage country of the case.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from ._categories import CATEGORY_PRIORITY, EU_CATEGORY, OrganisationCategory
from ._normalise import GG, ID, slug

__all__ = ["Organisation", "OrganisationSighting", "group_organisations"]

#: ``problem(row, message)``: where the grouping reports a documented decision.
ProblemSink = Callable[[int, str], None]


@dataclass(frozen=True)
class OrganisationSighting:
    """One mention of an organisation in a row: the name as written, with its context."""

    row: int
    ident: str
    name: str
    key: str
    country: str | None
    category: OrganisationCategory | None


@dataclass
class Organisation:
    """One organisation node: every spelling seen, the rows behind it, its category and IRI."""

    key: tuple[str, str]
    names: Counter[str] = field(default_factory=Counter)
    first_name_row: dict[str, int] = field(default_factory=dict)
    categories: dict[OrganisationCategory, list[int]] = field(default_factory=dict)
    eu: bool = False
    iri: URIRef = field(default=URIRef(""))
    category: OrganisationCategory | None = None

    @property
    def country(self) -> str | None:
        """The ISO 3166 alpha-2 country code, or ``None`` (EU bodies, unknown country)."""
        cc = self.key[1]
        return cc if cc and cc != "EUR" else None

    @property
    def label(self) -> str:
        """The most frequent spelling (the first seen among equally frequent ones)."""
        best = max(self.names.values())
        return min(
            (n for n, k in self.names.items() if k == best), key=lambda n: self.first_name_row[n]
        )


def group_organisations(
    sightings: Iterable[OrganisationSighting], *, problem: ProblemSink
) -> tuple[dict[tuple[str, str], Organisation], dict[str, tuple[str, str]]]:
    """Group sightings into organisations, choose each one's category and mint its IRI.

    Returns:
        The organisations by key ``(folded name, country code or "EUR")`` and the key of each
        case identifier.
    """
    seen = list(sightings)
    eu_names = {s.key for s in seen if s.category is not None and s.category.level == GG.EULevel}
    orgs: dict[tuple[str, str], Organisation] = {}
    by_case: dict[str, tuple[str, str]] = {}
    for s in seen:
        eu = s.key in eu_names
        key = (s.key, "EUR" if eu else (s.country or ""))
        org = orgs.setdefault(key, Organisation(key=key, eu=eu))
        org.names[s.name] += 1
        org.first_name_row.setdefault(s.name, s.row)
        if s.category is not None:
            org.categories.setdefault(s.category, []).append(s.row)
        by_case[s.ident] = key
    for org in orgs.values():
        org.category = _choose_category(org, problem)
    _mint_iris(orgs)
    return orgs, by_case


def _mint_iris(orgs: dict[tuple[str, str], Organisation]) -> None:
    """IRIs: slug of the name + country code; colliding slugs get a hash of the folded name."""
    proposed: dict[tuple[str, str], str] = {}
    for key in orgs:
        name, cc = key
        proposed[key] = f"{slug(name)}-{cc.lower()}" if cc else slug(name)
    clashes = Counter(proposed.values())
    for key, local in proposed.items():
        if clashes[local] > 1:
            local = f"{local}-{hashlib.sha1(key[0].encode('utf-8')).hexdigest()[:8]}"
        orgs[key].iri = ID[f"org/{local}"]


def _choose_category(org: Organisation, problem: ProblemSink) -> OrganisationCategory | None:
    if org.eu:
        chosen: OrganisationCategory | None = EU_CATEGORY
    elif org.categories:
        best = max(len(rows) for rows in org.categories.values())
        tied = [c for c, rows in org.categories.items() if len(rows) == best]
        chosen = min(tied, key=CATEGORY_PRIORITY.index)
    else:
        chosen = None
    if len(org.categories) > 1 or (org.eu and set(org.categories) - {EU_CATEGORY}):
        others = ", ".join(
            f"{c.label} (rows {', '.join(map(str, rows[:5]))}{'...' if len(rows) > 5 else ''})"
            for c, rows in sorted(org.categories.items(), key=lambda kv: kv[1][0])
        )
        rule = "EU body" if org.eu else "most frequent"
        first_other = min(r for c, rows in org.categories.items() if c is not chosen for r in rows)
        problem(
            first_other,
            f"'{org.label}' appears under several categories: {others}; "
            f"classified as {chosen.label if chosen else 'unclassified'} ({rule} rule)",
        )
    return chosen
