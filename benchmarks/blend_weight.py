"""The blend weight of ``rarity+popularity``, tried at several values on the PSTW import.

For each popularity weight (``PRIOR`` in ``govgraph/analysis/_evaluate.py``, set in this
process only), runs ``evaluate(..., methods=("rarity+popularity",))`` for the hold-out years
and prints, for actors' use cases: the mean precision@10 and mean MAP over the years, the same
means for popularity and ``rarity``, and the weight chosen on each three years with the fourth
left out (with its margin over the next weight). docs/analysis.md ("Choosing the blend
weight") records these figures.

Usage::

    govgraph import pstw -o /tmp/pstw.ttl
    python benchmarks/blend_weight.py /tmp/pstw.ttl
"""

from __future__ import annotations

import argparse
import statistics

import govgraph
from govgraph.analysis import Facts, _evaluate, evaluate

YEARS = (2019, 2020, 2021, 2022)
WEIGHTS = (0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9)


def _use_cases(facts: Facts, year: int, method: str) -> tuple[float, float]:
    """Precision@10 and MAP of ``method`` on actors' use cases, hiding cases after ``year``."""
    for r in evaluate(facts, holdout_year=year, k=10, methods=(method,)):
        if r.level == "actor" and r.target == "use-case":
            return r.precision_at_k, r.map
    raise SystemExit(f"no evaluation of actors' use cases for {year}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", help="the PSTW import (Turtle)")
    args = parser.parse_args()
    kg = govgraph.GovGraph()
    kg.load(args.data)
    facts = Facts(kg.store)
    chosen = _evaluate.PRIOR
    found: dict[tuple[float, int], tuple[float, float]] = {}
    try:
        for weight in WEIGHTS:
            _evaluate.PRIOR = weight
            for year in YEARS:
                found[weight, year] = _use_cases(facts, year, "rarity+popularity")
    finally:
        _evaluate.PRIOR = chosen
    for method in ("popularity", "rarity"):
        mean = statistics.mean(_use_cases(facts, y, method)[0] for y in YEARS)
        print(f"{method}: mean precision@10 {mean:.3f}")
    for i, name in ((0, "precision@10"), (1, "MAP")):
        means = [statistics.mean(found[w, y][i] for y in YEARS) for w in WEIGHTS]
        print(f"mean {name} by weight {list(WEIGHTS)}: {[round(m, 3) for m in means]}")
    for left_out in YEARS:
        rest = [y for y in YEARS if y != left_out]
        score = {w: statistics.mean(found[w, y][0] for y in rest) for w in WEIGHTS}
        best, second = sorted(WEIGHTS, key=lambda w: -score[w])[:2]
        print(
            f"{left_out} left out: {best} wins ({score[best]:.4f}), "
            f"by {score[best] - score[second]:.4f} over {second}"
        )


if __name__ == "__main__":
    main()
