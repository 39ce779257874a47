"""Other constraint components (SHACL 4.8): sh:closed, sh:hasValue, sh:in."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rdflib import SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _data_stringify, _message, _one, _select, _sparql_term
from ._context import _Context
from ._model import _Check, _Path, _Raw, _ValueConstraint
from .paths import _path_pattern

if TYPE_CHECKING:
    from ...store import Store


def _in_constraint(shapes: Graph, in_list: Node, sg: Callable[[Node], str]) -> _ValueConstraint:
    members: set[Node] = set()
    for item in shapes.items(in_list):
        if isinstance(item, BNode):
            raise NotCompilableError("sh:in with a blank-node member")
        members.add(item)
    listed = [sg(m) for m in members]
    written = [_sparql_term(m) for m in members]
    condition = (
        "!(" + " || ".join(f"sameTerm(?v, {w})" for w in written) + ")" if written else "true"
    )
    return _ValueConstraint(
        component=SH.InConstraintComponent,
        prefilter=lambda ctx: condition,
        violates=lambda v: v not in members,
        message=lambda f, v, g: f"Value {_data_stringify(v, g)} not in list {listed}",
    )


def _run_has_values(
    store: Store, ctx: _Context, focus: str, path: _Path | None, check: _Check
) -> Iterator[tuple[_Check, _Raw]]:
    """The sh:hasValue constraints of one check."""
    prefixes = ctx.background.prefixes
    for i, has_value in enumerate(check.has_values):
        assert check.has_value_message is not None
        if path is None:
            inner = f"FILTER(!sameTerm(?this, {_sparql_term(has_value)}))"
            query = f"SELECT DISTINCT ?this WHERE {{ {focus} {inner} }}"
        else:
            pattern = _path_pattern(ctx, path, f"?hv{i}")
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {pattern} "
                f"FILTER(sameTerm(?hv{i}, {_sparql_term(has_value)})) }} }}"
            )
        for row in _select(store, query):
            generic = check.has_value_message(row["this"], prefixes)
            yield (
                check,
                _Raw(row["this"], None, SH.HasValueConstraintComponent, _message(check, generic)),
            )


def _closed_constraint(shapes: Graph, node: Node) -> frozenset[Node] | None:
    """The predicates a closed shape allows (``None`` when the shape is not closed)."""
    closed = _one(shapes, node, SH.closed)
    if not (isinstance(closed, Literal) and closed.value is True):
        return None
    allowed: set[Node] = set()
    for child in shapes.objects(node, SH.property):
        allowed.update(p for p in shapes.objects(child, SH.path) if isinstance(p, URIRef))
    ignored = _one(shapes, node, SH.ignoredProperties)
    if ignored is not None:
        allowed.update(shapes.items(ignored))
    if any(not isinstance(p, URIRef) for p in allowed):
        raise NotCompilableError("sh:ignoredProperties must list IRIs")
    return frozenset(allowed)


def _run_closed(
    store: Store, ctx: _Context, focus: str, path: _Path | None, check: _Check
) -> Iterator[tuple[_Check, _Raw]]:
    """sh:closed: every triple of a value node whose predicate the shape does not allow."""
    if check.closed is None:
        return
    prefixes = ctx.background.prefixes
    allowed = sorted(check.closed, key=str)
    condition = (
        f"FILTER(!(?p IN ({', '.join(_sparql_term(p) for p in allowed)})))" if allowed else ""
    )
    query = (
        f"SELECT DISTINCT ?this ?v ?p ?o WHERE {{ {focus} {_path_pattern(ctx, path)} "
        f"?v ?p ?o {condition} }}"
    )
    for row in _select(store, query):
        generic = (
            f"Node {_data_stringify(row['v'], prefixes)} is closed. It cannot have value: "
            f"{_data_stringify(row['o'], prefixes)}"
        )
        raw = _Raw(
            row["this"],
            row["o"],
            SH.ClosedConstraintComponent,
            _message(check, generic),
            path=str(row["p"]),
        )
        yield check, raw
