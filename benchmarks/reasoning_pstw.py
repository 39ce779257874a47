"""Measure OWL reasoning (HermiT) and owlrl materialization on the full PSTW import.

Run: .venv/bin/python benchmarks/reasoning_pstw.py [--timeout S] [--java-memory MB] [--limit N]
Prints one JSON object (times in seconds, peak memory of the Java child in MB).
"""

from __future__ import annotations

import argparse
import json
import resource
import time

from rdflib import RDF, URIRef

import govgraph as gg


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--java-memory", type=int, default=2000)
    parser.add_argument("--skip-owl-rl", action="store_true")
    args = parser.parse_args()

    out: dict[str, object] = {}
    kg = gg.GovGraph()
    t0 = time.perf_counter()
    kg.import_pstw()
    out["import_s"] = round(time.perf_counter() - t0, 2)
    out["triples"] = len(kg)
    data = kg.to_rdflib()
    out["individuals"] = len({s for s in data.subjects() if isinstance(s, URIRef)})
    out["typed_individuals"] = len(set(data.subjects(RDF.type)))

    t0 = time.perf_counter()
    result = kg.reason(java_memory=args.java_memory, timeout=args.timeout)
    out["reason_s"] = round(time.perf_counter() - t0, 2)
    out["consistent"] = result.consistent
    out["inferred_types"] = len(result.inferred_types)
    out["explanation"] = [c.message for c in result.explanation[:5]]
    out["java_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)

    for profile in ("rdfs", "owl-rl"):
        if profile == "owl-rl" and args.skip_owl_rl:
            continue
        copy = gg.GovGraph()
        copy.add(data)
        t0 = time.perf_counter()
        added = copy.materialize(profile=profile)
        out[f"materialize_{profile}_s"] = round(time.perf_counter() - t0, 2)
        out[f"materialize_{profile}_added"] = added
    out["python_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
