"""The Starlette application: routes and the handling of each request.

Routes:

* ``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` with
  ``query=``, or ``application/sparql-query`` with the query as body). ``GET /sparql`` without a
  query returns the SPARQL 1.1 Service Description (Turtle, JSON-LD, RDF/XML or N-Triples).
* ``GET /catalog`` (content negotiation: Turtle, N-Triples, JSON-LD, RDF/XML), ``GET /catalog.ttl``
  and ``GET /.well-known/void`` (redirects to ``/catalog``): the exported DCAT-AP catalogue.
* ``GET /health``: JSON with the workers and queue; ``GET /``: a short plain-text description.

Only ``/sparql`` queries use a worker; every other route answers from the event loop at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from .._exceptions import ConfigurationError
from ..store import Store
from ._admission import Admission
from ._catalog import Catalog
from ._description import describe_service
from ._guards import LOCAL_NAMES, HostGuard
from ._negotiation import GRAPH_MEDIA, RESULT_MEDIA, choose_formats
from ._options import EndpointOptions
from ._pool import make_pool
from ._problem import HTTPProblem
from ._request import read_query
from ._worker import Job, Reply, WorkerSettings

__all__ = ["create_app"]

log = logging.getLogger("govgraph.server")

_EXPOSED = ["X-Result-Limit", "X-Result-Truncated", "Retry-After", "Server-Timing"]


class _Endpoint:
    """The request handlers, sharing the options, the queue and the workers."""

    def __init__(self, store: Store, options: EndpointOptions, catalog: Catalog | None) -> None:
        self.options = options
        self.catalog = catalog
        settings = WorkerSettings(
            limit=options.max_results,
            allow_network=options.allow_network,
            raw_csv=options.raw_csv,
        )
        self.pool = make_pool(store, size=options.workers, settings=settings)
        self.admission = Admission(
            slots=options.workers,
            per_client=options.per_client,
            queue_per_client=options.queue_per_client,
        )

    # ------------------------------------------------------------------ /sparql
    async def sparql(self, request: Any) -> Any:
        """Answer ``/sparql``; every answer says how long the server took (``Server-Timing``)."""
        started = time.monotonic()
        response = await self._sparql(request, started)
        elapsed_ms = (time.monotonic() - started) * 1000
        response.headers["Server-Timing"] = f"total;dur={elapsed_ms:.1f}"
        return response

    async def _sparql(self, request: Any, started: float) -> Any:
        from starlette.responses import Response

        options = self.options
        try:
            asked = await read_query(
                request,
                max_body=options.max_body,
                max_query=options.max_query_length,
                timeout=options.read_timeout,
            )
            if asked.query is None:
                if request.method in ("GET", "HEAD"):
                    body, media = describe_service(
                        str(request.url.replace(query="")),
                        allow_network=options.allow_network,
                        forced=asked.formats,
                        accept=request.headers.get("accept"),
                    )
                    return Response(body, media_type=media)
                raise HTTPProblem(400, "missing the query parameter: send query=SPARQL text")
            result_format, graph_format = choose_formats(
                asked.formats, request.headers.get("accept")
            )
            if not isinstance(result_format, str) and not isinstance(graph_format, str):
                raise HTTPProblem(*result_format)
            reply = await self._run_watched(
                request, (asked.query, result_format, graph_format), started
            )
        except HTTPProblem as exc:
            return _problem(exc)
        if reply is None:  # the client left; nobody reads this
            return Response(b"", status_code=499)
        if reply[0] != "ok":
            return _problem(HTTPProblem(reply[1], reply[2]))
        _, body, fmt, truncated, is_graph = reply
        headers = {"X-Result-Limit": str(options.max_results)}
        if truncated:
            headers["X-Result-Truncated"] = "true"
        media = GRAPH_MEDIA[fmt] if is_graph else RESULT_MEDIA[fmt]
        return Response(body, media_type=media, headers=headers)

    async def _run_watched(self, request: Any, job: Job, started: float) -> Reply | None:
        """Run the job; stop it (and return None) if the client disconnects first."""
        client = request.client.host if request.client else "unknown"
        task = asyncio.ensure_future(self._run(client, job, started))
        watcher = asyncio.ensure_future(_disconnected(request.receive))
        try:
            await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
        except BaseException:
            task.cancel()
            raise
        finally:
            watcher.cancel()
        if task.done():
            return task.result()
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, HTTPProblem):
            await task
        port = request.client.port if request.client else 0
        log.info(
            "client %s:%s disconnected %.1f s after sending its query; the query was stopped",
            client,
            port,
            time.monotonic() - started,
        )
        return None

    async def _run(self, client: str, job: Job, started: float) -> Reply:
        timeout = self.options.timeout
        deadline = started + timeout
        wait = min(self.options.queue_wait, deadline - time.monotonic())
        await self.admission.acquire(client, wait)
        granted = time.monotonic()
        try:
            return await asyncio.wait_for(
                self.pool.run(job), max(deadline - time.monotonic(), 0.001)
            )
        except TimeoutError as exc:
            raise HTTPProblem(
                503,
                f"the query did not finish within {timeout:g} s and was stopped; "
                "simplify it or add a LIMIT",
                {"Retry-After": "10"},
            ) from exc
        finally:
            self.admission.release(client, time.monotonic() - granted)

    # ------------------------------------------------------------------ cheap routes
    async def catalog_view(self, request: Any) -> Any:
        from starlette.responses import PlainTextResponse, Response

        if self.catalog is None:
            return PlainTextResponse(
                "no DCAT-AP catalogue is served here; start the server with "
                "catalog=DIR_OR_FILE (the output of the DCAT-AP export)\n",
                status_code=404,
            )
        try:
            body, media = self.catalog.render(
                request.query_params.getlist("format"), request.headers.get("accept")
            )
        except HTTPProblem as exc:
            return _problem(exc)
        return Response(body, media_type=media)

    async def catalog_ttl(self, request: Any) -> Any:
        from starlette.responses import Response

        if self.catalog is None:
            return await self.catalog_view(request)
        return Response(self.catalog.turtle, media_type=GRAPH_MEDIA["turtle"])

    async def well_known(self, request: Any) -> Any:
        from starlette.responses import RedirectResponse

        return RedirectResponse("/catalog", status_code=303)

    async def health(self, request: Any) -> Any:
        from starlette.responses import Response

        status = {"status": "ok", **self.pool.status(), **self.admission.status()}
        return Response(json.dumps(status), media_type="application/json")

    async def index(self, request: Any) -> Any:
        from starlette.responses import PlainTextResponse

        options = self.options
        lines = [
            "govgraph read-only SPARQL 1.1 endpoint",
            "",
            "  /sparql   SPARQL 1.1 Protocol queries (GET or POST); updates are refused",
            f"            time limit {options.timeout:g} s, at most {options.max_results} results "
            "per answer",
            "  /health   the state of the query workers (JSON)",
        ]
        if self.catalog is not None:
            lines.append("  /catalog  the DCAT-AP catalogue (also /catalog.ttl, /.well-known/void)")
        return PlainTextResponse("\n".join(lines) + "\n")

    @contextlib.asynccontextmanager
    async def lifespan(self, app: Any) -> AsyncIterator[None]:
        await self.pool.start()
        try:
            yield
        finally:
            await self.pool.close()


async def _disconnected(receive: Any) -> None:
    """Return when the client has gone (the request body has been read by then)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


