"""``--format xlsx`` and ``--output`` on the analysis commands (one sheet per table + readme)."""

from __future__ import annotations

import csv
import io
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest

from govgraph.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def sample() -> str:
    files = sorted(DATA.glob("*.ttl"))
    assert files
    # the analysis tests' graph: actors, technologies, policies, skills
    return str(DATA / "analysis-small.ttl")


def test_synergies_xlsx_has_readme_and_sheet(tmp_path: Path, sample: str) -> None:
    book = tmp_path / "syn.xlsx"
    assert main(["--quiet", "synergies", sample, "--top", "5", "-f", "xlsx", "-o", str(book)]) == 0
    wb = openpyxl.load_workbook(book, read_only=True)
    assert wb.sheetnames[0] == "readme" and len(wb.sheetnames) == 2
    readme = {r[0]: r[1] for r in wb["readme"].iter_rows(values_only=True)}
    assert readme["command"] == "govgraph synergies"
    assert readme["data"] == sample
    assert readme["filters"] == "none"
    assert "top=5" in readme["options"]
    sheet = wb[wb.sheetnames[1]]
    cells = list(sheet.iter_rows(values_only=True))
    assert cells[0][:4] == ("a", "b", "a_label", "b_label")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--quiet", "synergies", sample, "--top", "5", "-f", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [c[:2] for c in cells[1:]] == [(r["a"], r["b"]) for r in rows]  # same pairs as CSV


def test_output_file_for_csv_and_json(tmp_path: Path, sample: str) -> None:
    target = tmp_path / "gaps.csv"
    assert main(["--quiet", "gaps", sample, "-f", "csv", "-o", str(target)]) == 0
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--quiet", "gaps", sample, "-f", "csv"]) == 0
    assert target.read_text(encoding="utf-8") == out.getvalue()


def test_xlsx_needs_output_and_table_refuses_it(tmp_path: Path, sample: str) -> None:
    assert main(["--quiet", "clusters", sample, "-f", "xlsx"]) == 2
    assert main(["--quiet", "clusters", sample, "-o", str(tmp_path / "x.txt")]) == 2
    assert not (tmp_path / "x.txt").exists()


def test_a_case_without_identifier_is_named_not_shown_as_an_iri() -> None:
    from govgraph.cli.analysis import _case, case_id

    iri = "https://w3id.org/govgraph/id/initiative/ill-genai-assistant"
    named = {"initiative": iri, "identifier": None, "label": "Internal generative AI assistant"}
    assert case_id(named) == "Internal generative AI assistant"
    assert _case(named) == "Internal generative AI assistant"
    pstw = {"initiative": iri, "identifier": "PSTW-601", "label": "ChatBot Botty Bonn"}
    assert case_id(pstw) == "PSTW-601"
    assert _case(pstw) == "PSTW-601 ChatBot Botty Bonn"
    long = {**named, "label": "A" * 50}
    assert case_id(long) == "A" * 39 + "…"
    # only a case with neither identifier nor name shows its IRI
    assert case_id({"initiative": iri, "identifier": None, "label": None}) == iri
    assert _case({"initiative": iri, "identifier": None, "label": None}) == iri
