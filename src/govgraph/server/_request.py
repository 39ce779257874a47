"""Reading the query out of a SPARQL 1.1 Protocol request, within limits, and refusing updates."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from ..store import query_form
from ._problem import HTTPProblem

__all__ = ["SparqlRequest", "is_update", "read_body", "read_query"]

_READ_ONLY = "this SPARQL endpoint is read-only: updates are refused"
_NO_DATASET = (
    "default-graph-uri and named-graph-uri are not supported: the endpoint serves one default graph"
)
_CLOSE = {"Connection": "close"}


@dataclass(frozen=True)
class SparqlRequest:
    """The query of a request (None when there is none) and its ``format=`` values.

    ``formats`` holds the values of ``format=``, ``output=`` and ``results=`` in that order
    (SPARQLWrapper sends all three, sometimes twice: a short name and a media type).
    """

    query: str | None
    formats: tuple[str, ...]


def is_update(text: str) -> bool:
    """Return True when the SPARQL text is an update (INSERT, DELETE, LOAD, CLEAR, ...)."""
    return query_form(text) == "UPDATE"


async def read_body(request: Any, *, max_bytes: int, timeout: float) -> bytes:
    """The request body, refused (413) beyond ``max_bytes`` and (408) after ``timeout`` seconds.

    A declared ``Content-Length`` above the limit is refused before anything is read.

    Raises:
        HTTPProblem: 413 or 408; both close the connection.
    """
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise HTTPProblem(413, _too_large(int(declared), max_bytes), _CLOSE)
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + timeout

    async def collect() -> None:
        nonlocal size
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                raise HTTPProblem(413, _too_large(size, max_bytes, at_least=True), _CLOSE)
            chunks.append(chunk)

    try:
        await asyncio.wait_for(collect(), max(deadline - time.monotonic(), 0.0))
    except TimeoutError as exc:
        raise HTTPProblem(
            408, f"the request body did not arrive within {timeout:g} s", _CLOSE
        ) from exc
    return b"".join(chunks)


def _too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    return (
        f"the request body is {'more than ' if at_least else ''}{size:,} bytes, more than the "
        f"{limit:,} accepted (server option max_body)"
    )


def _one(values: dict[str, list[str]], name: str) -> str | None:
    found = values.get(name)
    if not found:
        return None
    if len(found) > 1:
        raise HTTPProblem(400, f"the request has {len(found)} {name}= parameters; send exactly one")
    return found[0]


async def read_query(
    request: Any, *, max_body: int, max_query: int, timeout: float
) -> SparqlRequest:
    """Return the query of a Starlette request and its ``format=``.

    Raises:
        HTTPProblem: 403 for updates; 400 for repeated or unsupported parameters and bad
            encodings; 413 for bodies or queries above the limits; 415 for unsupported bodies.
    """
    params = parse_qs(request.url.query, keep_blank_values=True)
    if "update" in params:
        raise HTTPProblem(403, _READ_ONLY)
    if request.method in ("GET", "HEAD"):
        fields = params
    else:
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise HTTPProblem(403, _READ_ONLY)
        if ctype not in ("application/sparql-query", "application/x-www-form-urlencoded"):
            raise HTTPProblem(
                415,
                f"unsupported Content-Type {ctype or '(none)'!r}: POST the query as "
                "application/sparql-query or as form field query= "
                "(application/x-www-form-urlencoded)",
            )
        body = await read_body(request, max_bytes=max_body, timeout=timeout)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise HTTPProblem(
                400, f"the {'query' if 'query' in ctype else 'form'} is not valid UTF-8"
            ) from exc
        if ctype == "application/sparql-query":
            if "query" in params:
                raise HTTPProblem(400, "the query is in the body; do not send query= as well")
            fields = {**params, "query": [text]}
        else:
            # parsed with the standard library (Starlette's form parser needs python-multipart)
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form:
                raise HTTPProblem(403, _READ_ONLY)
            fields = {k: params.get(k, []) + form.get(k, []) for k in {*params, *form}}
    if "default-graph-uri" in fields or "named-graph-uri" in fields:
        raise HTTPProblem(400, _NO_DATASET)
    query = _one(fields, "query")
    if query is not None and len(query) > max_query:
        raise HTTPProblem(
            413,
            f"the query is {len(query):,} characters long, more than the {max_query:,} accepted "
            "(server option max_query_length)",
        )
    formats = tuple(
        v for name in ("format", "output", "results") for v in fields.get(name, []) if v
    )
    return SparqlRequest(query=query, formats=formats)
