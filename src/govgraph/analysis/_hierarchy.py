"""A hierarchy counts once when items are listed: the most specific items of a list."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["most_specific"]


def most_specific(items: Iterable[str], broader: Mapping[str, frozenset[str]] | None) -> list[str]:
    """``items`` in their order, without those broader than another item of the list.

    A narrower item says everything its broader ones say, and more: "machine learning" implies
    "artificial intelligence", a COFOG group its division. Lists shown to a person (cluster
    names, the shared items of a synergy or learning table) keep the specific item only; the
    result fields keep every item.

    Args:
        items: Concept IRIs.
        broader: Concept -> its broader concepts at any depth (:attr:`Facts.broader`).

    Example:
        >>> most_specific(["AI", "ML", "ledger"], {"ML": frozenset({"AI"})})
        ['ML', 'ledger']
    """
    listed = list(items)
    implied = {up for item in listed for up in (broader or {}).get(item, ())}
    return [item for item in listed if item not in implied]
