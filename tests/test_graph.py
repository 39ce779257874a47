"""GovGraph facade: loading (all or nothing), querying with safe bindings, serialization."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

import govgraph as gg

EX = Namespace("http://example.org/")

GOOD = """
@prefix ex: <http://example.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:dg1 skos:prefLabel "DG Digital"@en ; ex:code "D1" .
ex:dg2 skos:prefLabel "DG Employment"@en ; ex:code 42 .
"""

BAD = """@prefix ex: <http://example.org/> .
ex:a ex:b ex:c .
ex:a ex:b "unterminated .
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.ttl"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "broken.ttl"
    bad.write_text(BAD, encoding="utf-8")
    return {"good": good, "bad": bad}


def test_load_file_string_and_rdflib_graph(files: dict[str, Path]) -> None:
    kg = gg.GovGraph()
    assert kg.load(files["good"]) == 4
    g = Graph()
    g.add((EX.dg3, EX.code, Literal("D3")))
    kg.load(g)
    kg.load("<http://example.org/dg4> <http://example.org/code> 'x' .\n", format="turtle")
    assert len(kg) == 6


def test_failed_load_changes_nothing_and_names_file_and_line(files: dict[str, Path]) -> None:
    kg = gg.GovGraph()
    kg.load(files["good"])
    before = len(kg)
    with pytest.raises(gg.ParseError) as info:
        kg.load(files["good"], files["bad"])
    assert len(kg) == before
    err = info.value
    assert err.source == str(files["bad"])
    assert err.line == 3
    assert "broken.ttl, line 3" in str(err)


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(gg.ParseError, match="no such file"):
        gg.GovGraph().load(tmp_path / "nope.ttl")


def test_failed_load_into_disk_store_changes_nothing(
    files: dict[str, Path], tmp_path: Path
) -> None:
    store_dir = tmp_path / "store"
    with gg.GovGraph(path=store_dir) as kg:
        kg.load(files["good"])
        with pytest.raises(gg.ParseError):
            kg.load(files["good"], files["bad"])
        assert len(kg) == 4
    with gg.GovGraph(path=store_dir) as reopened:
        assert len(reopened) == 4


@pytest.mark.parametrize(
    "hostile",
    [
        'DG "Digital"',
        "} . ?s ?p ?o { ",
        "x> <http://evil/",
        "SELECT * WHERE { ?s ?p ?o } # DROP ALL",
        "line\nbreak",
        "back\\slash",
    ],
)
def test_bindings_are_terms_not_text(hostile: str) -> None:
    kg = gg.GovGraph()
    kg.add((EX.target, EX.name, Literal(hostile)))
    kg.add((EX.other, EX.name, Literal("other")))
    result = kg.query(
        "SELECT ?s WHERE { ?s <http://example.org/name> ?label }",
        bindings={"label": Literal(hostile)},
    )
    assert result.values("s") == [EX.target]


def test_binding_an_iri_that_breaks_out_is_refused() -> None:
    kg = gg.GovGraph()
    kg.add((EX.a, EX.p, EX.b))
    with pytest.raises(gg.QueryError, match="percent-encode"):
        kg.query(
            "SELECT ?o WHERE { ?s <http://example.org/p> ?o }",
            bindings={"s": URIRef("http://example.org/a> } UNION { ?s ?p ?o")},
        )


def test_bound_variable_may_be_projected_or_not() -> None:
    kg = gg.GovGraph()
    kg.add((EX.a, EX.p, EX.b))
    kg.add((EX.c, EX.p, EX.d))
    projected = kg.query("SELECT ?s ?o WHERE { ?s ?p ?o }", bindings={"s": EX.c})
    assert [dict(r) for r in projected] == [{"s": EX.c, "o": EX.d}]
    hidden = kg.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s": EX.c})
    assert hidden.values("o") == [EX.d]


def test_query_kinds() -> None:
    kg = gg.GovGraph()
    kg.load(GOOD)
    assert kg.query("ASK { ?s ?p ?o }").boolean is True
    constructed = kg.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert constructed.kind == "graph"
    assert constructed.graph is not None
    assert isomorphic(constructed.graph, kg.to_rdflib())
    rows = kg.query("SELECT ?code WHERE { ?s <http://example.org/code> ?code } ORDER BY ?code")
    assert {str(v) for v in rows.values("code")} == {"D1", "42"}


