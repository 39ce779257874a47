"""Property paths (SHACL 2.3.1) compiled to SPARQL patterns."""

from __future__ import annotations

from rdflib import SH, BNode, Graph, URIRef
from rdflib.term import Node

from ._common import NotCompilableError, _one, _shape_name
from ._context import _Context
from ._model import _Path


def _compile_path(shapes: Graph, node: Node) -> _Path | None:
    path = _one(shapes, node, SH.path)
    if path is None:
        return None
    if isinstance(path, URIRef):
        return _Path(path, path, False)
    if isinstance(path, BNode):
        predicates = set(shapes.predicates(path))
        inverse = _one(shapes, path, SH.inversePath)
        if predicates == {SH.inversePath} and isinstance(inverse, URIRef):
            return _Path(path, inverse, True)
    raise NotCompilableError(
        f"shape {_shape_name(shapes, node)}: only IRI and sh:inversePath paths are compiled"
    )


def _path_pattern(ctx: _Context, path: _Path | None, value: str = "?v") -> str:
    if path is None:
        return f"BIND(?this AS {value})"
    if path.inverse:
        return ctx.triple(value, path.predicate, "?this")
    return ctx.triple("?this", path.predicate, value)
