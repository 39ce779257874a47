"""A hierarchy counts once when items are listed: the most specific items of a list."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

__all__ = ["implied_keys", "most_specific"]


def most_specific(items: Iterable[str], broader: Mapping[str, frozenset[str]] | None) -> list[str]:
    """``items`` in their order, without those broader than another item of the list.

    A narrower item says everything its broader ones say, and more: "machine learning" implies
    "artificial intelligence", a COFOG group its division. Lists shown to a person (cluster
    names, the shared items of a synergy or learning table) keep the specific item only; the
    result fields keep every item.

    Args:
        items: Concept IRIs.
        broader: Concept -> its broader concepts at any depth (:attr:`Facts.broader`).

    Examples:
        >>> most_specific(["AI", "ML", "ledger"], {"ML": frozenset({"AI"})})
        ['ML', 'ledger']
    """
    listed = list(items)
    implied = implied_keys([(item,) for item in listed], broader or {})
    return [item for item in listed if (item,) not in implied]


def implied_keys(
    keys: list[tuple[str, ...]],
    broader: Mapping[str, frozenset[str]],
    same: Callable[[tuple[str, ...], tuple[str, ...]], bool] = lambda key, other: True,
) -> set[tuple[str, ...]]:
    """The keys (items, use cases) another key says more precisely: a hierarchy counts once.

    A key is implied by another when each of its items is an item of the other or broader
    than one, at least one is broader, and ``same(key, other)`` (the learning pairs: the same
    statuses on both sides, so nothing is lost): "artificial intelligence" by "machine
    learning", the use case "artificial intelligence · Public order and safety" by "machine
    learning · Public order and safety", "artificial intelligence" by "machine learning ·
    Health".

    >>> up = {"ML": frozenset({"AI"})}
    >>> sorted(implied_keys([("AI",), ("ML",), ("AI", "POS"), ("ML", "POS"), ("POS",)], up))
    [('AI',), ('AI', 'POS')]
    >>> implied_keys([("AI",), ("ML",)], up, lambda key, other: False)
    set()
    """
    wider = {b for key in keys for x in key for b in broader.get(x, ())}
    found: set[tuple[str, ...]] = set()
    for key in keys:
        if not wider.intersection(key):
            continue
        for other in keys:
            covered = [
                next((u for u in other if v == u or v in broader.get(u, ())), None) for v in key
            ]
            if (
                other != key
                and None not in covered
                and any(v != u for v, u in zip(key, covered, strict=True))
                and same(key, other)
            ):
                found.add(key)
                break
    return found
