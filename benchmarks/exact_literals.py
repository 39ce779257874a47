"""Cost of lossless embedded stores: load and query with and without the exact-term table.

"before" is what the store did without it: ``pyoxigraph.Store.extend`` over the same
``QuadStream`` and rows converted straight from Oxigraph's answer; "after" is
``OxigraphStore.add_stream`` (exact terms written in the same transaction) and
``OxigraphStore.query`` (answers mapped back to the written literals). The data is the benchmark
generator's governance graph (``generate.py``; it holds ``xsd:nonNegativeInteger`` headcounts
and decimals that Oxigraph rewrites). The runs alternate; the median of CPU seconds is reported
(the machine is shared, so wall time is noisier; both are printed).

    python benchmarks/exact_literals.py --size 1000000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from govgraph.io import QuadStream, ox_to_rdflib
from govgraph.store import OxigraphStore

HERE = Path(__file__).resolve().parent
QUERY = "SELECT ?s ?o WHERE { ?s <https://w3id.org/govgraph#headcount> ?o } "
SCAN = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) }"


def _timed(fn: Any) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return time.perf_counter() - wall, time.process_time() - cpu, value


def _before(path: Path) -> dict[str, float]:
    store = ox.Store()
    wall, cpu, _ = _timed(lambda: store.extend(QuadStream([path])))

    def rows(text: str) -> int:
        result = store.query(text)
        return len([[ox_to_rdflib(t) for t in s if t is not None] for s in result])  # type: ignore[union-attr]

    _, q_cpu, _ = _timed(lambda: rows(QUERY))
    _, s_cpu, n = _timed(lambda: rows(SCAN))
    return {"load_wall": wall, "load_cpu": cpu, "query_cpu": q_cpu, "scan_cpu": s_cpu, "rows": n}


def _after(path: Path) -> dict[str, float]:
    store = OxigraphStore()
    wall, cpu, _ = _timed(lambda: store.add_stream(QuadStream([path])))
    _, q_cpu, _ = _timed(lambda: len(store.query(QUERY)))
    _, s_cpu, n = _timed(lambda: len(store.query(SCAN)))
    return {"load_wall": wall, "load_cpu": cpu, "query_cpu": q_cpu, "scan_cpu": s_cpu, "rows": n}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    from generate import generate_lines

    path = Path(tempfile.gettempdir()) / f"govgraph-exact-{args.size}-{args.seed}.ttl"
    if not path.exists():
        with path.open("w", encoding="utf-8") as out:
            for line in generate_lines(args.size, seed=args.seed, broken=0.03):
                out.write(line + "\n")
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for _ in range(args.repeat):
        runs["before"].append(_before(path))
        runs["after"].append(_after(path))
    summary = {
        name: {k: round(statistics.median(r[k] for r in rs), 3) for k in rs[0]}
        for name, rs in runs.items()
    }
    summary["load_cpu_ratio"] = round(  # type: ignore[assignment]
        summary["after"]["load_cpu"] / summary["before"]["load_cpu"], 2
    )
    summary["size"] = args.size  # type: ignore[assignment]
    summary["loadavg"] = [round(x, 1) for x in os.getloadavg()]  # type: ignore[assignment]
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
