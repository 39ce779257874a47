"""Best pairs of a :class:`~govgraph.analysis._space.Space` without computing every pair.

Scores are one sparse product, ``M Mᵀ``. For the best ``k`` partners of each row we use
``sparse_dot_topn.sp_matmul_topn``, which multiplies and keeps only each row's ``k`` largest
values as it goes (memory grows with rows x k, not rows x rows). The global top ``N`` is taken
from the union of the rows' top ``N`` lists: a pair among the ``N`` best overall is among the
``N`` best of its own row. For the global top ``N`` most rows need no product at all: a row's
score with any other row is at most ``sum_f x_f * max_r x_rf`` (its *bound*), so once some ``N``
allowed pairs are known to score at least ``t`` (the best partners of the rows with the highest
bounds), only rows whose bound reaches ``t`` can be part of a better pair, and only they are
multiplied, with ``t`` as the product's threshold. The answer is the same as without the bound.
Pairs that may not be proposed (the same actor, actors that already
work together or sit in one hierarchy) are dropped afterwards; rows that lose too many candidates
that way are asked again with a larger ``k``. Every pair (``--all``) is computed block of rows by
block of rows, so only one block's products are ever held.

The top-n products run on every core this process may use (``sp_matmul_topn``'s ``n_threads``;
``GOVGRAPH_THREADS`` sets another number). Each row's best partners are computed by one thread
alone, so the result is the same whatever the number of threads.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator, Mapping

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ._facts import Facts
from ._filters import Selection
from ._space import Space, distinct, ranks, same_rows, spans

__all__ = [
    "Pairs",
    "all_pairs",
    "best_pairs",
    "bounds",
    "excluded_partners",
    "linked_pairs",
]

_Ints = npt.NDArray[np.int64]
_Floats = npt.NDArray[np.float64]
#: Non-zero products per block of rows when streaming every pair.
_BLOCK_PRODUCTS = 2_000_000
#: Extra candidates asked per row, for the pairs dropped afterwards.
_SLACK = 8
#: Rows (those with the highest bounds) whose best partners give the first floor of the top N:
#: this many times N, and at least _SEEDS.
_SEED_FACTOR = 4
_SEEDS = 256
#: Relative margin below the floor, so that float rounding never loses a pair tied at the cut.
_MARGIN = 1e-6

Pairs = tuple[_Ints, _Ints, _Floats]


def threads() -> int:
    """Threads for the top-n products: ``GOVGRAPH_THREADS``, else the cores this process may use."""
    given = os.environ.get("GOVGRAPH_THREADS", "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _topn(a: sp.csr_matrix, b_t: sp.csr_matrix, *, top_n: int, threshold: float) -> sp.csr_matrix:
    """``sp_matmul_topn`` on :func:`threads` threads (one when it was built without OpenMP)."""
    from sparse_dot_topn import sp_matmul_topn

    with warnings.catch_warnings():
        # "compiled without parallelisation (OpenMP) support, ignoring n_threads": one thread
        warnings.filterwarnings("ignore", message=".*OpenMP.*")
        found = sp_matmul_topn(a, b_t, top_n=top_n, threshold=threshold, n_threads=threads())
    return sp.csr_matrix(found)


def _row_products(
    matrix: sp.csr_matrix,
    rows: _Ints,
    cols: _Ints,
    columns_t: sp.csr_matrix,
    top_n: int,
    threshold: float,
) -> tuple[_Ints, _Ints, _Floats, _Ints]:
    """Each row's ``top_n`` best columns, as ``(i, j, score)`` and the count of each row.

    ``matrix`` holds the rows ``rows``. Equal rows (often: actors with the same features) are
    multiplied once: a row's best columns are worked out by one thread from that row alone, so
    an equal row gets the same columns, in the same order.
    """
    number, first = same_rows(matrix, values=True)
    product = _topn(matrix[first], columns_t, top_n=top_n, threshold=threshold)
    per_first = np.diff(product.indptr)
    counts: _Ints = per_first[number]
    at = spans(product.indptr[:-1][number], counts)
    i: _Ints = np.repeat(rows, counts)
    j: _Ints = cols[product.indices[at]]
    s: _Floats = product.data[at]
    return i, j, s, counts


def linked_pairs(facts: Facts, index: Mapping[str, int]) -> Iterator[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i != j``, of actors that collaborate or are in one hierarchy."""
    for a, b in facts.collaborations:
        i, j = index.get(a), index.get(b)
        if i is not None and j is not None and i != j:
            yield i, j
    for unit, ancestors in facts.ancestors.items():
        i = index.get(unit)
        if i is None:
            continue
        for up in ancestors:
            j = index.get(up)
            if j is not None and j != i:
                yield i, j


def _within(groups: _Ints, rows: _Ints, n: int) -> _Ints:
    """Keys ``i * n + j`` of every ordered pair of rows in one group (``i == j`` included)."""
    order = np.argsort(groups, kind="stable")
    g, r = groups[order], rows[order]
    if not len(g):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], g[1:] != g[:-1])))
    sizes = np.diff(np.append(starts, len(g)))
    size_of = np.repeat(sizes, sizes)  # per member: the size of its group, and where it starts
    start_of = np.repeat(starts, sizes)
    shared = size_of > 1
    left, size, start = r[shared], size_of[shared], start_of[shared]
    # member t of a group of size s pairs with the s members of its group
    found: _Ints = np.repeat(left, size) * n + r[spans(start, size)]
    return found


