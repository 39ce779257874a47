"""Rewriting SPARQL text so that it means the same on a remote endpoint.

Used by :class:`~govgraph.store.SparqlEndpointStore`: updates aimed at the store's named graph,
Virtuoso's optimizer bug with inline ``VALUES`` avoided, answers cut at a row limit fetched page
by page. Every function works on the :func:`~govgraph.store.mask_sparql` form of the text, so
strings, IRIs and comments are never touched, and runs in time linear in the length of the text.
"""

from __future__ import annotations

import re

from .._exceptions import QueryError
from ._sparql_text import mask_sparql, prologue_end

__all__ = ["paged_select", "target_graph", "wrap_inline_values"]

_OPERATION_START = re.compile(
    r"(INSERT\s+DATA|DELETE\s+DATA|DELETE\s+WHERE|INSERT|DELETE|WITH|CLEAR|DROP|CREATE|ADD|MOVE|"
    r"COPY|LOAD)\b",
    re.IGNORECASE,
)
_NAMES_GRAPH = re.compile(r"\b(GRAPH|WITH|USING)\b", re.IGNORECASE)
_SUB_SELECT = re.compile(r"\{\s*SELECT\b", re.IGNORECASE)
_VALUES_WORD = re.compile(r"VALUES\b", re.IGNORECASE)
_VALUES_HEAD = re.compile(r"VALUES\s*(\?\w+|\(\s*(?:\?\w+\s*)+\))\s*\{", re.IGNORECASE)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def _matching_brace(masked: str, start: int) -> int:
    depth = 0
    for i in range(start, len(masked)):
        if masked[i] == "{":
            depth += 1
        elif masked[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError("unbalanced braces in the SPARQL text")


def target_graph(update: str, graph: str) -> str:
    """Aim the operations of a SPARQL update that name no graph at ``graph``.

    ``INSERT DATA``/``DELETE DATA``/``DELETE WHERE`` blocks are wrapped in ``GRAPH <graph>``; other
    ``INSERT``/``DELETE`` operations are prefixed with ``WITH <graph>``. Operations mentioning
    ``GRAPH``, ``WITH`` or ``USING`` are left unchanged.

    >>> target_graph("INSERT DATA { <http://a> <http://b> 1 }", "http://g")
    'INSERT DATA { GRAPH <http://g> { <http://a> <http://b> 1 } }'

    Raises:
        QueryError: The braces of the update do not balance.
    """
    masked = mask_sparql(update)
    # split into operations at top-level semicolons
    operations: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(masked):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == ";" and depth == 0:
            operations.append((start, i))
            start = i + 1
    operations.append((start, len(masked)))
    edits: list[tuple[int, str]] = []  # (position, insert)
    for begin, end in operations:
        op_masked = masked[begin:end]
        if _NAMES_GRAPH.search(op_masked):
            continue
        pos = begin + prologue_end(op_masked)
        match = _OPERATION_START.match(masked, pos)
        if match is None:
            continue
        keyword = re.sub(r"\s+", " ", match.group(1).upper())
        if keyword in ("INSERT DATA", "DELETE DATA", "DELETE WHERE"):
            open_brace = masked.find("{", match.end(), end)
            if open_brace < 0:
                continue
            close_brace = _matching_brace(masked, open_brace)
            edits.append((open_brace + 1, f" GRAPH <{graph}> {{"))
            edits.append((close_brace, "} "))
        elif keyword in ("INSERT", "DELETE"):
            edits.append((match.start(), f"WITH <{graph}> "))
    pieces = []
    last = 0
    for position, insert in sorted(edits):
        pieces.append(update[last:position])
        pieces.append(insert)
        last = position
    pieces.append(update[last:])
    return "".join(pieces)


def wrap_inline_values(query: str) -> str:
    """Put each inline ``VALUES`` block of a group into its own sub-SELECT (same meaning).

    Virtuoso 7.2's optimizer fails ("SQ156 Internal Optimized compiler error") on some joins of a
    sub-SELECT with a UNION branch that holds multi-row inline ``VALUES``; the same data inside
    ``{ SELECT ?vars WHERE { VALUES ... } }`` is compiled fine. The trailing ``VALUES`` clause of a
    query or sub-SELECT is left as it is.

    >>> wrap_inline_values("SELECT * { VALUES ?x { 1 2 } ?x ?p ?o }")
    'SELECT * { { SELECT ?x WHERE { VALUES ?x { 1 2 } } } ?x ?p ?o }'

    Raises:
        QueryError: The braces of the query do not balance.
    """
    masked = mask_sparql(query)
    # kinds of the open groups: True when the group wraps a sub-SELECT ("{ SELECT ...")
    stack: list[bool] = []
    edits: list[tuple[int, int, str]] = []
    i = 0
    n = len(masked)
    while i < n:
        ch = masked[i]
        if ch == "{":
            stack.append(_SUB_SELECT.match(masked, i) is not None)
        elif ch == "}":
            if stack:
                stack.pop()
        elif (
            ch in "Vv"
            and stack
            and not stack[-1]
            and _VALUES_WORD.match(masked, i)
            and (i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] in "_:?$"))
        ):
            head = _VALUES_HEAD.match(masked, i)
            if head is not None:
                close = _matching_brace(masked, head.end() - 1)
                variables = " ".join(head.group(1).strip("() \t\n").split())
                edits.append((i, close + 1, variables))
                i = close + 1
                continue
        i += 1
    pieces = []
    last = 0
    for start, end, variables in edits:
        pieces.append(query[last:start])
        pieces.append(f"{{ SELECT {variables} WHERE {{ {query[start:end]} }} }}")
        last = end
    pieces.append(query[last:])
    return "".join(pieces)


def paged_select(query: str, variables: tuple[str, ...], *, limit: int, offset: int) -> str:
    """Return one page of a SELECT query's answer as a query of its own.

    The query becomes a sub-SELECT (its prologue stays in front), ordered by every projected
    variable unless it has its own ``ORDER BY``, so that consecutive pages neither overlap nor
    miss solutions.

    >>> print(paged_select("SELECT ?s { ?s ?p ?o }", ("s",), limit=10, offset=20))
    ... # doctest: +NORMALIZE_WHITESPACE
    SELECT * WHERE { { SELECT * WHERE { { SELECT ?s { ?s ?p ?o }
    } } ORDER BY ?s
    } } LIMIT 10 OFFSET 20
    """
    masked = mask_sparql(query)
    split = prologue_end(masked)
    head, body = query[:split], query[split:]
    order = " ".join(f"?{v}" for v in variables)
    inner = body
    if order and _ORDER_BY.search(masked, split) is None:
        inner = f"SELECT * WHERE {{ {{ {body} \n}} }} ORDER BY {order}"
    return f"{head}SELECT * WHERE {{ {{ {inner} \n}} }} LIMIT {limit} OFFSET {offset}"
