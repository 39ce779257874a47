"""The rarity-weighted synergy score, evidence, top-k and evaluation on graphs with known answers.

Six administrations: A {NLP, Health} in one case, B the same, C {NLP} and {Health} in two cases,
D {computer vision}, E {blockchain}, F {blockchain}. NLP and computer vision are narrower than AI.
Every feature's information content is ln(6 / df), df = actors holding it (a narrower item
implies its broader ones); each feature weighs what it adds to its broader one:

    AI ln(6/4); NLP ln(6/3) - ln(6/4); Health ln(6/3); blockchain ln(6/2); CV ln(6/1) - ln(6/4)
    use case (AI, Health): ln(6/2); use case (Health, NLP): ln(6/2) - ln(6/2) = 0
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

import govgraph
import govgraph.cli
from govgraph import ConfigurationError
from govgraph.analysis import Facts, count_synergies, evaluate, iter_synergies, synergies

EX = "http://example.org/"
PREFIXES = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
"""
SMALL = (
    PREFIXES
    + """
ex:A a gg:PublicAdministration ; skos:prefLabel "A"@en ; gg:administrativeLevel gg:NationalLevel ;
    dct:spatial <http://publications.europa.eu/resource/authority/country/AUT> .
ex:B a gg:PublicAdministration ; skos:prefLabel "B"@en ; gg:administrativeLevel gg:LocalLevel .
ex:C a gg:PublicAdministration ; skos:prefLabel "C"@en .
ex:D a gg:PublicAdministration ; skos:prefLabel "D"@en .
ex:E a gg:PublicAdministration ; skos:prefLabel "E"@en .
ex:F a gg:PublicAdministration ; skos:prefLabel "F"@en .
ex:a1 gg:ledBy ex:A ; gg:usesTechnology ex:NLP ; gg:policyArea ex:Health ;
    skos:prefLabel "Chatbot for patients"@en ; dct:identifier "X-1" ; gg:startYear 2020 ;
    gg:status gg:StatusPilot ; rdfs:seeAlso <https://example.org/a1> .
ex:b1 gg:ledBy ex:B ; gg:usesTechnology ex:NLP ; gg:policyArea ex:Health ; gg:startYear 2021 .
ex:c1 gg:ledBy ex:C ; gg:usesTechnology ex:NLP ; gg:startYear 2022 .
ex:c2 gg:ledBy ex:C ; gg:policyArea ex:Health ; gg:startYear 2022 .
ex:d1 gg:ledBy ex:D ; gg:usesTechnology ex:CV ; gg:startYear 2019 .
ex:e1 gg:ledBy ex:E ; gg:usesTechnology ex:BC ; gg:startYear 2019 .
ex:f1 gg:ledBy ex:F ; gg:usesTechnology ex:BC ; gg:startYear 2023 .
ex:NLP skos:broader ex:AI ; skos:prefLabel "NLP"@en .
ex:CV skos:broader ex:AI ; skos:prefLabel "Computer vision"@en .
ex:AI skos:prefLabel "AI"@en .
ex:Health skos:prefLabel "Health"@en .
ex:BC skos:prefLabel "Blockchain"@en .
"""
)
L = math.log
AI, NLP, HEALTH, BC = L(6 / 4), L(2) - L(6 / 4), L(2), L(3)
CASE = L(3)  # (AI, Health); (Health, NLP) adds nothing to it


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(SMALL, format="turtle")
    return graph


def scores(results: list[govgraph.analysis.Synergy]) -> dict[tuple[str, str], float]:
    return {(s.a.removeprefix(EX), s.b.removeprefix(EX)): s.score for s in results}


def test_rarity_sum_scores_by_hand(kg: govgraph.GovGraph) -> None:
    found = scores(kg.synergies(by="all", method="rarity-sum"))
    expected = {
        ("A", "B"): AI + NLP + HEALTH + CASE,  # the same use case: weighs more
        ("A", "C"): AI + NLP + HEALTH,  # the same items in unrelated cases
        ("B", "C"): AI + NLP + HEALTH,
        ("E", "F"): BC,
        # partial credit: computer vision and NLP differ but share the broader AI
        ("A", "D"): AI,
        ("B", "D"): AI,
        ("C", "D"): AI,
    }
    assert found.keys() == expected.keys()
    for pair, value in expected.items():
        assert found[pair] == pytest.approx(value), pair
    # hierarchy counted once: sharing NLP scores what NLP says (not NLP + AI)
    assert pytest.approx(L(2)) == AI + NLP


