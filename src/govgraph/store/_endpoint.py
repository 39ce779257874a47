"""A store over any SPARQL 1.1 Protocol endpoint (Virtuoso, Fuseki, GraphDB, Oxigraph server...).

Queries are sent by HTTP POST (form-encoded ``query=``), updates by POST ``update=``; results come
back as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) and are converted to the same
rdflib terms an :class:`~govgraph.store.OxigraphStore` gives (plain ``xsd:string`` literals become
untyped rdflib literals).

With ``graph=IRI`` the data lives in that named graph: queries are sent with ``default-graph-uri``
so the named graph is their default graph, and govgraph's writes go into ``GRAPH <IRI>``.

The concerns live in their own modules: HTTP transport (``_http``), reading answers
(``_results``), loading (``_load``, not atomic: see :class:`~govgraph.store.LoadReport`) and
query rewriting (``_rewrite``). Virtuoso dialect differences handled (measured on the Debian
package 7.2):

* blank nodes are refused in ``INSERT DATA``: see the loader;
* a SELECT answer is cut at ``ResultSetMaxRows`` (10,000 by default) and flagged only by an
  ``X-SPARQL-MaxRows`` header: such answers are fetched again page by page; CONSTRUCT answers are
  cut without any flag (at the limit plus one triple), so a CONSTRUCT answer of that size
  raises an error;
* ``INSERT DATA`` fails beyond about a thousand triples ("memory exhausted", "generated SQL text
  has exceeded 10000 lines"): the default batch is small and refused batches are split;
* booleans, ``typed-literal`` and ``nodeID://`` blank nodes in answers: see ``_results``;
* it has no writable default graph: writing without ``graph=`` is refused with a clear error.

What Virtuoso itself changes and govgraph cannot undo (documented in ``docs/scale.md``): numeric
literals are stored by value (``"007"^^xsd:integer`` comes back as ``"7"``, ``"1.50"`` as ``"1.5"``),
numerically equal literals of different numeric types collapse into one, ill-typed numeric
literals (``"abc"^^xsd:integer``) are refused, and language tags are lower-cased.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Literal
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.term import Node

from .._exceptions import ConfigurationError, EndpointError
from ._endpoint_queries import SparqlEndpointQueries, plain_binding
from ._http import AuthLike, Transport, check_url, int_or_none
from ._load import LoadReport, load_quads, skolemize
from ._results import GENID_MARK, json_bindings, json_term
from ._rewrite import target_graph
from ._sparql_text import check_query_safety, inject_values, term_to_sparql

__all__ = ["SparqlEndpointStore"]

_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
_VIRTUOSO_OPTIMIZER_BUG = re.compile(r"SQ156|Internal Optimized compiler error")
_DEFAULT_PAGE = 10_000


class SparqlEndpointStore(SparqlEndpointQueries):
    """A govgraph store on a SPARQL 1.1 Protocol endpoint.

    Args:
        query_endpoint: URL of the SPARQL query service.
        update_endpoint: URL of the update service (default: ``query_endpoint``).
        auth: httpx authentication: a ``(user, password)`` tuple (HTTP Basic),
            ``httpx.DigestAuth(user, password)`` (Virtuoso's ``/sparql-auth``), or any ``httpx.Auth``.
        graph: IRI of the named graph holding the data. Queries see it as their default graph;
            writes go into it. ``None`` uses the endpoint's default graph (Virtuoso: reading sees
            the union of all graphs, writing needs a graph).
        timeout: Seconds to wait for each HTTP request.
        batch_size: Triples per ``INSERT DATA`` request when loading.
        max_retries: Retries of a request after a transient error.
        backoff: First back-off delay in seconds (doubled after each retry).
        dialect: ``"auto"`` (detect Virtuoso from the ``Server`` header), ``"virtuoso"`` or
            ``"generic"``.
        headers: Extra HTTP headers sent with every request.
        transport: An ``httpx`` transport to send requests through (tests, custom TLS); by
            default httpx's own, without proxies from the environment.

    Raises:
        ConfigurationError: A URL that is not http(s), a graph that is not an absolute IRI, a
            batch size below 1 or an unknown dialect.
        QueryError: A graph IRI with characters that could break out of ``<...>``.
    """

    embedded = False

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        *,
        auth: AuthLike = None,
        graph: str | None = None,
        timeout: float = 60.0,
        batch_size: int = 200,
        max_retries: int = 3,
        backoff: float = 0.5,
        dialect: Literal["auto", "virtuoso", "generic"] = "auto",
        headers: Mapping[str, str] | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.query_endpoint = check_url(query_endpoint, "query endpoint")
        self.update_endpoint = check_url(update_endpoint or query_endpoint, "update endpoint")
        if graph is not None:
            term_to_sparql(URIRef(graph))  # refuses IRIs that could break out of <...>
            if not urlsplit(graph).scheme:
                raise ConfigurationError(
                    f"graph {graph!r} is not an absolute IRI; use e.g. https://example.org/graph/1"
                )
        if batch_size < 1:
            raise ConfigurationError("batch_size must be at least 1")
        if dialect not in ("auto", "virtuoso", "generic"):
            raise ConfigurationError("dialect must be 'auto', 'virtuoso' or 'generic'")
        self.graph = graph
        self.timeout = timeout
        self.batch_size = batch_size
        self.max_retries = max_retries
        self.backoff = backoff
        self._max_rows: int | None = None
        self._http = Transport(
            auth=auth,
            timeout=timeout,
            max_retries=max_retries,
            backoff=backoff,
            dialect=dialect,
            headers=headers,
            transport=transport,
        )

    def _require_writable(self) -> None:
        if self.graph is None and self.dialect == "virtuoso":
            raise ConfigurationError(
                f"{self.update_endpoint}: Virtuoso has no writable default graph; give the named "
                "graph to write to (graph=IRI)"
            )

    def update(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> None:
        """Run a SPARQL update on the update endpoint.

        With a named graph, operations that name no graph are aimed at it: ``INSERT DATA``,
        ``DELETE DATA`` and ``DELETE WHERE`` get their data wrapped in ``GRAPH <g>``, other
        ``INSERT``/``DELETE`` operations get ``WITH <g>``. Operations that already say ``GRAPH``,
        ``WITH`` or ``USING`` are sent unchanged.

        Examples:
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.update(
            ...     "PREFIX ex: <http://example.org/> PREFIX org: <http://www.w3.org/ns/org#> "
            ...     "INSERT DATA { ex:MinX_Unit org:unitOf ex:MinX }"  # goes into the graph
            ... )
            >>> linked = "ASK { <http://example.org/MinX_Unit> ?p <http://example.org/MinX> }"
            >>> store.query(linked).boolean
            True

        Raises:
            UnsafeQueryError: The update uses ``LOAD`` or ``SERVICE`` and the network is not
                allowed.
            QueryError: The update is too complex, or ``bindings`` cannot be bound safely.
            ConfigurationError: Virtuoso without a named graph to write to.
            EndpointError: The endpoint refused the update or could not be reached.
        """
        check_query_safety(sparql, allow_network=allow_network)
        text = (
            inject_values(sparql, {k: plain_binding(v) for k, v in bindings.items()})
            if bindings
            else sparql
        )
        self._require_writable()
        if self.graph is not None:
            text = target_graph(text, self.graph)
        self._http.post(self.update_endpoint, {"update": text}, "*/*", retries=0)

    # ------------------------------------------------------------------ load
    def add_quads(self, quads: Iterable[ox.Quad]) -> int:
        """Write triples in batches. NOT atomic on an endpoint: see :meth:`load_quads`.

        Returns:
            The number of triples given (all of them were written).

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph import GovGraph
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.add_quads(GovGraph.example().store.quads())
            178
            >>> xsd = "http://www.w3.org/2001/XMLSchema#"
            >>> bad = f'<http://example.org/P1> <http://example.org/year> "abc"^^<{xsd}integer> .'
            >>> store.add_quads(ox.parse(bad, format=ox.RdfFormat.N_TRIPLES))  # ill-typed: refused
            Traceback (most recent call last):
            ...
            govgraph.EndpointError: 0 of 1 triple(s) written ... 1 triple(s) were NOT written:
              batch 1: 1 triple(s), first <http://example.org/P1> ...: HTTP 400: Virtuoso 22005 ...

        Raises:
            ConfigurationError: Virtuoso without a named graph to write to.
            EndpointError: If any triple was not written; the message is the load report's summary.
        """
        report = self.load_quads(quads, count=False)
        if not report.complete:
            raise EndpointError(report.summary())
        return report.triples

    def load_quads(
        self,
        quads: Iterable[ox.Quad],
        *,
        batch_size: int | None = None,
        progress: Callable[[int], object] | None = None,
        count: bool = True,
    ) -> LoadReport:
        """Write triples in batches of ``INSERT DATA`` requests and report what was written.

        Blank nodes are first replaced by stable Skolem IRIs (``/.well-known/genid/``, see
        :func:`~govgraph.store.skolemize`): loading the same data again, for example after a
        failed load, writes nothing twice. Answers give them back as blank nodes.

        Each request is retried with exponential back-off after a transient error. A request the
        endpoint refuses (for example an ill-typed literal Virtuoso cannot store) is split in
        halves until the refused triples are isolated, so everything else still gets written.
        Triples that share blank nodes always travel in one request.

        Args:
            quads: The triples (graph names are ignored).
            batch_size: Triples per request (default: the store's ``batch_size``).
            progress: Called with the number of triples handled after each batch.
            count: Count the graph before and after (two extra queries) for the report.

        Returns:
            The :class:`LoadReport`. Nothing is rolled back: check ``report.complete``.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.clear()  # start from an empty graph
            >>> report = store.load_quads(GovGraph.example().store.quads(), batch_size=50)
            >>> report.complete, report.batches, (report.count_before, report.count_after)
            (True, 4, (0, 178))

        Raises:
            ConfigurationError: Virtuoso without a named graph to write to. Errors of the endpoint
                are not raised: the report lists them (``failures``, ``stopped``).
        """
        self._require_writable()
        return load_quads(
            self._http,
            skolemize(quads, self._genid_base()),
            url=self.update_endpoint,
            graph=self.graph,
            batch_size=batch_size or self.batch_size,
            progress=progress,
            count=self._safe_count if count else None,
        )

    def _genid_base(self) -> str:
        """Skolem IRIs live under the graph's authority (else the endpoint's)."""
        parts = urlsplit(self.graph or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            parts = urlsplit(self.update_endpoint)
        return f"{parts.scheme}://{parts.netloc}{GENID_MARK}"

    def _safe_count(self) -> int | None:
        try:
            return self.count()
        except EndpointError:
            return None

    # ------------------------------------------------------------ inspection
    def count(self) -> int:
        """Return the number of triples in the data graph.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.clear()  # start from an empty graph
            >>> store.add_graph(GovGraph.example().to_rdflib())
            178
            >>> store.count()
            178

        Raises:
            EndpointError: The endpoint refused the query or could not be reached.
        """
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        values = result.values("n")
        return int(str(values[0])) if values else 0

    def quads(self) -> Iterator[ox.Quad]:
        """Iterate over every triple of the data graph, fetched in ordered pages.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.clear()  # start from an empty graph
            >>> store.add_graph(GovGraph.example().to_rdflib())
            178
            >>> sum(1 for _ in store.quads())
            178

        Raises:
            EndpointError: The endpoint refused a query or could not be reached (raised while
                iterating).
        """
        page = min(self._max_rows or _DEFAULT_PAGE, _DEFAULT_PAGE)
        offset = 0
        while True:
            text = (
                "SELECT ?s ?p ?o WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } "
                f"ORDER BY ?s ?p ?o }} }} LIMIT {page} OFFSET {offset}"
            )
            response = self._post_query(text, _RESULTS_JSON)
            cut = int_or_none(response.headers.get("x-sparql-maxrows", ""))
            if cut is not None and cut < page:
                self._max_rows = page = cut
                continue
            bindings = json_bindings(response)
            url = self.query_endpoint
            for b in bindings:
                yield ox.Quad(
                    json_term(b["s"], url),  # type: ignore[arg-type]
                    json_term(b["p"], url),  # type: ignore[arg-type]
                    json_term(b["o"], url),
                )
            if len(bindings) < page:
                return
            offset += page

    def clear(self) -> None:
        """Remove every triple of the data graph (``CLEAR SILENT GRAPH <g>``).

        Without a named graph it sends ``CLEAR DEFAULT``.

        Examples:
            >>> from govgraph.store import SparqlEndpointStore
            >>> store = SparqlEndpointStore(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> store.clear()
            >>> store.count()
            0

        Raises:
            ConfigurationError: Virtuoso without a named graph to write to.
            EndpointError: The endpoint refused the update or could not be reached.
        """
        self._require_writable()
        text = f"CLEAR SILENT GRAPH <{self.graph}>" if self.graph is not None else "CLEAR DEFAULT"
        self._http.post(self.update_endpoint, {"update": text}, "*/*")

    def close(self) -> None:
        """Close the HTTP connections.

        The store is a context manager that closes it on leaving the ``with`` block.

        Examples:
            >>> from govgraph.store import SparqlEndpointStore
            >>> with SparqlEndpointStore("http://127.0.0.1:8890/sparql") as store:
            ...     store.dialect
            'virtuoso'
            >>> store.close()  # closing again does nothing
        """
        self._http.close()

    def __repr__(self) -> str:
        graph = f" graph=<{self.graph}>" if self.graph else ""
        return f"<SparqlEndpointStore {self.query_endpoint}{graph}>"
