"""Benchmark govgraph against plain rdflib + pyshacl doing the same work.

For every size (10k, 100k and 1M triples by default) the runner generates a seeded governance
graph (``benchmarks/generate.py``), then measures five steps for two engines, each step in a fresh
subprocess so that its peak memory (``ru_maxrss``) is its own:

=========  ===================================  =============================================
step       govgraph                             baseline (rdflib + pyshacl)
=========  ===================================  =============================================
load       ``GovGraph().load(file)``            ``rdflib.Graph().parse(file)``
validate   ``GovGraph.validate()``              ``pyshacl.validate`` on data + ontology
synergies  ``GovGraph.synergies()``             rdflib SPARQL pair query + Jaccard in Python
gaps       ``GovGraph.skill_gaps()``            rdflib SPARQL required/held levels + join
export     ``GovGraph.serialize("turtle")``     ``Graph.serialize(format="turtle")``
=========  ===================================  =============================================

Wall time covers the step only (the data is loaded first, untimed, for the later steps); peak
memory is the whole subprocess's, i.e. what the step needs including the loaded data. The
baseline is slow at 1M triples, so its sizes are capped with ``--baseline-max`` (default 100000);
capped or timed-out measurements are recorded as such, never estimated.

Usage::

    python benchmarks/run.py                       # make bench
    python benchmarks/run.py --sizes 10000 100000 --baseline-max 1000000 --timeout 3600
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
STEPS = ("load", "validate", "synergies", "gaps", "export")
ENGINES = ("govgraph", "baseline")

GG = "https://w3id.org/govgraph#"

# The baseline's synergy queries: pairs of actors (leads or participants of initiatives) that
# share technologies, with the number shared (an rdflib SPARQL join), then, in Python, leaving out
# pairs that already collaborate, share an initiative or are in one hierarchy: the same
# definition as govgraph.analysis.synergies. (Doing the exclusions with FILTER NOT EXISTS in the
# query took rdflib 498 s at 10k triples.)
BASELINE_ITEMS = """
PREFIX gg: <https://w3id.org/govgraph#>
SELECT DISTINCT ?actor ?item WHERE {
  { ?i gg:ledBy ?actor } UNION { ?i gg:hasParticipant ?actor }
  ?i gg:usesTechnology ?item .
  FILTER(isIRI(?actor) && isIRI(?item))
}
"""
BASELINE_PAIRS = """
PREFIX gg: <https://w3id.org/govgraph#>
SELECT ?a ?b (COUNT(?item) AS ?shared) WHERE {
  { SELECT DISTINCT ?a ?item WHERE {
      { ?i gg:ledBy ?a } UNION { ?i gg:hasParticipant ?a }
      ?i gg:usesTechnology ?item . FILTER(isIRI(?a) && isIRI(?item)) } }
  { SELECT DISTINCT ?b ?item WHERE {
      { ?j gg:ledBy ?b } UNION { ?j gg:hasParticipant ?b }
      ?j gg:usesTechnology ?item . FILTER(isIRI(?b) && isIRI(?item)) } }
  FILTER(STR(?a) < STR(?b))
}
GROUP BY ?a ?b
"""
BASELINE_EXCLUDED = """
PREFIX gg: <https://w3id.org/govgraph#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?x ?y WHERE {
  { ?x gg:collaboratesWith ?y }
  UNION
  { ?x org:unitOf+ ?y }
  UNION
  { { ?i gg:ledBy ?x } UNION { ?i gg:hasParticipant ?x }
    { ?i gg:ledBy ?y } UNION { ?i gg:hasParticipant ?y } }
  FILTER(isIRI(?x) && isIRI(?y) && ?x != ?y)
}
"""
# The baseline's skill-gap queries: the level each actor needs of each skill (through its
# initiatives' technologies and their broader technologies) and the level it holds (itself or
# through its units).
BASELINE_REQUIRED = """
PREFIX gg: <https://w3id.org/govgraph#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?actor ?skill (MAX(?level) AS ?required) WHERE {
  { ?i gg:ledBy ?actor } UNION { ?i gg:hasParticipant ?actor }
  ?i gg:usesTechnology ?tech .
  ?tech skos:broader* ?source .
  { ?source gg:requiresSkill ?skill BIND(1 AS ?level) }
  UNION
  { ?r gg:requiredBy ?source ; gg:skill ?skill ; gg:proficiencyLevel ?level }
  FILTER(isIRI(?actor) && isIRI(?skill) && isNumeric(?level))
}
GROUP BY ?actor ?skill
"""
BASELINE_HELD = """
PREFIX gg: <https://w3id.org/govgraph#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT ?actor ?skill (MAX(?level) AS ?held) WHERE {
  ?c gg:heldBy ?holder ; gg:skill ?skill ; gg:proficiencyLevel ?level .
  ?holder org:unitOf* ?actor .
  FILTER(isIRI(?actor) && isIRI(?skill) && isNumeric(?level))
}
GROUP BY ?actor ?skill
"""


# ---------------------------------------------------------------------------------- workers


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _work_govgraph(step: str, path: Path) -> dict[str, Any]:
    import govgraph as gg

    info: dict[str, Any] = {}
    kg = gg.GovGraph()
    if step == "load":
        start = time.perf_counter()
        kg.load(path)
        seconds = time.perf_counter() - start
        info["triples"] = len(kg)
        return {"seconds": seconds, "info": info}
    kg.load(path)
    start = time.perf_counter()
    if step == "validate":
        report = kg.validate()
        info = {"engine": report.engine, **report.counts()}
    elif step == "synergies":
        # every pair by plain Jaccard: the definition the baseline implements (the default
        # rarity score and its top-k are measured by benchmarks/synergies_topk.py)
        info["pairs"] = len(kg.synergies(method="jaccard", kind="any"))
    elif step == "gaps":
        info["gaps"] = len(kg.skill_gaps())
    elif step == "export":
        info["bytes"] = len(kg.serialize(format="turtle"))
    else:
        raise SystemExit(f"unknown step {step}")
    return {"seconds": time.perf_counter() - start, "info": info}


def _work_baseline(step: str, path: Path) -> dict[str, Any]:
    from rdflib import BNode, Graph

    info: dict[str, Any] = {}
    start = time.perf_counter()
    data = Graph()
    data.parse(path, format="turtle")
    if step == "load":
        info["triples"] = len(data)
        return {"seconds": time.perf_counter() - start, "info": info}
    start = time.perf_counter()
    if step == "validate":
        import pyshacl

        from govgraph._resources import ontology_path, shapes_path

        shapes = Graph().parse(shapes_path(), format="turtle")
        ontology = Graph().parse(ontology_path(), format="turtle")
        # The ontology as background knowledge: its triples between named terms added to the
        # data (pyshacl's own ont_graph mixing copies the ontology's individuals recursively and
        # takes minutes on the govgraph ontology, whatever the data size).
        for s, p, o in ontology:
            if not isinstance(s, BNode) and not isinstance(o, BNode):
                data.add((s, p, o))
        conforms, results, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            allow_infos=True,
            allow_warnings=True,
        )
        from rdflib import RDF, SH

        found = set(results.subjects(RDF.type, SH.ValidationResult))
        info = {"conforms": bool(conforms), "results": len(found)}
    elif step == "synergies":
        items: dict[str, int] = {}
        for row in data.query(BASELINE_ITEMS):
            items[str(row[0])] = items.get(str(row[0]), 0) + 1  # type: ignore[index]
        excluded = set()
        for row in data.query(BASELINE_EXCLUDED):
            x, y = str(row[0]), str(row[1])  # type: ignore[index]
            excluded.add((min(x, y), max(x, y)))
        pairs = []
        for row in data.query(BASELINE_PAIRS):
            a, b, shared = str(row[0]), str(row[1]), int(row[2])  # type: ignore[index,arg-type]
            if (a, b) not in excluded:
                pairs.append((shared / (items[a] + items[b] - shared), a, b))
        pairs.sort(reverse=True)
        info["pairs"] = len(pairs)
    elif step == "gaps":
        held = {
            (str(r[0]), str(r[1])): int(r[2])  # type: ignore[index,arg-type]
            for r in data.query(BASELINE_HELD)
        }
        gaps = 0
        for row in data.query(BASELINE_REQUIRED):
            key = (str(row[0]), str(row[1]))  # type: ignore[index]
            if held.get(key, 0) < int(row[2]):  # type: ignore[index,arg-type]
                gaps += 1
        info["gaps"] = gaps
    elif step == "export":
        info["bytes"] = len(data.serialize(format="turtle").encode("utf-8"))
    else:
        raise SystemExit(f"unknown step {step}")
    return {"seconds": time.perf_counter() - start, "info": info}


def worker(engine: str, step: str, path: Path) -> None:
    """Run one step in this process and print its measurement as JSON."""
    work = _work_govgraph if engine == "govgraph" else _work_baseline
    result = work(step, path)
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))


# ---------------------------------------------------------------------------------- runner


def hardware() -> dict[str, Any]:
    """CPU model, cores, memory, Python and library versions, load at start."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    for name in ("govgraph", "pyoxigraph", "rdflib", "pyshacl"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "?"
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "versions": versions,
        "loadavg_at_start": os.getloadavg(),
    }


