"""Differential tests: the SPARQL validation engine reports exactly what pyshacl reports.

Two families of graphs:

* governance graphs from the benchmark generator (``benchmarks/generate.py``), valid and with
  deliberately broken records (missing or untagged labels, wrong datatypes, units with no or two
  parents, leads that are not organisations, levels out of range...), checked against the shipped
  govgraph shapes and ontology;
* small random graphs (hypothesis) against shapes that use every compiled SHACL Core feature,
  with awkward values: ill-typed literals, plain versus ``xsd:string`` literals, language tags,
  IRIs where literals are expected, classes known only through the ontology or through a
  subclass stated in the data.

"Exactly" means the same set of ``ValidationResult`` objects (focus node, path, value, severity,
message, source shape).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

import govgraph as gg
from generated import generator
from govgraph import ConfigurationError
from govgraph.store import OxigraphStore
from govgraph.validation import ValidationReport, load_shapes, validate_graph
from govgraph.validation._sparql import NotCompilableError, compile_shapes

GENERATE = generator()


def _both(
    store: OxigraphStore, shapes: Graph, ontology: Graph | None = None
) -> tuple[ValidationReport, ValidationReport]:
    reference = validate_graph(store.to_rdflib(), shapes=shapes, ontology=ontology)
    fast = compile_shapes(shapes).validate(store, ontology=ontology)
    return reference, fast


def _assert_same(reference: ValidationReport, fast: ValidationReport) -> None:
    assert fast.engine == "sparql"
    only_pyshacl = set(reference.results) - set(fast.results)
    only_sparql = set(fast.results) - set(reference.results)
    assert not only_pyshacl and not only_sparql, (sorted(only_pyshacl), sorted(only_sparql))
    # ``constraint`` is compared too: when one value breaks several constraints of a shape with
    # one sh:message (say a level "high": datatype, minimum and maximum), each is a finding.
    assert reference.conforms == fast.conforms


# ---------------------------------------------------------------- generated governance graphs


@pytest.mark.slow
@pytest.mark.parametrize(
    ("size", "seed", "broken"),
    [(1500, 1, 0.0), (2500, 2, 0.05), (2500, 3, 0.2), (3000, 4, 0.35)],
)
def test_generated_governance_graphs_match_pyshacl(size: int, seed: int, broken: float) -> None:
    kg = gg.GovGraph()
    kg.load(GENERATE.generate_text(size, seed=seed, broken=broken), format="turtle")
    shapes = load_shapes()
    reference, fast = _both(kg.store, shapes)  # type: ignore[arg-type]
    _assert_same(reference, fast)
    constraints = {r.constraint.rsplit("#", 1)[-1] for r in fast.results if r.constraint}
    if broken >= 0.2:
        # the broken records exercise many kinds of constraint, not just one
        assert {
            "MinCountConstraintComponent",
            "MaxCountConstraintComponent",
            "ClassConstraintComponent",
            "DatatypeConstraintComponent",
            "NodeKindConstraintComponent",
            "LessThanOrEqualsConstraintComponent",
            "UniqueLangConstraintComponent",
        } <= constraints
        assert not fast.conforms


def test_generated_broken_records_are_reported() -> None:
    kg = gg.GovGraph()
    kg.load(GENERATE.generate_text(3000, seed=5, broken=0.3), format="turtle")
    report = kg.validate(engine="sparql")
    shapes = {r.source_shape.rsplit("#", 1)[-1] for r in report.violations if r.source_shape}
    # units with no or two parents, leads that are not organisations, levels out of range
    assert {
        "AdministrativeUnit-unitOf-required",
        "AdministrativeUnit-unitOf-single",
        "Initiative-ledBy-class",
        "proficiencyLevel-value",
        "startYear-datatype",
    } <= shapes


# ---------------------------------------------------------------- every compiled feature

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
"""

