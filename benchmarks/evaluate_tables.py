"""The tables of ``govgraph evaluate`` in docs/analysis.md, written from the measurement itself.

Runs :func:`govgraph.analysis.evaluate` for each holdout year on one graph (the PSTW import) and
prints the four Markdown tables of *Measured usefulness* (actors and countries, technologies and
use cases: precision@10 / recall@10 / MAP per method and year), so the documented figures are
copied from a run, not typed by hand. With ``--json``, the raw results too.

Usage::

    govgraph import pstw -o /tmp/pstw.ttl
    python benchmarks/evaluate_tables.py /tmp/pstw.ttl [--years 2019-2022] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys

TABLES = (
    ("actor", "technology", "Actors, technologies"),
    ("actor", "use-case", "Actors, use cases"),
    ("country", "technology", "Countries, technologies"),
    ("country", "use-case", "Countries, use cases"),
)


def tables(results: list[dict[str, object]], years: list[int], methods: list[str]) -> str:
    """The four Markdown tables of the results (dicts of ``Evaluation.to_dict()``)."""
    found = {(r["level"], r["target"], r["method"], r["holdout_year"]): r for r in results}
    out: list[str] = []
    for level, target, title in TABLES:
        evaluated = ", ".join(
            f"{y}: {found[(level, target, methods[0], y)]['evaluated']}" for y in years
        )
        out.append(f"**{title}** (precision@10 / recall@10 / MAP; evaluated: {evaluated})")
        out.append("")
        out.append("| method | " + " | ".join(f"Y = {y}" for y in years) + " |")
        out.append("|---|" + "---|" * len(years))
        for method in methods:
            name = f"`{method}`" + (" (default)" if method == "rarity" else "")
            cells = []
            for y in years:
                r = found[(level, target, method, y)]
                cells.append(f"{r['precision_at_k']:.3f} / {r['recall_at_k']:.3f} / {r['map']:.3f}")
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="the PSTW import (govgraph import pstw -o FILE)")
    parser.add_argument("--years", default="2019-2022", help="first-last holdout year")
    parser.add_argument("--json", help="also write the raw results to this file")
    args = parser.parse_args(argv)

    import govgraph
    from govgraph.analysis import EVALUATION_METHODS, Facts, evaluate

    first, last = (int(x) for x in args.years.split("-"))
    years = list(range(first, last + 1))
    graph = govgraph.GovGraph()
    graph.load(args.data)
    facts = Facts(graph.store)
    results = [r.to_dict() for y in years for r in evaluate(facts, holdout_year=y, k=10)]
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(results, out, indent=1)
            out.write("\n")
    sys.stdout.write(tables(results, years, list(EVALUATION_METHODS)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
