"""The garbage-collector pause around analyses that build many objects (analysis/_pause.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import govgraph
from govgraph.analysis._pause import gc_paused

DATA = Path(__file__).parent / "data" / "analysis-small.ttl"


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_overlapping_pauses_in_threads_resume_once_the_last_ends(collector_on: None) -> None:
    entered = threading.Event()
    leave = threading.Event()
    states: list[bool] = []

    def other() -> None:
        with gc_paused():
            entered.set()
            leave.wait(10)
        states.append(gc.isenabled())  # the main thread's pause still holds

    thread = threading.Thread(target=other)
    with gc_paused():
        thread.start()
        assert entered.wait(10)
        leave.set()
        thread.join(10)
        assert not gc.isenabled()
    assert states == [False]
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_user_stays_off(collector_on: None) -> None:
    gc.disable()
    with gc_paused():
        pass
    assert not gc.isenabled()
    gc.enable()


def test_an_error_inside_resumes_the_collector(collector_on: None) -> None:
    with pytest.raises(RuntimeError), gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_synergies_pause_the_collector_and_leave_it_as_they_found_it(
    collector_on: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govgraph.analysis import _rank

    during: list[bool] = []
    make_space = _rank.make_space

    def watched(*args: object, **kwargs: object) -> object:
        during.append(gc.isenabled())
        return make_space(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_rank, "make_space", watched)
    graph = govgraph.GovGraph()
    graph.load(DATA)
    found = graph.synergies(per_actor=2)
    assert found and during == [False] and gc.isenabled()
    gc.disable()
    try:
        assert graph.synergies(per_actor=2) == found
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_objects_made_during_the_pause_are_not_all_scanned_on_resume(collector_on: None) -> None:
    # regression: resuming scanned every object made during the pause at once (0.4 s after
    # synergies(per_actor=10) on the 1M-triple graph); they now wait for a full collection
    gc.collect()
    with gc_paused():
        kept = [(k, str(k)) for k in range(50_000)]
        assert gc.get_count()[0] > 40_000  # all in the youngest generation
    assert gc.get_count()[0] < 1_000  # moved on, not left for the next young collection
    assert gc.get_freeze_count() == 0
    assert gc.isenabled()
    more = [[k] for k in range(100)]  # allocations after the pause start no scan of them:
    # a scan stops tracking tuples of atomic values, so a tuple still tracked was not scanned
    assert all(gc.is_tracked(x) for x in kept[::1000]) and len(more) == 100


def test_objects_the_program_froze_stay_frozen(collector_on: None) -> None:
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with gc_paused():
            kept = [[k] for k in range(1_000)]
        assert gc.get_freeze_count() == frozen  # not handed back to the collector
        assert len(kept) == 1_000
    finally:
        gc.unfreeze()
