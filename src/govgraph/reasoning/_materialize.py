"""Rule-based materialization with owlrl (pure Python): RDFS or OWL 2 RL entailments."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from .._exceptions import ConfigurationError

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["PROFILES", "inferred_triples", "materialize"]

#: The profiles :func:`materialize` accepts.
PROFILES = ("rdfs", "owl-rl")

_XSD = "http://www.w3.org/2001/XMLSchema#"

# Entailments every resource has; adding them to the data would only be noise.
_TRIVIAL_TYPES = {
    RDFS.Resource,
    OWL.Thing,
    OWL.NamedIndividual,
    RDFS.Class,
    OWL.Class,
    RDF.Property,
}


def inferred_triples(
    data: Graph, *, profile: Literal["rdfs", "owl-rl"] | str = "rdfs", ontology: Graph | None = None
) -> Graph:
    """Return the triples about the data that RDFS or OWL 2 RL rules derive, without the input.

    The govgraph ontology is used as background knowledge; its own triples, and entailments
    about ontology terms (classes, properties, the ontology's own concepts), are never returned.
    Trivial entailments (``rdf:type rdfs:Resource`` / ``owl:Thing``, ``owl:sameAs`` of a
    resource with itself, types of literals) are left out too.

    Args:
        data: The data graph (not modified).
        profile: ``"rdfs"`` (domains, ranges, sub-classes and sub-properties) or ``"owl-rl"``
            (also transitive, symmetric and inverse properties, ``owl:sameAs``, intersections...).
        ontology: Background ontology (default: the shipped govgraph ontology).

    Returns:
        A new graph with the derived triples only.

    Examples:
        A project stated only through ``gg:ledBy`` is an initiative (the property's domain);
        ``owl-rl`` would also close the chain of sub-organizations up to the Commission.

        >>> from rdflib import RDF, Graph, URIRef
        >>> from govgraph.reasoning import inferred_triples
        >>> data = Graph().parse(format="turtle", data='''
        ... @prefix gg: <https://w3id.org/govgraph#> .
        ... @prefix org: <http://www.w3.org/ns/org#> .
        ... @prefix ex: <https://example.org/> .
        ... ex:project gg:ledBy ex:unit .
        ... ex:unit org:subOrganizationOf ex:dg .
        ... ex:dg org:subOrganizationOf ex:commission .
        ... ''')
        >>> new = inferred_triples(data)
        >>> len(new), len(data)
        (6, 3)
        >>> new.value(URIRef("https://example.org/project"), RDF.type)
        rdflib.term.URIRef('https://w3id.org/govgraph#Initiative')
        >>> sorted(str(o).rsplit("#", 1)[1] for o in new.objects(None, RDF.type))
        ['Initiative', 'Organization', 'Organization', 'Organization']

    Raises:
        ConfigurationError: An unknown profile.
    """
    import owlrl

    if profile not in PROFILES:
        raise ConfigurationError(
            f"unknown materialization profile {profile!r}; use 'rdfs' or 'owl-rl'"
        )
    from ._explain import Schema
    from ._owl import reasoning_input

    background = reasoning_input(Graph(), ontology=ontology)
    schema = Schema(background)
    # owlrl compares every pair of literals of the graph (quadratic: hours on the PSTW import), so
    # the closure runs on the triples between resources only. What the rules derive from a
    # literal-valued triple (s p "v") is computed here: the values of the super-properties of p
    # (rdfs7) and the types given by their domains (rdfs2), which then go through the closure.
    literal_values = Graph()
    merged = Graph()
    for s, p, o in background:  # labels and comments of the ontology: no entailment needs them
        if not isinstance(o, RdfLiteral) or str(p).startswith((str(OWL), _XSD)):
            merged.add((s, p, o))
    for s, p, o in data:
        if p == OWL.imports:
            continue
        if not isinstance(o, RdfLiteral):
            merged.add((s, p, o))
            continue
        for q in schema.superproperties(p):
            if q != p:
                literal_values.add((s, q, o))
            for domain in schema.domains.get(q, ()):
                merged.add((s, RDF.type, domain))
    before = set(merged)
    semantics = owlrl.RDFS_Semantics if profile == "rdfs" else owlrl.OWLRL_Semantics
    owlrl.DeductiveClosure(
        semantics, improved_datatypes=False, axiomatic_triples=False, datatype_axioms=False
    ).expand(merged)

    data_nodes: set[Node] = set()
    for s, p, o in data:
        data_nodes.add(s)
        if not isinstance(o, RdfLiteral) and p != RDF.type:
            data_nodes.add(o)
    ontology_terms = set(background.subjects())
    result = Graph()
    for prefix, namespace in background.namespaces():
        result.bind(prefix, namespace, override=False)
    for s, p, o in merged:
        if ((s, p, o) in before and (s, p, o) in data) or s not in data_nodes:
            continue
        if s in ontology_terms or isinstance(o, RdfLiteral):
            continue
        if isinstance(o, BNode) and o not in data_nodes:
            continue  # nodes invented by the rules (error messages, restrictions)
        if p == RDF.type and o in _TRIVIAL_TYPES:
            continue
        if p == OWL.sameAs and s == o:
            continue
        if (s, p, o) not in data:
            result.add((s, p, o))
    for triple in literal_values:
        if triple not in data:
            result.add(triple)
    return result


def materialize(
    store: Store,
    *,
    profile: Literal["rdfs", "owl-rl"] | str = "rdfs",
    ontology: Graph | None = None,
) -> int:
    """Add the RDFS or OWL 2 RL entailments of the data to the store.

    Afterwards an initiative stated only through ``gg:ledBy`` is also typed ``gg:Initiative``, a
    unit of a unit of the Commission is ``org:transitiveSubOrganizationOf`` the Commission
    (``owl-rl`` only), and so on, so analyses give the same answers whether or not the data
    spells out these redundant triples. The ontology's own triples are not added.

    Args:
        store: The store to complete.
        profile: ``"rdfs"`` or ``"owl-rl"`` (see :func:`inferred_triples`).
        ontology: Background ontology (default: the shipped govgraph ontology).

    Returns:
        The number of triples added (derived triples that were not in the store yet).

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.reasoning import materialize
        >>> kg = GovGraph()
        >>> kg.load('''
        ... @prefix gg: <https://w3id.org/govgraph#> .
        ... @prefix ex: <https://example.org/> .
        ... ex:project gg:ledBy ex:city .
        ... ''', format="turtle")
        1
        >>> materialize(kg.store)
        2
        >>> kg.query(
        ...     "ASK { <https://example.org/project> a <https://w3id.org/govgraph#Initiative> }"
        ... ).boolean
        True
        >>> materialize(kg.store)  # nothing new the second time
        0

    Raises:
        ConfigurationError: An unknown profile.
        StoreError: The store cannot be read or cannot take the triples.
    """
    data = store.to_rdflib()
    new = inferred_triples(data, profile=profile, ontology=ontology)
    missing = Graph()
    for triple in new:
        if triple not in data:
            missing.add(triple)
    if len(missing):
        store.add_graph(missing)
    return len(missing)


def _is_named(node: Node) -> bool:
    return isinstance(node, URIRef)
