"""Opening stores: no guessing with --store, read-only stores, idempotent endpoint loads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode
from rdflib.compare import isomorphic

import govgraph
from govgraph.store import OxigraphStore, SparqlEndpointStore, skolemize

DATA = """@prefix ex: <http://example.org/> .
ex:a ex:p [ ex:q "1" ; ex:r [ ex:s "2" ] ] ; ex:t ( "x" "y" ) .
_:lone ex:p "3" .
"""


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, timeout=120
    )


def test_a_directory_with_other_files_is_never_made_a_store(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    for create in (True, False):
        with pytest.raises(govgraph.StoreError, match="not a govgraph store"):
            OxigraphStore(tmp_path, create=create)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    with pytest.raises(govgraph.StoreError, match="it is a file"):
        OxigraphStore(tmp_path / "notes.txt")


def test_a_missing_store_is_created_only_when_asked(tmp_path: Path) -> None:
    with pytest.raises(govgraph.StoreError, match="no govgraph store here"):
        OxigraphStore(tmp_path / "typo", create=False)
    assert not (tmp_path / "typo").exists()
    OxigraphStore(tmp_path / "new").close()  # the library default creates
    OxigraphStore(tmp_path / "new", create=False).close()  # and then it exists


@pytest.mark.slow  # CLI processes: about 12 s on a loaded machine
def test_cli_store_on_a_non_store_directory_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.odt").write_text("mine")
    result = _cli("query", "SELECT * { ?s ?p ?o }", "--store", str(docs))
    assert result.returncode == 2, result.stderr
    assert "not a govgraph store" in result.stderr
    assert sorted(p.name for p in docs.iterdir()) == ["report.odt"]
    result = _cli("query", "SELECT * { ?s ?p ?o }", "--store", str(tmp_path / "typo"))
    assert result.returncode == 2 and "govgraph load" in result.stderr
    assert not (tmp_path / "typo").exists()
    data = tmp_path / "data.ttl"
    data.write_text(DATA)
    created = _cli("load", str(data), "--store", str(tmp_path / "made"))
    assert created.returncode == 0, created.stderr
    assert _cli("query", "ASK { ?s ?p ?o }", "--store", str(tmp_path / "made")).returncode == 0


@pytest.mark.slow  # CLI processes: about 12 s on a loaded machine
def test_a_failed_first_load_leaves_no_store_behind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:p .\n")
    good = tmp_path / "good.ttl"
    good.write_text(DATA)
    new = tmp_path / "new"
    result = _cli("load", str(good), str(bad), "--store", str(new))
    assert result.returncode == 2, result.stderr
    assert "bad.ttl" in result.stderr
    assert not new.exists()  # the directory it made is gone again
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _cli("load", str(bad), "--store", str(empty)).returncode == 2
    assert empty.is_dir() and not any(empty.iterdir())  # an empty directory stays empty
    # a store that already holds data is kept as it was
    kept = tmp_path / "kept"
    assert _cli("load", str(good), "--store", str(kept)).returncode == 0
    assert _cli("load", str(bad), "--store", str(kept)).returncode == 2
    expected = govgraph.GovGraph()
    expected.load(good)
    with OxigraphStore(kept, create=False) as store:
        assert store.count() == len(expected) > 0


def test_abandon_removes_only_a_new_empty_store(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), govgraph.GovGraph(path=tmp_path / "x"):
        raise RuntimeError("stop")
    assert not (tmp_path / "x").exists()
    with govgraph.GovGraph(path=tmp_path / "y"):  # no failure: the new store stays
        pass
    assert (tmp_path / "y" / "CURRENT").is_file()
    with pytest.raises(RuntimeError), govgraph.GovGraph(path=tmp_path / "y"):
        raise RuntimeError("an existing store is only closed")
    assert (tmp_path / "y" / "CURRENT").is_file()


def test_a_read_only_store_answers_queries_and_refuses_writes(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "s") as store:
        govgraph.GovGraph(store=store).load(DATA, format="turtle")
    reader = OxigraphStore(tmp_path / "s", read_only=True)
    assert reader.count() == 10
    assert reader.query('ASK { ?s <http://example.org/q> "1" }')
    for write in (
        lambda: reader.update('INSERT DATA { <http://a> <http://b> "c" }'),
        lambda: reader.add_quads([]),
        reader.clear,
    ):
        with pytest.raises(govgraph.StoreError, match="read-only"):
            write()
    writer = OxigraphStore(tmp_path / "s")  # a reader does not hold the lock
    assert writer.count() == 10
    writer.close()
    reader.close()
    with pytest.raises(govgraph.StoreError, match="no govgraph store"):
        OxigraphStore(tmp_path / "none", read_only=True)


def test_skolem_iris_are_stable_for_the_same_data_and_differ_otherwise() -> None:
    base = "http://example.org/.well-known/genid/govgraph-"
    first = skolemize(ox.parse(DATA, format=ox.RdfFormat.TURTLE), base)
    again = skolemize(ox.parse(DATA, format=ox.RdfFormat.TURTLE), base)
    assert first == again  # the parser's random blank-node labels do not matter
    assert not any(isinstance(t, ox.BlankNode) for q in first for t in (q.subject, q.object))
    assert all(
        t.value.startswith(base) for q in first for t in (q.subject, q.object) if "genid" in str(t)
    )
    other = skolemize(ox.parse(DATA + '_:z <http://e/p> "4" .', format=ox.RdfFormat.TURTLE), base)
    assert {str(q.subject) for q in other}.isdisjoint(
        {str(q.subject) for q in first if "genid" in str(q.subject)}
    )


@pytest.mark.virtuoso
def test_loading_blank_nodes_twice_into_virtuoso_leaves_one_load(
    request: pytest.FixtureRequest,
) -> None:
    server = request.getfixturevalue("virtuoso")
    graph = request.getfixturevalue("graph_iri")
    store = SparqlEndpointStore(server.query_url, server.update_url, graph=graph)
    try:
        kg = govgraph.GovGraph(store=store)
        kg.load(DATA, format="turtle")
        once = store.count()
        kg.load(DATA, format="turtle")  # a re-run, e.g. after a failure half-way
        assert store.count() == once == 10
        expected = govgraph.GovGraph()
        expected.load(DATA, format="turtle")
        back = store.to_rdflib()
        assert any(isinstance(s, BNode) for s in back.subjects())  # given back as blank nodes
        assert isomorphic(back, expected.store.to_rdflib())
    finally:
        store.clear()
        store.close()
