"""Where the time of one synergies() call goes, phase by phase (CPU and wall seconds).

Each phase is timed around its function (the filters looked up, the feature matrix, the pairs
never proposed, the top-n product, the facts of the rows described and the results built), and
the SHA-256 of the results as JSON is printed, to check that a change kept them the same (run
with a fixed ``PYTHONHASHSEED``, before and after, with ``PYTHONPATH`` pointing to each tree).
As in ``synergies_topk.py``, the facts every mode needs are fetched before the timing.

Usage::

    python benchmarks/generate.py 1000000 --technologies 100 -o /tmp/gov-1m-dense.ttl
    PYTHONHASHSEED=0 python benchmarks/synergies_phases.py /tmp/gov-1m-dense.ttl \
        [--per-actor 10 | --top 100] [--by technology]
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import resource
import time
from collections.abc import Callable
from typing import Any

TIMES: dict[str, tuple[float, float]] = {}


def _timed(owner: Any, name: str, key: str) -> None:
    """Replace ``owner.name`` by a wrapper adding its CPU and wall time to ``TIMES[key]``."""
    found: Callable[..., Any] | None = getattr(owner, name, None)
    if found is None:
        return
    inner: Callable[..., Any] = found

    @functools.wraps(inner)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            before = TIMES.get(key, (0.0, 0.0))
            TIMES[key] = (
                before[0] + time.process_time() - cpu,
                before[1] + time.perf_counter() - wall,
            )

    setattr(owner, name, wrapper)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data")
    parser.add_argument("--by", default="technology")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--per-actor", type=int, default=None)
    group.add_argument("--top", type=int, default=None)
    args = parser.parse_args(argv)

    import govgraph
    from govgraph.analysis import Facts, _evidence, _rank, synergies
    from govgraph.analysis import _facts as facts_module

    for name in ("resolve", "make_space", "excluded_partners", "best_pairs"):
        _timed(_rank, name, name)
    for name in ("initiative_facts_of", "labels_of", "countries_of"):
        _timed(facts_module.Facts, name, f"  facts.{name}")
    _timed(_evidence.Describer, "prepare_rows", "prepare_rows (with the facts above)")
    try:
        from govgraph.analysis import _bulk

        # the batch builder (before it, a module function of the same name)
        _timed(getattr(_bulk, "Builder", _bulk), "synergies", "results built")
    except ImportError:  # before the bulk path
        _timed(_evidence.Describer, "synergies", "results built")

    graph = govgraph.GovGraph()
    graph.load(args.data)
    facts = Facts(graph.store)
    facts.item_rows(args.by if args.by != "all" else "technology")
    facts.actor_initiatives  # noqa: B018
    options = {"top": args.top} if args.top is not None else {"per_actor": args.per_actor or 10}
    cpu, wall = time.process_time(), time.perf_counter()
    found = synergies(facts, by=args.by, **options)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    digest = hashlib.sha256(
        json.dumps([r.to_dict() for r in found], sort_keys=True, default=str).encode()
    ).hexdigest()
    print(
        f"{args.by} {options}: {len(found)} results, {cpu:.2f} s CPU, {wall:.2f} s wall, "
        f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB, "
        f"load average {os.getloadavg()[0]:.1f}, sha256 {digest[:16]}"
    )
    for key, (spent, elapsed) in TIMES.items():
        print(f"  {key:40s} {spent:6.2f} s CPU {elapsed:6.2f} s wall")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
