"""Shapes, their targets and focus nodes (SHACL 2.1)."""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _one, _values
from ._context import _Context
from ._model import _Target


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


def _all_shapes(shapes: Graph) -> set[Node]:
    nodes: set[Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        nodes.update(shapes.subjects(RDF.type, kind))
    for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        nodes.update(shapes.subjects(predicate, None))
    nodes.update(shapes.objects(None, SH.property))
    nodes.update(shapes.subjects(SH.path, None))
    return nodes


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
