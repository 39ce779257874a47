"""Memory of ``govgraph serve`` on a large in-memory store: the server's whole process tree.

Run: .venv/bin/python benchmarks/serve_memory.py [--triples 1000000]
Loads a generated graph into memory, starts the endpoint (which copies the store once to a
temporary on-disk store its workers read), runs 24 queries that touch every triple, and prints
the RSS and PSS of this process and everything it started (fork server, workers), before and
after. Loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))

from generate import generate_text
from serve_load import _memory

import govgraph as gg
from govgraph.server import create_app
from serving import RunningServer

QUERIES = [
    "SELECT * WHERE { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--triples", type=int, default=1_000_000)
    args = parser.parse_args()
    out: dict[str, object] = {"load_average_before": os.getloadavg()}
    started = time.monotonic()
    kg = gg.GovGraph()
    kg.load(generate_text(args.triples, broken=0.0), format="turtle")
    out["triples"] = len(kg)
    out["load_s"] = round(time.monotonic() - started, 1)
    rss, pss = _memory(os.getpid())
    out.update(before_server_rss_mb=rss >> 20, before_server_pss_mb=pss >> 20)
    started = time.monotonic()
    with RunningServer(create_app(kg.store)) as server:
        out["server_start_s"] = round(time.monotonic() - started, 1)
        for query in QUERIES * 8:
            r = httpx.get(server.url + "/sparql", params={"query": query}, timeout=300)
            r.raise_for_status()
        rss, pss = _memory(os.getpid())
        out.update(with_server_rss_mb=rss >> 20, with_server_pss_mb=pss >> 20)
    out["load_average_after"] = os.getloadavg()
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
