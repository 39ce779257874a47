"""The govgraph SHACL shapes: SHACL-SHACL, coverage, severities, examples, ontology agreement."""

from __future__ import annotations

import time
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pyshacl
import pytest
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from govgraph._resources import ontology_path, shapes_path

SH = Namespace("http://www.w3.org/ns/shacl#")
GG = Namespace("https://w3id.org/govgraph#")
GGSH = Namespace("https://w3id.org/govgraph/shapes#")
ORG = Namespace("http://www.w3.org/ns/org#")
EX = Namespace("http://example.org/")
V, W = SH.Violation, SH.Warning

PREFIXES = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix cofog: <http://linked.data.gov.au/def/cofog/> .
@prefix ex: <http://example.org/> .
"""

# A small valid graph: every core class, every link; it must produce no result at all.
BASE = """
ex:ec a gg:PublicAdministration ; skos:prefLabel "European Commission"@en ;
    gg:administrativeLevel gg:EULevel .
ex:dg a gg:AdministrativeUnit ; skos:prefLabel "DG Informatics"@en ; org:unitOf ex:ec ;
    gg:headcount "2500"^^xsd:nonNegativeInteger .
ex:partner a gg:PrivatePartner ; skos:prefLabel "Acme Analytics"@en .
ex:skill a gg:Skill ; skos:prefLabel "machine learning"@en , "apprentissage automatique"@fr .
ex:challenge a gg:Challenge ; skos:prefLabel "legacy IT"@en .
ex:policy a gg:Policy ; skos:prefLabel "AI strategy"@en ; gg:ownedBy ex:dg ;
    gg:startYear 2021 ; gg:policyArea cofog:01 ; gg:addressesChallenge ex:challenge .
ex:init a gg:Initiative ; skos:prefLabel "Chatbot for citizens"@en ; gg:ledBy ex:dg ;
    gg:hasParticipant ex:partner , ex:ec ; gg:implements ex:policy ;
    gg:usesTechnology gg:ArtificialIntelligence ; gg:status gg:StatusPilot ;
    gg:startYear 2021 ; gg:endYear 2023 ; gg:policyArea cofog:01 .
ex:training a gg:TrainingProgramme ; skos:prefLabel "AI academy"@en ; gg:ledBy ex:dg ;
    gg:trainsSkill ex:skill ; gg:implements ex:policy .
gg:ArtificialIntelligence gg:requiresSkill ex:skill .
ex:req a gg:SkillRequirement ; gg:requiredBy gg:ArtificialIntelligence ; gg:skill ex:skill ;
    gg:proficiencyLevel 4 .
ex:comp a gg:Competency ; gg:heldBy ex:dg ; gg:skill ex:skill ; gg:proficiencyLevel 3 ;
    gg:headcount "12"^^xsd:nonNegativeInteger .
