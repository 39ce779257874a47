"""Fast SHACL validation: SHACL Core shapes compiled to SPARQL queries the store answers.

pyshacl stays the reference engine. This module compiles the SHACL Core subset that govgraph's
shapes use into a few SPARQL 1.1 SELECT queries per shape (one pass each), runs them on any
:class:`~govgraph.store.Store` (Oxigraph in memory or on disk, or a remote SPARQL endpoint) and
builds the same :class:`~govgraph.validation.ValidationResult` objects pyshacl's report gives:
same focus node, path, value, severity, message (the shape's ``sh:message`` or pyshacl's own
wording), source shape and constraint component.

Semantics follow pyshacl on an rdflib graph, including its quirks:

* The ontology is background knowledge exactly as for the reference engine
  (:func:`~govgraph.validation.background`: every ontology triple between named terms, such as the
  class hierarchy and the types of the ontology's own individuals like ``gg:EULevel``). Those
  triples are injected into the queries as ``VALUES`` blocks, so the store needs no ontology
  triples. ``sh:targetClass`` and ``sh:class`` use the ``rdfs:subClassOf*`` closure over ontology
  and data, computed in Python.
* Plain literals: Oxigraph types them ``xsd:string`` (RDF 1.1), rdflib leaves them untyped;
  ``sh:datatype xsd:string`` accepts both, as pyshacl does on an rdflib graph.
* Value checks whose outcome depends on rdflib's datatype handling (ill-typed literals, range
  comparisons, Python regular expressions) are pre-filtered in SPARQL with a condition that never
  misses a violation, and the few candidates are decided in Python with pyshacl's own rules.
* Findings on ontology nodes that the data does not describe are dropped, as in
  :func:`~govgraph.validation.validate_graph`.

Shapes that use anything else (``sh:node``, ``sh:or``, ``sh:qualifiedValueShape``, complex
property paths, SHACL-SPARQL, ...) are not compiled: :func:`compile_shapes` raises
:class:`NotCompilableError` and :meth:`GovGraph.validate` with ``engine="auto"`` falls back to
pyshacl. Nothing is silently skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import RDF, RDFS, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS
from rdflib.term import Node

from .._exceptions import ConfigurationError
from ._report import Severity, ValidationReport, ValidationResult

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "CompiledShapes",
    "NotCompilableError",
    "compile_shapes",
    "validate_store",
]

_SH = str(SH)
_BATCH = 500

#: Predicates of a shape that do not constrain anything (or that we read elsewhere).
_NON_CONSTRAINT = {
    SH.path,
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.severity,
    SH.message,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.flags,
}
#: Constraint parameters this engine compiles.
_SUPPORTED = {
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH["class"],
    SH.nodeKind,
    SH["in"],
    SH.hasValue,
    SH.minInclusive,
    SH.maxInclusive,
    SH.minExclusive,
    SH.maxExclusive,
    SH.pattern,
    SH.languageIn,
    SH.uniqueLang,
    SH.minLength,
    SH.maxLength,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH["or"],
    SH["and"],
    SH["not"],
}


class NotCompilableError(ConfigurationError):
    """The shapes use SHACL features the SPARQL engine does not compile (use pyshacl)."""


# --------------------------------------------------------------------------- terms and text


def _sparql_term(term: Node) -> str:
    """Write an IRI or literal for a query (blank nodes cannot be written)."""
    if isinstance(term, URIRef):
        value = str(term)
        if re.search(r'[\x00-\x20<>"{}|^`\\]', value):
            raise NotCompilableError(f"the IRI {value!r} cannot be written in SPARQL")
        return f"<{value}>"
    if isinstance(term, Literal):
        lexical = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{lexical}"@{term.language}'
        if term.datatype is not None and term.datatype != XSD.string:
            return f'"{lexical}"^^<{term.datatype}>'
        return f'"{lexical}"'
    raise NotCompilableError(f"blank node {term!r} cannot be used in a compiled query")


def _values(variable: str, terms: Iterable[Node]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(_sparql_term(t) for t in terms)} }}"


def _data_stringify(node: Node, prefixes: Graph) -> str:
    """Pyshacl's rendering of a data node (with the prefixes of pyshacl's mixed data graph)."""
    from pyshacl.rdfutil import stringify_node

    return str(stringify_node(prefixes, node))


# --------------------------------------------------------------------------- background


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
    from ._pyshacl import background

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


# --------------------------------------------------------------------------- compiled shapes


@dataclass(frozen=True)
class _Target:
    kind: str  # "class" | "node" | "subjectsOf" | "objectsOf"
    term: Node


@dataclass(frozen=True)
class _Path:
    node: Node  # the sh:path object in the shapes graph
    predicate: URIRef
    inverse: bool

    @property
    def text(self) -> str:
        return f"^<{self.predicate}>" if self.inverse else str(self.predicate)


@dataclass
class _ValueConstraint:
    """A per-value-node constraint: a SPARQL pre-filter plus pyshacl's exact rule."""

    component: URIRef
    prefilter: Callable[[_Context], str]  # SPARQL expression over ?v, true for candidates
    violates: Callable[[Node], bool]  # exact decision on an rdflib term
    message: Callable[[Node, Node, Graph], str]  # generic message (focus, value, prefixes)
    #: For sh:or / sh:and / sh:not: the member shapes' own value constraints.
    members: list[list[_ValueConstraint]] | None = None
    logic: str = ""

    def leaves(self) -> list[_ValueConstraint]:
        """The simple constraints whose pre-filters become flag columns of the query."""
        if self.members is None:
            return [self]
        return [leaf for member in self.members for leaf in member]

    def candidate(self, flags: list[str]) -> str:
        """SPARQL condition (over this constraint's flag variables) that keeps a row."""
        if self.members is None:
            return flags[0]
        parts: list[str] = []
        i = 0
        for member in self.members:
            names = flags[i : i + len(member)]
            i += len(member)
            parts.append("(" + " || ".join(names) + ")" if names else "false")
        if self.logic == "or":
            return " && ".join(parts)
        if self.logic == "and":
            return " || ".join(parts)
        return "true"

    def decide(self, flags: list[bool], value: Node) -> bool:
        """Exact decision from the flag values of this constraint's leaves."""
        if self.members is None:
            return flags[0] and self.violates(value)
        violated: list[bool] = []
        i = 0
        for member in self.members:
            bad = False
            for leaf in member:
                if flags[i] and leaf.violates(value):
                    bad = True
                i += 1
            violated.append(bad)
        if self.logic == "or":
            return all(violated)
        if self.logic == "and":
            return any(violated)
        return not violated[0]