FEATURE_SHAPES = (
    PREFIXES
    + """
ex:AShape a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:uniqueLang true ; sh:languageIn ("en" "fr") ] ;
  sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:maxCount 2 ; sh:minInclusive 1 ;
                sh:maxExclusive 9 ] ;
  sh:property [ sh:path ex:d ; sh:datatype xsd:decimal ; sh:minExclusive 0.5 ; sh:maxInclusive 10 ] ;
  sh:property [ sh:path ex:s ; sh:datatype xsd:string ; sh:in ("a" "b" 3) ; sh:maxLength 2 ] ;
  sh:property [ sh:path ex:code ; sh:pattern "^[a-z]+[0-9]$" ; sh:flags "i" ; sh:minLength 2 ] ;
  sh:property [ sh:path [ sh:inversePath ex:link ] ; sh:class ex:A ; sh:nodeKind sh:IRI ;
                sh:severity sh:Warning ; sh:message "bad inverse link"@en ] ;
  sh:property [ sh:path ex:tag ; sh:hasValue ex:t1 ; sh:severity sh:Info ] ;
  sh:property [ sh:path ex:start ; sh:lessThanOrEquals ex:end ; sh:lessThan ex:stop ] ;
  sh:property [ sh:path ex:date ; sh:datatype xsd:date ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:text ; sh:datatype rdf:langString ; sh:minCount 2 ] ;
  sh:property [ sh:path ex:link ; sh:nodeKind sh:BlankNodeOrIRI ; sh:class ex:B , ex:C ] ;
  sh:property [ sh:path ex:n ; sh:or ( [ sh:datatype xsd:integer ; sh:minInclusive 2 ]
                                       [ sh:datatype xsd:int ] [ sh:in ("x" "a") ] ) ] ;
  sh:property [ sh:path ex:s ; sh:not [ sh:pattern "^b" ] ;
                sh:and ( [ sh:nodeKind sh:Literal ] [ sh:maxLength 3 ] ) ] ;
  sh:property [ sh:path ex:link ; sh:or ( [ sh:class ex:B ] [ sh:class ex:C ; sh:nodeKind sh:IRI ] ) ] .
ex:Subjects a sh:NodeShape ; sh:targetSubjectsOf ex:link ; sh:nodeKind sh:IRI ;
  sh:pattern "x[0-9]" .
ex:Objects a sh:NodeShape ; sh:targetObjectsOf ex:tag ; sh:in (ex:t1 ex:t2) .
ex:Nodes a sh:NodeShape ; sh:targetNode ex:x1 , ex:missing , ex:ind ;
  sh:property [ sh:path ex:n ; sh:minCount 1 ; sh:message "needs an n" , "braucht ein n"@de ] .
ex:Off a sh:NodeShape ; sh:targetClass ex:A ; sh:deactivated true ;
  sh:property [ sh:path ex:n ; sh:minCount 5 ] .
"""
)

FEATURE_ONTOLOGY = (
    PREFIXES
    + """
ex:B rdfs:subClassOf ex:A . ex:C rdfs:subClassOf ex:A .
ex:A a owl:Class ; rdfs:label "A" .
ex:ind a owl:NamedIndividual , ex:B ; ex:n 5 ; ex:label "individual"@en .
"""
)

NODES = [f"<http://data.example/x{i}>" for i in range(6)] + ["ex:ind", "ex:t1", "ex:t2"]
VALUES = [
    "1",
    "0",
    "9",
    "8",
    '"07"^^xsd:integer',
    '"abc"^^xsd:integer',
    '"+5"^^xsd:integer',
    '"3"^^xsd:int',
    '"2.5"^^xsd:decimal',
    '"0.5"^^xsd:decimal',
    '"1e1"^^xsd:double',
    '"x"',
    '"a"',
    '"b"',
    '"ab1"',
    '"Abc2"',
    '"a"^^xsd:string',
    '"3"',
    '"en label"@en',
    '"other"@EN',
    '"fr label"@fr-CA',
    '"de label"@de',
    '"2020-01-31"^^xsd:date',
    '"2020-02-30"^^xsd:date',
    '"2021-05-05T10:00:00"^^xsd:dateTime',
    "true",
    "ex:t1",
    "ex:t2",
    "_:b1",
    *NODES,
]
PREDICATES = [
    "ex:label",
    "ex:n",
    "ex:d",
    "ex:s",
    "ex:code",
    "ex:link",
    "ex:tag",
    "ex:start",
    "ex:end",
    "ex:stop",
    "ex:date",
    "ex:text",
]
TYPES = ["ex:A", "ex:B", "ex:C", "ex:D", "ex:Other"]


