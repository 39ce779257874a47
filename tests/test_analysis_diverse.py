"""The per-actor limit and the "already collaborating" flag on a graph with known answers.

tests/data/analysis-diverse.ttl: four cities C1..C4 share a chatbot use case (six equal pairs,
the best); DG Hub (EU) shares X with Ministries One, Two, Three; DG Other (EU) shares Y with
Ministry Four; City Alpha and City Beta lead one project recorded twice (flagged, listed last);
Senigallia and Treviso lead different chatbots with similar names (not flagged).
"""

from __future__ import annotations

import json
import typing
from collections import Counter
from pathlib import Path

import pytest

import govgraph
import govgraph.cli
from govgraph import ConfigurationError
from govgraph.analysis import Evidence, mutual_learning, synergies

DATA = Path(__file__).parent / "data" / "analysis-diverse.ttl"
EX = "http://example.org/"
CITIES = {"C1", "C2", "C3", "C4"}


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(DATA)
    return graph


def ends(r: typing.Any) -> tuple[str, str]:
    a, b = sorted((r.a.removeprefix(EX), r.b.removeprefix(EX)))
    return a, b


def greedy(found: list[typing.Any], top: int | None, limit: int | None) -> list[tuple[str, str]]:
    """The cap written out independently: skip a pair once either actor has ``limit`` pairs."""
    seen: Counter[str] = Counter()
    kept, flagged = [], []
    for r in found:
        if r.already_collaborating:
            flagged.append(ends(r))
            continue
        a, b = ends(r)
        if limit is not None and (seen[a] >= limit or seen[b] >= limit):
            continue
        seen[a] += 1
        seen[b] += 1
        kept.append((a, b))
    out = kept + flagged
    return out[:top] if top is not None else out


def test_without_a_limit_the_clique_fills_the_top(kg: govgraph.GovGraph) -> None:
    top = [ends(r) for r in kg.synergies(top=6)]
    assert {x for pair in top for x in pair} == CITIES
    assert len(top) == 6


@pytest.mark.parametrize("limit", [1, 2])
def test_each_actor_at_most_limit_times(kg: govgraph.GovGraph, limit: int) -> None:
    found = kg.synergies(top=20, per_actor_limit=limit)
    counts = Counter(x for r in found for x in ends(r))
    assert max(counts.values()) == limit
    # with 1: a matching of the four cities (two pairs), then the others
    cities = [p for p in map(ends, found) if set(p) <= CITIES]
    assert len(cities) == (2 if limit == 1 else 3)  # C1-C2, C1-C3, C2-C3


@pytest.mark.parametrize("method", ["rarity", "jaccard", "cosine"])
@pytest.mark.parametrize("top", [1, 3, 5, 8, 20])
@pytest.mark.parametrize("limit", [None, 1, 2])
def test_top_list_is_the_greedy_cap_of_the_whole_ranking(
    kg: govgraph.GovGraph, method: str, top: int, limit: int | None
) -> None:
    whole = synergies(kg.store, method=method)
    expected = greedy(whole, top, limit)
    got = [ends(r) for r in synergies(kg.store, method=method, top=top, per_actor_limit=limit)]
    assert got == expected


def test_between_view_is_not_one_dg(kg: govgraph.GovGraph) -> None:
    plain = [ends(r) for r in kg.synergies(top=3, between=("eu", "national"))]
    assert plain == [("G", "N4"), ("H", "N1"), ("H", "N2")]
    capped = [ends(r) for r in kg.synergies(top=3, between=("eu", "national"), per_actor_limit=1)]
    assert capped == [("G", "N4"), ("H", "N1")]


def test_the_actor_asked_for_is_not_limited(kg: govgraph.GovGraph) -> None:
    found = kg.synergies(top=10, actor="DG Hub", per_actor_limit=1)
    assert [ends(r) for r in found] == [("H", "N1"), ("H", "N2"), ("H", "N3")]


