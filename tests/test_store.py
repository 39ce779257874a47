"""The Store contract, run against all three stores: memory, disk, and a Virtuoso endpoint.

Every feature above the store layer only uses this interface, so whatever passes here runs on all
three. The Virtuoso store works in a fresh named graph per test (fixtures in conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

import govgraph
from govgraph.store import OxigraphStore, SparqlEndpointStore, Store

EX = Namespace("https://example.org/")
DATA = Path(__file__).parent / "data" / "analysis-small.ttl"

# Literal forms Virtuoso keeps as written (it stores numbers by value: see docs/scale.md).
SAMPLE = """
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:label "Ministry of \\"Justice\\" {x} > SELECT" , "Région Île-de-France"@fr ,
        "emoji \U0001f600 and newline\\nhere" ;
     ex:count 7 ; ex:flag true ; ex:year "2021"^^xsd:gYear ; ex:when "2024-01-15"^^xsd:date ;
     ex:ratio 1.5 ; ex:node [ ex:x "inner" ; ex:y [ ex:z "deeper" ] ] .
ex:b ex:knows ex:a ; ex:label "B" .
"""

HOSTILE = [
    'quote " inside',
    "single ' quote",
    "braces } { and > angle",
    "} } SELECT * WHERE { ?s ?p ?o }",
    "DELETE WHERE { ?s ?p ?o }",
    "line one\nline two",
    "back\\slash",
    '"""triple quoted"""',
    "# not a comment",
    "SERVICE <http://127.0.0.1:1/>",
]


@pytest.fixture(params=["memory", "disk", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "memory":
        s: Store = OxigraphStore()
    elif request.param == "disk":
        s = OxigraphStore(tmp_path / "store")
    else:
        server = request.getfixturevalue("virtuoso")
        graph = request.getfixturevalue("graph_iri")
        s = SparqlEndpointStore(server.query_url, server.update_url, graph=graph)
    yield s
    if isinstance(s, SparqlEndpointStore):
        s.clear()
    s.close()


@pytest.fixture
def kg(store: Store) -> govgraph.GovGraph:
    return govgraph.GovGraph(store=store)


def sample_graph() -> Graph:
    return Graph().parse(data=SAMPLE, format="turtle")


def test_load_count_and_to_rdflib(kg: govgraph.GovGraph) -> None:
    assert len(kg) == 0
    kg.load(SAMPLE)
    expected = sample_graph()
    assert len(kg) == len(expected) == 14
    assert isomorphic(kg.to_rdflib(), expected)


def test_add_triple_and_graph(kg: govgraph.GovGraph) -> None:
    kg.add((EX.x, EX.p, Literal("one")))
    g = Graph()
    g.add((EX.y, EX.p, Literal(2)))
    g.add((EX.y, EX.q, EX.x))
    kg.add(g)
    assert len(kg) == 3
    rows = kg.query("SELECT ?o WHERE { <https://example.org/y> <https://example.org/p> ?o }").rows
    assert [r["o"] for r in rows] == [Literal(2)]


def test_plain_literals_come_back_untyped(kg: govgraph.GovGraph) -> None:
    kg.add((EX.x, EX.p, Literal("plain")))
    kg.add((EX.x, EX.q, Literal("typed", datatype=XSD.string)))
    values = {r["o"] for r in kg.query("SELECT ?o WHERE { ?s ?p ?o }")}
    assert values == {Literal("plain"), Literal("typed")}
    assert all(v.datatype is None for v in values)  # type: ignore[attr-defined]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_bindings_mean_what_they_say(kg: govgraph.GovGraph, hostile: str) -> None:
    kg.add((EX.target, EX.label, Literal(hostile)))
    kg.add((EX.other, EX.label, Literal("something else")))
    result = kg.query(
        "SELECT ?s WHERE { ?s <https://example.org/label> ?label }",
        bindings={"label": Literal(hostile)},
    )
    assert [r["s"] for r in result] == [EX.target]
    # the same string as an xsd:string literal means the same (RDF 1.1)
    typed = kg.query(
        "SELECT ?s WHERE { ?s <https://example.org/label> ?label }",
        bindings={"label": Literal(hostile, datatype=XSD.string)},
    )
    assert [r["s"] for r in typed] == [EX.target]
    assert len(kg) == 2  # nothing was deleted or added by the hostile text
    # and it comes back unchanged
    back = kg.query(
        "SELECT ?label WHERE { ?s <https://example.org/label> ?label }",
        bindings={"s": EX.target},
    )
    assert [str(r["label"]) for r in back] == [hostile]


def test_hostile_iri_binding_is_refused(kg: govgraph.GovGraph) -> None:
    with pytest.raises(govgraph.QueryError):
        kg.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": URIRef("urn:x> } DROP ALL {")})


def test_update_with_bindings(kg: govgraph.GovGraph) -> None:
    kg.load(SAMPLE)
    kg.update(
        "INSERT { ?s <https://example.org/tag> ?tag } WHERE { ?s <https://example.org/knows> ?o }",
        bindings={"tag": Literal("} ; DROP ALL ; {")},
    )
    rows = kg.query("SELECT ?s ?t WHERE { ?s <https://example.org/tag> ?t }").rows
    assert [(r["s"], str(r["t"])) for r in rows] == [(EX.b, "} ; DROP ALL ; {")]
    assert len(kg) == 15
    kg.update('DELETE DATA { <https://example.org/b> <https://example.org/label> "B" }')
    assert len(kg) == 14


def test_ask_and_construct(kg: govgraph.GovGraph) -> None:
    kg.load(SAMPLE)
    assert kg.query("ASK { ?s <https://example.org/knows> ?o }").boolean is True
    assert kg.query("ASK { ?s <https://example.org/nothing> ?o }").boolean is False
    result = kg.query(
        "CONSTRUCT { ?o <https://example.org/knownBy> ?s } WHERE { ?s <https://example.org/knows> ?o }"
    )
    assert result.kind == "graph"
    expected = Graph()
    expected.add((EX.a, EX.knownBy, EX.b))
    assert result.graph is not None and isomorphic(result.graph, expected)


def test_select_types_match_rdflib(kg: govgraph.GovGraph) -> None:
    kg.load(SAMPLE)
    rows = kg.query(
        "SELECT ?p ?o WHERE { <https://example.org/a> ?p ?o FILTER(isLiteral(?o)) }"
    ).rows
    got = {(r["p"], r["o"]) for r in rows}
    expected = {(p, o) for p, o in sample_graph().predicate_objects(EX.a) if isinstance(o, Literal)}
    assert got == expected


def test_query_values_are_the_values_of_query(kg: govgraph.GovGraph) -> None:
    """The fast string form gives, cell by cell, the values of the rdflib-term form."""
    kg.load(SAMPLE)
    text = """
        SELECT ?s ?p ?o (LANG(?o) AS ?lang) ?missing WHERE {
          ?s ?p ?o
          # an endpoint holds blank nodes as Skolem IRIs (given back as blank nodes)
          FILTER((isIRI(?o) && !CONTAINS(STR(?o), "/.well-known/genid/")) || isLiteral(?o))
          OPTIONAL { ?s <https://example.org/nothing> ?missing }
        }"""
    values = kg.store.query_values(text)
    terms = kg.query(text)
    assert values.variables == terms.variables == ("s", "p", "o", "lang", "missing")
    expected = sorted(
        tuple(str(row[v]) if v in row else None for v in terms.variables) for row in terms.rows
    )
    assert sorted(values.rows, key=str) == sorted(expected, key=str)
    assert len(values) == len(terms) == 12
    assert ("https://example.org/b", "https://example.org/label", "B", "", None) in values.rows
    assert any(row[2] == "Région Île-de-France" and row[3] == "fr" for row in values)
    assert values.column("lang") == 3
    with pytest.raises(KeyError, match="projects no \\?nope"):
        values.column("nope")
    assert values.to_dict()["variables"] == ["s", "p", "o", "lang", "missing"]


def test_query_values_refuses_what_query_refuses(kg: govgraph.GovGraph) -> None:
    with pytest.raises(govgraph.QueryError, match="SELECT"):
        kg.store.query_values("ASK { ?s ?p ?o }")
    with pytest.raises(govgraph.UnsafeQueryError):
        kg.store.query_values("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    # an endpoint answers a malformed query with HTTP 400 (EndpointError, with its message)
    with pytest.raises((govgraph.QueryError, govgraph.EndpointError)):
        kg.store.query_values("SELECT * WHERE { ?s ?p }")


def test_blank_nodes_stay_connected(kg: govgraph.GovGraph) -> None:
    kg.load(SAMPLE)
    rows = kg.query(
        "SELECT ?z WHERE { <https://example.org/a> <https://example.org/node> ?n . "
        "?n <https://example.org/y> ?m . ?m <https://example.org/z> ?z }"
    ).rows
    assert [str(r["z"]) for r in rows] == ["deeper"]
    nodes = [o for _, _, o in kg.to_rdflib().triples((EX.a, EX.node, None))]
    assert len(nodes) == 1 and isinstance(nodes[0], BNode)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "xml", "json-ld"])
def test_export_round_trip(kg: govgraph.GovGraph, fmt: str) -> None:
    kg.load(SAMPLE)
    data = kg.serialize(format=fmt)
    back = Graph().parse(data=data, format={"ntriples": "nt"}.get(fmt, fmt))
    assert isomorphic(back, sample_graph())


def test_clear_and_quads(kg: govgraph.GovGraph) -> None:
    kg.load(SAMPLE)
    assert sum(1 for _ in kg.store.quads()) == 14
    kg.store.clear()
    assert len(kg) == 0
    assert list(kg.store.quads()) == []


def test_validate_gives_the_same_report_as_in_memory(kg: govgraph.GovGraph) -> None:
    reference = govgraph.GovGraph()
    reference.load(DATA)
    kg.load(DATA)
    expected = reference.validate()
    assert not expected.conforms  # the sample has a violation and warnings
    assert kg.validate().to_dict() == expected.to_dict()


def test_analyses_give_the_same_results_as_in_memory(kg: govgraph.GovGraph) -> None:
    reference = govgraph.GovGraph()
    reference.load(DATA)
    kg.load(DATA)
    assert kg.synergies(by="all") == reference.synergies(by="all")
    for by in ("technology", "policy_area", "challenge"):
        assert kg.synergies(by=by) == reference.synergies(by=by)
    assert kg.skill_gaps() == reference.skill_gaps()
    assert kg.governance_gaps() == reference.governance_gaps()
    assert kg.mutual_learning() == reference.mutual_learning()
    assert reference.synergies(by="all") and reference.skill_gaps()
    assert reference.governance_gaps() and reference.mutual_learning()


# ------------------------------------------------------- embedded stores only


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_all_or_nothing_load(where: str, tmp_path: Path) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(SAMPLE, encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <https://example.org/> .\nex:s ex:p ex:o .\nex:s ex:p "unterminated .\n',
        encoding="utf-8",
    )
    kg = govgraph.GovGraph(path=tmp_path / "db" if where == "disk" else None)
    kg.add((EX.before, EX.p, EX.o))
    with pytest.raises(govgraph.ParseError) as info:
        kg.load(good, bad)
    assert "bad.ttl" in str(info.value)
    assert info.value.line == 3
    assert len(kg) == 1
    kg.close()


def test_disk_store_persists_across_reopen(tmp_path: Path) -> None:
    path = tmp_path / "db"
    with govgraph.GovGraph(path=path) as kg:
        kg.load(SAMPLE)
        kg.update('INSERT DATA { <https://example.org/c> <https://example.org/label> "C" }')
    with govgraph.GovGraph(path=path) as again:
        assert len(again) == 15
        expected = sample_graph()
        expected.add((EX.c, EX.label, Literal("C")))
        assert isomorphic(again.to_rdflib(), expected)
    # a third opening still sees the data: nothing was lost by closing twice
    with govgraph.GovGraph(path=path) as third:
        assert len(third) == 15
