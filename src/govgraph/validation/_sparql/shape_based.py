"""Shape-based constraint components (SHACL 4.7): sh:node and qualified value shapes.

A referenced shape is compiled as a whole (its own constraints and its sh:property shapes) with
the referring shape's value nodes as focus nodes; a value conforms when those checks find
nothing about it. The runner computes the set of non-conforming value nodes per member
(``nonconforming``) and this module turns it into results, also for the logical components whose
members are whole shapes (:mod:`.logical`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rdflib import SH, Graph, Literal
from rdflib.term import Node

from ._common import NotCompilableError, _message, _one, _select
from ._context import _Context
from ._model import _Check, _Path, _Raw, _ShapeRef
from .paths import _path_pattern

if TYPE_CHECKING:
    from ...store import Store


def _shape_constraints(
    shapes: Graph,
    node: Node,
    sg: Callable[[Node], str],
    build: Callable[[Node], _Check],
    has_path: bool,
) -> list[_ShapeRef]:
    """sh:node and sh:qualifiedValueShape of one shape."""
    refs: list[_ShapeRef] = []
    for target in sorted(shapes.objects(node, SH.node), key=str):
        text = f"Value does not conform to Shape {sg(target)}. See details for more information."
        refs.append(
            _ShapeRef(
                component=SH.NodeConstraintComponent,
                kind="node",
                members=[build(target)],
                message=lambda f, v, g, t=text: t,  # type: ignore[misc]
            )
        )
    qualified = list(shapes.objects(node, SH.qualifiedValueShape))
    if qualified and has_path:  # the parameters are only defined for property shapes
        if len(qualified) > 1:
            raise NotCompilableError(f"shape {sg(node)}: several sh:qualifiedValueShape")
        low = _bound(shapes, node, SH.qualifiedMinCount, sg)
        high = _bound(shapes, node, SH.qualifiedMaxCount, sg)
        disjoint = _one(shapes, node, SH.qualifiedValueShapesDisjoint)
        siblings: list[_Check] = []
        if isinstance(disjoint, Literal) and disjoint.value is True:
            for parent in shapes.subjects(SH.property, node):
                for sibling in shapes.objects(parent, SH.property):
                    if sibling == node:
                        continue
                    for other in shapes.objects(sibling, SH.qualifiedValueShape):
                        if other != qualified[0]:
                            siblings.append(build(other))
        member = build(qualified[0])
        for count, component, word in (
            (low, SH.QualifiedMinCountConstraintComponent, "MinCount"),
            (high, SH.QualifiedMaxCountConstraintComponent, "MaxCount"),
        ):
            if count is None:
                continue
            text = f"Focus node does not conform to shape {word} {count}: {sg(qualified[0])}"
            refs.append(
                _ShapeRef(
                    component=component,
                    kind="qualified",
                    members=[member],
                    message=lambda f, v, g, t=text: t,  # type: ignore[misc]
                    min_count=count if word == "MinCount" else None,
                    max_count=count if word == "MaxCount" else None,
                    siblings=siblings,
                )
            )
    return refs


def _bound(shapes: Graph, node: Node, predicate: Node, sg: Callable[[Node], str]) -> int | None:
    value = _one(shapes, node, predicate)  # type: ignore[arg-type]
    if value is None:
        return None
    if not isinstance(value, Literal) or not isinstance(value.value, int) or value.value < 0:
        raise NotCompilableError(f"shape {sg(node)}: {predicate} must be a non-negative integer")
    return int(value.value)


def _violates(kind: str, conforming: list[bool]) -> bool:
    if kind == "node" or kind == "and":
        return not all(conforming)
    if kind == "or":
        return not any(conforming)
    if kind == "not":
        return conforming[0]
    return sum(conforming) != 1  # xone


def _run_shape_refs(
    store: Store,
    ctx: _Context,
    focus: str,
    path: _Path | None,
    check: _Check,
    nonconforming: Callable[[_Check], set[Node]],
) -> Iterator[tuple[_Check, _Raw]]:
    """Results of the constraints of ``check`` whose members are whole shapes."""
    if not check.shape_refs:
        return
    prefixes = ctx.background.prefixes
    query = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {_path_pattern(ctx, path)} }}"
    pairs = [(row["this"], row["v"]) for row in _select(store, query)]
    for ref in check.shape_refs:
        bad = [nonconforming(member) for member in ref.members]
        if ref.kind != "qualified":
            for this, value in pairs:
                if _violates(ref.kind, [value not in b for b in bad]):
                    generic = ref.message(this, value, prefixes)
                    yield check, _Raw(this, value, ref.component, _message(check, generic))
            continue
        # qualified value shape: count, per focus node, the values that conform to the shape
        # (and, when the shapes are disjoint, to none of the sibling shapes)
        others = [nonconforming(s) for s in ref.siblings]
        counts: dict[Node, int] = {}
        for this, value in pairs:
            fits = value not in bad[0] and all(value in o for o in others)
            counts[this] = counts.get(this, 0) + (1 if fits else 0)
        if ref.min_count is not None and ref.min_count > 0:
            every = _select(store, f"SELECT ?this WHERE {{ {focus} }}")
            for row in every:
                counts.setdefault(row["this"], 0)
        for this, n in counts.items():
            low = ref.min_count is not None and n < ref.min_count
            high = ref.max_count is not None and n > ref.max_count
            if low or high:
                generic = ref.message(this, this, prefixes)
                yield check, _Raw(this, None, ref.component, _message(check, generic))
