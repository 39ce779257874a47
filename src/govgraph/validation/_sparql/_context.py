"""The ontology as background knowledge, mixed into the compiled queries."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _sparql_term, _values


@dataclass
class _Background:
    """The ontology as pyshacl sees it, plus what the data adds to the class hierarchy."""

    pairs: dict[URIRef, list[tuple[Node, Node]]]
    subclass_edges: list[tuple[Node, Node]]
    ontology_subjects: frozenset[Node]
    blank_predicates: frozenset[Node]
    blank_types: frozenset[Node]
    prefixes: Graph


_BACKGROUND_CACHE: dict[int, tuple[Graph, _Background]] = {}


def _background(ontology: Graph) -> _Background:
    cached = _BACKGROUND_CACHE.get(id(ontology))
    if cached is not None and cached[0] is ontology:
        return cached[1]
    from .._pyshacl import background

    mixed = background(ontology)
    pairs: dict[URIRef, list[tuple[Node, Node]]] = {}
    blank_predicates: set[Node] = set()
    blank_types: set[Node] = set()
    edges: list[tuple[Node, Node]] = []
    for s, p, o in mixed:
        if p == RDFS.subClassOf:
            edges.append((s, o))
        if isinstance(s, BNode) or isinstance(o, BNode):
            blank_predicates.add(p)
            if p == RDF.type:
                blank_types.add(o)
            continue
        pairs.setdefault(p, []).append((s, o))  # type: ignore[arg-type]
    # the reference engine's data graph is a fresh rdflib Graph: rdflib's default prefixes
    result = _Background(
        prefixes=Graph(),
        pairs=pairs,
        subclass_edges=edges,
        ontology_subjects=frozenset(ontology.subjects()),
        blank_predicates=frozenset(blank_predicates),
        blank_types=frozenset(blank_types),
    )
    if len(_BACKGROUND_CACHE) > 4:
        _BACKGROUND_CACHE.clear()
    _BACKGROUND_CACHE[id(ontology)] = (ontology, result)
    return result


class _Context:
    """Per-run helper that writes triple patterns with the ontology mixed in."""

    def __init__(self, background: _Background, data_edges: list[tuple[Node, Node]]) -> None:
        self.background = background
        children: dict[Node, set[Node]] = {}
        for sub, sup in [*background.subclass_edges, *data_edges]:
            children.setdefault(sup, set()).add(sub)
        self._children = children
        self._closure: dict[Node, frozenset[Node]] = {}
        #: False for a remote endpoint (some of them cannot evaluate closure paths)
        self.embedded = True
        #: Appended to conditions on DATATYPE/STR of values: lets through the values an
        #: embedded store holds in another form than written, to be judged on the written form.
        self.rewritten = ""

    def subclasses(self, cls: Node) -> frozenset[Node]:
        """``cls`` and everything ``rdfs:subClassOf*`` it (ontology and data)."""
        found = self._closure.get(cls)
        if found is None:
            seen = {cls}
            todo = [cls]
            while todo:
                for child in self._children.get(todo.pop(), ()):
                    if child not in seen:
                        seen.add(child)
                        todo.append(child)
            if any(isinstance(n, BNode) for n in seen):
                raise NotCompilableError(
                    f"a blank node is a subclass of <{cls}>; the SPARQL engine cannot name it"
                )
            if seen & self.background.blank_types:
                raise NotCompilableError(
                    f"the ontology types blank nodes with a subclass of <{cls}>"
                )
            found = frozenset(seen)
            self._closure[cls] = found
        return found

    def triple(self, s: str, p: URIRef, o: str, objects: frozenset[Node] | None = None) -> str:
        """Pattern for ``s p o`` over data plus the ontology background triples.

        ``objects`` restricts the background triples to those objects (the caller constrains
        ``o`` to them anyway), which keeps the injected ``VALUES`` block small.
        """
        if p in self.background.blank_predicates and p != RDF.type:
            raise NotCompilableError(
                f"the ontology has blank-node triples with <{p}>, which the shapes read"
            )
        base = f"{s} {_sparql_term(p)} {o} ."
        pairs = self.background.pairs.get(p)
        if pairs and objects is not None:
            pairs = [(a, b) for a, b in pairs if b in objects]
        if not pairs:
            return base
        if not (s.startswith("?") and o.startswith("?")):
            raise NotCompilableError("internal: ontology pairs need variables")
        rows = " ".join(f"({_sparql_term(a)} {_sparql_term(b)})" for a, b in pairs)
        return f"{{ {base} }} UNION {{ VALUES ({s} {o}) {{ {rows} }} }}"

    def background_instances(self, classes: frozenset[Node]) -> set[Node]:
        """Named nodes the ontology background types with one of ``classes``."""
        return {
            s
            for s, o in self.background.pairs.get(RDF.type, ())
            if o in classes and isinstance(s, URIRef)
        }

    def instance_of(self, var: str, cls: Node, tag: str) -> str:
        """Pattern: ``var`` is a SHACL instance of ``cls``."""
        t = f"?{tag}"
        classes = self.subclasses(cls)
        return f"{_values(tag, sorted(classes, key=str))} {self.triple(var, RDF.type, t, classes)}"
