"""The govgraph ontology: contract terms, documentation, OWL 2 DL declarations, HermiT."""

from __future__ import annotations

import importlib.util
import io
import shutil
import sys
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS

from govgraph._resources import ontology_path, shapes_path

REPO = Path(__file__).resolve().parents[1]
GG = Namespace("https://w3id.org/govgraph#")
ORG = Namespace("http://www.w3.org/ns/org#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # not rdflib's XSD: pytest probes it
ONTOLOGY_IRI = URIRef("https://w3id.org/govgraph")

CONTRACT_CLASSES = [
    "PublicAdministration",
    "AdministrativeUnit",
    "Policy",
    "Initiative",
    "Technology",
    "Skill",
    "SkillRequirement",
    "Competency",
    "Challenge",
]
CONTRACT_OBJECT_PROPERTIES = [
    "ownedBy",
    "ledBy",
    "hasParticipant",
    "usesTechnology",
    "implements",
    "policyArea",
    "requiresSkill",
    "requiredBy",
    "skill",
    "heldBy",
    "collaboratesWith",
    "facesChallenge",
    "addressesChallenge",
    "administrativeLevel",
    "legalBasis",
    "status",
]
CONTRACT_DATATYPE_PROPERTIES = ["proficiencyLevel", "headcount", "startYear", "endYear"]
LEVELS = ["EULevel", "NationalLevel", "RegionalLevel", "LocalLevel"]
STATUSES = [
    "StatusPlanned",
    "StatusInDevelopment",
    "StatusPilot",
    "StatusImplemented",
    "StatusNotInUse",
]
MAIN_CLASSES = [
    ORG.Organization,
    GG.Policy,
    GG.Initiative,
    GG.Technology,
    GG.Skill,
    GG.Challenge,
    GG.SkillRequirement,
    GG.Competency,
]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def _gg_terms(graph: Graph, rdf_type: URIRef) -> set[URIRef]:
    return {
        s
        for s in graph.subjects(RDF.type, rdf_type)
        if isinstance(s, URIRef) and str(s).startswith(str(GG))
    }


def _has_en(graph: Graph, term: URIRef, predicate: URIRef) -> bool:
    return any(
        isinstance(v, Literal) and v.language == "en" and str(v).strip()
        for v in graph.objects(term, predicate)
    )


def _union_members(graph: Graph, node: object) -> set[object]:
    assert isinstance(node, BNode), f"expected a union class, got {node!r}"
    union = graph.value(node, OWL.unionOf)
    assert union is not None
    return set(Collection(graph, union))


def test_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef("https://w3id.org/govgraph/0.1.0")
    assert str(onto.value(ONTOLOGY_IRI, OWL.versionInfo)) == "0.1.0"
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert _has_en(onto, ONTOLOGY_IRI, predicate), predicate
    assert isinstance(onto.value(ONTOLOGY_IRI, DCTERMS.license), URIRef)
    assert not list(onto.objects(None, OWL.imports)), "govgraph never fetches: no owl:imports"


def test_every_class_and_property_has_english_label_and_comment(onto: Graph) -> None:
    terms = set()
    for rdf_type in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        terms |= {s for s in onto.subjects(RDF.type, rdf_type) if isinstance(s, URIRef)}
    assert len(terms) > 50
    missing = [
        str(t)
        for t in terms
        if not (_has_en(onto, t, RDFS.label) and _has_en(onto, t, RDFS.comment))
    ]
    assert missing == []


def test_every_concept_has_english_preflabel_and_definition(onto: Graph) -> None:
    individuals = _gg_terms(onto, OWL.NamedIndividual)
    assert len(individuals) == 12
    for individual in individuals:
        assert _has_en(onto, individual, SKOS.prefLabel), individual
        assert _has_en(onto, individual, SKOS.definition), individual


def test_contract_terms_exist_with_their_types(onto: Graph) -> None:
    for name in CONTRACT_CLASSES:
        assert (GG[name], RDF.type, OWL.Class) in onto, name
    for name in CONTRACT_OBJECT_PROPERTIES:
        assert (GG[name], RDF.type, OWL.ObjectProperty) in onto, name
    for name in CONTRACT_DATATYPE_PROPERTIES:
        assert (GG[name], RDF.type, OWL.DatatypeProperty) in onto, name
    for name in LEVELS:
        assert (GG[name], RDF.type, GG.AdministrativeLevel) in onto, name
        assert (GG[name], SKOS.inScheme, GG.AdministrativeLevelScheme) in onto, name
    for name in STATUSES:
        assert (GG[name], RDF.type, GG.InitiativeStatus) in onto, name
        assert (GG[name], SKOS.inScheme, GG.InitiativeStatusScheme) in onto, name
    for extra in ("PrivatePartner", "Guideline", "TrainingProgramme"):
        assert (GG[extra], RDF.type, OWL.Class) in onto, extra


def test_reuse_of_standards(onto: Graph) -> None:
    supers = set(onto.objects(GG.PublicAdministration, RDFS.subClassOf))
    assert {CV.PublicOrganisation, ORG.FormalOrganization} <= supers
    assert (GG.AdministrativeUnit, RDFS.subClassOf, ORG.OrganizationalUnit) in onto
    assert (GG.PrivatePartner, RDFS.subClassOf, ORG.FormalOrganization) in onto
    assert (GG.Technology, RDFS.subClassOf, SKOS.Concept) in onto
    assert (GG.Skill, RDFS.subClassOf, SKOS.Concept) in onto
    assert (GG.legalBasis, RDFS.range, ELI.LegalResource) in onto
    assert (GG.policyArea, RDFS.range, SKOS.Concept) in onto


def test_domains_and_ranges_of_core_properties(onto: Graph) -> None:
    expected = {
        GG.ownedBy: (GG.Policy, ORG.Organization),
        GG.ledBy: (GG.Initiative, ORG.Organization),
        GG.hasParticipant: (GG.Initiative, ORG.Organization),
        GG.usesTechnology: (GG.Initiative, GG.Technology),
        GG.implements: (GG.Initiative, GG.Policy),
        GG.requiresSkill: (GG.Technology, GG.Skill),
        GG.requiredBy: (GG.SkillRequirement, GG.Technology),
        GG.heldBy: (GG.Competency, ORG.Organization),
        GG.facesChallenge: (ORG.Organization, GG.Challenge),
        GG.administrativeLevel: (ORG.Organization, GG.AdministrativeLevel),
        GG.status: (GG.Initiative, GG.InitiativeStatus),
        GG.collaboratesWith: (ORG.Organization, ORG.Organization),
    }
    for prop, (domain, range_) in expected.items():
        assert onto.value(prop, RDFS.domain) == domain, prop
        assert onto.value(prop, RDFS.range) == range_, prop
    assert _union_members(onto, onto.value(GG.skill, RDFS.domain)) == {
        GG.SkillRequirement,
        GG.Competency,
    }
    assert onto.value(GG.skill, RDFS.range) == GG.Skill
    for prop in (GG.addressesChallenge, GG.policyArea, GG.legalBasis, GG.startYear, GG.endYear):
        assert _union_members(onto, onto.value(prop, RDFS.domain)) == {GG.Policy, GG.Initiative}
    assert onto.value(GG.headcount, RDFS.range) == XSD.nonNegativeInteger
    assert onto.value(GG.startYear, RDFS.range) == XSD.integer
    level_range = onto.value(GG.proficiencyLevel, RDFS.range)
    assert onto.value(level_range, OWL.onDatatype) == XSD.integer
    facets = {
        (p, v.toPython())
        for f in Collection(onto, onto.value(level_range, OWL.withRestrictions))
        for p, v in onto.predicate_objects(f)
    }
    assert facets == {(XSD.minInclusive, 1), (XSD.maxInclusive, 8)}


def _disjoint_pairs(onto: Graph) -> set[frozenset[object]]:
    pairs: set[frozenset[object]] = set()
    for a, b in onto.subject_objects(OWL.disjointWith):
        pairs.add(frozenset((a, b)))
    for group in onto.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(onto, onto.value(group, OWL.members)))
        pairs |= {frozenset(p) for p in combinations(members, 2)}
    return pairs


