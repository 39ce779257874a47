"""Lossless embedded stores: literals come back as written (Oxigraph keeps them by value)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

import govgraph
from govgraph.io import ox_triples_to_graph
from govgraph.store import OxigraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
DATA = """@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:file ex:byteSize "5"^^xsd:nonNegativeInteger ; ex:price "1.50"^^xsd:decimal ;
    ex:v "1.0"^^xsd:decimal, "1.00"^^xsd:decimal ; ex:span "P1Y12M"^^xsd:duration ;
    ex:flag "1"^^xsd:boolean ; ex:code "007"^^xsd:integer ; ex:d "1.0E0"^^xsd:double ;
    ex:at "2020-01-01T10:00:00+00:00"^^xsd:dateTime ; ex:label "x"@EN-gb ;
    ex:n "12"^^xsd:integer ; ex:bad "abc"^^xsd:integer .
ex:other ex:count "5"^^xsd:integer ; ex:node [ ex:w "2.50"^^xsd:decimal ] .
"""
EX = "http://example.org/"


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OxigraphStore]:
    s = OxigraphStore(tmp_path / "store" if request.param == "disk" else None)
    yield s
    s.close()


def _written() -> set[str]:
    return {str(t) for t in ox.parse(DATA, format=ox.RdfFormat.TURTLE) if _no_bnode(t)}


def _no_bnode(t: ox.Triple | ox.Quad) -> bool:
    return not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)


def _triples(store: OxigraphStore) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads() if _no_bnode(q)}


def _load(store: OxigraphStore) -> govgraph.GovGraph:
    kg = govgraph.GovGraph(store=store)
    kg.load(DATA, format="turtle")
    return kg


def test_quads_count_and_export_give_back_every_literal_as_written(store: OxigraphStore) -> None:
    _load(store)
    assert _triples(store) == _written()
    assert store.count() == 15  # "1.0" and "1.00" stay two triples
    for fmt in ("ntriples", "turtle", "nquads", "xml", "json-ld", "trig"):
        back = ox.parse(store.export(format=fmt), format=govgraph.io.rdf_format(fmt))
        assert {str(ox.Triple(t.subject, t.predicate, t.object)) for t in back if _no_bnode(t)} == (
            _written()
        ), fmt


def test_to_rdflib_is_isomorphic_to_the_file(store: OxigraphStore) -> None:
    _load(store)
    expected = ox_triples_to_graph(ox.parse(DATA, format=ox.RdfFormat.TURTLE))
    assert isomorphic(store.to_rdflib(), expected)
    literal = store.to_rdflib().value(URIRef(EX + "file"), URIRef(EX + "byteSize"))
    assert literal == Literal("5", datatype=URIRef(XSD + "nonNegativeInteger"))


def test_query_answers_map_values_back_when_the_store_holds_one_written_form(
    store: OxigraphStore,
) -> None:
    _load(store)
    row = store.query(f"SELECT * {{ <{EX}file> <{EX}price> ?p ; <{EX}span> ?s ; <{EX}code> ?c }}")
    assert row.rows[0]["p"] == Literal("1.50", datatype=URIRef(XSD + "decimal"))
    assert str(row.rows[0]["s"]) == "P1Y12M" and str(row.rows[0]["c"]) == "007"
    values = store.query_values(f"SELECT ?p {{ ?f <{EX}price> ?p }}")
    assert values.rows == [("1.50",)]
    # "5" is also written as a plain xsd:integer elsewhere: an answer cannot tell which triple
    # it came from, so it keeps the value form.
    size = store.query(f"SELECT ?s {{ <{EX}file> <{EX}byteSize> ?s }}").values("s")
    assert size == [Literal("5", datatype=URIRef(XSD + "integer"))]
    graph = store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ <{EX}file> ?p ?o BIND(<{EX}file> AS ?s) }}"
    )
    assert graph.graph is not None
    assert (
        URIRef(EX + "file"),
        URIRef(EX + "byteSize"),
        Literal("5", datatype=URIRef(XSD + "nonNegativeInteger")),
    ) in graph.graph
    assert len(graph.graph) == 12


def test_sparql_still_compares_numbers_and_dates_by_value(store: OxigraphStore) -> None:
    _load(store)
    found = store.query(f"SELECT ?o {{ <{EX}file> ?p ?o FILTER(isNumeric(?o) && ?o = 1.5) }}")
    assert found.values("o") == [Literal("1.50", datatype=URIRef(XSD + "decimal"))]
    assert store.query(
        f'ASK {{ <{EX}file> <{EX}at> ?t FILTER(?t = "2020-01-01T10:00:00Z"^^<{XSD}dateTime>) }}'
    )
    big = store.query("SELECT ?o { ?s ?p ?o FILTER(isNumeric(?o) && ?o > 10) }").values("o")
    assert [str(v) for v in big] == ["12"]


def test_the_exact_terms_are_invisible_to_queries(store: OxigraphStore) -> None:
    _load(store)
    assert not store.query("SELECT ?g { GRAPH ?g { ?s ?p ?o } }").rows
    assert store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").values("n") == [
        Literal("14", datatype=URIRef(XSD + "integer"))
    ]


def test_a_disk_store_keeps_exact_literals_after_reopening(tmp_path: Path) -> None:
    first = OxigraphStore(tmp_path / "s")
    _load(first)
    first.close()
    again = OxigraphStore(tmp_path / "s")
    assert _triples(again) == _written()
    assert again.count() == 15
    again.close()


def test_a_failed_load_writes_no_exact_terms_either(store: OxigraphStore) -> None:
    kg = govgraph.GovGraph(store=store)
    with pytest.raises(govgraph.ParseError):
        kg.load(DATA, "<http://e/a> <http://e/b> .\n", format="turtle")
    assert store.count() == 0
    assert not list(store.oxigraph.quads_for_pattern(None, None, None, None))


def test_loading_a_value_form_after_its_variants_keeps_all_of_them(store: OxigraphStore) -> None:
    kg = govgraph.GovGraph(store=store)
    kg.load(f'<{EX}a> <{EX}p> "1.0"^^<{XSD}decimal> .', format="turtle")
    kg.load(f'<{EX}a> <{EX}p> "1"^^<{XSD}decimal> .', format="turtle")
    kg.load(f'<{EX}a> <{EX}p> "1.00"^^<{XSD}decimal> .', format="turtle")
    kg.load(f'<{EX}a> <{EX}p> "1.0"^^<{XSD}decimal> .', format="turtle")  # again: no duplicate
    assert {q.object.value for q in store.quads()} == {"1.0", "1", "1.00"}  # type: ignore[union-attr]
    assert store.count() == 3
    # the value form written first, in the same load as a variant
    other = OxigraphStore()
    govgraph.GovGraph(store=other).load(
        f'<{EX}a> <{EX}p> "2"^^<{XSD}decimal>, "2.0"^^<{XSD}decimal> .', format="turtle"
    )
    assert {q.object.value for q in other.quads()} == {"2", "2.0"}  # type: ignore[union-attr]


def test_updates_work_on_values_and_drop_the_exact_terms_they_delete(store: OxigraphStore) -> None:
    _load(store)
    store.update(f"DELETE DATA {{ <{EX}file> <{EX}v> 1.0 }}")  # the value: both written forms
    assert store.count() == 13
    assert all(q.predicate != ox.NamedNode(EX + "v") for q in store.quads())
    store.update(f"DELETE WHERE {{ <{EX}file> <{EX}price> ?p }}")
    assert not store.query(f"ASK {{ ?s <{EX}price> ?p }}")
    assert _triples(store) == {
        t for t in _written() if f"<{EX}v>" not in t and f"<{EX}price>" not in t
    }
    store.clear()
    assert store.count() == 0 and not list(store.oxigraph.quads_for_pattern(None, None, None))


@pytest.mark.virtuoso
def test_what_virtuoso_does_to_literals(request: pytest.FixtureRequest) -> None:
    """The facts docs/scale.md states about a remote endpoint (Virtuoso 7.2), checked."""
    from govgraph.store import SparqlEndpointStore

    server = request.getfixturevalue("virtuoso")
    graph = request.getfixturevalue("graph_iri")
    store = SparqlEndpointStore(server.query_url, server.update_url, graph=graph)
    try:
        data = DATA.replace(' ; ex:bad "abc"^^xsd:integer', "")  # Virtuoso refuses it
        govgraph.GovGraph(store=store).load(data, format="turtle")
        got = {
            q.predicate.value.rsplit("/", 1)[-1]: q.object
            for q in store.quads()
            if isinstance(q.object, ox.Literal) and q.predicate.value != EX + "v"
        }
        forms = {p: (o.value, o.datatype.value.removeprefix(XSD)) for p, o in got.items()}
        # numbers, booleans, date-times and durations are stored by value
        assert forms["code"] == ("7", "integer") and forms["price"] == ("1.5", "decimal")
        assert forms["flag"] == ("true", "boolean") and forms["d"] == ("1.0", "double")
        assert forms["at"] == ("2020-01-01T10:00:00Z", "dateTime")
        assert forms["span"] == ("24", "duration")  # P1Y12M as a number of months
        # integer-derived types keep their datatype (unlike Oxigraph's value form)
        assert forms["byteSize"] == ("5", "nonNegativeInteger")
        assert got["label"].language == "en-gb"  # language tags lower-cased
        values = [q.object.value for q in store.quads() if q.predicate.value == EX + "v"]
        assert values == ["1"]  # "1.0" and "1.00": one triple
        assert store.count() == 13  # 14 written
    finally:
        store.clear()
        store.close()
