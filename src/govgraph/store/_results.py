"""Reading an endpoint's answers: SPARQL JSON results and graphs, as govgraph's terms.

Results come back as the same rdflib terms an :class:`~govgraph.store.OxigraphStore` gives
(plain ``xsd:string`` literals become untyped rdflib literals). Virtuoso's quirks are undone
here: booleans sent as ``"1"``/``"0"``, literals announced as ``typed-literal`` (the 2005 JSON
form) and blank nodes as ``nodeID://...``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx
import pyoxigraph as ox

from .._exceptions import EndpointError
from ..io import XSD_STRING, ox_to_rdflib
from ._base import QueryResult

__all__ = ["json_term", "parse_graph", "parse_json_results", "plain_ox"]

#: Path of the Skolem IRIs govgraph mints (RDF 1.1 section 3.5), after the authority.
GENID_MARK = "/.well-known/genid/govgraph-"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_BNODE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")


def _content_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def fix_literal(term: Any) -> Any:
    """Turn Virtuoso's ``"1"``/``"0"`` booleans back into ``true``/``false``."""
    if (
        isinstance(term, ox.Literal)
        and term.datatype.value == XSD_BOOLEAN
        and term.value in ("0", "1")
    ):
        return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
    return term


def plain_ox(term: Any) -> Any:
    """Write ``xsd:string`` literals as plain literals (Virtuoso keeps the two apart)."""
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == XSD_STRING:
        return ox.Literal(term.value)
    return term


def deskolemize(term: Any) -> Any:
    """Give a Skolem IRI minted by govgraph's loads back as a blank node."""
    if isinstance(term, ox.NamedNode):
        mark = term.value.find(GENID_MARK)
        if mark > 0:
            return ox.BlankNode(
                "g" + re.sub(r"[^A-Za-z0-9_]", "_", term.value[mark + len(GENID_MARK) :])
            )
    return term


def json_term(value: Mapping[str, str], url: str) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Read one term of a SPARQL JSON result.

    Raises:
        EndpointError: The term has an unknown type.
    """
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return deskolemize(ox.NamedNode(text))
    if kind == "bnode":
        label = text.removeprefix("nodeID://").removeprefix("_:")
        if not _BNODE_ID.fullmatch(label):
            label = "b" + re.sub(r"[^A-Za-z0-9_]", "_", label)
        return ox.BlankNode(label)
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang")
        if language:
            return ox.Literal(text, language=language)
        datatype = value.get("datatype")
        if datatype and datatype != XSD_STRING:
            return fix_literal(ox.Literal(text, datatype=ox.NamedNode(datatype)))
        return ox.Literal(text)
    raise EndpointError(f"{url}: unknown term type {kind!r} in the results")


def parse_json_results(response: httpx.Response, url: str) -> QueryResult:
    """Read a SELECT or ASK answer in SPARQL JSON.

    Raises:
        EndpointError: The answer is not SPARQL JSON or does not parse.
    """
    content_type = _content_type(response)
    if "json" not in content_type:
        raise EndpointError(
            f"{url}: expected SPARQL JSON results, got {content_type!r}; "
            "is this a SPARQL 1.1 endpoint?"
        )
    try:
        payload = json.loads(response.content)
    except ValueError as exc:
        raise EndpointError(f"{url}: malformed JSON results ({exc})") from exc
    if "boolean" in payload:
        return QueryResult(kind="ask", boolean=bool(payload["boolean"]))
    variables = tuple(payload.get("head", {}).get("vars", []))
    rows = []
    for binding in payload.get("results", {}).get("bindings", []):
        rows.append({name: ox_to_rdflib(json_term(value, url)) for name, value in binding.items()})
    return QueryResult(kind="select", variables=variables, rows=tuple(rows))


def json_bindings(response: httpx.Response) -> list[dict[str, Any]]:
    """The raw bindings of a SPARQL JSON answer."""
    payload = json.loads(response.content)
    return payload.get("results", {}).get("bindings", [])


def parse_graph(response: httpx.Response, url: str) -> list[ox.Triple]:
    """Read a CONSTRUCT or DESCRIBE answer (N-Triples, Turtle or another RDF syntax).

    Raises:
        EndpointError: The syntax is unknown or the graph does not parse.
    """
    content_type = _content_type(response)
    if content_type in ("application/n-triples", "text/plain"):
        fmt = ox.RdfFormat.N_TRIPLES
    elif content_type in ("text/turtle", "application/x-turtle"):
        fmt = ox.RdfFormat.TURTLE
    else:
        guessed = ox.RdfFormat.from_media_type(content_type)
        if guessed is None:
            raise EndpointError(f"{url}: cannot read a graph answer of type {content_type!r}")
        fmt = guessed
    try:
        return [
            ox.Triple(deskolemize(t.subject), t.predicate, deskolemize(fix_literal(t.object)))
            for t in ox.parse(response.content, format=fmt)
        ]
    except SyntaxError as exc:
        raise EndpointError(
            f"{url}: the endpoint sent a graph that does not parse ({exc})"
        ) from exc
