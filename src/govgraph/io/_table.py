"""Reading spreadsheets (xlsx via openpyxl, CSV/TSV) into header + numbered rows.

Row numbers are the ones a user sees in a spreadsheet program: the header is row 1, the first
data row is row 2. Every failure to read the file becomes a :class:`~govgraph.DataImportError`
naming the file (and the line, for CSV).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._exceptions import DataImportError
from ._normalise import clean_text, fold

__all__ = ["DEFAULT_LIMITS", "Table", "TableLimits", "read_table"]

_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass(frozen=True)
class TableLimits:
    """Bounds on what a spreadsheet may hold, checked while it is read.

    A file over a bound is refused with a :class:`~govgraph.DataImportError` naming the bound
    (documented in ``docs/import.md``).

    >>> TableLimits(max_rows=10).max_rows
    10

    Attributes:
        max_rows: Rows read, the header included (empty rows count).
        max_columns: Columns of a row.
        max_cell_chars: Characters of one cell.
        max_part_bytes: Uncompressed size of one part of an xlsx (zip) file, as its directory
            declares it (the zip reader never inflates a part beyond its declared size).
        max_total_bytes: Uncompressed size of all the parts of an xlsx file together.
    """

    max_rows: int = 200_000
    max_columns: int = 1_000
    max_cell_chars: int = 1_000_000
    max_part_bytes: int = 100_000_000
    max_total_bytes: int = 500_000_000

    def __post_init__(self) -> None:
        for name, value in self.to_dict().items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise DataImportError(
                    f"TableLimits.{name} must be a whole number >= 1, not {value!r}"
                )

    def to_dict(self) -> dict[str, int]:
        """Return the limits as a JSON-ready dict.

        Examples:
            >>> import json
            >>> limits = TableLimits(max_rows=10).to_dict()
            >>> list(limits)
            ['max_rows', 'max_columns', 'max_cell_chars', 'max_part_bytes', 'max_total_bytes']
            >>> limits["max_rows"], limits["max_columns"], json.loads(json.dumps(limits)) == limits
            (10, 1000, True)
        """
        return {
            "max_rows": self.max_rows,
            "max_columns": self.max_columns,
            "max_cell_chars": self.max_cell_chars,
            "max_part_bytes": self.max_part_bytes,
            "max_total_bytes": self.max_total_bytes,
        }


#: The limits used when none are given.
DEFAULT_LIMITS = TableLimits()


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
    path: str | Path,
    *,
    sheet: str | None = None,
    required: Sequence[str] = (),
    limits: TableLimits | None = None,
) -> Table:
    """Read an xlsx or CSV/TSV file.

    Args:
        path: The file. ``.xlsx``/``.xlsm`` are read with openpyxl (cached formula values, never
            the formulas); anything else as delimited text (comma, semicolon or tab, detected).
        sheet: The worksheet to read; by default the first sheet whose header row holds all
            ``required`` columns, else the first sheet.
        required: Column headers (compared folded) that select the worksheet.
        limits: Bounds on rows, columns, cell size and (xlsx) the uncompressed size of each
            part; default :data:`DEFAULT_LIMITS`. xlsx files are streamed (openpyxl read-only
            mode), so a file over a bound is refused before it is read whole.

    Returns:
        The :class:`Table`.

    Raises:
        DataImportError: The file is missing, is not a spreadsheet, cannot be decoded or is
            over one of the ``limits``.
    """
    source = Path(path)
    if not source.is_file():
        raise DataImportError(f"{source}: no such file; give the path of an .xlsx or .csv file.")
    bounds = limits if limits is not None else DEFAULT_LIMITS
    if source.suffix.lower() in _EXCEL_SUFFIXES:
        return _read_xlsx(source, sheet=sheet, required=required, limits=bounds)
    return _read_csv(source, bounds)


def _check_zip(source: Path, limits: TableLimits) -> None:
    """Refuse an xlsx whose parts declare more uncompressed bytes than the limits allow."""
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _fail(source, f"not a valid .xlsx workbook ({exc})") from exc
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_part_bytes:
            raise _fail(
                source,
                f"part {info.filename!r} unpacks to {info.file_size:,} bytes, more than the "
                f"limit of {limits.max_part_bytes:,} (a zip bomb, or a very large sheet); "
                "raise TableLimits.max_part_bytes if the file is genuine",
            )
    if total > limits.max_total_bytes:
        raise _fail(
            source,
            f"the workbook unpacks to {total:,} bytes, more than the limit of "
            f"{limits.max_total_bytes:,}; raise TableLimits.max_total_bytes if the file is genuine",
        )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _count_row_tags(source: Path, archive: zipfile.ZipFile, part: str, limits: TableLimits) -> None:
    """Refuse a worksheet whose XML holds more ``<row>`` elements than ``limits.max_rows``.

    A byte scan of the (size-checked) part, far faster than parsing it: a sheet of a million
    rows is refused in about a second instead of after minutes of parsing.
    """
    count = 0
    tail = b""
    try:
        with archive.open(part) as fh:
            while chunk := fh.read(1 << 20):
                data = tail + chunk
                count += len(_ROW_TAG.findall(data))
                # The last bytes are scanned again with the next chunk (a tag may straddle
                # the two); tags wholly inside them are not counted twice.
                tail = data[-64:]
                count -= len(_ROW_TAG.findall(tail))
                if count > limits.max_rows:
                    raise _fail(
                        source,
                        f"worksheet part {part!r} has more than {limits.max_rows:,} rows; split "
                        "the file or raise it (limits=TableLimits(max_rows=...))",
                    )
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        raise _fail(source, f"part {part!r} is damaged ({exc})") from exc


def _bounded_rows(
    source: Path, rows: Iterable[Sequence[Any]], limits: TableLimits, *, sheet: str | None = None
) -> Iterator[tuple[Any, ...]]:
    """Yield rows as tuples, refusing too many rows, too wide rows and oversized cells."""
    where = f"worksheet {sheet!r}, " if sheet else ""
    for number, row in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise _fail(
                source,
                f"{where}more than {limits.max_rows:,} rows; split the file or raise "
                "it (limits=TableLimits(max_rows=...))",
            )
        cells = tuple(row)
        if len(cells) > limits.max_columns:
            # Trailing empty cells of a wide "used range" are harmless; content is not.
            extra = cells[limits.max_columns :]
            if any(c is not None and c != "" for c in extra):
                raise _fail(
                    source,
                    f"{where}row {number} has more than {limits.max_columns:,} columns; check "
                    "the delimiter and quoting, or raise TableLimits.max_columns",
                )
            cells = cells[: limits.max_columns]
        for column, value in enumerate(cells, start=1):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise _fail(
                    source,
                    f"{where}row {number}, column {column}: a cell of {len(value):,} characters, "
                    f"more than the limit of {limits.max_cell_chars:,} (TableLimits.max_cell_chars)",
                )
        yield cells


def _read_xlsx(
    source: Path, *, sheet: str | None, required: Sequence[str], limits: TableLimits
) -> Table:
    import openpyxl

    _check_zip(source, limits)
    # Count the rows of every worksheet before openpyxl opens the file: for a sheet without a
    # <dimension> element, opening it already parses the whole sheet.
    try:
        with zipfile.ZipFile(source) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    _count_row_tags(source, archive, name, limits)
    except zipfile.BadZipFile as exc:
        raise _fail(source, f"not a valid .xlsx workbook ({exc})") from exc
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
        chosen = candidates[0]
        if wanted and len(candidates) > 1:
            for ws in candidates:
                first = next(
                    _bounded_rows(
                        source, ws.iter_rows(values_only=True, max_row=1), limits, sheet=ws.title
                    ),
                    (),
                )
                if wanted <= {fold(c) for c in first}:
                    chosen = ws
                    break
        try:
            rows = list(
                _bounded_rows(
                    source, chosen.iter_rows(values_only=True), limits, sheet=chosen.title
                )
            )
        except DataImportError:
            raise
        except Exception as exc:
            raise _fail(source, f"worksheet {chosen.title!r} is damaged ({exc})") from exc
    finally:
        wb.close()
    return _make_table(source, rows, encoding=None)


def _read_csv(source: Path, limits: TableLimits) -> Table:
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
            return _read_csv_as(source, encoding, limits)
        except UnicodeDecodeError as exc:
            if encoding == candidates[-1]:
                raise _fail(source, f"cannot decode the text as {encoding} ({exc})") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _lines(handle: io.TextIOBase, source: Path, max_line: int) -> Iterator[str]:
    """Yield the lines of a text file, refusing NUL bytes and lines longer than ``max_line``."""
    number = 0
    while True:
        line = handle.readline(max_line + 1)
        if not line:
            return
        number += 1
        if len(line) > max_line:
            raise _fail(
                source,
                f"line {number} is larger than {max_line:,} characters (a giant cell, or too "
                "many columns?); check the delimiter and quoting",
            )
        if "\x00" in line:
            raise _fail(
                source, "the file contains NUL bytes; it is not a text CSV (save it as CSV UTF-8)"
            )
        yield line


def _read_csv_as(source: Path, encoding: str, limits: TableLimits) -> Table:
    old_limit = csv.field_size_limit()
    csv.field_size_limit(limits.max_cell_chars)
    # Longest physical line read (the cells of a row together, in characters).
    max_line = 2 * limits.max_cell_chars
    rows: list[tuple[Any, ...]] = []
    try:
        with source.open(encoding=encoding, newline="") as handle:
            # Excel's CSV dialect (double quotes, doubled to escape); the delimiter is the most
            # frequent of , ; TAB in the header line (csv.Sniffer misreads multi-line cells).
            first_line = handle.readline(max_line)
            handle.seek(0)
            delimiter = max(",;\t", key=first_line.count) if first_line.strip() else ","
            reader = csv.reader(_lines(handle, source, max_line), csv.excel, delimiter=delimiter)
            try:
                for record in reader:
                    if len(rows) >= limits.max_rows:
                        raise _fail(
                            source,
                            f"more than {limits.max_rows:,} rows; split the file or raise "
                            "it (limits=TableLimits(max_rows=...))",
                        )
                    if len(record) > limits.max_columns:
                        raise _fail(
                            source,
                            f"line {reader.line_num} has {len(record)} columns (more than "
                            f"{limits.max_columns}); check the delimiter and quoting",
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