def _measure(engine: str, step: str, path: Path, timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", engine, step, str(path)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"status": "timeout", "seconds": None, "peak_mb": None, "limit_s": timeout}
    if done.returncode != 0:
        tail = (done.stderr or "").strip().splitlines()[-3:]
        return {"status": "error", "seconds": None, "peak_mb": None, "error": " | ".join(tail)}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["status"] = "ok"
    result["process_s"] = time.perf_counter() - started
    return result


def _fmt_s(value: float | None) -> str:
    return "-" if value is None else (f"{value:.2f}" if value < 100 else f"{value:.0f}")


def _cell(m: dict[str, Any] | None) -> tuple[str, str]:
    if m is None:
        return "not run", "-"
    if m["status"] != "ok":
        return m["status"], "-"
    return _fmt_s(m["seconds"]), f"{m['peak_mb']:.0f}"


def table(results: dict[str, Any]) -> str:
    """Markdown table of the measurements (time in s, peak memory in MB, baseline/govgraph)."""
    lines = [
        "| triples | step | govgraph s | govgraph MB | rdflib+pyshacl s | rdflib+pyshacl MB | "
        "speed-up |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size, steps in results["sizes"].items():
        for step in STEPS:
            g = steps.get(step, {}).get("govgraph")
            b = steps.get(step, {}).get("baseline")
            gs, gm = _cell(g)
            bs, bm = _cell(b)
            ratio = "-"
            if g and b and g["status"] == "ok" and b["status"] == "ok" and g["seconds"]:
                ratio = f"{b['seconds'] / g['seconds']:.0f}x"
            lines.append(f"| {int(size):,} | {step} | {gs} | {gm} | {bs} | {bm} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--worker", nargs=3, metavar=("ENGINE", "STEP", "FILE"), help=argparse.SUPPRESS
    )
    parser.add_argument("--sizes", nargs="+", type=int, default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--steps", nargs="+", choices=STEPS, default=list(STEPS))
    parser.add_argument("--engines", nargs="+", choices=ENGINES, default=list(ENGINES))
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=100_000,
        help="largest size the rdflib + pyshacl baseline runs at (default 100000)",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds before a step is stopped"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--broken", type=float, default=0.03)
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "govgraph-bench",
        help="where generated graphs are kept (default: a folder in the temporary directory)",
    )
    parser.add_argument(
        "--out", type=Path, default=HERE / "results.json", help="JSON file of the measurements"
    )
    args = parser.parse_args(argv)
    if args.worker:
        engine, step, file = args.worker
        worker(engine, step, Path(file))
        return 0

    sys.path.insert(0, str(HERE))
    from generate import generate_lines

    args.data_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "hardware": hardware(),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "seed": args.seed,
        "broken": args.broken,
        "baseline_max": args.baseline_max,
        "timeout_s": args.timeout,
        "sizes": {},
    }
    print(json.dumps(results["hardware"]), flush=True)
    for size in args.sizes:
        path = args.data_dir / f"gov-{size}-seed{args.seed}-broken{args.broken}.ttl"
        if not path.exists():
            with path.open("w", encoding="utf-8") as out:
                for line in generate_lines(size, seed=args.seed, broken=args.broken):
                    out.write(line)
                    out.write("\n")
        per_size: dict[str, Any] = {}
        results["sizes"][str(size)] = per_size
        for step in args.steps:
            per_size[step] = {}
            for engine in args.engines:
                if engine == "baseline" and size > args.baseline_max:
                    per_size[step][engine] = {"status": "capped", "seconds": None}
                    continue
                m = _measure(engine, step, path, args.timeout)
                per_size[step][engine] = m
                seconds, peak = _cell(m)
                print(
                    f"{size:>9,} {step:<10} {engine:<9} {seconds:>8} s {peak:>6} MB "
                    f"{json.dumps(m.get('info', m.get('error', '')))}",
                    flush=True,
                )
                args.out.write_text(json.dumps(results, indent=2))
    print()
    print(table(results))
    args.out.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
