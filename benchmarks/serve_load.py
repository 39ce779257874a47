"""Load test of ``govgraph serve`` on the PSTW import: many clients, hostile ones among them.

Run: .venv/bin/python benchmarks/serve_load.py [--clients 50] [--seconds 60] [--pathological 3]
     [--medium 7] [--timeout 30] [--workers 4]

Starts the endpoint in a child process on 127.0.0.1 (the PSTW import served from memory, as
``govgraph serve`` does with data files), then runs ``--clients`` concurrent clients for
``--seconds``, each from its own loopback address (127.0.0.10, .11, ...), so the server sees
them as different clients:

* light clients ask a small query about one initiative (pause 0 to 200 ms between requests);
* medium clients ask an aggregate over every initiative, or a capped ``SELECT *``;
* pathological clients cycle through a three-way cartesian ``COUNT(*)``, a 128 KB run of letters,
  a 400 MB body (declared; the first megabyte is sent) and a request whose headers never end.

Loopback only, bounded in time (the run, plus at most the time limit for the last answers). The
server's memory is the sum over its process tree (the server, the worker fork server and the
workers), sampled every 0.5 s: peak RSS and peak PSS (shared pages counted once). Prints one JSON
object; note the load average it reports (other processes share the machine).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

GG = "https://w3id.org/govgraph#"
LIGHT = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    f"SELECT ?label ?lead WHERE {{ <https://w3id.org/govgraph/id/initiative/PSTW-{{n}}> "
    f"skos:prefLabel ?label ; <{GG}ledBy> ?lead }}"
)
MEDIUM = [
    "PREFIX dct: <http://purl.org/dc/terms/> "
    f"SELECT ?country (COUNT(?i) AS ?n) WHERE {{ ?i a <{GG}Initiative> ; dct:spatial ?country }} "
    "GROUP BY ?country ORDER BY DESC(?n)",
    "SELECT * WHERE { ?s ?p ?o }",
]
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"

SERVER = """
import sys
import govgraph as gg
from govgraph.server import serve
kg = gg.GovGraph()
kg.import_pstw()
print(len(kg), flush=True)
serve(kg.store, port=int(sys.argv[1]), timeout=float(sys.argv[2]), workers=int(sys.argv[3]),
      log_level="error")
"""


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return pids


def _memory(pid: int) -> tuple[int, int]:
    rss = pss = 0
    for p in _tree(pid):
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss * 1024, pss * 1024


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Stats:
    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.light: list[float] = []
        self.pathological_over_limit = 0
        self.slowest: dict[str, float] = {}
        self.slowest_server: dict[str, float] = {}

    def add(self, kind: str, outcome: str) -> None:
        self.outcomes[f"{kind} {outcome}"] += 1


async def _light(url: str, address: str, stop: float, stats: Stats) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(transport=transport, timeout=120) as client:
        while time.monotonic() < stop:
            query = LIGHT.replace("{n}", str(random.randint(1, 2000)))
            started = time.monotonic()
            try:
                r = await client.get(url, params={"query": query})
                stats.light.append(time.monotonic() - started)
                stats.add("light", str(r.status_code))
            except httpx.HTTPError as exc:
                stats.add("light", type(exc).__name__)
            await asyncio.sleep(random.uniform(0, 0.2))


async def _medium(url: str, address: str, stop: float, stats: Stats) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(transport=transport, timeout=120) as client:
        while time.monotonic() < stop:
            try:
                r = await client.get(url, params={"query": random.choice(MEDIUM)})
                stats.add("medium", str(r.status_code))
            except httpx.HTTPError as exc:
                stats.add("medium", type(exc).__name__)
            await asyncio.sleep(random.uniform(0, 0.5))


async def _raw(port: int, address: str, data: bytes, wait: float) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(address, 0))
    try:
        writer.write(data)
        with contextlib.suppress(TimeoutError, ConnectionError):
            await asyncio.wait_for(writer.drain(), wait)
        try:
            return await asyncio.wait_for(reader.read(200), wait)
        except TimeoutError:
            return b"(timeout)"
        except ConnectionError:  # the server answered and closed while we were still sending
            return b"(reset)"
    finally:
        writer.close()


def _server_time(stats: Stats, kind: str, response: httpx.Response) -> None:
    """Record the server's own time for the request (its ``Server-Timing`` header)."""
    timing = response.headers.get("server-timing", "")
    if "dur=" in timing:
        seconds = float(timing.split("dur=", 1)[1].split(";")[0]) / 1000
        stats.slowest_server[kind] = round(max(stats.slowest_server.get(kind, 0.0), seconds), 1)


