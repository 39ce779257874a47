"""Logical constraint components (SHACL 4.6): sh:not, sh:and, sh:or, sh:xone.

Members made only of value constraints (datatype, class, in, pattern...) are compiled into the
one per-value query of their shape. Any other member (property shapes, nested logic, sh:node...)
is compiled as a whole shape whose focus nodes are the value nodes, and decided from which
values conform to which members (:mod:`.shape_based`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import RDF, SH, BNode, Graph
from rdflib.term import Node

from ._common import (
    _NON_CONSTRAINT,
    _SH,
    _VALUE_PARAMETERS,
    NotCompilableError,
    _data_stringify,
    _sparql_term,
)
from ._model import _Check, _ShapeRef, _ValueConstraint
from ._values import _value_constraints

_MEMBER_ALLOWED = (_NON_CONSTRAINT - {SH.property, SH.path}) | _VALUE_PARAMETERS | {RDF.type}
_LOGIC = {SH["or"]: "or", SH["and"]: "and", SH["not"]: "not", SH.xone: "xone"}


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
    shapes: Graph,
    node: Node,
    sg: Callable[[Node], str],
    build: Callable[[Node], _Check],
) -> tuple[list[_ValueConstraint], list[_ShapeRef]]:
    """The logical constraints of one shape: simple ones as value constraints, others as refs.

    ``build`` compiles a member shape with this shape's value nodes as focus nodes.
    """
    from types import SimpleNamespace

    from pyshacl.constraints.core import logical_constraints as lc

    out: list[_ValueConstraint] = []
    refs: list[_ShapeRef] = []
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
            cls = {
                "or": lc.OrConstraintComponent,
                "and": lc.AndConstraintComponent,
                "xone": lc.XoneConstraintComponent,
            }[logic]
            fake = SimpleNamespace(shape=SimpleNamespace(sg=SimpleNamespace(graph=shapes)))
            setattr(fake, f"{logic}_list", lists)
            setattr(fake, f"{logic}_nodes", lists)
            groups = [list(shapes.items(lst)) for lst in lists]
            if any(not g for g in groups):
                raise NotCompilableError(f"shape {sg(node)}: empty {parameter} list")

        def message(
            focus: Node,
            value: Node,
            prefixes: Graph,
            cls: Any = cls,
            fake: Any = fake,
            logic: str = logic,
        ) -> str:
            try:
                return str(cls.make_generic_messages(fake, prefixes, focus, value)[0])
            except Exception:  # pyshacl's wording needs the value in its graph
                return f"Value {_data_stringify(value, prefixes)} does not meet {logic}"

        component = {
            "or": SH.OrConstraintComponent,
            "and": SH.AndConstraintComponent,
            "not": SH.NotConstraintComponent,
            "xone": SH.XoneConstraintComponent,
        }[logic]
        # each sh:or / sh:and list (each sh:not shape) is evaluated on its own, as by pyshacl
        for group in groups:
            try:
                if logic == "xone":
                    raise NotCompilableError("sh:xone counts conforming members")
                members = [_member_constraints(shapes, m, sg) for m in group]
            except NotCompilableError:
                refs.append(
                    _ShapeRef(
                        component=component,
                        kind=logic,
                        members=[build(m) for m in group],
                        message=message,
                    )
                )
                continue
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
    return out, refs