def excluded_partners(facts: Facts, space: Space) -> _Ints:
    """Pairs of rows that may not be paired: same initiative, stated collaboration, hierarchy.

    Returns the sorted keys ``i * n + j`` (``n`` rows, at least 1) of those pairs, both ways.
    """
    index = space.index
    n = max(len(space.actors), 1)
    rows: list[int] = []
    groups: list[int] = []
    ids: dict[str, int] = {}
    for actor, initiatives in facts.actor_initiatives.items():
        r = index.get(actor)
        if r is not None:
            for initiative in initiatives:
                rows.append(r)
                groups.append(ids.setdefault(initiative, len(ids)))
    linked = np.asarray(list(linked_pairs(facts, index)), dtype=np.int64).reshape(-1, 2)
    keys = distinct(
        np.concatenate(
            (
                _within(np.asarray(groups, dtype=np.int64), np.asarray(rows, dtype=np.int64), n),
                linked[:, 0] * n + linked[:, 1],
                linked[:, 1] * n + linked[:, 0],
            )
        )
    )
    kept: _Ints = keys[keys // n != keys % n]
    return kept


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


def _drop(i: _Ints, j: _Ints, banned: _Ints, n: int) -> npt.NDArray[np.bool_]:
    """Which pairs to keep: not the same actor, not a banned pair."""
    keep = i != j
    if len(banned) and len(i):
        key = i * n + j
        at = np.minimum(np.searchsorted(banned, key), len(banned) - 1)
        keep &= banned[at] != key
    return keep


def bounds(space: Space) -> _Floats:
    """Per row, the highest score it can reach with any row: ``sum_f x_f * max_r x_rf``."""
    matrix = space.matrix
    if not matrix.nnz:
        return np.zeros(matrix.shape[0])
    top = matrix.max(axis=0).toarray().ravel()
    found: _Floats = np.asarray(matrix @ top, dtype=np.float64).ravel()
    return found


def _floor(
    space: Space,
    rows: _Ints,
    columns_t: sp.csr_matrix,
    cols: _Ints,
    banned: _Ints,
    reach: _Floats,
    *,
    top: int,
    min_score: float,
) -> float:
    """A score that ``top`` distinct allowed pairs of this pass reach (0 when not found).

    Found among the best partners of the rows with the highest bounds: real pairs, so the
    ``top``-th best pair of the pass scores at least this.
    """
    n = max(len(space.actors), 1)
    seeds = rows[np.argsort(-reach[rows], kind="stable")[: max(_SEED_FACTOR * top, _SEEDS)]]
    product = _topn(space.matrix[seeds], columns_t, top_n=top + _SLACK, threshold=0.0)
    i = np.repeat(seeds, np.diff(product.indptr))
    j = cols[product.indices]
    s = product.data
    keep = _drop(i, j, banned, n) & (s >= min_score) & (s > 0)
    i, j, s = i[keep], j[keep], s[keep]
    _, first = np.unique(np.minimum(i, j) * n + np.maximum(i, j), return_index=True)
    if len(first) < top:
        return 0.0
    return float(np.partition(-s[first], top - 1)[top - 1] * -1)


def best_pairs(
    space: Space,
    selection: Selection,
    excluded: _Ints,
    *,
    k: int,
    min_score: float = 0.0,
    overall: int | None = None,
) -> Pairs:
    """Each row's ``k`` best allowed partners (rows of every pass), as ``(i, j, score)``.

    Pairs are given once each, with ``i < j``; a pair that is among the best of both its rows
    appears once. Of the partners tied at a row's cut, sparse_dot_topn keeps some (the same
    ones for the same matrix, not always the lowest row numbers), and of those the lowest row
    numbers are taken. With
    ``overall`` (the caller keeps only the best ``overall`` pairs of all), pairs that cannot be
    among those may be left out: only rows whose bound reaches a known floor are multiplied.
    ``excluded`` are the keys of :func:`excluded_partners`.
    """
    n = max(len(space.actors), 1)
    banned = excluded
    found_i: list[_Ints] = []
    found_j: list[_Ints] = []
    found_s: list[_Floats] = []
    if k <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0)
    reach = bounds(space) if overall is not None or min_score > 0 else None
    for rows, cols in passes(space, selection):
        if not len(rows) or not len(cols):
            continue
        threshold = 0.0
        if reach is not None:
            floor = min_score
            if overall is not None and overall > 0:
                columns_t = space.matrix[cols].T.tocsr()
                found = _floor(
                    space, rows, columns_t, cols, banned, reach, top=overall, min_score=min_score
                )
                floor = max(floor, found)
            if floor > 0:
                # a pair scoring ``floor`` or more needs both rows' bounds to reach it
                threshold = floor - _MARGIN * max(1.0, floor)
                rows = rows[reach[rows] > threshold]
                cols = cols[reach[cols] > threshold]
                if not len(rows) or not len(cols):
                    continue
        todo = rows
        ask = k + _SLACK
        columns_t = space.matrix[cols].T.tocsr()
        while len(todo):
            asked = min(ask, len(cols))
            i, j, s, counts = _row_products(
                space.matrix[todo], todo, cols, columns_t, asked, threshold
            )
            keep = _drop(i, j, banned, n) & (s >= min_score)
            kept = np.bincount(np.repeat(np.arange(len(todo)), counts)[keep], minlength=len(todo))
            # rows that lost candidates may hide better allowed ones: ask them again for more
            short = (kept < k) & (counts == asked) & (asked < len(cols))
            done = ~short[np.repeat(np.arange(len(todo)), counts)] & keep
            i, j, s = i[done], j[done], s[done]
            order = np.lexsort((j, -np.round(s, 9), i))
            i, j, s = i[order], j[order], s[order]
            top = ranks(i) < k
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
    space: Space, selection: Selection, excluded: _Ints, *, min_score: float = 0.0
) -> Iterator[Pairs]:
    """Every allowed pair with a positive score, block of rows by block of rows (unsorted)."""
    n = max(len(space.actors), 1)
    banned = excluded
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