def test_rarity_damps_busy_actors_and_orders(kg: govgraph.GovGraph) -> None:
    found = kg.synergies(by="all")
    assert [(s.a.removeprefix(EX), s.b.removeprefix(EX)) for s in found] == [
        ("A", "B"),
        ("E", "F"),
        ("A", "C"),  # (AI + NLP + Health) / sqrt(1 x 2): C has two cases
        ("B", "C"),
        ("A", "D"),
        ("B", "D"),
        ("C", "D"),
    ]
    assert found[2].score == pytest.approx((AI + NLP + HEALTH) / math.sqrt(2))
    assert kg.synergies(by="all", top=3) == found[:3]
    assert len({round(s.score, 9) for s in found}) == 5


def test_evidence_labels_and_weights(kg: govgraph.GovGraph) -> None:
    best = kg.synergies(by="all", top=1)[0]
    assert best.a_label == "A (AT)" and best.b_label == "B"
    assert (best.a_country, best.b_country) == ("AUT", None)
    assert best.a_level == "https://w3id.org/govgraph#NationalLevel"
    assert best.b_level == "https://w3id.org/govgraph#LocalLevel"
    weights = dict(best.weights)
    assert list(best.shared) == [EX + "Health", EX + "AI", EX + "NLP"]  # largest weight first
    assert weights[EX + "NLP"] == pytest.approx(NLP)
    assert [u.items for u in best.use_cases] == [(EX + "AI", EX + "Health")]
    assert best.score == pytest.approx(
        sum(weights.values()) + sum(u.weight for u in best.use_cases)
    )
    evidence = best.a_evidence[0].to_dict()
    assert evidence == {
        "initiative": EX + "a1",
        "identifier": "X-1",
        "label": "Chatbot for patients",
        "start_year": 2020,
        "status": "Pilot",
        "homepage": "https://example.org/a1",
    }
    assert [e.initiative for e in best.b_evidence] == [EX + "b1"]
    assert best.strength == 2
    record = best.to_dict()
    assert isinstance(record["weights"], dict) and record["a_evidence"][0]["identifier"] == "X-1"


def test_ties_broken_by_strength_of_evidence() -> None:
    graph = govgraph.GovGraph()
    graph.load(
        PREFIXES
        + """
ex:X a gg:PublicAdministration . ex:Y a gg:PublicAdministration . ex:Z a gg:PublicAdministration .
ex:W a gg:PublicAdministration .
ex:x1 gg:ledBy ex:X ; gg:usesTechnology ex:QC .
ex:y1 gg:ledBy ex:Y ; gg:usesTechnology ex:QC .
ex:y2 gg:ledBy ex:Y ; gg:usesTechnology ex:QC .
ex:z1 gg:ledBy ex:Z ; gg:usesTechnology ex:QC .
ex:w1 gg:ledBy ex:W ; gg:usesTechnology ex:BC .
""",
        format="turtle",
    )
    found = graph.synergies(method="rarity-sum")
    # all three pairs score ln(4/3); Y's two cases make its pairs better evidenced
    assert [(s.a[-1], s.b[-1], s.strength) for s in found] == [
        ("X", "Y", 3),
        ("Y", "Z", 3),
        ("X", "Z", 2),
    ]


def test_jaccard_still_available(kg: govgraph.GovGraph) -> None:
    found = kg.synergies(by="technology", method="jaccard")
    assert {(s.a[-1], s.b[-1]): s.score for s in found} == {
        ("A", "B"): 1.0,
        ("A", "C"): 1.0,
        ("B", "C"): 1.0,
        ("E", "F"): 1.0,
    }
    assert all(s.method == "jaccard" and s.a_evidence and s.b_evidence for s in found)


def test_count_is_the_number_of_pairs_each_method_ranks(kg: govgraph.GovGraph) -> None:
    # rarity also pairs D with A, B and C (computer vision and NLP share the broader AI);
    # Jaccard does not: the report's "N best of M pairs" must count what it ranks
    assert count_synergies(kg.store, by="all") == 7
    assert count_synergies(kg.store, by="technology", method="jaccard") == 4
    cases = [
        {"by": "all"},
        {"by": "technology"},
        {"by": "all", "min_score": 1.0},
        {"by": "all", "method": "rarity-sum", "min_score": 1.0},
        {"by": "technology", "method": "jaccard"},
        {"by": "all", "method": "jaccard", "min_score": 0.5},
        {"by": "all", "country": "AUT"},
        {"by": "all", "level": "local"},
    ]
    for args in cases:
        assert count_synergies(kg.store, **args) == len(kg.synergies(**args)), args
    with pytest.raises(ConfigurationError, match="unknown method"):
        count_synergies(kg.store, method="magic")


@pytest.mark.parametrize("method", ["rarity", "jaccard"])
def test_count_on_a_random_graph(method: str) -> None:
    graph = govgraph.GovGraph()
    graph.load(_random_graph(11), format="turtle")
    facts = Facts(graph.store)
    found = count_synergies(facts, by="all", method=method)
    assert found > 200
    assert found == len(synergies(facts, by="all", method=method))
    assert found == sum(1 for _ in iter_synergies(facts, by="all", method=method))


