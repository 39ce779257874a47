"""The query side of :class:`~govgraph.store.SparqlEndpointStore`: dialect, queries, paging.

Split from :mod:`._endpoint` to keep each file readable; that module documents the dialect
differences handled here (Virtuoso's ``ResultSetMaxRows`` cut, its optimiser's SQ156 error).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping

import httpx
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from .._exceptions import EndpointError, QueryError
from ..io import XSD_STRING, ox_triples_to_graph
from ._base import QueryResult, Store
from ._http import Transport, int_or_none
from ._results import parse_graph, parse_json_results
from ._rewrite import paged_select, wrap_inline_values
from ._sparql_text import check_query_safety, inject_values, query_form

__all__ = ["SparqlEndpointQueries", "plain_binding"]

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
_VIRTUOSO_OPTIMIZER_BUG = re.compile(r"SQ156|Internal Optimized compiler error")
_DEFAULT_PAGE = 10_000


def plain_binding(term: Node) -> Node:
    """Write xsd:string literals as plain literals (Virtuoso keeps the two apart)."""
    if (
        isinstance(term, RdfLiteral)
        and term.datatype is not None
        and str(term.datatype) == XSD_STRING
    ):
        return RdfLiteral(str(term))
    return term


class SparqlEndpointQueries(Store):
    """Queries of a SPARQL endpoint (the base of :class:`~govgraph.store.SparqlEndpointStore`)."""

    query_endpoint: str
    graph: str | None
    _http: Transport
    _max_rows: int | None

    @property
    def dialect(self) -> str:
        """``"virtuoso"`` or ``"generic"`` (detected on first contact when set to auto).

        Detection sends ``ASK { }`` and reads the answer's ``Server`` header.

        While the endpoint cannot be reached it counts as generic (no error), and detection is
        tried again on the next contact: an outage at start does not fix the dialect.

        Examples:
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.dialect  # a Virtuoso server names itself in its Server header
            'virtuoso'
        """
        if self._http.dialect is None:
            # not reached: generic for now (an answer's Server header sets the dialect)
            with contextlib.suppress(EndpointError):
                self._http.post(self.query_endpoint, {"query": "ASK { }"}, _RESULTS_JSON)
        return self._http.dialect or "generic"

    def _dataset(self) -> dict[str, str]:
        return {"default-graph-uri": self.graph} if self.graph is not None else {}

    def _post_query(self, text: str, accept: str) -> httpx.Response:
        return self._http.post(self.query_endpoint, {"query": text, **self._dataset()}, accept)

    # ----------------------------------------------------------------- query
    def _ask(self, text: str, accept: str) -> tuple[httpx.Response, str]:
        """Send a query; on Virtuoso's optimizer bug with inline VALUES, send the safe form."""
        try:
            return self._post_query(text, accept), text
        except EndpointError as exc:
            if self.dialect != "virtuoso" or not _VIRTUOSO_OPTIMIZER_BUG.search(str(exc)):
                raise
        safer = wrap_inline_values(text)
        return self._post_query(safer, accept), safer

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Run a SPARQL query on the endpoint; ``bindings`` are injected as a VALUES block.

        Examples:
            >>> from rdflib import URIRef
            >>> from govgraph import GovGraph
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.add_graph(GovGraph.example().to_rdflib())
            178
            >>> name = "SELECT ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
            >>> found = store.query(name, bindings={"s": URIRef("http://example.org/MinY")})
            >>> [str(label) for label in found.values("l")]
            ['Ministry Y']

        Raises:
            UnsafeQueryError: The query reaches out (``SERVICE``) and the network is not allowed.
            QueryError: The text is not a query, or cannot be bound safely.
            EndpointError: The endpoint refused the query or could not be reached.
        """
        check_query_safety(sparql, allow_network=allow_network)
        text = (
            inject_values(sparql, {k: plain_binding(v) for k, v in bindings.items()})
            if bindings
            else sparql
        )
        form = query_form(text)
        if form is None or form == "UPDATE":
            raise QueryError(
                "not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE); use update() for "
                "INSERT/DELETE"
            )
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._graph_query(text)
        response, text = self._ask(text, _RESULTS_JSON)
        truncated = response.headers.get("x-sparql-maxrows")
        first = parse_json_results(response, self.query_endpoint)
        if truncated is not None and form == "SELECT":
            self._max_rows = int_or_none(truncated) or self._max_rows
            return self._paged_select(text, first.variables)
        return first

    def _paged_select(self, text: str, variables: tuple[str, ...]) -> QueryResult:
        """Fetch a SELECT answer the endpoint cut at its row limit, page by page."""
        page = min(self._max_rows or _DEFAULT_PAGE, _DEFAULT_PAGE)
        rows: list[Mapping[str, Node]] = []
        offset = 0
        while True:
            response = self._post_query(
                paged_select(text, variables, limit=page, offset=offset), _RESULTS_JSON
            )
            if response.headers.get("x-sparql-maxrows") is not None:
                smaller = int_or_none(response.headers["x-sparql-maxrows"])
                if smaller is not None and smaller < page:
                    page = smaller
                    continue
            result = parse_json_results(response, self.query_endpoint)
            rows.extend(result.rows)
            if len(result.rows) < page:
                break
            offset += page
        return QueryResult(kind="select", variables=variables, rows=tuple(rows))

    def _graph_query(self, text: str) -> QueryResult:
        response, _ = self._ask(text, _GRAPH_ACCEPT)
        triples = parse_graph(response, self.query_endpoint)
        if (
            self.dialect == "virtuoso"
            and triples
            and len(triples) - (self._max_rows or _DEFAULT_PAGE) in (0, 1)
        ):
            raise EndpointError(
                f"{self.query_endpoint}: the CONSTRUCT/DESCRIBE answer has {len(triples)} "
                "triples, just what Virtuoso's result limit (ResultSetMaxRows) lets through, so it is "
                "probably cut short; narrow the query with LIMIT/OFFSET, or raise "
                "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini"
            )
        return QueryResult(kind="graph", graph=ox_triples_to_graph(triples))
