"""Admission of queries: a fair queue per client with a bounded wait.

At most ``slots`` queries run at once (one per worker), at most ``per_client`` of them for one
client (its IP address). A free slot goes to the waiting client with the fewest running queries,
then the least worker time used recently (decaying with a half-life of ``HALF_LIFE`` seconds),
then the one served longest ago. So a client sending many or heavy queries waits behind its own
queries, not in front of everybody else's, and a client asking a light query now and then is
served first. A quarter of the slots (at least one, when there are two or more) is kept for
clients whose recent worker time is under ``HEAVY_USAGE`` seconds: clients busy with heavy queries
can never occupy every worker, so a light query finds one free. A client may have at most
``queue_per_client`` queries waiting; nobody waits longer than the wait limit.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque

from ._problem import HTTPProblem

__all__ = ["HALF_LIFE", "HEAVY_USAGE", "Admission"]

#: Seconds after which a client's recorded worker time counts half.
HALF_LIFE = 30.0
#: Recent worker seconds above which a client may not take the slots kept for light clients.
HEAVY_USAGE = 1.0


class Admission:
    """Grants query slots fairly between clients."""

    def __init__(self, *, slots: int, per_client: int, queue_per_client: int) -> None:
        self.slots = slots
        self.per_client = per_client
        self.queue_per_client = queue_per_client
        self._free = slots
        self.reserved = max(1, slots // 4) if slots >= 2 else 0
        self._running: dict[str, int] = {}
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {}
        self._last_grant: dict[str, int] = {}
        self._usage: dict[str, tuple[float, float]] = {}  # client -> (seconds, as of when)
        self._ticks = itertools.count()

    def status(self) -> dict[str, int]:
        """Queries running and waiting, and clients with queries waiting."""
        return {
            "running": sum(self._running.values()),
            "waiting": sum(len(q) for q in self._waiting.values()),
            "clients_waiting": len(self._waiting),
        }

    async def acquire(self, client: str, wait: float) -> None:
        """Wait (at most ``wait`` seconds) for a slot; pair every success with :meth:`release`.

        Raises:
            HTTPProblem: 429 when the client already has too many queries waiting, 503 when no
                slot came free in time.
        """
        queue = self._waiting.setdefault(client, deque())
        if len(queue) >= self.queue_per_client:
            raise HTTPProblem(
                429,
                f"too many queries from {client} at once ({self.per_client} running and "
                f"{len(queue)} waiting); wait for their answers",
                {"Retry-After": "5"},
            )
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        queue.append(future)
        self._dispatch()
        try:
            await asyncio.wait_for(asyncio.shield(future), max(wait, 0.0))
        except BaseException as exc:
            if future.done() and not future.cancelled():
                self.release(client)  # granted just as the wait ended
            else:
                future.cancel()
                self._dispatch()  # drops the cancelled entry
            if isinstance(exc, TimeoutError):
                raise HTTPProblem(
                    503,
                    f"the server is busy: no query slot came free within {wait:.3g} s; retry later",
                    {"Retry-After": "10"},
                ) from exc
            raise

    def usage(self, client: str, now: float | None = None) -> float:
        """The client's recent worker time in seconds (decayed)."""
        seconds, when = self._usage.get(client, (0.0, 0.0))
        now = time.monotonic() if now is None else now
        return seconds * 0.5 ** ((now - when) / HALF_LIFE)

    def release(self, client: str, busy: float = 0.0) -> None:
        """Give back a slot granted by :meth:`acquire`; ``busy`` is the worker time it took."""
        now = time.monotonic()
        self._usage[client] = (self.usage(client, now) + busy, now)
        if len(self._usage) > 10_000:  # forget clients whose usage has decayed away
            self._usage = {c: u for c, u in self._usage.items() if self.usage(c, now) > 0.01}
        self._free += 1
        left = self._running.get(client, 0) - 1
        if left > 0:
            self._running[client] = left
        else:
            self._running.pop(client, None)
        self._dispatch()

    def _dispatch(self) -> None:
        while True:
            chosen: str | None = None
            best: tuple[int, float, int] | None = None
            now = time.monotonic()
            for client in list(self._waiting):
                queue = self._waiting[client]
                while queue and queue[0].done():
                    queue.popleft()
                if not queue:
                    del self._waiting[client]
                    continue
                running = self._running.get(client, 0)
                if self._free <= 0 or running >= self.per_client:
                    continue
                usage = self.usage(client, now)
                if self._free <= self.reserved and usage > HEAVY_USAGE:
                    continue  # the last slots are kept for light clients
                key = (running, usage, self._last_grant.get(client, -1))
                if best is None or key < best:
                    chosen, best = client, key
            if chosen is None:
                return
            queue = self._waiting[chosen]
            future = queue.popleft()
            if not queue:
                del self._waiting[chosen]
            self._free -= 1
            self._running[chosen] = self._running.get(chosen, 0) + 1
            self._last_grant[chosen] = next(self._ticks)
            if len(self._last_grant) > 10_000:  # forget clients long gone
                self._last_grant = {c: t for c, t in self._last_grant.items() if c in self._running}
            future.set_result(None)