def test_plain_literals_come_back_untyped_like_rdflib() -> None:
    kg = gg.GovGraph()
    kg.load(GOOD)
    expected = Graph().parse(data=GOOD, format="turtle")
    assert isomorphic(kg.to_rdflib(), expected)


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "xml", "json-ld", "nquads", "trig"])
def test_serialize_round_trip(fmt: str, tmp_path: Path) -> None:
    kg = gg.GovGraph()
    kg.load(GOOD)
    out = tmp_path / f"out.{fmt}"
    kg.serialize(out, format=fmt)
    again = gg.GovGraph()
    again.load(out.read_bytes(), format=fmt)
    assert isomorphic(again.to_rdflib(), kg.to_rdflib())


def test_service_is_refused_without_allow_network() -> None:
    kg = gg.GovGraph()
    with pytest.raises(gg.UnsafeQueryError, match="SERVICE"):
        kg.query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    with pytest.raises(gg.UnsafeQueryError, match="LOAD"):
        kg.update("LOAD <http://127.0.0.1:9/data.ttl>")


def test_keywords_inside_strings_and_iris_are_not_refused() -> None:
    kg = gg.GovGraph()
    kg.add((EX.a, EX.p, Literal("SERVICE desk")))
    result = kg.query(
        'SELECT ?s WHERE { ?s <http://example.org/p> "SERVICE desk" } # LOAD in a comment'
    )
    assert result.values("s") == [EX.a]


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda kg: kg.serialize(format="bogus"), "ConfigurationError"),
        (lambda kg: kg.add(5), "ConfigurationError"),
        (lambda kg: kg.add([(1, 2, 3)]), "ConfigurationError"),
        (lambda kg: kg.query(None), "QueryError"),
        (lambda kg: kg.brokers(top=-1), "ConfigurationError"),
        (lambda kg: kg.governance_gaps(kind="nobody"), "ConfigurationError"),
        (lambda kg: kg.synergies(by="colour"), "ConfigurationError"),
        (lambda kg: kg.synergies(method="magic"), "ConfigurationError"),
        (lambda kg: kg.synergies(top=-1), "ConfigurationError"),
        (lambda kg: kg.synergies(years="soon"), "ConfigurationError"),
        (lambda kg: kg.synergies(colour="red"), "ConfigurationError"),
        (lambda kg: kg.mutual_learning(level="galactic"), "ConfigurationError"),
        (lambda kg: kg.clusters(resolution=0), "ConfigurationError"),
        (lambda kg: kg.clusters(min_score=2, method="jaccard"), "ConfigurationError"),
        (lambda kg: kg.clusters(min_score=-1), "ConfigurationError"),
        (lambda kg: kg.to_networkx(kind="tree"), "ConfigurationError"),
        (lambda kg: kg.adoption(by="colour"), "ConfigurationError"),
        (lambda kg: kg.partners(partner_kind="friend"), "ConfigurationError"),
        (lambda kg: kg.partners(top=-1), "ConfigurationError"),
        (lambda kg: kg.find("x", kind="planet"), "ConfigurationError"),
        (lambda kg: kg.find("", kind=None), "ConfigurationError"),
        (lambda kg: kg.find("x", top=0), "ConfigurationError"),
        (lambda kg: kg.validate(engine="oracle"), "ConfigurationError"),
        (lambda kg: kg.materialize(profile="owl-full"), "ConfigurationError"),
        (lambda kg: kg.load("<a> <b> <c> .", format="bogus"), "ConfigurationError"),
    ],
)
def test_misuse_raises_documented_errors(call: Any, error: str) -> None:
    kg = gg.GovGraph()
    with pytest.raises(getattr(gg, error)) as info:
        call(kg)
    assert not isinstance(info.value, TypeError)
    assert type(info.value) is getattr(gg, error)  # a documented class, not a private subclass
    assert "--" not in str(info.value)  # library errors name Python options, not CLI flags
