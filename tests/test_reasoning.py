"""OWL reasoning (owlready2 + HermiT) and owlrl materialization, as a user sees them (issue 7)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, SH, SKOS, Graph, Literal, Namespace, URIRef

import govgraph as gg
from govgraph import (
    ConfigurationError,
    JavaMemoryError,
    JavaNotFoundError,
    ReasonerError,
    ReasonerTimeoutError,
)
from govgraph._resources import ontology_path, shapes_path
from govgraph.cli import main
from govgraph.reasoning import ReasoningResult, find_clashes, reason
from govgraph.reasoning._explain import Schema
from govgraph.reasoning._materialize import inferred_triples
from loopback import loopback_server

GG = Namespace("https://w3id.org/govgraph#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
EX = Namespace("http://example.org/")
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")

PREFIXES = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

# A small, realistic graph that states only what a data owner would write: the chatbot, the NLP
# technology and the skill have no rdf:type; their types follow from the ontology.
CONSISTENT = (
    PREFIXES
    + """
ex:ec a gg:PublicAdministration ; skos:prefLabel "European Commission"@en ;
    gg:administrativeLevel gg:EULevel .
ex:cnect a gg:AdministrativeUnit ; skos:prefLabel "DG CNECT"@en ; org:unitOf ex:ec .
ex:unitA3 a gg:AdministrativeUnit ; skos:prefLabel "Unit A.3"@en ; org:unitOf ex:cnect .
ex:city a gg:PublicAdministration ; skos:prefLabel "City of Ghent"@en ;
    gg:administrativeLevel gg:LocalLevel .
ex:chatbot skos:prefLabel "Citizen chatbot"@en ; gg:ledBy ex:unitA3 ;
    gg:usesTechnology ex:nlp ; gg:implements ex:aiStrategy .
ex:nlp skos:prefLabel "Natural language processing"@en ; skos:broader gg:ArtificialIntelligence ;
    gg:requiresSkill ex:textMining .
ex:textMining skos:prefLabel "text mining"@en .
ex:aiStrategy a gg:Policy ; skos:prefLabel "AI strategy"@en ; gg:ownedBy ex:ec .
ex:portal a gg:Initiative ; skos:prefLabel "Open data portal"@en ; gg:ledBy ex:city ;
    gg:usesTechnology ex:cloud .
ex:cloud a gg:Technology ; skos:prefLabel "Cloud computing"@en .
"""
)

# The individual that is both a policy and a technology, and one whose type clashes through the
# range of gg:usesTechnology.
POLICY_AND_TECHNOLOGY = (
    PREFIXES
    + """
