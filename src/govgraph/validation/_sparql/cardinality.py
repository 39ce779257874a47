"""Cardinality constraint components (SHACL 4.2): sh:minCount, sh:maxCount."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rdflib import SH, Graph, Literal, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _int, _message, _one, _select
from ._context import _Context
from ._model import _Check, _Path, _Raw
from .paths import _path_pattern

if TYPE_CHECKING:
    from ...store import Store


def _count(shapes: Graph, node: Node, predicate: URIRef) -> Literal | None:
    value = _one(shapes, node, predicate)
    if value is None:
        return None
    if not isinstance(value, Literal) or not isinstance(value.value, int) or value.value < 0:
        raise NotCompilableError(f"shape {node}: {predicate} must be a non-negative integer")
    return value


def _run_counts(
    store: Store, ctx: _Context, focus: str, path: _Path | None, checks: list[_Check]
) -> Iterator[tuple[_Check, _Raw]]:
    """One pass for every sh:minCount / sh:maxCount of checks sharing focus nodes and path."""
    prefixes = ctx.background.prefixes
    mins = [(c, int(c.min_count.value)) for c in checks if c.min_count is not None]
    mins = [(c, m) for c, m in mins if m > 0]
    maxs = [(c, int(c.max_count.value)) for c in checks if c.max_count is not None]
    if mins or maxs:
        if not maxs and all(m == 1 for _, m in mins):
            query = (
                f"SELECT DISTINCT ?this WHERE {{ {focus} "
                f"FILTER NOT EXISTS {{ {_path_pattern(ctx, path)} }} }}"
            )
            counted = [(row["this"], 0) for row in _select(store, query)]
        else:
            tests = []
            if mins:
                tests.append(f"?n < {max(m for _, m in mins)}")
            if maxs:
                tests.append(f"?n > {min(m for _, m in maxs)}")
            query = (
                f"SELECT ?this ?n WHERE {{ {{ SELECT ?this (COUNT(DISTINCT ?v) AS ?n) WHERE {{ "
                f"{focus} OPTIONAL {{ {_path_pattern(ctx, path)} }} }} GROUP BY ?this }} "
                f"FILTER({' || '.join(tests)}) }}"
            )
            counted = [(row["this"], _int(row["n"])) for row in _select(store, query)]
        for this, n in counted:
            for check, m in mins:
                if n < m:
                    assert check.count_message is not None
                    generic = check.count_message(this, "min", prefixes)
                    yield (
                        check,
                        _Raw(this, None, SH.MinCountConstraintComponent, _message(check, generic)),
                    )
            for check, m in maxs:
                if n > m:
                    assert check.count_message is not None
                    generic = check.count_message(this, "max", prefixes)
                    yield (
                        check,
                        _Raw(this, None, SH.MaxCountConstraintComponent, _message(check, generic)),
                    )
