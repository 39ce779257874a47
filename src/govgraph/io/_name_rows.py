"""Rows of the hand-written CSV files that name organisations (aliases, categories).

Both kinds of file have a ``name`` column, an optional ``country`` column and columns of their
own; names are matched as the import writes them (:func:`name_key`). Reading checks what they
share and says where a row is wrong.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .._exceptions import DataImportError
from ._normalise import clean_text, country_code, fold, tidy_name

__all__ = ["NameRow", "name_key", "read_name_rows"]


@dataclass(frozen=True)
class NameRow:
    """One row naming an organisation.

    Attributes:
        number: The row's number in the file (the header is row 1).
        name: The name's matching key (:func:`name_key`).
        country: The country's code, ``""`` when the row holds in any country.
        cells: Every cell by folded column name, as written.
    """

    number: int
    name: str
    country: str
    cells: dict[str, str | None]


def name_key(value: object) -> str | None:
    """The matching key of a name as the import writes it (:func:`tidy_name`, then folded).

    >>> name_key("  City of Ingolstadt: ")
    'city of ingolstadt'
    """
    text = clean_text(value)
    return fold(tidy_name(text)) if text is not None else None


def read_name_rows(
    source: Path, *, what: str, columns: tuple[str, ...], optional: str
) -> Iterator[NameRow]:
    """The rows of a CSV naming organisations, checked for what every such file needs.

    Args:
        source: The file.
        what: What the file is, for the messages (``"aliases"``, ``"categories"``).
        columns: The columns it must have, ``name`` first.
        optional: Its optional columns, as the message names them (``"country and why"``).

    Raises:
        DataImportError: The file is missing or lacks a column, or a row has an empty name or
            an unknown country, or names an organisation a row above names (in that country).
    """
    needs = f"the columns {', '.join(columns[:-1])} and {columns[-1]} (and optionally {optional})"
    if not source.is_file():
        raise DataImportError(f"{source}: no such {what} file (a CSV with {needs})")
    article = "an" if what[0] in "aeiou" else "a"
    with source.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = {fold(f) or "" for f in reader.fieldnames or ()}
        if not set(columns) <= fields:
            raise DataImportError(
                f"{source}: row 1: {article} {what} file needs {needs}; found {reader.fieldnames}"
            )
        first: dict[tuple[str, str], int] = {}
        for number, raw in enumerate(reader, start=2):
            cells = {fold(k) or "": v for k, v in raw.items() if k is not None}
            # names are matched as the import tidies them ("A, A" is "A"; trailing marks go)
            name = name_key(cells.get("name"))
            if name is None:
                raise DataImportError(f"{source}: row {number}: the name is empty")
            raw_country = clean_text(cells.get("country"))
            cc = country_code(raw_country) if raw_country else ""
            if cc is None:
                raise DataImportError(
                    f"{source}: row {number}: unknown country {raw_country!r}; use an English "
                    "name or a three-letter code (AUT)"
                )
            if (name, cc) in first:
                raise DataImportError(
                    f"{source}: row {number}: {clean_text(cells.get('name'))!r} is already named "
                    f"in row {first[(name, cc)]}; keep one of the two rows"
                )
            first[(name, cc)] = number
            yield NameRow(number, name, cc, cells)
