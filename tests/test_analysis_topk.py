"""The top-k search of synergies gives what every pair, scored one by one, gives.

On a generated graph where a couple of hundred actors share five technologies (the hard case:
every technology is held by many actors, scores tie often), the optimised search (row bounds and
a floor for the global top N, top-n sparse products, results built from cached sets) is checked
against a straightforward reference: the dense product of the actor-feature matrix, every pair,
the excluded pairs removed, sorted.
"""

from __future__ import annotations

import numpy as np
import pytest

import govgraph
from generated import generator
from govgraph.analysis import Facts, _topk, synergies
from govgraph.analysis._filters import Filters
from govgraph.analysis._rank import make_space
from govgraph.analysis._select import resolve
from govgraph.analysis._space import Space
from govgraph.analysis._topk import best_pairs, bounds, excluded_partners, threads

METHODS = ("rarity", "rarity-sum", "cosine")


@pytest.fixture(scope="module")
def facts() -> Facts:
    lines = generator().generate_lines(5000, seed=3, broken=0.0, technologies=5)
    graph = govgraph.GovGraph()
    graph.load("\n".join(lines), format="turtle")
    return Facts(graph.store)


def _space(facts: Facts, method: str) -> Space:
    return make_space(facts, "technology", resolve(Filters(), facts), method)


def _reference(facts: Facts, method: str) -> dict[tuple[str, str], float]:
    """Every allowed pair with a positive score: dense product, excluded pairs removed."""
    space = _space(facts, method)
    dense = space.matrix.toarray()
    scores = dense @ dense.T
    excluded = set(excluded_partners(facts, space).tolist())
    out = {}
    n = len(space.actors)
    for i in range(n):
        for j in range(i + 1, n):
            if scores[i, j] > 0 and i * n + j not in excluded:
                out[(space.actors[i], space.actors[j])] = float(scores[i, j])
    return out


def _key(score: float) -> float:
    return round(score, 9)


