"""Validation through the GovGraph facade: exact findings on a small realistic graph."""

from __future__ import annotations

import json

import pytest

import govgraph as gg
from govgraph.validation import Severity

GG = "https://w3id.org/govgraph#"
ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
EX = "http://example.org/"

REALISTIC = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .

# --- valid part -------------------------------------------------------------
ex:ec a gg:PublicAdministration ; skos:prefLabel "European Commission"@en ;
    gg:administrativeLevel gg:EULevel .
ex:cnect a gg:AdministrativeUnit ; skos:prefLabel "DG CNECT"@en ; org:unitOf ex:ec .
ex:digit a gg:AdministrativeUnit ; skos:prefLabel "DG DIGIT"@en ; org:unitOf ex:ec .
ex:ai a gg:Technology ; skos:prefLabel "Artificial intelligence"@en ; gg:requiresSkill ex:ml .
ex:ml a gg:Skill ; skos:prefLabel "machine learning"@en .
ex:aiact a gg:Policy ; skos:prefLabel "AI strategy"@en ; gg:ownedBy ex:cnect .
ex:chatbot a gg:Initiative ; skos:prefLabel "Citizen chatbot"@en ; gg:ledBy ex:cnect ;
    gg:hasParticipant ex:digit ; gg:usesTechnology ex:ai ; gg:implements ex:aiact ;
    gg:status gg:StatusPilot ; gg:startYear 2021 .
ex:comp1 a gg:Competency ; gg:heldBy ex:digit ; gg:skill ex:ml ; gg:proficiencyLevel 4 .
ex:req1 a gg:SkillRequirement ; gg:requiredBy ex:ai ; gg:skill ex:ml ; gg:proficiencyLevel 3 .

# --- broken part ------------------------------------------------------------
ex:nameless a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .
ex:twoparents a gg:AdministrativeUnit ; skos:prefLabel "Shared unit"@en ;
    org:unitOf ex:ec , ex:nameless .
ex:ledbyskill a gg:Initiative ; skos:prefLabel "Odd project"@en ; gg:ledBy ex:ml ;
    gg:status gg:StatusPlanned .
ex:comp2 a gg:Competency ; gg:heldBy ex:cnect ; gg:skill ex:ml ; gg:proficiencyLevel 9 .
ex:req2 a gg:SkillRequirement ; gg:skill ex:ml .
ex:orphanpolicy a gg:Policy ; skos:prefLabel "Data strategy"@en .
"""


@pytest.fixture(scope="module")
def report() -> gg.ValidationReport:
    kg = gg.GovGraph()
    kg.load(REALISTIC)
    return kg.validate(engine="pyshacl")


def test_violations_are_exactly_the_broken_nodes(report: gg.ValidationReport) -> None:
    violations = {(r.focus_node, r.path) for r in report.violations}
    assert violations == {
        (EX + "nameless", SKOS + "prefLabel"),
        (EX + "twoparents", ORG + "unitOf"),
        (EX + "ledbyskill", GG + "ledBy"),
        (EX + "comp2", GG + "proficiencyLevel"),
        (EX + "req2", GG + "requiredBy"),
    }
    assert report.conforms is False


def test_governance_smells_are_warnings(report: gg.ValidationReport) -> None:
    warned = {r.focus_node for r in report.warnings}
    assert EX + "orphanpolicy" in warned
    assert all(
        r.severity is Severity.WARNING
        for r in report.results
        if r.focus_node == EX + "orphanpolicy"
    )


def test_valid_nodes_are_not_reported(report: gg.ValidationReport) -> None:
    flagged = {r.focus_node for r in report.violations}
    for node in ("ec", "cnect", "digit", "ai", "ml", "aiact", "chatbot", "comp1", "req1"):
        assert EX + node not in flagged


def test_ontology_nodes_are_never_reported(report: gg.ValidationReport) -> None:
    assert not [r for r in report.results if r.focus_node.startswith(GG)]


def test_messages_are_plain_words_with_labels(report: gg.ValidationReport) -> None:
    for r in report.results:
        assert r.message and "http" not in r.message.split(" ")[0]
        assert r.source_shape
    by_focus = {r.focus_node: r for r in report.violations}
    assert by_focus[EX + "ledbyskill"].focus_label == "Odd project"


def test_report_serialisations(report: gg.ValidationReport) -> None:
    data = json.loads(report.to_json())
    assert data["conforms"] is False
    assert {tuple(sorted(r)) for r in data["results"]} == {
        tuple(
            sorted(
                [
                    "focus_node",
                    "path",
                    "value",
                    "severity",
                    "message",
                    "source_shape",
                    "focus_label",
                    "constraint",
                ]
            )
        )
    }
    md = report.to_markdown()
    assert md.startswith("# Validation report")
    assert "## Violations (5)" in md
    with pytest.raises(gg.ValidationFailed) as info:
        report.raise_for_violations()
    assert info.value.report is report


def test_valid_graph_conforms_and_does_not_raise() -> None:
    kg = gg.GovGraph()
    kg.load(REALISTIC.split("# --- broken part")[0])
    result = kg.validate(engine="pyshacl")
    assert result.conforms
    assert not result.violations
    result.raise_for_violations()


def test_engines_agree_on_the_realistic_graph(report: gg.ValidationReport) -> None:
    kg = gg.GovGraph()
    kg.load(REALISTIC)
    fast = kg.validate()

    def key(r: gg.ValidationResult) -> tuple[object, ...]:
        return (r.focus_node, r.path, r.value, r.severity, r.source_shape)

    assert {key(r) for r in fast.results} == {key(r) for r in report.results}


# ---------------------------------------------------------------- SHACL report semantics

WARNING_ONLY = (
    REALISTIC.split("# --- broken part")[0]
    + """