def test_main_classes_pairwise_disjoint(onto: Graph) -> None:
    pairs = _disjoint_pairs(onto)
    for a, b in combinations(MAIN_CLASSES, 2):
        assert frozenset((a, b)) in pairs, (a, b)
    assert frozenset((GG.PublicAdministration, GG.AdministrativeUnit)) in pairs
    assert frozenset((GG.PrivatePartner, CV.PublicOrganisation)) in pairs


def test_reasoning_axioms(onto: Graph) -> None:
    assert (GG.collaboratesWith, RDF.type, OWL.SymmetricProperty) in onto
    assert (ORG.unitOf, RDFS.subPropertyOf, ORG.subOrganizationOf) in onto
    assert (ORG.subOrganizationOf, RDFS.subPropertyOf, ORG.transitiveSubOrganizationOf) in onto
    assert (ORG.transitiveSubOrganizationOf, RDF.type, OWL.TransitiveProperty) in onto
    assert (SKOS.broader, RDFS.subPropertyOf, SKOS.broaderTransitive) in onto
    assert (SKOS.broaderTransitive, RDF.type, OWL.TransitiveProperty) in onto
    for defined in (
        GG.AITechnology,
        GG.AIInitiative,
        GG.AIAdopter,
        GG.InitiativeLeader,
        GG.ImplementedPolicy,
        GG.EULevelOrganisation,
    ):
        assert onto.value(defined, OWL.equivalentClass) is not None, defined


BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))


#: External properties whose owner gives no OWL kind (DCMI) or which the standards govgraph is
#: combined with declare with another kind (CPSV-AP: data properties): left undeclared.
LEFT_UNDECLARED = {DCTERMS.title, DCTERMS.description, SKOS.prefLabel}
#: External properties govgraph declares, with the kind their owners (SKOS, vann) give them.
OWNER_KINDS = {
    SKOS.altLabel: OWL.AnnotationProperty,
    SKOS.definition: OWL.AnnotationProperty,
    SKOS.scopeNote: OWL.AnnotationProperty,
    SKOS.notation: OWL.DatatypeProperty,
    URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"): OWL.AnnotationProperty,
    URIRef("http://purl.org/vocab/vann/preferredNamespaceUri"): OWL.AnnotationProperty,
}
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
STANDARDS = REPO / "tests" / "data" / "standards"
STANDARD_FILES = (
    "cpsv-ap.ttl",
    "core-public-organisation.ttl",
    "core-public-organisation-ap.ttl",
    "dcat3.ttl",
)


def test_every_used_term_is_declared(onto: Graph) -> None:
    """OWL 2 DL typing: each non-built-in IRI used as class or property is declared.

    Except the external properties left undeclared on purpose (:data:`LEFT_UNDECLARED`).
    """
    declared_properties = {
        s
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in onto.subjects(RDF.type, t)
    }
    declared_classes = set(onto.subjects(RDF.type, OWL.Class))
    for predicate in set(onto.predicates()) - LEFT_UNDECLARED:
        if not str(predicate).startswith(BUILTIN_NAMESPACES):
            assert predicate in declared_properties, predicate
    class_positions = [RDFS.subClassOf, OWL.disjointWith, OWL.someValuesFrom, OWL.equivalentClass]
    used_classes = {o for p in class_positions for o in onto.objects(None, p)}
    used_classes |= {o for o in onto.objects(None, RDF.type) if o not in (OWL.NamedIndividual,)}
    for prop in onto.subjects(RDF.type, OWL.ObjectProperty):
        used_classes |= set(onto.objects(prop, RDFS.domain)) | set(onto.objects(prop, RDFS.range))
    for cls in used_classes:
        if isinstance(cls, URIRef) and not str(cls).startswith(BUILTIN_NAMESPACES):
            assert cls in declared_classes, cls
    for prop in onto.objects(None, OWL.onProperty):
        if isinstance(prop, URIRef):
            assert prop in declared_properties, prop


def test_external_terms_keep_their_owners_kind(onto: Graph) -> None:
    for term, kind in OWNER_KINDS.items():
        assert {k for k in KINDS if (term, RDF.type, k) in onto} == {kind}, term
    dcterms = {s for s in onto.subjects(RDF.type, None) if str(s).startswith(str(DCTERMS))}
    # DCMI gives no OWL kind; only header annotations no combined standard types otherwise
    assert dcterms == {DCTERMS.license, DCTERMS.creator, DCTERMS.created}
    for term in LEFT_UNDECLARED | {DCTERMS.identifier, DCTERMS.spatial, DCTERMS.conformsTo}:
        assert not list(onto.objects(term, RDF.type)), term


