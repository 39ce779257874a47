"""The report's pictures do not depend on the hash seed.

Regression: each community of the network was laid out from ``graph.subgraph(members)``, a
networkx view that walks a *set* of the members when they are fewer than half the graph; sets of
strings iterate in an order that changes with ``PYTHONHASHSEED``, and the spring layout placed the
nodes in that order, so two runs on the same data drew two networks.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generated import generator

_PROGRAM = """
import sys
from govgraph import GovGraph
from govgraph.report import ReportOptions, render_report

kg = GovGraph()
kg.load(sys.argv[1])
page = render_report(kg.store, ReportOptions(validate=False, network_edges=60))
start = page.index("<svg", page.index('id="network"'))
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(page[start : page.index("</svg>", start)])
"""


@pytest.mark.slow
def test_network_picture_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    data = tmp_path / "graph.ttl"
    data.write_text("\n".join(generator().generate_lines(3000, seed=1, technologies=100)))
    pictures = []
    for seed in ("1", "2"):
        out = tmp_path / f"network-{seed}.svg"
        subprocess.run(
            [sys.executable, "-c", _PROGRAM, str(data), str(out)],
            check=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        pictures.append(out.read_text(encoding="utf-8"))
    assert pictures[0].count("<path") > 20  # a network was drawn
    assert pictures[0] == pictures[1]