@dataclass
class _Check:
    """One shape (node or property) with its focus targets and compiled constraints."""

    shape: Node
    path: _Path | None
    targets: list[_Target]
    severity: Severity
    messages: tuple[str, ...]
    min_count: Literal | None = None
    max_count: Literal | None = None
    count_message: Callable[[Node, str, Graph], str] | None = None
    values: list[_ValueConstraint] = field(default_factory=list)
    has_values: list[Node] = field(default_factory=list)
    has_value_message: Callable[[Node, Graph], str] | None = None
    unique_lang: bool = False
    pairs: list[_PairConstraint] = field(default_factory=list)


@dataclass
class _PairConstraint:
    """``sh:lessThan`` / ``sh:lessThanOrEquals``: value nodes against another property's values."""

    component: URIRef
    predicate: URIRef
    or_equal: bool
    message: Callable[[Node, Node, Graph], str]

    def violates(self, value: Node, other: Node) -> bool:
        """Pyshacl's ``_compare_lt`` / ``_compare_ltoe`` for one pair."""
        if isinstance(value, BNode) or isinstance(other, BNode):
            raise NotCompilableError(
                "sh:lessThan(OrEquals) met a blank node; pyshacl reports this as an error"
            )
        a: Any = value
        b: Any = other
        a_str = b_str = False
        if isinstance(a, URIRef):
            a, a_str = str(a), True
        elif isinstance(a, Literal) and isinstance(a.value, str):
            a, a_str = a.value, True
        if isinstance(b, URIRef):
            b, b_str = str(b), True
        elif isinstance(b, Literal) and isinstance(b.value, str):
            b, b_str = b.value, True
        if a_str != b_str:
            return True
        return not (a <= b if self.or_equal else a < b)


@dataclass
class CompiledShapes:
    """SHACL Core shapes compiled to SPARQL (see :func:`compile_shapes`).

    Attributes:
        checks: One entry per shape that has focus nodes (shapes without targets never report).
        shapes: The shapes graph they were compiled from.
    """

    checks: list[_Check]
    shapes: Graph

    def validate(self, store: Store, *, ontology: Graph | None = None) -> ValidationReport:
        """Validate the data of ``store`` (see :func:`validate_store`)."""
        return _run(self, store, ontology)


