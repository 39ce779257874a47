"""Name the individuals behind an inconsistency, from the asserted data and the ontology.

HermiT's command line only says *that* an ontology is inconsistent. To tell the user *which*
individuals clash and *which* axioms they break, this module re-derives the simple, common
causes with rdflib over the asserted triples:

* an individual whose classes (asserted, or implied by the domain and range of the properties it
  uses, closed under ``rdfs:subClassOf`` / ``owl:equivalentClass``) include two disjoint classes
  (``owl:disjointWith``, ``owl:AllDisjointClasses``, ``owl:disjointUnionOf``);
* a literal outside the datatype range of its property (e.g. a proficiency level of 9 where the
  range is ``xsd:integer[1..8]``, a negative ``xsd:nonNegativeInteger``, a string where a number is
  expected) or a malformed literal;
* two different values of a functional datatype property.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ..namespace import PREFIXES
from ._result import Clash

__all__ = ["Schema", "find_clashes"]

_DECIMAL_FAMILY = {
    XSD.decimal,
    XSD.integer,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.long,
    XSD.int,
    XSD.short,
    XSD.byte,
    XSD.unsignedLong,
    XSD.unsignedInt,
    XSD.unsignedShort,
    XSD.unsignedByte,
    OWL.real,
    OWL.rational,
}
_STRING_FAMILY = {XSD.string, XSD.normalizedString, XSD.token, XSD.language, XSD.Name, XSD.NCName}
_ANY_LITERAL = {RDFS.Literal, RDF.PlainLiteral}


def _list(graph: Graph, head: Node) -> list[Node]:
    try:
        return list(Collection(graph, head))
    except Exception:  # malformed RDF list
        return []


def _closure(start: Node, edges: dict[Node, set[Node]]) -> set[Node]:
    seen = {start}
    todo = [start]
    while todo:
        node = todo.pop()
        for nxt in edges.get(node, ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


class Schema:
    """The parts of an OWL ontology that the clash finder and type filter need.

    Args:
        graph: The ontology (and the data: data may add its own ``rdfs:subClassOf`` etc.).
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        sub: dict[Node, set[Node]] = defaultdict(set)
        for c, d in graph.subject_objects(RDFS.subClassOf):
            sub[c].add(d)
        for c, d in graph.subject_objects(OWL.equivalentClass):
            sub[c].add(d)
            sub[d].add(c)
            # C == A and B and ...  =>  C is a subclass of each named conjunct
            for part in _list(graph, graph.value(d, OWL.intersectionOf) or RDF.nil):
                sub[c].add(part)
        self._sub = sub
        self._super_cache: dict[Node, set[Node]] = {}

        self.disjoint: dict[Node, dict[Node, str]] = defaultdict(dict)
        for a, b in graph.subject_objects(OWL.disjointWith):
            self._add_disjoint([a, b], f"DisjointClasses(<{a}> <{b}>)")
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            members = _list(graph, graph.value(axiom, OWL.members) or RDF.nil)
            text = "DisjointClasses(" + " ".join(f"<{m}>" for m in members) + ")"
            self._add_disjoint(members, text)
        for c, head in graph.subject_objects(OWL.disjointUnionOf):
            members = _list(graph, head)
            text = f"DisjointUnion(<{c}> " + " ".join(f"<{m}>" for m in members) + ")"
            self._add_disjoint(members, text)

        superprop: dict[Node, set[Node]] = defaultdict(set)
        for p, q in graph.subject_objects(RDFS.subPropertyOf):
            superprop[p].add(q)
        for p, q in graph.subject_objects(OWL.equivalentProperty):
            superprop[p].add(q)
            superprop[q].add(p)
        self._superprop = superprop
        self.domains: dict[Node, set[Node]] = defaultdict(set)
        self.ranges: dict[Node, set[Node]] = defaultdict(set)
        for p, c in graph.subject_objects(RDFS.domain):
            self.domains[p].add(c)
        for p, c in graph.subject_objects(RDFS.range):
            self.ranges[p].add(c)
        self.inverse: dict[Node, set[Node]] = defaultdict(set)
        for p, q in graph.subject_objects(OWL.inverseOf):
            self.inverse[p].add(q)
            self.inverse[q].add(p)
        self.symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
        self.datatype_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        self.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))

    def _add_disjoint(self, members: list[Node], text: str) -> None:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if isinstance(a, URIRef) and isinstance(b, URIRef):
                    self.disjoint[a].setdefault(b, text)
                    self.disjoint[b].setdefault(a, text)

    def superclasses(self, cls: Node) -> set[Node]:
        """Return ``cls`` and all its told superclasses (named or not)."""
        cached = self._super_cache.get(cls)
        if cached is None:
            cached = self._super_cache[cls] = _closure(cls, self._sub)
        return cached

    def superproperties(self, prop: Node) -> set[Node]:
        """Return ``prop`` and all its told super-properties."""
        return _closure(prop, self._superprop)


