"""Mutual learning: who is further along on the same technologies and use cases, case by case.

By default EU-level actors are paired with actors of other levels; ``between=`` picks two other
levels and ``actor=`` pairs one actor with every other actor. Pairs are ranked by the rarity score
of what they share (as synergies are), and for each shared technology, challenge or use case the
result says who is further along and which initiatives show it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from typing_extensions import Unpack

from .._exceptions import ConfigurationError
from ..store import Store
from ._capacity import CAPACITY_INDICATORS
from ._diverse import cap, flag
from ._evidence import Describer
from ._facts import Facts
from ._filters import FilterArgs, Filters, Selection
from ._hierarchy import implied_keys
from ._rank import make_space
from ._results_learning import LearningItem, LearningPair
from ._select import resolve
from ._space import Space
from ._standing import add_desi_standings
from ._vocab import NOT_IN_USE, status_iri

__all__ = ["mutual_learning"]

#: Shared items listed per pair, and initiatives per side of an item.
_ITEMS = 10
_CASES = 3
#: With ``per_actor_limit``, the pairs described per actor are at most this many times the limit.
_LOOSER = 5


def _sides(facts: Facts, space: Space, selection: Selection) -> tuple[list[int], list[int]]:
    """Rows on each side: (EU level, other known level), or as ``between``/``actor`` say."""
    rows = range(len(space.actors))
    actors = space.actors
    if selection.sides is not None:
        left, right = selection.sides
        return [r for r in rows if actors[r] in left], [r for r in rows if actors[r] in right]
    if selection.actor is not None:
        return [r for r in rows if actors[r] == selection.actor], [
            r for r in rows if actors[r] != selection.actor
        ]
    levels = facts.levels
    eu = [r for r in rows if facts.is_eu_level(actors[r])]
    others = [r for r in rows if actors[r] in levels and not facts.is_eu_level(actors[r])]
    return eu, others


def _best(space: Space, facts: Facts, row: int, feature: int) -> tuple[int | None, list[str], bool]:
    """Most advanced status of the row's initiatives holding ``feature``; those, best first.

    The third value says whether, with no ranked status, some of them are no longer in use.
    """
    status = facts.initiative_status
    found = []
    for initiative in space.initiatives.get(row, ()):
        features = space.initiative_features[initiative]
        k = np.searchsorted(features, feature)
        if k < len(features) and features[k] == feature:
            found.append((status.get(initiative, 0), initiative))
    found.sort(key=lambda x: (-x[0], x[1]))
    rank = found[0][0] if found and found[0][0] else None
    stopped = rank is None and any(i in facts.stopped_initiatives for _, i in found)
    return rank, [i for _, i in found], stopped


def _ahead(a: str, b: str, a_rank: int | None, b_rank: int | None) -> str | None:
    if a_rank is None or b_rank is None or a_rank == b_rank:
        return None
    return a if a_rank > b_rank else b


def _overall(a: str, b: str, compared: int, leaders: set[str]) -> tuple[str | None, str]:
    """``ahead`` and ``progress`` of a pair, from its items (never against what they show).

    ``compared`` counts the weighted items on which both sides have a ranked status, and
    ``leaders`` holds who is ahead on each of them that is not a tie.
    """
    if not compared:
        return None, "no-status"
    if not leaders:
        return None, "equal"
    if len(leaders) > 1:
        return None, "mixed"
    (ahead,) = leaders
    return ahead, "a-ahead" if ahead == a else "b-ahead"


def mutual_learning(
    store: Store | Facts,
    *,
    top: int | None = None,
    desi_indicators: Sequence[str] = CAPACITY_INDICATORS,
    per_actor_limit: int | None = None,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> list[LearningPair]:
    """Pair actors of two levels that work on the same rare things, and say who is ahead on what.

    By default an EU-level actor (an administration at ``gg:EULevel`` or any unit within one) is
    paired with actors whose level is known and is not EU level; ``between=("eu", "regional")``
    pairs two chosen levels and ``actor=X`` pairs X with every other actor ("who should X learn
    from, on what"). Two actors are paired when they share a technology or challenge (the items
    of ``on``); each shared technology, challenge and use case (a technology in a policy area)
    is an entry of ``items`` with the most advanced status on each side (planned < in
    development < pilot < implemented) and the initiatives that show it.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import mutual_learning
        >>> kg = GovGraph.example()
        >>> first = mutual_learning(kg.store)[0]  # an EU-level actor and another level's
        >>> first.a_label, first.b_label, round(first.score, 2)
        ('DG B', 'City Z', 3.7)
        >>> [" · ".join(x.labels) for x in first.items if x.ahead == first.b]  # City Z ahead
        ['Artificial intelligence · Blockchain', 'Blockchain']
        >>> [p.b_label for p in mutual_learning(kg.store, actor="DG B")]  # whom DG B learns from
        ['City Z', 'Ministry Y', 'DG A', 'Ministry X']

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        top: Keep only the best ``top`` pairs.
        desi_indicators: DESI indicator codes to compare the two countries of each pair on
            (``desi``), when DESI observations are loaded; default: ICT specialists, at least
            basic digital skills, digital public services for citizens. Empty: none.
        per_actor_limit: Each actor in at most this many pairs (taken greedily in score order;
            ``None``: no limit; the actor of ``actor=`` is not limited), so that one
            Directorate-General does not fill the list.
        filters: A :class:`Filters` object, or the same filters as keyword arguments. By default
            only public bodies take part.

    Returns:
        Pairs where one is ahead on at least one shared item first, then the others; each
        group by the rarity score of what they share (as :func:`synergies`), then by the IRIs
        of ``a`` and ``b``. Pairs whose cases look like one project (``already_collaborating``)
        come last.

    Raises:
        ConfigurationError: A negative ``top``, a ``per_actor_limit`` below 1, a bad filter (an
            unknown or ambiguous actor lists the candidates) or DESI indicator codes none of which
            the data holds.
    """
    if top is not None and top < 0:
        raise ConfigurationError(f"top={top} must be zero or more")
    if per_actor_limit is not None and per_actor_limit < 1:
        raise ConfigurationError(
            f"per_actor_limit={per_actor_limit} must be 1 or more (None: no limit)"
        )
    facts = store if isinstance(store, Facts) else Facts(store)
    selection = resolve(Filters.of(filters, **filter_args), facts)
    space = make_space(facts, "all", selection, "rarity")
    left, right = _sides(facts, space, selection)
    if not left or not right or top == 0:
        return []
    matrix = space.matrix
    product = sp.coo_matrix(matrix[left] @ matrix[right].T)
    tech_or_challenge = {
        item for d in ("technology", "challenge") for _, item, _ in facts.item_rows(d)
    }
    candidates = []
    focus = selection.focus
    both = set(left) & set(right)
    for r, c, score in zip(
        product.row.tolist(), product.col.tolist(), product.data.tolist(), strict=True
    ):
        i, j = left[r], right[c]
        if i == j or score <= 0 or (j in both and i in both and j < i):
            continue  # a pair of two actors on both sides (between one level) is listed once
        if focus is not None and space.actors[i] not in focus and space.actors[j] not in focus:
            continue
        shared = space.shared(i, j)
        # something to learn: a shared technology or challenge (alone or in a use case) that
        # not everybody holds (weight > 0)
        if not any(
            space.weight[f] > 0 and any(x in tech_or_challenge for x in space.features[f])
            for f in shared.tolist()
        ):
            continue
        candidates.append((-round(score, 9), space.actors[i], space.actors[j], i, j, score))
    candidates.sort()
    learner = selection.actor
    pool = None if top is None else max(top * 5, top + 50)
    if per_actor_limit is not None:
        # a looser cap in score order bounds the pairs described; the real one is applied
        # in the final order (pairs with something to learn first)
        candidates = cap(
            candidates,
            top=None,
            limit=per_actor_limit * _LOOSER,
            ends=lambda c: (c[1], c[2]),
            exempt=learner,
        )
        pool = None if pool is None else pool * 2
    if pool is not None:
        candidates = candidates[:pool]
    describer = Describer(facts, space, method="rarity")
    describer.prepare((i, j) for *_, i, j, _ in candidates)
    pairs = [
        flag(_pair(facts, space, describer, i, j, score, tech_or_challenge))
        for *_, i, j, score in candidates
    ]
    # pairs where someone is ahead on something (there is something to learn) come first; for
    # one actor, the partners ahead of it ("who should X learn from")
    pairs.sort(
        key=lambda p: (
            not any(x.ahead and x.ahead != learner for x in p.items),
            -round(p.score, 9),
            p.a,
            p.b,
        )
    )
    # at most per_actor_limit pairs per actor; pairs already working together (one project
    # recorded twice) go last
    pairs = cap(pairs, top=top, limit=per_actor_limit, ends=lambda p: (p.a, p.b), exempt=learner)
    return add_desi_standings(facts, pairs, desi_indicators)


def _pair(
    facts: Facts,
    space: Space,
    describer: Describer,
    i: int,
    j: int,
    score: float,
    tech_or_challenge: set[str],
) -> LearningPair:
    a, b = space.actors[i], space.actors[j]
    shared = space.shared(i, j)
    shared = shared[np.lexsort((shared, -space.weight[shared]))]
    on: list[str] = []
    items: list[LearningItem] = []
    # a hierarchy counts once, as in the score: an item or use case that another listed one
    # says more precisely, with the same statuses on both sides, is not listed again
    best = {
        f: (_best(space, facts, i, f), _best(space, facts, j, f))
        for f in shared.tolist()
        if space.weight[f] > 0 and any(x in tech_or_challenge for x in space.features[f])
    }
    status = {space.features[f]: (a[0], a[2], b[0], b[2]) for f, (a, b) in best.items()}
    implied = implied_keys(list(status), facts.broader, lambda k, o: status[k] == status[o])
    a_best = b_best = 0
    a_stopped = b_stopped = False  # a side with cases no longer in use on a weighted item
    compared = 0  # weighted items with a ranked status on both sides
    leaders: set[str] = set()  # who is ahead on one of them
    for f in shared.tolist():
        key = space.features[f]
        if len(key) == 1 and key[0] not in tech_or_challenge:
            continue  # a policy area alone is context, not something to learn
        if len(key) == 2 and not any(x in tech_or_challenge for x in key):
            continue
        found = best.get(f) or (_best(space, facts, i, f), _best(space, facts, j, f))
        (a_rank, a_cases, a_halt), (b_rank, b_cases, b_halt) = found
        if len(key) == 1:
            on.append(key[0])
        if space.weight[f] > 0:  # the overall comparison rests on what not everybody holds
            a_best = max(a_best, a_rank or 0)
            b_best = max(b_best, b_rank or 0)
            a_stopped, b_stopped = a_stopped or a_halt, b_stopped or b_halt
        ahead = _ahead(a, b, a_rank, b_rank)
        if space.weight[f] > 0 and a_rank is not None and b_rank is not None:
            compared += 1
            if ahead is not None:
                leaders.add(ahead)
        if len(items) < _ITEMS and space.weight[f] > 0 and key not in implied:
            items.append(
                LearningItem(
                    items=key,
                    labels=tuple(describer.label(x) for x in key),
                    weight=float(space.weight[f]),
                    ahead=ahead,
                    a_status=_status_label(describer, a_rank, a_halt),
                    b_status=_status_label(describer, b_rank, b_halt),
                    a_evidence=tuple(describer.initiative(x) for x in a_cases[:_CASES]),
                    b_evidence=tuple(describer.initiative(x) for x in b_cases[:_CASES]),
                )
            )
    a_rank, b_rank = a_best or None, b_best or None
    ahead, progress = _overall(a, b, compared, leaders)
    on.sort()
    return LearningPair(
        a=a,
        b=b,
        on=tuple(on),
        ahead=ahead,
        a_label=describer.actor_label(a),
        b_label=describer.actor_label(b),
        on_labels=tuple(describer.label(x) for x in on),
        ahead_label=describer.actor_label(ahead) if ahead else None,
        a_status=status_iri(a_rank) or (NOT_IN_USE if a_stopped else None),
        b_status=status_iri(b_rank) or (NOT_IN_USE if b_stopped else None),
        a_level=facts.levels.get(a),
        b_level=facts.levels.get(b),
        progress=progress,
        score=score,
        a_country=_code(facts.countries.get(a)),
        b_country=_code(facts.countries.get(b)),
        items=tuple(items),
    )


def _status_label(describer: Describer, rank: int | None, stopped: bool) -> str | None:
    """The label of a ranked status; else "not in use" when the cases are, else ``None``."""
    iri = status_iri(rank) or (NOT_IN_USE if stopped else None)
    if iri is None:
        return None
    return describer.label(iri) or iri.rsplit("#", 1)[-1].removeprefix("Status")  # no label


def _code(country: str | None) -> str | None:
    return country.rsplit("/", 1)[-1] if country else None
