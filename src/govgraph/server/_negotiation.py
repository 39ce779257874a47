"""Content negotiation: which serialisation answers a request (``Accept`` and ``format=``)."""

from __future__ import annotations

from collections.abc import Sequence

from ._problem import HTTPProblem

__all__ = [
    "GRAPH_MEDIA",
    "GRAPH_NAMES",
    "GRAPH_TYPES",
    "RESULT_MEDIA",
    "RESULT_NAMES",
    "RESULT_TYPES",
    "choose_formats",
    "negotiate",
    "parse_accept",
    "pick_format",
]

# media type -> internal format name
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
# format= short names (SPARQLWrapper sends these; handy in a browser too)
RESULT_NAMES = {
    "json": "json",
    "srj": "json",
    "xml": "xml",
    "srx": "xml",
    "csv": "csv",
    "tsv": "tsv",
}
GRAPH_NAMES = {
    "turtle": "turtle",
    "ttl": "turtle",
    "n3": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "json": "json-ld",
    "xml": "xml",
    "rdf": "xml",
    "rdfxml": "xml",
    "rdf+xml": "xml",
    "rdf/xml": "xml",
}


def parse_accept(header: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, order kept on ties)."""
    if not header:
        return []
    items: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, index, media))
    return [m for _, _, m in sorted(items)]


def negotiate(accept: str | None, table: dict[str, str], default: str) -> str:
    """The format of ``table`` (media type to format) the Accept header prefers.

    Raises:
        HTTPProblem: 406 when the header names none of the table's media types.
    """
    types = parse_accept(accept)
    if not types:
        return default
    for media in types:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise HTTPProblem(
        406,
        f"cannot answer in {accept!r}; acceptable types: {', '.join(sorted(set(table)))}",
    )


def pick_format(
    forced: Sequence[str],
    accept: str | None,
    *,
    graph: bool,
) -> str:
    """The format a request asks for: ``format=`` if this kind of answer has it, else Accept.

    ``format=`` may be a short name (``json``, ``turtle``...) or a media type.

    Args:
        forced: The ``format=`` values (and ``output=``), best first; may be empty.
        accept: The Accept header, if any.
        graph: True for CONSTRUCT and DESCRIBE answers, False for SELECT and ASK.

    Raises:
        HTTPProblem: 406 when nothing acceptable is offered.
    """
    names, table, default = (
        (GRAPH_NAMES, GRAPH_TYPES, "turtle") if graph else (RESULT_NAMES, RESULT_TYPES, "json")
    )
    for value in forced:
        key = value.split(";")[0].strip().lower()
        fmt = names.get(key) or table.get(key)
        if fmt is not None:
            return fmt
    return negotiate(accept, table, default)


def choose_formats(forced: Sequence[str], accept: str | None) -> tuple[str | tuple[int, str], ...]:
    """The formats for a SELECT/ASK answer and for a graph answer.

    Either is ``(status, message)`` instead when that kind cannot be answered acceptably.
    """
    choices: list[str | tuple[int, str]] = []
    for graph in (False, True):
        try:
            choices.append(pick_format(forced, accept, graph=graph))
        except HTTPProblem as exc:
            choices.append((exc.status, exc.message))
    return tuple(choices)
