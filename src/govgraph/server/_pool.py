"""Where queries run: worker processes for the embedded store, threads for remote stores.

An Oxigraph query cannot be interrupted from Python, so on the embedded stores each query runs in
a worker process (:mod:`._worker`) that opens the store read-only; at the time limit the worker
is killed and a new one started. A store held in memory is first copied once into a temporary
on-disk store that the workers open (its files are shared through the page cache, not copied
into each worker). Queries to a remote SPARQL endpoint spend their time waiting on the network,
bounded by the endpoint store's own time-outs, so they run in threads.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import pickle
import shutil
import signal
import socket
import tempfile
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .._exceptions import ConfigurationError, ExportError, QueryError, UnsafeQueryError
from ..io import rdflib_to_ox
from ..store import OxigraphStore, Store
from ._request import is_update
from ._serialize import serialize_boolean, serialize_solutions, serialize_triples
from ._worker import HEADER, READ_ONLY, Job, Reply, WorkerSettings, frame, refused
from ._zygote import shared_zygote

__all__ = ["ProcessPool", "ThreadPool", "make_pool"]

log = logging.getLogger("govgraph.server")


class _WorkerDied(Exception):
    pass


class _Worker:
    """One worker process (forked by the zygote) and the server's end of its socket.

    Messages are length-prefixed pickles (:func:`~._worker.frame`), read with asyncio streams so
    a large answer never blocks the event loop.
    """

    def __init__(self, pid: int, sock: socket.socket) -> None:
        self.pid = pid
        self.sock = sock
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    @classmethod
    def start(cls, store_dir: Path, settings: WorkerSettings) -> _Worker:
        """Fork a worker (blocking: call it in a thread); it is ready once :meth:`ready` returns."""
        pid, sock = shared_zygote().fork(str(store_dir), settings)
        return cls(pid, sock)

    async def _receive(self) -> Any:
        assert self.reader is not None
        try:
            header = await self.reader.readexactly(HEADER.size)
            data = await self.reader.readexactly(HEADER.unpack(header)[0])
        except (asyncio.IncompleteReadError, ConnectionError, OSError) as exc:
            raise _WorkerDied from exc
        return pickle.loads(data)  # our own worker wrote it

    async def ready(self) -> None:
        """Attach the socket to the event loop and wait for the worker's hello.

        Raises:
            ConfigurationError: The worker could not open the store.
        """
        self.reader, self.writer = await asyncio.open_connection(sock=self.sock)
        try:
            hello = await self._receive()
        except _WorkerDied:
            hello = ("failed", "the worker process ended while starting")
        if hello[0] != "ready":
            self.kill()
            raise ConfigurationError(f"cannot start a query worker: {hello[1]}")

    async def ask(self, job: Job) -> Reply:
        """Send a job and wait for the reply."""
        assert self.writer is not None
        try:
            self.writer.write(frame(job))
            await self.writer.drain()
        except (ConnectionError, OSError) as exc:
            raise _WorkerDied from exc
        reply: Reply = await self._receive()
        return reply

    def kill(self) -> None:
        """Kill the process (SIGKILL; the zygote reaps it) and close the socket."""
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        if self.writer is not None:
            self.writer.close()
        else:
            self.sock.close()


async def _spawn(store_dir: Path, settings: WorkerSettings, *, attempts: int = 5) -> _Worker:
    """Start a worker, trying a few times.

    Opening a store read-only may race with background work of the process that has it open for
    writing (a suspected cause of one failed start seen under load; not reproduced).
    """
    for attempt in range(attempts):
        try:
            worker = await asyncio.to_thread(_Worker.start, store_dir, settings)
            await worker.ready()
            return worker
        except ConfigurationError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


class ProcessPool:
    """``size`` worker processes over a read-only copy of an embedded store.

    Raises:
        ConfigurationError: The workers cannot open the store.
    """

    def __init__(self, store: OxigraphStore, *, size: int, settings: WorkerSettings) -> None:
        self.store = store
        self.size = size
        self.settings = settings
        self.snapshot: Path | None = None
        self._idle: asyncio.Queue[_Worker] | None = None
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._lock = threading.Lock()
        self._closed = False

    @property
    def store_dir(self) -> Path:
        """The on-disk store the workers open (the store itself or its snapshot)."""
        if self.store.path is not None:
            return self.store.path
        with self._lock:
            if self.snapshot is None:
                self.snapshot = _snapshot(self.store)
        return self.snapshot

    async def start(self) -> None:
        """Start the workers (at most once); returns when all are ready."""
        if self._idle is not None:
            return
        self._idle = asyncio.Queue()
        store_dir = await asyncio.to_thread(lambda: self.store_dir)
        exact = await asyncio.to_thread(self.store.exact_terms)
        if exact:  # literals Oxigraph holds rewritten: the workers answer them as written
            self.settings = dataclasses.replace(self.settings, exact=exact)
        workers = await asyncio.gather(
            *(_spawn(store_dir, self.settings) for _ in range(self.size))
        )
        for worker in workers:
            self._workers.add(worker)
            self._idle.put_nowait(worker)

    async def run(self, job: Job) -> Reply:
        """Answer ``job`` in an idle worker; a cancelled call (time-out) kills the worker."""
        await self.start()
        assert self._idle is not None
        worker = await self._idle.get()
        try:
            reply = await worker.ask(job)
        except _WorkerDied:
            self._replace(worker)
            return (
                "error",
                500,
                "the query ended its worker process (a crash); try a simpler query",
            )
        except BaseException:  # cancelled: time-out or client gone
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        return reply

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.discard(worker)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, old: _Worker) -> None:
        delay = 0.1
        while not self._closed:
            try:
                worker = await _spawn(self.store_dir, self.settings)
            except (ConfigurationError, OSError) as exc:
                log.error("cannot restart a query worker (%s); retrying", exc)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)
                continue
            if self._closed:
                worker.kill()
                return
            self._workers.add(worker)
            assert self._idle is not None
            self._idle.put_nowait(worker)
            return

    def status(self) -> dict[str, int]:
        """Workers alive and idle."""
        idle = self._idle.qsize() if self._idle is not None else 0
        return {"workers": len(self._workers), "idle": idle}

    async def close(self) -> None:
        """Stop every worker and remove the snapshot."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._workers):
            worker.kill()
        self._workers.clear()
        if self.snapshot is not None:
            shutil.rmtree(self.snapshot.parent, ignore_errors=True)
            self.snapshot = None


