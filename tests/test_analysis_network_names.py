"""Clusters named by what sets them apart, with whom to call first.

Regression: on the demo import ``govgraph clusters`` listed "artificial intelligence" (which
nearly every actor holds) first for 17 of its 21 clusters (18 of 22 with 60 alias rows), and
listed the members in alphabetical order (123 names for the blockchain cluster).
"""

from __future__ import annotations

import json

import networkx as nx
import pytest

import govgraph
from govgraph.analysis._clusters import case_sets, cases_on, central, characteristic

EX = "http://example.org/"
# everyone uses AI; four actors share a ledger, four others machine learning (narrower than AI)
DATA = (
    """@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
ex:AI a gg:Technology ; skos:prefLabel "artificial intelligence"@en .
ex:ML a gg:Technology ; skos:prefLabel "machine learning"@en ; skos:broader ex:AI .
ex:ledger a gg:Technology ; skos:prefLabel "blockchain"@en .
ex:vision a gg:Technology ; skos:prefLabel "computer vision"@en ; skos:broader ex:AI .
"""
    + "".join(
        f'ex:{who}{k} a gg:PublicAdministration ; skos:prefLabel "{who} {k}"@en .\n'
        f"ex:i-{who}{k} a gg:Initiative ; gg:ledBy ex:{who}{k} ; gg:usesTechnology ex:AI, ex:{tech} .\n"
        for who, tech in (("a", "ledger"), ("b", "ML"))
        for k in range(4)
    )
    + "ex:i-extra a gg:Initiative ; gg:ledBy ex:b0 ; gg:usesTechnology ex:vision .\n"
)


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


@pytest.mark.parametrize("method", ["jaccard", "rarity"])
def test_clusters_are_named_by_what_sets_them_apart(kg: govgraph.GovGraph, method: str) -> None:
    found = kg.clusters(by="technology", method=method)
    assert sorted((c.members, c.items) for c in found) == [
        (tuple(f"{EX}a{k}" for k in range(4)), (f"{EX}ledger",)),
        (tuple(f"{EX}b{k}" for k in range(4)), (f"{EX}ML",)),
    ]
    for cluster in found:
        # the best-connected member first: b0 is less like the others (its extra technology)
        assert sorted(cluster.central) == list(cluster.members)
        assert len(cluster.central_labels) == len(cluster.central)
    (b,) = [c for c in found if c.members[0] == f"{EX}b0"]
    if method == "jaccard":
        assert b.central[-1] == f"{EX}b0"


def test_characteristic_items() -> None:
    sets = {
        "a": frozenset({"AI", "ledger", "x"}),
        "b": frozenset({"AI", "ledger"}),
        "c": frozenset({"AI", "ML", "x"}),
        "d": frozenset({"AI", "ML"}),
        "e": frozenset({"AI", "ML", "ledger"}),
    }
    everyone = sorted(sets)
    # ledger: 2 of 2 members, 3 of 5 actors; x: held by one member only; AI: by everyone
    assert characteristic(["a", "b"], sets, everyone) == ["ledger"]
    # ML is over-represented among c, d (2 of 2 vs 3 of 5); its broader AI is implied
    assert characteristic(["c", "d"], sets, everyone, {"ML": frozenset({"AI"})}) == ["ML"]
    # a cluster of everyone: nothing is over-represented, the most widely held items instead
    assert characteristic(everyone, sets, everyone)[:1] == ["AI"]
    assert characteristic(everyone, sets, everyone, {"ML": frozenset({"AI"})})[0] == "ML"


def test_central_members_by_their_ties_inside_the_cluster() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        [("a", "b", 0.5), ("a", "c", 0.4), ("b", "c", 0.1), ("c", "z", 9)]
    )
    # z is outside the cluster: c's tie to it does not count
    assert central(graph, ["a", "b", "c"]) == ["a", "b", "c"]
    assert central(graph, ["a", "b", "c"], limit=1) == ["a"]


def test_central_members_with_the_most_cases_first() -> None:
    graph = nx.Graph()
    graph.add_weighted_edges_from([("a", "b", 0.5), ("a", "c", 0.4), ("b", "c", 0.1)])
    # c has the most cases on what names the cluster; a and b as many, a with stronger ties
    assert central(graph, ["a", "b", "c"], cases={"a": 1, "b": 1, "c": 2}) == ["c", "a", "b"]
    assert central(graph, ["a", "b", "c"], cases={"b": 1}) == ["b", "a", "c"]
    # a case counts once however many of the items it holds; case sets hold the broader
    # concepts of their items too (case_sets), so a case on ML is a case on AI
    cases = {
        "a": [frozenset({"ledger"}), frozenset({"ML", "AI"}), frozenset({"ledger", "ML", "AI"})],
        "b": [frozenset({"AI"})],
    }
    assert cases_on(["a", "b", "c"], ["ledger", "ML"], cases) == {"a": 3, "b": 0, "c": 0}
    assert cases_on(["a", "b"], ["AI"], cases) == {"a": 2, "b": 1}