_PREFIXES = {
    prefix: PREFIXES[prefix]
    for prefix in (
        "gg",
        "org",
        "cv",
        "skos",
        "eli",
        "dct",
        "dcat",
        "foaf",
        "xsd",
        "owl",
        "rdfs",
        "rdf",
    )
}


def _short(node: Node, graph: Graph | None = None) -> str:
    """Return ``prefix:name`` for well-known namespaces, else ``<IRI>``."""
    text = str(node)
    for prefix, namespace in _PREFIXES.items():
        if text.startswith(namespace) and re.fullmatch(r"[A-Za-z_][\w.-]*", text[len(namespace) :]):
            return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>"


def _types_with_reasons(schema: Schema, data: Graph) -> dict[Node, dict[Node, str]]:
    """Return, per individual, each class it belongs to and why (closed under superclasses)."""
    graph = schema.graph
    direct: dict[Node, dict[Node, str]] = defaultdict(dict)
    for s, c in data.subject_objects(RDF.type):
        direct[s].setdefault(c, "stated in the data")
    for s, p, o in data:
        if p == RDF.type:
            continue
        for q in schema.superproperties(p):
            via = "" if q == p else f" (a sub-property of {_short(q, graph)})"
            for c in schema.domains.get(q, ()):
                direct[s].setdefault(
                    c, f"uses {_short(p, graph)}{via}, whose domain is {_short(c, graph)}"
                )
            if isinstance(o, Literal):
                continue
            for c in schema.ranges.get(q, ()):
                direct[o].setdefault(
                    c,
                    f"is the object of {_short(p, graph)}{via}, whose range is {_short(c, graph)}",
                )
            for c in schema.domains.get(q, ()) if q in schema.symmetric else ():
                direct[o].setdefault(c, f"is the object of the symmetric {_short(q, graph)}")
            for r in schema.inverse.get(q, ()):
                for c in schema.domains.get(r, ()):
                    direct[o].setdefault(
                        c, f"is the object of {_short(p, graph)}, the inverse of {_short(r, graph)}"
                    )
                for c in schema.ranges.get(r, ()):
                    direct[s].setdefault(
                        c, f"uses {_short(p, graph)}, the inverse of {_short(r, graph)}"
                    )
    closed: dict[Node, dict[Node, str]] = {}
    for individual, classes in direct.items():
        result: dict[Node, str] = {}
        for c, why in classes.items():
            for sup in schema.superclasses(c):
                if sup == c:
                    result.setdefault(sup, why)
                else:
                    result.setdefault(sup, f"{why}, a subclass of {_short(sup, graph)}")
        closed[individual] = result
    return closed


