"""SPARQL text handling: masking, prologue, query form, safety checks and safe binding of values.

This is the one home of the lexical work govgraph does on SPARQL text; every package uses it
through :mod:`govgraph.store`. Every function here runs in time linear in the length of the text
(no regular expression can backtrack over a run of the input), so a hostile query cannot stall
the process before it is refused.

govgraph never concatenates user values into SPARQL. Values are bound as RDF terms: natively by
Oxigraph (``substitutions``), and for remote endpoints by a ``VALUES`` block injected at the start
of the query's outermost group, with each term written by :func:`term_to_sparql`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal as TypingLiteral

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .._exceptions import QueryError, UnsafeQueryError

__all__ = [
    "MAX_QUERY_NESTING",
    "MAX_QUERY_OPERATORS",
    "QueryForm",
    "check_query_safety",
    "inject_values",
    "mask_sparql",
    "prologue_end",
    "query_form",
    "term_to_sparql",
]

#: Deepest nesting of ``{ ( [`` accepted in a query. Oxigraph's parser is recursive: a few
#: thousand levels overflow the stack and kill the process (measured at 5,000 in a thread).
MAX_QUERY_NESTING = 500
#: Most binary operators (``|| && + - * / | ^ = != < >`` and ``UNION``) accepted in a query;
#: long chains of them overflow Oxigraph's stack too (measured at 10,000).
MAX_QUERY_OPERATORS = 2_000

#: What :func:`query_form` answers.
QueryForm = TypingLiteral["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "UPDATE"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Where a string, IRI or comment may start.
_TOKEN_START = re.compile(r"[\"'<#]")
# Each token's body without its closing delimiter: the alternatives are unambiguous, so a
# failed match costs the length it scanned, and :func:`mask_sparql` never rescans that span.
_LONG = {
    '"': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*', re.DOTALL),
    "'": re.compile(r"'''(?:[^'\\]|\\.|'(?!''))*", re.DOTALL),
}
_SHORT = {
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*', re.DOTALL),
    "'": re.compile(r"'(?:[^'\\\n]|\\.)*", re.DOTALL),
}
_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
# The keywords, not variables (?service), prefixed names (schema:Service, ex:self-service) or
# prefixes (load:): the lexer can only read SERVICE/LOAD as a keyword when none of these touch it.
_REMOTE = re.compile(r"(?<![\w?$:-])(SERVICE|LOAD)(?![\w:-])", re.IGNORECASE)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# A prefixed name starts where no name character precedes it, so a run of letters is tried once
# (starting inside a word would make the search quadratic in the word's length).
_PREFIXED_NAME = re.compile(r"(?<![\w.-])[A-Za-z_][\w.-]*:[\w.:%-]*|(?<![\w?$]):[\w.:%-]+")
_NOT_BRACKET = re.compile(r"[^{}()\[\]]+")
_OPERATOR = re.compile(r"\|\||&&|!=|<=|>=|[-+*/|^=]|(?<![<\s])<(?![\s>])|\bUNION\b", re.IGNORECASE)
# Prologue of masked text (IRIs are blanked to "<   >"), then the first keyword.
_PROLOGUE = re.compile(r"(?:\s*(?:PREFIX\s+[^\s:]*:\s*<\s*>|BASE\s*<\s*>))*\s*", re.IGNORECASE)
_FIRST_WORD = re.compile(r"[A-Za-z]+")
_QUERY_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}
_UPDATE_KEYWORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
}
_LANGUAGE_TAG = re.compile(r"[A-Za-z]+(?:-[A-Za-z0-9]+)*")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WHERE_BRACE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def mask_sparql(text: str) -> str:
    """Return ``text`` with strings, IRIs and comments blanked out (same length).

    Strings and comments become spaces; an IRI keeps its angle brackets (``<   >``), so the
    structure of the query stays readable by the other functions here. An unterminated string
    is left as code (the SPARQL parser will refuse it). Linear in the length of ``text``.

    >>> mask_sparql('SELECT * { ?s <http://x> "a}b" } # }')
    'SELECT * { ?s <        >       }    '
    """
    out: list[str] = []
    pos = 0
    n = len(text)
    # A failed match of a string kind at p scanned up to failed[kind]; a later start of the same
    # kind before that point fails too (the scans agree after any shared escape), so skip it.
    failed: dict[str, int] = {}
    while True:
        start = _TOKEN_START.search(text, pos)
        if start is None:
            out.append(text[pos:])
            break
        i = start.start()
        char = text[i]
        end = -1
        if char == "#":
            newline = text.find("\n", i)
            end = n if newline < 0 else newline
        elif char == "<":
            match = _IRI.match(text, i)
            if match is not None:
                out.append(text[pos:i])
                out.append("<" + " " * (match.end() - i - 2) + ">")
                pos = match.end()
                continue
        else:
            delimiter = char * 3
            if text.startswith(delimiter, i) and failed.get("long" + char, -1) < i:
                body = _LONG[char].match(text, i)
                assert body is not None
                if text.startswith(delimiter, body.end()):
                    end = body.end() + 3
                else:
                    failed["long" + char] = n
            if end < 0 and failed.get(char, -1) < i:
                body = _SHORT[char].match(text, i)
                assert body is not None
                if text.startswith(char, body.end()):
                    end = body.end() + 1
                else:
                    failed[char] = body.end()
        if end < 0:  # not a token: the character is code
            out.append(text[pos : i + 1])
            pos = i + 1
            continue
        out.append(text[pos:i])
        out.append(" " * (end - i))
        pos = end
    return "".join(out)


def prologue_end(text: str) -> int:
    """Return the position where the prologue (``PREFIX`` and ``BASE`` declarations) ends.

    ``text`` may be a query or its :func:`mask_sparql` form (the result is the same).

    >>> q = "PREFIX ex: <http://example.org/> SELECT * { ?s ex:p ?o }"
    >>> q[prologue_end(q):]
    'SELECT * { ?s ex:p ?o }'
    """
    masked = mask_sparql(text)
    match = _PROLOGUE.match(masked)
    return match.end() if match else 0


def query_form(text: str) -> QueryForm | None:
    """Return the form of a SPARQL request: its first keyword after the prologue.

    >>> query_form("PREFIX ex: <http://example.org/> ask { ?s ex:p ?o }")
    'ASK'
    >>> query_form("INSERT DATA { <http://a> <http://b> <http://c> }")
    'UPDATE'

    Returns:
        ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"`` for a query, ``"UPDATE"`` for
        a SPARQL update (``INSERT``, ``DELETE``, ``LOAD``, ``CLEAR``, ``WITH`` ...), ``None``
        for anything else.
    """
    masked = mask_sparql(text)
    match = _PROLOGUE.match(masked)
    start = match.end() if match else 0
    word = _FIRST_WORD.match(masked, start)
    if word is None:
        return None
    keyword = word.group(0).upper()
    if keyword in _QUERY_FORMS:
        return keyword  # type: ignore[return-value]
    if keyword in _UPDATE_KEYWORDS:
        return "UPDATE"
    return None


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
    overflow the SPARQL engine's stack and kill the process. Runs in time linear in the length
    of ``text``.

    >>> check_query_safety("SELECT * { SERVICE <http://x.example/sparql> { ?s ?p ?o } }")
    ... # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    UnsafeQueryError: query line 1: SERVICE would make govgraph contact another server

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
            "file; it is refused by default. Pass allow_network=True if you mean "
            "it."
        )


def _escape(lexical: str) -> str:
    return (
        lexical.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )


def term_to_sparql(term: Node) -> str:
    """Write an rdflib IRI or literal as SPARQL (N-Triples) text that cannot break out.

    Literals are escaped (backslashes, quotes, line breaks); ``xsd:string`` literals are
    written plain, which means the same in RDF 1.1 and matches on stores that keep the two apart
    (Virtuoso).

    >>> from rdflib import Literal, URIRef
    >>> term_to_sparql(Literal("chat", lang="fr"))
    '"chat"@fr'
    >>> term_to_sparql(URIRef("http://example.org/a b"))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    QueryError: cannot write 'http://example.org/a b' in SPARQL: an IRI may not contain spaces

    Raises:
        QueryError: For a blank node, an IRI with characters that IRIs may not hold, an invalid
            language tag, or anything that is not an RDF term.
    """
    if isinstance(term, URIRef):
        return f"<{_checked_iri(str(term))}>"
    if isinstance(term, Literal):
        text = f'"{_escape(str(term))}"'
        if term.language:
            if not _LANGUAGE_TAG.fullmatch(term.language):
                raise QueryError(f"cannot write the language tag {term.language!r} in SPARQL")
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{_checked_iri(str(term.datatype))}>"
        return text
    if isinstance(term, BNode):
        raise QueryError("blank nodes cannot be written into a query; use an IRI instead.")
    raise QueryError(f"cannot write {term!r} in SPARQL: only IRIs and literals can be written.")


def _checked_iri(value: str) -> str:
    if _IRI_FORBIDDEN.search(value):
        raise QueryError(
            f"cannot write {value!r} in SPARQL: an IRI may not contain spaces, quotes, braces or "
            "angle brackets; percent-encode them."
        )
    return value


def inject_values(query: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables by inserting a ``VALUES`` block at the start of the outermost group.

    >>> from rdflib import URIRef
    >>> inject_values("SELECT ?n { ?s ?p ?n }", {"s": URIRef("http://example.org/a")})
    'SELECT ?n { VALUES (?s) { (<http://example.org/a>) }  ?s ?p ?n }'

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
        if not _VARIABLE.fullmatch(name):
            raise QueryError(f"invalid variable name {name!r} in bindings")
        names.append("?" + name)
        values.append(term_to_sparql(term))
    block = f" VALUES ({' '.join(names)}) {{ ({' '.join(values)}) }} "
    masked = mask_sparql(query)
    where = _WHERE_BRACE.search(masked)
    if where is not None:
        position = where.end()
    else:
        brace = masked.find("{")
        if brace < 0:
            raise QueryError("cannot bind values: the query has no { ... } group pattern")
        position = brace + 1
    return query[:position] + block + query[position:]
