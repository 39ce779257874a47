"""How many synergy pairs there are, without building a result object per pair."""

from __future__ import annotations

import numpy as np
from typing_extensions import Unpack

from ..store import Store
from ._facts import Facts
from ._filters import FilterArgs, Filters
from ._rank import check_options, make_space, prepare_call
from ._synergy import synergy_pairs
from ._topk import all_pairs, excluded_partners

__all__ = ["count_synergies"]


def count_synergies(
    store: Store | Facts,
    *,
    by: str = "technology",
    method: str = "rarity",
    min_score: float = 0.0,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> int:
    """Return how many pairs :func:`synergies` ranks with the same arguments (no ``top``).

    That is ``len(synergies(...))`` without building the results: the pairs are counted in
    their internal (array) form, a block at a time, so it is cheap even with hundreds of
    thousands of pairs. The scoring methods differ in which pairs they keep: ``rarity`` (and the
    other weighted methods) also pair actors whose items differ but share a broader concept, and
    leave out pairs that share only items every actor holds; ``jaccard`` pairs actors that hold
    the same item.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import count_synergies, synergies
        >>> kg = GovGraph.example()
        >>> count_synergies(kg.store) == len(synergies(kg.store))
        True
        >>> count_synergies(kg.store, method="jaccard") == len(
        ...     synergies(kg.store, method="jaccard"))
        True

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        by: ``technology``, ``policy_area`` (``policy-area``), ``challenge`` or ``all``.
        method: As for :func:`synergies`.
        min_score: Count only pairs scoring at least this, as for :func:`synergies`.
        filters: :class:`Filters`, or the same filters as keyword arguments.

    Returns:
        The number of pairs.

    Raises:
        ConfigurationError: For an unknown dimension, method or filter value, or a
            ``min_score`` out of range.
    """
    check_options(method, min_score, None, None)
    facts, dimension, selection = prepare_call(store, by, filters, filter_args)
    if method == "jaccard":
        pairs = synergy_pairs(facts, dimension, selection)
        return int(np.count_nonzero(pairs.score >= min_score))
    space = make_space(facts, dimension, selection, method)
    excluded = excluded_partners(facts, space)
    return sum(len(i) for i, _, _ in all_pairs(space, selection, excluded, min_score=min_score))
