"""Organisations of imported cases: one node per organisation, with every name seen.

The cases of a Tech Watch table name their lead organisation as free text. The sightings are
resolved in three steps (documented in ``docs/import.md``):

1. Names of EU institutions, agencies and Commission DGs, and of other international bodies,
   are looked up in the vendored corporate-body table (:mod:`._eu_bodies`): one node per body
   whatever the coverage country of the case.
2. The other sightings are split into blocks by country and administrative level (never merged
   across them); a name seen under an EU category goes to the EU block.
3. Within a block, spellings are grouped by entity resolution (:mod:`._resolve`); every merge is
   recorded as a :class:`Merge`.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from ._categories import (
    CATEGORY_PRIORITY,
    EU_CATEGORY,
    INTERNATIONAL_CATEGORY,
    OrganisationCategory,
)
from ._eu_bodies import EuBody, find_eu_body
from ._normalise import GG, ID, fold, slug
from ._own_categories import CategoryTable
from ._resolve import DEFAULT_THRESHOLD, AliasTable, Merge, cluster_names, match_key

__all__ = ["OrgKey", "Organisation", "OrganisationSighting", "group_organisations"]

#: ``problem(row, message, about)``: where the grouping reports a documented decision;
#: ``about`` is ``"category"`` or ``"country"`` (the column the decision concerns).
ProblemSink = Callable[[int, str, str], None]
#: ``(folded label, country code or "EUR" or "", level tag)``.
OrgKey = tuple[str, str, str]


@dataclass(frozen=True)
class OrganisationSighting:
    """One mention of an organisation in a row: the name as written, with its context."""

    row: int
    ident: str
    name: str
    key: str
    country: str | None
    category: OrganisationCategory | None
    #: The name exactly as the source wrote it, when tidying changed it (``"... (ACOSS):"``).
    raw: str | None = None


@dataclass
class Organisation:
    """One organisation node: every spelling seen, the rows behind it, its category and IRI."""

    key: OrgKey
    label: str = ""
    names: Counter[str] = field(default_factory=Counter)
    first_name_row: dict[str, int] = field(default_factory=dict)
    categories: dict[OrganisationCategory, list[int]] = field(default_factory=dict)
    eu: bool = False
    body: EuBody | None = None
    iri: URIRef = field(default=URIRef(""))
    category: OrganisationCategory | None = None
    #: Names as the source wrote them before tidying (kept as alternative labels).
    raw_names: set[str] = field(default_factory=set)

    @property
    def country(self) -> str | None:
        """The ISO 3166 alpha-3 country code, or ``None`` (EU bodies, unknown country)."""
        cc = self.key[1]
        return cc if cc and cc != "EUR" else None


def _level_tag(category: OrganisationCategory | None) -> str:
    return str(category.level) if category is not None and category.level is not None else ""


def group_organisations(
    sightings: Iterable[OrganisationSighting],
    *,
    problem: ProblemSink,
    aliases: AliasTable | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    categories: CategoryTable | None = None,
) -> tuple[dict[OrgKey, Organisation], dict[str, OrgKey], list[Merge]]:
    """Resolve sightings into organisations, choose each one's category and mint its IRI.

    ``categories``: the organisations' own categories where a categories file names them
    (:mod:`._own_categories`); they replace the one chosen from the rows, and the import's
    problem list says so.

    Returns:
        The organisations by key, the key of each case identifier, and the merges made (name
        variants joined to an organisation, with rows, similarity and rule).
    """
    seen = list(sightings)
    eu_names = {s.key for s in seen if s.category is not None and s.category.level == GG.EULevel}
    seen = _home_countries(seen, eu_names, problem)
    orgs: dict[OrgKey, Organisation] = {}
    by_case: dict[str, OrgKey] = {}
    merges: list[tuple[Organisation, Merge]] = []
    blocks: dict[tuple[str, str], dict[str, list[OrganisationSighting]]] = defaultdict(
        lambda: defaultdict(list)
    )
    bodies: dict[str, list[OrganisationSighting]] = defaultdict(list)
    body_of: dict[str, EuBody] = {}

    # One folded name in one country is one organisation (as before entity resolution): its
    # sightings go to the block of its most frequent level (government levels first, in the
    # category priority order); a name seen under another category (consortium, academic...)
    # and under a government one joins the government block.
    # An alias of the aliases file joins its target's block (the user's decision may merge
    # across the levels PSTW gives inconsistently: "Cancer Registry Norway" / "... of Norway").
    def block_key(s: OrganisationSighting) -> str:
        target = aliases.target(s.name, s.country) if aliases is not None else None
        return target or s.key

    level_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for s in seen:
        level_votes[(s.country or "", block_key(s))][_level_tag(s.category)] += 1
    rank = {_level_tag(c): i for i, c in reversed(list(enumerate(CATEGORY_PRIORITY)))}

    # A name never filed under a government category ("Landesbank Baden-Württemberg" as
    # non-governmental) whose match key equals that of exactly one government body of its
    # country is that body (its level is missing, not a second body): it joins that block.
    governed: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s in seen:
        cc = s.country or ""
        if cc not in ("", "EUR") and any(level_votes[(cc, block_key(s))]):
            mk = match_key(s.name, cc)
            if mk.distinctive:
                governed[(cc, mk.key)].add(block_key(s))

    def block_level(s: OrganisationSighting) -> str:
        votes = level_votes[(s.country or "", block_key(s))]
        government = {k: n for k, n in votes.items() if k}
        if not government and (aliases is None or not aliases.apart(s.name, s.country)):
            cc = s.country or ""
            same = governed.get((cc, match_key(s.name, cc).key), set())
            if len(same) == 1:
                votes = level_votes[(cc, next(iter(same)))]
                government = {k: n for k, n in votes.items() if k}
        if not government:
            return ""
        best = max(government.values())
        return min((k for k, n in government.items() if n == best), key=lambda k: rank.get(k, 99))

    for s in seen:
        body = find_eu_body(s.name)
        if body is not None:
            bodies[body.label].append(s)
            body_of[body.label] = body
        elif s.key in eu_names:
            blocks[("EUR", str(GG.EULevel))][s.name].append(s)
        else:
            blocks[(s.country or "", block_level(s))][s.name].append(s)

    def add(org: Organisation, members: list[OrganisationSighting]) -> None:
        for s in members:
            org.names[s.name] += 1
            org.first_name_row.setdefault(s.name, s.row)
            if s.raw is not None:
                org.raw_names.add(s.raw)
            if s.category is not None:
                org.categories.setdefault(s.category, []).append(s.row)
            by_case[s.ident] = org.key

    for label, members in bodies.items():
        body = body_of[label]
        key: OrgKey = (fold(body.label) or "", "EUR" if body.eu else "", "body")
        org = orgs.setdefault(key, Organisation(key=key, label=body.label, eu=body.eu, body=body))
        add(org, members)
        for name in sorted({s.name for s in members}):
            if name != body.label:
                rows = tuple(s.row for s in members if s.name == name)
                merges.append(
                    (org, Merge("", body.label, name, body.label, 100.0, "eu-body", rows))
                )

    for (cc, level), by_name in blocks.items():
        rows_of = {name: [s.row for s in ss] for name, ss in by_name.items()}
        country = cc if cc and cc != "EUR" else None
        for spellings, evidence in cluster_names(
            rows_of, country=country, threshold=threshold, aliases=aliases
        ):
            # A body the aliases table names is named after the row's target: its spelling
            # here, or else the target as the table writes it (then every spelling of the file
            # is an alternative label); any other body after its spelling of the most rows.
            named = aliases.name_of(spellings, country) if aliases is not None else None
            if named == spellings[0]:
                named = None
            if named in spellings:
                # The target as spelt: it gives the label and the former first spelling is
                # recorded as merged into it (with the evidence that joined the two).
                old_root = spellings[0]
                spellings = [named, *(n for n in spellings if n != named)]
                _, score, rule = evidence.pop(named, (old_root, 100.0, "alias"))
                evidence[old_root] = (named, score, rule)
                named = None
            label = named or spellings[0]
            key = (fold(label) or "", cc, level)
            # EU level only for names filed as EU institutions: a city or a consortium of a
            # case covering the European Union is not an EU body.
            org = Organisation(key=key, label=label, eu=level == str(GG.EULevel))
            orgs[key] = org
            for name in spellings:
                add(org, by_name[name])
                if name in evidence:
                    matched, score, rule = evidence[name]
                elif named is not None:
                    matched, score, rule = named, 100.0, "alias"
                else:
                    continue
                merge = Merge("", label, name, matched, score, rule, tuple(rows_of[name]), country)
                merges.append((org, merge))
    for org in orgs.values():
        org.category = _choose_category(org, problem, categories)
    _mint_iris(orgs)
    resolved = [replace(m, organisation=str(org.iri)) for org, m in merges]
    return orgs, by_case, resolved


def _home_countries(
    seen: list[OrganisationSighting], eu_names: set[str], problem: ProblemSink
) -> list[OrganisationSighting]:
    """Sightings with the organisation's own country where a case's coverage hid it.

    PSTW gives a case's coverage, not the organisation's country: "City of Tampere" leads a
    Finnish case and one covering the "European Union". A name seen in a European Union case
    that the other cases place in exactly one country is that country's organisation (never
    for EU bodies and names filed as EU institutions). The change is reported.
    """
    homes: dict[str, set[str]] = defaultdict(set)
    for s in seen:
        if s.country and s.country != "EUR":
            homes[s.key].add(s.country)
    out = []
    for s in seen:
        home = homes.get(s.key, set())
        if (
            s.country == "EUR"
            and len(home) == 1
            and s.key not in eu_names
            and find_eu_body(s.name) is None
        ):
            (cc,) = home
            problem(
                s.row,
                f"'{s.name}' leads a case covering the European Union and cases in {cc} only: "
                f"it is the organisation of {cc} (its country, not the case's coverage)",
                "country",
            )
            s = replace(s, country=cc)
        out.append(s)
    return out


def _mint_iris(orgs: dict[OrgKey, Organisation]) -> None:
    """IRIs: slug of the name + country code; colliding slugs get a hash of the key.

    EU and international bodies of the vendored table get the IRI the table gives them
    (``org/dg-digit``, ``org/european-commission-eur``).
    """
    proposed: dict[OrgKey, str] = {}
    for key, org in orgs.items():
        if org.body is not None:
            continue
        name, cc, _ = key
        proposed[key] = f"{slug(name)}-{cc.lower()}" if cc else slug(name)
    clashes = Counter(proposed.values())
    for key, org in orgs.items():
        if org.body is not None:
            org.iri = org.body.iri
            continue
        local = proposed[key]
        if clashes[local] > 1:
            local = f"{local}-{hashlib.sha1('|'.join(key).encode('utf-8')).hexdigest()[:8]}"
        org.iri = ID[f"org/{local}"]


def _choose_category(
    org: Organisation, problem: ProblemSink, categories: CategoryTable | None = None
) -> OrganisationCategory | None:
    own = None
    if categories is not None and org.body is None and not org.eu:
        # the label first, then the other spellings by frequency
        names = [org.label, *(n for n, _ in org.names.most_common() if n != org.label)]
        own = categories.of(names, org.key[1])
    if own is not None:
        if set(org.categories) != {own.category}:
            problem(
                min(org.first_name_row.values()),
                f"'{org.label}' is filed as {_filed_under(org, '; ') or 'no category'}; "
                f"classified as {own.category.label}, its own category ({own.describe()})",
                "category",
            )
        return own.category
    if org.body is not None and not org.body.eu:
        chosen: OrganisationCategory | None = INTERNATIONAL_CATEGORY
    elif org.eu:
        chosen = EU_CATEGORY
    elif org.categories:
        best = max(len(rows) for rows in org.categories.values())
        tied = [c for c, rows in org.categories.items() if len(rows) == best]
        chosen = min(tied, key=CATEGORY_PRIORITY.index)
    else:
        chosen = None
    others_exist = set(org.categories) - ({chosen} if chosen else set())
    if (
        len(org.categories) > 1
        or (org.body is not None and others_exist)
        or (org.eu and others_exist)
    ):
        others = _filed_under(org, ", ")
        rule = (
            "corporate-body table"
            if org.body is not None
            else "EU body"
            if org.eu
            else "most frequent"
        )
        first_other = min(r for c, rows in org.categories.items() if c is not chosen for r in rows)
        filed = "appears under several categories:" if len(org.categories) > 1 else "is filed as"
        problem(
            first_other,
            f"'{org.label}' {filed} {others}; "
            f"classified as {chosen.label if chosen else 'unclassified'} ({rule} rule)",
            "category",
        )
    return chosen


def _filed_under(org: Organisation, separator: str) -> str:
    """The categories the rows give ``org``, each with its first rows: "Consortium (rows 4)"."""
    return separator.join(
        f"{c.label} (rows {', '.join(map(str, rows[:5]))}{'...' if len(rows) > 5 else ''})"
        for c, rows in sorted(org.categories.items(), key=lambda kv: kv[1][0])
    )
