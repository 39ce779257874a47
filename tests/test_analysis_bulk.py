"""Results built for many pairs at once (``analysis._bulk``) are the ones built one by one.

Every actor's best partners (hundreds of thousands of pairs at scale) are built together with
sparse products; here the bulk results are compared, field by field and in order, with
``Describer.synergy`` plus the ``already_collaborating`` check of ``_diverse.flag``, for every
pair with a positive score of a dense generated graph (where sides recur, evidence is cut at
ten initiatives and use cases at ten) and of the graph with a project recorded twice.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import govgraph
from generated import generator
from govgraph.analysis import Facts, synergies
from govgraph.analysis._bulk import Builder
from govgraph.analysis._diverse import flag
from govgraph.analysis._evidence import EVIDENCE_LIMIT, Describer
from govgraph.analysis._filters import Filters
from govgraph.analysis._rank import make_space
from govgraph.analysis._select import resolve
from govgraph.analysis._topk import all_pairs, excluded_partners

ROOT = Path(__file__).resolve().parents[1]
DIVERSE = ROOT / "tests" / "data" / "analysis-diverse.ttl"


def _generated(triples: int, technologies: int, initiatives: tuple[int, int] = (3, 5)) -> Facts:
    lines = list(
        generator().generate_lines(
            triples, seed=5, broken=0.0, technologies=technologies, initiatives=initiatives
        )
    )
    graph = govgraph.GovGraph()
    graph.load("\n".join(lines + _HUBS), format="turtle")
    return Facts(graph.store)


#: Two administrations with twelve cases each, all using the same six technologies: their pair
#: has more initiatives (24) and use cases (15) than a result lists (ten of each).
_HUBS = [
    "@prefix hub: <http://example.org/hub/> .",
    "@prefix dct: <http://purl.org/dc/terms/> .",
    *(
        f'hub:{hub} a gg:PublicAdministration ; skos:prefLabel "Hub {hub}"@en .'
        for hub in ("HubA", "HubB")
    ),
    *(
        f'hub:{hub}{k} gg:ledBy hub:{hub} ; skos:prefLabel "Case {k} of {hub}"@en ; '
        f'dct:identifier "{hub}-{k}" ; gg:usesTechnology '
        + " , ".join(f"hub:T{t}" for t in range(6))
        + " ."
        for hub in ("HubA", "HubB")
        for k in range(12)
    ),
]


@pytest.fixture(scope="module")
def dense() -> Facts:
    return _generated(6000, 6)


@pytest.fixture(scope="module")
def diverse() -> Facts:
    graph = govgraph.GovGraph()
    graph.load(DIVERSE)
    return Facts(graph.store)


def _every_pair(facts: Facts, by: str, method: str) -> tuple[Describer, np.ndarray, ...]:
    selection = resolve(Filters(), facts)
    space = make_space(facts, by, selection, method)
    excluded = excluded_partners(facts, space)
    blocks = list(all_pairs(space, selection, excluded))
    i = np.concatenate([b[0] for b in blocks])
    j = np.concatenate([b[1] for b in blocks])
    s = np.concatenate([b[2] for b in blocks])
    return Describer(facts, space, method=method), i, j, s


def _one_by_one(describer: Describer, i: np.ndarray, j: np.ndarray, s: np.ndarray) -> list:
    return [
        flag(describer.synergy(int(x), int(y), float(z)))
        for x, y, z in zip(i.tolist(), j.tolist(), s.tolist(), strict=True)
    ]


@pytest.mark.parametrize(("by", "method"), [("technology", "rarity"), ("all", "cosine")])
def test_bulk_results_are_the_one_by_one_results(dense: Facts, by: str, method: str) -> None:
    describer, i, j, s = _every_pair(dense, by, method)
    assert len(i) > 2000
    # the pairs in both orientations and shuffled: a is still the smaller IRI, order kept
    order = np.random.default_rng(7).permutation(len(i))
    flip = order % 2 == 1
    x = np.where(flip, j[order], i[order])
    y = np.where(flip, i[order], j[order])
    found = Builder(describer).synergies(x, y, s[order])
    expected = _one_by_one(
        Describer(describer.facts, describer.space, method=method), x, y, s[order]
    )
    assert found == expected
    # the data exercises what the bulk path has to get right
    assert any(r.strength > 2 * EVIDENCE_LIMIT for r in found)  # evidence cut at ten a side
    assert any(len(r.a_evidence) == EVIDENCE_LIMIT for r in found)
    assert any(len(r.use_cases) == EVIDENCE_LIMIT for r in found)  # use cases cut at ten
    assert len({r.shared for r in found}) > 5  # several distinct shared sets


def test_bulk_results_of_actors_with_many_cases(dense: Facts) -> None:
    """Fewer actors with more cases each (20 to 30 per administration, ``generate.py
    --initiatives 20-30``): a side lists a few of many initiatives, found through the index of
    which initiatives hold which feature."""
    facts = _generated(6000, 6, initiatives=(20, 30))
    assert len(facts.actor_initiatives) < len(dense.actor_initiatives) / 2
    describer, i, j, s = _every_pair(facts, "technology", "rarity")
    found = Builder(describer).synergies(i, j, s)
    assert found == _one_by_one(Describer(facts, describer.space, method="rarity"), i, j, s)
    assert sum(r.strength > 2 * EVIDENCE_LIMIT for r in found) > len(found) / 10


def test_bulk_flags_one_project_recorded_twice(diverse: Facts) -> None:
    describer, i, j, s = _every_pair(diverse, "technology", "rarity")
    found = Builder(describer).synergies(i, j, s)
    assert found == _one_by_one(Describer(diverse, describer.space, method="rarity"), i, j, s)
    flagged = {
        (r.a_label, r.b_label): r.already_collaborating for r in found if r.already_collaborating
    }
    assert list(flagged.values()) == [("D-P1", "D-P2")]


def test_per_actor_results_are_built_in_bulk(
    diverse: Facts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``per_actor`` (every candidate asked for) goes through the bulk path, not pair by pair."""
    calls = []

    def refuse(*args: object, **kwargs: object) -> None:
        calls.append(args)
        raise AssertionError("built one by one")

    monkeypatch.setattr(Describer, "synergy", refuse)
    found = synergies(diverse, by="technology", per_actor=2)
    assert found and not calls
    # the flagged pair (one project recorded twice) comes last
    assert found[-1].already_collaborating == ("D-P1", "D-P2")


