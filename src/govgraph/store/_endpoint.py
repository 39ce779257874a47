"""A store over any SPARQL 1.1 Protocol endpoint (Virtuoso, Fuseki, GraphDB, Oxigraph server...).

Queries are sent by HTTP POST (form-encoded ``query=``), updates by POST ``update=``; results come
back as SPARQL JSON (SELECT, ASK) or N-Triples (CONSTRUCT, DESCRIBE) and are converted to the same
rdflib terms an :class:`~govgraph.store.OxigraphStore` gives (plain ``xsd:string`` literals become
untyped rdflib literals).

With ``graph=IRI`` the data lives in that named graph: queries are sent with ``default-graph-uri``
so the named graph is their default graph, and govgraph's writes go into ``GRAPH <IRI>``.

Loads into an endpoint are **not atomic**: triples are sent in batches of N-Triples
``INSERT DATA`` requests, each retried with back-off on transient errors, and a batch the endpoint
refuses is split until the offending triples are isolated. :meth:`SparqlEndpointStore.load_quads`
returns a :class:`LoadReport` saying exactly what was written and what was not.

Virtuoso dialect differences handled here (measured on the Debian package 7.2):

* blank nodes are refused in ``INSERT DATA`` ("not allowed in a constant clause"): batches with
  blank nodes are sent as ``INSERT { ... } WHERE { }`` and all triples sharing a blank node go in
  the same request, so the node stays one node;
* a SELECT answer is cut at ``ResultSetMaxRows`` (10,000 by default) and flagged only by an
  ``X-SPARQL-MaxRows`` header: such answers are fetched again page by page; CONSTRUCT answers are
  cut without any flag (at the limit plus one triple), so a CONSTRUCT answer of that size
  raises an error;
* ``INSERT DATA`` fails beyond about a thousand triples ("memory exhausted", "generated SQL text
  has exceeded 10000 lines"): the default batch is small and refused batches are split;
* booleans come back as ``"1"``/``"0"`` in SPARQL JSON and are turned back into ``true``/``false``;
  literals are announced as ``typed-literal`` (the 2005 JSON form) and blank nodes as
  ``nodeID://...``;
* it has no writable default graph: writing without ``graph=`` is refused with a clear error.

What Virtuoso itself changes and govgraph cannot undo (documented in ``docs/scale.md``): numeric
literals are stored by value (``"007"^^xsd:integer`` comes back as ``"7"``, ``"1.50"`` as ``"1.5"``),
numerically equal literals of different numeric types collapse into one, ill-typed numeric
literals (``"abc"^^xsd:integer``) are refused, and language tags are lower-cased.

The store only ever contacts the URLs it was given: redirects are not followed and proxy settings
from the environment are ignored.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

import httpx
import pyoxigraph as ox
from rdflib import Literal as RdfLiteral
from rdflib import URIRef
from rdflib.term import Node

from .._exceptions import ConfigurationError, EndpointError, QueryError
from ._base import QueryResult, Store
from ._convert import XSD_STRING, ox_to_rdflib, ox_triples_to_graph
from ._sparql_text import check_query_safety, inject_values, mask_sparql, term_to_sparql

__all__ = ["LoadFailure", "LoadReport", "SparqlEndpointStore", "auth_from_env"]

XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_RESULTS_JSON = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
_QUERY_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b(?!\s*:)", re.IGNORECASE)
_PROLOGUE = re.compile(r"^(\s*(PREFIX\s+[^\s:]*:\s*<\s*>|BASE\s*<\s*>))*\s*", re.IGNORECASE)
_TRANSIENT_STATUS = {408, 425, 429, 502, 503, 504}
_FATAL_STATUS = {401, 403, 404, 405, 407}
_VIRTUOSO_OPTIMIZER_BUG = re.compile(r"SQ156|Internal Optimized compiler error")
_TRANSIENT_TEXT = re.compile(r"40001|deadlock|temporarily|try again", re.IGNORECASE)
_BNODE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")
_DEFAULT_PAGE = 10_000

AuthLike = httpx.Auth | tuple[str, str] | None


@dataclass(frozen=True)
class LoadFailure:
    """Triples an endpoint did not accept during a load.

    Attributes:
        batch: The 1-based number of the batch they belonged to.
        triples: How many triples were not written.
        reason: The endpoint's message (or the network error).
        first_triple: The first of those triples in N-Triples, to find it in the data.
    """

    batch: int
    triples: int
    reason: str
    first_triple: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        return {
            "batch": self.batch,
            "triples": self.triples,
            "reason": self.reason,
            "first_triple": self.first_triple,
        }


@dataclass(frozen=True)
class LoadReport:
    """What a load into a SPARQL endpoint wrote. Endpoint loads are not atomic: read this.

    Attributes:
        endpoint: The update endpoint URL.
        graph: The named graph written to (``None``: the endpoint's default graph).
        triples: Triples given to the load.
        batches: Batches the triples were split into.
        written: Triples in requests the endpoint accepted.
        retries: Requests repeated after a transient error (time-out, 5xx, connection reset).
        failures: Triples the endpoint refused or that could not be sent, with the reason.
        not_attempted: Triples never sent because the load stopped early.
        stopped: True when the load stopped early (endpoint unreachable after retries,
            authentication refused, no such service).
        count_before: Triples in the graph before the load (``None`` if it could not be counted).
        count_after: Triples in the graph after the load (``None`` if it could not be counted).
        seconds: Wall time of the load.
    """

    endpoint: str
    graph: str | None
    triples: int
    batches: int
    written: int
    retries: int
    failures: tuple[LoadFailure, ...] = ()
    not_attempted: int = 0
    stopped: bool = False
    count_before: int | None = None
    count_after: int | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """True when every triple was written."""
        return self.written == self.triples and not self.failures

    @property
    def failed(self) -> int:
        """Triples the endpoint refused or that could not be sent after retries."""
        return sum(f.triples for f in self.failures)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form."""
        return {
            "endpoint": self.endpoint,
            "graph": self.graph,
            "complete": self.complete,
            "triples": self.triples,
            "batches": self.batches,
            "written": self.written,
            "failed": self.failed,
            "not_attempted": self.not_attempted,
            "stopped": self.stopped,
            "retries": self.retries,
            "count_before": self.count_before,
            "count_after": self.count_after,
            "seconds": round(self.seconds, 3),
            "failures": [f.to_dict() for f in self.failures],
        }

    def summary(self) -> str:
        """Return a one-paragraph plain-language summary."""
        where = f"graph <{self.graph}>" if self.graph else "the default graph"
        text = (
            f"{self.written} of {self.triples} triple(s) written to {where} at {self.endpoint} "
            f"in {self.batches} batch(es), {self.retries} retr{'y' if self.retries == 1 else 'ies'}"
        )
        if self.count_before is not None and self.count_after is not None:
            text += f"; the graph went from {self.count_before} to {self.count_after} triple(s)"
        text += "."
        if self.failures:
            text += f" {self.failed} triple(s) were NOT written:"
            for f in self.failures[:10]:
                text += f"\n  batch {f.batch}: {f.triples} triple(s), first {f.first_triple}: {f.reason}"
            if len(self.failures) > 10:
                text += f"\n  ... and {len(self.failures) - 10} more failure(s)"
        if self.stopped:
            text += f"\nThe load stopped early; {self.not_attempted} triple(s) were not attempted."
        return text


def auth_from_env(environ: Mapping[str, str] | None = None) -> httpx.Auth | None:
    """Read endpoint credentials from the environment (used by the command line).

    ``GOVGRAPH_ENDPOINT_USER`` and ``GOVGRAPH_ENDPOINT_PASSWORD`` give the account;
    ``GOVGRAPH_ENDPOINT_AUTH`` is ``basic`` (default) or ``digest`` (Virtuoso's ``/sparql-auth``).
    Credentials never go on the command line, where other users could see them.

    Returns:
        An ``httpx`` auth object, or ``None`` when no user is set.

    Raises:
        ConfigurationError: A user without a password, or an unknown scheme.
    """
    import os

    env = os.environ if environ is None else environ
    user = env.get("GOVGRAPH_ENDPOINT_USER")
    if not user:
        return None
    password = env.get("GOVGRAPH_ENDPOINT_PASSWORD")
    if password is None:
        raise ConfigurationError(
            "GOVGRAPH_ENDPOINT_USER is set but GOVGRAPH_ENDPOINT_PASSWORD is not; set both"
        )
    scheme = env.get("GOVGRAPH_ENDPOINT_AUTH", "basic").strip().lower()
    if scheme == "basic":
        return httpx.BasicAuth(user, password)
    if scheme == "digest":
        return httpx.DigestAuth(user, password)
    raise ConfigurationError(
        f"GOVGRAPH_ENDPOINT_AUTH={scheme!r} is not supported; use basic or digest"
    )


class _Fatal(Exception):
    """A request that no retry or split will fix (auth refused, endpoint missing)."""


@dataclass
class _Unit:
    """Triples that must travel in one request (those sharing blank nodes), as N-Triples lines."""

    lines: list[str] = field(default_factory=list)
    has_bnode: bool = False


@dataclass
class _LoadState:
    written: int = 0
    retries: int = 0
    failures: list[LoadFailure] = field(default_factory=list)


def _one_line(text: str, limit: int = 400) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    # Virtuoso echoes the whole query after its message: keep the message only.
    kept = []
    for line in lines:
        if line.startswith("SPARQL query:"):
            break
        kept.append(line)
    message = " ".join(kept) or "(no message)"
    return message if len(message) <= limit else message[: limit - 3] + "..."


def _plain(term: Node) -> Node:
    """Write xsd:string literals as plain literals (Virtuoso keeps the two apart)."""
    if (
        isinstance(term, RdfLiteral)
        and term.datatype is not None
        and str(term.datatype) == XSD_STRING
    ):
        return RdfLiteral(str(term))
    return term


def _check_url(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(
            f"{what} {url!r} is not an http(s) URL; give the endpoint's full address, e.g. "
            "http://127.0.0.1:8890/sparql"
        )
    return url


class SparqlEndpointStore(Store):
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
        self.query_endpoint = _check_url(query_endpoint, "query endpoint")
        self.update_endpoint = _check_url(update_endpoint or query_endpoint, "update endpoint")
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
        self._dialect: str | None = None if dialect == "auto" else dialect
        self._max_rows: int | None = None
        self._client = httpx.Client(
            auth=auth,
            timeout=timeout,
            headers=dict(headers or {}),
            follow_redirects=False,
            trust_env=False,
            transport=transport,
        )

    # ------------------------------------------------------------------ HTTP
    @property
    def dialect(self) -> str:
        """``"virtuoso"`` or ``"generic"`` (detected on first contact when set to auto)."""
        if self._dialect is None:
            try:
                self._post(self.query_endpoint, {"query": "ASK { }"}, _RESULTS_JSON)
            except EndpointError:
                self._dialect = self._dialect or "generic"
        return self._dialect or "generic"

    def _note_server(self, response: httpx.Response) -> None:
        if self._dialect is None:
            server = response.headers.get("server", "")
            self._dialect = "virtuoso" if server.lower().startswith("virtuoso") else "generic"

    def _post(
        self, url: str, data: dict[str, str], accept: str, *, retries: int | None = None
    ) -> httpx.Response:
        """POST a form; retry transient failures; raise EndpointError on any other failure."""
        attempts = (self.max_retries if retries is None else retries) + 1
        delay = self.backoff
        last = ""
        for attempt in range(attempts):
            if attempt:
                time.sleep(delay)
                delay *= 2
            try:
                response = self._client.post(url, data=data, headers={"Accept": accept})
            except httpx.TimeoutException:
                last = f"no answer within {self.timeout:g} s (raise timeout=...)"
                continue
            except httpx.TransportError as exc:
                last = f"cannot reach the endpoint ({exc})"
                continue
            self._note_server(response)
            if response.status_code < 300:
                return response
            message = _one_line(response.text)
            if response.status_code in _TRANSIENT_STATUS or (
                response.status_code >= 500 and _TRANSIENT_TEXT.search(message)
            ):
                last = f"HTTP {response.status_code}: {message}"
                continue
            raise _endpoint_error(url, response.status_code, message)
        raise EndpointError(f"{url}: {last} (after {attempts} attempt(s))")

    # ----------------------------------------------------------------- query
    def _dataset(self) -> dict[str, str]:
        return {"default-graph-uri": self.graph} if self.graph is not None else {}

    def _ask(self, text: str, accept: str) -> tuple[httpx.Response, str]:
        """Send a query; on Virtuoso's optimizer bug with inline VALUES, send the safe form."""
        try:
            return self._post(self.query_endpoint, {"query": text, **self._dataset()}, accept), text
        except EndpointError as exc:
            if self.dialect != "virtuoso" or not _VIRTUOSO_OPTIMIZER_BUG.search(str(exc)):
                raise
        safer = wrap_inline_values(text)
        response = self._post(self.query_endpoint, {"query": safer, **self._dataset()}, accept)
        return response, safer

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Run a SPARQL query on the endpoint; ``bindings`` are injected as a VALUES block."""
        check_query_safety(sparql, allow_network=allow_network)
        text = (
            inject_values(sparql, {k: _plain(v) for k, v in bindings.items()})
            if bindings
            else sparql
        )
        masked = mask_sparql(text)
        form_match = _QUERY_FORM.search(masked)
        if form_match is None:
            raise QueryError(
                "not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE); use update() for "
                "INSERT/DELETE"
            )
        form = form_match.group(1).upper()
        if form in ("CONSTRUCT", "DESCRIBE"):
            return self._graph_query(text)
        response, text = self._ask(text, _RESULTS_JSON)
        masked = mask_sparql(text)
        truncated = response.headers.get("x-sparql-maxrows")
        first = self._parse_results(response)
        if truncated is not None and form == "SELECT":
            self._max_rows = _int_or_none(truncated) or self._max_rows
            return self._paged_select(text, masked, first.variables)
        return first

    def _parse_results(self, response: httpx.Response) -> QueryResult:
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if "json" not in content_type:
            raise EndpointError(
                f"{self.query_endpoint}: expected SPARQL JSON results, got {content_type!r}; "
                "is this a SPARQL 1.1 endpoint?"
            )
        try:
            payload = json.loads(response.content)
        except ValueError as exc:
            raise EndpointError(f"{self.query_endpoint}: malformed JSON results ({exc})") from exc
        if "boolean" in payload:
            return QueryResult(kind="ask", boolean=bool(payload["boolean"]))
        variables = tuple(payload.get("head", {}).get("vars", []))
        rows = []
        for binding in payload.get("results", {}).get("bindings", []):
            rows.append(
                {name: ox_to_rdflib(self._json_term(value)) for name, value in binding.items()}
            )
        return QueryResult(kind="select", variables=variables, rows=tuple(rows))

    def _paged_select(self, text: str, masked: str, variables: tuple[str, ...]) -> QueryResult:
        """Fetch a SELECT answer the endpoint cut at its row limit, page by page."""
        prologue = _PROLOGUE.match(masked)
        split = prologue.end() if prologue else 0
        head, body = text[:split], text[split:]
        ordered = re.search(r"\bORDER\s+BY\b", masked[split:], re.IGNORECASE) is not None
        page = min(self._max_rows or _DEFAULT_PAGE, _DEFAULT_PAGE)
        order = " ".join(f"?{v}" for v in variables)
        rows: list[Mapping[str, Node]] = []
        offset = 0
        while True:
            inner = body
            if not ordered and order:
                inner = f"SELECT * WHERE {{ {{ {body} \n}} }} ORDER BY {order}"
            paged = f"{head}SELECT * WHERE {{ {{ {inner} \n}} }} LIMIT {page} OFFSET {offset}"
            response = self._post(
                self.query_endpoint, {"query": paged, **self._dataset()}, _RESULTS_JSON
            )
            if response.headers.get("x-sparql-maxrows") is not None:
                smaller = _int_or_none(response.headers["x-sparql-maxrows"])
                if smaller is not None and smaller < page:
                    page = smaller
                    continue
            result = self._parse_results(response)
            rows.extend(result.rows)
            if len(result.rows) < page:
                break
            offset += page
        return QueryResult(kind="select", variables=variables, rows=tuple(rows))

    def _graph_query(self, text: str) -> QueryResult:
        response, _ = self._ask(text, _GRAPH_ACCEPT)
        triples = self._parse_triples(response)
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

    def _parse_triples(self, response: httpx.Response) -> list[ox.Triple]:
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type in ("application/n-triples", "text/plain"):
            fmt = ox.RdfFormat.N_TRIPLES
        elif content_type in ("text/turtle", "application/x-turtle"):
            fmt = ox.RdfFormat.TURTLE
        else:
            guessed = ox.RdfFormat.from_media_type(content_type)
            if guessed is None:
                raise EndpointError(
                    f"{self.query_endpoint}: cannot read a graph answer of type {content_type!r}"
                )
            fmt = guessed
        try:
            return [
                ox.Triple(t.subject, t.predicate, self._fix_literal(t.object))
                for t in ox.parse(response.content, format=fmt)
            ]
        except SyntaxError as exc:
            raise EndpointError(
                f"{self.query_endpoint}: the endpoint sent a graph that does not parse ({exc})"
            ) from exc

    def _fix_literal(self, term: Any) -> Any:
        if (
            isinstance(term, ox.Literal)
            and term.datatype.value == XSD_BOOLEAN
            and term.value in ("0", "1")
        ):
            return ox.Literal("true" if term.value == "1" else "false", datatype=term.datatype)
        return term

    def _json_term(self, value: Mapping[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        kind = value.get("type")
        text = value.get("value", "")
        if kind == "uri":
            return ox.NamedNode(text)
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
                return self._fix_literal(ox.Literal(text, datatype=ox.NamedNode(datatype)))
            return ox.Literal(text)
        raise EndpointError(f"{self.query_endpoint}: unknown term type {kind!r} in the results")

    # ---------------------------------------------------------------- update
    def _require_writable(self) -> None:
        if self.graph is None and self.dialect == "virtuoso":
            raise ConfigurationError(
                f"{self.update_endpoint}: Virtuoso has no writable default graph; give the named "
                "graph to write to (graph=IRI, CLI: --graph IRI)"
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
        """
        check_query_safety(sparql, allow_network=allow_network)
        text = (
            inject_values(sparql, {k: _plain(v) for k, v in bindings.items()})
            if bindings
            else sparql
        )
        self._require_writable()
        if self.graph is not None:
            text = target_graph(text, self.graph)
        self._post(self.update_endpoint, {"update": text}, "*/*", retries=0)

    # ------------------------------------------------------------------ load
    def add_quads(self, quads: Iterable[ox.Quad]) -> int:
        """Write triples in batches. NOT atomic on an endpoint: see :meth:`load_quads`.

        Raises:
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
        """
        started = time.monotonic()
        self._require_writable()
        size = batch_size or self.batch_size
        units = _units(quads)
        total = sum(len(u.lines) for u in units)
        batches = _pack(units, size)
        before = self._safe_count() if count else None
        state = _LoadState()
        not_attempted = 0
        stopped = False
        for number, batch in enumerate(batches, start=1):
            try:
                self._send(batch, number, state)
            except _Fatal as exc:
                rest = sum(len(u.lines) for b in batches[number - 1 :] for u in b)
                state.failures.append(
                    LoadFailure(
                        number, sum(len(u.lines) for u in batch), str(exc), batch[0].lines[0]
                    )
                )
                not_attempted = rest - sum(len(u.lines) for u in batch)
                stopped = True
                break
            if progress is not None:
                progress(sum(len(u.lines) for u in batch))
        return LoadReport(
            endpoint=self.update_endpoint,
            graph=self.graph,
            triples=total,
            batches=len(batches),
            written=state.written,
            retries=state.retries,
            failures=tuple(state.failures),
            not_attempted=not_attempted,
            stopped=stopped,
            count_before=before,
            count_after=self._safe_count() if count else None,
            seconds=time.monotonic() - started,
        )

    def _safe_count(self) -> int | None:
        try:
            return self.count()
        except EndpointError:
            return None

    def _insert_text(self, batch: Sequence[_Unit]) -> str:
        body = "\n".join(line for unit in batch for line in unit.lines)
        if self.graph is not None:
            body = f"GRAPH <{self.graph}> {{\n{body}\n}}"
        if any(unit.has_bnode for unit in batch):
            # Blank nodes are refused in INSERT DATA by Virtuoso; a template keeps them one node.
            return f"INSERT {{\n{body}\n}} WHERE {{ }}"
        return f"INSERT DATA {{\n{body}\n}}"

    def _send(self, batch: list[_Unit], number: int, state: _LoadState) -> None:
        """Send one batch; split it when refused; record failures. Raises _Fatal to stop."""
        text = self._insert_text(batch)
        attempts = self.max_retries + 1
        delay = self.backoff
        reason = ""
        for attempt in range(attempts):
            if attempt:
                state.retries += 1
                time.sleep(delay)
                delay *= 2
            try:
                response = self._client.post(
                    self.update_endpoint, data={"update": text}, headers={"Accept": "*/*"}
                )
            except httpx.TimeoutException:
                reason = f"no answer within {self.timeout:g} s"
                continue
            except httpx.TransportError as exc:
                reason = f"cannot reach the endpoint ({exc})"
                continue
            self._note_server(response)
            if response.status_code < 300:
                state.written += sum(len(u.lines) for u in batch)
                return
            message = _one_line(response.text)
            if response.status_code in _FATAL_STATUS:
                raise _Fatal(
                    str(_endpoint_error(self.update_endpoint, response.status_code, message))
                )
            if response.status_code in _TRANSIENT_STATUS or (
                response.status_code >= 500 and _TRANSIENT_TEXT.search(message)
            ):
                reason = f"HTTP {response.status_code}: {message}"
                continue
            # Refused for its content: isolate the triples the endpoint does not accept.
            if len(batch) > 1:
                half = len(batch) // 2
                self._send(batch[:half], number, state)
                self._send(batch[half:], number, state)
                return
            state.failures.append(
                LoadFailure(
                    number,
                    len(batch[0].lines),
                    f"HTTP {response.status_code}: {message}",
                    batch[0].lines[0],
                )
            )
            return
        raise _Fatal(f"{self.update_endpoint}: {reason} (after {attempts} attempt(s))")

    # ------------------------------------------------------------ inspection
    def count(self) -> int:
        """Return the number of triples in the data graph."""
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        values = result.values("n")
        return int(str(values[0])) if values else 0

    def quads(self) -> Iterator[ox.Quad]:
        """Iterate over every triple of the data graph, fetched in ordered pages."""
        page = min(self._max_rows or _DEFAULT_PAGE, _DEFAULT_PAGE)
        offset = 0
        while True:
            text = (
                "SELECT ?s ?p ?o WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } "
                f"ORDER BY ?s ?p ?o }} }} LIMIT {page} OFFSET {offset}"
            )
            response = self._post(
                self.query_endpoint, {"query": text, **self._dataset()}, _RESULTS_JSON
            )
            cut = _int_or_none(response.headers.get("x-sparql-maxrows", ""))
            if cut is not None and cut < page:
                self._max_rows = page = cut
                continue
            payload = json.loads(response.content)
            bindings = payload.get("results", {}).get("bindings", [])
            for b in bindings:
                yield ox.Quad(
                    self._json_term(b["s"]),  # type: ignore[arg-type]
                    self._json_term(b["p"]),  # type: ignore[arg-type]
                    self._json_term(b["o"]),
                )
            if len(bindings) < page:
                return
            offset += page

    def clear(self) -> None:
        """Remove every triple of the data graph (``CLEAR SILENT GRAPH <g>``)."""
        self._require_writable()
        text = f"CLEAR SILENT GRAPH <{self.graph}>" if self.graph is not None else "CLEAR DEFAULT"
        self._post(self.update_endpoint, {"update": text}, "*/*")

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    def __repr__(self) -> str:
        graph = f" graph=<{self.graph}>" if self.graph else ""
        return f"<SparqlEndpointStore {self.query_endpoint}{graph}>"


def _int_or_none(text: str) -> int | None:
    try:
        return int(text.strip())
    except (ValueError, AttributeError):
        return None


def _endpoint_error(url: str, status: int, message: str) -> EndpointError:
    hints = {
        401: "the endpoint wants credentials: pass auth=(user, password) for Basic or "
        "httpx.DigestAuth(user, password) for Digest (Virtuoso's /sparql-auth); on the command "
        "line set GOVGRAPH_ENDPOINT_USER, GOVGRAPH_ENDPOINT_PASSWORD and GOVGRAPH_ENDPOINT_AUTH",
        403: "the endpoint refused: check the account's rights (Virtuoso: GRANT SPARQL_UPDATE)",
        404: "no SPARQL service at this URL: check the address",
        405: "the URL does not take POST requests: is it the SPARQL endpoint?",
    }
    hint = hints.get(status)
    text = f"{url}: HTTP {status}: {message}"
    if hint:
        text += f" ({hint})"
    return EndpointError(text)


def _units(quads: Iterable[ox.Quad]) -> list[_Unit]:
    """Group triples into request units: one per plain triple, one per blank-node component."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    units: list[_Unit] = []
    with_bnodes: list[tuple[str, str]] = []  # (component key, line)
    for q in quads:
        s, p, o = q.subject, q.predicate, q.object
        o = _plain_ox(o)
        line = f"{s} {p} {o} ."
        keys = [str(t) for t in (s, o) if isinstance(t, ox.BlankNode)]
        if not keys:
            units.append(_Unit([line]))
            continue
        for key in keys:
            find(key)
        if len(keys) == 2:
            a, b = find(keys[0]), find(keys[1])
            if a != b:
                parent[a] = b
        with_bnodes.append((keys[0], line))
    groups: dict[str, _Unit] = {}
    for key, line in with_bnodes:
        groups.setdefault(find(key), _Unit(has_bnode=True)).lines.append(line)
    units.extend(groups.values())
    return units


def _plain_ox(term: Any) -> Any:
    if isinstance(term, ox.Literal) and not term.language and term.datatype.value == XSD_STRING:
        return ox.Literal(term.value)
    return term


def _pack(units: list[_Unit], size: int) -> list[list[_Unit]]:
    batches: list[list[_Unit]] = []
    current: list[_Unit] = []
    filled = 0
    for unit in units:
        if current and filled + len(unit.lines) > size:
            batches.append(current)
            current, filled = [], 0
        current.append(unit)
        filled += len(unit.lines)
    if current:
        batches.append(current)
    return batches


_OPERATION_START = re.compile(
    r"(INSERT\s+DATA|DELETE\s+DATA|DELETE\s+WHERE|INSERT|DELETE|WITH|CLEAR|DROP|CREATE|ADD|MOVE|"
    r"COPY|LOAD)\b",
    re.IGNORECASE,
)


def _matching_brace(masked: str, start: int) -> int:
    depth = 0
    for i in range(start, len(masked)):
        if masked[i] == "{":
            depth += 1
        elif masked[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise QueryError("unbalanced braces in the SPARQL update")


def target_graph(update: str, graph: str) -> str:
    """Aim the operations of a SPARQL update that name no graph at ``graph``.

    ``INSERT DATA``/``DELETE DATA``/``DELETE WHERE`` blocks are wrapped in ``GRAPH <graph>``; other
    ``INSERT``/``DELETE`` operations are prefixed with ``WITH <graph>``. Operations mentioning
    ``GRAPH``, ``WITH`` or ``USING`` are left unchanged.
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
    edits: list[tuple[int, int, str]] = []  # (position, remove, insert)
    for begin, end in operations:
        op_masked = masked[begin:end]
        if re.search(r"\b(GRAPH|WITH|USING)\b", op_masked, re.IGNORECASE):
            continue
        prologue = _PROLOGUE.match(op_masked)
        pos = begin + (prologue.end() if prologue else 0)
        match = _OPERATION_START.match(masked, pos)
        if match is None:
            continue
        keyword = re.sub(r"\s+", " ", match.group(1).upper())
        if keyword in ("INSERT DATA", "DELETE DATA", "DELETE WHERE"):
            open_brace = masked.find("{", match.end(), end)
            if open_brace < 0:
                continue
            close_brace = _matching_brace(masked, open_brace)
            edits.append((open_brace + 1, 0, f" GRAPH <{graph}> {{"))
            edits.append((close_brace, 0, "} "))
        elif keyword in ("INSERT", "DELETE"):
            edits.append((match.start(), 0, f"WITH <{graph}> "))
    text = update
    for position, remove, insert in sorted(edits, reverse=True):
        text = text[:position] + insert + text[position + remove :]
    return text


def wrap_inline_values(query: str) -> str:
    """Put each inline ``VALUES`` block of a group into its own sub-SELECT (same meaning).

    Virtuoso 7.2's optimizer fails ("SQ156 Internal Optimized compiler error") on some joins of a
    sub-SELECT with a UNION branch that holds multi-row inline ``VALUES``; the same data inside
    ``{ SELECT ?vars WHERE { VALUES ... } }`` is compiled fine. The trailing ``VALUES`` clause of a
    query or sub-SELECT is left as it is.
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
            stack.append(re.match(r"\{\s*SELECT\b", masked[i:], re.IGNORECASE) is not None)
        elif ch == "}":
            if stack:
                stack.pop()
        elif (
            ch in "Vv"
            and stack
            and not stack[-1]
            and re.match(r"VALUES\b", masked[i:], re.IGNORECASE)
            and (i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] in "_:?$"))
        ):
            head = re.compile(r"VALUES\s*(\?\w+|\(\s*(?:\?\w+\s*)+\))\s*\{", re.IGNORECASE).match(
                masked, i
            )
            if head is not None:
                close = _matching_brace(masked, head.end() - 1)
                variables = head.group(1).strip("() \t\n")
                variables = " ".join(variables.split())
                edits.append((i, close + 1, variables))
                i = close + 1
                continue
        i += 1
    text = query
    for start, end, variables in reversed(edits):
        text = text[:start] + f"{{ SELECT {variables} WHERE {{ {text[start:end]} }} }}" + text[end:]
    return text