@st.composite
def feature_graphs(draw: st.DrawFn) -> str:
    lines = [PREFIXES, "ex:D rdfs:subClassOf ex:C ."]
    subjects = [*NODES[:6], "ex:ind"]
    for subject in subjects:
        for cls in draw(st.lists(st.sampled_from(TYPES), max_size=2, unique=True)):
            lines.append(f"{subject} a {cls} .")
    triples = draw(
        st.lists(
            st.tuples(
                st.sampled_from(subjects), st.sampled_from(PREDICATES), st.sampled_from(VALUES)
            ),
            min_size=5,
            max_size=45,
        )
    )
    for s, p, o in triples:
        if p in ("ex:start", "ex:end", "ex:stop") and o.startswith("_:"):
            continue  # pyshacl refuses to compare blank nodes (an error, not a result)
        if p == "ex:link" and not (o.startswith("<") or o.startswith("ex:") or o.startswith("_:")):
            continue
        lines.append(f"{s} {p} {o} .")
    return "\n".join(lines) + "\n"


def _graph(text: str) -> Graph:
    from govgraph.io import ox_triples_to_graph, parse_source

    return ox_triples_to_graph(parse_source(text, format="turtle").quads)


FEATURE_SHAPES_GRAPH = _graph(FEATURE_SHAPES)
FEATURE_ONTOLOGY_GRAPH = _graph(FEATURE_ONTOLOGY)


@pytest.mark.slow
@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(feature_graphs())
def test_every_compiled_feature_matches_pyshacl(data: str) -> None:
    store = OxigraphStore()
    store.add_quads(_graph_quads(data))
    reference, fast = _both(store, FEATURE_SHAPES_GRAPH, FEATURE_ONTOLOGY_GRAPH)
    _assert_same(reference, fast)


def _graph_quads(text: str) -> list[Any]:
    from govgraph.io import parse_source

    return list(parse_source(text, format="turtle").quads)


def test_feature_graph_with_every_kind_of_finding() -> None:
    data = (
        PREFIXES
        + """
<http://data.example/x1> a ex:A ; ex:n "abc"^^xsd:integer , 0 , 5 ; ex:d 0.5 ; ex:s "c" , 3 , "abc" ;
    ex:label "a"@en , "b"@EN , "c"@de ; ex:code "1a" ; ex:tag ex:t2 ; ex:start 5 ; ex:end 4 ;
    ex:stop 5 ; ex:date "2020-02-30"^^xsd:date , "2020-01-01"^^xsd:date ; ex:text "t"@en .
ex:D rdfs:subClassOf ex:C .
<http://data.example/x2> a ex:D ; ex:label "plain" ; ex:link <http://data.example/x1> ;
    ex:text "x" , "y"@en .
<http://data.example/x3> ex:link <http://data.example/x2> , "lit" .
"""
    )
    store = OxigraphStore()
    store.add_quads(_graph_quads(data))
    reference, fast = _both(store, FEATURE_SHAPES_GRAPH, FEATURE_ONTOLOGY_GRAPH)
    _assert_same(reference, fast)
    kinds = {r.constraint.rsplit("#", 1)[-1] for r in fast.results if r.constraint}
    assert len(kinds) >= 15, kinds
    messages = {r.message for r in fast.results}
    # the shape's own message (of several, the first in sorted order, as for pyshacl)
    assert "bad inverse link" in messages and "braucht ein n" in messages
    # an ontology individual is reported only when the data describes it; here it does not
    assert "http://example.org/ns#ind" not in {r.focus_node for r in fast.results}
    assert "http://example.org/ns#missing" in {r.focus_node for r in fast.results}


