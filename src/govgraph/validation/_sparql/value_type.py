"""Value type constraint components (SHACL 4.1): sh:class, sh:datatype, sh:nodeKind."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, RDFS, SH, XSD, BNode, Literal, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _sparql_term, _values
from ._context import _Context
from ._model import _ValueConstraint

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
        prefilter=lambda ctx: condition if condition == "true" else condition + ctx.rewritten,
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
