"""A query worker process: opens the store read-only, answers one query at a time.

The server forks these from its fork server (:mod:`._zygote`, which has this module imported
already, so a new worker is ready in a fraction of a second) and talks to them over a Unix socket. A worker is
killed and replaced when its query passes the time limit: an Oxigraph query cannot be
interrupted any other way. Everything that reads the query text (the update check, the safety
checks, the parser) runs here too, so no query text can hold the server itself.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import struct
from dataclasses import dataclass
from typing import Any, BinaryIO

import pyoxigraph as ox

from .._exceptions import ExportError, QueryError, UnsafeQueryError
from ..store import check_query_safety
from ._request import is_update
from ._serialize import serialize_boolean, serialize_solutions, serialize_triples

__all__ = [
    "HEADER",
    "READ_ONLY",
    "WORKER_NICENESS",
    "Job",
    "Reply",
    "WorkerSettings",
    "frame",
    "handle",
    "refused",
    "serve_jobs",
]

#: Niceness added to worker processes: answering HTTP (and stopping queries at their time limit)
#: comes before evaluating queries when the CPU is short.
WORKER_NICENESS = 5

#: Every message is this 4-byte big-endian length, then that many bytes of pickle.
HEADER = struct.Struct("!I")

# (query text, SELECT/ASK format or (status, message) when none is acceptable, same for graphs)
Job = tuple[str, "str | tuple[int, str]", "str | tuple[int, str]"]
# ("ok", body, format, truncated, is_graph) or ("error", status, message)
Reply = tuple[Any, ...]


def frame(message: object) -> bytes:
    """One message as bytes on the wire."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(data)) + data


def _read(stream: BinaryIO) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return pickle.loads(data)  # our own server wrote it


@dataclass(frozen=True)
class WorkerSettings:
    """What every worker of a server applies to every query."""

    limit: int
    allow_network: bool
    raw_csv: bool = False
    #: Value-form literal (as Oxigraph answers) -> literal as written
    #: (:meth:`govgraph.store.OxigraphStore.exact_terms`); answers are mapped back through it.
    exact: dict[Any, Any] | None = None


#: The answer to an update: the endpoint is read-only.
READ_ONLY: Reply = (
    "error",
    403,
    "this SPARQL endpoint is read-only: updates (INSERT, DELETE, LOAD, CLEAR, DROP...) are refused",
)


def refused(exc: UnsafeQueryError) -> Reply:
    """The answer to a query that would reach the network on an endpoint that does not allow it."""
    return (
        "error",
        403,
        f"query refused: {str(exc).split(';')[0]}; this endpoint was started without "
        "allow_network=True",
    )


def handle(store: Any, job: Job, settings: WorkerSettings) -> Reply:
    """Answer one job: check the query, run it, serialise at most ``settings.limit`` results."""
    limit = settings.limit
    text, result_format, graph_format = job
    try:
        if is_update(text):
            return READ_ONLY
        check_query_safety(text, allow_network=settings.allow_network)
    except UnsafeQueryError as exc:
        return refused(exc)
    except QueryError as exc:
        return ("error", 400, str(exc))
    try:
        result = store.query(text, named_graphs=[])  # one default graph; no GRAPH ?g is seen
        if isinstance(result, ox.QueryBoolean):
            if not isinstance(result_format, str):
                return ("error", *result_format)
            return (
                "ok",
                serialize_boolean(bool(result), result_format),
                result_format,
                False,
                False,
            )
        if isinstance(result, ox.QuerySolutions):
            if not isinstance(result_format, str):
                return ("error", *result_format)
            variables = [v.value for v in result.variables]
            solutions, truncated = _take(result, limit)
            exact = settings.exact
            if exact:
                rows = [tuple(exact.get(t, t) for t in solution) for solution in solutions]
            else:
                rows = [tuple(solution) for solution in solutions]
            body = serialize_solutions(variables, rows, result_format, raw_csv=settings.raw_csv)
            return ("ok", body, result_format, truncated, False)
        if not isinstance(graph_format, str):
            return ("error", *graph_format)
        triples, truncated = _take(result, limit)
        if settings.exact:
            exact = settings.exact
            triples = [
                ox.Triple(t.subject, t.predicate, exact.get(t.object, t.object)) for t in triples
            ]
        return ("ok", serialize_triples(triples, graph_format), graph_format, truncated, True)
    except ExportError as exc:
        return ("error", 406, f"{exc}; ask for another format")
    except SyntaxError as exc:
        return ("error", 400, f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        return ("error", 400, f"query failed: {exc}")


def _take(items: Any, limit: int) -> tuple[list[Any], bool]:
    taken: list[Any] = []
    for count, item in enumerate(items):
        if count >= limit:
            return taken, True
        taken.append(item)
    return taken, False


def serve_jobs(sock: socket.socket, store_dir: str, settings: WorkerSettings) -> None:
    """The worker process: open the store read-only, then answer jobs until the socket closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)  # the server's event loop must win the CPU over queries
    incoming = sock.makefile("rb")
    try:
        store = ox.Store.read_only(store_dir)
    except OSError as exc:
        sock.sendall(frame(("failed", f"{store_dir}: cannot open the store read-only ({exc})")))
        return
    sock.sendall(frame(("ready", os.getpid())))
    while True:
        try:
            job = _read(incoming)
        except (EOFError, OSError):
            return
        sock.sendall(frame(handle(store, job, settings)))