ex:orphanpolicy a gg:Policy ; skos:prefLabel "Data strategy"@en .
"""
)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_conforms_follows_shacl_and_counts_per_severity(engine: str) -> None:
    kg = gg.GovGraph()
    kg.load(WARNING_ONLY)
    report = kg.validate(engine=engine)
    assert report.engine == engine
    assert report.results and not report.violations
    # SHACL: any result, whatever its severity, means the data does not conform
    assert report.conforms is False
    data = report.to_dict()
    assert (data["violations"], data["warnings"], data["infos"]) == (
        0,
        len(report.warnings),
        len(report.infos),
    )
    assert data["warnings"] >= 1
    report.raise_for_violations()  # warnings are not violations


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_findings_that_differ_in_constraint_are_kept(engine: str) -> None:
    kg = gg.GovGraph()
    kg.load(
        REALISTIC.split("# --- broken part")[0]
        + 'ex:comp9 a gg:Competency ; gg:heldBy ex:digit ; gg:skill ex:ml ; gg:proficiencyLevel "high" .\n'
    )
    report = kg.validate(engine=engine)
    on_level = [r for r in report.violations if r.path == GG + "proficiencyLevel"]
    # one value, one sh:message, three constraints broken: three findings, every run
    assert {r.constraint.rsplit("#", 1)[-1] for r in on_level if r.constraint} == {
        "DatatypeConstraintComponent",
        "MinInclusiveConstraintComponent",
        "MaxInclusiveConstraintComponent",
    }
    assert len({r.message for r in on_level}) == 1


def test_to_graph_is_a_standard_validation_report() -> None:
    from rdflib import RDF, SH, Literal, URIRef
    from rdflib.compare import isomorphic

    from govgraph.validation import validate
    from govgraph.validation._paths import path_text, path_to_graph

    kg = gg.GovGraph()
    kg.load(REALISTIC)
    report = validate(kg.store)
    graph = report.to_graph()
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == Literal(False)
    results = list(graph.objects(root, SH.result))
    assert len(results) == len(report.results)
    by_focus = {
        (graph.value(r, SH.focusNode), graph.value(r, SH.sourceConstraintComponent)): r
        for r in results
    }
    node = by_focus[(URIRef(EX + "twoparents"), SH.MaxCountConstraintComponent)]
    assert graph.value(node, SH.resultPath) == URIRef(ORG + "unitOf")
    assert graph.value(node, SH.resultSeverity) == SH.Violation
    assert (node, RDF.type, SH.ValidationResult) in graph

    # every SHACL path survives the trip to text and back
    from rdflib import Graph

    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:s sh:path ( ex:a [ sh:alternativePath ( [ sh:inversePath ex:b ]
                       [ sh:zeroOrMorePath ( ex:c ex:d ) ] ) ] [ sh:oneOrMorePath ex:e ]
                       [ sh:zeroOrOnePath [ sh:inversePath ex:f ] ] ) .
        """,
        format="turtle",
    )
    path = shapes.value(URIRef("http://example.org/s"), SH.path)
    text = path_text(shapes, path)
    assert text is not None and "_:" not in text
    rebuilt = Graph()
    head = path_to_graph(text, rebuilt)
    rebuilt.add((URIRef("http://example.org/s"), SH.path, head))
    assert isomorphic(rebuilt, shapes)


