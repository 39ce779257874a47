"""Library helpers the CLI used to hold: query text or file, output checks, problem groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from govgraph import ConfigurationError, ExportError
from govgraph.io import (
    ImportProblem,
    check_writable,
    group_problems,
    rdf_format_of,
    read_query,
)


def test_read_query_text_or_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    q = "SELECT * WHERE { ?s ?p ?o }"
    assert read_query(q) == q
    rq = tmp_path / "q.rq"
    rq.write_text(q, encoding="utf-8")
    assert read_query(str(rq)) == q
    assert read_query(rq) == q
    other = tmp_path / "query.txt"  # an existing file is read whatever its suffix
    other.write_text("ASK {}", encoding="utf-8")
    assert read_query(str(other)) == "ASK {}"
    monkeypatch.chdir(tmp_path)
    assert read_query("q.txt") == "q.txt"  # no such file: it is the text
    with pytest.raises(ConfigurationError, match=r"missing\.rq.*cannot read"):
        read_query("missing.rq")
    assert read_query("x" * 10_000) == "x" * 10_000  # too long for a file name: text


def test_check_writable(tmp_path: Path) -> None:
    target = tmp_path / "out.ttl"
    assert check_writable(target) == target
    target.write_text("x")
    with pytest.raises(ExportError, match="exists; nothing was written") as info:
        check_writable(target)
    assert "--" not in str(info.value)  # library errors name no CLI flag
    assert check_writable(target, force=True) == target
    with pytest.raises(ExportError, match="does not exist"):
        check_writable(tmp_path / "no" / "out.ttl")


def test_rdf_format_of() -> None:
    assert [rdf_format_of(f"a{s}") for s in (".ttl", ".NT", ".rdf", ".jsonld")] == [
        "turtle",
        "nt",
        "xml",
        "json-ld",
    ]
    with pytest.raises(ConfigurationError, match=r"\.ttl, \.nt"):
        rdf_format_of("a.csv")


def test_group_problems_errors_first_then_most_frequent() -> None:
    problems = [
        ImportProblem(2, "Country", "Atlantis", "unknown country", "warning"),
        ImportProblem(3, "Country", "Atlantis", "unknown country", "warning"),
        ImportProblem(4, "Year", "soon", "not a year"),
        *(ImportProblem(r, "Tech", "Magic", "unmapped", "warning") for r in range(5, 11)),
    ]
    groups = group_problems(problems)
    assert [(g["severity"], g["value"], g["count"]) for g in groups] == [
        ("error", "soon", 1),
        ("warning", "Magic", 6),
        ("warning", "Atlantis", 2),
    ]
    assert groups[1]["rows"] == "5, 6, 7, 8 ..."
    assert groups[2]["rows"] == "2, 3"
