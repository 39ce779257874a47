"""The endpoint's admission queue on its own: limits per client, fair order, kept slots, waits."""

from __future__ import annotations

import asyncio

import pytest

from govgraph.server._admission import HEAVY_USAGE, Admission
from govgraph.server._problem import HTTPProblem


def _run(coroutine: object) -> object:
    return asyncio.run(coroutine)  # type: ignore[arg-type]


def test_per_client_limit_and_release() -> None:
    async def scenario() -> list[str]:
        admission = Admission(slots=4, per_client=2, queue_per_client=4)
        await admission.acquire("a", 1)
        await admission.acquire("a", 1)
        third = asyncio.ensure_future(admission.acquire("a", 5))
        await asyncio.sleep(0.05)
        events = [f"third waiting={not third.done()}"]
        await admission.acquire("b", 1)  # another client is not held up by a's limit
        events.append("b granted")
        admission.release("a")
        await asyncio.wait_for(third, 1)
        events.append("third granted")
        return events

    assert _run(scenario()) == ["third waiting=True", "b granted", "third granted"]


def test_free_slot_goes_to_the_client_with_least_recent_work() -> None:
    async def scenario() -> list[str]:
        admission = Admission(slots=1, per_client=1, queue_per_client=4)
        await admission.acquire("heavy", 1)
        admission.release("heavy", busy=20.0)  # 20 s of worker time just now
        await admission.acquire("light", 1)  # served after heavy: round-robin alone prefers heavy
        admission.release("light", busy=0.01)
        await admission.acquire("holder", 1)
        order: list[str] = []

        async def wait(client: str) -> None:
            await admission.acquire(client, 5)
            order.append(client)
            admission.release(client, busy=0.01)

        heavy = asyncio.ensure_future(wait("heavy"))  # arrives first
        await asyncio.sleep(0.01)
        light = asyncio.ensure_future(wait("light"))
        await asyncio.sleep(0.01)
        admission.release("holder", busy=0.5)
        await asyncio.wait_for(asyncio.gather(heavy, light), 2)
        return order

    assert _run(scenario()) == ["light", "heavy"]


def test_heavy_clients_cannot_take_the_kept_slots() -> None:
    async def scenario() -> tuple[int, bool]:
        admission = Admission(slots=4, per_client=4, queue_per_client=8)
        assert admission.reserved == 1
        await admission.acquire("heavy", 1)
        admission.release("heavy", busy=HEAVY_USAGE * 10)
        granted = 0
        for _ in range(4):
            try:
                await admission.acquire("heavy", 0.1)
                granted += 1
            except HTTPProblem as exc:
                assert exc.status == 503
        await admission.acquire("light", 0.1)  # the kept slot is free for a light client
        return granted, True

    assert _run(scenario()) == (3, True)


def test_queue_limit_is_429_and_wait_limit_is_503() -> None:
    async def scenario() -> list[int]:
        admission = Admission(slots=1, per_client=1, queue_per_client=1)
        await admission.acquire("a", 1)
        waiting = asyncio.ensure_future(admission.acquire("a", 0.3))
        await asyncio.sleep(0.01)
        statuses = []
        with pytest.raises(HTTPProblem) as too_many:
            await admission.acquire("a", 1)
        statuses.append(too_many.value.status)
        with pytest.raises(HTTPProblem) as busy:
            await waiting
        statuses.append(busy.value.status)
        assert admission.status() == {"running": 1, "waiting": 0, "clients_waiting": 0}
        return statuses

    assert _run(scenario()) == [429, 503]