def _random_graph(seed: int) -> str:
    rng = random.Random(seed)
    lines = [PREFIXES]
    techs = [f"ex:t{k}" for k in range(15)]
    lines += [f"ex:t{k} skos:broader ex:t{k % 3} ." for k in range(3, 15)]
    for n in range(120):
        actor = f"ex:a{rng.randrange(50)}"
        lines.append(f"{actor} a gg:PublicAdministration .")
        used = " , ".join(rng.sample(techs, rng.randint(1, 3)))
        area = f"ex:p{rng.randrange(6)}"
        lines.append(
            f"ex:i{n} gg:ledBy {actor} ; gg:usesTechnology {used} ; gg:policyArea {area} ."
        )
    lines += [f"ex:a{k} gg:collaboratesWith ex:a{k + 1} ." for k in range(0, 10, 2)]
    return "\n".join(lines)


@pytest.mark.parametrize("method", ["rarity", "rarity-sum", "resource-allocation", "cosine"])
def test_top_k_and_streaming_match_every_pair(method: str) -> None:
    graph = govgraph.GovGraph()
    graph.load(_random_graph(7), format="turtle")
    facts = Facts(graph.store)
    every = synergies(facts, by="all", method=method)
    assert len(every) > 200
    key = [(round(s.score, 9), s.a, s.b) for s in every]
    for top in (1, 10, 57):
        best = synergies(facts, by="all", method=method, top=top)
        assert [(round(s.score, 9), s.a, s.b) for s in best] == key[:top]
    streamed = {(s.a, s.b): s.score for s in iter_synergies(facts, by="all", method=method)}
    assert streamed == pytest.approx({(s.a, s.b): s.score for s in every})
    # collaborating actors are never proposed
    assert not any(
        {s.a, s.b} == {f"{EX}a{k}", f"{EX}a{k + 1}"} for s in every for k in range(0, 10, 2)
    )
    # per actor: each kept pair is among the 3 best of one of its actors (ties at the cut may
    # pick either partner), and each actor keeps min(3, partners) pairs of its own choosing
    per = synergies(facts, by="all", method=method, per_actor=3)
    cut: dict[str, float] = {}
    count: dict[str, int] = {}
    for actor in {s.a for s in every} | {s.b for s in every}:
        mine = sorted((round(s.score, 9) for s in every if actor in (s.a, s.b)), reverse=True)
        cut[actor] = mine[min(3, len(mine)) - 1]
        count[actor] = min(3, len(mine))
    assert all(round(s.score, 9) >= min(cut[s.a], cut[s.b]) for s in per)
    for actor, wanted in count.items():
        assert sum(1 for s in per if actor in (s.a, s.b)) >= wanted


def test_bad_method_and_scores(kg: govgraph.GovGraph) -> None:
    with pytest.raises(ConfigurationError, match="unknown method"):
        kg.synergies(method="magic")
    with pytest.raises(ConfigurationError, match=r"0\.\.1"):
        kg.synergies(method="jaccard", min_score=2.0)
    assert kg.synergies(by="all", min_score=2.0) == [
        s for s in kg.synergies(by="all") if s.score >= 2.0
    ]