ex:dg gg:facesChallenge ex:challenge ; gg:collaboratesWith ex:partner .
"""


@dataclass(frozen=True)
class Case:
    """A failing snippet (added to BASE) that fires exactly ``expected`` on ex:x; a passing fix."""

    id: str
    expected: dict[str, URIRef]
    failing: str
    passing: str


INIT = 'ex:x a gg:Initiative ; skos:prefLabel "X"@en ; gg:ledBy ex:dg'
POLICY = 'ex:x a gg:Policy ; skos:prefLabel "P"@en ; gg:ownedBy ex:dg . ex:init gg:implements ex:x'
ORGN = 'ex:x a org:Organization ; skos:prefLabel "X"@en'
COMP = "ex:x a gg:Competency ; gg:heldBy ex:dg ; gg:skill ex:skill"
REQ = "ex:x a gg:SkillRequirement ; gg:requiredBy gg:ArtificialIntelligence ; gg:skill ex:skill"

CASES = [
    # organisations
    Case(
        "administration-without-name",
        {"Organisation-prefLabel-required": V},
        "ex:x a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .",
        'ex:x a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel ; skos:prefLabel "Ministry"@en .',
    ),
    Case(
        "unit-without-name",
        {"Organisation-prefLabel-required": V},
        "ex:x a gg:AdministrativeUnit ; org:unitOf ex:ec .",
        'ex:x a gg:AdministrativeUnit ; org:unitOf ex:ec ; skos:prefLabel "DG X"@en .',
    ),
    Case(
        "unit-name-without-language",
        {"Organisation-prefLabel-language": V},
        'ex:x a gg:AdministrativeUnit ; org:unitOf ex:ec ; skos:prefLabel "DG X" .',
        'ex:x a gg:AdministrativeUnit ; org:unitOf ex:ec ; skos:prefLabel "DG X"@en .',
    ),
    Case(
        "two-names-same-language",
        {"prefLabel-uniqueLang": W},
        'ex:x a gg:Challenge ; skos:prefLabel "A"@en , "B"@en .',
        'ex:x a gg:Challenge ; skos:prefLabel "A"@en ; skos:altLabel "B"@en .',
    ),
    Case(
        "headcount-decimal",
        {"headcount-datatype": V},
        f"{ORGN} ; gg:headcount 12.5 .",
        f'{ORGN} ; gg:headcount "12"^^xsd:nonNegativeInteger .',
    ),
    Case(
        # the range of gg:headcount; the store keeps the datatype as written
        "headcount-plain-integer",
        {"headcount-datatype": V},
        f"{ORGN} ; gg:headcount 12 .",
        f'{ORGN} ; gg:headcount "0012"^^xsd:nonNegativeInteger .',
    ),
    Case(
        "level-as-text",
        {"Organisation-administrativeLevel-kind": V, "Organisation-administrativeLevel-class": W},
        f'{ORGN} ; gg:administrativeLevel "national" .',
        f"{ORGN} ; gg:administrativeLevel gg:NationalLevel .",
    ),
    Case(
        "level-outside-scheme",
        {"Organisation-administrativeLevel-class": W},
        f"{ORGN} ; gg:administrativeLevel ex:federal .",
        f"{ORGN} ; gg:administrativeLevel gg:RegionalLevel .",
    ),
    Case(
        "two-levels",
        {"Organisation-administrativeLevel-single": W},
        f"{ORGN} ; gg:administrativeLevel gg:NationalLevel , gg:RegionalLevel .",
        f"{ORGN} ; gg:administrativeLevel gg:NationalLevel .",
    ),
    Case(
        "administration-without-level",
        {"PublicAdministration-administrativeLevel-required": W},
        'ex:x a gg:PublicAdministration ; skos:prefLabel "Region"@en .',
        'ex:x a gg:PublicAdministration ; skos:prefLabel "Region"@en ; gg:administrativeLevel gg:RegionalLevel .',
    ),
    Case(
        "unit-without-parent",
        {"AdministrativeUnit-unitOf-required": V},
        'ex:x a gg:AdministrativeUnit ; skos:prefLabel "U"@en .',
        'ex:x a gg:AdministrativeUnit ; skos:prefLabel "U"@en ; org:unitOf ex:ec .',
    ),
    Case(
        "unit-with-two-parents",
        {"AdministrativeUnit-unitOf-single": V},
        'ex:x a gg:AdministrativeUnit ; skos:prefLabel "U"@en ; org:unitOf ex:ec , ex:dg .',
        'ex:x a gg:AdministrativeUnit ; skos:prefLabel "U"@en ; org:unitOf ex:dg .',
    ),
    Case(
        "unit-of-untyped-parent",
        {"AdministrativeUnit-unitOf-class": V},
        'ex:x a gg:AdministrativeUnit ; skos:prefLabel "U"@en ; org:unitOf ex:nobody .',
        'ex:x a gg:AdministrativeUnit ; skos:prefLabel "U"@en ; org:unitOf ex:dg .',
    ),
    Case(
        "partner-with-level",
        {"PrivatePartner-administrativeLevel-none": W},
        'ex:x a gg:PrivatePartner ; skos:prefLabel "Co"@en ; gg:administrativeLevel gg:NationalLevel .',
        'ex:x a gg:PrivatePartner ; skos:prefLabel "Co"@en .',
    ),
    # names of other things
    Case(
        "technology-without-name",
        {"prefLabel-required": W},
        "ex:x a gg:Technology .",
        'ex:x a gg:Technology ; skos:prefLabel "blockchain"@en .',
    ),
    Case(
        "skill-name-without-language",
        {"prefLabel-language": W},
        'ex:x a gg:Skill ; skos:prefLabel "Python" .',
        'ex:x a gg:Skill ; skos:prefLabel "Python"@en .',
    ),
    # policies
    Case(
        "policy-without-owner",
        {"Policy-ownedBy-required": W},
        'ex:x a gg:Policy ; skos:prefLabel "P"@en . ex:init gg:implements ex:x .',
        f"{POLICY} .",
    ),
    Case(
        "policy-with-two-owners",
        {"Policy-ownedBy-single": W},
        f"{POLICY} . ex:x gg:ownedBy ex:ec .",
        f"{POLICY} .",
    ),
    Case(
        "policy-owner-as-text",
        {"Policy-ownedBy-kind": V},
        'ex:x a gg:Policy ; skos:prefLabel "P"@en ; gg:ownedBy "DG X" . ex:init gg:implements ex:x .',
        f"{POLICY} .",
    ),
    Case(
        "policy-not-implemented",
        {"Policy-implementedBy": W},
        'ex:x a gg:Policy ; skos:prefLabel "P"@en ; gg:ownedBy ex:dg .',
        f"{POLICY} .",
    ),
    Case(
        "start-year-as-date",
        {"startYear-datatype": V},
        f'{INIT} ; gg:startYear "2021-01-01"^^xsd:date .',
        f"{INIT} ; gg:startYear 2021 .",
    ),
    Case(
        "end-year-as-text",
        {"endYear-datatype": V},
        f'{POLICY} . ex:x gg:endYear "2024" .',
        f"{POLICY} . ex:x gg:endYear 2024 .",
    ),
    Case(
        "start-after-end",
        {"years-order": W},
        f"{INIT} ; gg:startYear 2024 ; gg:endYear 2020 .",
        f"{INIT} ; gg:startYear 2020 ; gg:endYear 2024 .",
    ),
    Case(
        "policy-area-as-text",
        {"policyArea-kind": V},
        f'{INIT} ; gg:policyArea "Health" .',
        f"{INIT} ; gg:policyArea cofog:07 .",
    ),
    # initiatives
    Case(
        "initiative-without-lead",
        {"Initiative-ledBy-required": V},
        'ex:x a gg:Initiative ; skos:prefLabel "X"@en .',
        f"{INIT} .",
    ),
    Case(
        "initiative-with-two-leads",
        {"Initiative-ledBy-single": V},
        f"{INIT} , ex:ec .",
        f"{INIT} ; gg:hasParticipant ex:ec .",
    ),
    Case(
        "initiative-led-by-untyped-node",
        {"Initiative-ledBy-class": V},
        'ex:x a gg:Initiative ; skos:prefLabel "X"@en ; gg:ledBy ex:someone .',
        'ex:x a gg:Initiative ; skos:prefLabel "X"@en ; gg:ledBy ex:ec .',
    ),
    Case(
        "initiative-led-by-policy",
        {"Initiative-ledBy-class": V},
        'ex:x a gg:Initiative ; skos:prefLabel "X"@en ; gg:ledBy ex:policy .',
        # a unit of a unit counts as an organisation through the class hierarchy
        'ex:x a gg:Initiative ; skos:prefLabel "X"@en ; gg:ledBy ex:u . '
        'ex:u a gg:AdministrativeUnit ; skos:prefLabel "U"@en ; org:unitOf ex:dg .',
    ),
    Case(
        "technology-as-text",
        {"Initiative-usesTechnology-kind": V},
        f'{INIT} ; gg:usesTechnology "AI" .',
        f"{INIT} ; gg:usesTechnology gg:ArtificialIntelligence .",
    ),
    Case(
        "status-as-text",
        {"Initiative-status-kind": V, "Initiative-status-class": W},
        f'{INIT} ; gg:status "pilot" .',
        f"{INIT} ; gg:status gg:StatusPilot .",
    ),
    Case(
        "status-outside-scheme",
        {"Initiative-status-class": W},
        f"{INIT} ; gg:status ex:ongoing .",
        f"{INIT} ; gg:status gg:StatusImplemented .",
    ),
    Case(
        "two-statuses",
        {"Initiative-status-single": W},
        f"{INIT} ; gg:status gg:StatusPilot , gg:StatusImplemented .",
        f"{INIT} ; gg:status gg:StatusImplemented .",
    ),
    Case(
        "training-without-skills",
        {"TrainingProgramme-trainsSkill-required": W},
        'ex:x a gg:TrainingProgramme ; skos:prefLabel "T"@en ; gg:ledBy ex:dg .',
        'ex:x a gg:TrainingProgramme ; skos:prefLabel "T"@en ; gg:ledBy ex:dg ; gg:trainsSkill ex:skill .',
    ),
    # technologies
    Case(
        "required-skill-as-text",
        {"Technology-requiresSkill-kind": V},
        'ex:x a gg:Technology ; skos:prefLabel "T"@en ; gg:requiresSkill "Python" .',
        'ex:x a gg:Technology ; skos:prefLabel "T"@en ; gg:requiresSkill ex:skill .',
    ),
    # skill requirements
    Case(
        "requirement-without-technology",
        {"SkillRequirement-requiredBy-required": V},
        "ex:x a gg:SkillRequirement ; gg:skill ex:skill .",
        f"{REQ} .",
    ),
    Case(
        "requirement-of-two-technologies",
        {"SkillRequirement-requiredBy-single": W},
        f"{REQ} ; gg:requiredBy ex:tech2 .",
        f"{REQ} .",
    ),
    Case(
        "requirement-without-skill",
        {"skill-required": V},
        "ex:x a gg:SkillRequirement ; gg:requiredBy gg:ArtificialIntelligence .",
        f"{REQ} .",
    ),
    Case(
        "requirement-level-9",
        {"proficiencyLevel-value": V},
        f"{REQ} ; gg:proficiencyLevel 9 .",
        f"{REQ} ; gg:proficiencyLevel 8 .",
    ),
    # competencies
    Case(
        "competency-without-holder",
        {"Competency-heldBy-required": V},
        "ex:x a gg:Competency ; gg:skill ex:skill ; gg:proficiencyLevel 2 .",
        f"{COMP} ; gg:proficiencyLevel 2 .",
    ),
    Case(
        "competency-with-two-holders",
        {"Competency-heldBy-single": W},
        f"{COMP} ; gg:proficiencyLevel 2 ; gg:heldBy ex:ec .",
        f"{COMP} ; gg:proficiencyLevel 2 .",
    ),
    Case(
        "competency-holder-as-text",
        {"Competency-heldBy-kind": V},
        'ex:x a gg:Competency ; gg:heldBy "DG X" ; gg:skill ex:skill ; gg:proficiencyLevel 2 .',
        f"{COMP} ; gg:proficiencyLevel 2 .",
    ),
    Case(
        "competency-without-skill",
        {"skill-required": V},
        "ex:x a gg:Competency ; gg:heldBy ex:dg ; gg:proficiencyLevel 2 .",
        f"{COMP} ; gg:proficiencyLevel 2 .",
    ),
    Case(
        "competency-with-two-skills",
        {"skill-single": W},
        f"{COMP} , ex:skill2 ; gg:proficiencyLevel 2 .",
        f"{COMP} ; gg:proficiencyLevel 2 .",
    ),
    Case(
        "competency-skill-as-text",
        {"skill-kind": V},
        'ex:x a gg:Competency ; gg:heldBy ex:dg ; gg:skill "Python" ; gg:proficiencyLevel 2 .',
        f"{COMP} ; gg:proficiencyLevel 2 .",
    ),
    Case(
        "competency-without-level",
        {"Competency-proficiencyLevel-required": V},
        f"{COMP} .",
        f"{COMP} ; gg:proficiencyLevel 5 .",
    ),
    Case(
        "competency-level-0",
        {"proficiencyLevel-value": V},
        f"{COMP} ; gg:proficiencyLevel 0 .",
        f"{COMP} ; gg:proficiencyLevel 1 .",
    ),
    Case(
        "competency-level-as-text",
        {"proficiencyLevel-value": V},
        f'{COMP} ; gg:proficiencyLevel "advanced" .',
        f"{COMP} ; gg:proficiencyLevel 6 .",
    ),
    Case(
        "competency-with-two-levels",
        {"proficiencyLevel-single": W},
        f"{COMP} ; gg:proficiencyLevel 2 , 3 .",
        f"{COMP} ; gg:proficiencyLevel 3 .",
    ),
    Case(
        "competency-headcount-negative",
        {"headcount-datatype": V},
        f"{COMP} ; gg:proficiencyLevel 2 ; gg:headcount -3 .",
        f'{COMP} ; gg:proficiencyLevel 2 ; gg:headcount "3"^^xsd:nonNegativeInteger .',
    ),
]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def _validate(data: Graph, shapes: Graph, onto: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=onto, inference="none", allow_warnings=True
    )
    return bool(conforms), report


def _results(report: Graph) -> list[dict[str, Any]]:
    return [
        {
            "shape": report.value(r, SH.sourceShape),
            "severity": report.value(r, SH.resultSeverity),
            "focus": report.value(r, SH.focusNode),
            "messages": list(report.objects(r, SH.resultMessage)),
        }
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]


def _data(snippet: str = "") -> Graph:
    return Graph().parse(data=PREFIXES + BASE + snippet, format="turtle")


def _property_shapes(shapes: Graph) -> set[URIRef]:
    found = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(
        shapes.objects(None, SH.property)
    )
    assert all(isinstance(s, URIRef) for s in found), "property shapes are named"
    return {s for s in found if isinstance(s, URIRef)}


@pytest.mark.slow
def test_shapes_pass_shacl_shacl(shapes: Graph) -> None:
    shacl_shacl = Graph().parse(
        str(resources.files("pyshacl").joinpath("assets", "shacl-shacl.ttl")), format="turtle"
    )
    conforms, _, text = pyshacl.validate(shapes, shacl_graph=shacl_shacl)
    assert conforms, text
    # and pyshacl's own meta-validation accepts them
    conforms, _, _ = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms


def test_only_shacl_core(shapes: Graph) -> None:
    forbidden = [SH.sparql, SH.select, SH.ask, SH.target, SH.rule, SH.js, SH.jsFunctionName]
    for predicate in forbidden:
        assert not list(shapes.subject_objects(predicate)), predicate
    assert not list(shapes.subjects(RDF.type, SH.SPARQLConstraint))


def test_every_core_class_has_a_node_shape(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    core = {
        GG[n]
        for n in [
            "PublicAdministration",
            "AdministrativeUnit",
            "PrivatePartner",
            "Policy",
            "Initiative",
            "TrainingProgramme",
            "Technology",
            "Skill",
            "SkillRequirement",
            "Competency",
            "Challenge",
        ]
    }
    assert core | {ORG.Organization} <= targeted
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert list(shapes.objects(node_shape, SH.property)), node_shape
        assert any(lbl.language == "en" for lbl in shapes.objects(node_shape, RDFS.label))


def test_every_property_shape_is_documented(shapes: Graph) -> None:
    for shape in _property_shapes(shapes):
        assert shapes.value(shape, SH.severity) in (V, W), shape
        for predicate in (SH.message, SH.name, SH.description):
            values = list(shapes.objects(shape, predicate))
            assert len(values) == 1 and values[0].language == "en", (shape, predicate)
        message = str(shapes.value(shape, SH.message))
        assert len(message.split()) >= 8 and message.endswith("."), shape


def test_every_property_shape_has_examples(shapes: Graph) -> None:
    covered = {GGSH[name] for case in CASES for name in case.expected}
    assert covered == _property_shapes(shapes)


def test_base_graph_is_valid_without_warnings(shapes: Graph, onto: Graph) -> None:
    started = time.process_time()
    conforms, report = _validate(_data(), shapes, onto)
    assert _results(report) == []
    assert conforms
    # guards against pySHACL's ontology copy exploding on linked owl:NamedIndividuals
    assert time.process_time() - started < 5


def test_base_graph_is_valid_after_a_store_round_trip(shapes: Graph, onto: Graph) -> None:
    """govgraph's stores keep literals as written (Oxigraph alone would turn
    xsd:nonNegativeInteger into xsd:integer), so the strict shapes hold after a round trip."""
    import govgraph as gg

    kg = gg.GovGraph()
    kg.load(_data().serialize(format="nt", encoding="utf-8").decode("utf-8"), format="nt")
    data = kg.to_rdflib()
    assert len(data) == len(_data())
    conforms, report = _validate(data, shapes, onto)
    assert _results(report) == []
    assert conforms


def test_ontology_individuals_satisfy_the_shapes(shapes: Graph, onto: Graph) -> None:
    conforms, report = _validate(Graph(), shapes, onto)
    assert conforms and _results(report) == []


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_failing_example(case: Case, shapes: Graph, onto: Graph) -> None:
    conforms, report = _validate(_data(case.failing), shapes, onto)
    results = _results(report)
    assert results, "expected results"
    assert {r["focus"] for r in results} == {EX.x}
    fired = {r["shape"]: r["severity"] for r in results}
    assert fired == {GGSH[name]: severity for name, severity in case.expected.items()}
    assert conforms == (V not in case.expected.values())
    for r in results:
        assert len(r["messages"]) == 1 and r["messages"][0].language == "en"


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_passing_example(case: Case, shapes: Graph, onto: Graph) -> None:
    conforms, report = _validate(_data(case.passing), shapes, onto)
    assert _results(report) == []
    assert conforms


# ------------------------------------------------------------ shapes agree with the ontology


def _superclasses(onto: Graph, cls: URIRef) -> set[object]:
    return set(onto.transitive_objects(cls, RDFS.subClassOf))


def _domain_classes(onto: Graph, prop: URIRef) -> set[object] | None:
    domain = onto.value(prop, RDFS.domain)
    if domain is None:
        return None
    if isinstance(domain, BNode):
        return set(Collection(onto, onto.value(domain, OWL.unionOf)))
    return {domain}


def test_shapes_use_only_terms_of_the_ontology(shapes: Graph, onto: Graph) -> None:
    from test_ontology import LEFT_UNDECLARED  # external terms used but left undeclared

    classes = set(onto.subjects(RDF.type, OWL.Class))
    properties = {
        s
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in onto.subjects(RDF.type, t)
    } | LEFT_UNDECLARED
    for cls in set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"])):
        assert cls in classes, cls
    for shape in _property_shapes(shapes):
        path = shapes.value(shape, SH.path)
        if isinstance(path, BNode):
            path = shapes.value(path, SH.inversePath)
        assert path in properties, (shape, path)


def test_datatypes_and_ranges_agree(shapes: Graph, onto: Graph) -> None:
    for shape in _property_shapes(shapes):
        datatype = shapes.value(shape, SH.datatype)
        path = shapes.value(shape, SH.path)
        alternatives = shapes.value(shape, SH["or"])
        if alternatives is not None and (path, RDF.type, OWL.DatatypeProperty) in onto:
            accepted = {shapes.value(m, SH.datatype) for m in Collection(shapes, alternatives)}
            assert onto.value(path, RDFS.range) in accepted, shape
            continue
        if datatype is None or (path, RDF.type, OWL.DatatypeProperty) not in onto:
            continue
        range_ = onto.value(path, RDFS.range)
        if isinstance(range_, BNode):
            facets = {
                p: v
                for f in Collection(onto, onto.value(range_, OWL.withRestrictions))
                for p, v in onto.predicate_objects(f)
            }
            xsd = Namespace("http://www.w3.org/2001/XMLSchema#")
            assert shapes.value(shape, SH.minInclusive) == facets[xsd.minInclusive]
            assert shapes.value(shape, SH.maxInclusive) == facets[xsd.maxInclusive]
            range_ = onto.value(range_, OWL.onDatatype)
        assert datatype == range_, shape


def test_property_shapes_sit_on_classes_in_the_property_domain(shapes: Graph, onto: Graph) -> None:
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        target = shapes.value(node_shape, SH.targetClass)
        for shape in shapes.objects(node_shape, SH.property):
            path = shapes.value(shape, SH.path)
            if isinstance(path, BNode):  # inverse path: the target is in the range
                prop = shapes.value(path, SH.inversePath)
                assert onto.value(prop, RDFS.range) in _superclasses(onto, target)
                continue
            domain = _domain_classes(onto, path)
            if domain is not None:
                assert domain & _superclasses(onto, target), (node_shape, shape)


def test_literal_checks_are_engine_neutral(shapes: Graph) -> None:
    """Label checks use rdf:langString, which rdflib and Oxigraph type the same way."""
    rdf_lang = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
    for shape in _property_shapes(shapes):
        if shapes.value(shape, SH.datatype) == URIRef("http://www.w3.org/2001/XMLSchema#string"):
            pytest.fail(f"{shape}: xsd:string checks differ between rdflib and Oxigraph")
    label_shapes = [s for s in _property_shapes(shapes) if shapes.value(s, SH.datatype) == rdf_lang]
    assert len(label_shapes) == 2
    assert Literal("x", lang="en").datatype is None  # rdflib: tagged literals carry no datatype
