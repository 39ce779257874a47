"""RDF terms across libraries: pyoxigraph (the stores' currency) and rdflib (the interchange type).

This is the one home of term conversion and of RDF syntax names in govgraph; every package uses
it through :mod:`govgraph.io`. It sits in the lowest layer because the parsers need it too.

Literals keep their lexical form: rdflib is told not to normalise them (it would write
``"07"^^xsd:integer`` as ``"7"``).

Plain literals: Oxigraph types them ``xsd:string`` as RDF 1.1 says; rdflib keeps them untyped. We
convert ``xsd:string`` literals to untyped rdflib literals so that rdflib tools (pyshacl) see the
same data whichever store it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .._exceptions import ConfigurationError

__all__ = [
    "XSD_STRING",
    "ox_to_rdflib",
    "ox_triples_to_graph",
    "rdf_format",
    "rdflib_to_ox",
    "rdflib_triples_to_ox",
]

#: The datatype IRI of plain literals in RDF 1.1.
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_FORMAT_ALIASES = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "n-quads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "xml": ox.RdfFormat.RDF_XML,
    "rdf": ox.RdfFormat.RDF_XML,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "rdf/xml": ox.RdfFormat.RDF_XML,
    "pretty-xml": ox.RdfFormat.RDF_XML,
    "owl": ox.RdfFormat.RDF_XML,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
    "n3": ox.RdfFormat.N3,
}


def rdf_format(name: str) -> ox.RdfFormat:
    """Map a format name, file extension or media type to a pyoxigraph ``RdfFormat``.

    >>> rdf_format("ttl").name
    'Turtle'
    >>> rdf_format("application/n-triples").name
    'N-Triples'

    Raises:
        ConfigurationError: The format is unknown; the message lists the known names.
    """
    key = name.lower().lstrip(".")
    if key in _FORMAT_ALIASES:
        return _FORMAT_ALIASES[key]
    fmt = ox.RdfFormat.from_media_type(key) or ox.RdfFormat.from_extension(key)
    if fmt is None:
        raise ConfigurationError(
            f"unknown RDF format {name!r}; use one of: turtle, ntriples, nquads, trig, xml, "
            "json-ld, n3"
        )
    return fmt


def ox_to_rdflib(term: object) -> Node:
    """Convert one pyoxigraph term to the equivalent rdflib term.

    >>> import pyoxigraph as ox
    >>> ox_to_rdflib(ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('5', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))

    Raises:
        TypeError: ``term`` is not a pyoxigraph IRI, blank node or literal.
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        # normalize=False: rdflib would otherwise rewrite "07" as "7", "1" as "true"...
        return Literal(term.value, datatype=URIRef(datatype), normalize=False)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported pyoxigraph term {term!r}")


def rdflib_to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert one rdflib term to the equivalent pyoxigraph term.

    Examples:
        >>> from rdflib import Literal, URIRef
        >>> rdflib_to_ox(URIRef("http://example.org/a"))
        <NamedNode value=http://example.org/a>
        >>> rdflib_to_ox(Literal("Ministry", lang="en"))
        <Literal value=Ministry language=en>
        >>> rdflib_to_ox(Literal(2024)).datatype.value
        'http://www.w3.org/2001/XMLSchema#integer'

    Raises:
        TypeError: ``term`` is not an rdflib IRI, blank node or literal.
    """
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
    """Convert rdflib triples to pyoxigraph quads in the default graph.

    Examples:
        >>> from rdflib import Graph
        >>> graph = Graph().parse(
        ...     data='<http://example.org/a> <http://example.org/label> "A"@en .', format="nt"
        ... )
        >>> [str(quad) for quad in rdflib_triples_to_ox(graph)]
        ['<http://example.org/a> <http://example.org/label> "A"@en']

    Raises:
        TypeError: A term is not an rdflib IRI, blank node or literal (raised while iterating).
    """
    for s, p, o in triples:
        yield ox.Quad(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o))  # type: ignore[arg-type]


def ox_triples_to_graph(triples: Iterable[object], graph: Graph | None = None) -> Graph:
    """Add pyoxigraph triples or quads (their graph name is ignored) to an rdflib graph.

    Returns:
        ``graph``, or a new ``Graph`` when none is given.

    Examples:
        >>> import pyoxigraph as ox
        >>> from rdflib import URIRef
        >>> a = ox.NamedNode("http://example.org/a")
        >>> label = ox.NamedNode("http://example.org/label")
        >>> graph = ox_triples_to_graph([ox.Triple(a, label, ox.Literal("Ministry"))])
        >>> graph.value(URIRef(a.value), URIRef(label.value))  # plain: no xsd:string datatype
        rdflib.term.Literal('Ministry')
        >>> len(ox_triples_to_graph([ox.Quad(a, label, ox.Literal("B", language="en"))], graph))
        2

    Raises:
        TypeError: A term is not a pyoxigraph IRI, blank node or literal.
    """
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