def test_cli_all_streams_every_pair(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    assert govgraph.cli.main(["synergies", str(path), "--by", "all", "--all", "-f", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 7 and all(json.loads(x)["a_evidence"] for x in lines)
    assert govgraph.cli.main(["synergies", str(path), "--by", "all", "--all"]) == 2
    assert "--all" in capsys.readouterr().err
    assert govgraph.cli.main(["synergies", str(path), "--by", "all", "-f", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[1].split(",")[10] == f"{AI + NLP + HEALTH + CASE:.3f}"  # 3 digits
    assert "X-1" in rows[1]


def test_evaluate_by_hand(kg: govgraph.GovGraph) -> None:
    # hold out after 2020: training A (NLP, Health; 2020), D (CV), E (BC); test B, C (NLP,
    # Health), F (BC). Nobody with training cases adopts anything new later: no actor is
    # evaluated. Countries: only A has one (AUT), no later case there either.
    found = evaluate(kg.store, holdout_year=2020)
    assert {(e.method, e.level, e.target) for e in found} >= {
        ("popularity", "actor", "technology"),
        ("rarity", "country", "use-case"),
    }
    assert all(e.evaluated == 0 and e.precision_at_k == 0.0 for e in found)
    with pytest.raises(ConfigurationError, match="unknown method"):
        evaluate(kg.store, holdout_year=2020, methods=["magic"])


def test_evaluate_counts_hits() -> None:
    graph = govgraph.GovGraph()
    graph.load(
        PREFIXES
        + """
ex:P a gg:PublicAdministration . ex:Q a gg:PublicAdministration . ex:R a gg:PublicAdministration .
ex:p1 gg:ledBy ex:P ; gg:usesTechnology ex:NLP , ex:BC ; gg:startYear 2018 .
ex:q1 gg:ledBy ex:Q ; gg:usesTechnology ex:NLP , ex:CV ; gg:startYear 2018 .
ex:r1 gg:ledBy ex:R ; gg:usesTechnology ex:QC ; gg:startYear 2018 .
ex:p2 gg:ledBy ex:P ; gg:usesTechnology ex:CV ; gg:startYear 2021 .
""",
        format="turtle",
    )
    found = {
        (e.method, e.level, e.target): e
        for e in evaluate(graph.store, holdout_year=2020, k=2, methods=["popularity", "rarity"])
    }
    # P adopts CV after 2020. Its partner Q (shares NLP) holds CV: rarity ranks CV first.
    rarity = found[("rarity", "actor", "technology")]
    assert rarity.evaluated == 1
    assert rarity.precision_at_k == pytest.approx(0.5)  # 1 hit of k = 2
    assert rarity.recall_at_k == pytest.approx(1.0)
    assert rarity.map == pytest.approx(1.0)  # the hit is first
    popular = found[("popularity", "actor", "technology")]
    assert popular.evaluated == 1 and popular.recall_at_k == pytest.approx(1.0)


def test_evaluate_blend_of_partners_and_popularity(monkeypatch: pytest.MonkeyPatch) -> None:
    from govgraph.analysis import _evaluate

    graph = govgraph.GovGraph()
    graph.load(
        PREFIXES
        + """
ex:P a gg:PublicAdministration . ex:Q a gg:PublicAdministration . ex:R a gg:PublicAdministration .
ex:S a gg:PublicAdministration . ex:T a gg:PublicAdministration . ex:U a gg:PublicAdministration .
ex:p1 gg:ledBy ex:P ; gg:usesTechnology ex:NLP , ex:BC ; gg:startYear 2018 .
ex:q1 gg:ledBy ex:Q ; gg:usesTechnology ex:NLP , ex:CV ; gg:startYear 2018 .
ex:r1 gg:ledBy ex:R ; gg:usesTechnology ex:CV , ex:QC ; gg:startYear 2018 .
ex:s1 gg:ledBy ex:S ; gg:usesTechnology ex:QC ; gg:startYear 2018 .
ex:t1 gg:ledBy ex:T ; gg:usesTechnology ex:QC ; gg:startYear 2018 .
ex:u1 gg:ledBy ex:U ; gg:usesTechnology ex:AI ; gg:startYear 2018 .
ex:p2 gg:ledBy ex:P ; gg:usesTechnology ex:CV ; gg:startYear 2021 .
""",
        format="turtle",
    )

    def first(method: str) -> float:
        (e,) = [
            e
            for e in evaluate(graph.store, holdout_year=2020, k=1, methods=[method])
            if e.level == "actor" and e.target == "technology"
        ]
        assert e.evaluated == 1  # P, which adopts CV after 2020
        return e.precision_at_k

    # P holds NLP, BC. Not held: QC (3 holders), CV (2; held by Q, P's only partner), AI (1).
    # Popularity puts QC first; the blend with weight 0.6 on popularity scores CV
    # 0.4 * 1 + 0.6 * 2/3 = 0.8 and QC 0.4 * 0 + 0.6 * 1 = 0.6: CV first, a hit.
    assert _evaluate.PRIOR == 0.6
    assert first("popularity") == 0.0
    assert first("rarity+popularity") == 1.0
    # popularity alone (weight 1) is the baseline again
    monkeypatch.setattr(_evaluate, "PRIOR", 1.0)
    assert first("rarity+popularity") == 0.0


def test_evidence_names_a_status_as_diff_and_adoption_do() -> None:
    # regression: without the ontology's labels a status came out as its IRI's name
    # ("InDevelopment") while diff and adoption say "In development"
    graph = govgraph.GovGraph()
    graph.load(
        PREFIXES
        + """
ex:A a gg:PublicAdministration . ex:B a gg:PublicAdministration . ex:C a gg:PublicAdministration .
ex:a1 gg:ledBy ex:A ; gg:usesTechnology ex:T ; gg:status gg:StatusInDevelopment .
ex:b1 gg:ledBy ex:B ; gg:usesTechnology ex:T ; gg:status gg:StatusNotInUse .
ex:c1 gg:ledBy ex:C ; gg:usesTechnology ex:U .
""",
        format="turtle",
    )
    for found in (synergies(graph.store), synergies(graph.store, top=1)):
        (pair,) = found
        assert (pair.a_evidence[0].status, pair.b_evidence[0].status) == (
            "In development",
            "Not in use",
        )