def test_cli_exit_code_counts_only_violations(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from govgraph.cli._app import main

    warned = tmp_path / "warned.ttl"
    warned.write_text(WARNING_ONLY, encoding="utf-8")
    assert main(["validate", str(warned), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["conforms"] is False  # warnings break SHACL conformance ...
    assert data["violations"] == 0 and data["warnings"] >= 1 and data["infos"] == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text(REALISTIC, encoding="utf-8")
    assert main(["validate", str(broken), "--format", "json"]) == 1  # ... violations fail
    data = json.loads(capsys.readouterr().out)
    assert data["violations"] == 5
    assert len(data["results"]) == data["violations"] + data["warnings"] + data["infos"]


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_values_are_judged_as_written(engine: str) -> None:
    # the same value written as xsd:nonNegativeInteger (a headcount) and as xsd:integer (a
    # level): the store answers one value form for both, validation reads what was written
    kg = gg.GovGraph()
    kg.load(
        REALISTIC.split("# --- broken part")[0]
        + 'ex:ec gg:headcount "4"^^xsd:nonNegativeInteger .\n'
        + 'ex:digit gg:headcount "0004"^^xsd:nonNegativeInteger .\n'
        + "ex:cnect gg:headcount 4 .\n"
    )
    report = kg.validate(engine=engine)
    bad = {(r.focus_node, r.value) for r in report.violations if r.path == GG + "headcount"}
    assert bad == {(EX + "cnect", "4")}


COUNT_SHAPES = """
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:p ; sh:maxCount 1 ] ;
  sh:property [ sh:path ex:q ; sh:minCount 2 ] .
"""


def test_counts_see_literals_written_in_two_forms_of_one_value(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # regression (issue 16): "1.0" and "1.00" are one triple to Oxigraph's SPARQL but two
    # values to SHACL; sh:maxCount 1 must flag ex:a and sh:minCount 2 must accept ex:b
    data = """
    @prefix ex: <http://example.org/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ex:a a ex:Thing ; ex:p "1.0"^^xsd:decimal, "1.00"^^xsd:decimal ;
        ex:q "x", "y" .
    ex:b a ex:Thing ; ex:p 7 ; ex:q "2"^^xsd:integer, "02"^^xsd:integer .
    """
    kg = gg.GovGraph()
    kg.load(data)
    assert kg.store.collapsed_literals == 2  # type: ignore[attr-defined]
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(COUNT_SHAPES, encoding="utf-8")
    report = kg.validate(shapes=[shapes], include_default_shapes=False)
    found = {(r.focus_node, r.constraint) for r in report.results}
    sh = "http://www.w3.org/ns/shacl#"
    assert found == {("http://example.org/a", sh + "MaxCountConstraintComponent")}
    assert report.engine == "pyshacl"
    # without collapsed literals the fast engine keeps running
    plain = gg.GovGraph()
    plain.load(data.replace('"1.00"^^xsd:decimal', '"2.0"^^xsd:decimal').replace('"02"', '"3"'))
    assert plain.store.collapsed_literals == 0  # type: ignore[attr-defined]
    plain_report = plain.validate(shapes=[shapes], include_default_shapes=False)
    assert plain_report.engine == "sparql"
    assert {r.focus_node for r in plain_report.results} == {"http://example.org/a"}