def _one(shapes: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(shapes.objects(node, predicate))
    if len(values) > 1:
        raise NotCompilableError(f"shape {node} has several values for <{predicate}>")
    return values[0] if values else None


def _is_deactivated(shapes: Graph, node: Node) -> bool:
    value = _one(shapes, node, SH.deactivated)
    return isinstance(value, Literal) and bool(value.value)


def _targets(shapes: Graph, node: Node) -> list[_Target]:
    found = []
    for kind, predicate in (
        ("class", SH.targetClass),
        ("node", SH.targetNode),
        ("subjectsOf", SH.targetSubjectsOf),
        ("objectsOf", SH.targetObjectsOf),
    ):
        for term in shapes.objects(node, predicate):
            if isinstance(term, BNode):
                raise NotCompilableError(f"shape {node}: blank-node target {predicate}")
            if kind in ("class", "subjectsOf", "objectsOf") and not isinstance(term, URIRef):
                raise NotCompilableError(f"shape {node}: {predicate} needs an IRI")
            found.append(_Target(kind, term))
    return found


def _check_supported(shapes: Graph, node: Node) -> None:
    for predicate in set(shapes.predicates(node)):
        if str(predicate).startswith(_SH) and predicate not in _NON_CONSTRAINT | _SUPPORTED:
            raise NotCompilableError(
                f"shape {_shape_name(shapes, node)} uses {predicate.n3(shapes.namespace_manager)}, "
                "which the SPARQL engine does not compile; use engine='pyshacl'"
            )
    for kind in (RDFS.Class, OWL.Class):
        if (node, RDF.type, kind) in shapes:
            raise NotCompilableError(
                f"shape {_shape_name(shapes, node)} is also a class (implicit class target)"
            )


def _shape_name(shapes: Graph, node: Node) -> str:
    from pyshacl.rdfutil import stringify_node

    return str(stringify_node(shapes, node))


def _all_shapes(shapes: Graph) -> set[Node]:
    nodes: set[Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        nodes.update(shapes.subjects(RDF.type, kind))
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        nodes.update(shapes.subjects(predicate, None))
    nodes.update(shapes.objects(None, SH.property))
    nodes.update(shapes.subjects(SH.path, None))
    return nodes


def compile_shapes(shapes: Graph) -> CompiledShapes:
    """Compile SHACL Core shapes into SPARQL checks.

    Args:
        shapes: The shapes graph (the same object must be used for pyshacl comparisons, because
            blank-node property shapes are reported by their blank-node id).

    Returns:
        The compiled shapes, ready for :meth:`CompiledShapes.validate`.

    Raises:
        NotCompilableError: A shape uses a feature outside the compiled subset (the message names
            the shape and the feature); validate with pyshacl instead.
    """
    all_shapes = _all_shapes(shapes)
    for node in all_shapes:
        _check_supported(shapes, node)
    parents: dict[Node, list[Node]] = {}
    for parent, child in shapes.subject_objects(SH.property):
        parents.setdefault(child, []).append(parent)
        if (None, SH.property, parent) in shapes:
            raise NotCompilableError(f"nested property shapes under {_shape_name(shapes, parent)}")
        if (parent, SH.path, None) in shapes:
            raise NotCompilableError(
                f"property shape {_shape_name(shapes, parent)} has sh:property (nested paths)"
            )
    checks: list[_Check] = []
    for node in sorted(all_shapes, key=str):
        if _is_deactivated(shapes, node):
            continue
        targets = _targets(shapes, node)
        for parent in parents.get(node, []):
            if not _is_deactivated(shapes, parent):
                targets.extend(_targets(shapes, parent))
        if not targets:
            continue
        check = _compile_shape(shapes, node, list(dict.fromkeys(targets)))
        if check is not None:
            checks.append(check)
    return CompiledShapes(checks=checks, shapes=shapes)


def _compile_path(shapes: Graph, node: Node) -> _Path | None:
    path = _one(shapes, node, SH.path)
    if path is None:
        return None
    if isinstance(path, URIRef):
        return _Path(path, path, False)
    if isinstance(path, BNode):
        predicates = set(shapes.predicates(path))
        inverse = _one(shapes, path, SH.inversePath)
        if predicates == {SH.inversePath} and isinstance(inverse, URIRef):
            return _Path(path, inverse, True)
    raise NotCompilableError(
        f"shape {_shape_name(shapes, node)}: only IRI and sh:inversePath paths are compiled"
    )


def _compile_shape(shapes: Graph, node: Node, targets: list[_Target]) -> _Check | None:
    from pyshacl.rdfutil import stringify_node

    def sg(term: Node) -> str:
        return str(stringify_node(shapes, term))

    path = _compile_path(shapes, node)
    severity_node = _one(shapes, node, SH.severity)
    severity = (
        Severity.from_iri(str(severity_node)) if severity_node is not None else Severity.VIOLATION
    )
    messages = tuple(sorted(str(m) for m in shapes.objects(node, SH.message) if str(m)))
    check = _Check(shape=node, path=path, targets=targets, severity=severity, messages=messages)
    predicates = set(shapes.predicates(node)) & _SUPPORTED
    if not predicates:
        return None

    if path is None and predicates & {SH.minCount, SH.maxCount, SH.uniqueLang}:
        raise NotCompilableError(f"node shape {sg(node)} has a cardinality constraint")
    if path is not None:
        path_text = sg(path.node)
        check.min_count = _count(shapes, node, SH.minCount)
        check.max_count = _count(shapes, node, SH.maxCount)

        def count_message(focus: Node, which: str, prefixes: Graph) -> str:
            bound = check.min_count if which == "min" else check.max_count
            assert bound is not None
            word = "Less" if which == "min" else "More"
            return f"{word} than {bound.value} values on {_data_stringify(focus, prefixes)}->{path_text}"

        check.count_message = count_message

    check.values.extend(_value_constraints(shapes, node, sg))
    check.values.extend(_logical_constraints(shapes, node, sg))
    has_values = list(shapes.objects(node, SH.hasValue))
    if has_values:
        if any(isinstance(h, BNode) for h in has_values):
            raise NotCompilableError(f"shape {sg(node)}: sh:hasValue with a blank node")
        check.has_values = has_values
        the_set = [sg(h) for h in set(has_values)]
        if path is not None:
            p_text = sg(path.node)
            check.has_value_message = lambda focus, prefixes: (
                f"Node {_data_stringify(focus, prefixes)}->{p_text} does not contain a value in the set: "
                f"{the_set}"
            )
        else:
            check.has_value_message = lambda focus, prefixes: (
                f"Node {_data_stringify(focus, prefixes)} value is not a in the set of values: {the_set}"
            )
    for parameter, or_equal in ((SH.lessThan, False), (SH.lessThanOrEquals, True)):
        for other in shapes.objects(node, parameter):
            if path is None or not isinstance(other, URIRef):
                raise NotCompilableError(f"shape {sg(node)}: {parameter} needs a path and an IRI")
            check.pairs.append(_pair_constraint(shapes, parameter, other, or_equal))
    unique = _one(shapes, node, SH.uniqueLang)
    check.unique_lang = isinstance(unique, Literal) and unique.value is True
    return check


def _pair_constraint(
    shapes: Graph, parameter: URIRef, other: URIRef, or_equal: bool
) -> _PairConstraint:
    from types import SimpleNamespace

    from pyshacl.constraints.core import property_pair_constraints as ppc

    cls = ppc.LessThanOrEqualsConstraintComponent if or_equal else ppc.LessThanConstraintComponent
    fake = SimpleNamespace(
        property_compare_set=set(shapes.objects(None, parameter)) & {other} or {other},
        shape=SimpleNamespace(sg=SimpleNamespace(graph=shapes)),
    )

    def message(focus: Node, value: Node, prefixes: Graph) -> str:
        return str(cls.make_generic_messages(fake, prefixes, focus, value)[0])  # type: ignore[arg-type]

    component = (
        SH.LessThanOrEqualsConstraintComponent if or_equal else SH.LessThanConstraintComponent
    )
    return _PairConstraint(component=component, predicate=other, or_equal=or_equal, message=message)


def _value_constraints(
    shapes: Graph, node: Node, sg: Callable[[Node], str]
) -> list[_ValueConstraint]:
    """The per-value-node constraints of one shape (or one member of sh:or/sh:and/sh:not)."""
    out: list[_ValueConstraint] = []
    datatype = _one(shapes, node, SH.datatype)
    if datatype is not None:
        out.append(_datatype_constraint(datatype, sg))
    classes = list(shapes.objects(node, SH["class"]))
    if classes:
        out.append(_class_constraint(classes, sg))
    kind = _one(shapes, node, SH.nodeKind)
    if kind is not None:
        out.append(_node_kind_constraint(kind, sg))
    in_list = _one(shapes, node, SH["in"])
    if in_list is not None:
        out.append(_in_constraint(shapes, in_list, sg))
    for parameter, op in (
        (SH.minInclusive, ">="),
        (SH.minExclusive, ">"),
        (SH.maxInclusive, "<="),
        (SH.maxExclusive, "<"),
    ):
        bounds = list(shapes.objects(node, parameter))
        if bounds:
            out.append(_range_constraint(parameter, op, bounds, sg))
    patterns = list(shapes.objects(node, SH.pattern))
    if patterns:
        flags = next(iter(shapes.objects(node, SH.flags)), None)
        out.append(_pattern_constraint(patterns, flags))
    languages = _one(shapes, node, SH.languageIn)
    if languages is not None:
        out.append(_language_constraint(shapes, languages, sg))
    for parameter, longer in ((SH.minLength, False), (SH.maxLength, True)):
        bound = _one(shapes, node, parameter)
        if bound is not None:
            out.append(_length_constraint(bound, longer))
    return out


_MEMBER_ALLOWED = (
    _NON_CONSTRAINT
    | (_SUPPORTED - {SH.minCount, SH.maxCount, SH.uniqueLang, SH.lessThan, SH.lessThanOrEquals})
    | {RDF.type}
)
_LOGIC = {SH["or"]: "or", SH["and"]: "and", SH["not"]: "not"}


def _member_constraints(
    shapes: Graph, member: Node, sg: Callable[[Node], str]
) -> list[_ValueConstraint]:
    predicates = set(shapes.predicates(member))
    bad = {p for p in predicates if str(p).startswith(_SH) and p not in _MEMBER_ALLOWED}
    if bad or predicates & {SH.path, SH.property, SH.targetClass, SH.targetNode}:
        raise NotCompilableError(
            f"shape {sg(member)} inside sh:or/sh:and/sh:not uses "
            f"{', '.join(sorted(str(p) for p in bad)) or 'paths or targets'}; only simple node "
            "constraints are compiled"
        )
    found = _value_constraints(shapes, member, sg)
    for has_value in shapes.objects(member, SH.hasValue):
        if isinstance(has_value, BNode):
            raise NotCompilableError("sh:hasValue with a blank node inside sh:or/sh:and/sh:not")
        written = _sparql_term(has_value)
        found.append(
            _ValueConstraint(
                component=SH.HasValueConstraintComponent,
                prefilter=lambda ctx, w=written: f"!sameTerm(?v, {w})",  # type: ignore[misc]
                violates=lambda v, h=has_value: v != h,  # type: ignore[misc]
                message=lambda f, v, g: "",
            )
        )
    return found


def _logical_constraints(
    shapes: Graph, node: Node, sg: Callable[[Node], str]
) -> list[_ValueConstraint]:
    from types import SimpleNamespace

    from pyshacl.constraints.core import logical_constraints as lc

    out: list[_ValueConstraint] = []
    for parameter, logic in _LOGIC.items():
        lists = list(shapes.objects(node, parameter))
        if not lists:
            continue
        if logic == "not":
            cls: Any = lc.NotConstraintComponent
            fake = SimpleNamespace(
                not_list=lists, shape=SimpleNamespace(sg=SimpleNamespace(graph=shapes))
            )
            groups = [[m] for m in lists]
        else:
            cls = lc.OrConstraintComponent if logic == "or" else lc.AndConstraintComponent
            fake = SimpleNamespace(shape=SimpleNamespace(sg=SimpleNamespace(graph=shapes)))
            setattr(fake, f"{logic}_list", lists)
            groups = [list(shapes.items(lst)) for lst in lists]
            if any(not g for g in groups):
                raise NotCompilableError(f"shape {sg(node)}: empty {parameter} list")

        def message(
            focus: Node, value: Node, prefixes: Graph, cls: Any = cls, fake: Any = fake
        ) -> str:
            return str(cls.make_generic_messages(fake, prefixes, focus, value)[0])

        component = {
            "or": SH.OrConstraintComponent,
            "and": SH.AndConstraintComponent,
            "not": SH.NotConstraintComponent,
        }[logic]
        # each sh:or / sh:and list (each sh:not shape) is evaluated on its own, as by pyshacl
        for group in groups:
            members = [_member_constraints(shapes, m, sg) for m in group]
            out.append(
                _ValueConstraint(
                    component=component,
                    prefilter=lambda ctx: "true",
                    violates=lambda v: True,
                    message=message,
                    members=members,
                    logic=logic,
                )
            )
    return out


def _count(shapes: Graph, node: Node, predicate: URIRef) -> Literal | None:
    value = _one(shapes, node, predicate)
    if value is None:
        return None
    if not isinstance(value, Literal) or not isinstance(value.value, int) or value.value < 0:
        raise NotCompilableError(f"shape {node}: {predicate} must be a non-negative integer")
    return value


# ---- value constraints

# Lexical forms that rdflib surely accepts for a datatype (anything else is checked in Python).
_SAFE_LEXICAL = {
    XSD.integer: "^-?[0-9]{1,15}$",
    XSD.long: "^-?[0-9]{1,15}$",
    XSD.nonNegativeInteger: "^[0-9]{1,15}$",
    XSD.positiveInteger: "^[1-9][0-9]{0,14}$",
    XSD.decimal: "^-?[0-9]{1,15}([.][0-9]{1,15})?$",
    XSD.double: "^-?[0-9]{1,15}([.][0-9]{1,15})?$",
    XSD.float: "^-?[0-9]{1,6}([.][0-9]{1,6})?$",
    XSD.boolean: "^(true|false)$",
    XSD.date: "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
    XSD.dateTime: (
        "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:"
        "[0-5][0-9](Z|[+-](0[0-9]|1[0-3]):[0-5][0-9])?$"
    ),
}


def _datatype_constraint(datatype: Node, sg: Callable[[Node], str]) -> _ValueConstraint:
    from pyshacl.constraints.core.value_constraints import DatatypeConstraintComponent
    from rdflib.term import _toPythonMapping

    if not isinstance(datatype, URIRef):
        raise NotCompilableError(f"sh:datatype {datatype!r} is not an IRI")
    assert_actual = DatatypeConstraintComponent._assert_actual_datatype

    def matches(v: Node) -> bool:  # pyshacl's DatatypeConstraintComponent.evaluate, per value
        if not isinstance(v, Literal):
            return False
        if v.datatype == datatype:
            if getattr(v, "ill_typed", None) is True:
                return False
            return bool(assert_actual(None, v, datatype))  # type: ignore[arg-type]
        if datatype == RDFS.Literal:
            return True
        if datatype == RDFS.Datatype and v.datatype:
            return True
        if v.datatype is None and v.language is None and datatype == XSD.string:
            return bool(assert_actual(None, v, datatype))  # type: ignore[arg-type]
        if datatype == RDF.langString and v.language:
            return bool(assert_actual(None, v, datatype))  # type: ignore[arg-type]
        return False

    dt = _sparql_term(datatype)
    if datatype == RDFS.Literal:
        condition = "!isLiteral(?v)"
    elif datatype in (XSD.string, RDF.langString):
        condition = f"!isLiteral(?v) || DATATYPE(?v) != {dt}"
    elif datatype == RDFS.Datatype:
        condition = "true"
    elif datatype in _SAFE_LEXICAL:
        pattern = _sparql_term(Literal(_SAFE_LEXICAL[datatype]))
        condition = f"!isLiteral(?v) || DATATYPE(?v) != {dt} || !REGEX(STR(?v), {pattern})"
    elif datatype in _toPythonMapping:
        condition = "true"  # rdflib may find any lexical form ill-typed: decide in Python
    else:
        condition = f"!isLiteral(?v) || DATATYPE(?v) != {dt}"
    text = f"Value is not Literal with datatype {sg(datatype)}"
    return _ValueConstraint(
        component=SH.DatatypeConstraintComponent,
        prefilter=lambda ctx: condition,
        violates=lambda v: not matches(v),
        message=lambda f, v, g: text,
    )


def _class_constraint(classes: list[Node], sg: Callable[[Node], str]) -> _ValueConstraint:
    for cls in classes:
        if not isinstance(cls, URIRef):
            raise NotCompilableError(f"sh:class {cls!r} is not an IRI")
    if len(classes) < 2:
        text = f"Value does not have class {sg(classes[0])}"
    else:
        text = "Value class is not in classes ({})".format(", ".join(sg(c) for c in classes))

    def prefilter(ctx: _Context) -> str:
        parts = []
        for i, cls in enumerate(classes):
            subclasses = ctx.subclasses(cls)
            data = f"NOT EXISTS {{ {_values(f'k{i}', sorted(subclasses, key=str))} ?v a ?k{i} }}"
            known = ctx.background_instances(subclasses)
            if known:
                listed = ", ".join(_sparql_term(n) for n in sorted(known, key=str))
                data = f"(!(?v IN ({listed})) && {data})"
            parts.append(data)
        return "isLiteral(?v) || " + " || ".join(parts)

    return _ValueConstraint(
        component=SH.ClassConstraintComponent,
        prefilter=prefilter,
        violates=lambda v: True,  # the SPARQL condition is exact
        message=lambda f, v, g: text,
    )


_NODE_KINDS = {
    SH.IRI: ("isIRI(?v)", (URIRef,)),
    SH.BlankNode: ("isBlank(?v)", (BNode,)),
    SH.Literal: ("isLiteral(?v)", (Literal,)),
    SH.BlankNodeOrIRI: ("!isLiteral(?v)", (BNode, URIRef)),
    SH.BlankNodeOrLiteral: ("!isIRI(?v)", (BNode, Literal)),
    SH.IRIOrLiteral: ("!isBlank(?v)", (URIRef, Literal)),
}


def _node_kind_constraint(kind: Node, sg: Callable[[Node], str]) -> _ValueConstraint:
    if kind not in _NODE_KINDS:
        raise NotCompilableError(f"unknown sh:nodeKind {kind!r}")
    ok, types = _NODE_KINDS[kind]  # type: ignore[index]
    text = f"Value is not of Node Kind {sg(kind)}"
    return _ValueConstraint(
        component=SH.NodeKindConstraintComponent,
        prefilter=lambda ctx: f"!({ok})",
        violates=lambda v: not isinstance(v, types),
        message=lambda f, v, g: text,
    )


def _in_constraint(shapes: Graph, in_list: Node, sg: Callable[[Node], str]) -> _ValueConstraint:
    members: set[Node] = set()
    for item in shapes.items(in_list):
        if isinstance(item, BNode):
            raise NotCompilableError("sh:in with a blank-node member")
        members.add(item)
    listed = [sg(m) for m in members]
    written = [_sparql_term(m) for m in members]
    condition = (
        "!(" + " || ".join(f"sameTerm(?v, {w})" for w in written) + ")" if written else "true"
    )
    return _ValueConstraint(
        component=SH.InConstraintComponent,
        prefilter=lambda ctx: condition,
        violates=lambda v: v not in members,
        message=lambda f, v, g: f"Value {_data_stringify(v, g)} not in list {listed}",
    )


_RANGE_COMPONENTS = {
    SH.minInclusive: (SH.MinInclusiveConstraintComponent, lambda c: c >= 0),
    SH.minExclusive: (SH.MinExclusiveConstraintComponent, lambda c: c > 0),
    SH.maxInclusive: (SH.MaxInclusiveConstraintComponent, lambda c: c <= 0),
    SH.maxExclusive: (SH.MaxExclusiveConstraintComponent, lambda c: c < 0),
}


def _range_constraint(
    parameter: URIRef, op: str, bounds: list[Node], sg: Callable[[Node], str]
) -> _ValueConstraint:
    from pyshacl.rdfutil.compare import compare_literal

    component, accept = _RANGE_COMPONENTS[parameter]
    numeric = (
        XSD.integer,
        XSD.decimal,
        XSD.double,
        XSD.float,
        XSD.int,
        XSD.long,
        XSD.nonNegativeInteger,
        XSD.positiveInteger,
        XSD.date,
        XSD.dateTime,
    )
    for bound in bounds:
        if not isinstance(bound, Literal) or bound.datatype not in numeric or bound.ill_typed:
            raise NotCompilableError(
                f"{parameter}: only numeric and date bounds are compiled (got {bound!r})"
            )

    def violates(v: Node) -> bool:  # pyshacl's value range rule, per value
        for bound in bounds:
            assert isinstance(bound, Literal)
            flag = False
            if isinstance(v, Literal) and not isinstance(v.value, str):
                try:
                    flag = bool(accept(compare_literal(v, bound)))
                except (TypeError, NotImplementedError):
                    flag = False
            if not flag:
                return True
        return False

    symbol = op
    if len(bounds) < 2:
        text = f"Value is not {symbol} {sg(bounds[0])}"
    else:
        text = "Value is not {} in ({})".format(symbol, ", ".join(sg(b) for b in bounds))

    def comparable(bound: Literal) -> str:
        # values that are not of the bound's kind are decided in Python (some endpoints compare
        # a date with a number without an error)
        if bound.datatype in (XSD.date, XSD.dateTime):
            return f"DATATYPE(?v) = {_sparql_term(bound.datatype)}"
        return "isNumeric(?v)"

    condition = " || ".join(
        f"!COALESCE(isLiteral(?v) && {comparable(b)} && ?v {op} {_sparql_term(b)}, false)"
        for b in bounds
        if isinstance(b, Literal)
    )
    return _ValueConstraint(
        component=component,
        prefilter=lambda ctx: condition,
        violates=violates,
        message=lambda f, v, g: text,
    )


def _value_string(v: Node) -> str:
    """Pyshacl's ``value_node_to_string``."""
    if isinstance(v, Literal):
        if v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            return str(v.value)
        return str(v)
    return str(v)


# Regular expression syntax whose XPath (SPARQL) and Python meanings agree closely enough that a
# SPARQL match implies a Python match; other patterns are decided entirely in Python.
_UNSAFE_REGEX = re.compile(r"\\[wWsSbBAZzpPuUx0-9]|\(\?|\[\[|&&|--")


def _pattern_constraint(patterns: list[Node], flags: Node | None) -> _ValueConstraint:
    compiled = []
    flag_text = str(flags.value).lower() if isinstance(flags, Literal) else ""
    re_flags = (re.I if "i" in flag_text else 0) | (re.M if "m" in flag_text else 0)
    for p in patterns:
        if not isinstance(p, Literal):
            raise NotCompilableError("sh:pattern must be a literal")
        text = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
        try:
            compiled.append(re.compile(text, re_flags))
        except re.error as exc:
            raise NotCompilableError(
                f"sh:pattern {text!r} is not a valid expression: {exc}"
            ) from exc
    sparql_flags = "".join(f for f in "im" if f in flag_text)
    safe = all(not _UNSAFE_REGEX.search(c.pattern) for c in compiled)
    if safe:
        condition = "isBlank(?v) || " + " || ".join(
            f"!REGEX(STR(?v), {_sparql_term(Literal(c.pattern))}, {_sparql_term(Literal(sparql_flags))})"
            for c in compiled
        )
    else:
        condition = "true"

    def violates(v: Node) -> bool:
        if isinstance(v, BNode):
            return True
        text = _value_string(v)
        return any(not (c.match(text) or c.search(text)) for c in compiled)

    if len(patterns) < 2:
        message = f"Value does not match pattern '{_lexical_value(patterns[0])}'"
    else:
        joined = "', '".join(_lexical_value(p) for p in patterns)
        message = f"Value does not match every pattern in ('{joined}')"
    return _ValueConstraint(
        component=SH.PatternConstraintComponent,
        prefilter=lambda ctx: condition,
        violates=violates,
        message=lambda f, v, g: message,
    )


def _language_constraint(
    shapes: Graph, languages: Node, sg: Callable[[Node], str]
) -> _ValueConstraint:
    need: set[str] = set()
    for item in shapes.items(languages):
        if not isinstance(item, Literal) or not isinstance(item.value, str):
            raise NotCompilableError("sh:languageIn members must be strings")
        need.add(str(item.value).lower())
    wildcard = "*" in need

    def ok(v: Node) -> bool:
        if isinstance(v, Literal) and v.language:
            lang = str(v.language).lower()
            return wildcard or lang in need or lang.split("-")[0] in need
        return False

    listed = ", ".join(_sparql_term(Literal(x)) for x in sorted(need)) or '""'
    if wildcard:
        condition = '!isLiteral(?v) || LANG(?v) = ""'
    else:
        condition = (
            '!isLiteral(?v) || LANG(?v) = "" || !(LCASE(LANG(?v)) IN ('
            + listed
            + ') || LCASE(IF(CONTAINS(LANG(?v), "-"), STRBEFORE(LANG(?v), "-"), LANG(?v))) IN ('
            + listed
            + "))"
        )
    text = f"String language is not in {sg(languages)}"
    return _ValueConstraint(
        component=SH.LanguageInConstraintComponent,
        prefilter=lambda ctx: condition,
        violates=lambda v: not ok(v),
        message=lambda f, v, g: text,
    )


def _length_constraint(bound: Node, longer: bool) -> _ValueConstraint:
    if not isinstance(bound, Literal) or not isinstance(bound.value, int) or bound.value < 0:
        raise NotCompilableError("sh:minLength/sh:maxLength must be a non-negative integer")
    n = int(bound.value)

    def violates(v: Node) -> bool:
        if longer:
            return isinstance(v, BNode) or len(_value_string(v)) > n
        if n == 0:
            return False
        return isinstance(v, BNode) or len(_value_string(v)) < n

    if longer:
        condition = f"isBlank(?v) || STRLEN(STR(?v)) > {n}"
        component = SH.MaxLengthConstraintComponent
        word = "<="
    else:
        condition = "false" if n == 0 else f"isBlank(?v) || STRLEN(STR(?v)) < {n}"
        component = SH.MinLengthConstraintComponent
        word = ">="
    return _ValueConstraint(
        component=component,
        prefilter=lambda ctx: condition,
        violates=violates,
        message=lambda f, v, g: f"String length not {word} {_data_stringify(bound, g)}",
    )


# --------------------------------------------------------------------------- running


def _focus_pattern(ctx: _Context, targets: Sequence[_Target]) -> str:
    branches = []
    for i, target in enumerate(targets):
        if target.kind == "class":
            branches.append(ctx.instance_of("?this", target.term, f"tc{i}"))
        elif target.kind == "node":
            branches.append(_values("this", [target.term]))
        elif target.kind == "subjectsOf":
            branches.append(ctx.triple("?this", target.term, f"?to{i}"))  # type: ignore[arg-type]
        else:
            branches.append(ctx.triple(f"?ts{i}", target.term, "?this"))  # type: ignore[arg-type]
    union = " UNION ".join(f"{{ {b} }}" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


def _path_pattern(ctx: _Context, path: _Path | None, value: str = "?v") -> str:
    if path is None:
        return f"BIND(?this AS {value})"
    if path.inverse:
        return ctx.triple(value, path.predicate, "?this")
    return ctx.triple("?this", path.predicate, value)


@dataclass(frozen=True)
class _Raw:
    focus: Node
    value: Node | None
    component: URIRef
    message: str


def _select(store: Store, query: str) -> list[dict[str, Node]]:
    result = store.query(query)
    return [dict(row) for row in result.rows]


def _int(term: Node) -> int:
    assert isinstance(term, Literal)
    return int(term.value)


def _lexical_value(term: Node) -> str:
    return str(term.value) if isinstance(term, Literal) else str(term)


def _message(check: _Check, generic: str) -> str:
    return check.messages[0] if check.messages else generic


def _is_true(term: Node | None) -> bool:
    # Virtuoso returns the value of a boolean expression as 1 / 0 (xsd:integer)
    return isinstance(term, Literal) and str(term).strip().lower() in ("true", "1")


def _group_key(check: _Check) -> tuple[tuple[_Target, ...], tuple[URIRef, bool] | None]:
    path = (check.path.predicate, check.path.inverse) if check.path is not None else None
    return tuple(check.targets), path


def _flag_rows(
    store: Store,
    ctx: _Context,
    focus: str,
    path: _Path | None,
    binds: list[str],
    names: list[list[str]],
    values: list[tuple[_Check, _ValueConstraint]],
) -> list[tuple[Node, Node, dict[str, bool]]]:
    """Candidate (focus, value) rows and which leaf pre-filters each one meets.

    On an embedded (Oxigraph) store one query returns every flag as a projected boolean. A remote
    endpoint gets one plain ``FILTER`` query per leaf instead: Virtuoso, for one, returns wrong
    values for booleans bound with ``BIND`` in such queries, while its ``FILTER`` is right.
    """
    pattern = f"{focus} {_path_pattern(ctx, path)}"
    flat = [n for mine in names for n in mine]
    if store.embedded:
        keep = " || ".join(
            f"({constraint.candidate(mine)})"
            for (_, constraint), mine in zip(values, names, strict=True)
        )
        query = (
            f"SELECT DISTINCT ?this ?v {' '.join(flat)} WHERE {{ "
            f"{pattern} {' '.join(binds)} FILTER({keep}) }}"
        )
        return [
            (row["this"], row["v"], {n: _is_true(row.get(n[1:])) for n in flat})
            for row in _select(store, query)
        ]
    found: dict[tuple[Node, Node], dict[str, bool]] = {}
    for name, bind in zip(flat, binds, strict=True):
        condition = bind[len("BIND(") : bind.rindex(" AS ")]
        query = f"SELECT DISTINCT ?this ?v WHERE {{ {pattern} FILTER({condition}) }}"
        for row in _select(store, query):
            found.setdefault((row["this"], row["v"]), dict.fromkeys(flat, False))[name] = True
    return [(this, value, flags) for (this, value), flags in found.items()]


def _run_group(store: Store, ctx: _Context, checks: list[_Check]) -> Iterator[tuple[_Check, _Raw]]:
    """Evaluate every check that shares focus targets and path, with as few passes as possible."""
    prefixes = ctx.background.prefixes
    focus = _focus_pattern(ctx, checks[0].targets)
    path = checks[0].path

    # cardinality: one pass for all min/max counts of the group
    mins = [(c, int(c.min_count.value)) for c in checks if c.min_count is not None]
    mins = [(c, m) for c, m in mins if m > 0]
    maxs = [(c, int(c.max_count.value)) for c in checks if c.max_count is not None]
    if mins or maxs:
        if not maxs and all(m == 1 for _, m in mins):
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {focus} "
                f"FILTER NOT EXISTS {{ {_path_pattern(ctx, path)} }} }}"
            )
            counted = [(row["this"], 0) for row in _select(store, query)]
        else:
            tests = []
            if mins:
                tests.append(f"?n < {max(m for _, m in mins)}")
            if maxs:
                tests.append(f"?n > {min(m for _, m in maxs)}")
            query = (
                f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ "
                f"{focus} OPTIONAL {{ {_path_pattern(ctx, path)} }} }} GROUP BY ?this }} "
                f"FILTER({' || '.join(tests)}) }}"
            )
            counted = [(row["this"], _int(row["n"])) for row in _select(store, query)]
        for this, n in counted:
            for check, m in mins:
                if n < m:
                    assert check.count_message is not None
                    generic = check.count_message(this, "min", prefixes)
                    yield (
                        check,
                        _Raw(this, None, SH.MinCountConstraintComponent, _message(check, generic)),
                    )
            for check, m in maxs:
                if n > m:
                    assert check.count_message is not None
                    generic = check.count_message(this, "max", prefixes)
                    yield (
                        check,
                        _Raw(this, None, SH.MaxCountConstraintComponent, _message(check, generic)),
                    )

    # per-value constraints: one pass returning candidates and the pre-filters they failed
    values = [(c, v) for c in checks for v in c.values]
    if values:
        binds: list[str] = []
        names: list[list[str]] = []
        for _, constraint in values:
            mine = []
            for leaf in constraint.leaves():
                name = f"?c{len(binds)}"
                binds.append(f"BIND(COALESCE(({leaf.prefilter(ctx)}), true) AS {name})")
                mine.append(name)
            names.append(mine)
        rows = _flag_rows(store, ctx, focus, path, binds, names, values)
        for this, value, flagged in rows:
            for (check, constraint), mine in zip(values, names, strict=True):
                flags = [flagged[n] for n in mine]
                if constraint.decide(flags, value):
                    generic = constraint.message(this, value, prefixes)
                    yield check, _Raw(this, value, constraint.component, _message(check, generic))

    for check in checks:
        for i, pair in enumerate(check.pairs):
            op = "<=" if pair.or_equal else "<"
            query = (
                f"SELECT DISTINCT ?this ?v ?w{i} WHERE {{ {focus} {_path_pattern(ctx, path)} "
                f"{ctx.triple('?this', pair.predicate, f'?w{i}')} "
                f"FILTER(!COALESCE(isNumeric(?v) && isNumeric(?w{i}) && ?v {op} ?w{i}, false)) }}"
            )
            for row in _select(store, query):
                if pair.violates(row["v"], row[f"w{i}"]):
                    generic = pair.message(row["this"], row["v"], prefixes)
                    yield (
                        check,
                        _Raw(row["this"], row["v"], pair.component, _message(check, generic)),
                    )

        for i, has_value in enumerate(check.has_values):
            assert check.has_value_message is not None
            if path is None:
                inner = f"FILTER(!sameTerm(?this, {_sparql_term(has_value)}))"
                query = f"SELECT DISTINCT ?this WHERE {{ {focus} {inner} }}"
            else:
                pattern = _path_pattern(ctx, path, f"?hv{i}")
                query = (
                    f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {pattern} "
                    f"FILTER(sameTerm(?hv{i}, {_sparql_term(has_value)})) }} }}"
                )
            for row in _select(store, query):
                generic = check.has_value_message(row["this"], prefixes)
                yield (
                    check,
                    _Raw(
                        row["this"], None, SH.HasValueConstraintComponent, _message(check, generic)
                    ),
                )

    unique = [c for c in checks if c.unique_lang]
    if unique:
        query = (
            f"SELECT DISTINCT ?this WHERE {{ {focus} {_path_pattern(ctx, path, '?u1')} "
            f"{_path_pattern(ctx, path, '?u2')} FILTER(isLiteral(?u1) && isLiteral(?u2) && "
            'LANG(?u1) != "" && LCASE(LANG(?u1)) = LCASE(LANG(?u2)) && !sameTerm(?u1, ?u2)) }'
        )
        for row in _select(store, query):
            for check in unique:
                generic = "More than one String shares the same Language"
                yield (
                    check,
                    _Raw(
                        row["this"],
                        None,
                        SH.UniqueLangConstraintComponent,
                        _message(check, generic),
                    ),
                )


def _batches(items: Sequence[Node], size: int = _BATCH) -> Iterator[Sequence[Node]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _described_in_data(store: Store, nodes: set[Node]) -> set[Node]:
    named = sorted(n for n in nodes if isinstance(n, URIRef))
    found: set[Node] = set()
    for batch in _batches(named):
        query = f"SELECT DISTINCT ?s WHERE {{ {_values('s', batch)} ?s ?p ?o }}"
        found.update(row["s"] for row in _select(store, query))
    return found


def _labels(store: Store, nodes: set[Node]) -> dict[Node, str]:
    named = sorted(n for n in nodes if isinstance(n, URIRef))
    found: dict[Node, list[tuple[int, int, str]]] = {}
    for batch in _batches(named):
        values = _values("s", batch)
        query = (
            f"SELECT ?s ?r ?l WHERE {{ {{ {values} ?s {_sparql_term(SKOS.prefLabel)} ?l "
            f"BIND(0 AS ?r) }} UNION {{ {values} ?s {_sparql_term(RDFS.label)} ?l BIND(1 AS ?r) }} }}"
        )
        for row in _select(store, query):
            label = row["l"]
            rank_p = _int(row["r"])
            lang = getattr(label, "language", None)
            rank_l = 0 if lang in ("en", None) else 1
            found.setdefault(row["s"], []).append((rank_p, rank_l, str(label)))
    return {node: min(options)[2] for node, options in found.items()}


def _data_subclass_edges(store: Store) -> list[tuple[Node, Node]]:
    query = f"SELECT ?a ?b WHERE {{ ?a {_sparql_term(RDFS.subClassOf)} ?b }}"
    return [(row["a"], row["b"]) for row in _select(store, query)]


def _run(compiled: CompiledShapes, store: Store, ontology: Graph | None) -> ValidationReport:
    from ._pyshacl import default_ontology

    ont = ontology if ontology is not None else default_ontology()
    background = _background(ont)
    ctx = _Context(background, _data_subclass_edges(store))
    groups: dict[object, list[_Check]] = {}
    for check in compiled.checks:
        groups.setdefault(_group_key(check), []).append(check)
    raws: list[tuple[_Check, _Raw]] = []
    for checks in groups.values():
        raws.extend(_run_group(store, ctx, checks))
    focus_nodes = {raw.focus for _, raw in raws}
    ontology_focus = {n for n in focus_nodes if n in background.ontology_subjects}
    if ontology_focus:
        keep = _described_in_data(store, ontology_focus)
        raws = [(c, r) for c, r in raws if r.focus not in ontology_focus or r.focus in keep]
    labels = _labels(store, {raw.focus for _, raw in raws})
    found: set[ValidationResult] = set()
    for check, raw in raws:
        found.add(
            ValidationResult(
                focus_node=str(raw.focus),
                path=check.path.text if check.path is not None else None,
                value=str(raw.value) if raw.value is not None else None,
                severity=check.severity,
                message=raw.message,
                source_shape=str(check.shape),
                focus_label=labels.get(raw.focus),
                constraint=str(raw.component),
            )
        )
    ordered = tuple(
        sorted(found, key=lambda r: (r.severity.rank, r.focus_node, r.path or "", r.message))
    )
    conforms = not any(r.severity is Severity.VIOLATION for r in ordered)
    return ValidationReport(conforms=conforms, results=ordered, engine="sparql")


def validate_store(
    store: Store,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
) -> ValidationReport:
    """Validate the data of a store with the SPARQL engine.

    Args:
        store: Any govgraph store (Oxigraph memory/disk or a SPARQL 1.1 endpoint).
        shapes: Shapes graph; the govgraph shapes when ``None``.
        ontology: Background ontology; the govgraph ontology when ``None``.

    Returns:
        The same report pyshacl gives (``engine="sparql"``).

    Raises:
        NotCompilableError: The shapes (or the class hierarchy) need pyshacl.
    """
    from ._pyshacl import default_shapes

    compiled = compile_shapes(shapes if shapes is not None else default_shapes())
    return compiled.validate(store, ontology=ontology)
