"""Synergies: the best pairs of actors to bring together, ranked, evidenced and filtered.

``method="rarity"`` (the default) scores a pair by the information content of what it shares
(:mod:`._space`) and finds the best pairs with a top-n sparse product (:mod:`._topk`) without
computing every pair; ``method="jaccard"`` keeps the plain Jaccard index of the item sets
(:mod:`._synergy`) for comparison.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

import numpy as np
import numpy.typing as npt
from typing_extensions import Unpack

from .._exceptions import ConfigurationError
from ..store import Store
from . import _bulk as bulk
from ._diverse import cap, flag
from ._evidence import Describer
from ._facts import Facts
from ._filters import FilterArgs, Filters, Selection
from ._pause import gc_paused
from ._results import Synergy
from ._select import resolve
from ._space import Space
from ._synergy import synergy_pairs, to_synergies
from ._topk import all_pairs, best_pairs, excluded_partners
from ._vocab import normalise_dimension

__all__ = ["METHODS", "iter_synergies", "make_space", "rank", "synergies"]

#: Scoring methods: information content of the shared items and use cases (``rarity``), the
#: same with resource-allocation weights (1/df) or cosine-normalised, and plain ``jaccard``.
METHODS: dict[str, tuple[str, float] | None] = {
    "rarity": ("idf", 1.0),
    "rarity-sum": ("idf", 0.0),
    "resource-allocation": ("ra", 0.0),
    "cosine": ("cosine", 0.0),
    "jaccard": None,
}
_Ints = npt.NDArray[np.signedinteger[Any]]
#: With ``per_actor_limit``, the global top ``_CAP_POOL x top`` pairs are searched first.
_CAP_POOL = 4
#: Most pairs tied at the cut of ``top`` that are ordered by evidence (beyond: by IRIs).
_TIE_LIMIT = 200
#: Results built together when every pair is streamed (``iter_synergies``).
_STREAM_CHUNK = 20_000


def make_space(
    facts: Facts,
    dimension: str,
    selection: Selection,
    method: str,
    *,
    group_by: Mapping[str, str] | None = None,
) -> Space:
    """The feature space of a scoring method (not ``jaccard``)."""
    found = METHODS.get(method)
    if found is None:
        raise ConfigurationError(f"method={method!r} has no feature space")
    weighting, damping = found
    return Space(
        facts, dimension, selection, weighting=weighting, damping=damping, group_by=group_by
    )


def check_options(
    method: str,
    min_score: float,
    top: int | None,
    per_actor: int | None,
    per_actor_limit: int | None = None,
) -> None:
    """Refuse the options :func:`synergies` refuses (shared by the functions that take them).

    Raises:
        ConfigurationError: An unknown method, or a value out of its range.
    """
    if method not in METHODS:
        raise ConfigurationError(f"unknown method={method!r}; use {', '.join(METHODS)}")
    if min_score < 0 or (method == "jaccard" and min_score > 1):
        raise ConfigurationError(
            f"min_score={min_score} is outside "
            + ("0..1 (a Jaccard score)" if method == "jaccard" else "0.. (scores are >= 0)")
        )
    for name, value in (("top", top), ("per_actor", per_actor)):
        if value is not None and value < 0:
            raise ConfigurationError(f"{name}={value} must be zero or more")
    if per_actor_limit is not None and per_actor_limit < 1:
        raise ConfigurationError(
            f"per_actor_limit={per_actor_limit} must be 1 or more (None: no limit)"
        )


def prepare_call(
    store: Store | Facts, by: str, filters: Filters | None, filter_args: FilterArgs
) -> tuple[Facts, str, Selection]:
    """The facts, the dimension and the filters looked up, as :func:`synergies` takes them.

    Raises:
        ConfigurationError: An unknown dimension or a filter value not in the data.
    """
    facts = store if isinstance(store, Facts) else Facts(store)
    dimension = normalise_dimension(by)
    selection = resolve(Filters.of(filters, **filter_args), facts)
    return facts, dimension, selection


def _jaccard(
    facts: Facts,
    dimension: str,
    selection: Selection,
    *,
    min_score: float,
    top: int | None,
    per_actor: int | None,
) -> list[Synergy]:
    pairs = synergy_pairs(facts, dimension, selection)
    mask = None
    if per_actor is not None:
        mask = np.zeros(len(pairs), dtype=bool)
        mask[pairs.strongest(per_actor, pairs.select(min_score=min_score))] = True
    positions = pairs.select(min_score=min_score, top=top, mask=mask)
    plain = to_synergies(facts, pairs, positions)
    space = Space(facts, dimension, selection)
    describer = Describer(facts, space, method="jaccard")
    index = space.index
    describer.prepare((index[s.a], index[s.b]) for s in plain)
    return [
        describer.synergy(index[s.a], index[s.b], s.score, shared_items=s.shared) for s in plain
    ]


def _ordered(describer: Describer, i: _Ints, j: _Ints, s: npt.NDArray[np.float64]) -> list[Synergy]:
    """Results for every candidate pair, best first: score, strength of evidence, then IRIs."""
    rounded = np.round(s, 9)
    # rows are sorted actor IRIs and i < j: (score, i, j) is (score, a, b)
    order = np.lexsort((j, i, -rounded))
    found = bulk.Builder(describer).synergies(i[order], j[order], s[order])
    # sorted by (-round(score, 9), -strength, a, b) with numpy: a and b are the rows' order
    first = np.minimum(i, j)[order]
    second = np.maximum(i, j)[order]
    strength = np.asarray([r.strength for r in found], dtype=np.int64)
    score = np.asarray([-round(r.score, 9) for r in found], dtype=np.float64)
    ranked = np.lexsort((second, first, -strength, score))
    return [found[k] for k in ranked.tolist()]


def synergies(
    store: Store | Facts,
    *,
    by: str = "technology",
    method: str = "rarity",
    min_score: float = 0.0,
    top: int | None = None,
    per_actor: int | None = None,
    per_actor_limit: int | None = None,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> list[Synergy]:
    """Find the pairs of actors that most share what few others do, and do not yet collaborate.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import synergies
        >>> kg = GovGraph.example()
        >>> best = synergies(kg.store, by="all", top=2)
        >>> [(s.a_label, s.b_label, round(s.score, 3)) for s in best]
        [('City Z', 'DG A', 3.008), ('DG B', 'Ministry Y', 1.969)]
        >>> best[1].shared_labels, [e.status for e in best[1].b_evidence]  # and why
        (('Blockchain', 'Challenge 2', 'Machine learning'), ['Pilot', 'Implemented'])
        >>> [s.b_label for s in synergies(kg.store, actor="Ministry Y", top=2)]  # its best
        ['DG B', 'City Z']
        >>> [(s.a_label, s.b_label) for s in synergies(kg.store, between="eu,national", top=2)]
        [('DG B', 'Ministry Y'), ('DG A, unit 1', 'Ministry X, unit')]

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        by: ``technology``, ``policy_area`` (``policy-area``), ``challenge`` or ``all`` (the
            three together).
        method: ``rarity`` (default): the information content of the shared items and use
            cases, each hierarchy counted once; ``resource-allocation`` and ``cosine``:
            variants of it; ``jaccard``: shared / union of the item sets. See
            ``docs/analysis.md``.
        min_score: Keep pairs scoring at least this (``jaccard``: 0 to 1).
        top: Keep only the best ``top`` pairs (found without computing every pair).
        per_actor: Keep only pairs among each actor's ``per_actor`` best (with ``actor=``:
            that actor's best partners).
        per_actor_limit: Each actor in at most this many of the pairs returned (taken
            greedily in score order; ``None``: no limit). The actor of ``actor=`` is not
            limited. Keeps one actor from filling the top of the list.
        filters: A :class:`Filters` object; the same filters can be given as keyword
            arguments (``country=``, ``level=``, ``kind=``, ``technology=``,
            ``policy_area=``, ``years=``, ``status=``, ``actor=``, ``between=``). By default
            only public bodies are paired (``kind="public"``).

    Returns:
        Synergies, best first: by score, then strength of evidence (initiatives behind the
        pair), then the IRIs of ``a`` and ``b``; each with its evidence on both sides. Pairs
        whose cases look like one project (``already_collaborating``) come last.

    Raises:
        ConfigurationError: An unknown dimension or method, a negative ``top``, a score out of
            range, or a bad filter (an unknown or ambiguous actor lists the closest candidates).
    """
    check_options(method, min_score, top, per_actor, per_actor_limit)
    with gc_paused():  # the facts read for the filters are many small objects too
        facts, dimension, selection = prepare_call(store, by, filters, filter_args)
        return rank(
            facts,
            dimension,
            selection,
            method=method,
            min_score=min_score,
            top=top,
            per_actor=per_actor,
            per_actor_limit=per_actor_limit,
        )


@gc_paused()
def rank(
    facts: Facts,
    dimension: str,
    selection: Selection,
    *,
    method: str = "rarity",
    min_score: float = 0.0,
    top: int | None = None,
    per_actor: int | None = None,
    per_actor_limit: int | None = None,
) -> list[Synergy]:
    """:func:`synergies` on filters already looked up (a :class:`Selection`).

    The cyclic garbage collector is paused meanwhile (:func:`._pause.gc_paused`): the results
    are many small objects without cycles, which it would rescan again and again.
    """
    found = _ranked(
        facts,
        dimension,
        selection,
        method=method,
        min_score=min_score,
        top=top,
        per_actor=per_actor,
        per_actor_limit=per_actor_limit,
    )
    if selection.actor is None and selection.sides is None:
        return found
    return [orient(r, selection) for r in found]


#: The fields of a synergy that belong to one end (``a`` + suffix, ``b`` + suffix).
_END_FIELDS = ("", "_label", "_items", "_country", "_level", "_evidence")


def orient(result: Synergy, selection: Selection) -> Synergy:
    """``result`` with the actor asked for, else the first side of ``between=``, as ``a``.

    The result is returned as it is when neither filter applies or both ends are on the first
    side.
    """
    if selection.actor is not None:
        swap = result.b == selection.actor and result.a != selection.actor
    elif selection.sides is not None:
        first = selection.sides[0]
        swap = result.a not in first and result.b in first
    else:
        swap = False
    if not swap:
        return result
    changes: dict[str, Any] = {}
    for suffix in _END_FIELDS:
        changes["a" + suffix] = getattr(result, "b" + suffix)
        changes["b" + suffix] = getattr(result, "a" + suffix)
    return dataclasses.replace(result, **changes)


def _ranked(
    facts: Facts,
    dimension: str,
    selection: Selection,
    *,
    method: str,
    min_score: float,
    top: int | None,
    per_actor: int | None,
    per_actor_limit: int | None,
) -> list[Synergy]:
    if top == 0 or per_actor == 0:
        return []
    if method == "jaccard":
        return _capped_jaccard(
            facts,
            dimension,
            selection,
            min_score=min_score,
            top=top,
            per_actor=per_actor,
            per_actor_limit=per_actor_limit,
        )
    space = make_space(facts, dimension, selection, method)
    excluded = excluded_partners(facts, space)
    describer = Describer(facts, space, method=method)
    if top is None and per_actor is None:
        blocks = list(all_pairs(space, selection, excluded, min_score=min_score))
        i = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
        j = np.concatenate([b[1] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
        s = np.concatenate([b[2] for b in blocks]) if blocks else np.zeros(0)
        keep = s > 0
        found = _ordered(describer, i[keep], j[keep], s[keep])
        return _cap(found, None, per_actor_limit, selection)
    if per_actor is not None:  # the pool is each actor's k best by definition
        i, j, s = best_pairs(space, selection, excluded, k=per_actor, min_score=min_score)
        keep = s > 0
        return _cap(
            _every(describer, i[keep], j[keep], s[keep])
            if top is None
            else _lazy(describer, i[keep], j[keep], s[keep], top),
            top,
            per_actor_limit,
            selection,
        )
    assert top is not None
    if per_actor_limit is None:
        # the global top N (rows that cannot reach it are not multiplied); pairs flagged as
        # one project go last, so ask for as many more as were flagged
        overall = top
        while True:
            i, j, s = best_pairs(
                space, selection, excluded, k=overall, min_score=min_score, overall=overall
            )
            keep = s > 0
            ranked = list(islice(_lazy(describer, i[keep], j[keep], s[keep], overall), overall))
            # at most ``top`` flagged pairs are set aside (as in ``cap``)
            flagged = min(sum(1 for x in ranked if x.already_collaborating), top)
            if not flagged or len(ranked) < overall or overall >= top + flagged:
                return _cap(ranked, top, None, selection)
            overall = top + flagged
    # the cap taken greedily over the global top M (M = 4 x top, then more): once the first
    # M pairs of the ranking give ``top`` results, the pairs below them cannot change them
    overall = _CAP_POOL * top
    while True:
        i, j, s = best_pairs(
            space, selection, excluded, k=overall, min_score=min_score, overall=overall
        )
        keep = s > 0
        prefix = list(islice(_lazy(describer, i[keep], j[keep], s[keep], overall), overall))
        found = _cap(prefix, top, per_actor_limit, selection)
        if len(prefix) < overall or overall >= len(space.actors) ** 2:
            return found  # the whole ranking was seen
        if sum(1 for x in found if not x.already_collaborating) >= top:
            return found
        overall *= 4


def _cap(
    found: Iterable[Synergy], top: int | None, limit: int | None, selection: Selection
) -> list[Synergy]:
    return cap(found, top=top, limit=limit, ends=lambda r: (r.a, r.b), exempt=selection.actor)


def _lazy(
    describer: Describer, i: _Ints, j: _Ints, s: npt.NDArray[np.float64], top: int | None
) -> Iterator[Synergy]:
    """Results for candidate pairs, best first, built as they are asked for.

    The order of :func:`_ordered`: score, then strength of evidence, then IRIs; pairs tied on
    a score are ordered by strength when there are at most ``_TIE_LIMIT`` of them.
    """
    if top is None:
        yield from _every(describer, i, j, s)
        return
    rounded = np.round(s, 9)
    order = np.lexsort((j, i, -rounded))
    batch = max(64, 2 * (top or 0))
    prepared = 0
    at = 0
    while at < len(order):
        end = at + 1
        while end < len(order) and rounded[order[end]] == rounded[order[at]]:
            end += 1
        group = order[at:end]
        if 1 < len(group) <= _TIE_LIMIT:
            strength = np.asarray([describer.strength(int(i[k]), int(j[k])) for k in group])
            group = group[np.argsort(-strength, kind="stable")]
        if end > prepared:
            prepared = max(end, prepared + batch)
            describer.prepare((int(i[k]), int(j[k])) for k in order[at:prepared].tolist())
        for k in group.tolist():
            yield flag(describer.synergy(int(i[k]), int(j[k]), float(s[k])))
        at = end


def _every(describer: Describer, i: _Ints, j: _Ints, s: npt.NDArray[np.float64]) -> list[Synergy]:
    """:func:`_lazy` when every candidate is asked for (each actor's best partners), as a list.

    The same results in the same order, built at once (:mod:`._bulk`); a result's
    ``strength`` is the one that orders a tie group.
    """
    rounded = np.round(s, 9)
    order = np.lexsort((j, i, -rounded))
    found = bulk.Builder(describer).synergies(i[order], j[order], s[order])
    strength = np.fromiter((r.strength for r in found), dtype=np.int64, count=len(found))
    ranked = rounded[order]
    starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
    sizes = np.diff(np.append(starts, len(ranked)))
    size = np.repeat(sizes, sizes)
    group = np.repeat(np.arange(len(starts)), sizes)
    # within a tie group of at most _TIE_LIMIT pairs: by strength, largest first (stable)
    key = np.where((size > 1) & (size <= _TIE_LIMIT), -strength, 0)
    final = np.lexsort((np.arange(len(found)), key, group))
    return list(map(found.__getitem__, final.tolist()))


def _capped_jaccard(
    facts: Facts,
    dimension: str,
    selection: Selection,
    *,
    min_score: float,
    top: int | None,
    per_actor: int | None,
    per_actor_limit: int | None,
) -> list[Synergy]:
    """Plain Jaccard, the first ``top`` of its ranking taken with the cap and flags."""
    ask = top
    while True:
        found = _jaccard(
            facts, dimension, selection, min_score=min_score, top=ask, per_actor=per_actor
        )
        kept = _cap([flag(x) for x in found], top, per_actor_limit, selection)
        if ask is None or top is None or len(found) < ask:
            return kept  # the whole ranking was seen
        # the greedy cap over the first ``ask`` of the ranking is final once it fills ``top``
        if sum(1 for x in kept if not x.already_collaborating) >= top:
            return kept
        ask *= 4


def iter_synergies(
    store: Store | Facts,
    *,
    by: str = "technology",
    method: str = "rarity",
    min_score: float = 0.0,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> Iterator[Synergy]:
    """Every synergy, one at a time and unsorted, in bounded memory (``govgraph synergies --all``).

    The pairs are computed a block of actors at a time and built a chunk of pairs at a time,
    and handed over as they come, so memory does not grow with the number of pairs. Arguments as for
    :func:`synergies`.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import iter_synergies, synergies
        >>> kg = GovGraph.example()
        >>> every = list(iter_synergies(kg.store))  # in no set order: sort them if it matters
        >>> len(every) == len(synergies(kg.store))
        True
        >>> best = max(every, key=lambda s: s.score)
        >>> best.a_label, best.b_label, round(best.score, 2), best.shared_labels
        ('DG B', 'Ministry Y', 1.19, ('Blockchain', 'Machine learning'))

    Raises:
        ConfigurationError: As :func:`synergies`, when the first synergy is asked for (it is a
            generator: calling it checks nothing yet).
    """
    check_options(method, min_score, None, None)
    facts, dimension, selection = prepare_call(store, by, filters, filter_args)
    if method == "jaccard":
        for found in _jaccard(
            facts, dimension, selection, min_score=min_score, top=None, per_actor=None
        ):
            yield orient(flag(found), selection)
        return
    space = make_space(facts, dimension, selection, method)
    excluded = excluded_partners(facts, space)
    describer = Describer(facts, space, method=method)
    facts.labels  # noqa: B018 - every label once, rather than a query per block
    builder = bulk.Builder(describer)
    for i, j, s in all_pairs(space, selection, excluded, min_score=min_score):
        # built together a chunk at a time (:mod:`._bulk`), so memory stays bounded
        for start in range(0, len(i), _STREAM_CHUNK):
            end = start + _STREAM_CHUNK
            for found in builder.synergies(i[start:end], j[start:end], s[start:end]):
                yield orient(found, selection)
