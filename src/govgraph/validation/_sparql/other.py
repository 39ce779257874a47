"""Other constraint components (SHACL 4.8): sh:in, sh:hasValue."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rdflib import SH, BNode, Graph
from rdflib.term import Node

from ._common import NotCompilableError, _data_stringify, _message, _select, _sparql_term
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
