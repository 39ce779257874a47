"""Issue 8: the spreadsheet and PSTW importers never crash on hostile or broken spreadsheets.

Hypothesis writes random spreadsheets (random cells, formulas, odd dates, NaN-like strings,
missing and extra columns, several encodings and delimiters, xlsx) and checks that the importers
either import or raise :class:`~govgraph.DataImportError` naming the file, that every rejected
row is reported with row, column and reason, and that the CLI exits with 0 or 2 and one readable
message (never a traceback).
"""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import govgraph as gg
from govgraph.cli import main
from govgraph.io import SPREADSHEET_KINDS, ImportResult, import_pstw, import_spreadsheet

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)

ODD_CELLS = [
    "",
    " ",
    "\u00a0",
    "=1+1",
    '=HYPERLINK("http://127.0.0.1:9/x","click")',
    "=cmd|' /C calc'!A0",
    "@SUM(A1:A9)",
    "+1",
    "-",
    "NaN",
    "nan",
    "N/A",
    "#N/A",
    "#REF!",
    "null",
    "None",
    "inf",
    "-inf",
    "1e309",
    "2020",
    "2020.0",
    "1899",
    "99999999999999999999999",
    "31/12/2020",
    "2020-13-45",
    "12.03.21",
    "March 2020",
    "2020-01-01T00:00:00Z",
    "1/1/1900",
    "EU",
    "eu",
    "unit",
    "administration",
    "partner",
    "DEU",
    "Türkiye",
    "http://example.org/x",
    "https://example.org/a b",
    "https://example.org/<x>",
    "x\ny",
    'quote " inside',
    "semi;colon",
    "tab\tinside",
    "comma, inside",
    "Artificial intelligence",
    "04.1",
    "Transport",
    "5",
    "0",
    "-3",
    "8.5",
    "implemented",
    "DG-CNECT",
    "a" * 300,
]

cell = st.one_of(
    st.sampled_from(ODD_CELLS),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30),
)

ENCODINGS = ["utf-8", "utf-8-sig", "cp1252", "latin-1", "utf-16"]
DELIMITERS = [",", ";", "\t"]


def _encode(text: str, encoding: str) -> bytes:
    """Encode as the user's program would, replacing what the encoding cannot hold."""
    return text.encode(encoding, errors="replace")


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@st.composite
def spreadsheets(draw: st.DrawFn, columns: list[str]) -> tuple[list[str], list[list[str]]]:
    """A header (a random subset of ``columns`` plus extra ones, shuffled) and rows."""
    chosen = draw(st.lists(st.sampled_from(columns), unique=True, max_size=len(columns)))
    extra = draw(st.lists(st.sampled_from(["extra", "Notes", " ID ", "", "id"]), max_size=2))
    header = draw(st.permutations(chosen + extra))
    width = len(header)
    rows = draw(
        st.lists(
            st.lists(cell, min_size=0, max_size=width + 2),
            max_size=8,
        )
    )
    return list(header), rows


def _check_problems(result: ImportResult) -> None:
    event(f"imported ({'with' if result.errors else 'without'} rejected rows)")
    for problem in result.problems:
        assert problem.reason.strip()
        if problem.severity == "error":
            assert problem.row is not None and problem.row >= 1
            assert problem.column is not None
        str(problem)  # the readable form never fails
        problem.to_dict()


def _check_error(exc: gg.DataImportError, path: Path) -> None:
    event(
        "refused: "
        + ("missing column" if "missing" in str(exc) else str(exc)[len(str(path)) :][:40])
    )
    assert str(path) in str(exc)
    for problem in exc.problems:
        assert getattr(problem, "reason", "").strip()


@pytest.mark.slow
@FUZZ
@given(
    kind=st.sampled_from(sorted(SPREADSHEET_KINDS)),
    data=st.data(),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from(DELIMITERS),
)
def test_spreadsheet_importer_never_crashes(
    kind: str, data: st.DataObject, encoding: str, delimiter: str
) -> None:
    columns = [c.name for c in SPREADSHEET_KINDS[kind]]
    header, rows = data.draw(spreadsheets(columns))
    if data.draw(st.booleans()):  # often keep the required columns, to reach the row checks
        header += [c.name for c in SPREADSHEET_KINDS[kind] if c.required and c.name not in header]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.csv"
        path.write_bytes(_encode(_csv_text(header, rows, delimiter), encoding))
        try:
            result = import_spreadsheet(path, kind=kind, allow_partial=True)
        except gg.DataImportError as exc:
            _check_error(exc, path)
            return
        _check_problems(result)
        counts = result.counts
        # every data row is either imported or reported as rejected
        assert counts["imported"] + counts["rejected"] == counts["rows"]
        rejected = {p.row for p in result.errors}
        assert len(rejected) == counts["rejected"]
        if result.errors:
            with pytest.raises(gg.DataImportError) as strict:
                import_spreadsheet(path, kind=kind)
            assert strict.value.problems


PSTW_COLUMNS = [
    "PSTW ID",
    "Name",
    "Responsible organisation",
    "Responsible organisation category",
    " Status",
    "Geographical coverage (country)",
    "Start year",
    "End year",
    "Primary technology",
    "Secondary technology",
    "Functions of Government (COFOG level I)",
    "Functions of Government (COFOG level II)",
    "Website",
    "Description",
    "Date updated",
]


