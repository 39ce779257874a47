"""The import's problems table can be read on an 80-column terminal, and shows cells as written.

Regression tests: at 80 columns the table had six columns whose fixed widths left the reason
column (the one that says what is wrong) and the count column no width at all; a value holding
square brackets was read as rich markup and lost. A GovTech identifier given with two names was
reported without its rows or names.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from govgraph.cli.imports import WIDE_PROBLEMS, problems_table
from govgraph.io import ImportProblem, import_pstw

REASON = "unknown country; write it in English (Germany) or as an ISO code (DEU)"
PROBLEMS = [
    ImportProblem(row=3, column="Geographical coverage (country)", value="Atlantis", reason=REASON),
    ImportProblem(row=9, column="Geographical coverage (country)", value="Atlantis", reason=REASON),
    ImportProblem(row=5, column="Status", value="[bold]Maybe[/bold]", reason="unknown status"),
]


def render(width: int) -> str:
    out = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    out.print(problems_table(PROBLEMS, width=width))
    out.file.close()
    return out.export_text()


def flat(text: str) -> str:
    """The table's text with borders and line breaks removed (cells fold over lines)."""
    for ch in "│┃┏┓┗┛┡┩└┘━─┳┻╇╈┼":
        text = text.replace(ch, " ")
    return " ".join(text.split())


def test_narrow_table_keeps_the_reason_readable() -> None:
    text = render(80)
    assert max(len(line) for line in text.splitlines()) <= 80
    # every word of the reason is there (folded over lines), with the value and the rows
    words = flat(text).split()
    for word in REASON.split():
        assert word in words
    assert "'Atlantis':" in words
    assert "rows 3, 9" in flat(text)
    assert "row 5" in flat(text)


def test_cells_are_shown_as_written_not_as_markup() -> None:
    for width in (80, WIDE_PROBLEMS + 20):
        assert "[bold]Maybe[/bold]" in flat(render(width)), width


def test_wide_table_has_a_column_per_field() -> None:
    text = render(WIDE_PROBLEMS + 40)
    header = next(line for line in text.splitlines() if "column" in line)
    assert [c.strip() for c in header.split("┃")[1:-1]] == [
        "",
        "column",
        "value",
        "n",
        "rows",
        "reason",
    ]
    assert REASON in flat(text)


def test_govtech_identifier_with_two_names_says_which_and_where(tmp_path: Path) -> None:
    csv = tmp_path / "pstw.csv"
    csv.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country),Collaboration type,Company name or GovTech ID\n"
        "P1,Robots,City of Heidelberg,Local Government,Germany,GovTech,Double Robotics (GTS-9)\n"
        "P2,Ledger,City of Gent,Local Government,Belgium,GovTech,Vottun (GTS-9)\n"
        "P3,Ledger 2,City of Bruges,Local Government,Belgium,GovTech,Vottun (GTS-9)\n",
        encoding="utf-8",
    )
    result = import_pstw(csv)
    notes = [p for p in result.problems if "GTS-9" in p.reason]
    assert len(notes) == 1
    assert notes[0].row == 2
    assert notes[0].column == "Company name or GovTech ID"
    assert "'Double Robotics' (row 2), 'Vottun' (rows 3, 4)" in notes[0].reason
