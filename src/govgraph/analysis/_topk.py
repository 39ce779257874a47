"""Best pairs of a :class:`~govgraph.analysis._space.Space` without computing every pair.

Scores are one sparse product, ``M Mᵀ``. For the best ``k`` partners of each row we use
``sparse_dot_topn.sp_matmul_topn``, which multiplies and keeps only each row's ``k`` largest
values as it goes (memory grows with rows x k, not rows x rows). The global top ``N`` is taken
from the union of the rows' top ``N`` lists: a pair among the ``N`` best overall is among the
``N`` best of its own row. Pairs that may not be proposed (the same actor, actors that already
work together or sit in one hierarchy) are dropped afterwards; rows that lose too many candidates
that way are asked again with a larger ``k``. Every pair (``--all``) is computed block of rows by
block of rows, so only one block's products are ever held.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ._facts import Facts
from ._filters import Selection
from ._space import Space

__all__ = ["Pairs", "all_pairs", "best_pairs", "excluded_partners"]

_Ints = npt.NDArray[np.int64]
_Floats = npt.NDArray[np.float64]
#: Non-zero products per block of rows when streaming every pair.
_BLOCK_PRODUCTS = 2_000_000
#: Extra candidates asked per row, for the pairs dropped afterwards.
_SLACK = 8

Pairs = tuple[_Ints, _Ints, _Floats]


def excluded_partners(facts: Facts, space: Space) -> dict[int, set[int]]:
    """Row -> rows it may not be paired with: same initiative, stated collaboration, hierarchy."""
    index = space.index
    out: dict[int, set[int]] = defaultdict(set)
    members: dict[str, list[int]] = defaultdict(list)
    for actor, initiatives in facts.actor_initiatives.items():
        r = index.get(actor)
        if r is not None:
            for initiative in initiatives:
                members[initiative].append(r)
    for rows in members.values():
        if len(rows) > 1:
            for r in rows:
                out[r].update(rows)
    for a, b in facts.collaborations:
        i, j = index.get(a), index.get(b)
        if i is not None and j is not None:
            out[i].add(j)
            out[j].add(i)
    for unit, ancestors in facts.ancestors.items():
        i = index.get(unit)
        if i is None:
            continue
        for up in ancestors:
            j = index.get(up)
            if j is not None:
                out[i].add(j)
                out[j].add(i)
    for r, partners in out.items():
        partners.discard(r)
    return dict(out)


def _rows(space: Space, actors: frozenset[str] | set[str]) -> _Ints:
    return np.asarray(sorted(space.index[a] for a in actors if a in space.index), dtype=np.int64)


def passes(space: Space, selection: Selection) -> list[tuple[_Ints, _Ints]]:
    """(rows, columns) products that together hold every pair the selection allows."""
    every = np.arange(len(space.actors), dtype=np.int64)
    focus = _rows(space, selection.focus) if selection.focus is not None else None
    if selection.sides is None:
        return [(focus if focus is not None else every, every)]
    left, right = (_rows(space, side) for side in selection.sides)
    if focus is None:
        return [(left, right)]
    return [
        (np.intersect1d(left, focus), right),
        (np.intersect1d(right, focus), left),
    ]


def _excluded_keys(excluded: dict[int, set[int]], n: int) -> _Ints:
    """Sorted keys ``i * n + j`` of the pairs that may not be proposed (both directions)."""
    keys = [i * n + j for i, partners in excluded.items() for j in partners]
    return np.unique(np.asarray(keys, dtype=np.int64))


def _drop(i: _Ints, j: _Ints, banned: _Ints, n: int) -> npt.NDArray[np.bool_]:
    """Which pairs to keep: not the same actor, not a banned pair."""
    keep = i != j
    if len(banned) and len(i):
        key = i * n + j
        at = np.minimum(np.searchsorted(banned, key), len(banned) - 1)
        keep &= banned[at] != key
    return keep


def best_pairs(
    space: Space,
    selection: Selection,
    excluded: dict[int, set[int]],
    *,
    k: int,
    min_score: float = 0.0,
) -> Pairs:
    """Each row's ``k`` best allowed partners (rows of every pass), as ``(i, j, score)``.

    Pairs are given once each, with ``i < j``; a pair that is among the best of both its rows
    appears once. Ties at a row's cut are broken by the partner's row number.
    """
    from sparse_dot_topn import sp_matmul_topn

    n = max(len(space.actors), 1)
    banned = _excluded_keys(excluded, n)
    found_i: list[_Ints] = []
    found_j: list[_Ints] = []
    found_s: list[_Floats] = []
    if k <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0)
    for rows, cols in passes(space, selection):
        if not len(rows) or not len(cols):
            continue
        todo = rows
        ask = k + _SLACK
        columns_t = space.matrix[cols].T.tocsr()
        while len(todo):
            asked = min(ask, len(cols))
            product = sp.csr_matrix(
                sp_matmul_topn(space.matrix[todo], columns_t, top_n=asked, threshold=0.0)
            )
            counts = np.diff(product.indptr)
            i = np.repeat(todo, counts)
            j = cols[product.indices]
            s = product.data
            keep = _drop(i, j, banned, n) & (s >= min_score)
            kept = np.bincount(np.repeat(np.arange(len(todo)), counts)[keep], minlength=len(todo))
            # rows that lost candidates may hide better allowed ones: ask them again for more
            short = (kept < k) & (counts == asked) & (asked < len(cols))
            done = ~short[np.repeat(np.arange(len(todo)), counts)] & keep
            i, j, s = i[done], j[done], s[done]
            order = np.lexsort((j, -np.round(s, 9), i))
            i, j, s = i[order], j[order], s[order]
            starts = np.flatnonzero(np.concatenate(([True], i[1:] != i[:-1]))) if len(i) else i
            rank = np.arange(len(i)) - np.repeat(starts, np.diff(np.append(starts, len(i))))
            top = rank < k
            found_i.append(i[top])
            found_j.append(j[top])
            found_s.append(s[top])
            todo = todo[short]
            ask *= 4
    if not found_i:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0)
    i_all = np.concatenate(found_i)
    j_all = np.concatenate(found_j)
    s_all = np.concatenate(found_s)
    lo, hi = np.minimum(i_all, j_all), np.maximum(i_all, j_all)
    _, first = np.unique(lo * n + hi, return_index=True)
    return lo[first], hi[first], s_all[first]


def all_pairs(
    space: Space, selection: Selection, excluded: dict[int, set[int]], *, min_score: float = 0.0
) -> Iterator[Pairs]:
    """Every allowed pair with a positive score, block of rows by block of rows (unsorted)."""
    n = max(len(space.actors), 1)
    banned = _excluded_keys(excluded, n)
    for rows, cols in passes(space, selection):
        if not len(rows) or not len(cols):
            continue
        both = np.isin(cols, rows)
        columns_t = space.matrix[cols].T.tocsr()
        # rows per block: at most _BLOCK_PRODUCTS products even if every pair scores
        size = max(1, _BLOCK_PRODUCTS // len(cols))
        for start in range(0, len(rows), size):
            block = rows[start : start + size]
            product = (space.matrix[block] @ columns_t).tocoo()
            i = block[product.row]
            j = cols[product.col]
            s = product.data
            # each pair once: when both ends are rows of this pass, keep i < j
            keep = (s > 0) & (s >= min_score) & (i != j) & (~both[product.col] | (i < j))
            i, j, s = i[keep], j[keep], s[keep]
            keep = _drop(i, j, banned, n)
            i, j, s = i[keep], j[keep], s[keep]
            yield np.minimum(i, j), np.maximum(i, j), s