def _snapshot(store: OxigraphStore) -> Path:
    """Copy an in-memory store to a temporary on-disk store, as Oxigraph holds it (every graph)."""
    folder = Path(tempfile.mkdtemp(prefix="govgraph-serve-"))
    target = folder / "store"
    copy = ox.Store(str(target))
    copy.bulk_extend(store.oxigraph.quads_for_pattern(None, None, None, None))
    copy.flush()
    del copy  # releases the write lock; the workers open it read-only
    return target


class ThreadPool:
    """Queries to a non-embedded store (a SPARQL endpoint) in daemon threads."""

    def __init__(self, store: Store, *, size: int, settings: WorkerSettings) -> None:
        self.store = store
        self.size = size
        self.settings = settings
        self._busy = 0

    async def start(self) -> None:
        """Nothing to start."""

    async def run(self, job: Job) -> Reply:
        """Answer ``job`` in a daemon thread (abandoned, not stopped, when cancelled)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Reply] = loop.create_future()

        def deliver(reply: Reply) -> None:
            if not future.done():
                future.set_result(reply)

        def work() -> None:
            reply: Reply
            try:
                reply = _answer_from_store(self.store, job, self.settings)
            except ExportError as exc:
                reply = ("error", 406, f"{exc}; ask for another format")
            except Exception as exc:  # an answer the client can read, never a hung request
                reply = ("error", 500, f"the query failed: {type(exc).__name__}: {exc}")
            with contextlib.suppress(RuntimeError):  # the loop is gone: server stopped
                loop.call_soon_threadsafe(deliver, reply)

        self._busy += 1
        try:
            threading.Thread(target=work, name="govgraph-sparql", daemon=True).start()
            return await future
        finally:
            self._busy -= 1

    def status(self) -> dict[str, int]:
        """Threads busy."""
        return {"workers": self.size, "idle": max(self.size - self._busy, 0)}

    async def close(self) -> None:
        """Nothing to stop: abandoned threads end with their query."""


def _answer_from_store(store: Store, job: Job, settings: WorkerSettings) -> Reply:
    text, result_format, graph_format = job
    limit = settings.limit
    try:
        if is_update(text):
            return READ_ONLY
        result = store.query(text, allow_network=settings.allow_network)
    except UnsafeQueryError as exc:
        return refused(exc)
    except QueryError as exc:
        return ("error", 400, str(exc))
    if result.kind in ("ask", "select"):
        if not isinstance(result_format, str):
            return ("error", *result_format)
        if result.kind == "ask":
            return (
                "ok",
                serialize_boolean(bool(result.boolean), result_format),
                result_format,
                False,
                False,
            )
        names = result.variables
        rows = [
            tuple(None if (t := row.get(n)) is None else rdflib_to_ox(t) for n in names)
            for row in result.rows[:limit]
        ]
        body = serialize_solutions(names, rows, result_format, raw_csv=settings.raw_csv)
        return ("ok", body, result_format, len(result.rows) > limit, False)
    if not isinstance(graph_format, str):
        return ("error", *graph_format)
    assert result.graph is not None
    triples = []
    for count, (s, p, o) in enumerate(result.graph):
        if count >= limit:
            break
        triples.append(ox.Triple(rdflib_to_ox(s), rdflib_to_ox(p), rdflib_to_ox(o)))  # type: ignore[arg-type]
    truncated = len(result.graph) > limit
    return ("ok", serialize_triples(triples, graph_format), graph_format, truncated, True)


def make_pool(store: Store, *, size: int, settings: WorkerSettings) -> ProcessPool | ThreadPool:
    """Worker processes for an embedded Oxigraph store, threads for any other store."""
    if isinstance(store, OxigraphStore):
        return ProcessPool(store, size=size, settings=settings)
    return ThreadPool(store, size=size, settings=settings)