ex:gdprTool a gg:Policy , gg:Technology ; skos:prefLabel "GDPR compliance"@en .
ex:portal a gg:Initiative ; skos:prefLabel "Open data portal"@en ; gg:usesTechnology ex:aiAct .
ex:aiAct a gg:Policy ; skos:prefLabel "AI Act"@en .
"""
)


def _services_required() -> bool:
    return os.environ.get("GOVGRAPH_REQUIRE_SERVICES", "") == "1"


@pytest.fixture(autouse=True)
def _java_available(request: pytest.FixtureRequest) -> None:
    if request.node.get_closest_marker("java") and shutil.which("java") is None:
        if _services_required():
            pytest.fail("Java is required (GOVGRAPH_REQUIRE_SERVICES=1) but not installed")
        pytest.skip("needs Java for owlready2's reasoners")


def _graph(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def _pairs(result: ReasoningResult) -> set[tuple[str, str]]:
    return {(t.individual, t.type) for t in result.inferred_types}


@pytest.fixture(scope="module")
def consistent_result() -> ReasoningResult:
    if shutil.which("java") is None:
        if _services_required():
            pytest.fail("Java is required (GOVGRAPH_REQUIRE_SERVICES=1) but not installed")
        pytest.skip("needs Java")
    kg = gg.GovGraph()
    kg.load(CONSISTENT, format="turtle")
    return kg.reason()


# ----------------------------------------------------------------------------- consistent data
@pytest.mark.slow
@pytest.mark.java
def test_consistent_data_is_consistent(consistent_result: ReasoningResult) -> None:
    assert consistent_result.consistent is True
    assert consistent_result.explanation == ()
    assert consistent_result.inconsistent_individuals == ()


@pytest.mark.java
def test_types_from_domains_and_ranges_are_inferred(consistent_result: ReasoningResult) -> None:
    pairs = _pairs(consistent_result)
    # gg:ledBy has domain gg:Initiative, gg:usesTechnology range gg:Technology,
    # gg:requiresSkill range gg:Skill
    assert (str(EX.chatbot), str(GG.Initiative)) in pairs
    assert (str(EX.nlp), str(GG.Technology)) in pairs
    assert (str(EX.textMining), str(GG.Skill)) in pairs


@pytest.mark.java
def test_defined_classes_are_inferred(consistent_result: ReasoningResult) -> None:
    pairs = _pairs(consistent_result)
    assert (str(EX.nlp), str(GG.AITechnology)) in pairs  # narrower than gg:ArtificialIntelligence
    assert (str(EX.chatbot), str(GG.AIInitiative)) in pairs  # uses an AI technology
    assert (str(EX.unitA3), str(GG.AIAdopter)) in pairs  # leads an AI initiative
    assert (str(EX.unitA3), str(GG.InitiativeLeader)) in pairs
    assert (str(EX.city), str(GG.InitiativeLeader)) in pairs
    assert (str(EX.aiStrategy), str(GG.ImplementedPolicy)) in pairs  # owner + implementation
    # a unit of a unit of the Commission is at EU level (transitive containment)
    assert (str(EX.unitA3), str(GG.EULevelOrganisation)) in pairs
    assert (str(EX.cnect), str(GG.EULevelOrganisation)) in pairs
    # ...but the city is not, and its cloud initiative is no AI initiative
    assert (str(EX.city), str(GG.EULevelOrganisation)) not in pairs
    assert (str(EX.portal), str(GG.AIInitiative)) not in pairs
    assert (str(EX.city), str(GG.AIAdopter)) not in pairs


@pytest.mark.java
def test_inferred_types_leave_out_what_the_data_already_says(
    consistent_result: ReasoningResult,
) -> None:
    pairs = _pairs(consistent_result)
    types = {t for _, t in pairs}
    assert str(OWL.Thing) not in types
    # asserted types and their superclasses are not news
    assert (str(EX.ec), str(GG.PublicAdministration)) not in pairs
    assert (str(EX.ec), str(ORG.Organization)) not in pairs
    assert (str(EX.cloud), str(GG.Technology)) not in pairs
    assert (str(EX.portal), str(GG.Initiative)) not in pairs
    # only individuals of the data, never the ontology's own (gg:EULevel, gg:StatusPilot...)
    subjects = {s for s, _ in pairs}
    assert subjects <= {str(x) for x in _graph(CONSISTENT).all_nodes() if isinstance(x, URIRef)}
    assert str(GG.EULevel) not in subjects


@pytest.mark.java
def test_to_dict_has_the_contract_keys(consistent_result: ReasoningResult) -> None:
    payload = consistent_result.to_dict()
    assert {"consistent", "explanation", "inferred_types"} <= set(payload)
    assert payload["consistent"] is True
    assert payload["explanation"] == []
    assert {"individual": str(EX.chatbot), "type": str(GG.Initiative)} in payload["inferred_types"]
    assert all(set(item) == {"individual", "type"} for item in payload["inferred_types"])
    json.dumps(payload)  # JSON-serialisable


@pytest.mark.slow
@pytest.mark.java
def test_property_values_on_request() -> None:
    result = reason(_graph(CONSISTENT), infer_property_values=True)
    triples = {(r.subject, r.property, r.object) for r in result.inferred_relations}
    # a unit of a unit of the Commission is within the Commission
    assert (str(EX.unitA3), str(ORG.transitiveSubOrganizationOf), str(EX.ec)) in triples
    assert all(r.subject.startswith(str(EX)) for r in result.inferred_relations)


# --------------------------------------------------------------------------- inconsistent data
@pytest.mark.slow
@pytest.mark.java
def test_policy_that_is_a_technology_is_named() -> None:
    result = reason(_graph(CONSISTENT + POLICY_AND_TECHNOLOGY.replace(PREFIXES, "")))
    assert result.consistent is False
    assert set(result.inconsistent_individuals) == {str(EX.gdprTool), str(EX.aiAct)}
    assert result.inferred_types == ()
    by_individual = {c.individual: c for c in result.explanation}
    tool = by_individual[str(EX.gdprTool)]
    assert set(tool.classes) == {str(GG.Policy), str(GG.Technology)}
    assert "DisjointClasses(" in tool.axiom
    assert "GDPR compliance" in tool.message and "gg:Policy" in tool.message
    act = by_individual[str(EX.aiAct)]
    assert "gg:usesTechnology" in act.message  # the range that makes it a technology
    payload = result.to_dict()
    assert payload["consistent"] is False
    assert {e["individual"] for e in payload["explanation"]} == {
        str(EX.gdprTool),
        str(EX.aiAct),
    }


@pytest.mark.slow
@pytest.mark.java
def test_datatype_range_clash_is_named() -> None:
    data = _graph(
        PREFIXES + 'ex:ec a gg:PublicAdministration ; skos:prefLabel "EC"@en ; gg:headcount -3 .\n'
    )
    result = reason(data)
    assert result.consistent is False
    assert result.inconsistent_individuals == (str(EX.ec),)
    assert "gg:headcount" in result.explanation[0].message
    assert "-3" in result.explanation[0].message


@pytest.mark.java
def test_malformed_literal_is_inconsistent_not_a_crash() -> None:
    data = _graph(PREFIXES + 'ex:portal a gg:Initiative ; gg:startYear "soon"^^xsd:integer .\n')
    result = reason(data)
    assert result.consistent is False
    assert result.inconsistent_individuals == (str(EX.portal),)
    assert "soon" in result.explanation[0].message


def test_clash_finder_without_java() -> None:
    ontology = Graph().parse(ontology_path())
    data = _graph(
        PREFIXES
        + """
