"""Results for many pairs at once: every actor's best partners, hundreds of thousands of pairs.

:meth:`Describer.synergy <govgraph.analysis._evidence.Describer.synergy>` builds one result at a
time, with set and dictionary work per pair. Here the same results are built for all pairs
together, with sparse matrices and numpy:

- the features two actors share are one element-wise product of their rows;
- pairs that share the same features share the description of them (items, weights, use cases),
  and a side (an actor with the features it shares) that recurs in several pairs has the same
  evidence, so each distinct one is worked out once;
- the weight an initiative supports is the sum of the weights of the side's features it holds,
  in the order of the feature columns (as
  :meth:`Space.contributions <govgraph.analysis._space.Space.contributions>` does), looked up in
  an index of which initiatives of each actor hold each feature (:class:`_Holding`) rather than
  multiplied out for every initiative of the side;
- only the pairs whose evidence on the two sides has a web page or an initiative in common are
  checked for being one project recorded twice (:func:`._diverse.same_project`).

The results are the ones :meth:`Describer.synergy` and :func:`._diverse.flag` give pair by pair:
equal objects, in the same order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ._columns import from_columns
from ._diverse import page_of, same_project
from ._pause import gc_paused
from ._results import Evidence, Synergy
from ._space import distinct, ranks, same_rows, spans

if TYPE_CHECKING:
    from ._evidence import Describer

__all__ = ["Builder"]

_Ints = npt.NDArray[np.int64]
_Floats = npt.NDArray[np.float64]


def _groups(keys: _Ints) -> tuple[_Ints, _Ints]:
    """The distinct keys (sorted) and, for each key, the position of its own among them."""
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    new = np.empty(len(ordered), dtype=bool)
    if len(ordered):
        new[0] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(keys), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return ordered[new], inverse


class _Holding:
    """Which initiatives of each row hold each feature: ``(row, feature)`` -> their positions.

    A position is an initiative's place in its row's list (``row_initiatives``), so the
    initiatives of ``(row, feature)`` are ``local[start[k] : start[k] + count[k]]`` with ``k`` the
    place of ``row * n_features + feature`` in ``keys``, ascending.
    """

    def __init__(self, features: sp.csr_matrix, row_start: _Ints, row_initiatives: _Ints) -> None:
        self.n_features = features.shape[1]
        lengths = np.diff(row_start)
        entry_row = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        entry_local = np.arange(len(row_initiatives), dtype=np.int64) - np.repeat(
            row_start[:-1], lengths
        )
        held = features[row_initiatives]  # one row per (row, initiative) entry
        held.sort_indices()
        per_entry = np.diff(held.indptr)
        key = np.repeat(entry_row, per_entry) * self.n_features + held.indices
        order = np.argsort(key, kind="stable")  # a key's positions stay ascending
        key = key[order]
        self.local: _Ints = np.repeat(entry_local, per_entry)[order]
        new = np.empty(len(key), dtype=bool)
        if len(key):
            new[0] = True
            np.not_equal(key[1:], key[:-1], out=new[1:])
        self.start: _Ints = np.flatnonzero(new)
        self.keys: _Ints = key[self.start]
        self.count: _Ints = np.diff(np.append(self.start, len(key)))

    def support(
        self, weighted: sp.csr_matrix, side_row: _Ints, side_combo: _Ints, side_start: _Ints
    ) -> _Floats:
        """Each side's initiatives' support: the summed weights of the side's features they hold.

        ``weighted`` holds each combination's features with their weights (sorted indices);
        side ``s`` is row ``side_row[s]`` with combination ``side_combo[s]``, and its
        initiatives take the places ``side_start[s]`` to ``side_start[s + 1] - 1`` of the result,
        in their row's order. Each sum adds the weights in the order of the feature columns, from
        0.0, as a sparse row times a vector of ones does (the same floats as the row-wise product
        of the side's weighted features and each initiative's features).
        """
        total = int(side_start[-1])
        width = np.diff(weighted.indptr)[side_combo]
        entry_side = np.repeat(np.arange(len(side_row), dtype=np.int64), width)
        where = spans(weighted.indptr[side_combo], width)
        query = side_row[entry_side] * self.n_features + weighted.indices[where]
        at = np.searchsorted(self.keys, query)
        at[at == len(self.keys)] = 0
        found = self.keys[at] == query if len(self.keys) else np.zeros(len(query), dtype=bool)
        at, entry_side = at[found], entry_side[found]
        weights = weighted.data[where[found]]
        count = self.count[at]
        local = self.local[spans(self.start[at], count)]
        place = np.repeat(side_start[entry_side], count) + local
        summed = np.bincount(place, weights=np.repeat(weights, count), minlength=total)
        found_support: _Floats = np.asarray(summed, dtype=np.float64)
        return found_support


class _Tables:
    """What every call on one describer shares: positive features, initiatives as matrices."""

    def __init__(self, describer: Describer) -> None:
        space = describer.space
        weight = space.weight
        binary = space.binary
        # the features that weigh something (the ones a result lists)
        self.positive = sp.csr_matrix(binary @ sp.diags((weight > 0).astype(np.float64)))
        self.positive.eliminate_zeros()
        self.positive.sort_indices()
        # every initiative of a row, numbered in IRI order; a row's are contiguous, ascending
        names = sorted({x for ins in space.initiatives.values() for x in ins})
        self.initiatives = names
        number = {x: k for k, x in enumerate(names)}
        n_rows = len(space.actors)
        lengths = np.zeros(n_rows, dtype=np.int64)
        flat: list[int] = []
        for row in range(n_rows):
            ins = space.initiatives.get(row, ())
            lengths[row] = len(ins)
            flat.extend(number[x] for x in ins)
        self.row_start = np.concatenate(([0], np.cumsum(lengths)))
        self.row_initiatives = np.asarray(flat, dtype=np.int64)
        columns = [space.initiative_features[x] for x in names]
        sizes = np.fromiter((len(c) for c in columns), dtype=np.int64, count=len(columns))
        self.features = sp.csr_matrix(
            (
                np.ones(int(sizes.sum())),
                np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64),
                np.concatenate(([0], np.cumsum(sizes))),
            ),
            shape=(len(names), binary.shape[1]),
        )
        self.features.sort_indices()
        self.holding = _Holding(self.features, self.row_start, self.row_initiatives)
        self.evidence: list[Evidence | None] = [None] * len(names)
        self.tokens: list[tuple[int, ...] | None] = [None] * len(names)
        self.pages: dict[str, int] = {}


class Builder:
    """Builds the results of many pairs of one :class:`Describer`, a batch at a time.

    What every batch needs (the features that weigh something, each actor's initiatives and
    each initiative's features as matrices, the evidence made so far) is made once and kept.
    """

    def __init__(self, describer: Describer) -> None:
        self.describer = describer
        self._tables: _Tables | None = None

    def synergies(self, i: _Ints, j: _Ints, score: _Floats) -> list[Synergy]:
        """The results of :meth:`Describer.synergy` for pairs ``(i[k], j[k], score[k])``.

        ``already_collaborating`` is filled in (as :func:`._diverse.flag`); the results come
        in the order of the pairs.
        """
        if self._tables is None:
            self._tables = _Tables(self.describer)
        return _synergies(self.describer, self._tables, i, j, score)


def _synergies(
    describer: Describer, tables: _Tables, i: _Ints, j: _Ints, score: _Floats
) -> list[Synergy]:
    n = len(i)
    if n == 0:
        return []
    space = describer.space
    weight = space.weight
    a = np.minimum(i, j).astype(np.int64)  # rows are actors in IRI order: a is the smaller IRI
    b = np.maximum(i, j).astype(np.int64)
    rows = distinct(np.concatenate((a, b)))
    describer.prepare_rows(rows.tolist())
    n_rows = len(space.actors)
    columns: dict[str, Any] = {}
    about = [np.empty(n_rows, dtype=object) for _ in range(5)]
    for r in rows.tolist():
        for k, value in enumerate(describer.actor_facts(r)):
            about[k][r] = value
    for end, at in (("a", a), ("b", b)):
        columns[end] = about[0][at].tolist()
        columns[f"{end}_label"] = about[1][at].tolist()
        columns[f"{end}_country"] = about[2][at].tolist()
        columns[f"{end}_level"] = about[3][at].tolist()
        columns[f"{end}_items"] = about[4][at].tolist()

    # the positive features each pair shares, and the distinct sets of them ("combinations")
    shared = tables.positive[a].multiply(tables.positive[b]).tocsr()
    shared.sort_indices()
    combination, firsts = same_rows(shared)
    combos = shared[firsts]
    described = _describe(describer, combos)
    for k, name in enumerate(("shared", "shared_labels", "weights", "use_cases")):
        column = np.empty(len(described), dtype=object)
        column[:] = [d[k] for d in described]
        columns[name] = column[combination].tolist()
    weighted = combos.copy()
    weighted.data = weight[weighted.indices].astype(np.float64)

    # each distinct side (row, combination): its initiatives behind the shared features
    n_combos = max(len(firsts), 1)
    side_keys, side_of = _groups(np.concatenate((a, b)) * n_combos + np.tile(combination, 2))
    side_row, side_combo = side_keys // n_combos, side_keys % n_combos
    per_side = tables.row_start[side_row + 1] - tables.row_start[side_row]
    side = np.repeat(np.arange(len(side_keys)), per_side)
    initiative = tables.row_initiatives[spans(tables.row_start[side_row], per_side)]
    # summed in column order, one after the other, as the scalar path adds them
    side_start = np.concatenate(([0], np.cumsum(per_side)))
    support = tables.holding.support(weighted, side_row, side_combo, side_start)
    hit = support > 0
    side, initiative, support = side[hit], initiative[hit], support[hit]
    order = np.lexsort((initiative, -support, side))
    side, initiative = side[order], initiative[order]
    count = np.bincount(side, minlength=len(side_keys))
    listed = ranks(side) < describer.evidence_limit
    side, initiative = side[listed], initiative[listed]
    _evidence(describer, tables, distinct(initiative))
    flat = np.asarray(tables.evidence, dtype=object)[initiative].tolist()
    bounds = np.concatenate(([0], np.cumsum(np.bincount(side, minlength=len(side_keys)))))
    lists = np.empty(len(side_keys), dtype=object)
    lists[:] = [
        tuple(flat[s:e]) for s, e in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
    ]
    columns["a_evidence"] = lists[side_of[:n]].tolist()
    columns["b_evidence"] = lists[side_of[n:]].tolist()
    columns["strength"] = (count[side_of[:n]] + count[side_of[n:]]).tolist()
    columns["already_collaborating"] = _flags(
        tables, side, initiative, (side_of[:n], side_of[n:]), len(side_keys), columns
    )
    columns["dimension"] = [space.dimension] * n
    columns["method"] = [describer.method] * n
    columns["score"] = np.asarray(score, dtype=np.float64).tolist()
    # building many small objects: pause the cyclic garbage collector (they hold no cycles)
    with gc_paused():
        return from_columns(Synergy, columns)


def _evidence(describer: Describer, tables: _Tables, wanted: _Ints) -> None:
    """Make the :class:`Evidence` of these initiatives known (fetched together)."""
    names = tables.initiatives
    missing = [x for x in wanted.tolist() if tables.evidence[x] is None]
    if missing:
        found = describer.initiatives([names[x] for x in missing])
        for x in missing:
            tables.evidence[x] = found[names[x]]


def _describe(describer: Describer, combos: sp.csr_matrix) -> list[tuple[Any, ...]]:
    """:meth:`Describer.describe_shared` of each row of ``combos`` (its features), together."""
    space = describer.space
    rank = describer.feature_rank
    n = combos.shape[0]
    combo = np.repeat(np.arange(n), np.diff(combos.indptr))
    feature = combos.indices.astype(np.int64)
    order = np.lexsort((rank[feature], combo))  # each combination's features, listing order
    combo, feature = combo[order], feature[order]
    keys = space.features
    weight = describer.space.weight
    single = np.zeros(len(keys), dtype=bool)
    # each feature's parts, as object arrays: gathered for every listing by numpy, not Python
    iri_of, label_of, pair_of, case_of = (np.empty(len(keys), dtype=object) for _ in range(4))
    for f in distinct(feature).tolist():
        key = keys[f]
        if len(key) == 1:
            single[f] = True
            iri_of[f], label_of[f] = key[0], describer.label(key[0])
            pair_of[f] = (key[0], float(weight[f]))
        else:
            case_of[f] = describer.use_case(f)
    is_item = single[feature]
    items, item_combo = feature[is_item], combo[is_item]
    cases, case_combo = feature[~is_item], combo[~is_item]
    listed = ranks(case_combo) < describer.evidence_limit
    cases, case_combo = cases[listed], case_combo[listed]
    iris = iri_of[items].tolist()
    labels = label_of[items].tolist()
    pairs = pair_of[items].tolist()
    case_parts = case_of[cases].tolist()
    at = np.concatenate(([0], np.cumsum(np.bincount(item_combo, minlength=n)))).tolist()
    at_case = np.concatenate(([0], np.cumsum(np.bincount(case_combo, minlength=n)))).tolist()
    return [
        (
            tuple(iris[at[c] : at[c + 1]]),
            tuple(labels[at[c] : at[c + 1]]),
            tuple(pairs[at[c] : at[c + 1]]),
            tuple(case_parts[at_case[c] : at_case[c + 1]]),
        )
        for c in range(n)
    ]


def _tokens(tables: _Tables, x: int) -> tuple[int, ...]:
    """What two cases of one project have in common: the initiative itself or its web page."""
    found = tables.tokens[x]
    if found is None:
        evidence = tables.evidence[x]
        page = page_of(evidence.homepage) if evidence is not None else None
        # web pages are numbered after the initiatives
        found = (x,)
        if page is not None:
            number = tables.pages.setdefault(page, len(tables.pages))
            found = (x, len(tables.initiatives) + number)
        tables.tokens[x] = found
    return found


def _flags(
    tables: _Tables,
    side: _Ints,
    initiative: _Ints,
    sides: tuple[_Ints, _Ints],
    n_sides: int,
    columns: dict[str, Any],
) -> list[tuple[str, ...]]:
    """``already_collaborating`` of each pair; :func:`same_project` only where it can hold."""
    a_side, b_side = sides
    n = len(a_side)
    empty: tuple[str, ...] = ()
    flags = [empty] * n
    # each initiative's tokens (worked out once per distinct initiative), then per listing
    named = distinct(initiative)
    token_lists = [_tokens(tables, x) for x in named.tolist()]
    sizes = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=len(token_lists))
    flat = np.fromiter(
        (t for ts in token_lists for t in ts), dtype=np.int64, count=int(sizes.sum())
    )
    where = np.searchsorted(named, initiative)
    lengths = sizes[where]
    first = np.concatenate(([0], np.cumsum(sizes)))[where]
    tokens = flat[spans(first, lengths)]
    token_side = np.repeat(side, lengths)
    # each side's distinct tokens, as (side, token) keys grouped by side
    width = len(tables.initiatives) + len(tables.pages) + 1
    keys = distinct(token_side * width + tokens)
    per_side = np.bincount(keys // width, minlength=n_sides)
    start = np.concatenate(([0], np.cumsum(per_side)))
    values = keys % width

    def expand(sides: _Ints) -> _Ints:
        counts = per_side[sides]
        pair = np.repeat(np.arange(n), counts)
        found: _Ints = pair * width + values[spans(start[sides], counts)]
        return found

    both = np.intersect1d(distinct(expand(a_side)), distinct(expand(b_side)), assume_unique=True)
    a_evidence, b_evidence = columns["a_evidence"], columns["b_evidence"]
    for p in distinct(both // width).tolist():
        flags[p] = same_project(a_evidence[p], b_evidence[p])
    return flags
