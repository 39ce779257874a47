"""Synergies: pairs of actors that share technologies, policy areas or challenges.

The per-actor item sets come from one SPARQL query per dimension. Pairs are then found through
an inverted index (item -> actors), vectorised with numpy: the work grows with the number of
(pair, shared item) combinations, not with the square of the number of actors, and nothing but
those item sets leaves the store. :class:`Synergy` objects are built only for the pairs kept
after ``min_score`` and ``top``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import numpy.typing as npt

from ._columns import from_columns
from ._facts import Facts
from ._filters import Filters, Selection
from ._pause import gc_paused
from ._results import Synergy
from ._select import resolve
from ._space import distinct, ranks
from ._topk import linked_pairs
from ._vocab import DIMENSIONS, LABELS_OF_LIMIT, normalise_dimension

__all__ = ["SynergyPairs", "synergy_pairs", "to_synergies"]

_Ints = npt.NDArray[np.signedinteger[Any]]
#: Largest number of pair keys built at once from one group of actors sharing an item.
_BLOCK = 4_000_000
#: (pair key, item) combinations are packed into one integer below this bound.
_PACK_LIMIT = 2**62


class SynergyPairs:
    """All synergy pairs of one dimension as arrays (internal, fast form).

    Attributes:
        dimension: The canonical dimension name.
        actors: Actor IRIs, sorted; pairs refer to them by index.
        sets: Actor IRI -> its items in the dimension.
        i: Index of actor ``a`` of each pair (``i < j``).
        j: Index of actor ``b``.
        shared: Number of shared items of each pair.
        score: Jaccard score of each pair.
        items: Item IRIs, sorted; ``shared_ids`` refers to them by index.
        first: Position in ``shared_ids`` of each pair's first shared item.
        shared_ids: The shared items of every pair, pair after pair, each pair's ascending.
    """

    def __init__(
        self,
        dimension: str,
        actors: list[str],
        sets: dict[str, frozenset[str]],
        i: _Ints,
        j: _Ints,
        shared: _Ints,
        *,
        items: list[str],
        first: _Ints,
        shared_ids: _Ints,
    ) -> None:
        self.dimension = dimension
        self.actors = actors
        self.sets = sets
        self.i = i
        self.j = j
        self.shared = shared
        self.items = items
        self.first = first
        self.shared_ids = shared_ids
        sizes = np.fromiter((len(sets[a]) for a in actors), dtype=np.int64, count=len(actors))
        self.sizes = sizes
        union = sizes[i] + sizes[j] - shared if len(i) else shared
        self.score: npt.NDArray[np.float64] = (
            shared / union if len(i) else np.zeros(0, dtype=np.float64)
        )

    def __len__(self) -> int:
        return len(self.i)

    def select(
        self,
        *,
        min_score: float = 0.0,
        top: int | None = None,
        mask: npt.NDArray[np.bool_] | None = None,
    ) -> _Ints:
        """Positions of the pairs kept, best first (score, shared count, then actor IRIs).

        ``mask`` (one boolean per pair) restricts the candidates further.
        """
        keep = self.score >= min_score
        if mask is not None:
            keep &= mask
        positions = np.nonzero(keep)[0]
        if top is not None and top < len(positions):
            if top == 0:
                return np.zeros(0, dtype=np.int64)
            # keep everything tied with the top-th best score, then sort only that part
            cut = np.partition(-self.score[positions], top - 1)[top - 1]
            positions = positions[-self.score[positions] <= cut]
        order = np.lexsort(
            (self.j[positions], self.i[positions], -self.shared[positions], -self.score[positions])
        )
        ranked: _Ints = positions[order]
        return ranked[:top] if top is not None else ranked

    def strongest(self, neighbours: int, positions: _Ints | None = None) -> _Ints:
        """Positions of the pairs among each actor's ``neighbours`` best synergies (union).

        "Best" is the order of :meth:`select`: score, shared count, then the other actor's IRI.
        """
        if positions is None:
            positions = np.arange(len(self))
        src = np.concatenate((self.i[positions], self.j[positions]))
        dst = np.concatenate((self.j[positions], self.i[positions]))
        pos = np.concatenate((positions, positions))
        order = np.lexsort((dst, -self.shared[pos], -self.score[pos], src))
        src = src[order]
        if len(src) == 0:
            return positions
        kept: _Ints = np.unique(pos[order][ranks(src) < neighbours])
        return kept

    def shared_items(self, position: int) -> list[str]:
        """The shared items of one pair, sorted."""
        start = int(self.first[position])
        ids = self.shared_ids[start : start + int(self.shared[position])]
        return [self.items[k] for k in ids.tolist()]


def _item_sets(
    facts: Facts, dimension: str, selection: Selection | None = None
) -> dict[str, frozenset[str]]:
    dims = DIMENSIONS if dimension == "all" else (dimension,)
    merged: dict[str, set[str]] = defaultdict(set)
    if selection is None:
        for dim in dims:
            for actor, items in facts.items(dim).items():
                merged[actor] |= items
    else:
        allowed = selection.actors
        for dim in dims:
            for actor, item, initiative in facts.item_rows(dim):
                if actor in allowed and selection.keeps_initiative(initiative):
                    merged[actor].add(item)
    return {a: frozenset(s) for a, s in merged.items()}


def _pair_keys(
    groups: list[list[int]],
    n: int,
    dtype: type[np.signedinteger[Any]],
    group_ids: list[int] | None = None,
) -> tuple[_Ints, _Ints]:
    """Keys ``i * n + j`` (``i < j``) of every pair within each group (groups sorted).

    Large groups are expanded a block of rows at a time, so no temporary array is much larger
    than the result. The second array gives, for each key, ``group_ids`` of its group (empty
    when ``group_ids`` is ``None``).
    """
    chunks = []
    id_chunks = []
    for g, group in enumerate(groups):
        k = len(group)
        if k < 2:
            continue
        members = np.asarray(group, dtype=dtype)
        rows_per_block = max(1, _BLOCK // k)
        for start in range(0, k - 1, rows_per_block):
            rows = members[start : start + rows_per_block]
            columns = members[start + 1 :]
            block = rows[:, None] * n + columns[None, :]
            # row t (global start + t) pairs with columns c >= t (global start + 1 + c)
            upper = np.arange(len(columns))[None, :] >= np.arange(len(rows))[:, None]
            chunk = block[upper]
            chunks.append(chunk)
            if group_ids is not None:
                id_chunks.append(np.full(len(chunk), group_ids[g], dtype=np.int32))
    if not chunks:
        return np.zeros(0, dtype=dtype), np.zeros(0, dtype=np.int32)
    keys = np.concatenate(chunks)
    del chunks
    ids = np.concatenate(id_chunks) if id_chunks else np.zeros(0, dtype=np.int32)
    return keys, ids


def _excluded_keys(facts: Facts, index: dict[str, int], n: int) -> _Ints:
    """Keys of pairs that already collaborate or are in one hierarchy."""
    members: dict[str, list[int]] = defaultdict(list)
    for actor in sorted(facts.actor_initiatives):
        i = index.get(actor)
        if i is not None:
            for initiative in facts.actor_initiatives[actor]:
                members[initiative].append(i)
    keys = [_pair_keys(list(members.values()), n, np.int64)[0]]
    extra = [min(i, j) * n + max(i, j) for i, j in linked_pairs(facts, index)]
    keys.append(np.asarray(extra, dtype=np.int64))
    return distinct(np.concatenate(keys))


def _pair_mask(
    selection: Selection, actors: list[str], i: _Ints, j: _Ints
) -> npt.NDArray[np.bool_]:
    """One boolean per pair: does it pass the focus and ``between`` filters?"""
    keep = np.ones(len(i), dtype=bool)
    if selection.focus is not None:
        focus = np.fromiter((a in selection.focus for a in actors), dtype=bool, count=len(actors))
        keep &= focus[i] | focus[j]
    if selection.sides is not None:
        left_set, right_set = selection.sides
        left = np.fromiter((a in left_set for a in actors), dtype=bool, count=len(actors))
        right = np.fromiter((a in right_set for a in actors), dtype=bool, count=len(actors))
        keep &= (left[i] & right[j]) | (left[j] & right[i])
    return keep


def synergy_pairs(facts: Facts, by: str, selection: Selection | None = None) -> SynergyPairs:
    """Compute every synergy pair of one dimension (or ``all``) in the internal form."""
    dimension = normalise_dimension(by)
    if selection is None:
        selection = resolve(Filters(), facts)
    sets = _item_sets(facts, dimension, selection)
    actors = sorted(sets)
    n = len(actors)
    index = {a: i for i, a in enumerate(actors)}
    holders: dict[str, list[int]] = defaultdict(list)
    for i, actor in enumerate(actors):
        for item in sets[actor]:
            holders[item].append(i)  # ascending, since actors are visited in order
    items = sorted(holders)
    dtype = np.int32 if n * n < 2**31 else np.int64
    keys, item_ids = _pair_keys([holders[x] for x in items], n, dtype, list(range(len(items))))
    # group the (pair, shared item) combinations by pair, each pair's items in ascending order:
    # one in-place sort of (pair key, item) packed into one integer when that fits in 64 bits
    n_items = max(len(items), 1)
    if len(keys) and (n * n) * n_items < _PACK_LIMIT:
        packed = keys.astype(np.int64)
        del keys
        packed *= n_items
        packed += item_ids
        del item_ids
        packed.sort()
        item_ids = (packed % n_items).astype(np.int32)
        packed //= n_items
        keys = packed.astype(dtype)
        del packed
    else:
        order = np.argsort(keys, kind="stable")
        keys, item_ids = keys[order], item_ids[order]
        del order
    if len(keys):
        starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
        if len(keys) < 2**31:
            starts = starts.astype(np.int32)
        counts = np.diff(np.append(starts, len(keys))).astype(np.int32)
        keys = keys[starts]
    else:
        starts = np.zeros(0, dtype=np.int64)
        counts = np.zeros(0, dtype=np.int32)
    excluded = _excluded_keys(facts, index, n).astype(dtype)
    if len(excluded) and len(keys):
        found = excluded[np.minimum(np.searchsorted(excluded, keys), len(excluded) - 1)] == keys
        keys, counts, starts = keys[~found], counts[~found], starts[~found]
    if len(keys):
        keep = _pair_mask(selection, actors, keys // max(n, 1), keys % max(n, 1))
        keys, counts, starts = keys[keep], counts[keep], starts[keep]
    width = max(n, 1)
    return SynergyPairs(
        dimension,
        actors,
        sets,
        keys // width,
        keys % width,
        counts,
        items=items,
        first=starts,
        shared_ids=item_ids,
    )


def to_synergies(facts: Facts, pairs: SynergyPairs, positions: _Ints) -> list[Synergy]:
    """Attach shared items and labels and build :class:`Synergy` objects.

    Built column by column: the IRIs, labels and shared-item tuples of every pair are picked
    from per-actor and per-item arrays with numpy, so the only per-pair Python work left is the
    dataclass constructor itself.
    """
    if len(positions) == 0:
        return []
    actors, items = pairs.actors, pairs.items
    a_index, b_index = pairs.i[positions], pairs.j[positions]
    counts, first = pairs.shared[positions], pairs.first[positions]
    if len(positions) <= LABELS_OF_LIMIT // 4:
        needed = {actors[i] for i in a_index.tolist()} | {actors[j] for j in b_index.tolist()}
        for start, count in zip(first.tolist(), counts.tolist(), strict=True):
            needed.update(items[k] for k in pairs.shared_ids[start : start + count].tolist())
        labels = facts.labels_of(needed)
    else:
        labels = facts.labels
    actor_iris = np.array(actors, dtype=object)
    actor_labels = np.array([labels.get(a) for a in actors], dtype=object)
    item_labels = [labels.get(x) for x in items]
    # one shared tuple per item, reused by the (frequent) pairs that share a single item
    single = [(x,) for x in items]
    single_labels = [(x,) for x in item_labels]
    ids = pairs.shared_ids
    first_ids = ids[first].tolist()
    shared = [single[k] for k in first_ids]
    shared_labels = [single_labels[k] for k in first_ids]
    # pairs sharing several items: one tuple per distinct combination, reused as well
    many = np.flatnonzero(counts > 1)
    many_counts = counts[many]
    ends = np.cumsum(many_counts)
    # the shared items of those pairs only, gathered into one flat list
    gather = np.repeat(first[many] - (ends - many_counts), many_counts) + np.arange(
        ends[-1] if len(ends) else 0
    )
    flat_ids = ids[gather].tolist()
    bounds = [0, *ends.tolist()]
    combinations: dict[tuple[int, ...], tuple[tuple[str, ...], tuple[str | None, ...]]] = {}
    for k, p in enumerate(many.tolist()):
        key = tuple(flat_ids[bounds[k] : bounds[k + 1]])
        found = combinations.get(key)
        if found is None:
            found = combinations[key] = (
                tuple([items[k] for k in key]),
                tuple([item_labels[k] for k in key]),
            )
        shared[p], shared_labels[p] = found
    sizes = pairs.sizes
    # Building many small objects: pause the cyclic garbage collector (they contain no cycles),
    # which otherwise rescans the growing list again and again.
    with gc_paused():
        return from_columns(
            Synergy,
            {
                "a": actor_iris[a_index].tolist(),
                "b": actor_iris[b_index].tolist(),
                "a_label": actor_labels[a_index].tolist(),
                "b_label": actor_labels[b_index].tolist(),
                "dimension": [pairs.dimension] * len(positions),
                "shared": shared,
                "score": pairs.score[positions].tolist(),
                "shared_labels": shared_labels,
                "a_items": sizes[a_index].tolist(),
                "b_items": sizes[b_index].tolist(),
                # evidence, countries and weights are attached by the caller where needed
                **{
                    name: [default] * len(positions)
                    for name, default in (
                        ("method", "jaccard"),
                        ("a_country", None),
                        ("b_country", None),
                        ("a_level", None),
                        ("b_level", None),
                        ("weights", ()),
                        ("use_cases", ()),
                        ("a_evidence", ()),
                        ("b_evidence", ()),
                        ("strength", 0),
                        ("already_collaborating", ()),
                    )
                },
            },
        )
