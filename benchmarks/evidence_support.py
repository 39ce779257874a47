"""The support of each side's initiatives, both ways: the row-wise product and the index.

One ``synergies(per_actor=10)`` call is run to capture what the bulk path hands to
``_Holding.support`` (the sides' rows, their shared features with weights); then the support is
computed three times each way, alternating, and the floats are checked to be the same:

- the product (before 2026-12-01): the side's weighted features gathered once per initiative of
  the side, times the initiatives' features, summed per row;
- the index (``analysis/_bulk.py``, ``_Holding``): which initiatives of each actor hold each
  feature, built and looked up.

Usage::

    python benchmarks/generate.py 1000000 --technologies 100 --initiatives 20-40 \\
        -o /tmp/gov-1m-fewer.ttl
    PYTHONHASHSEED=0 python benchmarks/evidence_support.py /tmp/gov-1m-fewer.ttl
"""

from __future__ import annotations

import argparse
import time
from typing import Any

import numpy as np


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)

    import govgraph
    from govgraph.analysis import Facts, _bulk, synergies
    from govgraph.analysis._space import spans

    captured: dict[str, Any] = {}
    support = _bulk._Holding.support
    made = _bulk._Tables.__init__

    def capture(self: Any, *inputs: Any) -> Any:
        captured["inputs"] = inputs
        return support(self, *inputs)

    def keep(self: Any, describer: Any) -> None:
        made(self, describer)
        captured["tables"] = self

    _bulk._Holding.support = capture  # type: ignore[method-assign]
    _bulk._Tables.__init__ = keep  # type: ignore[method-assign]
    graph = govgraph.GovGraph()
    graph.load(args.data)
    synergies(Facts(graph.store), by="technology", per_actor=10)
    tables = captured["tables"]
    weighted, side_row, side_combo, side_start = captured["inputs"]

    def product() -> Any:
        per_side = np.diff(side_start)
        side = np.repeat(np.arange(len(side_row)), per_side)
        initiative = tables.row_initiatives[spans(tables.row_start[side_row], per_side)]
        rows = weighted[side_combo[side]].multiply(tables.features[initiative]).tocsr()
        rows.sort_indices()
        return rows @ np.ones(rows.shape[1])

    def index() -> Any:
        holding = _bulk._Holding(tables.features, tables.row_start, tables.row_initiatives)
        return support(holding, weighted, side_row, side_combo, side_start)

    assert product().tolist() == index().tolist(), "the two ways give different floats"
    print(f"{len(side_row):,} sides, {int(side_start[-1]):,} side-initiative rows")
    for _ in range(args.rounds):
        for name, way in (("product", product), ("index", index)):
            start = time.perf_counter()
            way()
            print(f"  {name:8s} {time.perf_counter() - start:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
