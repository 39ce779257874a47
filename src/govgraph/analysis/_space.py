"""The actor-feature matrix behind the rarity-weighted synergy scores.

Each actor becomes a sparse row over *features*: the items its (kept) initiatives hold, their
broader concepts, and *use cases* (two unrelated items that occur in one initiative: a technology
applied in a policy area). A feature weighs its information content ``log(N / df)`` (the IDF of
TF-IDF; ``N`` actors, ``df`` of them hold the feature), and the score of two actors is the sum of
the weights of their shared features: one sparse product ``S = X W Xᵀ``.

Hierarchies count once: an actor holding a narrower item also holds every broader one, and each
feature carries only what it adds to its broader ones (``IC(item) - IC(broader)``), so sharing
"natural language processing" scores ``IC(natural language processing)`` whether or not
"artificial intelligence" is counted too, and two actors whose items differ below a shared broader
item get that broader item's (lower) information content: partial credit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .._exceptions import ConfigurationError
from ._facts import Facts
from ._filters import Selection
from ._vocab import DIMENSIONS

__all__ = ["WEIGHTINGS", "Space", "distinct", "ranks", "same_rows", "spans"]

#: Weightings of the features: information content (``idf``: log N/df), resource allocation
#: (``ra``: 1/df), and ``cosine`` (idf, rows scaled to length 1).
WEIGHTINGS = ("idf", "ra", "cosine")

_Floats = npt.NDArray[np.float64]
_Ints = npt.NDArray[np.int64]


def distinct(values: _Ints) -> _Ints:
    """The sorted distinct integers of ``values`` (``np.unique``, by sorting).

    numpy 2.4's ``unique``, hash-based, is about 15 times slower on the hundreds of thousands of
    keys built here.
    """
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    found: _Ints = ordered[keep]
    return found


def spans(starts: _Ints, lengths: _Ints) -> _Ints:
    """The positions ``starts[k], starts[k] + 1, ...`` (``lengths[k]`` of them), run after run.

    Examples:
        >>> spans(np.array([10, 3, 7]), np.array([2, 0, 3])).tolist()
        [10, 11, 7, 8, 9]
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    # position p of run k is starts[k] + (p - first position of run k): one repeat of the shift
    shift = np.asarray(starts, dtype=np.int64) - (np.cumsum(lengths) - lengths)
    found: _Ints = np.arange(int(lengths.sum()), dtype=np.int64) + np.repeat(shift, lengths)
    return found


def _salt(width: int, seed: int = 20261130) -> _Ints:
    """Fixed random 64-bit values, one per column (the same in every run)."""
    found: _Ints = np.random.default_rng(seed).integers(1, 2**63 - 1, size=width, dtype=np.int64)
    return found