@pytest.mark.slow
@FUZZ
@given(
    data=st.data(),
    encoding=st.sampled_from(ENCODINGS),
    delimiter=st.sampled_from(DELIMITERS),
)
def test_pstw_importer_never_crashes(data: st.DataObject, encoding: str, delimiter: str) -> None:
    header, rows = data.draw(spreadsheets(PSTW_COLUMNS))
    if data.draw(st.booleans()):  # often keep the required columns, to reach the row checks
        for required in ("PSTW ID", "Name", "Responsible organisation"):
            if required not in header:
                header.append(required)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pstw.csv"
        path.write_bytes(_encode(_csv_text(header, rows, delimiter), encoding))
        try:
            result = import_pstw(path)
        except gg.DataImportError as exc:
            _check_error(exc, path)
            return
        _check_problems(result)
        counts = result.counts
        assert counts["initiatives"] + counts["rows_rejected"] == counts["rows"]


raw_text = st.text(
    st.one_of(
        st.sampled_from(list(",;\t\"'\r\n =#")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=400,
)


@FUZZ
@given(
    importer=st.sampled_from(["organisations", "initiatives", "pstw"]),
    header=st.sampled_from(
        ["id,name,type\n", "PSTW ID;Name;Responsible organisation\n", "id,name,lead\n", ""]
    ),
    body=raw_text,
    encoding=st.sampled_from(ENCODINGS),
)
def test_raw_text_files_never_crash(importer: str, header: str, body: str, encoding: str) -> None:
    """Unbalanced quotes, stray carriage returns, NUL bytes, mixed delimiters..."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "raw.csv"
        path.write_bytes(_encode(header + body, encoding))
        try:
            if importer == "pstw":
                result = import_pstw(path)
            else:
                result = import_spreadsheet(path, kind=importer, allow_partial=True)
        except gg.DataImportError as exc:
            _check_error(exc, path)
            return
        _check_problems(result)


def _xlsx(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)


xlsx_cell = st.one_of(
    cell.map(lambda t: t.replace("\r", " ")),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.none(),
)


@settings(FUZZ, max_examples=20)
@given(kind=st.sampled_from(["organisations", "pstw"]), data=st.data())
def test_xlsx_with_formulas_and_typed_cells_never_crashes(kind: str, data: st.DataObject) -> None:
    columns = PSTW_COLUMNS if kind == "pstw" else [c.name for c in SPREADSHEET_KINDS[kind]]
    from openpyxl.utils.exceptions import IllegalCharacterError

    header = data.draw(st.permutations(columns))
    rows = data.draw(st.lists(st.lists(xlsx_cell, max_size=len(columns)), max_size=5))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.xlsx"
        try:
            _xlsx(path, list(header), rows)
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some values
            return
        try:
            result = (
                import_pstw(path)
                if kind == "pstw"
                else import_spreadsheet(path, kind=kind, allow_partial=True)
            )
        except gg.DataImportError as exc:
            _check_error(exc, path)
            return
        _check_problems(result)


@pytest.mark.slow
@settings(FUZZ, max_examples=15)
@given(
    data=st.data(),
    encoding=st.sampled_from(ENCODINGS),
    command=st.sampled_from(["csv", "pstw"]),
)
def test_import_cli_exits_0_or_2_with_one_readable_message(
    data: st.DataObject, encoding: str, command: str
) -> None:
    columns = PSTW_COLUMNS if command == "pstw" else [c.name for c in SPREADSHEET_KINDS["policies"]]
    header, rows = data.draw(spreadsheets(columns))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.csv"
        path.write_bytes(_encode(_csv_text(header, rows, ","), encoding))
        out = Path(folder) / "out.ttl"
        args = ["import", command, str(path), "-o", str(out)]
        if command == "csv":
            args += ["--kind", "policies"]
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(args)
        message = err.getvalue()
        assert code in (0, 2), message
        assert "Traceback" not in message
        if code == 2:
            assert "govgraph: error:" in message
            assert str(path) in message
            assert not out.exists()
        else:
            assert out.exists()


def test_known_bad_rows_are_reported_with_row_column_and_reason(tmp_path: Path) -> None:
    """A hand-written file: each bad cell is named exactly."""
    path = tmp_path / "orgs.csv"
    path.write_bytes(
        (
            "id,name,type,level,headcount,homepage\r\n"
            "dg1,DG One,administration,eu,=1+1,\r\n"
            'dg2,"=HYPERLINK(""http://x"",""y"")",administration,galactic,5,\r\n'
            "dg3,DG Three,administration,national,NaN,\r\n"
            "dg4,DG Four,administration,local,12,not a url\r\n"
            "dg5,DG Five,administration,regional,7,https://example.org/\r\n"
        ).encode("utf-16")
    )
    result = import_spreadsheet(path, kind="organisations", allow_partial=True)
    found = {(p.row, p.column, p.value) for p in result.errors}
    assert found == {
        (2, "headcount", "=1+1"),
        (3, "level", "galactic"),
        (4, "headcount", "NaN"),
        (5, "homepage", "not a url"),
    }
    assert all(p.reason for p in result.errors)
    assert result.counts["imported"] == 1
    with pytest.raises(gg.DataImportError, match="row 2, column 'headcount'"):
        import_spreadsheet(path, kind="organisations")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16", "utf-8-sig"])
def test_encodings_are_detected(encoding: str, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes(
        "id;name;type;level\r\nbmf;Bundesministerium für Finanzen;administration;national\r\n".encode(
            encoding
        )
    )
    result = import_spreadsheet(path, kind="organisations")
    labels = {str(o) for o in result.graph.objects() if "Finanzen" in str(o)}
    assert labels == {"Bundesministerium für Finanzen"}
