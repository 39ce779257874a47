"""A small read-only SPARQL 1.1 Protocol endpoint (Starlette + uvicorn) over a govgraph store.

Routes:

* ``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` with
  ``query=``, or ``application/sparql-query`` with the query as body). ``GET /sparql`` without a
  query returns a SPARQL 1.1 Service Description (Turtle).
* ``GET /catalog`` (content negotiation: Turtle, N-Triples, JSON-LD, RDF/XML), ``GET /catalog.ttl``
  and ``GET /.well-known/void`` (redirects to ``/catalog``): the exported DCAT-AP catalogue.
* ``GET /``: a short plain-text description of the service.

Updates are refused with ``403 Forbidden`` (the endpoint is read-only), as are ``SERVICE`` and
``LOAD`` unless the app was created with ``allow_network=True``. Queries run in a worker thread;
after ``timeout`` seconds the client gets ``503`` and the worker is abandoned (see
:func:`create_app` for what that means with Oxigraph).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import parse_qs

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import Result
from rdflib.term import Identifier, Node

from .._exceptions import ConfigurationError, QueryError, UnsafeQueryError
from .._graph import GovGraph
from ..io import ox_to_rdflib
from ..store import OxigraphStore, Store, check_query_safety, query_form

__all__ = ["DEFAULT_MAX_RESULTS", "DEFAULT_TIMEOUT", "create_app", "find_catalog"]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000

# media type -> internal format name
_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
_GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "json-ld",
    "application/json": "json-ld",
    "application/rdf+xml": "xml",
    "application/xml": "xml",
}
_GRAPH_MEDIA = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "json-ld": "application/ld+json",
    "xml": "application/rdf+xml",
}
# ?format= shortcuts (handy in a browser)
_FORMAT_PARAM = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "rdfxml": "xml",
}


class _HTTPProblem(Exception):
    """An error answer: status code and a plain-text message for the client."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass
class _Answer:
    kind: str
    variables: tuple[str, ...] = ()
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    truncated: bool = False


def find_catalog(path: str | Path) -> Path:
    """Return the catalogue file given a file or an export directory (``DIR/catalog.ttl``).

    Raises:
        ConfigurationError: If no catalogue file is found there.
    """
    p = Path(path)
    if p.is_dir():
        candidate = p / "catalog.ttl"
        if candidate.is_file():
            return candidate
        raise ConfigurationError(
            f"{p}: no catalog.ttl in this directory; run `govgraph export` first or pass the "
            "catalogue file itself to --catalog"
        )
    if p.is_file():
        return p
    raise ConfigurationError(f"{p}: no such catalogue file or directory (--catalog)")


def _is_update(text: str) -> bool:
    return query_form(text) == "UPDATE"


def _parse_accept(header: str | None) -> list[str]:
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


def _negotiate(accept: str | None, table: dict[str, str], default: str) -> str:
    types = _parse_accept(accept)
    if not types:
        return default
    for media in types:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return default
    raise _HTTPProblem(
        406,
        f"cannot answer in {accept!r}; acceptable types: {', '.join(sorted(set(table)))}",
    )


def _serialize_answer(answer: _Answer, fmt: str) -> bytes:
    if answer.kind == "ask":
        if fmt in ("csv", "tsv"):
            return f"boolean\r\n{'true' if answer.boolean else 'false'}\r\n".encode()
        result = Result("ASK")
        result.askAnswer = bool(answer.boolean)
    else:
        result = Result("SELECT")
        result.vars = [Variable(v) for v in answer.variables]
        result.bindings = [
            {Variable(k): cast(Identifier, v) for k, v in row.items()} for row in answer.rows
        ]
    data = result.serialize(format=fmt, encoding="utf-8")
    assert data is not None
    return data


def _serialize_graph(triples: list[tuple[Node, Node, Node]], fmt: str) -> bytes:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format=fmt, encoding="utf-8")