@pytest.mark.parametrize("seeds", ["default", "few"])
@pytest.mark.parametrize("method", METHODS)
def test_top_n_is_the_reference_top_n(
    facts: Facts, method: str, seeds: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if seeds == "few":
        # the first floor from a handful of rows only: a low floor, most rows multiplied
        monkeypatch.setattr(_topk, "_SEEDS", 3)
        monkeypatch.setattr(_topk, "_SEED_FACTOR", 1)
    every = _reference(facts, method)
    assert len(every) > 5000  # dense: most actors share something
    ranked = sorted(every.items(), key=lambda x: (-_key(x[1]), x[0]))
    for top in (1, 10, 100, 300):
        found = synergies(facts, by="technology", method=method, top=top)
        assert [_key(s.score) for s in found] == [_key(s) for _, s in ranked[:top]]
        cut = _key(ranked[top - 1][1])
        # above the cut the pairs are the reference's; at the cut, pairs tied with it
        above = {p for p, s in ranked[:top] if _key(s) > cut}
        assert {(s.a, s.b) for s in found if _key(s.score) > cut} == above
        assert all(_key(every[(s.a, s.b)]) == _key(s.score) for s in found)


@pytest.mark.parametrize("method", METHODS)
def test_per_actor_is_each_actors_best(facts: Facts, method: str) -> None:
    every = _reference(facts, method)
    mine: dict[str, list[float]] = {}
    for (a, b), score in every.items():
        mine.setdefault(a, []).append(_key(score))
        mine.setdefault(b, []).append(_key(score))
    k = 5
    cut = {actor: sorted(s, reverse=True)[min(k, len(s)) - 1] for actor, s in mine.items()}
    found = synergies(facts, by="technology", method=method, per_actor=k)
    pairs = {(s.a, s.b): s for s in found}
    assert len(pairs) == len(found)
    for (a, b), result in pairs.items():
        assert _key(result.score) == _key(every[(a, b)])
        assert _key(result.score) >= min(cut[a], cut[b])
    for actor, scores in mine.items():
        best = sorted(scores, reverse=True)[:k]
        kept = sorted(
            (_key(s.score) for s in found if actor in (s.a, s.b)),
            reverse=True,
        )
        # each actor keeps its k best scores (and may appear in others' best pairs too)
        assert kept[: len(best)] == best
        # every pair scoring above the actor's cut is there
        assert sum(1 for x in kept if x > cut[actor]) == sum(1 for x in best if x > cut[actor])


def test_evidence_is_the_space_s_contributions(facts: Facts) -> None:
    space = _space(facts, "rarity")
    found = synergies(facts, by="technology", per_actor=3)
    assert len(found) > 300
    for s in found[::7]:
        i, j = space.index[s.a], space.index[s.b]
        shared = space.shared(i, j)
        shared = shared[space.weight[shared] > 0]
        for row, evidence in ((i, s.a_evidence), (j, s.b_evidence)):
            expected = [x for x, w in space.contributions(row, shared) if w > 0]
            assert [e.initiative for e in evidence] == expected[:10]
        assert s.strength == sum(
            1 for r in (i, j) for _, w in space.contributions(r, shared) if w > 0
        )
        positive = [f for f in shared.tolist() if len(space.features[f]) == 1]
        assert set(s.shared) == {space.features[f][0] for f in positive}
        assert dict(s.weights) == pytest.approx(
            {space.features[f][0]: space.weight[f] for f in positive}
        )


@pytest.mark.parametrize("method", METHODS)
def test_bounds_hold(facts: Facts, method: str) -> None:
    space = _space(facts, method)
    dense = space.matrix.toarray()
    scores = dense @ dense.T
    np.fill_diagonal(scores, 0.0)
    assert np.all(scores.max(axis=1) <= bounds(space) * (1 + 1e-12))


def test_excluded_partners_are_the_linked_pairs(facts: Facts) -> None:
    space = _space(facts, "rarity")
    index, n = space.index, len(space.actors)
    members: dict[str, list[int]] = {}
    for actor, initiatives in facts.actor_initiatives.items():
        for initiative in initiatives:
            if actor in index:
                members.setdefault(initiative, []).append(index[actor])
    expected = {i * n + j for rows in members.values() for i in rows for j in rows if i != j}
    together = len(expected)
    linked = [(a, b) for a, b in facts.collaborations]
    linked += [(unit, up) for unit, ups in facts.ancestors.items() for up in ups]
    for a, b in linked:
        if a in index and b in index and a != b:
            expected |= {index[a] * n + index[b], index[b] * n + index[a]}
    assert together > 0 and len(expected) > together  # both kinds occur in the data
    assert excluded_partners(facts, space).tolist() == sorted(expected)


@pytest.mark.parametrize("overall", [None, 50])
def test_pairs_do_not_depend_on_the_number_of_threads(
    facts: Facts, overall: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    selection = resolve(Filters(), facts)
    space = make_space(facts, "technology", selection, "rarity")
    excluded = excluded_partners(facts, space)
    found = []
    for count in ("1", "2", "3"):
        monkeypatch.setenv("GOVGRAPH_THREADS", count)
        assert threads() == int(count)
        i, j, s = best_pairs(space, selection, excluded, k=7, overall=overall)
        found.append((i.tolist(), j.tolist(), s.tolist()))
    assert len(found[0][0]) >= 50
    assert found[0] == found[1] == found[2]


@pytest.mark.parametrize("top_n", [1, 3, 50])
def test_equal_rows_are_multiplied_once_with_the_same_answer(top_n: int) -> None:
    """Each row's best columns are those of its own product row, also for repeated rows."""
    import scipy.sparse as sp

    rng = np.random.default_rng(3)
    # few distinct rows, many repeats, values on a coarse grid: many ties at each row's cut
    base = (rng.random((40, 30)) < 0.25) * rng.choice([1.0, 2.0], size=(40, 30))
    rows = rng.integers(0, 40, size=400)
    matrix = sp.csr_matrix(base[rows])
    matrix.sort_indices()
    columns_t = matrix.T.tocsr()
    todo = np.arange(400, dtype=np.int64)
    cols = np.arange(400, dtype=np.int64)
    i, j, s, counts = _topk._row_products(matrix, todo, cols, columns_t, top_n, 0.0)
    direct = _topk._topn(matrix, columns_t, top_n=top_n, threshold=0.0)
    assert counts.tolist() == np.diff(direct.indptr).tolist()
    assert i.tolist() == np.repeat(todo, np.diff(direct.indptr)).tolist()
    assert j.tolist() == direct.indices.tolist()
    assert s.tolist() == direct.data.tolist()