def _literal_problem(literal: Literal, datatype: Node, graph: Graph) -> str | None:
    """Return why ``literal`` is not a value of ``datatype`` (or ``None`` when it may be)."""
    if getattr(literal, "ill_typed", False):
        return f"{literal!s} is not a valid {_short(literal.datatype or XSD.string, graph)}"
    if isinstance(datatype, BNode):  # a datatype restriction such as xsd:integer[1..8]
        base = graph.value(datatype, OWL.onDatatype)
        if base is None:
            return None
        problem = _literal_problem(literal, base, graph)
        if problem:
            return problem
        try:
            value = Decimal(str(literal))
        except (InvalidOperation, ValueError):
            return None
        for facet in _list(graph, graph.value(datatype, OWL.withRestrictions) or RDF.nil):
            for kind, bound in graph.predicate_objects(facet):
                try:
                    limit = Decimal(str(bound))
                except (InvalidOperation, ValueError):
                    continue
                bad = (
                    (kind == XSD.minInclusive and value < limit)
                    or (kind == XSD.maxInclusive and value > limit)
                    or (kind == XSD.minExclusive and value <= limit)
                    or (kind == XSD.maxExclusive and value >= limit)
                )
                if bad:
                    return f"{literal!s} breaks {_short(kind, graph)} {bound}"
        return None
    if not isinstance(datatype, URIRef) or datatype in _ANY_LITERAL:
        return None
    actual = literal.datatype
    if literal.language is not None:
        actual = RDF.langString
    elif actual is None:
        actual = XSD.string
    if actual == datatype:
        return None
    if datatype in _DECIMAL_FAMILY:
        if actual not in _DECIMAL_FAMILY:
            return f"{literal!s} ({_short(actual, graph)}) is not a number of type {_short(datatype, graph)}"
        if Literal(str(literal), datatype=datatype).ill_typed:
            return f"{literal!s} is not a valid {_short(datatype, graph)}"
        return None
    if datatype in _STRING_FAMILY and actual == RDF.langString:
        return f"{literal!s} has a language tag but the range is {_short(datatype, graph)}"
    if datatype in _STRING_FAMILY and actual in _DECIMAL_FAMILY:
        return f"{literal!s} is a number but the range is {_short(datatype, graph)}"
    return None


