"""JSON-LD input is bounded and never dropped silently."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import govgraph
from govgraph.io import MAX_JSON_LD_DEPTH, check_json_ld_safety, parse_source


def _deep(levels: int) -> str:
    return '{"@id": "http://e/a", "http://e/p": ' + "[" * levels + '"x"' + "]" * levels + "}"


@pytest.mark.parametrize("levels", [4_000, 60_000])
def test_deep_json_ld_is_refused_before_parsing(tmp_path: Path, levels: int) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text(_deep(levels))
    with pytest.raises(govgraph.ParseError, match="nested more than 1,000 levels") as info:
        parse_source(path)
    assert str(path) in str(info.value)


@pytest.mark.slow  # three CLI processes: about 8 s on a loaded machine
def test_deep_json_ld_is_refused_by_every_command_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "deep.jsonld"
    path.write_text(_deep(60_000))
    for args in (
        ["load", str(path), "--store", str(tmp_path / "s")],
        ["query", str(path), "ASK { ?s ?p ?o }"],
        ["validate", str(path)],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 2, (args, done.stderr)
        assert "nested more than" in done.stderr and str(path) in done.stderr


def test_the_depth_limit_is_configurable_and_not_in_the_way(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ok = _deep(MAX_JSON_LD_DEPTH - 2).encode()
    check_json_ld_safety(ok)
    assert len(parse_source(ok, format="json-ld").quads) == 1
    # brackets inside strings do not count
    check_json_ld_safety(('{"@id": "http://e/a", "http://e/p": "' + "[{" * 5_000 + '"}').encode())
    monkeypatch.setenv("GOVGRAPH_MAX_JSON_LD_DEPTH", "10")
    with pytest.raises(govgraph.ParseError, match="more than 10 levels"):
        parse_source(_deep(20).encode(), format="json-ld")


def test_json_ld_iris_with_spaces_are_an_error_not_a_silent_drop(tmp_path: Path) -> None:
    path = tmp_path / "space.jsonld"
    path.write_text('{\n  "@id": "http://e/a b",\n  "http://e/p": "x"\n}')
    with pytest.raises(govgraph.ParseError, match="not a valid IRI") as info:
        parse_source(path)
    assert "line 2" in str(info.value) and "%20" in str(info.value)
    good = '{"@id": "http://e/a%20b", "http://e/p": "x y"}'
    assert len(parse_source(good.encode(), format="json-ld").quads) == 1
