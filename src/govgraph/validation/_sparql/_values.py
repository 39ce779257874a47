"""The per-value-node constraints of one shape, gathered from every family."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import SH, Graph
from rdflib.term import Node

from ._common import _one
from ._model import _ValueConstraint
from .other import _in_constraint
from .string_based import _language_constraint, _length_constraint, _pattern_constraint
from .value_range import _range_constraint
from .value_type import _class_constraint, _datatype_constraint, _node_kind_constraint


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