def test_one_project_recorded_twice_is_flagged_and_listed_last(kg: govgraph.GovGraph) -> None:
    found = kg.synergies()
    flagged = {ends(r): r.already_collaborating for r in found if r.already_collaborating}
    assert flagged == {("P1", "P2"): ("D-P1", "D-P2")}
    assert ends(found[-1]) == ("P1", "P2")
    # its score ties with DG Other + Ministry Four, yet it is not in a top 8
    assert ("P1", "P2") not in [ends(r) for r in kg.synergies(top=8)]
    row = found[-1].to_dict()
    assert row["already_collaborating"] == ["D-P1", "D-P2"]
    # streamed results carry the flag too
    streamed = {
        ends(r): r.already_collaborating for r in govgraph.analysis.iter_synergies(kg.store)
    }
    assert streamed[("P1", "P2")] == ("D-P1", "D-P2")
    assert streamed[("S1", "S2")] == ()


def test_same_project_rules() -> None:
    from govgraph.analysis._diverse import same_project

    def case(n: str, label: str, page: str | None = None) -> Evidence:
        return Evidence(initiative=EX + n, identifier=n, label=label, homepage=page)

    # near-identical names without a page, or generated names: not enough
    assert not same_project(
        [case("a", "DELPHI - Coordinated mobility - Madrid use case")],
        [case("b", "DELPHI - Coordinated mobility - Madrid use case")],
    )
    assert not same_project(
        [case("a", "Initiative 3 of administration 7", "https://x.example/a")],
        [case("b", "Initiative 3 of administration 8", "https://x.example/b")],
    )
    # the same initiative on both sides
    assert same_project([case("a", "Case")], [case("a", "Case")]) == ("a",)
    # similar names and the same page
    assert same_project(
        [case("a", "AVENUE Pilot Project - Tallinn", "https://avenue.example/")],
        [case("b", "AVENUE Pilot Project - Stavanger", "http://www.avenue.example")],
    ) == ("a", "b")
    # similar names, other pages; the same page, other names
    assert not same_project(
        [case("a", "AVENUE Pilot Project - Tallinn", "https://avenue.example/t")],
        [case("b", "AVENUE Pilot Project - Stavanger", "https://avenue.example/s")],
    )
    assert not same_project(
        [case("a", "Chatbot for taxes", "https://report.example/")],
        [case("b", "Fraud detection in benefits", "https://report.example/")],
    )
    # pilot sites named "<project> in <site>": the same telling start, the same page (PSTW's
    # PSAP pilots were 75.6 to 79.7 alike overall, so four of their ten pairs were missed)
    report = "https://eena.example/report.pdf"
    assert same_project(
        [case("a", "AI pilot in Public Safety Answering Point (PSAP) in Andalusia", report)],
        [
            case(
                "b",
                "AI pilot in Public Safety Answering Point (PSAP) in Ludwigshafen (Germany)",
                report,
            )
        ],
    ) == ("a", "b")
    # ... but not a start of generic words, nor a shared end, nor a short shared start
    for left, right in (
        ("AI for healthcare project in Albania", "AI for taxation project in Albania"),
        ("Artificial Intelligence for faster diagnosis", "Artificial Intelligence for planning"),
        ("Wroclaw Intelligent lighting system", "Lupine Intelligent lighting system"),
        (
            "Kratt 112 transcribing emergency calls to the rescue centre",
            "Kratt 1247 answering questions to the state helpline in crises",
        ),
    ):
        assert not same_project([case("a", left, report)], [case("b", right, report)]), left


