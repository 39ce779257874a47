"""Supplier dependence: the administrations whose cases with a partner all go to one supplier.

Reads the partner links the PSTW importer writes (``gg:hasParticipant`` to a
``gg:PrivatePartner``) and the collaboration types (``gg:collaborationType``); the method and
its limits are in ``docs/analysis.md``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from typing_extensions import Unpack

from .._exceptions import ConfigurationError
from ..store import Store
from ._facts import Facts
from ._filters import FilterArgs, Filters
from ._results import _as_dict
from ._select import resolve
from ._vocab import load_query

__all__ = ["SupplierDependence", "supplier_dependence"]

_KIND_PREFIX = "https://w3id.org/govgraph/id/partner-kind/"
#: Collaboration types that bring in an outside partner (a case of such a type with no named
#: partner has an unknown supplier).
_OUTSIDE = frozenset(
    "https://w3id.org/govgraph/id/collaboration-type/" + code
    for code in ("private-corporation", "govtech", "consortium")
)


@dataclass(frozen=True, slots=True)
class SupplierDependence:
    """An administration and the one supplier most of its cases with a named partner go to.

    The first nine fields are those of :class:`PartnerLink` (the ``govgraph partners``
    contract), for this administration only.

    Attributes:
        partner: IRI of the supplier (a ``gg:PrivatePartner``).
        partner_label: Its name.
        partner_kind: ``"company"`` or ``"govtech"`` (``None`` when not classified).
        administrations: The administration, as a one-element tuple (``administration``).
        initiatives: The administration's cases the supplier takes part in.
        technologies: The technologies those cases use.
        administrations_labels: Labels of ``administrations``.
        initiatives_labels: Labels of ``initiatives``, same order.
        technologies_labels: Labels of ``technologies``, same order.
        administration: IRI of the administration (the lead of the cases).
        administration_label: Its label with its country code (``City of Utrecht (NL)``).
        country: Alpha-3 code of its country (``None`` when not known).
        supplier_cases: ``len(initiatives)``.
        partnered_cases: The administration's cases with at least one named partner.
        share: ``supplier_cases / partnered_cases``.
        unnamed_partner_cases: Its cases whose collaboration type brings in an outside partner
            (private corporation, GovTech, consortium) without naming it: their supplier is
            unknown, so ``share`` is an upper bound when this is not 0.
        cases: All the administration's cases (in the selection).
        other_partners: The other partners of its cases.
        other_partners_labels: Labels of ``other_partners``, same order.
        because: The figures behind the finding, in words.
    """

    partner: str
    partner_label: str | None
    partner_kind: str | None
    administrations: tuple[str, ...]
    initiatives: tuple[str, ...]
    technologies: tuple[str, ...]
    administrations_labels: tuple[str | None, ...]
    initiatives_labels: tuple[str | None, ...]
    technologies_labels: tuple[str | None, ...]
    administration: str
    administration_label: str | None
    country: str | None
    supplier_cases: int
    partnered_cases: int
    share: float
    unnamed_partner_cases: int
    cases: int
    other_partners: tuple[str, ...] = ()
    other_partners_labels: tuple[str | None, ...] = ()
    because: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> found = GovGraph.example().supplier_dependence(min_cases=1)[0].to_dict()
            >>> found["administration_label"], found["partner_label"], found["share"]
            ('Ministry X', 'University', 1.0)
        """
        return _as_dict(self)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def dependence_rank(dependence: SupplierDependence) -> tuple[int, float, float]:
    """What ranks a dependence before the names, highest first.

    Its cases with the supplier, their share of its cases with a named partner, and their share
    of all its cases; :func:`rank_key` uses it to tell ties apart.
    """
    d = dependence
    return (d.supplier_cases, round(d.share, 9), round(d.supplier_cases / d.cases, 9))


