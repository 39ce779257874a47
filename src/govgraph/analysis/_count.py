"""How many synergy pairs there are, without building a result object per pair."""

from __future__ import annotations

from typing_extensions import Unpack

from ..store import Store
from ._facts import Facts
from ._filters import FilterArgs, Filters
from ._select import resolve
from ._synergy import synergy_pairs

__all__ = ["count_synergies"]


def count_synergies(
    store: Store | Facts,
    *,
    by: str = "technology",
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> int:
    """Return the number of actor pairs that share something along ``by`` (plain pairing).

    Cheap even with hundreds of thousands of pairs: the pairs are counted in their internal
    (array) form; no :class:`Synergy` is built.

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        by: ``technology``, ``policy_area`` (``policy-area``), ``challenge`` or ``all``.
        filters: :class:`Filters`, or the same filters as keyword arguments.

    Returns:
        The number of pairs.

    Raises:
        ConfigurationError: For an unknown dimension or filter value.
    """
    facts = store if isinstance(store, Facts) else Facts(store)
    selection = resolve(Filters.of(filters, **filter_args), facts)
    return len(synergy_pairs(facts, by, selection).i)
