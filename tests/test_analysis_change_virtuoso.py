"""``diff`` and ``adoption`` give the same answers on Virtuoso as in memory."""

from __future__ import annotations

import pytest
from rdflib import Graph

import govgraph
from test_report_change import release

pytestmark = pytest.mark.virtuoso


def _both(graph: Graph, url: str, iri: str) -> tuple[govgraph.GovGraph, govgraph.GovGraph]:
    memory = govgraph.GovGraph()
    memory.add(graph)
    remote = govgraph.GovGraph.connect(url, graph=iri)
    remote.add(graph)
    return memory, remote


def test_diff_and_adoption_match_on_virtuoso(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    old_memory, old_remote = _both(release("r2022", "2022", 0), virtuoso.query_url, graph_iri)
    new_memory, new_remote = _both(
        release("r2025", "2025", 1), virtuoso.query_url, graph_iri + "-new"
    )
    assert len(old_remote) == len(old_memory) and len(new_remote) == len(new_memory)
    expected = old_memory.diff(new_memory).to_dict()
    assert old_remote.diff(new_remote).to_dict() == expected
    assert expected["summary"]["matched"] == 20
    for by in ("country,technology", "year,status", "level,policy_area"):
        assert new_remote.adoption(by=by).to_dict() == new_memory.adoption(by=by).to_dict(), by
    assert new_remote.adoption(country="NLD").total == new_memory.adoption(country="NLD").total == 5