ex:c a gg:Competency ; gg:proficiencyLevel 9 .
ex:ok a gg:Competency ; gg:proficiencyLevel 8 .
ex:x a gg:Skill , gg:Challenge .
"""
    )
    schema = Schema(ontology + data)
    clashes = find_clashes(schema, data)
    assert {c.individual for c in clashes} == {str(EX.c), str(EX.x)}
    # the public form takes the graph itself (Schema is not exported)
    assert find_clashes(ontology + data, data) == clashes


# ------------------------------------------------------------------------ safety and isolation
@pytest.mark.slow
@pytest.mark.java
def test_default_world_untouched_and_imports_not_followed() -> None:
    with loopback_server(b"", "text/turtle") as server:
        data = _graph(
            PREFIXES
            + f"<http://example.org/data> a owl:Ontology ; owl:imports <{server.url('/x.ttl')}> .\n"
            + "ex:chatbot gg:ledBy ex:ec .\n"
        )
        before = len(list(owlready2.default_world.ontologies))
        result = reason(data)
        assert server.requests == []
    assert result.consistent is True
    assert (str(EX.chatbot), str(GG.Initiative)) in _pairs(result)
    assert len(list(owlready2.default_world.ontologies)) == before
    assert owlready2.default_world[str(EX.chatbot)] is None


@pytest.mark.slow
@pytest.mark.java
def test_reasoning_inside_a_callers_owlready2_block() -> None:
    own_world = owlready2.World()
    mine = own_world.get_ontology("http://example.org/mine.owl")
    before = list(mine.get_triples())  # just its ontology header
    with mine:
        result = reason(_graph(CONSISTENT))
    assert (str(EX.chatbot), str(GG.Initiative)) in _pairs(result)
    assert list(mine.get_triples()) == before  # nothing leaked into the caller's ontology
    own_world.close()


# ----------------------------------------------------------------------- Java failures, faked
def _fake_java(tmp_path: Path, script: str) -> str:
    path = tmp_path / "java"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


@pytest.fixture
def java_exe(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def use(path: str) -> None:
        monkeypatch.setattr(owlready2, "JAVA_EXE", path)

    return use


def test_missing_java_is_reported_with_install_advice(java_exe) -> None:  # type: ignore[no-untyped-def]
    java_exe("/nonexistent/bin/java")
    with pytest.raises(JavaNotFoundError, match="apt-get install openjdk-17-jre-headless"):
        reason(_graph(CONSISTENT))


def test_out_of_memory_names_the_option(tmp_path: Path, java_exe) -> None:  # type: ignore[no-untyped-def]
    java_exe(
        _fake_java(
            tmp_path,
            "echo 'Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space'\n"
            "echo '\tat org.semanticweb.HermiT.Reasoner.classify(Reasoner.java:1)'\nexit 1\n",
        )
    )
    with pytest.raises(JavaMemoryError, match="java_memory=") as info:
        reason(_graph(CONSISTENT), java_memory=64)
    assert "64 MB" in str(info.value)
    assert "\tat " not in str(info.value)


def test_other_java_failure_has_no_stack_trace(tmp_path: Path, java_exe) -> None:  # type: ignore[no-untyped-def]
    java_exe(
        _fake_java(
            tmp_path,
            "echo 'Exception in thread \"main\" java.lang.IllegalArgumentException: bad axiom'\n"
            "echo '\tat org.semanticweb.owlapi.Foo.bar(Foo.java:12)'\nexit 3\n",
        )
    )
    with pytest.raises(ReasonerError) as info:
        reason(_graph(CONSISTENT))
    assert "IllegalArgumentException: bad axiom" in str(info.value)
    assert "Foo.java" not in str(info.value)


def test_timeout_stops_the_reasoner(tmp_path: Path, java_exe) -> None:  # type: ignore[no-untyped-def]
    java_exe(_fake_java(tmp_path, "exec sleep 30\n"))
    started = time.monotonic()
    with pytest.raises(ReasonerTimeoutError, match="timeout="):
        reason(_graph(CONSISTENT), timeout=1)
    assert time.monotonic() - started < 25  # the fake reasoner sleeps 30 s


def test_bad_options_are_refused() -> None:
    with pytest.raises(ConfigurationError, match="reasoner"):
        reason(Graph(), reasoner="fact++")
    with pytest.raises(ConfigurationError, match="java_memory"):
        reason(Graph(), java_memory=1)


@pytest.mark.slow
@pytest.mark.java
def test_pellet_runs_or_fails_clearly() -> None:
    try:
        result = reason(_graph(CONSISTENT), reasoner="pellet")
    except ReasonerError as exc:  # owlready2 0.50+ bundles a Pellet that needs Java 25
        assert "hermit" in str(exc).lower()
        assert "\tat " not in str(exc)
    else:
        assert result.consistent is True
        assert (str(EX.chatbot), str(GG.Initiative)) in _pairs(result)


# ----------------------------------------------------------------------------------------- CLI
@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "good.ttl"
    good.write_text(CONSISTENT, encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(POLICY_AND_TECHNOLOGY, encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text(PREFIXES + "ex:a ex:b .\n", encoding="utf-8")
    return {"good": good, "bad": bad, "broken": broken}


@pytest.mark.slow
@pytest.mark.java
def test_cli_consistent_json_exit_0(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["reason", str(files["good"]), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["consistent"] is True
    assert {"individual": str(EX.textMining), "type": str(GG.Skill)} in out["inferred_types"]


@pytest.mark.slow
@pytest.mark.java
def test_cli_inconsistent_exit_1_names_individuals(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["reason", str(files["good"]), str(files["bad"])])
    out = capsys.readouterr().out
    assert code == 1
    assert "inconsistent" in out
    assert str(EX.gdprTool) in out and str(EX.aiAct) in out


def test_cli_errors_exit_2(
    files: dict[str, Path],
    capsys: pytest.CaptureFixture[str],
    java_exe,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    assert main(["reason", str(files["broken"])]) == 2
    err = capsys.readouterr().err
    assert "broken.ttl" in err and "line" in err
    java_exe("/nonexistent/bin/java")
    assert main(["reason", str(files["good"])]) == 2
    assert "Java was not found" in capsys.readouterr().err
    java_exe(_fake_java(tmp_path, "exec sleep 30\n"))
    assert main(["reason", str(files["good"]), "--timeout", "0.5"]) == 2
    err = capsys.readouterr().err
    assert "did not finish within 0.5 s" in err and "Traceback" not in err


# ------------------------------------------------------------------------------- materialize
def test_materialize_rdfs_adds_types_not_ontology() -> None:
    kg = gg.GovGraph()
    kg.load(CONSISTENT, format="turtle")
    before = len(kg)
    added = kg.materialize(profile="rdfs")
    data = kg.to_rdflib()
    assert added == len(kg) - before > 0
    assert (EX.chatbot, RDF.type, GG.Initiative) in data
    assert (EX.nlp, RDF.type, GG.Technology) in data
    assert (EX.textMining, RDF.type, GG.Skill) in data
    assert (EX.ec, RDF.type, ORG.Organization) in data
    # the ontology is background: none of its own triples land in the data
    assert (GG.Initiative, RDF.type, OWL.Class) not in data
    assert not list(data.triples((GG.ledBy, None, None)))
    assert not list(data.triples((None, RDF.type, RDFS.Resource)))
    assert kg.materialize(profile="rdfs") == 0  # idempotent


@pytest.mark.slow
def test_materialize_owl_rl_closes_transitive_and_symmetric_properties() -> None:
    kg = gg.GovGraph()
    kg.load(
        CONSISTENT + "ex:city gg:collaboratesWith ex:ec .\n",
        format="turtle",
    )
    kg.materialize(profile="owl-rl")
    data = kg.to_rdflib()
    assert (EX.unitA3, ORG.transitiveSubOrganizationOf, EX.ec) in data
    assert (EX.ec, GG.collaboratesWith, EX.city) in data
    assert (EX.ec, ORG.hasUnit, EX.cnect) in data


def test_materialize_rdfs_does_not_close_transitive_properties() -> None:
    new = inferred_triples(_graph(CONSISTENT), profile="rdfs")
    assert (EX.unitA3, ORG.transitiveSubOrganizationOf, EX.cnect) in new
    assert (EX.unitA3, ORG.transitiveSubOrganizationOf, EX.ec) not in new


def test_materialize_unknown_profile() -> None:
    with pytest.raises(ConfigurationError, match="owl-rl"):
        gg.GovGraph().materialize(profile="owl-full")


# ------------------------------------------------------------- shapes and ontology agree
@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path())


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_path())


_CLASS_TYPES = (OWL.Class, RDFS.Class)
_PROPERTY_TYPES = (
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
)


def _declared(graph: Graph, node: URIRef, kinds: tuple[URIRef, ...]) -> bool:
    return any((node, RDF.type, kind) in graph for kind in kinds)


def _paths(shapes: Graph) -> list[tuple[URIRef, URIRef]]:
    """(property shape, property IRI) for each sh:path (inverse paths give the inner property)."""
    result = []
    for shape, path in shapes.subject_objects(SH.path):
        if isinstance(path, URIRef):
            result.append((shape, path))
        else:
            inner = shapes.value(path, SH.inversePath)
            assert isinstance(inner, URIRef), f"unsupported path shape on {shape}"
            result.append((shape, inner))
    return result


def test_shape_classes_are_ontology_classes(ontology: Graph, shapes: Graph) -> None:
    used = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    assert used
    missing = sorted(str(c) for c in used if not _declared(ontology, c, _CLASS_TYPES))
    assert missing == []


def test_shape_paths_are_ontology_properties(ontology: Graph, shapes: Graph) -> None:
    external = {SKOS.prefLabel, RDFS.label}  # annotation vocabulary shapes may check
    missing = sorted(
        str(p)
        for _, p in _paths(shapes)
        if p not in external and not _declared(ontology, p, _PROPERTY_TYPES)
    )
    assert missing == []


def test_shape_datatypes_match_property_ranges(ontology: Graph, shapes: Graph) -> None:
    mismatches = []
    for shape, prop in _paths(shapes):
        datatype = shapes.value(shape, SH.datatype)
        if datatype is None:
            continue
        for rng in ontology.objects(prop, RDFS.range):
            base = ontology.value(rng, OWL.onDatatype) if not isinstance(rng, URIRef) else rng
            if base not in (datatype, RDFS.Literal):
                mismatches.append(f"{prop}: shape {datatype}, ontology range {base}")
    assert mismatches == []


def test_shape_classes_fit_property_ranges_and_domains(ontology: Graph, shapes: Graph) -> None:
    schema = Schema(ontology)
    problems = []
    for shape, prop in _paths(shapes):
        cls = shapes.value(shape, SH["class"])
        if cls is not None and shapes.value(shape, SH.path) == prop:
            for rng in ontology.objects(prop, RDFS.range):
                if rng not in schema.superclasses(cls) and cls not in schema.superclasses(rng):
                    problems.append(f"{prop}: sh:class {cls} vs rdfs:range {rng}")
        for node_shape in shapes.subjects(SH.property, shape):
            for target in shapes.objects(node_shape, SH.targetClass):
                if shapes.value(shape, SH.path) != prop:
                    continue  # an inverse path: the domain applies to the other end
                target_classes = schema.superclasses(target)
                for domain in ontology.objects(prop, RDFS.domain):
                    for a in target_classes:
                        if domain in schema.disjoint.get(a, {}) or any(
                            d in schema.disjoint.get(a, {}) for d in schema.superclasses(domain)
                        ):
                            problems.append(f"{target} can never have {prop} (domain {domain})")
    assert problems == []


def test_datatype_shapes_constrain_datatype_properties(ontology: Graph, shapes: Graph) -> None:
    wrong = [
        str(p)
        for shape, p in _paths(shapes)
        if shapes.value(shape, SH.datatype) not in (None, RDF.langString, XSD_STRING)
        and (p, RDF.type, OWL.ObjectProperty) in ontology
    ]
    assert wrong == []


@pytest.mark.slow
@pytest.mark.java
def test_data_valid_for_the_shapes_is_consistent_for_the_ontology() -> None:
    kg = gg.GovGraph()
    kg.load(
        PREFIXES
        + """
