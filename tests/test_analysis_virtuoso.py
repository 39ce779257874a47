"""The analyses give the same answers on Virtuoso (a remote SPARQL 1.1 endpoint) as in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

import govgraph
from govgraph import analysis

pytestmark = pytest.mark.virtuoso

DATA = Path(__file__).parent / "data" / "analysis-small.ttl"


@pytest.fixture(scope="module")
def memory() -> govgraph.GovGraph:
    kg = govgraph.GovGraph()
    kg.load(DATA)
    return kg


@pytest.fixture
def remote(virtuoso, graph_iri: str) -> govgraph.GovGraph:  # type: ignore[no-untyped-def]
    kg = govgraph.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    kg.load(DATA)
    return kg


@pytest.mark.slow
def test_every_analysis_matches_on_virtuoso(
    memory: govgraph.GovGraph, remote: govgraph.GovGraph
) -> None:
    assert len(remote) == len(memory)
    for by in ("technology", "policy_area", "challenge", "all"):
        assert [s.to_dict() for s in remote.synergies(by=by)] == [
            s.to_dict() for s in memory.synergies(by=by)
        ], by
    assert remote.skill_gaps() == memory.skill_gaps()
    for filters in (
        {"kind": "any"},
        {"level": "eu"},
        {"level": "national", "technology": "Machine learning"},
    ):
        assert remote.skill_gaps(**filters) == memory.skill_gaps(**filters), filters  # type: ignore[arg-type]
        assert remote.no_inventory(**filters) == memory.no_inventory(**filters), filters  # type: ignore[arg-type]
    assert remote.governance_gaps() == memory.governance_gaps()
    assert remote.mutual_learning() == memory.mutual_learning()
    assert remote.capacity_gaps() == memory.capacity_gaps()
    assert remote.supplier_dependence(min_cases=1, kind="any") == memory.supplier_dependence(
        min_cases=1, kind="any"
    )
    assert remote.partners() == memory.partners()
    assert remote.clusters() == memory.clusters()
    assert remote.brokers() == memory.brokers()
    assert remote.clusters(method="jaccard") == memory.clusters(method="jaccard")
    assert remote.brokers(method="jaccard") == memory.brokers(method="jaccard")
    for kind in analysis.NETWORK_KINDS:
        a, b = remote.to_networkx(kind=kind), memory.to_networkx(kind=kind)
        assert sorted(a.edges) == sorted(b.edges), kind
    a, b = (g.to_networkx(kind="synergy", method="rarity", neighbours=10) for g in (remote, memory))
    assert sorted(a.edges(data="weight")) == sorted(b.edges(data="weight"))


def test_cli_on_virtuoso(
    remote: govgraph.GovGraph, memory: govgraph.GovGraph, virtuoso, graph_iri: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    import json

    import govgraph.cli

    code = govgraph.cli.main(
        ["synergies", "--endpoint", virtuoso.query_url, "--graph", graph_iri, "--format", "json"]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    # the command's defaults: the best 20, each actor once
    expected = memory.synergies(by="technology", top=20, per_actor_limit=1)
    assert rows == [s.to_dict() for s in expected]