async def _pathological(
    url: str, port: int, address: str, stop: float, stats: Stats, limit: float
) -> None:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(transport=transport, timeout=limit + 60) as client:
        step = 0
        while time.monotonic() < stop:
            kind = ("cartesian", "letters", "body", "slow-headers")[step % 4]
            step += 1
            started = time.monotonic()
            try:
                if kind == "cartesian":
                    r = await client.get(url, params={"query": CARTESIAN})
                    outcome = str(r.status_code)
                    _server_time(stats, kind, r)
                elif kind == "letters":
                    r = await client.post(
                        url,
                        content=b"SELECT * WHERE { ?s ?p ?o } " + b"a" * 128 * 1024,
                        headers={"Content-Type": "application/sparql-query"},
                    )
                    outcome = str(r.status_code)
                    _server_time(stats, kind, r)
                elif kind == "body":
                    head = (
                        "POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Content-Type: application/x-www-form-urlencoded\r\n"
                        f"Content-Length: {400 * 1024 * 1024}\r\n\r\n"
                    ).encode()
                    answer = await _raw(port, address, head + b"query=" + b"a" * 2**20, limit)
                    if answer.startswith(b"HTTP/"):
                        outcome = answer[9:12].decode()
                    else:
                        outcome = answer.decode(errors="replace").strip("()") or "closed"
                else:
                    answer = await _raw(
                        port, address, b"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ", limit
                    )
                    outcome = "closed" if answer in (b"", b"(reset)") else answer[:12].decode()
            except httpx.HTTPError as exc:
                outcome = type(exc).__name__
            elapsed = time.monotonic() - started
            if elapsed > limit + 2:
                stats.pathological_over_limit += 1
            stats.slowest[kind] = round(max(stats.slowest.get(kind, 0.0), elapsed), 1)
            stats.add(f"pathological {kind}", outcome)


async def _run(args: argparse.Namespace, url: str, port: int, stats: Stats) -> None:
    stop = time.monotonic() + args.seconds
    tasks = []
    for i in range(args.clients):
        address = f"127.0.0.{10 + i}"
        if i < args.pathological:
            tasks.append(_pathological(url, port, address, stop, stats, args.timeout))
        elif i < args.pathological + args.medium:
            tasks.append(_medium(url, address, stop, stats))
        else:
            tasks.append(_light(url, address, stop, stats))
    await asyncio.gather(*tasks)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pathological", type=int, default=3)
    parser.add_argument("--medium", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--show-log", action="store_true", help="print the server's log")
    args = parser.parse_args()

    port = _free_port()
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed after the server stops
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(port), str(args.timeout), str(args.workers)],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    out: dict[str, object] = {"load_average_before": os.getloadavg()}
    try:
        assert server.stdout is not None
        out["triples"] = int(server.stdout.readline())
        url = f"http://127.0.0.1:{port}/sparql"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        peak = [0, 0]
        sampling = True

        async def sample() -> None:
            while sampling:
                rss, pss = _memory(server.pid)
                peak[0], peak[1] = max(peak[0], rss), max(peak[1], pss)
                await asyncio.sleep(0.5)

        async def everything(stats: Stats) -> None:
            nonlocal sampling
            sampler = asyncio.create_task(sample())
            await _run(args, url, port, stats)
            sampling = False
            await sampler

        stats = Stats()
        started = time.monotonic()
        asyncio.run(everything(stats))
        out["wall_s"] = round(time.monotonic() - started, 1)
        light = sorted(stats.light)
        quantiles = statistics.quantiles(light, n=100) if len(light) > 1 else [0.0] * 99
        out.update(
            clients=args.clients,
            seconds=args.seconds,
            timeout=args.timeout,
            workers=args.workers,
            requests=sum(stats.outcomes.values()),
            outcomes=dict(sorted(stats.outcomes.items())),
            light_requests=len(light),
            light_p50_ms=round(quantiles[49] * 1000, 1),
            light_p95_ms=round(quantiles[94] * 1000, 1),
            light_p99_ms=round(quantiles[98] * 1000, 1),
            light_max_ms=round(light[-1] * 1000, 1) if light else None,
            pathological_over_limit=stats.pathological_over_limit,
            pathological_slowest_s=stats.slowest,
            pathological_slowest_server_s=stats.slowest_server,
            server_peak_rss_mb=round(peak[0] / 2**20),
            server_peak_pss_mb=round(peak[1] / 2**20),
            load_average_after=os.getloadavg(),
        )
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.seek(0)
        lines = log.read().splitlines()
        log.close()
    out["server_log_lines"] = len(lines)
    out["server_log_disconnects"] = sum("disconnected" in line for line in lines)
    out["server_log_tracebacks"] = sum(line.startswith("Traceback") for line in lines)
    if args.show_log:
        print("\n".join(lines), file=sys.stderr)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
