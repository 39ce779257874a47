"""Shared pieces of the SPARQL engine: its error, terms written as SPARQL, shape look-ups."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from rdflib import SH, Graph, Literal, URIRef
from rdflib.term import Node

from ..._exceptions import ConfigurationError, QueryError
from ...store import term_to_sparql

if TYPE_CHECKING:
    from ...store import Store

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
    SH.ignoredProperties,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
}
#: Parameters of the constraints on each value node alone (value type, range, string, in, hasValue).
_VALUE_PARAMETERS = frozenset(
    {
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
        SH.minLength,
        SH.maxLength,
    }
)
#: Constraint parameters this engine compiles.
_SUPPORTED = _VALUE_PARAMETERS | {
    SH.minCount,
    SH.maxCount,
    SH.uniqueLang,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH["or"],
    SH["and"],
    SH["not"],
    SH.xone,
    SH.node,
    SH.qualifiedValueShape,
    SH.closed,
    SH.equals,
    SH.disjoint,
}


class NotCompilableError(ConfigurationError):
    """The shapes use SHACL features the SPARQL engine does not compile (use pyshacl)."""


def _sparql_term(term: Node) -> str:
    """Write an IRI or literal for a query (blank nodes cannot be written)."""
    try:
        return term_to_sparql(term)
    except QueryError as exc:
        raise NotCompilableError(str(exc)) from None


def _values(variable: str, terms: Iterable[Node]) -> str:
    return f"VALUES ?{variable} {{ {' '.join(_sparql_term(t) for t in terms)} }}"


def _data_stringify(node: Node, prefixes: Graph) -> str:
    """Pyshacl's rendering of a data node (with the prefixes of pyshacl's mixed data graph)."""
    from pyshacl.rdfutil import stringify_node

    return str(stringify_node(prefixes, node))


def _one(shapes: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(shapes.objects(node, predicate))
    if len(values) > 1:
        raise NotCompilableError(f"shape {node} has several values for <{predicate}>")
    return values[0] if values else None


def _shape_name(shapes: Graph, node: Node) -> str:
    from pyshacl.rdfutil import stringify_node

    return str(stringify_node(shapes, node))


def _select(store: Store, query: str) -> list[dict[str, Node]]:
    result = store.query(query)
    return [dict(row) for row in result.rows]


def _int(term: Node) -> int:
    assert isinstance(term, Literal)
    return int(term.value)


def _lexical_value(term: Node) -> str:
    return str(term.value) if isinstance(term, Literal) else str(term)


class _WithMessages(Protocol):
    """A compiled shape (``_model._Check``): its own ``sh:message`` values."""

    @property
    def messages(self) -> tuple[str, ...]: ...


def _message(check: _WithMessages, generic: str) -> str:
    return check.messages[0] if check.messages else generic


def _is_true(term: Node | None) -> bool:
    # Virtuoso returns the value of a boolean expression as 1 / 0 (xsd:integer)
    return isinstance(term, Literal) and str(term).strip().lower() in ("true", "1")
