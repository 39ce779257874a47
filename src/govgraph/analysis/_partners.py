"""Partners and funding: which companies work with which administrations, and who pays.

Reads the partner links the PSTW importer writes (``gg:hasParticipant`` to a
``gg:PrivatePartner`` classified company or GovTech) and the funding sources
(``gg:fundingSource``); the definitions are in ``docs/analysis.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from typing_extensions import Unpack

from .._exceptions import ConfigurationError
from ..namespace import COUNTRY
from ..store import Store
from ._facts import Facts
from ._filter_values import KIND_GROUPS
from ._filters import COUNTRY_FILTERS, CountryFilterArgs, FilterArgs, Filters
from ._results import _as_dict
from ._select import find_concepts, kept_initiatives, resolve
from ._vocab import load_query

__all__ = ["FundingShare", "PartnerLink", "funding_shares", "partners"]

_KIND_PREFIX = "https://w3id.org/govgraph/id/partner-kind/"
_EU_FUNDED = "https://w3id.org/govgraph/id/funding-source/eu"
_COUNTRY_PREFIX = str(COUNTRY)


@dataclass(frozen=True, slots=True)
class PartnerLink:
    """A partner organisation (company or GovTech) and the public side it works with.

    Attributes:
        partner: IRI of the partner.
        partner_label: Its name.
        partner_kind: ``"company"`` or ``"govtech"`` (``None`` when not classified).
        administrations: IRIs of the public bodies that lead the initiatives it takes part in
            (public administrations, international organisations and leads of unknown kind;
            never the partner itself).
        initiatives: IRIs of those initiatives.
        technologies: IRIs of the technologies the initiatives use.
        administrations_labels: Labels of ``administrations`` with their country codes
            (``City of Madrid (ES)``), same order.
        initiatives_labels: Labels of ``initiatives``, same order.
        technologies_labels: Labels of ``technologies``, same order.
        countries: Alpha-3 codes of the countries of the initiatives.
        other_leads: IRIs of the other organisations that lead those initiatives (research
            bodies, NGOs, companies...; not the partner itself, which leads some of its cases).
        other_leads_labels: Labels of ``other_leads`` with their country codes, same order.
    """

    partner: str
    partner_label: str | None
    partner_kind: str | None
    administrations: tuple[str, ...]
    initiatives: tuple[str, ...]
    technologies: tuple[str, ...]
    administrations_labels: tuple[str | None, ...] = ()
    initiatives_labels: tuple[str | None, ...] = ()
    technologies_labels: tuple[str | None, ...] = ()
    countries: tuple[str, ...] = ()
    other_leads: tuple[str, ...] = ()
    other_leads_labels: tuple[str | None, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> link = GovGraph.example().partners()[0].to_dict()
            >>> link["partner_label"], link["administrations_labels"], link["technologies_labels"]
            ('University', ['Ministry X'], ['Machine learning'])
        """
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class FundingShare:
    """The share of EU-funded initiatives of one country (and technology).

    Attributes:
        country: Alpha-3 country code (``"EUR"`` for EU-wide initiatives).
        technology: IRI of the technology, or ``None`` for all technologies together.
        cases: Initiatives of the country (and technology) whose funding source is known.
        eu_funded: How many of them are EU-funded.
        share: ``eu_funded / cases``.
        unknown: Initiatives of the country (and technology) whose funding source is not known
            (not counted in ``cases``).
        technology_label: Label of ``technology``.
        country_label: Label of the country (``"Germany"``, ``"European Union"``) where the
            data labels the country IRI, else ``None``.
    """

    country: str
    technology: str | None
    cases: int
    eu_funded: int
    share: float
    unknown: int
    technology_label: str | None = None
    country_label: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields).

        Examples:
            >>> share = FundingShare("AUT", None, cases=10, eu_funded=4, share=0.4, unknown=2)
            >>> share.to_dict()["share"], share.to_dict()["technology"], list(share.to_dict())[:3]
            (0.4, None, ['country', 'technology', 'cases'])
        """
        return _as_dict(self)


def _country(iri: str | None) -> str | None:
    if iri and iri.startswith(_COUNTRY_PREFIX):
        return iri[len(_COUNTRY_PREFIX) :]
    return None


def partners(
    store: Store | Facts,
    *,
    partner_kind: str | None = None,
    top: int | None = None,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> list[PartnerLink]:
    """List the partner organisations with the administrations, initiatives and technologies.

    A partner is a ``gg:PrivatePartner`` taking part (``gg:hasParticipant``) in an initiative;
    its administrations are the public bodies that lead (``gg:ledBy``) those initiatives, its
    ``other_leads`` the other leads (a university, an NGO, another company). The partner itself
    is neither: in some cases the company that makes the tool is also their only lead.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import partners
        >>> kg = GovGraph.example()
        >>> found = partners(kg.store)
        >>> [(p.partner_label, p.administrations_labels) for p in found]
        [('University', ('Ministry X',))]
        >>> found[0].initiatives_labels, found[0].technologies_labels
        (('i5',), ('Machine learning',))
        >>> partners(kg.store, partner_kind="company")  # the university is not classified
        []

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        partner_kind: Only partners of this kind (``"company"`` or ``"govtech"``).
        top: Keep the first ``top`` partners.
        filters: A :class:`Filters` object, or the same filters as keyword arguments: the
            initiative filters (``technology``, ``policy_area``, ``years``, ``status``) select
            the initiatives; the actor filters (``country``, ``level``, ``kind``, ``actor``)
            select the administrations (the leads). ``between`` pairs actors and is refused
            (``level="eu,national"`` selects the leads of both levels).

    Returns:
        Partners working with the most administrations first, then with the most initiatives,
        then by label.

    Raises:
        ConfigurationError: A bad filter (``between=`` among them), partner kind or ``top``.
        QueryError: The store cannot answer the query.
    """
    if partner_kind is not None and partner_kind not in ("company", "govtech"):
        raise ConfigurationError(f"unknown partner kind {partner_kind!r}; use company or govtech")
    if top is not None and top < 0:
        raise ConfigurationError(f"top={top} must be zero or more")
    facts = store if isinstance(store, Facts) else Facts(store)
    chosen = Filters.of(filters, **filter_args)
    chosen.refuse_between(why="partners are listed one by one, with the administrations they serve")
    selection = resolve(chosen, facts, default_kind="any") if chosen else None
    rows = facts.store.query_values(load_query("partners.rq")).rows
    kinds: dict[str, str | None] = {}
    admins: dict[str, set[str]] = defaultdict(set)
    initiatives: dict[str, set[str]] = defaultdict(set)
    techs: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    by_initiative: dict[str, tuple[set[str], set[str], set[str]]] = defaultdict(
        lambda: (set(), set(), set())
    )
    partner_rows: list[tuple[str, str, str | None]] = []
    for partner, kind_iri, initiative, lead, tech, spatial in rows:
        if partner is None or initiative is None:
            continue
        if kind_iri and kind_iri.startswith(_KIND_PREFIX):
            # several kinds stated: the smallest, whatever order the rows come in
            code = kind_iri[len(_KIND_PREFIX) :]
            known = kinds.get(partner)
            kinds[partner] = code if known is None else min(known, code)
        else:
            kinds.setdefault(partner, None)
        leads, used, where = by_initiative[initiative]
        if lead:
            leads.add(lead)
        if tech:
            used.add(tech)
        cc = _country(spatial)
        if cc:
            where.add(cc)
        partner_rows.append((partner, initiative, None))
    for partner, initiative, _ in partner_rows:
        leads, used, where = by_initiative[initiative]
        if selection is not None:
            if not selection.keeps_initiative(initiative):
                continue
            leads = {
                lead
                for lead in leads
                if lead in selection.actors and (selection.focus is None or lead in selection.focus)
            }
            if not leads:
                continue
        initiatives[partner].add(initiative)
        admins[partner] |= leads
        techs[partner] |= used
        countries[partner] |= where
    found: list[PartnerLink] = []
    kinds_of = facts.kinds
    public = set(KIND_GROUPS["public"])
    for partner in initiatives:
        if partner_kind is not None and kinds.get(partner) != partner_kind:
            continue
        leads = admins[partner] - {partner}
        a = tuple(sorted(x for x in leads if kinds_of.get(x, "unknown") in public))
        others = tuple(sorted(leads.difference(a)))
        i = tuple(sorted(initiatives[partner]))
        t = tuple(sorted(techs[partner]))
        found.append(
            PartnerLink(
                partner=partner,
                partner_label=facts.label(partner),
                partner_kind=kinds.get(partner),
                administrations=a,
                initiatives=i,
                technologies=t,
                administrations_labels=tuple(map(facts.actor_label, a)),
                initiatives_labels=tuple(facts.label_list(i)),
                technologies_labels=tuple(facts.label_list(t)),
                countries=tuple(sorted(countries[partner])),
                other_leads=others,
                other_leads_labels=tuple(map(facts.actor_label, others)),
            )
        )
    found.sort(
        key=lambda p: (
            -len(p.administrations),
            -len(p.initiatives),
            (p.partner_label or "").casefold(),
            p.partner,
        )
    )
    return found[:top] if top is not None else found


def funding_shares(
    store: Store | Facts,
    *,
    by_technology: bool = False,
    filters: Filters | None = None,
    **filter_args: Unpack[CountryFilterArgs],
) -> list[FundingShare]:
    """Share of EU-funded initiatives per country (and, optionally, per technology).

    Only initiatives whose funding source is recorded count in ``cases``; the others are
    reported in ``unknown`` (unknown is not "not EU-funded"). A country's initiatives are those
    whose ``dct:spatial`` is that country, whoever leads them.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import funding_shares
        >>> kg = GovGraph()
        >>> _ = kg.load('''@prefix gg: <https://w3id.org/govgraph#> .
        ...     @prefix ex: <http://example.org/> .
        ...     @prefix dct: <http://purl.org/dc/terms/> .
        ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ...     @prefix country: <http://publications.europa.eu/resource/authority/country/> .
        ...     country:DEU skos:prefLabel "Germany"@en .
        ...     ex:i1 a gg:Initiative ; dct:spatial country:DEU ;
        ...         gg:fundingSource <https://w3id.org/govgraph/id/funding-source/eu> .
        ...     ex:i2 a gg:Initiative ; dct:spatial country:DEU ; gg:fundingSource ex:national .
        ...     ex:i3 a gg:Initiative ; dct:spatial country:DEU .''', format="turtle")
        >>> share = funding_shares(kg.store)[0]  # i3's funding is not known: not counted
        >>> share.country_label, share.cases, share.eu_funded, share.share, share.unknown
        ('Germany', 2, 1, 0.5, 1)

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        by_technology: One row per country and technology instead of per country.
        filters: A :class:`Filters` object, or the same filters as keyword arguments
            (:class:`CountryFilterArgs`; keywords win where both are set):

            - ``country=``: only these countries (ISO 3166 alpha-3 codes or EU country-table
              IRIs).
            - ``technology=``: only the initiatives using one of these technologies or a
              narrower one (IRIs or labels); with ``by_technology``, only the rows of those
              technologies.
            - ``policy_area=``: only the initiatives in one of these policy areas or a
              narrower one.
            - ``years=``: only the initiatives whose start year is in this range
              (``"2021-"``).
            - ``status=``: only the initiatives with one of these statuses
              (``"implemented"``).

            The actor filters (``level``, ``kind``, ``actor``, ``between``) are refused: the
            shares count every initiative of a country, whoever leads it.

    Returns:
        Rows by country code, then technology label.

    Raises:
        ConfigurationError: An actor filter, a bad filter value, or a technology or policy
            area that nothing in the data has (the closest names are listed).
        QueryError: The store cannot answer the query.
    """
    chosen = Filters.of(filters, **filter_args)
    chosen.refuse_others(
        COUNTRY_FILTERS,
        what="funding shares",
        why="they count every initiative of a country, whoever leads it",
    )
    facts = store if isinstance(store, Facts) else Facts(store)
    rows = facts.store.query_values(load_query("funding.rq")).rows
    kept = kept_initiatives(chosen, facts, among={row[0] for row in rows if row[0]})
    named = (
        find_concepts(facts, chosen.technology, "technology", "technology")
        if by_technology and chosen.technology
        else None
    )
    codes = {c.rsplit("/", 1)[-1] for c in chosen.country}
    sources: dict[str, set[str]] = defaultdict(set)
    where: dict[str, set[str]] = defaultdict(set)
    used: dict[str, set[str | None]] = defaultdict(set)
    for initiative, spatial, source, tech in rows:
        if initiative is None or (kept is not None and initiative not in kept):
            continue
        if named is not None and tech not in named:
            tech = None
        cc = _country(spatial)
        if cc:
            where[initiative].add(cc)
        if source:
            sources[initiative].add(source)
        used[initiative].add(tech if by_technology else None)
    counts: dict[tuple[str, str | None], list[int]] = defaultdict(lambda: [0, 0, 0])
    for initiative, ccs in where.items():
        for cc in ccs:
            if codes and cc not in codes:
                continue
            for tech in used[initiative] or {None}:
                if by_technology and tech is None:
                    continue
                cell = counts[(cc, tech)]
                if sources[initiative]:
                    cell[0] += 1
                    cell[1] += _EU_FUNDED in sources[initiative]
                else:
                    cell[2] += 1
    out = [
        FundingShare(
            country=cc,
            technology=tech,
            cases=n,
            eu_funded=eu,
            share=round(eu / n, 4) if n else 0.0,
            unknown=unknown,
            technology_label=facts.label(tech) if tech else None,
            country_label=facts.label(_COUNTRY_PREFIX + cc),
        )
        for (cc, tech), (n, eu, unknown) in counts.items()
    ]
    out.sort(key=lambda r: (r.country, (r.technology_label or "").casefold(), r.technology or ""))
    return out