# ---------------------------------------------------------------- shapes over shapes, paths, ...

SHAPE_FEATURES = (
    PREFIXES
    + """
ex:Person a rdfs:Class , sh:NodeShape ;
  sh:property [ sh:path ( ex:link ex:n ) ; sh:maxCount 1 ; sh:datatype xsd:integer ] ;
  sh:property [ sh:path [ sh:alternativePath ( ex:label [ sh:inversePath ex:tag ] ) ] ;
                sh:minCount 1 ] ;
  sh:property [ sh:path [ sh:oneOrMorePath ex:link ] ; sh:nodeKind sh:IRI ] ;
  sh:property [ sh:path [ sh:zeroOrOnePath ex:link ] ; sh:node ex:HasN ] ;
  sh:property [ sh:path [ sh:zeroOrMorePath ex:link ] ; sh:maxCount 3 ] .
ex:HasN a sh:NodeShape ; sh:property [ sh:path ex:n ; sh:minCount 1 ] .
ex:Logic a sh:NodeShape ; sh:targetClass ex:A ;
  sh:or ( [ sh:path ex:n ; sh:minCount 2 ] [ sh:path ex:label ; sh:minCount 1 ] ) ;
  sh:not [ sh:property [ sh:path ex:tag ; sh:hasValue ex:t2 ] ] ;
  sh:xone ( [ sh:class ex:B ] [ sh:class ex:C ] ) ;
  sh:and ( ex:HasN [ sh:path ex:s ; sh:maxCount 1 ] ) .
ex:Pairs a sh:NodeShape ; sh:targetClass ex:B ; sh:disjoint ex:link ;
  sh:property [ sh:path ex:start ; sh:equals ex:end ] ;
  sh:property [ sh:path ex:n ; sh:disjoint ex:d ] .
ex:Closed a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ;
  sh:ignoredProperties ( rdf:type ex:label ) ;
  sh:property [ sh:path ex:n ] ; sh:property [ sh:path ex:link ; sh:node ex:HasN ] .
ex:Qualified a sh:NodeShape ; sh:targetClass ex:D ;
  sh:property ex:QA , ex:QB .
ex:QA sh:path ex:link ; sh:qualifiedValueShape [ sh:class ex:Other ] ; sh:qualifiedMinCount 1 ;
  sh:qualifiedValueShapesDisjoint true .
ex:QB sh:path ex:link ; sh:qualifiedValueShape [ sh:class ex:B ] ; sh:qualifiedMaxCount 1 ;
  sh:qualifiedValueShapesDisjoint true .
ex:Nested a sh:NodeShape ; sh:targetSubjectsOf ex:code ;
  sh:property [ sh:path ex:link ; sh:property [ sh:path ex:n ; sh:minInclusive 2 ] ] .
"""
)
SHAPE_FEATURES_GRAPH = _graph(SHAPE_FEATURES)


def _key(result: gg.ValidationResult) -> tuple[Any, ...]:
    return (
        result.focus_node if not result.focus_node.startswith("_:") else "_",
        result.path,
        result.value_term,
        result.source_shape,
        result.constraint,
        result.severity,
    )