def same_rows(matrix: sp.csr_matrix, *, values: bool = False) -> tuple[_Ints, _Ints]:
    """Number the distinct rows of ``matrix`` (CSR, sorted indices): equal rows, one number.

    Rows are equal when they hold the same columns (and, with ``values``, the same values there,
    bit for bit). Returns each row's number and, for each number, its first row (ascending).
    Rows are grouped by their length and a sum of fixed random 64-bit values of their columns
    (and values), then every row is compared with its group's first row; should two different
    rows ever share a sum, they are numbered one by one instead.

    Examples:
        >>> m = sp.csr_matrix(np.array([[1.0, 0, 2], [0, 1, 0], [1, 0, 2], [1, 0, 3]]))
        >>> number, first = same_rows(m, values=True)
        >>> number.tolist(), first.tolist()
        ([0, 1, 0, 2], [0, 1, 3])
    """
    n = matrix.shape[0]
    indices, indptr = matrix.indices.astype(np.int64), matrix.indptr.astype(np.int64)
    lengths = np.diff(indptr)
    width = max(matrix.shape[1], 1)
    terms = _salt(width)[indices].view(np.uint64)
    bits = np.zeros(0, dtype=np.uint64)
    if values:
        bits = np.ascontiguousarray(matrix.data, dtype=np.float64).view(np.uint64)
        with np.errstate(over="ignore"):
            terms = terms + bits * _salt(width, 7).view(np.uint64)[indices]
    running = np.concatenate((np.zeros(1, dtype=np.uint64), np.cumsum(terms, dtype=np.uint64)))
    key = running[indptr[1:]] - running[indptr[:-1]]  # wraps around: a sum modulo 2**64
    order = np.lexsort((np.arange(n), key, lengths))
    new = np.ones(n, dtype=bool)
    if n > 1:
        new[1:] = (key[order][1:] != key[order][:-1]) | (lengths[order][1:] != lengths[order][:-1])
    group = np.cumsum(new) - 1
    first = np.sort(order[new])  # numbered in the order of their first rows
    renumber = np.searchsorted(first, order[new])  # group (in key order) -> its number
    number = np.empty(n, dtype=np.int64)
    number[order] = renumber[group] if len(group) else group
    # check: each row holds exactly what its group's first row holds
    row = np.repeat(np.arange(n), lengths)
    at = indptr[first[number[row]]] + (np.arange(len(indices)) - indptr[row])
    if np.array_equal(indices, indices[at]) and (not values or np.array_equal(bits, bits[at])):
        return number, first
    return _one_by_one(matrix, values=values)


def _one_by_one(matrix: sp.csr_matrix, *, values: bool) -> tuple[_Ints, _Ints]:
    """:func:`same_rows` with the rows compared as bytes, one by one."""
    indices, indptr, data = matrix.indices, matrix.indptr, matrix.data
    number = np.empty(matrix.shape[0], dtype=np.int64)
    known: dict[bytes, int] = {}
    firsts: list[int] = []
    for p in range(matrix.shape[0]):
        start, end = indptr[p], indptr[p + 1]
        key = indices[start:end].tobytes()
        if values:
            key += b"|" + np.ascontiguousarray(data[start:end], dtype=np.float64).tobytes()
        found = known.setdefault(key, len(firsts))
        if found == len(firsts):
            firsts.append(p)
        number[p] = found
    return number, np.asarray(firsts, dtype=np.int64)


def _incidence(columns: list[_Ints], width: int) -> sp.csr_matrix:
    """Rows x ``width`` 0/1 matrix, row ``k`` holding ``columns[k]`` (each distinct)."""
    lengths = np.fromiter((len(c) for c in columns), dtype=np.int64, count=len(columns))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    indices = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
    return sp.csr_matrix(
        (np.ones(len(indices)), indices, indptr), shape=(len(columns), width), dtype=np.float64
    )


def _membership(
    groups: Iterable[tuple[int, Iterable[str]]], position: Mapping[str, int], rows: int
) -> sp.csr_matrix:
    """Rows x initiatives 0/1 matrix: the initiatives of each row."""
    r: list[int] = []
    c: list[int] = []
    for row, initiatives in groups:
        for initiative in initiatives:
            r.append(row)
            c.append(position[initiative])
    return sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(rows, len(position)), dtype=np.float64)


def _holdings(
    member: sp.csr_matrix, incidence: sp.csr_matrix, loose: Mapping[int, _Ints], width: int
) -> sp.csr_matrix:
    """Rows x ``width``: where a row holds a column through an initiative or a loose one.

    Canonical (sorted columns, each once); the values are counts, the structure is what counts.
    """
    found = sp.csr_matrix(member @ incidence)
    if loose:
        rows = sorted(loose)
        lengths = [len(loose[r]) for r in rows]
        extra = sp.csr_matrix(
            (
                np.ones(sum(lengths)),
                (
                    np.repeat(np.asarray(rows, dtype=np.int64), lengths),
                    np.concatenate([loose[r] for r in rows]),
                ),
            ),
            shape=(member.shape[0], width),
            dtype=np.float64,
        )
        found = sp.csr_matrix(found + extra)
    found.sum_duplicates()
    found.sort_indices()
    return found


