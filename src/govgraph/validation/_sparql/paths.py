"""Property paths (SHACL 2.3.1) compiled to SPARQL graph patterns.

Every SHACL path is a SPARQL 1.1 property path. Predicate, inverse, sequence and alternative
paths are expanded into triple patterns, so the ontology's background triples (``VALUES`` blocks,
see :class:`._context._Context`) take part; the closures (``sh:zeroOrMorePath``,
``sh:oneOrMorePath``, ``sh:zeroOrOnePath``) become SPARQL ``*``, ``+`` and ``?`` paths, which
the store evaluates over the data alone, so a closure over a predicate that the background
ontology also states is left to pyshacl.
"""

from __future__ import annotations

import itertools

from rdflib import RDF, SH, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from .._paths import PathSyntaxError, path_text
from ._common import NotCompilableError, _one, _shape_name, _sparql_term
from ._context import _Context
from ._model import PathExpr, _Path

_FRESH = itertools.count()
_UNARY = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def fresh(prefix: str = "q") -> str:
    """A SPARQL variable name used nowhere else (``?_q17``)."""
    return f"?_{prefix}{next(_FRESH)}"


def _compile_path(shapes: Graph, node: Node) -> _Path | None:
    path = _one(shapes, node, SH.path)
    if path is None:
        return None
    try:
        text = path_text(shapes, path)
        expr = _expr(shapes, path)
    except PathSyntaxError as exc:
        raise NotCompilableError(f"shape {_shape_name(shapes, node)}: {exc}") from None
    assert text is not None
    return _Path(path, text, expr)


def _expr(shapes: Graph, node: Node) -> PathExpr:
    if isinstance(node, URIRef):
        return ("iri", node)
    if not isinstance(node, BNode):
        raise PathSyntaxError(f"{node!r} is not a SHACL path")
    if (node, RDF.first, None) in shapes:
        return ("seq", tuple(_expr(shapes, m) for m in Collection(shapes, node)))
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return ("inv", _expr(shapes, inverse))
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return ("alt", tuple(_expr(shapes, m) for m in Collection(shapes, alternatives)))
    for predicate, op in _UNARY.items():
        inner = shapes.value(node, predicate)
        if inner is not None:
            return (op, _expr(shapes, inner))
    raise PathSyntaxError(f"blank node {node.n3()} is not a SHACL path")


def _predicates(expr: PathExpr) -> set[URIRef]:
    if expr[0] == "iri":
        return {expr[1]}
    if expr[0] in ("seq", "alt"):
        return set().union(*(_predicates(e) for e in expr[1]))
    return _predicates(expr[1])


def _property_path(expr: PathExpr) -> str:
    kind = expr[0]
    if kind == "iri":
        return _sparql_term(expr[1])
    if kind == "inv":
        return f"^({_property_path(expr[1])})"
    if kind == "seq":
        return "(" + "/".join(_property_path(e) for e in expr[1]) + ")"
    if kind == "alt":
        return "(" + "|".join(_property_path(e) for e in expr[1]) + ")"
    return f"({_property_path(expr[1])}){kind}"


def _pattern(ctx: _Context, expr: PathExpr, subject: str, value: str) -> str:
    kind = expr[0]
    if kind == "iri":
        return ctx.triple(subject, expr[1], value)
    if kind == "inv":
        return _pattern(ctx, expr[1], value, subject)
    if kind == "seq":
        parts = []
        current = subject
        for i, member in enumerate(expr[1]):
            following = value if i == len(expr[1]) - 1 else fresh()
            parts.append(_pattern(ctx, member, current, following))
            current = following
        return " ".join(parts)
    if kind == "alt":
        branches = " UNION ".join(f"{{ {_pattern(ctx, e, subject, value)} }}" for e in expr[1])
        return f"{{ {branches} }}"
    if not ctx.embedded and kind in ("*", "+"):
        # Virtuoso 7 answers a closure that meets a literal with an error (SR066)
        raise NotCompilableError(
            "a remote endpoint evaluates zero-or-more and one-or-more paths its own way; "
            "pyshacl checks this shape"
        )
    for predicate in _predicates(expr):
        if ctx.background.pairs.get(predicate) or predicate in ctx.background.blank_predicates:
            raise NotCompilableError(
                f"the ontology states <{predicate}> triples, which a {kind} path would follow"
            )
    return f"{subject} {_property_path(expr)} {value} ."


def _path_pattern(
    ctx: _Context, path: _Path | None, value: str = "?v", subject: str = "?this"
) -> str:
    """Pattern binding ``value`` to the value nodes of ``subject`` (itself when no path)."""
    if path is None:
        return f"BIND({subject} AS {value})"
    return _pattern(ctx, path.expr, subject, value)


def _path_exists(ctx: _Context, path: _Path | None, subject: str, value: str) -> str:
    """Pattern (for ``EXISTS``) true when ``value`` is a value node of ``subject``."""
    if path is None:
        return f"FILTER(sameTerm({subject}, {value}))"
    return _pattern(ctx, path.expr, subject, value)
