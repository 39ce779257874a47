"""serialize_rdf: stable bytes, used prefixes only, control characters escaped or refused."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import govgraph as gg
from govgraph.io import serialize_rdf

GG = "https://w3id.org/govgraph#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TEXT = "nul\x00 esc\x1b bell\x07 cr\r tab\t nl\n del\x7f csi\x9b nel\x85 end"
FORMATS = {"turtle": "turtle", "ntriples": "nt", "json-ld": "json-ld", "xml": "xml"}


def _triples(text: str = "plain") -> list[ox.Triple]:
    data = f"""
    @prefix gg: <{GG}> . @prefix skos: <{SKOS}> .
    <https://example.org/a> a gg:Initiative ; skos:prefLabel "a"@en ;
        gg:hasChallenge [ skos:prefLabel "c1" ] , [ skos:prefLabel "c2" ] ;
        gg:startYear "0005"^^<http://www.w3.org/2001/XMLSchema#integer> .
    """
    triples = [q.triple for q in ox.parse(data.encode(), format=ox.RdfFormat.TURTLE)]
    triples.append(
        ox.Triple(
            ox.NamedNode("https://example.org/a"), ox.NamedNode(SKOS + "note"), ox.Literal(text)
        )
    )
    return triples


def _rdflib(triples: list[ox.Triple]) -> Graph:
    g = Graph()
    g.parse(data=serialize_rdf(triples, format="ntriples"), format="nt")
    return g


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "json-ld", "xml"])
def test_same_graph_in_any_order_gives_the_same_bytes(fmt):
    one, two = _triples(), list(reversed(_triples()))  # two parses: different blank-node ids
    assert serialize_rdf(one, format=fmt) == serialize_rdf(two, format=fmt)
    assert isomorphic(
        Graph().parse(data=serialize_rdf(one, format=fmt), format=FORMATS[fmt]), _rdflib(one)
    )


def test_lexical_forms_are_kept():
    data = serialize_rdf(_triples(), format="ntriples").decode()
    assert '"0005"^^<http://www.w3.org/2001/XMLSchema#integer>' in data


def test_turtle_declares_gg_and_only_used_prefixes():
    data = serialize_rdf(_triples(), format="turtle").decode()
    prefixes = {line.split()[1] for line in data.splitlines() if line.startswith("@prefix")}
    assert prefixes == {"gg:", "skos:", "xsd:"} or prefixes == {"gg:", "skos:"}
    assert "gg:Initiative" in data


def test_json_ld_context_has_only_used_prefixes():
    document = json.loads(serialize_rdf(_triples(), format="json-ld"))
    assert set(document["@context"]) <= {"gg", "skos", "rdf", "xsd"}
    assert {"gg", "skos"} <= set(document["@context"])


def test_a_prefix_equal_to_an_iri_scheme_is_not_used_in_json_ld():
    triple = ox.Triple(ox.NamedNode("gg:odd"), ox.NamedNode(GG + "p"), ox.Literal("x"))
    data = serialize_rdf([triple], format="json-ld")
    assert isomorphic(Graph().parse(data=data, format="json-ld"), _rdflib([triple]))


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "json-ld"])
def test_control_characters_are_escaped_and_read_back(fmt):
    triples = _triples(TEXT)
    data = serialize_rdf(triples, format=fmt)
    for raw in (b"\x00", b"\x1b", b"\x07", b"\x7f", "\x9b".encode(), "\x85".encode()):
        assert raw not in data, (fmt, raw)
    back = [
        q.triple
        for q in ox.parse(
            data,
            format=ox.RdfFormat.from_extension(
                {"turtle": "ttl", "ntriples": "nt", "json-ld": "jsonld"}[fmt]
            ),
        )
    ]
    assert ox.Literal(TEXT) in {t.object for t in back}


def test_rdf_xml_refuses_characters_xml_cannot_carry():
    with pytest.raises(gg.ExportError, match=r"U\+0000.*Turtle"):
        serialize_rdf(_triples(TEXT), format="xml")


def test_rdf_xml_keeps_a_carriage_return():
    text = "line one\r\nline two\ttab del\x7f csi\x9b"
    data = serialize_rdf(_triples(text), format="xml")
    for raw in (b"\r", b"\x7f", "\x9b".encode()):
        assert raw not in data
    back = [q.triple for q in ox.parse(data, format=ox.RdfFormat.RDF_XML)]
    assert ox.Literal(text) in {t.object for t in back}
    assert text in {str(o) for o in Graph().parse(data=data, format="xml").objects()}


def test_unknown_format_is_a_configuration_error():
    with pytest.raises(gg.ConfigurationError, match="unknown RDF format"):
        serialize_rdf(_triples(), format="bogus")


@pytest.mark.parametrize("fmt", ["turtle", "json-ld", "xml", "ntriples"])
def test_n_triples_bytes_in_give_the_same_output(fmt):
    triples = _triples()
    ntriples = serialize_rdf(triples, format="ntriples")
    assert serialize_rdf(ntriples, format=fmt) == serialize_rdf(triples, format=fmt)


def test_named_graphs_merge_for_triple_formats_and_stay_for_quads():
    g = ox.NamedNode("https://example.org/g")
    quads = [ox.Quad(t.subject, t.predicate, t.object, g) for t in _triples()]
    assert b"<https://example.org/g>" in serialize_rdf(quads, format="nquads")
    assert serialize_rdf(quads, format="ntriples") == serialize_rdf(_triples(), format="ntriples")