def ranks(group: _Ints) -> _Ints:
    """Position of each element within its run of equal values of ``group`` (sorted).

    Examples:
        >>> ranks(np.array([3, 3, 5, 7, 7, 7])).tolist()
        [0, 1, 0, 0, 1, 2]
    """
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], group[1:] != group[:-1])))
    lengths = np.diff(np.append(starts, len(group)))
    found: _Ints = np.arange(len(group)) - np.repeat(starts, lengths)
    return found


class Space:
    """Actors as sparse rows over weighted features, for one dimension and one selection.

    With ``group_by`` (actor -> group, e.g. its country) the rows are the groups instead.
    ``damping`` divides each score by ``(cases of a x cases of b) ** (damping / 2)``.

    Attributes:
        actors: Actor IRIs (rows), sorted.
        index: Actor IRI -> row.
        features: Feature keys: ``(item,)`` or ``(item, item)`` for a use case (sorted pair).
        weight: Weight of each feature (what it adds to its broader features).
        matrix: CSR matrix, actors x features, ``sqrt(weight)`` where the actor holds the feature
            (``matrix @ matrix.T`` gives the scores).
        initiatives: Row -> the actor's kept initiatives that hold at least one item.
        initiative_features: Initiative -> its feature columns (sorted).
        loose_features: Row -> feature columns of items not tied to an initiative (challenges an
            actor faces), sorted.
    """

    def __init__(
        self,
        facts: Facts,
        dimension: str,
        selection: Selection,
        *,
        weighting: str = "idf",
        damping: float = 0.0,
        group_by: Mapping[str, str] | None = None,
    ) -> None:
        if weighting not in WEIGHTINGS:
            raise ConfigurationError(f"unknown weighting {weighting!r}; use {WEIGHTINGS}")
        dims = DIMENSIONS if dimension == "all" else (dimension,)
        broader = facts.broader
        # direct items of each initiative, and items of each actor not tied to an initiative;
        # the whole data (every kind, every initiative) gives the rarity of each feature, the
        # selection gives the rows
        initiative_items: dict[str, set[str]] = defaultdict(set)
        actor_initiatives: dict[str, set[str]] = defaultdict(set)
        loose: dict[str, set[str]] = defaultdict(set)
        every_initiatives: dict[str, set[str]] = defaultdict(set)
        every_loose: dict[str, set[str]] = defaultdict(set)
        allowed = selection.actors
        wanted = selection.initiatives  # None: every initiative (and loose items) kept
        for dim in dims:
            for actor, item, initiative in facts.item_rows(dim):
                kept = actor in allowed and (
                    wanted is None or (initiative is not None and initiative in wanted)
                )
                if group_by is not None:
                    found = group_by.get(actor)
                    if found is None:
                        continue
                    actor = found
                if initiative is None:
                    every_loose[actor].add(item)
                    if kept:
                        loose[actor].add(item)
                else:
                    initiative_items[initiative].add(item)
                    every_initiatives[actor].add(initiative)
                    if kept:
                        actor_initiatives[actor].add(initiative)
        self.initiative_items = {i: frozenset(x) for i, x in initiative_items.items()}
        self.actors = sorted(set(actor_initiatives) | set(loose))
        self.index = {a: i for i, a in enumerate(self.actors)}
        self.dimension = dimension
        self.weighting = weighting
        feature_id: dict[tuple[str, ...], int] = {}

        def closure(items: Iterable[str]) -> set[str]:
            out = set(items)
            for item in items:
                out |= broader.get(item, frozenset())
            return out

        # initiatives often hold the same items: each distinct set is turned into features once
        # (the same ids either way: a repeated set adds no new feature)
        known: dict[tuple[frozenset[str], bool], _Ints] = {}

        def features_of(items: Set[str], *, with_cases: bool) -> _Ints:
            memo = (frozenset(items), with_cases)
            found = known.get(memo)
            if found is None:
                found = known[memo] = _features_of(items, with_cases=with_cases)
            return found

        def _features_of(items: Set[str], *, with_cases: bool) -> _Ints:
            held = closure(items)
            keys: list[tuple[str, ...]] = [(x,) for x in held]
            if with_cases and len(held) > 1:
                ordered = sorted(held)
                for k, x in enumerate(ordered):
                    up_x = broader.get(x, frozenset())
                    for y in ordered[k + 1 :]:
                        if y not in up_x and x not in broader.get(y, frozenset()):
                            keys.append((x, y))
            # ids in the order of the keys (not of a set, which varies with PYTHONHASHSEED): the
            # column order decides how floats are summed, so it must not change between runs
            ids = sorted({feature_id.setdefault(key, len(feature_id)) for key in sorted(keys)})
            return np.asarray(ids, dtype=np.int64)

        frozen = self.initiative_items
        ordered = sorted(frozen)
        self.initiative_features: dict[str, _Ints] = {
            i: features_of(frozen[i], with_cases=True) for i in ordered
        }
        # (in actor order: features first met here are numbered in the same order whatever
        # order the store gave the rows in)
        every_loose_features = {
            a: features_of(items, with_cases=False) for a, items in sorted(every_loose.items())
        }
        self.loose_features: dict[int, _Ints] = {
            self.index[a]: features_of(items, with_cases=False) for a, items in loose.items()
        }
        self.initiatives: dict[int, list[str]] = {
            self.index[a]: sorted(ins) for a, ins in actor_initiatives.items()
        }
        self.feature_index = feature_id
        m = len(feature_id)
        self.features: list[tuple[str, ...]] = [("",)] * m
        for key, k in feature_id.items():
            self.features[k] = key
        position = {x: k for k, x in enumerate(ordered)}

        # the items of each initiative as numbers (each distinct set numbered once)
        item_id: dict[str, int] = {}
        numbered: dict[frozenset[str], _Ints] = {}

        def item_ids(items: frozenset[str]) -> _Ints:
            found = numbered.get(items)
            if found is None:
                ids = [item_id.setdefault(x, len(item_id)) for x in sorted(items)]
                found = numbered[items] = np.asarray(ids, dtype=np.int64)
            return found

        initiative_item_ids = [item_ids(frozen[i]) for i in ordered]
        loose_item_ids = {self.index[a]: item_ids(frozenset(items)) for a, items in loose.items()}
        by_feature = _incidence([self.initiative_features[i] for i in ordered], m)
        by_item = _incidence(initiative_item_ids, len(item_id))

        everybody = sorted(set(every_initiatives) | set(every_loose))
        n_every = len(everybody)
        every_member = _membership(
            ((r, every_initiatives.get(a, ())) for r, a in enumerate(everybody)), position, n_every
        )
        every_loose_of = {
            r: every_loose_features[a] for r, a in enumerate(everybody) if a in every_loose_features
        }
        # df: distinct (actor, feature) pairs of the whole data, counted per feature
        every_held = _holdings(every_member, by_feature, every_loose_of, m)
        df = np.bincount(every_held.indices, minlength=m).astype(np.float64)[:m]
        n = len(self.actors)
        member = _membership(self.initiatives.items(), position, n)
        held = _holdings(member, by_feature, self.loose_features, m)
        self._item_counts = np.diff(
            _holdings(member, by_item, loose_item_ids, len(item_id)).indptr
        ).tolist()
        row = np.repeat(np.arange(n, dtype=np.int64), np.diff(held.indptr))
        col = held.indices.astype(np.int64)
        self.df = df
        self.weight = self._telescoped(df, n_every, broader, feature_id, weighting)
        values = np.sqrt(self.weight[col]) if len(col) else np.zeros(0)
        matrix = sp.csr_matrix((values, (row, col)), shape=(n, m), dtype=np.float64)
        if damping and weighting != "cosine":
            # score / (cases of a x cases of b) ** (damping / 2): busy actors do not win by volume
            counts = np.asarray(
                [max(1, len(self.initiatives.get(r, ()))) for r in range(n)], dtype=np.float64
            )
            matrix = sp.csr_matrix(sp.diags(counts ** (-damping / 2)) @ matrix)
        if weighting == "cosine":
            norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
            norms[norms == 0] = 1.0
            matrix = sp.csr_matrix(sp.diags(1.0 / norms) @ matrix)
        matrix.sort_indices()
        self.matrix: sp.csr_matrix = matrix
        self.binary: sp.csr_matrix = sp.csr_matrix(
            (np.ones(len(col)), (row, col)), shape=(n, m), dtype=np.float64
        )
        self.binary.sort_indices()

    @staticmethod
    def _telescoped(
        df: _Floats,
        n: int,
        broader: Mapping[str, frozenset[str]],
        feature_id: Mapping[tuple[str, ...], int],
        weighting: str,
    ) -> _Floats:
        """Information content of each feature minus that of its most informative broader one."""
        with np.errstate(divide="ignore"):
            if weighting == "ra":
                ic = np.where(df > 0, 1.0 / np.maximum(df, 1.0), 0.0)
            else:
                ic = np.where(df > 0, np.log(max(n, 1) / np.maximum(df, 1.0)), 0.0)
        direct: dict[str, set[str]] = {}

        def parents(item: str) -> set[str]:
            found = direct.get(item)
            if found is None:
                ups = broader.get(item, frozenset())
                # direct parents: broader items that are not broader than another broader item
                found = {u for u in ups if not any(u in broader.get(v, ()) for v in ups)}
                direct[item] = found
            return found

        weight = ic.copy()
        for key, k in feature_id.items():
            if len(key) == 1:
                ups = [feature_id.get((p,)) for p in parents(key[0])]
            else:
                x, y = key
                ups = [feature_id.get(tuple(sorted((p, y)))) for p in parents(x)]
                ups += [feature_id.get(tuple(sorted((x, q)))) for q in parents(y)]
            known = [ic[u] for u in ups if u is not None]
            if known:
                weight[k] = max(0.0, ic[k] - max(known))
        return weight

    def item_count(self, row: int) -> int:
        """Number of items the actor holds itself (broader ones not counted)."""
        return self._item_counts[row]

    # ------------------------------------------------------------------ pairs
    def shared(self, i: int, j: int) -> _Ints:
        """Feature columns both actors hold."""
        a = self.binary.indices[self.binary.indptr[i] : self.binary.indptr[i + 1]]
        b = self.binary.indices[self.binary.indptr[j] : self.binary.indptr[j + 1]]
        return np.intersect1d(a, b, assume_unique=True)

    def score(self, i: int, j: int) -> float:
        """The score of one pair (the sum of its shared features' weights, or the cosine)."""
        row_i = self.matrix.getrow(i)
        return float(row_i.multiply(self.matrix.getrow(j)).sum())

    def contributions(self, row: int, shared: _Ints) -> list[tuple[str, float]]:
        """The actor's initiatives behind ``shared`` with the weight each supports, largest first."""
        if not len(shared):
            return []
        out = []
        for initiative in self.initiatives.get(row, ()):
            common = np.intersect1d(
                self.initiative_features[initiative], shared, assume_unique=True
            )
            if len(common):
                # added one after the other, in column order (not numpy's pairwise sum), as
                # the results' evidence is ordered
                out.append((initiative, float(np.cumsum(self.weight[common])[-1])))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out

    def describe(self) -> dict[str, Any]:
        """Sizes, for benchmarks and debugging."""
        return {
            "actors": len(self.actors),
            "features": len(self.features),
            "nonzeros": int(self.matrix.nnz),
            "use_cases": sum(1 for f in self.features if len(f) == 2),
        }
