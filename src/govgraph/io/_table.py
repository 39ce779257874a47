"""Reading spreadsheets (xlsx via openpyxl, CSV/TSV) into header + numbered rows.

Row numbers are the ones a user sees in a spreadsheet program: the header is row 1, the first
data row is row 2. Every failure to read the file becomes a :class:`~govgraph.DataImportError`
naming the file (and the line, for CSV).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._exceptions import DataImportError
from ._normalise import clean_text, fold

__all__ = ["Table", "read_table"]

_MAX_COLUMNS = 1000
_MAX_FIELD = 1_000_000
#: Longest physical line of a CSV file read (cells of a row together, in characters).
_MAX_LINE = 2 * _MAX_FIELD
_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class Table:
    """A spreadsheet read into memory.

    Attributes:
        source: The file read.
        header: The header cells as written (cleaned of surrounding white space).
        rows: ``(row_number, cells)`` for every non-empty data row.
        encoding: The text encoding used for CSV files (``None`` for xlsx).
    """

    source: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    encoding: str | None = None

    def column_index(self) -> dict[str, int]:
        """Map each folded header to its first position (``" Status"`` -> ``"status"``)."""
        out: dict[str, int] = {}
        for i, name in enumerate(self.header):
            key = fold(name)
            if key is not None and key not in out:
                out[key] = i
        return out


def _fail(source: Path, reason: str) -> DataImportError:
    return DataImportError(f"{source}: cannot read the spreadsheet: {reason}")


def read_table(
    path: str | Path, *, sheet: str | None = None, required: Sequence[str] = ()
) -> Table:
    """Read an xlsx or CSV/TSV file.

    Args:
        path: The file. ``.xlsx``/``.xlsm`` are read with openpyxl (cached formula values, never
            the formulas); anything else as delimited text (comma, semicolon or tab, detected).
        sheet: The worksheet to read; by default the first sheet whose header row holds all
            ``required`` columns, else the first sheet.
        required: Column headers (compared folded) that select the worksheet.

    Returns:
        The :class:`Table`.

    Raises:
        DataImportError: The file is missing, is not a spreadsheet, or cannot be decoded.
    """
    source = Path(path)
    if not source.is_file():
        raise DataImportError(f"{source}: no such file; give the path of an .xlsx or .csv file.")
    if source.suffix.lower() in _EXCEL_SUFFIXES:
        return _read_xlsx(source, sheet=sheet, required=required)
    return _read_csv(source)


def _read_xlsx(source: Path, *, sheet: str | None, required: Sequence[str]) -> Table:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise _fail(source, f"not a valid .xlsx workbook ({exc})") from exc
    except Exception as exc:  # openpyxl raises its own InvalidFileException and others
        raise _fail(source, f"not a valid .xlsx workbook ({type(exc).__name__}: {exc})") from exc
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise _fail(source, f"no worksheet {sheet!r}; the workbook has {wb.sheetnames}")
            candidates = [wb[sheet]]
        else:
            candidates = [wb[name] for name in wb.sheetnames]
        wanted = {fold(r) for r in required}
        chosen = None
        chosen_rows: list[tuple[Any, ...]] = []
        for ws in candidates:
            try:
                rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
            except Exception as exc:
                raise _fail(source, f"worksheet {ws.title!r} is damaged ({exc})") from exc
            if chosen is None:
                chosen, chosen_rows = ws, rows
            if rows and wanted <= {fold(c) for c in rows[0]}:
                chosen, chosen_rows = ws, rows
                break
    finally:
        wb.close()
    return _make_table(source, chosen_rows, encoding=None)


def _read_csv(source: Path) -> Table:
    """Read a delimited text file, streaming: memory stays bounded whatever the file holds.

    The encoding is UTF-16 when the file starts with a UTF-16 byte-order mark, else UTF-8 (with
    or without BOM), else Windows-1252, else Latin-1 (which never fails).
    """
    with source.open("rb") as fh:
        head = fh.read(4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            return _read_csv_as(source, encoding)
        except UnicodeDecodeError as exc:
            if encoding == candidates[-1]:
                raise _fail(source, f"cannot decode the text as {encoding} ({exc})") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _lines(handle: io.TextIOBase, source: Path) -> Iterator[str]:
    """Yield the lines of a text file, refusing NUL bytes and lines longer than _MAX_LINE."""
    number = 0
    while True:
        line = handle.readline(_MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > _MAX_LINE:
            raise _fail(
                source,
                f"line {number} is larger than {_MAX_LINE:,} characters (a giant cell, or too "
                "many columns?); check the delimiter and quoting",
            )
        if "\x00" in line:
            raise _fail(
                source, "the file contains NUL bytes; it is not a text CSV (save it as CSV UTF-8)"
            )
        yield line


def _read_csv_as(source: Path, encoding: str) -> Table:
    old_limit = csv.field_size_limit()
    csv.field_size_limit(_MAX_FIELD)
    rows: list[tuple[Any, ...]] = []
    try:
        with source.open(encoding=encoding, newline="") as handle:
            # Excel's CSV dialect (double quotes, doubled to escape); the delimiter is the most
            # frequent of , ; TAB in the header line (csv.Sniffer misreads multi-line cells).
            first_line = handle.readline(_MAX_LINE)
            handle.seek(0)
            delimiter = max(",;\t", key=first_line.count) if first_line.strip() else ","
            reader = csv.reader(_lines(handle, source), csv.excel, delimiter=delimiter)
            try:
                for record in reader:
                    if len(record) > _MAX_COLUMNS:
                        raise _fail(
                            source,
                            f"line {reader.line_num} has {len(record)} columns (more than "
                            f"{_MAX_COLUMNS}); check the delimiter and quoting",
                        )
                    rows.append(tuple(record))
            except csv.Error as exc:
                raise _fail(source, f"line {reader.line_num}: {exc}") from exc
    finally:
        csv.field_size_limit(old_limit)
    return _make_table(source, rows, encoding=encoding)


def _make_table(source: Path, rows: list[tuple[Any, ...]], *, encoding: str | None) -> Table:
    if not rows:
        raise _fail(source, "the sheet is empty; the first row must hold the column headers")
    header_cells = rows[0]
    if len(header_cells) > _MAX_COLUMNS:
        header_cells = header_cells[:_MAX_COLUMNS]
    header = tuple(clean_text(c) or "" for c in header_cells)
    # Drop trailing empty header cells (Excel often reports a wider used range).
    while header and not header[-1]:
        header = header[:-1]
    if not any(header):
        raise _fail(source, "the first row holds no column headers")
    width = len(header)
    body: list[tuple[int, tuple[Any, ...]]] = []
    for number, cells in enumerate(rows[1:], start=2):
        cells = tuple(cells[:width]) + (None,) * max(0, width - len(cells))
        if all(clean_text(c) is None for c in cells):
            continue
        body.append((number, cells))
    return Table(source=str(source), header=header, rows=tuple(body), encoding=encoding)