ex:ec a gg:PublicAdministration ; skos:prefLabel "European Commission"@en ;
    gg:administrativeLevel gg:EULevel ;
    gg:headcount "32000"^^xsd:nonNegativeInteger .
ex:cnect a gg:AdministrativeUnit ; skos:prefLabel "DG CNECT"@en ; org:unitOf ex:ec .
ex:ai a gg:Technology ; skos:prefLabel "Artificial intelligence"@en .
ex:chatbot a gg:Initiative ; skos:prefLabel "Citizen chatbot"@en ; gg:ledBy ex:cnect ;
    gg:usesTechnology ex:ai ; gg:startYear 2021 ; gg:endYear 2024 .
""",
        format="turtle",
    )
    assert kg.validate().conforms
    assert kg.reason().consistent


# ------------------------------------------------- analyses do not depend on redundant triples
ANALYSIS_DATA = Path(__file__).parent / "data" / "analysis-small.ttl"


def _answers(kg: gg.GovGraph) -> dict[str, list[dict[str, object]]]:
    return {
        "synergies": [s.to_dict() for s in kg.synergies(by="all")],
        "skill_gaps": [g.to_dict() for g in kg.skill_gaps()],
        "governance_gaps": [g.to_dict() for g in kg.governance_gaps()],
        "mutual_learning": [p.to_dict() for p in kg.mutual_learning()],
    }


@pytest.mark.slow
def test_analyses_give_the_same_answers_without_redundant_triples() -> None:
    full = Graph().parse(ANALYSIS_DATA)
    # the rdf:type triples of govgraph classes that RDFS rules can restore from the other facts
    # (an initiative from gg:ledBy, a technology from gg:usesTechnology, ...)
    candidates = {(s, p, o) for s, p, o in full.triples((None, RDF.type, None)) if o in GG}
    stripped_graph = Graph()
    for triple in full:
        if triple not in candidates:
            stripped_graph.add(triple)
    restored = inferred_triples(stripped_graph, profile="rdfs")
    redundant = {t for t in candidates if t in restored}
    assert {(EX.i1, RDF.type, GG.Initiative), (EX.NLP, RDF.type, GG.Technology)} <= redundant
    lean = Graph()
    for triple in full:
        if triple not in redundant:
            lean.add(triple)

    expected = gg.GovGraph()
    expected.add(full)
    answers = _answers(expected)
    assert answers["synergies"] and answers["governance_gaps"]

    lean_kg = gg.GovGraph()
    lean_kg.add(lean)
    lean_kg.materialize(profile="rdfs")
    assert _answers(lean_kg) == answers

    # and the redundant triples materialization adds (closures, inverses, inferred types) do not
    # change the answers either
    closed = gg.GovGraph()
    closed.add(full)
    assert closed.materialize(profile="owl-rl") > 0
    assert _answers(closed) == answers


# ------------------------------------------------------------------ reduced real data (PSTW)
_SKIP_EDGES = {SKOS.narrower, SKOS.hasTopConcept, SKOS.inScheme, SKOS.topConceptOf, RDF.type}


def _pstw_sample(size: int) -> Graph:
    """The first ``size`` PSTW initiatives with everything they reach (leads, technologies...)."""
    from govgraph.io import import_pstw

    full = import_pstw().graph
    initiatives = sorted(full.subjects(RDF.type, GG.Initiative))[:size]
    sample = Graph()
    seen: set[URIRef] = set()
    todo = list(initiatives)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in full.triples((node, None, None)):
            sample.add((s, p, o))
            if (
                isinstance(o, URIRef)
                and p not in _SKIP_EDGES
                and o not in seen
                and (o, RDF.type, GG.Initiative) not in full
            ):
                todo.append(o)
    return sample


@pytest.mark.java
@pytest.mark.slow
def test_reasoner_on_reduced_pstw_agrees_with_sparql() -> None:
    sample = _pstw_sample(120)
    result = reason(sample)
    assert result.consistent, [c.message for c in result.explanation]
    pairs = _pairs(result)
    ai_initiatives = {
        str(row.i)
        for row in sample.query(
            """PREFIX gg: <https://w3id.org/govgraph#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT DISTINCT ?i WHERE {
              ?i gg:usesTechnology ?t .
              ?t skos:broader* gg:ArtificialIntelligence .
            }"""
        )
    }
    leads_of_ai = {str(o) for i in ai_initiatives for o in sample.objects(URIRef(i), GG.ledBy)}
    assert ai_initiatives  # the PSTW is mostly about AI
    assert {i for i, t in pairs if t == str(GG.AIInitiative)} == ai_initiatives
    assert {i for i, t in pairs if t == str(GG.AIAdopter)} == leads_of_ai


def test_materialize_handles_literal_values_through_super_properties_and_domains() -> None:
    ontology = _graph(
        PREFIXES
        + """
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:officialName a owl:DatatypeProperty ; rdfs:subPropertyOf ex:name ; rdfs:domain ex:Body .
ex:name a owl:DatatypeProperty .
ex:Body a owl:Class ; rdfs:subClassOf ex:Agent .
"""
    )
    data = _graph(PREFIXES + 'ex:court ex:officialName "Supreme Court"@en .\n')
    for profile in ("rdfs", "owl-rl"):
        new = inferred_triples(data, profile=profile, ontology=ontology)
        assert (EX.court, EX.name, Literal("Supreme Court", lang="en")) in new
        assert (EX.court, RDF.type, EX.Body) in new
        assert (EX.court, RDF.type, EX.Agent) in new