@pytest.mark.slow
@settings(
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(feature_graphs())
def test_shape_based_logical_closed_pairs_and_paths_match_pyshacl(data: str) -> None:
    store = OxigraphStore()
    store.add_quads(_graph_quads(data))
    reference, fast = _both(store, SHAPE_FEATURES_GRAPH, FEATURE_ONTOLOGY_GRAPH)
    assert fast.engine == "sparql"
    # the wording of the new components' messages is the engine's own; the rest is compared
    assert {_key(r) for r in fast.results} == {_key(r) for r in reference.results}
    assert fast.conforms == reference.conforms


def test_shape_features_find_every_kind_of_result() -> None:
    data = (
        PREFIXES
        + """
<http://data.example/p> a ex:Person ; ex:link <http://data.example/q> , "lit" .
<http://data.example/q> ex:n 1 , 2 ; ex:link <http://data.example/r> .
<http://data.example/a> a ex:A , ex:B , ex:C ; ex:tag ex:t2 ; ex:s "a" , "b" ;
    ex:start 1 ; ex:end 2 ; ex:n 3 ; ex:d 3 ; ex:link <http://data.example/a> ; ex:code "c" .
<http://data.example/d> a ex:D ; ex:link <http://data.example/a> , <http://data.example/b> ,
    <http://data.example/e> .
<http://data.example/b> a ex:B ; ex:other 1 .
<http://data.example/e> a ex:B .
<http://data.example/q> ex:code "x" .
<http://data.example/r> ex:n 1 .
"""
    )
    store = OxigraphStore()
    store.add_quads(_graph_quads(data))
    reference, fast = _both(store, SHAPE_FEATURES_GRAPH, FEATURE_ONTOLOGY_GRAPH)
    assert {_key(r) for r in fast.results} == {_key(r) for r in reference.results}
    kinds = {r.constraint.rsplit("#", 1)[-1] for r in fast.results if r.constraint}
    assert {
        "NodeConstraintComponent",
        "OrConstraintComponent",
        "NotConstraintComponent",
        "XoneConstraintComponent",
        "AndConstraintComponent",
        "EqualsConstraintComponent",
        "DisjointConstraintComponent",
        "ClosedConstraintComponent",
        "QualifiedMaxCountConstraintComponent",
        "QualifiedMinCountConstraintComponent",
        "MinInclusiveConstraintComponent",
        "MaxCountConstraintComponent",
        "NodeKindConstraintComponent",
    } <= kinds, kinds
    # complex paths are reported in SPARQL syntax, never as blank-node ids
    paths = {r.path for r in fast.results if r.path}
    assert "<http://example.org/ns#link>/<http://example.org/ns#n>" in paths
    assert all(not p.startswith(("_:", "n")) for p in paths), paths


# ---------------------------------------------------------------- wiring into GovGraph.validate

UNSUPPORTED = (
    PREFIXES
    + """
ex:MaxWordsComponent a sh:ConstraintComponent ;
  sh:parameter [ sh:path ex:maxWords ] ;
  sh:validator ex:maxWordsValidator .
ex:maxWordsValidator a sh:SPARQLAskValidator ;
  sh:message "Too many words" ;
  sh:ask "ASK { FILTER (STRLEN(REPLACE(STR($value), '[^ ]', '')) < $maxWords) }" .
ex:N a sh:NodeShape ; sh:targetClass ex:A ;
  sh:property [ sh:path ex:title ; ex:maxWords 2 ] .
"""
)


@pytest.mark.slow
def test_validate_engines(tmp_path: Path) -> None:
    kg = gg.GovGraph()
    kg.load(GENERATE.generate_text(1500, seed=7, broken=0.2), format="turtle")
    auto = kg.validate()
    assert auto.engine == "sparql"
    reference = kg.validate(engine="pyshacl")
    assert reference.engine == "pyshacl"
    assert set(auto.results) == set(reference.results)
    assert kg.validate(engine="sparql").results == auto.results

    # a custom SHACL-SPARQL constraint component: never skipped, pyshacl checks it
    extra = tmp_path / "extra.ttl"
    extra.write_text(UNSUPPORTED, encoding="utf-8")
    kg.load(
        "<http://data.example/a> a <http://example.org/ns#A> ; "
        '<http://example.org/ns#title> "one two three four" . '
        "<http://data.example/b> a <http://example.org/ns#A> ; "
        '<http://example.org/ns#title> "one two" .',
        format="turtle",
    )
    fallback = kg.validate(shapes=[extra])
    assert fallback.engine == "pyshacl"
    custom = [
        r for r in fallback.results if r.constraint == "http://example.org/ns#MaxWordsComponent"
    ]
    assert [(r.focus_node, r.message) for r in custom] == [
        ("http://data.example/a", "Too many words")
    ]
    assert not fallback.conforms
    with pytest.raises(ConfigurationError, match="MaxWordsComponent"):
        kg.validate(shapes=[extra], engine="sparql")
    with pytest.raises(ConfigurationError, match="unknown validation engine"):
        kg.validate(engine="fast")


def test_not_compilable_names_the_shape_and_feature() -> None:
    with pytest.raises(NotCompilableError, match=r"MaxWordsComponent>? \(SHACL-SPARQL\)"):
        compile_shapes(_graph(UNSUPPORTED))
    sparql = (
        PREFIXES + 'ex:S sh:targetClass ex:A ; sh:sparql [ sh:select "SELECT $this WHERE { }" ] .'
    )
    with pytest.raises(NotCompilableError, match=r"ns#S>? uses sh:sparql"):
        compile_shapes(_graph(sparql))
    recursive = PREFIXES + "ex:S sh:targetClass ex:A ; sh:node ex:S ."
    with pytest.raises(NotCompilableError, match="recursive"):
        compile_shapes(_graph(recursive))


# ---------------------------------------------------------------- any store: a SPARQL endpoint


@pytest.mark.slow
@pytest.mark.virtuoso
def test_sparql_engine_on_virtuoso_matches_pyshacl(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    text = GENERATE.generate_text(1500, seed=8, broken=0.3)
    memory = gg.GovGraph()
    memory.load(text, format="turtle")
    remote = gg.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    remote.store.add_quads(list(memory.store.quads()))
    assert len(remote) == len(memory)
    fast = remote.validate(engine="sparql")
    reference = memory.validate(engine="pyshacl")
    assert fast.engine == "sparql"
    assert set(fast.results) == set(reference.results)
    assert not fast.conforms


@pytest.mark.virtuoso
def test_shape_features_on_virtuoso_match_pyshacl(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    data = (
        PREFIXES
        + """
<http://data.example/p> a ex:Person ; ex:link <http://data.example/q> , "lit" .
<http://data.example/q> ex:n 1 , 2 ; ex:link <http://data.example/r> ; ex:code "x" .
<http://data.example/r> ex:n 1 .
<http://data.example/a> a ex:A , ex:B , ex:C ; ex:tag ex:t2 ; ex:s "a" , "b" ;
    ex:start 1 ; ex:end 2 ; ex:n 3 ; ex:d 3 ; ex:link <http://data.example/a> ; ex:code "c" .
<http://data.example/d> a ex:D ; ex:link <http://data.example/a> , <http://data.example/e> .
<http://data.example/e> a ex:B ; ex:other 1 .
"""
    )
    memory = OxigraphStore()
    memory.add_quads(_graph_quads(data))
    remote = gg.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    remote.store.add_quads(list(memory.quads()))
    # Virtuoso fails on closure paths that meet a literal: on an endpoint they go to pyshacl
    with pytest.raises(NotCompilableError, match="remote endpoint"):
        compile_shapes(SHAPE_FEATURES_GRAPH).validate(remote.store, ontology=FEATURE_ONTOLOGY_GRAPH)
    shapes = _graph(
        SHAPE_FEATURES.replace("sh:oneOrMorePath", "sh:zeroOrOnePath").replace(
            "[ sh:zeroOrMorePath ex:link ]", "( ex:link ex:link )"
        )
    )
    fast = compile_shapes(shapes).validate(remote.store, ontology=FEATURE_ONTOLOGY_GRAPH)
    reference = validate_graph(memory.to_rdflib(), shapes=shapes, ontology=FEATURE_ONTOLOGY_GRAPH)
    assert {_key(r) for r in fast.results} == {_key(r) for r in reference.results}
    assert len(fast.results) >= 10