def _standards() -> list[Graph]:
    graphs = []
    for name in STANDARD_FILES:
        graph = Graph().parse(STANDARDS / name, format="turtle")
        graph.remove((None, OWL.imports, None))  # govgraph never fetches
        # xsd:duration is not in the OWL 2 datatype map: HermiT refuses it (SOURCES.md)
        graph.remove((None, RDFS.range, XSD.duration))
        graphs.append(graph)
    return graphs


def _mixed_kinds(graphs: list[Graph]) -> dict[URIRef, set[URIRef]]:
    kinds: dict[URIRef, set[URIRef]] = {}
    for graph in graphs:
        for kind in KINDS:
            for term in graph.subjects(RDF.type, kind):
                kinds.setdefault(term, set()).add(kind)
    return {term: found for term, found in kinds.items() if len(found) > 1}


def test_no_term_of_two_kinds_with_cpsv_ap_cpov_and_dcat3(onto: Graph) -> None:
    standards = _standards()
    # CPSV-AP and CPOV disagree on cv:openingHours between themselves; govgraph adds nothing
    assert _mixed_kinds([onto, *standards]) == _mixed_kinds(standards)


def _owlready_world(graphs: list[Graph]):  # type: ignore[no-untyped-def]
    import owlready2

    world = owlready2.World()
    for i, graph in enumerate(graphs):
        nt = graph.serialize(format="nt", encoding="utf-8")
        world.get_ontology(f"http://example.org/onto/{i}").load(
            fileobj=io.BytesIO(nt), format="ntriples"
        )
    return world


@pytest.mark.slow  # over 2 s on a loaded machine
def test_owlready2_loads_it_with_cpsv_ap_cpov_and_dcat3(onto: Graph, capfd) -> None:
    """The kind owlready2 gives each shared term does not depend on the loading order."""
    standards = _standards()
    terms = [*LEFT_UNDECLARED, DCTERMS.spatial, DCTERMS.conformsTo, *OWNER_KINDS]
    kinds = []
    for graphs in ([onto, *standards], [*standards, onto]):
        world = _owlready_world(graphs)
        kinds.append({t: type(world[str(t)]).__name__ for t in terms})
    assert kinds[0] == kinds[1]
    assert kinds[0][SKOS.prefLabel] == "DataPropertyClass"  # as CPSV-AP declares it
    assert kinds[0][DCTERMS.spatial] == "ObjectPropertyClass"
    assert "WARNING" not in capfd.readouterr().err


def test_one_licence_for_ontology_and_shapes(onto: Graph) -> None:
    cc_by = URIRef("http://creativecommons.org/licenses/by/4.0/")
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == cc_by
    shapes = Graph().parse(shapes_path(), format="turtle")
    assert set(shapes.objects(None, DCTERMS.license)) == {cc_by}
    technologies = Graph().parse(REPO / "ontologies" / "technologies.ttl", format="turtle")
    assert set(technologies.objects(None, DCTERMS.license)) == {cc_by}
    assert "Ontology and shapes: CC BY 4.0." in (REPO / "README.md").read_text(encoding="utf-8")
    notice = " ".join((REPO / "NOTICE").read_text(encoding="utf-8").split())
    assert "ontology (ontologies/govgraph.ttl) and shapes" in notice
    assert "are published under CC BY 4.0" in notice
    docs = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert f"licence `{cc_by}`" in docs
    assert "EUPL" not in docs


