"""Reading spreadsheets with bounds: zip bombs, huge row counts, giant cells, formulas."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib.namespace import SKOS

import govgraph as gg
from govgraph.io import DEFAULT_LIMITS, TableLimits, import_pstw, import_spreadsheet

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(ref: str, value: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def write_xlsx(path: Path, rows: Iterable[str]) -> Path:
    """Write a minimal xlsx whose sheet holds the given ``<row>`` elements (streamed)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_HEAD.encode())
            for row in rows:
                sheet.write(row.encode())
            sheet.write(_SHEET_TAIL.encode())
    return path


def _header_row() -> str:
    cells = "".join(
        _cell(f"{c}1", v)
        for c, v in zip("ABCDE", ["id", "name", "type", "level", "country"], strict=True)
    )
    return f'<row r="1">{cells}</row>'


def _org_row(n: int, name: str = "Org") -> str:
    cells = "".join(
        _cell(f"{c}{n}", v)
        for c, v in zip(
            "ABCDE", [f"o{n}", name, "administration", "national", "Austria"], strict=True
        )
    )
    return f'<row r="{n}">{cells}</row>'


def test_a_small_workbook_imports(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "ok.xlsx", [_header_row(), _org_row(2), _org_row(3)])
    result = import_spreadsheet(path, kind="organisations")
    assert result.counts["imported"] == 2


@pytest.mark.slow
def test_too_many_rows_is_refused_while_streaming(tmp_path: Path) -> None:
    rows = (_org_row(n) if n > 1 else _header_row() for n in range(1, 3001))
    path = write_xlsx(tmp_path / "rows.xlsx", rows)
    with pytest.raises(gg.DataImportError, match=r"more than 1,000 rows") as info:
        import_spreadsheet(path, kind="organisations", limits=TableLimits(max_rows=1000))
    assert str(path) in str(info.value)
    # Within the limit, the same file imports.
    ok = import_spreadsheet(path, kind="organisations", limits=TableLimits(max_rows=5000))
    assert ok.counts["imported"] == 2999


def test_a_giant_cell_is_refused(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cell.xlsx", [_header_row(), _org_row(2, "x" * 5000)])
    with pytest.raises(gg.DataImportError, match=r"row 2, column 2: a cell of 5,000 characters"):
        import_spreadsheet(path, kind="organisations", limits=TableLimits(max_cell_chars=1000))


def test_a_too_wide_row_is_refused(tmp_path: Path) -> None:
    wide = '<row r="2">' + "".join(_cell(f"A{i}", "x") for i in range(1)) + "</row>"
    cells = "".join(f'<c r="{_column(i)}2" t="inlineStr"><is><t>x</t></is></c>' for i in range(60))
    path = write_xlsx(tmp_path / "wide.xlsx", [_header_row(), wide, f'<row r="3">{cells}</row>'])
    with pytest.raises(gg.DataImportError, match=r"row 3 has more than 50 columns"):
        import_spreadsheet(path, kind="organisations", limits=TableLimits(max_columns=50))


def _column(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


@pytest.mark.slow
def test_a_part_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    filler = '<row r="{}"/>'
    path = write_xlsx(
        tmp_path / "big.xlsx", [_header_row(), *(filler.format(n) for n in range(2, 200_000))]
    )
    with pytest.raises(gg.DataImportError, match=r"part 'xl/worksheets/sheet1.xml' unpacks to"):
        import_spreadsheet(path, kind="organisations", limits=TableLimits(max_part_bytes=100_000))


def test_limits_must_be_positive_whole_numbers() -> None:
    with pytest.raises(gg.DataImportError, match="max_rows"):
        TableLimits(max_rows=0)
    assert DEFAULT_LIMITS.to_dict()["max_rows"] == 200_000


_PROBE = """
import resource, sys
import govgraph as gg
from govgraph.io import import_pstw
try:
    import_pstw(sys.argv[1])
    outcome = "imported"
except gg.GovGraphError as exc:
    outcome = str(exc)
usage = resource.getrusage(resource.RUSAGE_SELF)
# VmHWM: this process's peak (ru_maxrss may carry the parent's peak across exec).
with open("/proc/self/status") as fh:
    peak = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
print(f"{peak / 1024:.1f}\\t{usage.ru_utime + usage.ru_stime:.2f}\\t{outcome}")
"""


@pytest.fixture(scope="module")
def xlsx_bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("xlsx-bombs")
    # 120 MB of one repeated empty-cell element (over the 100 MB part limit): 120 KB packed.
    chunk = '<c r="A2"/>' * 100_000
    bomb = write_xlsx(
        folder / "bomb.xlsx",
        (_header_row() if i == 0 else chunk for i in range(1 + 120_000_000 // len(chunk))),
    )
    rows = write_xlsx(
        folder / "million-rows.xlsx",
        (f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(1, 1_000_001)),
    )
    return {"bomb": bomb, "rows": rows}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["bomb", "rows"])
def test_xlsx_bombs_are_refused_quickly_in_bounded_memory(
    kind: str, xlsx_bombs: dict[str, Path], tmp_path: Path
) -> None:
    path = xlsx_bombs[kind]
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    peak_mb, cpu_seconds, outcome = proc.stdout.strip().split("\t", 2)
    assert str(path) in outcome and "cannot read the spreadsheet" in outcome, outcome
    assert ("unpacks to" if kind == "bomb" else "more than 200,000 rows") in outcome
    # CPU time (the wall clock depends on the load of the machine); the target is
    # 10 s and 500 MB.
    assert float(cpu_seconds) < 10
    assert float(peak_mb) < 500, f"peak RSS {peak_mb} MB"
    if kind != "bomb":
        return
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "govgraph",
            "import",
            "pstw",
            str(path),
            "-o",
            str(tmp_path / "o.ttl"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert cli.returncode == 2, cli.stderr
    assert "unpacks to" in cli.stderr or "rows" in cli.stderr


def test_importer_never_turns_text_into_a_formula(tmp_path: Path) -> None:
    path = tmp_path / "pstw.csv"
    path.write_text(
        'PSTW ID,Name,Responsible organisation\nP1,"\t=1+2","\t@SUM(A1)"\nP2,"  +cmd|calc",Org\n',
        encoding="utf-8",
    )
    result = import_pstw(path)
    labels = {str(o) for o in result.graph.objects(None, SKOS.prefLabel)}
    assert " =1+2" in labels and " @SUM(A1)" in labels and " +cmd|calc" in labels
    assert not any(label.startswith(("=", "+", "-", "@")) for label in labels)
