"""Top-k synergies without all pairs, against the all-pairs way, on a generated graph.

Each measurement runs in its own process (so its peak memory is its own) and prints one JSON
line: wall time of the analysis (the load is timed separately), peak resident memory of the
process, and how many pairs came out. ``loop_seconds`` is the time of a fixed pure-Python loop
(20 million additions) run in the same process just before the load: the speed of the machine
at that moment, so runs on different days (or hosts) can be compared.

Usage::

    python benchmarks/generate.py 1000000 -o /tmp/gov-1m.ttl
    python benchmarks/synergies_topk.py /tmp/gov-1m.ttl [--modes top100,per-actor10,...]
        [--out benchmarks/results-synergies-topk.json]

Modes:

    top100        synergies(by="technology", top=100)                (rarity, top-n products)
    per-actor10   synergies(by="technology", per_actor=10)           (each actor's 10 best)
    per-actor10-top100  synergies(by="technology", per_actor=10, top=100)  (the best 100 of those)
    one-actor-top10     synergies(by="technology", actor=A, top=10)  (one actor's 10 best partners;
                  A: the actor with the most initiatives, the smallest IRI among equals)
    stream-all    iter_synergies(by="technology"), counted           (every pair, streamed)
    jaccard-top100  synergies(by="technology", method="jaccard", top=100)   (all pairs first)
    jaccard-all   synergies(by="technology", method="jaccard")       (all pairs as objects)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

MODES = (
    "top100",
    "per-actor10",
    "stream-all",
    "jaccard-top100",
    "jaccard-all",
    "per-actor10-top100",
    "one-actor-top10",
)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: str, mode: str, by: str) -> dict[str, object]:
    """Load ``path`` and run one mode; return the figures."""
    import govgraph
    from govgraph.analysis import Facts, iter_synergies, synergies

    loop = _loop_seconds()
    start = time.perf_counter()
    kg = govgraph.GovGraph()
    kg.load(path)
    facts = Facts(kg.store)
    facts.item_rows(by)  # the facts every mode needs, fetched outside the timing
    facts.actor_initiatives  # noqa: B018
    loaded = time.perf_counter() - start
    # the actor with the most initiatives (its IRI, so no label lookup is timed)
    busiest = min(facts.actor_initiatives, key=lambda a: (-len(facts.actor_initiatives[a]), a))
    start = time.perf_counter()
    cpu = time.process_time()
    if mode == "top100":
        pairs = len(synergies(facts, by=by, top=100))
    elif mode == "per-actor10":
        pairs = len(synergies(facts, by=by, per_actor=10))
    elif mode == "per-actor10-top100":
        pairs = len(synergies(facts, by=by, per_actor=10, top=100))
    elif mode == "one-actor-top10":
        pairs = len(synergies(facts, by=by, actor=busiest, top=10))
    elif mode == "stream-all":
        pairs = sum(1 for _ in iter_synergies(facts, by=by))
    elif mode == "jaccard-top100":
        pairs = len(synergies(facts, by=by, method="jaccard", top=100))
    elif mode == "jaccard-all":
        pairs = len(synergies(facts, by=by, method="jaccard"))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return {
        "mode": mode,
        "by": by,
        "seconds": round(time.perf_counter() - start, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "load_seconds": round(loaded, 2),
        "peak_mb": round(_peak_mb()),
        "pairs": pairs,
        "actors": len(facts.actor_initiatives),
        "items": len({item for _, item, _ in facts.item_rows(by)}),
        "load_average": os.getloadavg()[0],
        "loop_seconds": loop,
    }


def _loop_seconds(n: int = 20_000_000) -> float:
    """Seconds a plain Python loop of ``n`` additions takes here now (the machine's speed)."""
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return round(time.perf_counter() - start, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="Turtle file (benchmarks/generate.py)")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--by", default="technology")
    parser.add_argument("--out", help="also write the figures to this JSON file")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.data, args.one, args.by)), flush=True)
        return 0
    results = []
    start_load = os.getloadavg()
    for mode in args.modes.split(","):
        done = subprocess.run(
            [sys.executable, __file__, args.data, "--one", mode, "--by", args.by],
            capture_output=True,
            text=True,
            check=False,
        )
        line = done.stdout.strip() or json.dumps({"mode": mode, "error": done.stderr[-500:]})
        print(line, flush=True)
        results.append(json.loads(line))
    if args.out:
        record = {
            "command": " ".join(["python", "benchmarks/synergies_topk.py", *sys.argv[1:]]),
            "nproc": os.cpu_count(),
            "python": sys.version.split()[0],
            "loadavg_at_start": [round(x, 2) for x in start_load],
            "loadavg_at_end": [round(x, 2) for x in os.getloadavg()],
            "results": results,
        }
        with open(args.out, "w", encoding="utf-8") as out:
            json.dump(record, out, indent=2)
            out.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