def test_docs_page_is_generated_from_the_ontology(onto: Graph) -> None:
    path = REPO / "scripts" / "gen_ontology_docs.py"
    spec = importlib.util.spec_from_file_location("_govgraph_gen_ontology_docs", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    committed = (REPO / "docs" / "ontology.md").read_text(encoding="utf-8")
    shapes = Graph().parse(shapes_path(), format="turtle")
    expected = module.render(onto) + "\n" + module.render_shapes(shapes)
    assert committed == expected, "run python scripts/gen_ontology_docs.py"
    for name in CONTRACT_CLASSES + CONTRACT_OBJECT_PROPERTIES + CONTRACT_DATATYPE_PROPERTIES:
        assert f"### gg:{name}\n" in committed, name


# --------------------------------------------------------------------------- HermiT (Java)

java = pytest.mark.skipif(shutil.which("java") is None, reason="needs Java for HermiT")

DATA_PREFIXES = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <http://example.org/> .
"""


def _hermit(onto: Graph, data: str | None) -> dict[str, set[str]]:
    """Load the ontology (and data) in a fresh owlready2 World, run HermiT, return the types.

    Raises owlready2's OwlReadyInconsistentOntologyError when the result is inconsistent.
    """
    import owlready2

    world = owlready2.World()
    nt = onto.serialize(format="nt", encoding="utf-8")
    world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=io.BytesIO(nt), format="ntriples")
    if data is not None:
        graph = Graph().parse(data=DATA_PREFIXES + data, format="turtle")
        for node in {*graph.subjects(), *graph.objects()}:
            if isinstance(node, URIRef) and str(node).startswith("http://example.org/"):
                graph.add((node, RDF.type, OWL.NamedIndividual))
        data_nt = graph.serialize(format="nt", encoding="utf-8")
        world.get_ontology("http://example.org/").load(
            fileobj=io.BytesIO(data_nt), format="ntriples"
        )
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert not list(world.inconsistent_classes())
    return {
        individual.iri: {getattr(c, "iri", str(c)) for c in individual.is_a}
        for individual in world.individuals()
    }


@pytest.mark.slow
@pytest.mark.java
@java
def test_ontology_alone_is_consistent_for_hermit(onto: Graph) -> None:
    types = _hermit(onto, None)
    assert str(GG.AITechnology) in types[str(GG.ArtificialIntelligence)]


@pytest.mark.slow
@pytest.mark.java
@pytest.mark.slow
@java
def test_consistent_with_cpsv_ap_cpov_and_dcat3_for_hermit(onto: Graph) -> None:
    import owlready2

    world = _owlready_world([onto, *_standards()])
    owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert not list(world.inconsistent_classes())


@pytest.mark.java
@java
def test_hermit_infers_the_promised_types(onto: Graph) -> None:
    types = _hermit(
        onto,
        """
        ex:ec a gg:PublicAdministration ; gg:administrativeLevel gg:EULevel .
        ex:dg a gg:AdministrativeUnit ; org:unitOf ex:ec .
        ex:unit org:unitOf ex:dg .
        ex:nlp skos:broader ex:ml . ex:ml skos:broader gg:ArtificialIntelligence .
        ex:init gg:ledBy ex:unit ; gg:usesTechnology ex:nlp ; gg:implements ex:policy .
        ex:policy a gg:Policy ; gg:ownedBy ex:dg .
        ex:tech gg:requiresSkill ex:skill .
        """,
    )
    gg = str(GG)
    assert types["http://example.org/init"] == {gg + "AIInitiative"}  # from gg:ledBy's domain
    assert types["http://example.org/nlp"] == {gg + "AITechnology"}  # usesTechnology's range
    assert types["http://example.org/tech"] == {gg + "Technology"}  # requiresSkill's domain
    assert types["http://example.org/skill"] == {gg + "Skill"}  # requiresSkill's range
    assert {gg + "AIAdopter", gg + "EULevelOrganisation"} <= types["http://example.org/unit"]
    assert gg + "EULevelOrganisation" in types["http://example.org/dg"]
    assert gg + "ImplementedPolicy" in types["http://example.org/policy"]


@pytest.mark.slow
@pytest.mark.java
@java
@pytest.mark.parametrize(
    "data",
    [
        "ex:x a gg:Policy , gg:Technology .",
        "ex:x a gg:Skill , gg:Technology .",
        "ex:x a gg:Competency ; gg:proficiencyLevel 9 .",
        "ex:x a gg:PublicAdministration , gg:AdministrativeUnit .",
    ],
    ids=["policy-and-technology", "skill-and-technology", "level-9", "administration-and-unit"],
)
def test_hermit_rejects_confused_data(onto: Graph, data: str) -> None:
    import owlready2

    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        _hermit(onto, data)
