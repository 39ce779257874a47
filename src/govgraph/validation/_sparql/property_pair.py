"""Property pair constraint components (SHACL 4.5).

``sh:equals``, ``sh:disjoint`` (node and property shapes), ``sh:lessThan`` and
``sh:lessThanOrEquals`` (property shapes): the value nodes against the values of another
property of the focus node.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rdflib import SH, Graph, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _data_stringify, _message, _select
from ._context import _Context
from ._model import _Check, _PairConstraint, _Path, _Raw
from .paths import _path_exists, _path_pattern

if TYPE_CHECKING:
    from ...store import Store

_COMPARISONS = (
    (SH.lessThan, False, SH.LessThanConstraintComponent),
    (SH.lessThanOrEquals, True, SH.LessThanOrEqualsConstraintComponent),
)
_SETS = (
    (SH.equals, "equals", SH.EqualsConstraintComponent, "!="),
    (SH.disjoint, "disjoint", SH.DisjointConstraintComponent, "=="),
)


def _pair_constraints(
    shapes: Graph, node: Node, sg: Callable[[Node], str], has_path: bool
) -> list[_PairConstraint]:
    """The property pair constraints of one shape."""
    found: list[_PairConstraint] = []
    for parameter, or_equal, _component in _COMPARISONS:
        for other in shapes.objects(node, parameter):
            if not has_path or not isinstance(other, URIRef):
                raise NotCompilableError(f"shape {sg(node)}: {parameter} needs a path and an IRI")
            found.append(_pair_constraint(shapes, parameter, other, or_equal))
    for parameter, kind, component, word in _SETS:
        for other in shapes.objects(node, parameter):
            if not isinstance(other, URIRef):
                raise NotCompilableError(f"shape {sg(node)}: {parameter} needs an IRI")
            text = sg(other)

            def message(
                focus: Node, value: Node, prefixes: Graph, t: str = text, w: str = word
            ) -> str:
                return f"Value of {_data_stringify(focus, prefixes)}->{t} {w} {_data_stringify(value, prefixes)}"

            found.append(
                _PairConstraint(
                    component=component,
                    predicate=other,
                    or_equal=False,
                    message=message,
                    kind=kind,
                )
            )
    return found


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


def _pair_queries(
    ctx: _Context, focus: str, path: _Path | None, pair: _PairConstraint, i: int
) -> list[str]:
    w = f"?w{i}"
    other = ctx.triple("?this", pair.predicate, "?v")
    if pair.kind == "equals":
        # values of the path that the other property lacks, and the other way round
        return [
            f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {_path_pattern(ctx, path)} "
            f"FILTER NOT EXISTS {{ {other} }} }}",
            f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {other} "
            f"FILTER NOT EXISTS {{ {_path_exists(ctx, path, '?this', '?v')} }} }}",
        ]
    if pair.kind == "disjoint":
        return [f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {_path_pattern(ctx, path)} {other} }}"]
    op = "<=" if pair.or_equal else "<"
    return [
        f"SELECT DISTINCT ?this ?v {w} WHERE {{ {focus} {_path_pattern(ctx, path)} "
        f"{ctx.triple('?this', pair.predicate, w)} "
        f"FILTER(!COALESCE(isNumeric(?v) && isNumeric({w}) && ?v {op} {w}, false)) }}"
    ]


def _run_pairs(
    store: Store, ctx: _Context, focus: str, path: _Path | None, check: _Check
) -> Iterator[tuple[_Check, _Raw]]:
    """The property pair constraints of one check."""
    prefixes = ctx.background.prefixes
    for i, pair in enumerate(check.pairs):
        for query in _pair_queries(ctx, focus, path, pair, i):
            for row in _select(store, query):
                if pair.kind == "lessThan" and not pair.violates(row["v"], row[f"w{i}"]):
                    continue
                generic = pair.message(row["this"], row["v"], prefixes)
                yield check, _Raw(row["this"], row["v"], pair.component, _message(check, generic))
