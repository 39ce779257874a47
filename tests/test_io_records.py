"""The one record writer (JSON, CSV, JSON Lines, xlsx) and the atomic write of govgraph.io."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from govgraph import ConfigurationError, ExportError
from govgraph.io import (
    format_from_suffix,
    neutralise_cell,
    open_atomic,
    write_atomic,
    write_records,
    write_tables,
)

PAYLOADS = [
    '=HYPERLINK("http://evil.example","x")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+2",
    "\r=1+2",
]


@dataclass(frozen=True)
class _Row:
    name: str
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "score": self.score}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_prefixes_formula_triggers(payload: str) -> None:
    assert neutralise_cell(payload) == "'" + payload


@pytest.mark.parametrize("text", ["-1.5", "+3", "42", "Ministry of Justice", "", "a=b"])
def test_neutralise_leaves_numbers_and_text(text: str) -> None:
    assert neutralise_cell(text) == text


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_neutralises_by_default_and_raw_keeps() -> None:
    records = [{"label": p, "n": -1} for p in PAYLOADS]
    safe, raw = io.StringIO(), io.StringIO()
    write_records(records, safe, format="csv")
    write_records(records, raw, format="csv", safe=False)
    safe_cells = [row[0] for row in _csv_rows(safe.getvalue())[1:]]
    raw_cells = [row[0] for row in _csv_rows(raw.getvalue())[1:]]
    assert raw_cells == PAYLOADS
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in safe_cells)
    assert [c[1:] for c in safe_cells] == PAYLOADS
    # numbers are numbers, not formulas: -1 stays -1
    assert {row[1] for row in _csv_rows(safe.getvalue())[1:]} == {"-1"}


def test_csv_lists_floats_none_and_columns() -> None:
    out = io.StringIO()
    n = write_records(
        [{"a": ["x", "y"], "score": 0.123456, "z": None}, {"a": [], "score": 1.0}],
        out,
        format="csv",
        columns=["score", "a", "z"],
        float_digits=3,
    )
    assert n == 2
    assert _csv_rows(out.getvalue()) == [
        ["score", "a", "z"],
        ["0.123", "x; y", ""],
        ["1.000", "", ""],
    ]


def test_csv_columns_union_for_lists_first_row_for_iterators() -> None:
    rows = [{"a": 1}, {"a": 2, "b": 3}]
    listed, streamed = io.StringIO(), io.StringIO()
    write_records(rows, listed, format="csv")
    write_records(iter(rows), streamed, format="csv")
    assert _csv_rows(listed.getvalue())[0] == ["a", "b"]
    assert _csv_rows(streamed.getvalue())[0] == ["a"]


def test_json_is_json_dumps_indent_2() -> None:
    rows = [{"a": "é", "b": [1, 2], "c": {"k": None}}, {"a": "x", "b": [], "c": {}}]
    for given in (rows, iter(rows), []):
        out = io.StringIO()
        write_records(given, out, format="json")
        expected = list(rows) if given is not rows and given != [] else list(given)
        if given == []:
            expected = []
        assert out.getvalue() == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"


def test_jsonl_and_to_dict_objects() -> None:
    out = io.StringIO()
    write_records([_Row("a", 0.5), _Row("=b", 1.0)], out, format="jsonl")
    lines = out.getvalue().splitlines()
    assert [json.loads(x) for x in lines] == [
        {"name": "a", "score": 0.5},
        {"name": "=b", "score": 1.0},  # JSON is no spreadsheet: kept as is
    ]


def test_bad_records_and_format() -> None:
    with pytest.raises(ExportError, match="mappings"):
        write_records([("a", 1)], io.StringIO(), format="csv")
    with pytest.raises(ConfigurationError, match="unknown record format"):
        write_records([], io.StringIO(), format="tsv")
    with pytest.raises(ConfigurationError, match="binary"):
        write_records([], io.StringIO(), format="xlsx")


@pytest.mark.slow
def test_csv_streams_without_holding_rows(tmp_path: Path) -> None:
    def rows() -> Iterator[dict[str, Any]]:
        for i in range(20_000):
            yield {"a": f"actor {i}", "b": "x" * 50, "score": i / 7}

    tracemalloc.start()
    try:
        n = write_records(rows(), tmp_path / "big.csv", format="csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 20_000
    # the file is ~1.7 MB; holding the rows would take far more than this
    assert peak < 1_000_000
    with (tmp_path / "big.csv").open(encoding="utf-8") as handle:
        assert sum(1 for _ in handle) == 20_001


def test_xlsx_sheet_types_and_safety(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    write_records(
        [{"label": "=1+2", "score": 0.5, "shared": ["a", "b"], "n": None}],
        target,
        format="xlsx",
        sheet="synergies",
    )
    book = load_workbook(target)
    assert book.sheetnames == ["synergies"]
    rows = list(book["synergies"].iter_rows(values_only=True))
    assert rows == [("label", "score", "shared", "n"), ("'=1+2", 0.5, "a; b", None)]
    raw = tmp_path / "raw.xlsx"
    write_records([{"label": "=1+2"}], raw, format="xlsx", safe=False)
    cell = load_workbook(raw).active["A2"]
    assert cell.value == "=1+2"
    assert cell.data_type == "s"  # text, never a formula


def test_write_tables_readme_first(tmp_path: Path) -> None:
    target = tmp_path / "book.xlsx"
    counts = write_tables(
        {"by country": [{"country": "DEU", "n": 3}], "a/b:c" * 10: [_Row("x", 1.0)]},
        target,
        readme={"data": "pstw.ttl", "filters": "country=DEU"},
    )
    book = load_workbook(target)
    assert book.sheetnames[0] == "readme"
    assert book.sheetnames[1] == "by country"
    assert len(book.sheetnames[2]) <= 31 and "/" not in book.sheetnames[2]
    assert counts == {"by country": 1, book.sheetnames[2]: 1}
    assert list(book["readme"].iter_rows(values_only=True)) == [
        ("data", "pstw.ttl"),
        ("filters", "country=DEU"),
    ]


def test_format_from_suffix() -> None:
    assert format_from_suffix("a.JSONL") == "jsonl"
    assert format_from_suffix("a.txt", default="csv") == "csv"
    with pytest.raises(ConfigurationError, match=r"\.txt"):
        format_from_suffix("a.txt")


def test_write_atomic_replaces_and_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "f.txt"
    write_atomic(target, "one")
    assert target.read_text() == "one"
    with pytest.raises(RuntimeError), open_atomic(target) as handle:
        handle.write("half")
        raise RuntimeError("boom")
    assert target.read_text() == "one"
    assert [p.name for p in target.parent.iterdir()] == ["f.txt"]
    assert target.stat().st_mode & 0o044  # usual permissions, not mkstemp's 0600


def test_write_atomic_error_names_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        write_atomic(blocker / "inside.txt", b"data")


def test_file_destination_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_text("old")

    def rows() -> Iterator[dict[str, Any]]:
        yield {"a": 1}
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        write_records(rows(), target, format="csv")
    assert target.read_text() == "old"
