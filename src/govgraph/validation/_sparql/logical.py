"""Logical constraint components (SHACL 4.6): sh:not, sh:and, sh:or."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import RDF, SH, BNode, Graph
from rdflib.term import Node

from ._common import _NON_CONSTRAINT, _SH, _SUPPORTED, NotCompilableError, _sparql_term
from ._model import _ValueConstraint
from ._values import _value_constraints

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