def supplier_dependence(
    store: Store | Facts,
    *,
    min_cases: int = 2,
    min_share: float = 1.0,
    partner_kind: str | None = None,
    top: int | None = None,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> list[SupplierDependence]:
    """The administrations whose cases with a named partner go to one supplier.

    For each administration (the lead, ``gg:ledBy``, of the cases), its cases with at least one
    named partner (``gg:hasParticipant`` a ``gg:PrivatePartner``) are counted per partner; the
    administration depends on a partner when that partner takes part in at least ``min_cases``
    of them and in at least ``min_share`` of them (1.0: all). Cases whose collaboration type
    brings in an outside partner without naming it are reported (``unnamed_partner_cases``),
    not guessed: the supplier of those is unknown.

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        min_cases: Fewest cases with the supplier (one contract is no dependence: default 2).
        min_share: Smallest share of the administration's cases with a named partner that go to
            the supplier (0 < min_share <= 1).
        partner_kind: Only suppliers of this kind (``"company"`` or ``"govtech"``).
        top: Keep the first ``top`` rows.
        filters: A :class:`Filters` object, or the same filters as keyword arguments: the
            initiative filters (``technology``, ``policy_area``, ``years``, ``status``) select
            the cases; the actor filters (``country``, ``level``, ``kind``, ``actor``) select
            the administrations (by default public bodies: ``kind="any"`` for every lead).
            ``between`` pairs actors and is refused (use ``level=``).

    Returns:
        Most cases with the supplier first, then the highest share, then the highest share of
        all the administration's cases, then by label.

    Raises:
        ConfigurationError: A bad filter (``between=`` among them) or partner kind,
            ``min_cases`` below 1 or
            ``min_share`` outside (0, 1].
        QueryError: The store cannot answer the query.

    Examples:
        >>> from govgraph import GovGraph
        >>> kg = GovGraph()
        >>> supplier_dependence(kg.store)
        []
    """
    if min_cases < 1:
        raise ConfigurationError(f"min_cases={min_cases} must be 1 or more")
    if not 0 < min_share <= 1:
        raise ConfigurationError(f"min_share={min_share} must be more than 0 and at most 1")
    if top is not None and top < 0:
        raise ConfigurationError(f"top={top} must be zero or more")
    if partner_kind is not None and partner_kind not in ("company", "govtech"):
        raise ConfigurationError(f"unknown partner kind {partner_kind!r}; use company or govtech")
    facts = store if isinstance(store, Facts) else Facts(store)
    chosen = Filters.of(filters, **filter_args)
    chosen.refuse_between(why="dependence is per administration")
    selection = resolve(chosen, facts)
    cases: dict[str, set[str]] = defaultdict(set)
    partners_of: dict[str, set[str]] = defaultdict(set)
    outside: set[str] = set()
    kinds: dict[str, str | None] = {}
    for lead, initiative, partner, kind, collaboration in facts.store.query_values(
        load_query("supplier_cases.rq")
    ).rows:
        if lead is None or initiative is None:
            continue
        if lead not in selection.actors or (
            selection.focus is not None and lead not in selection.focus
        ):
            continue
        if not selection.keeps_initiative(initiative):
            continue
        cases[lead].add(initiative)
        if partner is not None:
            partners_of[initiative].add(partner)
            if kind and kind.startswith(_KIND_PREFIX):
                # several kinds stated: the smallest, whatever order the rows come in
                code = kind[len(_KIND_PREFIX) :]
                known = kinds.get(partner)
                kinds[partner] = code if known is None else min(known, code)
            else:
                kinds.setdefault(partner, None)
        if collaboration in _OUTSIDE:
            outside.add(initiative)
    techs: dict[str, set[str]] = defaultdict(set)
    for _, item, initiative in facts.item_rows("technology"):
        if initiative is not None:
            techs[initiative].add(item)
    found: list[SupplierDependence] = []
    for lead, led in cases.items():
        partnered = {i for i in led if partners_of.get(i)}
        if not partnered:
            continue
        by_partner: dict[str, set[str]] = defaultdict(set)
        for initiative in partnered:
            for partner in partners_of[initiative]:
                by_partner[partner].add(initiative)
        unnamed = len({i for i in led if i in outside and i not in partnered})
        for partner, with_partner in by_partner.items():
            share = len(with_partner) / len(partnered)
            if len(with_partner) < min_cases or share < min_share - 1e-9:
                continue
            if partner_kind is not None and kinds.get(partner) != partner_kind:
                continue
            found.append(
                _row(
                    facts,
                    lead,
                    partner,
                    kinds.get(partner),
                    (with_partner, partnered, led),
                    unnamed,
                    set(by_partner) - {partner},
                    techs,
                )
            )
    found.sort(
        key=lambda d: (
            *(-x for x in dependence_rank(d)),
            (d.administration_label or "").casefold(),
            (d.partner_label or "").casefold(),
            d.administration,
            d.partner,
        )
    )
    return found[:top] if top is not None else found


def _row(
    facts: Facts,
    lead: str,
    partner: str,
    kind: str | None,
    counted: tuple[set[str], set[str], set[str]],
    unnamed: int,
    others: set[str],
    techs: dict[str, set[str]],
) -> SupplierDependence:
    with_partner, partnered, led = counted
    initiatives = tuple(sorted(with_partner))
    technologies = tuple(sorted({t for i in initiatives for t in techs.get(i, ())}))
    other = tuple(sorted(others))
    partner_label = facts.label(partner)
    label = facts.display_label(lead)
    k, n = len(with_partner), len(partnered)
    because = (
        f"{partner_label or partner} takes part in {k} of its {_plural(n, 'case')} with a named "
        f"partner ({k / n * 100:.0f}%), {k} of its {_plural(len(led), 'case')} in all"
    )
    if unnamed:
        because += (
            f"; {_plural(unnamed, 'other case')} with an outside partner "
            f"({'it does' if unnamed == 1 else 'they do'} not name it: supplier unknown)"
        )
    country = facts.countries.get(lead)
    return SupplierDependence(
        partner=partner,
        partner_label=partner_label,
        partner_kind=kind,
        administrations=(lead,),
        initiatives=initiatives,
        technologies=technologies,
        administrations_labels=(facts.label(lead),),
        initiatives_labels=tuple(facts.label_list(initiatives)),
        technologies_labels=tuple(facts.label_list(technologies)),
        administration=lead,
        administration_label=label,
        country=country.rsplit("/", 1)[-1] if country else None,
        supplier_cases=k,
        partnered_cases=n,
        share=round(k / n, 4),
        unnamed_partner_cases=unnamed,
        cases=len(led),
        other_partners=other,
        other_partners_labels=tuple(facts.label_list(other)),
        because=because,
    )
