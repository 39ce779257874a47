"""One writer for tabular records: JSON, CSV, JSON Lines and xlsx, safe for spreadsheets.

Records are mappings (or objects with ``to_dict()``, such as the analysis results). CSV and JSON
Lines are streamed, so an iterator of millions of rows is never held in memory; JSON is streamed
too and prints exactly like ``json.dumps(rows, indent=2)``. Cells that a spreadsheet would run as
a formula (text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: the OWASP
"CSV injection" rule) are neutralised by default with a leading ``'``; ``safe=False`` (CLI:
``--raw-csv``) writes them unchanged.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, Literal

from .._exceptions import ConfigurationError, ExportError
from ._files import open_atomic

__all__ = [
    "RECORD_FORMATS",
    "RecordFormat",
    "format_from_suffix",
    "neutralise_cell",
    "write_records",
    "write_tables",
]

RecordFormat = Literal["json", "csv", "jsonl", "xlsx"]

#: The formats :func:`write_records` writes.
RECORD_FORMATS: tuple[str, ...] = ("json", "csv", "jsonl", "xlsx")

_SUFFIXES = {".json": "json", ".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".xlsx": "xlsx"}

#: First characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralise_cell(text: str) -> str:
    """Return ``text`` so that a spreadsheet shows it instead of running it.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    ``'`` (the OWASP rule); plain numbers such as ``-1.5`` are left alone.

    Examples:
        >>> neutralise_cell("=1+2")
        "'=1+2"
        >>> neutralise_cell("-1.5"), neutralise_cell("Ministry of Justice")
        ('-1.5', 'Ministry of Justice')
    """
    if text.startswith(_TRIGGERS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def format_from_suffix(path: str | Path, *, default: str | None = None) -> str:
    """Return the record format of a file name: ``.json``, ``.csv``, ``.jsonl``, ``.xlsx``.

    Args:
        path: The file name.
        default: Returned for other suffixes; when None, they are an error.

    Raises:
        ConfigurationError: If the suffix is not one of the above and there is no default.

    Examples:
        >>> format_from_suffix("out/synergies.xlsx")
        'xlsx'
    """
    found = _SUFFIXES.get(Path(path).suffix.lower())
    if found is not None:
        return found
    if default is not None:
        return default
    raise ConfigurationError(
        f"{path}: cannot tell the format from the suffix {Path(path).suffix!r}; "
        "use .json, .csv, .jsonl or .xlsx, or give the format explicitly"
    )


def _as_dict(record: Any) -> Mapping[str, Any]:
    if isinstance(record, Mapping):
        return record
    to_dict = getattr(record, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise ExportError(
        f"records must be mappings or objects with to_dict(); got {type(record).__name__}"
    )


def _text(value: Any, *, list_separator: str, float_digits: int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return f"{value:.{float_digits}f}" if float_digits is not None else str(value)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return list_separator.join(
            _text(v, list_separator=list_separator, float_digits=float_digits) for v in items
        )
    if isinstance(value, Mapping):
        return json.dumps(dict(value), ensure_ascii=False, sort_keys=True)
    return str(value)


def _cell(value: Any, *, list_separator: str, float_digits: int | None, safe: bool) -> str:
    text = _text(value, list_separator=list_separator, float_digits=float_digits)
    if safe and not isinstance(value, int | float):
        return neutralise_cell(text)
    return text


def _rows_and_columns(
    records: Iterable[Any], columns: Sequence[str] | None
) -> tuple[Iterator[Mapping[str, Any]], list[str]]:
    """Return the records as dicts and the columns (given, or the keys seen)."""
    if columns is not None:
        return (_as_dict(r) for r in records), list(columns)
    if isinstance(records, Sequence):
        rows = [_as_dict(r) for r in records]
        seen: dict[str, None] = {}
        for row in rows:
            for key in row:
                seen.setdefault(str(key), None)
        return iter(rows), list(seen)
    iterator = (_as_dict(r) for r in records)
    first = next(iterator, None)
    if first is None:
        return iter(()), []
    return itertools.chain([first], iterator), [str(k) for k in first]


def _write_csv(
    handle: IO[str],
    rows: Iterator[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    list_separator: str,
    float_digits: int | None,
    safe: bool,
) -> int:
    writer = csv.writer(handle, lineterminator="\n")
    # csv quotes a lone carriage return only when it is part of the line terminator
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def write(cells: list[str]) -> None:
        (quoted if any("\r" in c for c in cells) else writer).writerow(cells)

    write([neutralise_cell(c) if safe else c for c in columns])
    count = 0
    for row in rows:
        write(
            [
                _cell(
                    row.get(c), list_separator=list_separator, float_digits=float_digits, safe=safe
                )
                for c in columns
            ]
        )
        count += 1
    return count


def _jsonable(row: Mapping[str, Any], columns: Sequence[str] | None) -> Any:
    if columns is None:
        return dict(row)
    return {c: row.get(c) for c in columns}


def _write_json(
    handle: IO[str], rows: Iterator[Mapping[str, Any]], columns: Sequence[str] | None
) -> int:
    # Same text as json.dumps(list(rows), indent=2, ensure_ascii=False), one row at a time.
    count = 0
    for row in rows:
        text = json.dumps(_jsonable(row, columns), indent=2, ensure_ascii=False, default=str)
        handle.write("[\n" if count == 0 else ",\n")
        handle.write("\n".join("  " + line for line in text.split("\n")))
        count += 1
    handle.write("\n]\n" if count else "[]\n")
    return count


def _write_jsonl(
    handle: IO[str], rows: Iterator[Mapping[str, Any]], columns: Sequence[str] | None
) -> int:
    count = 0
    for row in rows:
        handle.write(json.dumps(_jsonable(row, columns), ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _xlsx_value(value: Any, *, list_separator: str, safe: bool) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    return _cell(value, list_separator=list_separator, float_digits=None, safe=safe)


def _sheet_title(name: str, used: set[str]) -> str:
    title = _SHEET_FORBIDDEN.sub("_", name).strip("'") or "sheet"
    title = title[:31]
    base, n = title, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def _append_sheet(
    book: Any,
    title: str,
    rows: Iterator[Mapping[str, Any]],
    columns: Sequence[str],
    *,
    list_separator: str,
    safe: bool,
) -> int:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    sheet = book.create_sheet(title=title)
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=neutralise_cell(column) if safe else column)
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        cells = []
        for column in columns:
            value = _xlsx_value(row.get(column), list_separator=list_separator, safe=safe)
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text stays text: never stored as a formula
            cells.append(cell)
        sheet.append(cells)
        count += 1
    return count


def _save_book(book: Any, destination: str | Path | IO[bytes]) -> None:
    if isinstance(destination, str | Path):
        with open_atomic(destination, binary=True) as handle:
            book.save(handle)
    else:
        book.save(destination)


def write_records(
    records: Iterable[Any],
    destination: str | Path | IO[str] | IO[bytes] | None = None,
    *,
    format: RecordFormat | str,
    columns: Sequence[str] | None = None,
    list_separator: str = "; ",
    float_digits: int | None = None,
    safe: bool = True,
    sheet: str = "records",
) -> int:
    """Write records as JSON, CSV, JSON Lines or an xlsx sheet; return the number of rows.

    A file destination is written atomically (a temporary file renamed into place), so a
    failure never leaves a half file. CSV, JSON Lines and JSON stream the records one by one.

    Args:
        records: Mappings, or objects with ``to_dict()`` (e.g. :class:`~govgraph.analysis.Synergy`).
        destination: A file path, an open text stream (binary for xlsx), or None for stdout.
        format: ``json``, ``csv``, ``jsonl`` or ``xlsx``.
        columns: Columns in order (CSV and xlsx; JSON and JSON Lines keep only these keys when
            given). Default: the keys of all records for a list, of the first record for an
            iterator.
        list_separator: Joins list values in CSV and xlsx cells.
        float_digits: Round floats to this many digits in CSV cells (default: as Python prints).
        safe: Neutralise CSV/xlsx cells a spreadsheet would run as formulas (OWASP rule).
        sheet: Sheet name for xlsx.

    Returns:
        The number of records written.

    Raises:
        ConfigurationError: If ``format`` is not one of the four, or xlsx goes to a text stream.
        ExportError: If a record is not a mapping, or the file cannot be written.

    Examples:
        >>> rows = [{"a": "=1+2", "shared": ["x", "y"], "score": 0.5}]
        >>> write_records(rows, format="csv")
        a,shared,score
        '=1+2,x; y,0.5
        1
    """
    if format not in RECORD_FORMATS:
        raise ConfigurationError(
            f"unknown record format {format!r}; use one of {', '.join(RECORD_FORMATS)}"
        )
    if format == "xlsx":
        from openpyxl import Workbook

        if destination is None or isinstance(destination, io.TextIOBase):
            raise ConfigurationError("xlsx is binary: write it to a file path, not to a terminal")
        rows, cols = _rows_and_columns(records, columns)
        book = Workbook(write_only=True)
        count = _append_sheet(
            book,
            _sheet_title(sheet, set()),
            rows,
            cols,
            list_separator=list_separator,
            safe=safe,
        )
        _save_book(book, destination)  # type: ignore[arg-type]
        return count
    write = functools.partial(
        _write_text,
        records=records,
        format=format,
        columns=columns,
        list_separator=list_separator,
        float_digits=float_digits,
        safe=safe,
    )
    if isinstance(destination, str | Path):
        with open_atomic(destination) as handle:
            return write(handle)
    return write(destination if destination is not None else sys.stdout)  # type: ignore[arg-type]


def _write_text(
    handle: IO[str],
    records: Iterable[Any],
    *,
    format: str,
    columns: Sequence[str] | None,
    list_separator: str,
    float_digits: int | None,
    safe: bool,
) -> int:
    if format == "csv":
        rows, cols = _rows_and_columns(records, columns)
        return _write_csv(
            handle,
            rows,
            cols,
            list_separator=list_separator,
            float_digits=float_digits,
            safe=safe,
        )
    rows = (_as_dict(r) for r in records)
    if format == "jsonl":
        return _write_jsonl(handle, rows, columns)
    return _write_json(handle, rows, columns)


def write_tables(
    tables: Mapping[str, Iterable[Any]],
    destination: str | Path | IO[bytes],
    *,
    readme: str | Mapping[str, Any] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
    list_separator: str = "; ",
    safe: bool = True,
) -> dict[str, int]:
    """Write an xlsx workbook: a ``readme`` sheet first, then one sheet per table.

    Args:
        tables: Sheet name to records (mappings or objects with ``to_dict()``). Names are cut
            to 31 characters and characters Excel forbids (``[]:*?/`` and backslash) become ``_``.
        destination: The ``.xlsx`` file (written atomically) or a binary stream.
        readme: Text (one paragraph per line) or ``{field: value}`` pairs describing the data,
            the filters and the tables; omitted when None.
        columns: Columns per table (default: the keys of its records).
        list_separator: Joins list values in cells.
        safe: Neutralise cells a spreadsheet would run as formulas (OWASP rule).

    Returns:
        The number of rows written per sheet title.

    Raises:
        ExportError: If a record is not a mapping, or the file cannot be written.

    Examples:
        >>> import io
        >>> buffer = io.BytesIO()
        >>> write_tables({"pairs": [{"a": 1}]}, buffer, readme={"data": "example"})
        {'pairs': 1}
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    used: set[str] = set()
    if readme is not None:
        sheet = book.create_sheet(title=_sheet_title("readme", used))
        bold = Font(bold=True)
        lines: list[list[Any]]
        if isinstance(readme, str):
            lines = [[line] for line in readme.splitlines()]
        else:
            lines = [[str(k), v] for k, v in readme.items()]
        for line in lines:
            cells = []
            for i, value in enumerate(line):
                shown = _xlsx_value(value, list_separator=list_separator, safe=safe)
                cell = WriteOnlyCell(sheet, value=shown)
                if isinstance(shown, str):
                    cell.data_type = "s"
                if i == 0 and len(line) > 1:
                    cell.font = bold
                cells.append(cell)
            sheet.append(cells)
    counts: dict[str, int] = {}
    for name, records in tables.items():
        title = _sheet_title(name, used)
        rows, cols = _rows_and_columns(records, (columns or {}).get(name))
        counts[title] = _append_sheet(
            book, title, rows, cols, list_separator=list_separator, safe=safe
        )
    _save_book(book, destination)
    return counts
