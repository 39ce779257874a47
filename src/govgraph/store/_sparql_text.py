"""Lexical helpers for SPARQL text: safety checks and safe binding of values.

govgraph never concatenates user values into SPARQL. Values are bound as RDF terms: natively by
Oxigraph (``substitutions``), and for remote endpoints by a ``VALUES`` block injected at the start
of the query's outermost group, with each term written in its escaped N-Triples form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .._exceptions import QueryError, UnsafeQueryError

__all__ = [
    "MAX_QUERY_NESTING",
    "MAX_QUERY_OPERATORS",
    "check_query_safety",
    "inject_values",
    "mask_sparql",
    "term_to_sparql",
]

#: Deepest nesting of ``{ ( [`` accepted in a query. Oxigraph's parser is recursive: a few
#: thousand levels overflow the stack and kill the process (measured at 5,000 in a thread).
MAX_QUERY_NESTING = 500
#: Most binary operators (``|| && + - * / | ^ = != < >`` and ``UNION``) accepted in a query;
#: long chains of them overflow Oxigraph's stack too (measured at 10,000).
MAX_QUERY_OPERATORS = 2_000

# Strings (long and short), IRIs and comments; everything else is code.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
# The keywords, not variables (?service), prefixed names (schema:Service, ex:self-service) or
# prefixes (load:): the lexer can only read SERVICE/LOAD as a keyword when none of these touch it.
_REMOTE = re.compile(r"(?<![\w?$:-])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_PREFIXED_NAME = re.compile(r"[A-Za-z_][\w.-]*:[\w.:%-]*|(?<![\w?$]):[\w.:%-]+")
_NOT_BRACKET = re.compile(r"[^{}()\[\]]+")
_OPERATOR = re.compile(r"\|\||&&|!=|<=|>=|[-+*/|^=]|(?<![<\s])<(?![\s>])|\bUNION\b", re.IGNORECASE)


def mask_sparql(text: str) -> str:
    """Return ``text`` with strings, IRIs and comments blanked out (same length)."""

    def blank(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("<") and not token.startswith("<="):
            return "<" + " " * (len(token) - 2) + ">"
        return " " * len(token)

    return _TOKEN.sub(blank, text)


def _check_complexity(masked: str) -> None:
    depth = deepest = 0
    for char in _NOT_BRACKET.sub("", masked):
        if char in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_QUERY_NESTING:
                    raise QueryError(
                        f"the query nests brackets more than {MAX_QUERY_NESTING} levels deep; "
                        "simplify it (such queries can crash the SPARQL engine)"
                    )
        elif char in "})]":
            depth -= 1
    code = _PREFIXED_NAME.sub(" ", masked.replace("^^", "  "))  # ex:dg-1, "1"^^xsd:int
    operators = len(_OPERATOR.findall(code))
    if operators > MAX_QUERY_OPERATORS:
        raise QueryError(
            f"the query chains {operators:,} operators (more than {MAX_QUERY_OPERATORS:,}); "
            "use VALUES or split it (such queries can crash the SPARQL engine)"
        )


def check_query_safety(text: str, *, allow_network: bool = False) -> None:
    """Refuse SPARQL that reaches out of the store unless the network is allowed.

    Also refuses, whatever ``allow_network`` says, queries nested deeper than
    ``MAX_QUERY_NESTING`` or chaining more than ``MAX_QUERY_OPERATORS`` operators: they would
    overflow the SPARQL engine's stack and kill the process.

    Args:
        text: A SPARQL query or update.
        allow_network: When true, ``SERVICE`` and ``LOAD`` are accepted.

    Raises:
        UnsafeQueryError: If the text uses ``SERVICE`` or ``LOAD`` and the network is not allowed.
        QueryError: If the query is too deeply nested or too long a chain of operators.
    """
    masked = mask_sparql(text)
    _check_complexity(masked)
    if allow_network:
        return
    match = _REMOTE.search(masked)
    if match:
        keyword = match.group(1).upper()
        line = text.count("\n", 0, match.start()) + 1
        raise UnsafeQueryError(
            f"query line {line}: {keyword} would make govgraph contact another server or read a "
            "file; it is refused by default. Pass allow_network=True (CLI: --allow-network) if you "
            "mean it."
        )


def term_to_sparql(term: Node) -> str:
    """Write an rdflib term as SPARQL/N-Triples text, refusing IRIs that could break out."""
    if isinstance(term, URIRef):
        value = str(term)
        if _IRI_FORBIDDEN.search(value):
            raise QueryError(
                f"cannot bind {value!r}: an IRI may not contain spaces, quotes, braces or "
                "angle brackets; percent-encode them."
            )
        return f"<{value}>"
    if isinstance(term, Literal):
        return term.n3()
    if isinstance(term, BNode):
        raise QueryError("blank nodes cannot be bound into a query; use an IRI instead.")
    raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be bound.")


def inject_values(query: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables by inserting a ``VALUES`` block at the start of the outermost group.

    Args:
        query: A SPARQL query with a ``WHERE { ... }`` group (or ``ASK { ... }`` etc.).
        bindings: Variable name (without ``?``) to RDF term.

    Returns:
        The query text with ``VALUES (?a ?b) { (term term) }`` placed right after the first
        opening brace of the query pattern.

    Raises:
        QueryError: If a value cannot be written safely or the query has no group pattern.
    """
    if not bindings:
        return query
    names = []
    values = []
    for name, term in bindings.items():
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r} in bindings")
        names.append("?" + name)
        values.append(term_to_sparql(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }} "
    masked = mask_sparql(query)
    where = re.search(r"\bWHERE\s*\{", masked, re.IGNORECASE)
    if where is not None:
        position = where.end()
    else:
        brace = masked.find("{")
        if brace < 0:
            raise QueryError("cannot bind values: the query has no { ... } group pattern")
        position = brace + 1
    return query[:position] + block + query[position:]