def _rows_from_oxigraph(
    store: OxigraphStore, sparql: str, limit: int, cancel: threading.Event
) -> _Answer:
    """Run a query on Oxigraph, reading at most ``limit`` solutions, stopping when cancelled."""
    try:
        result = store.oxigraph.query(sparql)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if isinstance(result, ox.QueryBoolean):
        return _Answer(kind="ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        answer = _Answer(kind="select", variables=variables)
        for solution in _bounded(result, limit, cancel, answer):
            row: dict[str, Node] = {}
            for name in variables:
                term = solution[name]
                if term is not None:
                    row[name] = ox_to_rdflib(term)
            answer.rows.append(row)
        return answer
    answer = _Answer(kind="graph")
    for triple in _bounded(result, limit, cancel, answer):
        answer.triples.append(
            (
                ox_to_rdflib(triple.subject),
                ox_to_rdflib(triple.predicate),
                ox_to_rdflib(triple.object),
            )
        )
    return answer


def _bounded(items: Any, limit: int, cancel: threading.Event, answer: _Answer) -> Iterator[Any]:
    for count, item in enumerate(items):
        if cancel.is_set():
            return
        if count >= limit:
            answer.truncated = True
            return
        yield item


def _rows_from_store(store: Store, sparql: str, limit: int, allow_network: bool) -> _Answer:
    result = store.query(sparql, allow_network=allow_network)
    if result.kind == "ask":
        return _Answer(kind="ask", boolean=result.boolean)
    if result.kind == "select":
        rows = [dict(r) for r in result.rows[: limit + 1]]
        return _Answer(
            kind="select",
            variables=result.variables,
            rows=rows[:limit],
            truncated=len(rows) > limit,
        )
    assert result.graph is not None
    triples = list(result.graph)
    return _Answer(kind="graph", triples=triples[:limit], truncated=len(triples) > limit)


def create_app(
    graph: GovGraph | Store,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_results: int = DEFAULT_MAX_RESULTS,
    catalog: str | Path | None = None,
    allow_network: bool = False,
    max_workers: int = 4,
) -> Any:
    """Build the read-only SPARQL endpoint as a Starlette ASGI application.

    Serve it with any ASGI server (``uvicorn.run(app)``), or use ``govgraph serve``.

    The time limit: each query runs in a worker thread (Oxigraph releases the GIL while it
    evaluates). When ``timeout`` seconds pass the client gets ``503 Service Unavailable`` at once,
    but Oxigraph cannot interrupt a running query: the worker stops at the next solution it
    produces, and a query that computes everything before its first solution (``ORDER BY``,
    ``GROUP BY``, ``COUNT``) keeps one of the ``max_workers`` threads busy until Oxigraph finishes.
    When every worker is busy, new queries wait (and time out) until one is free.

    Args:
        graph: The graph (or bare store) to serve. Nothing is ever written to it.
        timeout: Seconds a query may take before the client gets ``503``.
        max_results: At most this many solutions (SELECT) or triples (CONSTRUCT/DESCRIBE) are
            returned; a cut answer carries the header ``X-Result-Truncated: true``.
        catalog: An exported DCAT-AP catalogue (``catalog.ttl`` or the export directory) to serve at
            ``/catalog``; ``None`` to serve none.
        allow_network: Accept ``SERVICE`` (federated queries to other servers). Off by default.
        max_workers: Threads that evaluate queries concurrently.

    Returns:
        A ``starlette.applications.Starlette`` instance.

    Raises:
        ConfigurationError: Bad limits, or the catalogue cannot be found or read.
    """
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    if timeout <= 0:
        raise ConfigurationError(f"--timeout must be positive, got {timeout}")
    if max_results < 1:
        raise ConfigurationError(f"--max-results must be at least 1, got {max_results}")
    store = graph.store if isinstance(graph, GovGraph) else graph
    catalog_graph: Graph | None = None
    catalog_file: Path | None = None
    if catalog is not None:
        catalog_file = find_catalog(catalog)
        catalog_graph = Graph()
        try:
            catalog_graph.parse(catalog_file, format="turtle")
        except Exception as exc:  # rdflib raises many types
            raise ConfigurationError(
                f"{catalog_file}: cannot read the catalogue as Turtle ({exc}); re-export it"
            ) from exc
    running: set[threading.Event] = set()
    # Queries run in daemon threads (an abandoned query must not keep the process alive at
    # exit, which a ThreadPoolExecutor would); the semaphore bounds how many run at once.
    slots = asyncio.Semaphore(max_workers)

    async def run_in_worker(sparql: str, cancel: threading.Event) -> _Answer:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[_Answer] = loop.create_future()
        await slots.acquire()

        def deliver(outcome: _Answer | BaseException) -> None:
            if not future.done():
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)

        def work() -> None:
            outcome: _Answer | BaseException
            try:
                outcome = execute(sparql, cancel)
            except BaseException as exc:  # handed to the request; nothing escapes the thread
                outcome = exc
            with contextlib.suppress(RuntimeError):  # the loop is gone: server stopped
                loop.call_soon_threadsafe(deliver, outcome)
                loop.call_soon_threadsafe(slots.release)

        threading.Thread(target=work, name="govgraph-sparql", daemon=True).start()
        return await future

    def execute(sparql: str, cancel: threading.Event) -> _Answer:
        check_query_safety(sparql, allow_network=allow_network)
        if isinstance(store, OxigraphStore):
            return _rows_from_oxigraph(store, sparql, max_results, cancel)
        return _rows_from_store(store, sparql, max_results, allow_network)

    def problem(exc: _HTTPProblem) -> Response:
        return PlainTextResponse(exc.message + "\n", status_code=exc.status, headers=exc.headers)

    async def read_query(request: Request) -> str | None:
        params = request.query_params
        if "update" in params:
            raise _HTTPProblem(403, "this SPARQL endpoint is read-only: updates are refused")
        if request.method == "GET":
            if "default-graph-uri" in params or "named-graph-uri" in params:
                raise _HTTPProblem(
                    400,
                    "default-graph-uri and named-graph-uri are not supported: the endpoint "
                    "serves one default graph",
                )
            return params.get("query")
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            raise _HTTPProblem(403, "this SPARQL endpoint is read-only: updates are refused")
        if ctype == "application/sparql-query":
            body = await request.body()
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _HTTPProblem(400, "the query is not valid UTF-8") from exc
        if ctype == "application/x-www-form-urlencoded":
            # parsed with the standard library (Starlette's form parser needs python-multipart)
            try:
                form = {
                    k: v[0]
                    for k, v in parse_qs(
                        (await request.body()).decode("utf-8"), keep_blank_values=True
                    ).items()
                }
            except UnicodeDecodeError as exc:
                raise _HTTPProblem(400, "the form is not valid UTF-8") from exc
            if "update" in form:
                raise _HTTPProblem(403, "this SPARQL endpoint is read-only: updates are refused")
            if "default-graph-uri" in form or "named-graph-uri" in form:
                raise _HTTPProblem(
                    400,
                    "default-graph-uri and named-graph-uri are not supported: the endpoint "
                    "serves one default graph",
                )
            return form.get("query", params.get("query"))
        raise _HTTPProblem(
            415,
            f"unsupported Content-Type {ctype or '(none)'!r}: POST the query as "
            "application/sparql-query or as form field query= (application/x-www-form-urlencoded)",
        )

    async def sparql(request: Request) -> Response:
        try:
            text = await read_query(request)
            if text is None:
                if request.method == "GET":
                    return Response(
                        _service_description(str(request.url.replace(query="")), allow_network),
                        media_type="text/turtle; charset=utf-8",
                    )
                raise _HTTPProblem(400, "missing the query parameter: send query=SPARQL text")
            if _is_update(text):
                raise _HTTPProblem(
                    403,
                    "this SPARQL endpoint is read-only: updates (INSERT, DELETE, LOAD, "
                    "CLEAR, DROP...) are refused",
                )
            forced = request.query_params.get("format")
            cancel = threading.Event()
            running.add(cancel)
            try:
                answer = await asyncio.wait_for(run_in_worker(text, cancel), timeout)
            except TimeoutError as exc:
                cancel.set()
                raise _HTTPProblem(
                    503,
                    f"the query did not finish within {timeout:g} s and was abandoned; "
                    "simplify it or add a LIMIT",
                    {"Retry-After": "10"},
                ) from exc
            except UnsafeQueryError as exc:
                raise _HTTPProblem(
                    403,
                    f"query refused: {str(exc).split(';')[0]}; this endpoint was started without "
                    "--allow-network",
                ) from exc
            except QueryError as exc:
                raise _HTTPProblem(400, str(exc)) from exc
            finally:
                running.discard(cancel)
            headers = {"X-Result-Limit": str(max_results)}
            if answer.truncated:
                headers["X-Result-Truncated"] = "true"
            if answer.kind == "graph":
                fmt = _pick(forced, request.headers.get("accept"), _GRAPH_TYPES, "turtle")
                body = await asyncio.to_thread(_serialize_graph, answer.triples, fmt)
                return Response(body, media_type=_GRAPH_MEDIA[fmt], headers=headers)
            fmt = _pick(forced, request.headers.get("accept"), _RESULT_TYPES, "json")
            body = await asyncio.to_thread(_serialize_answer, answer, fmt)
            return Response(body, media_type=_RESULT_MEDIA[fmt], headers=headers)
        except _HTTPProblem as exc:
            return problem(exc)

    async def catalog_view(request: Request) -> Response:
        if catalog_graph is None:
            return PlainTextResponse(
                "no DCAT-AP catalogue is served here; start the server with --catalog "
                "DIR_OR_FILE (the output of `govgraph export`)\n",
                status_code=404,
            )
        try:
            fmt = _pick(
                request.query_params.get("format"),
                request.headers.get("accept"),
                _GRAPH_TYPES,
                "turtle",
            )
        except _HTTPProblem as exc:
            return problem(exc)
        if fmt == "turtle" and catalog_file is not None:
            return Response(catalog_file.read_bytes(), media_type=_GRAPH_MEDIA["turtle"])
        body = catalog_graph.serialize(format=fmt, encoding="utf-8")
        return Response(body, media_type=_GRAPH_MEDIA[fmt])

    async def catalog_ttl(request: Request) -> Response:
        if catalog_file is None:
            return await catalog_view(request)
        return Response(catalog_file.read_bytes(), media_type=_GRAPH_MEDIA["turtle"])

    async def well_known(request: Request) -> Response:
        return RedirectResponse("/catalog", status_code=303)

    async def index(request: Request) -> Response:
        lines = [
            "govgraph read-only SPARQL 1.1 endpoint",
            "",
            "  /sparql   SPARQL 1.1 Protocol queries (GET or POST); updates are refused",
            f"            time limit {timeout:g} s, at most {max_results} results per answer",
        ]
        if catalog_graph is not None:
            lines.append("  /catalog  the DCAT-AP catalogue (also /catalog.ttl, /.well-known/void)")
        return PlainTextResponse("\n".join(lines) + "\n")

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        try:
            yield
        finally:
            for event in list(running):
                event.set()

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/catalog", catalog_view, methods=["GET"]),
        Route("/catalog.ttl", catalog_ttl, methods=["GET"]),
        Route("/.well-known/void", well_known, methods=["GET"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan)


def _pick(forced: str | None, accept: str | None, table: dict[str, str], default: str) -> str:
    if forced:
        fmt = _FORMAT_PARAM.get(forced.lower())
        if fmt is None or fmt not in table.values():
            raise _HTTPProblem(
                400,
                f"unknown format={forced!r} here; use one of: "
                + ", ".join(sorted(k for k, v in _FORMAT_PARAM.items() if v in table.values())),
            )
        return fmt
    return _negotiate(accept, table, default)


def _service_description(endpoint: str, allow_network: bool) -> str:
    endpoint = endpoint.replace(">", "%3E").replace("<", "%3C")
    feature = "\n    sd:feature sd:BasicFederatedQuery ;" if allow_network else ""
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
        fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML ;{feature}
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""
