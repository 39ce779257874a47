"""docs/cli.md is generated from the typer app; it must match the commands as they are."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    expected = module.render()
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == expected, "docs/cli.md is out of date: run python scripts/gen_cli_docs.py"
    for command in ("validate", "query", "serve", "report"):
        assert f"## `govgraph {command}`" in committed


def test_help_paragraphs_are_wrapped_by_the_terminal() -> None:
    """Typer keeps a docstring's line breaks; the commands' help joins them (``reflow``).

    Regression: at 80 columns ``govgraph gaps --help`` came out ragged, each source line of the
    docstring ending early and its last word starting a line of its own.
    """
    from typer.testing import CliRunner

    from govgraph.cli import app
    from govgraph.cli._app import reflow

    result = CliRunner().invoke(app, ["gaps", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert 'the others are listed as "no inventory" with how many skills' in result.output
    text = reflow("A summary.\n\nOne line\nand the next.\n\n    kept\n    as is\n\n\bkept\ntoo")
    assert text == "A summary.\n\nOne line and the next.\n\n    kept\n    as is\n\n\bkept\ntoo"
    assert reflow("Intro:\n- one\n  more\n- two\f\nhidden\nlines") == (
        "Intro:\n- one more\n- two\f\nhidden\nlines"
    )