def find_clashes(
    schema: Graph | Schema, data: Graph, *, individuals: Iterable[Node] | None = None
) -> list[Clash]:
    """Find individuals of ``data`` that break disjointness or datatype axioms of ``schema``.

    Args:
        schema: The ontology plus the data's own schema triples, as a graph (what
            :func:`reasoning_input` gives); the reasoner passes it already read.
        data: The asserted data.
        individuals: Restrict the search to these nodes (default: every node of the data).

    Returns:
        One :class:`Clash` per individual and clashing axiom, sorted by individual.

    Examples:
        No Java needed: the schema is the ontology plus the data, as :func:`reason` builds it.

        >>> from rdflib import Graph
        >>> from govgraph.reasoning import find_clashes, reasoning_input
        >>> data = Graph().parse(format="turtle", data='''
        ... @prefix gg: <https://w3id.org/govgraph#> .
        ... @prefix ex: <https://example.org/> .
        ... ex:x a gg:Skill , gg:Challenge .
        ... ex:c a gg:Competency ; gg:proficiencyLevel 9 .
        ... ''')
        >>> clashes = find_clashes(reasoning_input(data), data)
        >>> [c.individual for c in clashes]
        ['https://example.org/c', 'https://example.org/x']
        >>> clashes[0].message.split(", but ")[1]
        '9 breaks xsd:maxInclusive 8 (the range of gg:proficiencyLevel)'
        >>> clashes[1].classes
        ('https://w3id.org/govgraph#Challenge', 'https://w3id.org/govgraph#Skill')
    """
    if isinstance(schema, Graph):
        schema = Schema(schema)
    graph = schema.graph
    only = set(individuals) if individuals is not None else None
    clashes: list[Clash] = []

    def name(node: Node) -> str:
        return _short(node, graph)

    def who(node: Node) -> str:
        for predicate in (SKOS.prefLabel, RDFS.label):
            labels = list(data.objects(node, predicate))
            if labels:
                english = [x for x in labels if getattr(x, "language", None) in ("en", None)]
                return f'{_short(node, graph)} ("{(english or labels)[0]}")'
        return _short(node, graph)

    types = _types_with_reasons(schema, data)
    for individual, classes in types.items():
        if only is not None and individual not in only:
            continue
        reported: set[tuple[Node, Node]] = set()
        named = sorted(c for c in classes if isinstance(c, URIRef))
        for a in named:
            for b, axiom in schema.disjoint.get(a, {}).items():
                if b not in classes or (b, a) in reported:
                    continue
                # report only the most specific clashing pair (skip pairs implied by a subpair)
                reported.add((a, b))
                clashes.append(
                    Clash(
                        individual=str(individual),
                        axiom=axiom,
                        classes=(str(a), str(b)),
                        message=(
                            f"{who(individual)} is both a {name(a)} ({classes[a]}) and a "
                            f"{name(b)} ({classes[b]}), but the ontology declares {name(a)} and "
                            f"{name(b)} disjoint: nothing can be both"
                        ),
                    )
                )
    clashes = _most_specific(clashes, schema)

    values: dict[tuple[Node, Node], set[Literal]] = defaultdict(set)
    for s, p, o in data:
        if not isinstance(o, Literal) or (only is not None and s not in only):
            continue
        for q in schema.superproperties(p):
            for datatype in schema.ranges.get(q, ()):
                problem = _literal_problem(o, datatype, graph)
                if problem:
                    clashes.append(
                        Clash(
                            individual=str(s),
                            axiom=f"DataPropertyRange(<{q}> {_datatype_text(datatype, graph)})",
                            classes=(str(datatype),) if isinstance(datatype, URIRef) else (),
                            message=(
                                f"{who(s)} has {name(p)} {o!s}, but {problem} "
                                f"(the range of {name(q)})"
                            ),
                        )
                    )
            if q in schema.functional and q in schema.datatype_properties:
                values[(s, q)].add(o)
        if getattr(o, "ill_typed", False) and not schema.ranges.get(p):
            clashes.append(
                Clash(
                    individual=str(s),
                    axiom=f"DataPropertyAssertion(<{p}> <{s}> {o.n3()})",
                    message=f"{who(s)} has {name(p)} {o!s}, which is not a valid {name(o.datatype or XSD.string)}",
                )
            )
    for (s, q), literals in values.items():
        distinct = {lit.toPython() if not lit.ill_typed else str(lit) for lit in literals}
        if len(distinct) > 1:
            shown = ", ".join(sorted(str(v) for v in literals))
            clashes.append(
                Clash(
                    individual=str(s),
                    axiom=f"FunctionalDataProperty(<{q}>)",
                    message=f"{who(s)} has several values of the functional {name(q)}: {shown}",
                )
            )
    clashes.sort(key=lambda c: (c.individual or "", c.axiom))
    return clashes


def _datatype_text(datatype: Node, graph: Graph) -> str:
    if isinstance(datatype, URIRef):
        return f"<{datatype}>"
    base = graph.value(datatype, OWL.onDatatype)
    return f"DatatypeRestriction(<{base}> ...)" if base is not None else "DataRange(...)"


def _most_specific(clashes: list[Clash], schema: Schema) -> list[Clash]:
    """Drop a clash (A, B) when the same individual has a clash (A', B') with A' below A, B' below B."""
    by_individual: dict[str | None, list[Clash]] = defaultdict(list)
    for clash in clashes:
        by_individual[clash.individual].append(clash)
    kept: list[Clash] = []
    for group in by_individual.values():
        for clash in group:
            a, b = (URIRef(c) for c in clash.classes)
            implied = False
            for other in group:
                if other is clash:
                    continue
                x, y = (URIRef(c) for c in other.classes)
                for p, q in ((x, y), (y, x)):
                    if (
                        a in schema.superclasses(p)
                        and b in schema.superclasses(q)
                        and (p, q) != (a, b)
                    ):
                        implied = True
            if not implied:
                kept.append(clash)
    return kept
