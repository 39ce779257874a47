"""Conversion between pyoxigraph terms (the stores' currency) and rdflib terms (the interchange type).

Plain literals: Oxigraph types them ``xsd:string`` as RDF 1.1 says; rdflib keeps them untyped. We
convert ``xsd:string`` literals to untyped rdflib literals so that rdflib tools (pyshacl) see the
same data whichever store it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = [
    "XSD_STRING",
    "ox_to_rdflib",
    "ox_triples_to_graph",
    "rdflib_to_ox",
    "rdflib_triples_to_ox",
]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def ox_to_rdflib(term: object) -> Node:
    """Convert one pyoxigraph term to the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported pyoxigraph term {term!r}")


def rdflib_to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib term to the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"unsupported rdflib term {term!r}")


def rdflib_triples_to_ox(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Quad]:
    """Convert rdflib triples to pyoxigraph quads in the default graph."""
    for s, p, o in triples:
        yield ox.Quad(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o))  # type: ignore[arg-type]


def ox_triples_to_graph(triples: Iterable[object], graph: Graph | None = None) -> Graph:
    """Add pyoxigraph triples or quads (their graph name is ignored) to an rdflib graph."""
    target = graph if graph is not None else Graph()
    add = target.add
    cache: dict[object, Node] = {}
    for t in triples:
        parts = []
        for term in (t.subject, t.predicate, t.object):  # type: ignore[attr-defined]
            node = cache.get(term)
            if node is None:
                node = ox_to_rdflib(term)
                if len(cache) < 200_000:
                    cache[term] = node
            parts.append(node)
        add((parts[0], parts[1], parts[2]))
    return target
