"""Property pair constraint components (SHACL 4.5): sh:lessThan, sh:lessThanOrEquals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rdflib import SH, Graph, URIRef
from rdflib.term import Node

from ._common import _message, _select
from ._context import _Context
from ._model import _Check, _PairConstraint, _Path, _Raw
from .paths import _path_pattern

if TYPE_CHECKING:
    from ...store import Store


def _pair_constraint(
    shapes: Graph, parameter: URIRef, other: URIRef, or_equal: bool
) -> _PairConstraint:
    from types import SimpleNamespace

    from pyshacl.constraints.core import property_pair_constraints as ppc

    cls = ppc.LessThanOrEqualsConstraintComponent if or_equal else ppc.LessThanConstraintComponent
    fake = SimpleNamespace(
        property_compare_set=set(shapes.objects(None, parameter)) & {other} or {other},
        shape=SimpleNamespace(sg=SimpleNamespace(graph=shapes)),
    )

    def message(focus: Node, value: Node, prefixes: Graph) -> str:
        return str(cls.make_generic_messages(fake, prefixes, focus, value)[0])  # type: ignore[arg-type]

    component = (
        SH.LessThanOrEqualsConstraintComponent if or_equal else SH.LessThanConstraintComponent
    )
    return _PairConstraint(component=component, predicate=other, or_equal=or_equal, message=message)


def _run_pairs(
    store: Store, ctx: _Context, focus: str, path: _Path | None, check: _Check
) -> Iterator[tuple[_Check, _Raw]]:
    """The sh:lessThan / sh:lessThanOrEquals pairs of one check."""
    prefixes = ctx.background.prefixes
    for i, pair in enumerate(check.pairs):
        op = "<=" if pair.or_equal else "<"
        query = (
            f"SELECT DISTINCT ?this ?v ?w{i} WHERE {{ {focus} {_path_pattern(ctx, path)} "
            f"{ctx.triple('?this', pair.predicate, f'?w{i}')} "
            f"FILTER(!COALESCE(isNumeric(?v) && isNumeric(?w{i}) && ?v {op} ?w{i}, false)) }}"
        )
        for row in _select(store, query):
            if pair.violates(row["v"], row[f"w{i}"]):
                generic = pair.message(row["this"], row["v"], prefixes)
                yield (
                    check,
                    _Raw(row["this"], row["v"], pair.component, _message(check, generic)),
                )