def _problem(exc: HTTPProblem) -> Any:
    from starlette.responses import PlainTextResponse

    return PlainTextResponse(exc.message + "\n", status_code=exc.status, headers=exc.headers)


def create_app(
    store: Store,
    options: EndpointOptions | None = None,
    *,
    catalog: str | Path | None = None,
    bound_host: str | None = None,
    **changes: Any,
) -> Any:
    """Build the read-only SPARQL endpoint over ``store`` as a Starlette ASGI application.

    Serve it with any ASGI server (``uvicorn.run(app)``), or use ``govgraph serve``. Updates
    are refused with ``403 Forbidden`` (the endpoint is read-only), as are ``SERVICE`` and
    ``LOAD`` unless ``allow_network=True``.

    Queries on the embedded stores run in worker processes that open the store read-only (a
    store in memory is first copied to a temporary on-disk store): the endpoint serves the data
    as it was when it started. A query still running at the time limit gets ``503`` and its worker
    is killed and replaced, so the limit always holds. Queries wait in a fair queue per client
    (IP address); the service description, ``/``, ``/health`` and ``/catalog`` never wait.

    Args:
        store: The store to serve (``GovGraph.store``). Nothing is ever written to it.
        options: The limits (see :class:`EndpointOptions`); defaults when None.
        catalog: An exported DCAT-AP catalogue (``catalog.ttl`` or the export directory) to serve at
            ``/catalog``; ``None`` to serve none.
        bound_host: The address the server listens on, accepted in the ``Host`` header.
        **changes: Options to change from ``options`` by name, e.g. ``timeout=5``.

    Returns:
        A Starlette application (an ASGI callable) wrapped in the Host/Origin guard.

    Examples:
        Any ASGI client can call it; here httpx in the same process (no server, no network).
        Queries need the worker processes, which start with the application's lifespan (as
        a server runs it); ``/`` and ``/health`` answer without them.

        >>> import asyncio
        >>> import httpx
        >>> from govgraph import GovGraph
        >>> from govgraph.server import create_app
        >>> app = create_app(GovGraph.example().store, timeout=5)
        >>> async def get(path, host="localhost"):
        ...     transport = httpx.ASGITransport(app=app)
        ...     async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as c:
        ...         return await c.get(path)
        >>> print(asyncio.run(get("/")).text)
        govgraph read-only SPARQL 1.1 endpoint
        <BLANKLINE>
          /sparql   SPARQL 1.1 Protocol queries (GET or POST); updates are refused
                    time limit 5 s, at most 10000 results per answer
          /health   the state of the query workers (JSON)
        <BLANKLINE>
        >>> asyncio.run(get("/", host="attacker.example")).status_code  # Host guard
        403

    Raises:
        ConfigurationError: Not a store, an unknown option or a bad limit, or the catalogue
            cannot be found or read.
    """
    from starlette.applications import Starlette
    from starlette.middleware.cors import CORSMiddleware
    from starlette.routing import Route

    if not isinstance(store, Store):
        raise ConfigurationError(
            f"create_app() serves a govgraph Store, got {type(store).__name__}; pass kg.store"
        )
    opts = (options or EndpointOptions()).replace(**changes)
    endpoint = _Endpoint(store, opts, Catalog(catalog) if catalog is not None else None)
    routes = [
        Route("/", endpoint.index, methods=["GET"]),
        Route("/health", endpoint.health, methods=["GET"]),
        Route("/sparql", endpoint.sparql, methods=["GET", "POST"]),
        Route("/catalog", endpoint.catalog_view, methods=["GET"]),
        Route("/catalog.ttl", endpoint.catalog_ttl, methods=["GET"]),
        Route("/.well-known/void", endpoint.well_known, methods=["GET"]),
    ]
    app: Any = Starlette(routes=routes, lifespan=endpoint.lifespan)
    app.state.endpoint = endpoint
    if opts.cors:
        app = CORSMiddleware(
            app,
            allow_origins=list(opts.cors),
            allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
            allow_headers=["Accept", "Content-Type"],
            expose_headers=_EXPOSED,
            max_age=600,
        )
    hosts = None if "*" in opts.allow_hosts else {*LOCAL_NAMES, *opts.allow_hosts}
    if hosts is not None and bound_host and bound_host not in ("0.0.0.0", "::"):
        hosts.add(bound_host)
    origins = None if "*" in opts.cors else opts.cors
    return HostGuard(app, hosts=hosts, origins=origins)
