"""The demo pipeline (import + validate + write), on the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govgraph import GovGraph
from govgraph.demo import STEPS, DemoContext, DemoStep, run_demo

pytestmark = pytest.mark.slow

MINE = (
    "import-pstw",
    "import-esco",
    "import-cofog",
    "import-illustrative",
    "validate",
    "write-graph",
    "write-import-report",
)


def test_demo_core_steps_write_marked_outputs(tmp_path: Path) -> None:
    seen: list[str] = []

    def extra(ctx: DemoContext) -> dict[str, int]:
        seen.append("extra")
        return {"initiatives": ctx.imports["pstw"].counts["initiatives"]}

    steps = [s for s in STEPS if s.name in MINE]
    steps.insert(4, DemoStep("extra", "A step added by another feature", extra))
    result = run_demo(tmp_path, steps=steps)
    assert [s.name for s in result.steps] == [*MINE[:4], "extra", *MINE[4:]]
    assert seen == ["extra"]
    summary = json.loads((tmp_path / "demo-summary.json").read_text(encoding="utf-8"))
    assert summary["steps"][4]["summary"] == {"initiatives": 1964}
    # The merged real + illustrative graph has no violation (warnings: the policy gaps the
    # illustrative register shows on purpose).
    validation = json.loads((tmp_path / "validation.json").read_text(encoding="utf-8"))
    assert validation["violations"] == 0
    assert {r["severity"] for r in validation["results"]} <= {"Warning"}
    assert "ILLUSTRATIVE" in summary["illustrative_data"]["note"]
    report = json.loads((tmp_path / "import-report.json").read_text(encoding="utf-8"))
    assert report["imports"]["pstw"]["counts"]["initiatives"] == 1964
    assert set(report["illustrative"]["imports"]) == {
        "illustrative-organisations",
        "illustrative-policies",
        "illustrative-initiatives",
        "illustrative-competencies",
    }
    text = (tmp_path / "govgraph-demo.ttl").read_text(encoding="utf-8")
    assert "ILLUSTRATIVE" in text
    kg = GovGraph()
    kg.load(tmp_path / "govgraph-demo.ttl")
    assert len(kg) == result.triples
    # every case of the demo, PSTW or ILLUSTRATIVE register, has an identifier the evidence cites
    found = kg.query(
        "PREFIX gg: <https://w3id.org/govgraph#> PREFIX dct: <http://purl.org/dc/terms/> "
        "SELECT (COUNT(?i) AS ?n) WHERE { ?i a gg:Initiative "
        "FILTER NOT EXISTS { ?i dct:identifier ?id } }"
    )
    assert int(found.rows[0]["n"]) == 0


def test_demo_exports_dcat_ap_that_passes_official_shapes(tmp_path: Path) -> None:
    steps = [s for s in STEPS if s.name in ("import-pstw", "import-cofog", "dcat-ap")]
    result = run_demo(tmp_path, steps=steps)
    summary = {s.name: s.summary for s in result.steps}["dcat-ap"]
    assert summary["violations"] == 0
    assert summary["warnings"] == 0
    assert summary["shapes files"] == 8
    assert (tmp_path / "dcat-ap" / "catalog.ttl").is_file()
    quality = json.loads((tmp_path / "dcat-ap-quality.json").read_text(encoding="utf-8"))
    assert quality["datasets"]
    for dataset in quality["datasets"]:
        assert dataset["points"] == dataset["max_offline"] == 325
