"""Shipped concept schemes the importers link to: technologies, statuses, levels, countries."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from functools import lru_cache

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from .._resources import ontology_path
from ._normalise import COUNTRY_LABELS, COUNTRY_SCHEME, GG, country_iri, fold

__all__ = [
    "LEVELS",
    "STATUSES",
    "TECHNOLOGY_SCHEME",
    "add_countries",
    "add_ontology_concepts",
    "technology_graph",
    "technology_index",
]

TECHNOLOGY_FILE = "technologies.ttl"
TECHNOLOGY_SCHEME = URIRef("https://w3id.org/govgraph/id/scheme/technologies")

#: Folded status spellings -> status concept of the govgraph ontology.
STATUSES: dict[str, URIRef] = {
    "planned": GG.StatusPlanned,
    "planning": GG.StatusPlanned,
    "in development": GG.StatusInDevelopment,
    "in-development": GG.StatusInDevelopment,
    "under development": GG.StatusInDevelopment,
    "development": GG.StatusInDevelopment,
    "pilot": GG.StatusPilot,
    "pilot phase": GG.StatusPilot,
    "piloting": GG.StatusPilot,
    "implemented": GG.StatusImplemented,
    "in use": GG.StatusImplemented,
    "operational": GG.StatusImplemented,
    "in production": GG.StatusImplemented,
    "not in use": GG.StatusNotInUse,
    "discontinued": GG.StatusNotInUse,
    "terminated": GG.StatusNotInUse,
}

#: Administrative levels of the govgraph ontology, by folded name.
LEVELS: dict[str, URIRef] = {
    "eu": GG.EULevel,
    "european": GG.EULevel,
    "eu level": GG.EULevel,
    "national": GG.NationalLevel,
    "national level": GG.NationalLevel,
    "central": GG.NationalLevel,
    "regional": GG.RegionalLevel,
    "regional level": GG.RegionalLevel,
    "local": GG.LocalLevel,
    "local level": GG.LocalLevel,
}

_CONCEPT_PREDICATES = (
    RDF.type,
    SKOS.prefLabel,
    SKOS.inScheme,
    SKOS.topConceptOf,
    SKOS.broader,
    SKOS.notation,
    SKOS.definition,
)


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    graph = Graph()
    with contextlib.suppress(FileNotFoundError):  # the ontology ships with the package
        graph.parse(ontology_path(), format="turtle")
    return graph


def add_ontology_concepts(graph: Graph, concepts: Iterable[URIRef]) -> None:
    """Copy the description of ontology concepts (levels, statuses) and their schemes.

    The labels come from the shipped govgraph ontology, so imported data and the ontology never
    disagree on a concept's ``skos:prefLabel``.
    """
    onto = _ontology()
    schemes: set[URIRef] = set()
    for concept in set(concepts):
        found = False
        for p in _CONCEPT_PREDICATES:
            for o in onto.objects(concept, p):
                graph.add((concept, p, o))
                found = True
                if p in (SKOS.inScheme, SKOS.topConceptOf) and isinstance(o, URIRef):
                    schemes.add(o)
        if not found:
            graph.add((concept, RDF.type, SKOS.Concept))
    for scheme in schemes:
        for p in (RDF.type, SKOS.prefLabel):
            for o in onto.objects(scheme, p):
                graph.add((scheme, p, o))


def add_countries(graph: Graph, codes: Iterable[str]) -> None:
    """Describe the referenced EU authority country concepts (English label, scheme)."""
    used = sorted(set(codes))
    if not used:
        return
    graph.add((COUNTRY_SCHEME, RDF.type, SKOS.ConceptScheme))
    for code in used:
        iri = country_iri(code)
        graph.add((iri, RDF.type, SKOS.Concept))
        graph.add((iri, SKOS.inScheme, COUNTRY_SCHEME))
        graph.add((iri, SKOS.notation, Literal(code)))
        label = COUNTRY_LABELS.get(code)
        if label:
            graph.add((iri, SKOS.prefLabel, Literal(label, lang="en")))


@lru_cache(maxsize=1)
def _technology_graph() -> Graph:
    graph = Graph()
    graph.parse(ontology_path(TECHNOLOGY_FILE), format="turtle")
    return graph


def technology_graph() -> Graph:
    """Return a copy of the shipped technology scheme (``ontologies/technologies.ttl``)."""
    out = Graph()
    for triple in _technology_graph():
        out.add(triple)
    return out


@lru_cache(maxsize=1)
def technology_index() -> dict[str, URIRef]:
    """Map folded preferred, alternative and hidden labels to technology concepts."""
    graph = _technology_graph()
    index: dict[str, URIRef] = {}
    for concept in graph.subjects(RDF.type, GG.Technology):
        if not isinstance(concept, URIRef):
            continue
        for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            for label in graph.objects(concept, p):
                key = fold(str(label))
                if key is not None:
                    index.setdefault(key, concept)
    return index
