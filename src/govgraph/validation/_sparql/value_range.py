"""Value range constraint components (SHACL 4.3): sh:minInclusive and friends."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import SH, XSD, Literal, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _sparql_term
from ._model import _ValueConstraint

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