def test_learning_limit_and_flag(kg: govgraph.GovGraph) -> None:
    plain = [ends(p) for p in mutual_learning(kg.store)]
    assert plain == [("G", "N4"), ("H", "N1"), ("H", "N2"), ("H", "N3")]
    capped = [ends(p) for p in mutual_learning(kg.store, per_actor_limit=1)]
    assert capped == [("G", "N4"), ("H", "N1")]
    mine = [ends(p) for p in mutual_learning(kg.store, actor="DG Hub", per_actor_limit=1)]
    assert sorted(mine) == [("H", "N1"), ("H", "N2"), ("H", "N3")]
    flagged = mutual_learning(kg.store, between=("local", "local"))
    assert [(ends(p), p.already_collaborating) for p in flagged if p.already_collaborating] == [
        (("P1", "P2"), ("D-P1", "D-P2"))
    ]
    assert flagged[-1].already_collaborating


@pytest.mark.parametrize("value", [0, -1])
def test_limit_below_one_is_refused(kg: govgraph.GovGraph, value: int) -> None:
    with pytest.raises(ConfigurationError, match="per_actor_limit"):
        kg.synergies(per_actor_limit=value)
    with pytest.raises(ConfigurationError, match="per_actor_limit"):
        mutual_learning(kg.store, per_actor_limit=value)


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, typing.Any]]:
    assert govgraph.cli.main([*args, str(DATA), "--format", "json"]) == 0
    rows: list[dict[str, typing.Any]] = json.loads(capsys.readouterr().out)
    return rows


def test_cli_per_actor_limit(capsys: pytest.CaptureFixture[str]) -> None:
    def pairs(rows: list[dict[str, typing.Any]]) -> list[tuple[str, ...]]:
        return [tuple(sorted((r["a"].removeprefix(EX), r["b"].removeprefix(EX)))) for r in rows]

    # the default is 1 per actor
    default = pairs(run_cli(capsys, "synergies", "--top", "4"))
    assert Counter(x for p in default for x in p).most_common(1)[0][1] == 1
    unlimited = pairs(run_cli(capsys, "synergies", "--top", "4", "--per-actor-limit", "0"))
    assert set(x for p in unlimited for x in p) == CITIES
    two = pairs(run_cli(capsys, "learning", "--per-actor-limit", "2"))
    assert two == [("G", "N4"), ("H", "N1"), ("H", "N2")]
    assert pairs(run_cli(capsys, "learning")) == [("G", "N4"), ("H", "N1")]


def test_clusters_and_brokers_on_the_rarity_score() -> None:
    from govgraph.analysis import brokers, clusters

    small = govgraph.GovGraph()
    small.load(Path(__file__).parent / "data" / "analysis-small.ttl")
    found = clusters(small.store, by="technology", method="rarity")
    assert found == clusters(small.store, by="technology", method="rarity")  # deterministic
    # the same two communities as with Jaccard (see tests/test_analysis.py), each named by
    # what weighs most on its own pairs: NLP for one, machine learning then blockchain
    assert [sorted(m.removeprefix(EX) for m in c.members) for c in found] == [
        ["CityZ", "DG_A_Unit1", "EC", "MinX_Unit"],
        ["DG_A", "DG_B", "MinX", "MinY"],
    ]
    assert [c.items for c in found] == [(EX + "NLP",), (EX + "ML", EX + "BC")]
    # City Z and Ministry Y bridge the two
    top = brokers(small.store, by="technology", method="rarity", top=2)
    assert [b.actor.removeprefix(EX) for b in top] == ["CityZ", "MinY"]
    # rarity scores are not bounded by 1; Jaccard ones are
    assert clusters(small.store, method="rarity", min_score=50.0) == []
    with pytest.raises(ConfigurationError, match="min_score"):
        clusters(small.store, method="jaccard", min_score=2.0)
    with pytest.raises(ConfigurationError, match="method"):
        brokers(small.store, method="magic")


def test_cli_clusters_method(capsys: pytest.CaptureFixture[str]) -> None:
    small = str(Path(__file__).parent / "data" / "analysis-small.ttl")
    assert govgraph.cli.main(["clusters", small, "--method", "rarity", "-f", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted(r["size"] for r in rows) == [4, 4]
    assert {r["item_labels"][0] for r in rows} == {
        "Natural language processing",
        "Machine learning",
    }
