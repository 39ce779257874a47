"""Shapes, their targets and focus nodes (SHACL 2.1), implicit class targets included."""

from __future__ import annotations

from rdflib import RDF, RDFS, SH, BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from ._common import NotCompilableError, _one, _values
from ._context import _Context
from ._model import _Focus, _Target
from .paths import _path_pattern, fresh


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
    # a shape that is also a class targets its instances (implicit class target, SHACL 2.1.3.1)
    if isinstance(node, URIRef) and any(
        (node, RDF.type, kind) in shapes for kind in (RDFS.Class, OWL.Class)
    ):
        found.append(_Target("class", node))
    return list(dict.fromkeys(found))


def _all_shapes(shapes: Graph) -> set[Node]:
    nodes: set[Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        nodes.update(shapes.subjects(RDF.type, kind))
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        nodes.update(shapes.subjects(predicate, None))
    nodes.update(shapes.objects(None, SH.property))
    nodes.update(shapes.subjects(SH.path, None))
    return nodes


def _focus_pattern(ctx: _Context, focus: _Focus, var: str = "?this") -> str:
    """A sub-select binding ``var`` to each focus node once."""
    parent = focus.parent
    if parent is not None:
        if parent.path is None:
            return _focus_pattern(ctx, parent.focus, var)
        inner = fresh("f")
        outer = _focus_pattern(ctx, parent.focus, inner)
        walk = _path_pattern(ctx, parent.path, var, subject=inner)
        return f"{{ SELECT DISTINCT {var} WHERE {{ {outer} {walk} }} }}"
    branches = []
    for target in focus.targets:
        if target.kind == "class":
            branches.append(ctx.instance_of(var, target.term, fresh("tc")[1:]))
        elif target.kind == "node":
            branches.append(_values(var[1:], [target.term]))
        elif target.kind == "subjectsOf":
            branches.append(ctx.triple(var, target.term, fresh("to")))  # type: ignore[arg-type]
        else:
            branches.append(ctx.triple(fresh("ts"), target.term, var))  # type: ignore[arg-type]
    union = " UNION ".join(f"{{ {b} }}" for b in branches)
    return f"{{ SELECT DISTINCT {var} WHERE {{ {union} }} }}"
