"""Mutual learning: EU-level actors paired with actors of other levels on the same things."""

from __future__ import annotations

from collections import defaultdict

from typing_extensions import Unpack

from ..store import Store
from ._facts import Facts, status_iri
from ._filters import FilterArgs, Filters, Selection
from ._results import LearningPair

__all__ = ["mutual_learning"]


def _progress(facts: Facts, selection: Selection) -> dict[tuple[str, str], int]:
    """(actor, item) -> most advanced status rank of the actor's initiatives on the item."""
    status = facts.initiative_status
    best: dict[tuple[str, str], int] = {}
    for dimension in ("technology", "challenge"):
        for actor, item, initiative in facts.item_rows(dimension):
            if not selection.keeps_initiative(initiative):
                continue
            rank = status.get(initiative) if initiative is not None else None
            if rank is not None and rank > best.get((actor, item), 0):
                best[(actor, item)] = rank
    return best


def mutual_learning(
    store: Store | Facts, *, filters: Filters | None = None, **filter_args: Unpack[FilterArgs]
) -> list[LearningPair]:
    """Pair EU-level actors with actors of other levels that share challenges or technologies.

    An EU-level actor is an administration at ``gg:EULevel`` or any unit within one; its partner
    is an actor whose administrative level (its own, or inherited from the nearest ancestor that
    has one) is known and is not EU level. Who is further along is decided by the most advanced
    status (planned < in development < pilot < implemented) of each one's initiatives that use
    the shared technologies or address the shared challenges.

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        filters: A :class:`Filters` object, or the same filters as keyword arguments. By default
            only public bodies take part; ``between=("eu", "regional")`` pairs those two levels
            instead of EU level with any other.

    Returns:
        Pairs with the most shared items first, then by IRIs.

    Raises:
        ConfigurationError: A bad filter (an unknown or ambiguous actor lists the candidates).
    """
    facts = store if isinstance(store, Facts) else Facts(store)
    selection = Filters.of(filters, **filter_args).resolve(facts)
    items: dict[str, set[str]] = defaultdict(set)
    for dimension in ("technology", "challenge"):
        for actor, item, initiative in facts.item_rows(dimension):
            if actor in selection.actors and selection.keeps_initiative(initiative):
                items[actor].add(item)
    levels = facts.levels
    if selection.sides is not None:
        eu = sorted(a for a in items if a in selection.sides[0])
        others = {a for a in items if a in selection.sides[1]}
    else:
        eu = sorted(a for a in items if facts.is_eu_level(a))
        others = {a for a in items if a in levels and not facts.is_eu_level(a)}
    holders: dict[str, list[str]] = defaultdict(list)
    for actor in sorted(items):
        if actor in others:
            for item in items[actor]:
                holders[item].append(actor)
    progress = _progress(facts, selection)
    labels = facts.labels
    found: list[LearningPair] = []
    for a in eu:
        shared: dict[str, list[str]] = defaultdict(list)
        for item in sorted(items[a]):
            for b in holders.get(item, ()):
                shared[b].append(item)
        for b, on in shared.items():
            if b == a or not selection.keeps_pair(a, b):
                continue
            a_rank = max((progress.get((a, i), 0) for i in on), default=0) or None
            b_rank = max((progress.get((b, i), 0) for i in on), default=0) or None
            ahead = None
            if a_rank is not None and b_rank is not None and a_rank != b_rank:
                ahead = a if a_rank > b_rank else b
            found.append(
                LearningPair(
                    a=a,
                    b=b,
                    on=tuple(on),
                    ahead=ahead,
                    a_label=labels.get(a),
                    b_label=labels.get(b),
                    on_labels=tuple(labels.get(i) for i in on),
                    ahead_label=labels.get(ahead) if ahead else None,
                    a_status=status_iri(a_rank),
                    b_status=status_iri(b_rank),
                    a_level=levels.get(a),
                    b_level=levels.get(b),
                )
            )
    found.sort(key=lambda p: (-len(p.on), p.a, p.b))
    return found
