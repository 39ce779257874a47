"""Clusters and brokers on the synergies the filters keep, on a graph of known answers.

Three German offices and a French one use a ledger (the French one and ``de3`` since 2022, the
others since 2019); a French and an Italian office use computer vision (since 2023). Without
filters there are two clusters: the ledger users and the vision users. With ``country="DEU"``
the graph is that of the pairs with a German actor: the ledger users only. With
``years="2021-"`` only the cases started since 2021 count: ``de3`` and ``fr1`` (ledger), ``fr2``
and ``it1`` (vision).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govgraph
from govgraph import ConfigurationError

EX = "http://example.org/"
OFFICES = {  # office: (country, technology, start year)
    "de1": ("DEU", "ledger", 2019),
    "de2": ("DEU", "ledger", 2019),
    "de3": ("DEU", "ledger", 2022),
    "fr1": ("FRA", "ledger", 2022),
    "fr2": ("FRA", "vision", 2023),
    "it1": ("ITA", "vision", 2023),
}
DATA = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix ex: <http://example.org/> .
ex:ledger a gg:Technology ; skos:prefLabel "blockchain"@en .
ex:vision a gg:Technology ; skos:prefLabel "computer vision"@en .
""" + "".join(
    f'ex:{o} a gg:PublicAdministration ; skos:prefLabel "Office {o}"@en ; '
    f"dct:spatial c:{cc} ; gg:administrativeLevel gg:NationalLevel .\n"
    f"ex:i-{o} a gg:Initiative ; gg:ledBy ex:{o} ; gg:usesTechnology ex:{tech} ; "
    f"gg:startYear {year} .\n"
    for o, (cc, tech, year) in OFFICES.items()
)


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


def _clusters(kg: govgraph.GovGraph, **options: object) -> list[tuple[list[str], list[str]]]:
    return sorted(
        (
            [m.removeprefix(EX) for m in c.members],
            [i.removeprefix(EX) for i in c.items],
        )
        for c in kg.clusters(**options)  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("method", ["jaccard", "rarity"])
def test_clusters_of_the_synergies_the_filters_keep(kg: govgraph.GovGraph, method: str) -> None:
    ledger = ["de1", "de2", "de3", "fr1"]
    assert _clusters(kg, method=method) == [(ledger, ["ledger"]), (["fr2", "it1"], ["vision"])]
    # the pairs with a German actor: the ledger users, the French one among them
    assert _clusters(kg, method=method, country="DEU") == [(ledger, ["ledger"])]
    # the cases started since 2021
    assert _clusters(kg, method=method, years="2021-") == [
        (["de3", "fr1"], ["ledger"]),
        (["fr2", "it1"], ["vision"]),
    ]
    assert _clusters(kg, method=method, technology="computer vision") == [
        (["fr2", "it1"], ["vision"])
    ]
    assert _clusters(kg, method=method, country="DEU", years="2023-") == []


@pytest.mark.parametrize("method", ["jaccard", "rarity"])
def test_brokers_of_the_synergies_the_filters_keep(kg: govgraph.GovGraph, method: str) -> None:
    every = {b.actor.removeprefix(EX) for b in kg.brokers(method=method)}
    assert every == set(OFFICES)
    german = kg.brokers(method=method, country="DEU")
    assert {b.actor.removeprefix(EX) for b in german} == {"de1", "de2", "de3", "fr1"}
    assert all(b.cluster_names == ("blockchain",) for b in german)
    assert {b.actor.removeprefix(EX) for b in kg.brokers(method=method, actor="Office it1")} == {
        "fr2",
        "it1",
    }


def test_a_bad_filter_is_an_error_naming_the_closest(kg: govgraph.GovGraph) -> None:
    with pytest.raises(ConfigurationError, match="computer vision"):
        kg.clusters(technology="computer visoin")
    with pytest.raises(ConfigurationError, match="level"):
        kg.brokers(level="federal")


def test_clusters_command_takes_the_filters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govgraph.cli import main

    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")

    def members(*options: str) -> list[list[str]]:
        capsys.readouterr()
        assert main(["--quiet", "clusters", str(path), "--format", "json", *options]) == 0
        out = json.loads(capsys.readouterr().out)
        return sorted([m.removeprefix(EX) for m in c["members"]] for c in out)

    assert members() == [["de1", "de2", "de3", "fr1"], ["fr2", "it1"]]
    assert members("--country", "FRA", "--years", "2022-") == [["de3", "fr1"], ["fr2", "it1"]]
    assert members("--country", "ITA") == [["fr2", "it1"]]
    capsys.readouterr()
    assert main(["--quiet", "clusters", str(path), "--brokers", "--country", "ITA"]) == 0
    out = capsys.readouterr().out
    assert "Brokers by technology: country ITA" in " ".join(out.split())


@pytest.mark.virtuoso
def test_the_filters_give_the_same_clusters_on_virtuoso(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    local = govgraph.GovGraph()
    local.load(DATA, format="turtle")
    remote = govgraph.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    remote.load(DATA, format="turtle")
    for filters in ({"country": "DEU"}, {"years": "2021-", "method": "jaccard"}):
        mine = local.clusters(**filters)  # type: ignore[arg-type]
        assert remote.clusters(**filters) == mine, filters  # type: ignore[arg-type]
        assert mine, filters


def test_the_synergy_graph_takes_filters(kg: govgraph.GovGraph) -> None:
    from govgraph.analysis import Filters

    every = kg.to_networkx(kind="synergy")
    german = kg.to_networkx(kind="synergy", filters=Filters(country="DEU"))
    assert {n.removeprefix(EX) for n in every} == set(OFFICES)
    assert {n.removeprefix(EX) for n in german} == {"de1", "de2", "de3", "fr1"}
    assert set(german.edges) <= set(every.edges) and len(german.edges) == 6
    with pytest.raises(ConfigurationError, match="kind='synergy' only"):
        kg.to_networkx(kind="hierarchy", filters=Filters(country="DEU"))


@pytest.mark.parametrize("method", ["rarity", "cosine", "jaccard"])
def test_the_synergy_graph_scored_by_a_method(kg: govgraph.GovGraph, method: str) -> None:
    # one edge per synergy of that method, weighted by its score
    graph = kg.to_networkx(kind="synergy", method=method)
    assert graph.graph["method"] == method and graph.graph["kind"] == "synergy"
    expected = {frozenset((s.a, s.b)): s.score for s in kg.synergies(method=method)}
    assert {frozenset(e): w for *e, w in graph.edges(data="weight")} == pytest.approx(expected)
    assert expected
    # the graph clusters() runs on by default: each actor's 10 strongest synergies (here all)
    if method == "rarity":
        knn = kg.to_networkx(kind="synergy", method=method, neighbours=10)
        assert sorted(knn.edges(data="weight")) == sorted(graph.edges(data="weight"))


def test_the_synergy_graph_refuses_an_unknown_method(kg: govgraph.GovGraph) -> None:
    with pytest.raises(ConfigurationError, match="method"):
        kg.to_networkx(kind="synergy", method="magic")
    with pytest.raises(ConfigurationError, match="min_score"):
        kg.to_networkx(kind="synergy", method="jaccard", min_score=1.5)