# four bodies share a ledger; a3 has three ledger cases (two of them from 2023), the others one
CASES = "\n".join(
    [
        "@prefix gg: <https://w3id.org/govgraph#> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .",
        "@prefix ex: <http://example.org/> .",
        'ex:AI a gg:Technology ; skos:prefLabel "artificial intelligence"@en .',
        'ex:ledger a gg:Technology ; skos:prefLabel "blockchain"@en .',
        'ex:ML a gg:Technology ; skos:prefLabel "machine learning"@en ; skos:broader ex:AI .',
        'ex:vision a gg:Technology ; skos:prefLabel "computer vision"@en ; skos:broader ex:AI .',
    ]
    + [
        f'ex:{who}{k} a gg:PublicAdministration ; skos:prefLabel "{who} {k}"@en .\n'
        f"ex:i-{who}{k} a gg:Initiative ; gg:ledBy ex:{who}{k} ; gg:startYear 2020 ;"
        f" gg:usesTechnology ex:AI, ex:{tech} ."
        for who, tech in (("a", "ledger"), ("b", "ML"))
        for k in range(4)
    ]
    + [
        f"ex:j-a3-{n} a gg:Initiative ; gg:ledBy ex:a3 ; gg:startYear 2023 ;"
        " gg:usesTechnology ex:ledger ."
        for n in range(2)
    ]
    # b1's second case uses computer vision only: not a case on machine learning
    + ["ex:j-b1 a gg:Initiative ; gg:ledBy ex:b1 ; gg:usesTechnology ex:vision ."]
)


@pytest.mark.parametrize("method", ["jaccard", "rarity"])
def test_clusters_list_the_members_with_the_most_cases_first(method: str) -> None:
    kg = govgraph.GovGraph()
    kg.load(CASES, format="turtle")
    found = {c.item_labels[0]: c for c in kg.clusters(by="technology", method=method)}
    assert set(found) == {"blockchain", "machine learning"}
    ledger = found["blockchain"]
    assert ledger.central[0] == f"{EX}a3" and ledger.central_cases == (3, 1, 1, 1)
    assert found["machine learning"].central_cases == (1, 1, 1, 1)
    # the cases the filters keep: before 2023, a3 has one ledger case like the others
    before = kg.clusters(by="technology", method=method, years=(2020, 2022))
    assert [c.central_cases for c in before if c.items == (f"{EX}ledger",)] == [(1, 1, 1, 1)]
    # the same counts from the facts' case sets
    facts = govgraph.analysis.Facts(kg.store)
    sets = case_sets(facts, "technology")
    assert cases_on(ledger.members, [f"{EX}ledger"], sets) == {
        f"{EX}a{k}": 3 if k == 3 else 1 for k in range(4)
    }
    assert ledger.to_dict()["central_cases"] == [3, 1, 1, 1]


def test_the_command_shows_central_members_first(
    kg: govgraph.GovGraph, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    from pathlib import Path

    from govgraph.cli import main

    path = Path(str(tmp_path)) / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    assert main(["--quiet", "clusters", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {tuple(c["item_labels"]) for c in out} == {("blockchain",), ("machine learning",)}
    assert all(len(c["central"]) == c["size"] == 4 for c in out)
    assert main(["--quiet", "clusters", str(path)]) == 0
    table = capsys.readouterr().out
    assert "sets it apart" in table and "artificial intelligence" not in table


def test_brokers_say_which_clusters_they_link() -> None:
    """A body using a ledger and machine learning links the two clusters; its partners say so."""
    kg = govgraph.GovGraph()
    kg.load(
        DATA + 'ex:x a gg:PublicAdministration ; skos:prefLabel "x"@en .\n'
        "ex:i-x a gg:Initiative ; gg:ledBy ex:x ; gg:usesTechnology ex:ledger, ex:ML .\n",
        format="turtle",
    )
    for method in ("jaccard", "rarity"):
        found = kg.clusters(by="technology", method=method)
        ids = {c.id: c for c in found}
        (x,) = [b for b in kg.brokers(by="technology", method=method) if b.actor == f"{EX}x"]
        assert x.betweenness == max(b.betweenness for b in kg.brokers(method=method))
        # its partners are in both clusters; ids and names as clusters() gives them
        assert sorted(x.clusters) == sorted(ids) and len(ids) == 2
        for k, name, n in zip(x.clusters, x.cluster_names, x.cluster_partners, strict=True):
            assert name == " · ".join(lab or "" for lab in ids[k].item_labels[:3])
            assert n == sum(1 for m in ids[k].members if m != f"{EX}x")
        assert sum(x.cluster_partners) == x.degree
        assert {"blockchain", "machine learning"} <= set(" · ".join(x.cluster_names).split(" · "))
