"""Governance gaps of policies: no owner, no implementing initiative, no clear lead."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from typing_extensions import Unpack

from .._exceptions import ConfigurationError
from ..store import Store
from ._facts import Facts
from ._filters import LEVELS, Filters, GovernanceFilterArgs
from ._results import GAP_KINDS, PolicyGap
from ._select import find_actor, find_concepts

__all__ = ["GOVERNANCE_FILTERS", "governance_gaps"]

#: The filters that narrow governance gaps: the policy's owners (``country``, ``level``,
#: ``actor``), its policy area and its start year (the keys of GovernanceFilterArgs).
GOVERNANCE_FILTERS = tuple(GovernanceFilterArgs.__annotations__)


def _count(value: str | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _kinds(kind: str | Iterable[str] | None) -> set[str]:
    if kind is None:
        return set(GAP_KINDS)
    wanted = {kind} if isinstance(kind, str) else set(kind)
    unknown = sorted(wanted - set(GAP_KINDS))
    if unknown:
        raise ConfigurationError(
            f"unknown governance gap kind {', '.join(map(repr, unknown))}; "
            f"use {', '.join(GAP_KINDS)} (or None for all)"
        )
    return wanted


def _policy_facts(facts: Facts) -> tuple[dict[str, set[str]], dict[str, int]]:
    """Policy -> its policy areas, and policy -> its start year (the earliest stated)."""
    areas: dict[str, set[str]] = defaultdict(set)
    starts: dict[str, int] = {}
    for policy, area, start in facts.values("policy_facts.rq").rows:
        if policy is None:
            continue
        if area is not None:
            areas[policy].add(area)
        year = _count(start) if start is not None else None
        if year:
            starts[policy] = min(year, starts.get(policy, year))
    return dict(areas), starts


class _Narrowing:
    """The policies and owners that the filters keep (built once per call)."""

    def __init__(self, chosen: Filters, facts: Facts, owners: dict[str, set[str]]) -> None:
        self.on_owners = bool(chosen.country or chosen.level or chosen.actor)
        self.kept_policies: set[str] | None = None
        self.kept_owners: set[str] | None = None
        if chosen.policy_area or chosen.years:
            areas, starts = _policy_facts(facts)
            kept: set[str] | None = None
            if chosen.policy_area:
                kept = self._in_areas(chosen.policy_area, facts, areas)
            if chosen.years:
                first, last = chosen.years
                kept = {
                    p
                    for p, year in starts.items()
                    if (first is None or year >= first)
                    and (last is None or year <= last)
                    and (kept is None or p in kept)
                }
            self.kept_policies = kept
        if self.on_owners:
            every = {o for os in owners.values() for o in os}
            self.kept_owners = self._owners(chosen, facts, every)

    @staticmethod
    def _in_areas(texts: Sequence[str], facts: Facts, areas: dict[str, set[str]]) -> set[str]:
        """The policies in one of the areas named or a narrower one."""
        known = {a for found in areas.values() for a in found}
        wanted = find_concepts(facts, texts, "policy_area", "policy_area", extra=known)
        return {p for p, found in areas.items() if not wanted.isdisjoint(found)}

    @staticmethod
    def _owners(chosen: Filters, facts: Facts, every: set[str]) -> set[str]:
        """The owners in the countries, at the levels and within the actor asked for."""
        kept = set(every)
        if chosen.country:
            wanted = set(chosen.country)
            kept = {o for o in kept if facts.organisation_country(o) in wanted}
        if chosen.level:
            levels = facts.levels
            wanted = {LEVELS[x] for x in chosen.level}
            kept = {o for o in kept if levels.get(o) in wanted}
        if chosen.actor:
            # the owners, the organisations they are units of, and every actor with initiatives
            ancestors = facts.ancestors
            pool = every | {up for o in every for up in ancestors.get(o, ())}
            actor = find_actor(facts, chosen.actor, among=pool | set(facts.actor_initiatives))
            kept = {o for o in kept if o == actor or actor in ancestors.get(o, ())}
        return kept

    def keeps(self, policy: str, its_owners: Iterable[str]) -> bool:
        if self.kept_policies is not None and policy not in self.kept_policies:
            return False
        if self.kept_owners is not None:
            return not self.kept_owners.isdisjoint(its_owners)
        return True


def governance_gaps(
    store: Store | Facts,
    *,
    kind: str | Iterable[str] | None = None,
    filters: Filters | None = None,
    **filter_args: Unpack[GovernanceFilterArgs],
) -> list[PolicyGap]:
    """Find policies without owner, without implementing initiative, or with no clear lead.

    A policy is anything typed ``gg:Policy``, owned (``gg:ownedBy``) or implemented
    (``gg:implements``). It has *no clear lead* when it has several owners and none of them
    contains all the others as units (``org:unitOf``, any depth).

    Examples:
        >>> import govgraph
        >>> kg = govgraph.GovGraph()
        >>> _ = kg.load('''@prefix gg: <https://w3id.org/govgraph#> . @prefix ex: <http://example.org/> .
        ...     ex:plan a gg:Policy ; gg:startYear 2024 .
        ...     ex:act a gg:Policy ; gg:ownedBy ex:office ; gg:startYear 2019 .''', format="turtle")
        >>> gaps = governance_gaps(kg.store, years="2020-")  # the plan started in 2024
        >>> [(g.kind, g.policy) for g in gaps]  # no owner, nothing implements it
        [('ownership', 'http://example.org/plan'), ('implementation', 'http://example.org/plan')]
        >>> mine = governance_gaps(kg.store, actor="http://example.org/office")
        >>> [g.policy for g in mine]  # owned, but nothing implements it
        ['http://example.org/act']

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        kind: Only gaps of this kind or kinds (see :data:`GAP_KINDS`); all when ``None``.
        filters: A :class:`Filters` object, or the same filters as keyword arguments
            (:class:`GovernanceFilterArgs`; keywords win where both are set):

            - ``country=``: only policies with an owner in one of these countries (ISO 3166
              alpha-3 codes or EU country-table IRIs; an owner's country is its own or its
              parent's).
            - ``level=``: only policies with an owner at one of these levels (``eu``,
              ``national``, ``regional``, ``local``).
            - ``actor=``: only the policies this actor (IRI or label) or one of its units owns.
            - ``policy_area=``: only policies in one of these policy areas
              (``gg:policyArea``) or a narrower one (IRIs or labels).
            - ``years=``: only policies whose start year (``gg:startYear``) is in this range
              (``"2022-2024"``, ``"2023-"``, ``(2022, None)``); those without one are left
              out.

            The other filters are refused (:data:`GOVERNANCE_FILTERS` names those above): a
            policy has no technology, status or kind of actor, and ``between`` pairs actors.

    An ownership gap has no owner, so ``country``, ``level`` and ``actor`` leave it out.

    Returns:
        Gaps ordered by kind (``ownership``, ``implementation``, ``unclear-lead``), then policy IRI.

    Raises:
        ConfigurationError: An unknown ``kind``, a filter that does not narrow governance gaps
            (``technology``, ``status``, ``kind`` of actor, ``between``), a bad filter value,
            or a name that nothing in the data has (the closest names are listed).
    """
    wanted = _kinds(kind)
    chosen = Filters.of(filters, **filter_args)
    chosen.refuse_others(
        GOVERNANCE_FILTERS,
        what="governance gaps",
        why="a policy has owners, a policy area and a start year, no technology, status or kind",
    )
    facts = store if isinstance(store, Facts) else Facts(store)
    owners: dict[str, set[str]] = defaultdict(set)
    for policy_iri, owner in facts.values("policy_owners.rq").rows:
        if policy_iri is not None and owner is not None:
            owners[policy_iri].add(owner)
    narrowing = _Narrowing(chosen, facts, owners) if chosen else None
    found: list[tuple[int, str, tuple[str, ...]]] = []
    for policy, n_owners, n_initiatives in facts.values("policies.rq").rows:
        if policy is None:
            continue
        its_owners = tuple(sorted(owners.get(policy, ())))
        if narrowing is not None and not narrowing.keeps(policy, its_owners):
            continue
        if _count(n_owners) == 0:
            found.append((0, policy, ()))
        if _count(n_initiatives) == 0:
            found.append((1, policy, its_owners))
        if len(its_owners) > 1:
            ancestors = facts.ancestors
            clear = any(
                all(other == lead or lead in ancestors.get(other, ()) for other in its_owners)
                for lead in its_owners
            )
            if not clear:
                found.append((2, policy, its_owners))
    found.sort(key=lambda f: (f[0], f[1]))
    labels = facts.labels
    return [
        PolicyGap(
            kind=GAP_KINDS[kind],
            policy=policy,
            policy_label=labels.get(policy),
            owners=its_owners,
            owner_labels=tuple(facts.actor_label(o) for o in its_owners),
        )
        for kind, policy, its_owners in found
        if GAP_KINDS[kind] in wanted
    ]
