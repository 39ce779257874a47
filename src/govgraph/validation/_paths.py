"""SHACL property paths as text (SPARQL 1.1 property path syntax) and back.

A result's ``path`` is text: a plain IRI for a predicate path (``http://...#p``), and SPARQL
property path syntax for every other SHACL path (``^<p>``, ``<p>/<q>``, ``(<p>|<q>)``, ``<p>*``,
``(<p>/<q>)+``, ``<p>?``). :func:`path_to_graph` turns that text back into the SHACL path
structure (RDF lists and ``sh:inversePath``... nodes) for a standard ``sh:ValidationReport``.
"""

from __future__ import annotations

import re

from rdflib import RDF, SH, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from .._exceptions import ConfigurationError

__all__ = ["PathSyntaxError", "path_text", "path_to_graph", "sparql_path"]

_UNARY = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


class PathSyntaxError(ConfigurationError):
    """A SHACL path that is not well-formed (or text that is not a path this module wrote)."""


def sparql_path(graph: Graph, node: Node, *, _depth: int = 0) -> str:
    """Write the SHACL path ``node`` of ``graph`` in SPARQL property path syntax.

    Every compound part is put in parentheses, so the text reads back unambiguously.

    Raises:
        PathSyntaxError: ``node`` is not a well-formed SHACL path.
    """
    if _depth > 64:
        raise PathSyntaxError("the path is nested too deeply (or cyclic)")
    if isinstance(node, URIRef):
        if re.search(r'[\x00-\x20<>"{}|^`\\]', str(node)):
            raise PathSyntaxError(f"the IRI {str(node)!r} cannot be written in a path")
        return f"<{node}>"
    if not isinstance(node, BNode):
        raise PathSyntaxError(f"{node!r} is not a SHACL path (a literal)")
    if (node, RDF.first, None) in graph:
        members = list(Collection(graph, node))
        if len(members) < 2:
            raise PathSyntaxError("a sequence path needs at least two members")
        return "/".join(_wrap(graph, m, _depth) for m in members)
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _wrap(graph, inverse, _depth)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        members = list(Collection(graph, alternatives))
        if len(members) < 2:
            raise PathSyntaxError("an alternative path needs at least two members")
        return "|".join(_wrap(graph, m, _depth) for m in members)
    for predicate, suffix in _UNARY:
        inner = graph.value(node, predicate)
        if inner is not None:
            return _wrap(graph, inner, _depth) + suffix
    raise PathSyntaxError(f"blank node {node.n3()} is not a SHACL path")


def _wrap(graph: Graph, node: Node, depth: int) -> str:
    text = sparql_path(graph, node, _depth=depth + 1)
    return text if isinstance(node, URIRef) else f"({text})"


def path_text(graph: Graph, node: Node | None) -> str | None:
    """The ``path`` text of a result: the bare IRI of a predicate path, SPARQL syntax otherwise."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        return str(node)
    return sparql_path(graph, node)


_TOKEN = re.compile(r"\s*(<[^<>\s]*>|[\^/|*+?()])")


def path_to_graph(text: str, graph: Graph) -> Node:
    """Add the SHACL path written as ``text`` (see :func:`path_text`) to ``graph``; return it.

    Raises:
        PathSyntaxError: ``text`` is not a path in that syntax.
    """
    if not text.startswith(("<", "^", "(")):
        return URIRef(text)
    tokens: list[str] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            if text[pos:].strip() == "":
                break
            raise PathSyntaxError(f"unexpected text at {pos} in path {text!r}")
        tokens.append(match.group(1))
        pos = match.end()
    parser = _Parser(tokens, graph, text)
    node = parser.alternative()
    if parser.pos != len(tokens):
        raise PathSyntaxError(f"unexpected {tokens[parser.pos]!r} in path {text!r}")
    return node


class _Parser:
    def __init__(self, tokens: list[str], graph: Graph, text: str) -> None:
        self.tokens = tokens
        self.graph = graph
        self.text = text
        self.pos = 0

    def _peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _list(self, members: list[Node]) -> Node:
        head = BNode()
        Collection(self.graph, head, members)
        return head

    def alternative(self) -> Node:
        members = [self.sequence()]
        while self._peek() == "|":
            self.pos += 1
            members.append(self.sequence())
        if len(members) == 1:
            return members[0]
        node = BNode()
        self.graph.add((node, SH.alternativePath, self._list(members)))
        return node

    def sequence(self) -> Node:
        members = [self.element()]
        while self._peek() == "/":
            self.pos += 1
            members.append(self.element())
        return members[0] if len(members) == 1 else self._list(members)

    def element(self) -> Node:
        token = self._peek()
        if token == "^":
            self.pos += 1
            node = BNode()
            self.graph.add((node, SH.inversePath, self.element()))
            return node
        if token == "(":
            self.pos += 1
            inner = self.alternative()
            if self._peek() != ")":
                raise PathSyntaxError(f"missing ')' in path {self.text!r}")
            self.pos += 1
        elif token is not None and token.startswith("<"):
            self.pos += 1
            inner = URIRef(token[1:-1])
        else:
            raise PathSyntaxError(f"unexpected {token!r} in path {self.text!r}")
        while self._peek() in ("*", "+", "?"):
            suffix = self._peek()
            self.pos += 1
            predicate = {"*": SH.zeroOrMorePath, "+": SH.oneOrMorePath, "?": SH.zeroOrOnePath}
            node = BNode()
            self.graph.add((node, predicate[suffix], inner))  # type: ignore[index]
            inner = node
        return inner
