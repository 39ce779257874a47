"""The compiler: SHACL Core shapes to checks that the runner turns into SPARQL queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import RDF, SH, XSD, BNode, Graph, Literal
from rdflib.term import Node

from .._report import Severity, ValidationReport
from ._common import (
    _NON_CONSTRAINT,
    _SH,
    _SUPPORTED,
    NotCompilableError,
    _data_stringify,
    _one,
    _shape_name,
)
from ._model import _Check, _Focus
from ._run import _run
from ._values import _value_constraints
from .cardinality import _count
from .logical import _logical_constraints
from .other import _closed_constraint
from .paths import _compile_path
from .property_pair import _pair_constraints
from .shape_based import _shape_constraints
from .targets import _all_shapes, _is_deactivated, _targets

if TYPE_CHECKING:
    from ...store import Store


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
        return _run(self.checks, store, ontology)


#: Local names of the SHACL vocabulary (Core, SHACL-SPARQL, SHACL Advanced Features).
_VOCABULARY = frozenset(SH.__annotations__)


def _check_supported(shapes: Graph, node: Node) -> None:
    """Refuse a shape that uses a SHACL term the engine does not compile.

    A predicate in the ``sh:`` namespace that the SHACL vocabulary does not define (the DCAT-AP
    3.0.1 shapes write ``sh:shape`` for ``sh:node``) is no parameter of any constraint component:
    SHACL processors, pyshacl among them, ignore it, and so does this engine.
    """
    for predicate in set(shapes.predicates(node)):
        if (
            str(predicate).startswith(_SH)
            and str(predicate)[len(_SH) :] in _VOCABULARY
            and predicate not in _NON_CONSTRAINT | _SUPPORTED
        ):
            raise NotCompilableError(
                f"shape {_shape_name(shapes, node)} uses {predicate.n3(shapes.namespace_manager)}, "
                "which the SPARQL engine does not compile; use engine='pyshacl'"
            )


def _refuse_custom_components(shapes: Graph) -> None:
    """Constraint components outside SHACL Core (SHACL-SPARQL) are pyshacl's to check."""
    for component in shapes.subjects(RDF.type, SH.ConstraintComponent):
        raise NotCompilableError(
            f"the shapes declare the constraint component {_shape_name(shapes, component)} "
            "(SHACL-SPARQL), which the SPARQL engine does not compile; use engine='pyshacl'"
        )


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
    _refuse_custom_components(shapes)
    all_shapes = _all_shapes(shapes)
    for node in all_shapes:
        _check_supported(shapes, node)
    # A property shape under a node shape has the node shape's focus nodes: it is compiled once
    # with the targets of all its node shapes, so that shapes shared by several node shapes
    # (a label rule, say) and the shapes with the same path share one query.
    parents: dict[Node, list[Node]] = {}
    for parent, child in shapes.subject_objects(SH.property):
        if (parent, SH.path, None) not in shapes and not _is_deactivated(shapes, parent):
            parents.setdefault(child, []).append(parent)
    checks: list[_Check] = []
    for node in sorted(all_shapes, key=str):
        if _is_deactivated(shapes, node):
            continue
        targets = _targets(shapes, node)
        for parent in parents.get(node, []):
            targets.extend(_targets(shapes, parent))
        if not targets:
            continue
        focus = _Focus(targets=tuple(dict.fromkeys(targets)))
        root = _build(shapes, node, focus, (), top=True)
        checks.extend(root.descendants())
    return CompiledShapes(checks=checks, shapes=shapes)


def _build(
    shapes: Graph, node: Node, focus: _Focus, stack: tuple[Node, ...], *, top: bool = False
) -> _Check:
    """Compile ``node`` and the shapes under it (sh:property) for the given focus nodes.

    ``top``: a top-level node shape leaves its property shapes to :func:`compile_shapes`, which
    compiles them with the targets of every node shape they belong to.
    """
    if node in stack:
        raise NotCompilableError(
            f"shape {_shape_name(shapes, node)} refers to itself (recursive shapes)"
        )
    if len(stack) > 32:
        raise NotCompilableError("shapes nested more than 32 levels deep")
    _check_supported(shapes, node)
    inner = (*stack, node)
    check = _compile_shape(shapes, node, focus, inner)
    if _is_deactivated(shapes, node) or (top and check.path is None):
        return check
    for child in sorted(shapes.objects(node, SH.property), key=str):
        if not _is_deactivated(shapes, child):
            check.children.append(_build(shapes, child, _Focus(parent=check), inner))
    return check


def _compile_shape(shapes: Graph, node: Node, focus: _Focus, stack: tuple[Node, ...]) -> _Check:
    from pyshacl.rdfutil import stringify_node

    def sg(term: Node) -> str:
        return str(stringify_node(shapes, term))

    path = _compile_path(shapes, node)
    severity_node = _one(shapes, node, SH.severity)
    severity = (
        Severity.from_iri(str(severity_node)) if severity_node is not None else Severity.VIOLATION
    )
    messages = tuple(sorted(str(m) for m in shapes.objects(node, SH.message) if str(m)))
    check = _Check(
        shape=node,
        path=path,
        focus=focus,
        severity=severity,
        messages=messages,
        severity_node=severity_node,
    )
    predicates = set(shapes.predicates(node)) & _SUPPORTED
    if not predicates or _is_deactivated(shapes, node):
        return check

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

    def build(member: Node) -> _Check:
        return _build(shapes, member, _Focus(parent=check), stack)

    values, refs = _logical_constraints(shapes, node, sg, build)
    check.values.extend(values)
    check.shape_refs.extend(refs)
    check.shape_refs.extend(_shape_constraints(shapes, node, sg, build, path is not None))
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
    check.pairs.extend(_pair_constraints(shapes, node, sg, path is not None))
    check.closed = _closed_constraint(shapes, node)
    unique = _one(shapes, node, SH.uniqueLang)
    # only "true"^^xsd:boolean switches it on ("1" is another literal; W3C uniqueLang-002)
    check.unique_lang = (
        isinstance(unique, Literal) and unique.datatype == XSD.boolean and str(unique) == "true"
    )
    return check


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
    from .._pyshacl import default_shapes

    compiled = compile_shapes(shapes if shapes is not None else default_shapes())
    return compiled.validate(store, ontology=ontology)