def test_bulk_of_no_pairs_is_empty(diverse: Facts) -> None:
    describer, *_ = _every_pair(diverse, "technology", "rarity")
    none = np.zeros(0, dtype=np.int64)
    assert Builder(describer).synergies(none, none, np.zeros(0)) == []


def test_streamed_pairs_are_built_a_chunk_at_a_time(
    dense: Facts, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``iter_synergies`` builds its pairs in chunks: small chunks give the same results."""
    from govgraph.analysis import _rank, iter_synergies

    whole = list(iter_synergies(dense, by="technology"))
    monkeypatch.setattr(_rank, "_STREAM_CHUNK", 7)
    chunked = list(iter_synergies(dense, by="technology"))
    assert len(whole) > 7 * 100
    assert chunked == whole
    assert sorted(whole, key=lambda r: (r.a, r.b)) == sorted(
        synergies(dense, by="technology"), key=lambda r: (r.a, r.b)
    )


@pytest.mark.parametrize("colliding", [False, True])
def test_same_rows_number_the_distinct_rows(
    monkeypatch: pytest.MonkeyPatch, colliding: bool
) -> None:
    """Equal rows get one number; rows whose sums collide are told apart all the same."""
    import scipy.sparse as sp

    from govgraph.analysis import _space

    if colliding:  # every column weighs 1: rows of the same length all have the same sum
        monkeypatch.setattr(_space, "_salt", lambda width, seed=0: np.ones(width, dtype=np.int64))
    else:  # the sums tell the rows apart: no need to compare them one by one

        def refuse(shared: object, *, values: bool) -> None:
            raise AssertionError("compared one by one")

        monkeypatch.setattr(_space, "_one_by_one", refuse)
    rng = np.random.default_rng(11)
    dense = (rng.random((400, 12)) < 0.2).astype(np.float64)
    dense[50] = dense[7]  # a repeat
    matrix = sp.csr_matrix(dense)
    number, first = _space.same_rows(matrix)
    rows = [tuple(matrix.indices[matrix.indptr[p] : matrix.indptr[p + 1]]) for p in range(400)]
    assert len(first) == len(set(rows))
    assert number[50] == number[7]
    for p, row in enumerate(rows):
        assert rows[first[number[p]]] == row


@pytest.mark.parametrize("colliding", [False, True])
def test_same_rows_with_values_tell_equal_columns_with_other_values_apart(
    monkeypatch: pytest.MonkeyPatch, colliding: bool
) -> None:
    """With ``values``, rows holding the same columns with other values are different rows."""
    import scipy.sparse as sp

    from govgraph.analysis import _space

    if colliding:  # the column sums collide for rows of one length: compared one by one
        monkeypatch.setattr(_space, "_salt", lambda width, seed=0: np.ones(width, dtype=np.int64))
    rng = np.random.default_rng(5)
    dense = (rng.random((300, 10)) < 0.3) * rng.choice([0.5, 1.5], size=(300, 10))
    dense[40] = dense[3]  # a repeat, values and all
    dense[41] = dense[3] * 2  # the same columns, other values
    matrix = sp.csr_matrix(dense)
    number, first = _space.same_rows(matrix, values=True)
    rows = [
        (
            tuple(matrix.indices[matrix.indptr[p] : matrix.indptr[p + 1]]),
            tuple(matrix.data[matrix.indptr[p] : matrix.indptr[p + 1]]),
        )
        for p in range(300)
    ]
    assert len(first) == len(set(rows))
    assert first.tolist() == sorted(first.tolist())
    assert number[40] == number[3] != number[41]
    for p, row in enumerate(rows):
        assert rows[first[number[p]]] == row
    # without values, rows 3 and 41 are one
    assert _space.same_rows(matrix)[0][41] == number[3]


def test_support_from_the_holding_index_is_the_row_wise_product() -> None:
    """Regression for the evidence of actors with many cases: the support of each side's
    initiatives was a row-wise product of the side's weighted features, gathered once per
    initiative (1.6 million rows of 21 features on a generated graph of 1M triples where actors
    have about ten cases each: 2.3 s and 0.5 GB); it is looked up in an index of which
    initiatives of each row hold each feature. The floats must be the same, summed in column
    order."""
    import scipy.sparse as sp

    from govgraph.analysis._bulk import _Holding
    from govgraph.analysis._space import spans

    rng = np.random.default_rng(7)
    n_features, n_initiatives, n_rows = 40, 60, 12
    features = sp.random(n_initiatives, n_features, density=0.15, format="csr", random_state=3)
    features.data[:] = 1.0
    features.sort_indices()
    # rows' initiatives (some rows have none; an initiative can belong to several rows)
    lengths = rng.integers(0, 7, size=n_rows)
    row_start = np.concatenate(([0], np.cumsum(lengths)))
    row_initiatives = np.concatenate(
        [np.sort(rng.choice(n_initiatives, size=k, replace=False)) for k in lengths]
    ).astype(np.int64)
    # combinations: weighted features, some held by none of a row's initiatives
    weights = rng.random(n_features) * 5
    combos = sp.random(9, n_features, density=0.3, format="csr", random_state=4)
    combos.data = weights[combos.indices]
    combos.sort_indices()
    side_row = rng.integers(0, n_rows, size=25).astype(np.int64)
    side_combo = rng.integers(0, 9, size=25).astype(np.int64)
    per_side = row_start[side_row + 1] - row_start[side_row]
    side = np.repeat(np.arange(25), per_side)
    initiative = row_initiatives[spans(row_start[side_row], per_side)]
    product = combos[side_combo[side]].multiply(features[initiative]).tocsr()
    product.sort_indices()
    expected = product @ np.ones(n_features)
    holding = _Holding(features, row_start, row_initiatives)
    found = holding.support(
        combos, side_row, side_combo, np.concatenate(([0], np.cumsum(per_side)))
    )
    assert found.tolist() == expected.tolist()  # the same floats, not only close ones
    assert (found > 0).sum() > 10 and (found == 0).sum() > 0
