"""docs/analysis.md shows the ``govgraph evaluate`` tables that a fresh PSTW import gives.

The tables are printed by ``benchmarks/evaluate_tables.py`` from one run; this test runs it on
a fresh import of the bundled PSTW file and compares with the page, so a change of the data
(an alias row), of the import or of the scoring that moves a figure cannot leave the documented
figures behind.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govgraph
from generated import evaluate_tables
from govgraph.analysis import EVALUATION_METHODS, Facts, evaluate

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _documented() -> str:
    page = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    start = page.index("**Actors, technologies** (precision@10")
    end = page.index("**Choosing the blend weight.**")
    return page[start:end].strip()


def test_documented_evaluation_tables_are_what_the_pstw_import_gives() -> None:
    kg = govgraph.GovGraph()
    kg.import_pstw()
    facts = Facts(kg.store)
    years = [2019, 2020, 2021, 2022]
    results = [r.to_dict() for y in years for r in evaluate(facts, holdout_year=y, k=10)]
    printed = evaluate_tables().tables(results, years, list(EVALUATION_METHODS)).strip()
    assert printed == _documented()


def test_the_tables_are_laid_out_as_documented() -> None:
    # one figure changed in the results changes exactly its cell
    years = [2021]
    rows = [
        {
            "method": m,
            "level": level,
            "target": target,
            "holdout_year": 2021,
            "evaluated": 7,
            "precision_at_k": 0.5 if m == "rarity" else 0.25,
            "recall_at_k": 0.125,
            "map": 1 / 3,
        }
        for m in ("popularity", "rarity")
        for level in ("actor", "country")
        for target in ("technology", "use-case")
    ]
    text = evaluate_tables().tables(rows, years, ["popularity", "rarity"])
    assert "**Actors, use cases** (precision@10 / recall@10 / MAP; evaluated: 2021: 7)" in text
    assert "| `rarity` (default) | 0.500 / 0.125 / 0.333 |" in text
    assert "| `popularity` | 0.250 / 0.125 / 0.333 |" in text
    assert text.count("| method | Y = 2021 |") == 4
