"""``Store.triple_values``: an embedded store's index read gives the rows of the generic query."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import govgraph
from govgraph import QueryError
from govgraph.store import OxigraphStore, Store

EX = "http://example.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DATA = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:a rdfs:label "Ministry"@en, "Ministerium"@de, "plain", ""@en, "" ;
    ex:year "02019"^^xsd:integer ; ex:price "1.50"^^xsd:decimal ;
    ex:status ex:Pilot ; ex:node [ rdfs:label "inner" ] .
ex:b ex:year "2020"^^xsd:gYear ; ex:status "in use" ; ex:status "draft"^^ex:code .
[] ex:year "1999"^^xsd:integer ; rdfs:label "anonymous" .
<< ex:a ex:status ex:Pilot >> rdfs:label "a quoted triple" .
ex:c ex:v "1.0"^^xsd:decimal, "1.00"^^xsd:decimal .
"""
PREDICATES = [RDFS_LABEL, EX + "year", EX + "price", EX + "status", EX + "node", EX + "v"]


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OxigraphStore]:
    s = OxigraphStore(tmp_path / "store" if request.param == "disk" else None)
    govgraph.GovGraph(store=s).load(DATA, format="turtle")
    yield s
    s.close()


def _generic(store: Store, predicates: list[str]) -> list[tuple[str | None, ...]]:
    """The rows of the SPARQL query every store can run (the base class's way)."""
    return Store.triple_values(store, predicates).rows


def test_the_index_read_gives_the_rows_of_the_query(store: OxigraphStore) -> None:
    fast = store.triple_values(PREDICATES)
    assert fast.variables == ("subject", "predicate", "object", "datatype", "lang")
    assert sorted(fast.rows, key=repr) == sorted(_generic(store, PREDICATES), key=repr)
    rows = set(fast.rows)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    lang_string = RDF + "langString"
    assert (EX + "a", RDFS_LABEL, "Ministry", lang_string, "en") in rows
    assert (EX + "a", RDFS_LABEL, "plain", xsd + "string", "") in rows
    assert (EX + "a", RDFS_LABEL, "", lang_string, "en") in rows
    assert (EX + "a", RDFS_LABEL, "", xsd + "string", "") in rows
    # literals come back as written, IRIs without datatype or language
    assert (EX + "a", EX + "year", "02019", xsd + "integer", "") in rows
    assert (EX + "a", EX + "price", "1.50", xsd + "decimal", "") in rows
    assert (EX + "a", EX + "status", EX + "Pilot", None, None) in rows
    assert (EX + "b", EX + "status", "draft", EX + "code", "") in rows
    # only IRI subjects: the blank node's and the quoted triple's labels are left out
    assert not {"inner", "anonymous", "a quoted triple"} & {r[2] for r in rows}
    # a blank node object is there, without datatype or language
    (node,) = [r for r in rows if r[1] == EX + "node"]
    assert node[0] == EX + "a" and node[3:] == (None, None)
    # two written forms of one value: as the query answers give them
    assert sorted(r[2] for r in rows if r[1] == EX + "v") == sorted(
        r[2] for r in _generic(store, [EX + "v"])
    )


def test_repeated_and_absent_predicates(store: OxigraphStore) -> None:
    once = store.triple_values([EX + "status"]).rows
    assert len(once) == 3
    assert sorted(store.triple_values([EX + "status", EX + "status"]).rows) == sorted(once)
    assert store.triple_values([EX + "nothing"]).rows == []
    assert store.triple_values([]).rows == []
    assert Store.triple_values(store, []).rows == []


@pytest.mark.parametrize("bad", ["http://example.org/a b", "label", "<x>"])
def test_a_predicate_that_is_not_an_iri_is_refused_by_both(store: OxigraphStore, bad: str) -> None:
    with pytest.raises(QueryError):
        store.triple_values([bad])
    with pytest.raises(QueryError):
        Store.triple_values(store, [bad])


def test_after_an_update_the_rows_follow_the_data(store: OxigraphStore) -> None:
    store.update(f'INSERT DATA {{ <{EX}d> <{RDFS_LABEL}> "new"@fr }}')
    store.update(f"DELETE WHERE {{ <{EX}a> <{EX}year> ?y }}")
    fast = store.triple_values([RDFS_LABEL, EX + "year"]).rows
    assert (EX + "d", RDFS_LABEL, "new", RDF + "langString", "fr") in fast
    assert not [r for r in fast if r[0] == EX + "a" and r[1] == EX + "year"]
    assert sorted(fast) == sorted(_generic(store, [RDFS_LABEL, EX + "year"]))


PLAIN = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:a rdfs:label "Ministry"@en, "Ministerium"@de-AT, "plain" ; ex:year "2019"^^xsd:integer ;
    ex:status ex:Pilot .
ex:b ex:year "2020"^^xsd:gYear ; ex:status "in use" .
"""


@pytest.mark.virtuoso
def test_virtuoso_gives_the_same_rows(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    remote = govgraph.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    remote.load(PLAIN, format="turtle")
    local = govgraph.GovGraph()
    local.load(PLAIN, format="turtle")
    predicates = [RDFS_LABEL, EX + "year", EX + "status"]
    rows = sorted(remote.store.triple_values(predicates).rows, key=repr)
    assert rows == sorted(local.store.triple_values(predicates).rows, key=repr)
    # Virtuoso itself gives no DATATYPE for a tagged literal: rdf:langString is filled in
    assert (EX + "a", RDFS_LABEL, "Ministry", RDF + "langString", "en") in rows
