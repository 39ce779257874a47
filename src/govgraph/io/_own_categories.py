"""An organisation's own category, where the source files its cases under another one.

PSTW's "Responsible organisation category" describes the case's lead as the source saw it. For
145 cases it says "Consortium": the case is run by a consortium, and the category says nothing
of what the named lead body is. Analyses then cannot tell a ministry or a city leading a
consortium (kind ``other``, left out of the public-only synergies) from a university or a
company. A categories file says, for named organisations, which category is their own, with
the reason; govgraph ships one for the bundled PSTW data (``data/pstw/categories.csv``, each
row read by hand), and a user's file goes on top of it.

Only organisations whose name states what they are are listed (a ministry, a municipality, a
university, a ``GmbH``); names of several bodies of different kinds, project names and bodies
whose kind the name leaves open keep the category the source gives.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .._exceptions import DataImportError
from ._categories import OrganisationCategory, organisation_category
from ._normalise import clean_text, country_code, fold, tidy_name

__all__ = ["CategoryTable", "OwnCategory", "read_categories"]


@dataclass(frozen=True)
class OwnCategory:
    """One row of a categories file: the category of the organisation it names, and why.

    Attributes:
        category: The organisation's own category.
        why: The reason the file gives (may be empty).
        source: The file the row comes from.
        row: The row's number in that file (the header is row 1).
    """

    category: OrganisationCategory
    why: str
    source: str
    row: int

    def describe(self) -> str:
        """Where the decision comes from, for the import's problem list."""
        reason = f": {self.why}" if self.why else ""
        return f"{Path(self.source).name} row {self.row}{reason}"


@dataclass
class CategoryTable:
    """Rows of categories files by ``(name key, country code or "")``; later files win."""

    rows: dict[tuple[str, str], OwnCategory] = field(default_factory=dict)

    def overridden_by(self, other: CategoryTable) -> CategoryTable:
        """A table with the rows of ``other`` on top of these."""
        return CategoryTable(rows={**self.rows, **other.rows})

    def of(self, names: Iterable[str], country: str) -> OwnCategory | None:
        """The row naming one of ``names`` in ``country`` (else in any country), if any.

        Where several names of one organisation have rows, the first name given decides.
        """
        for name in names:
            key = _key(name)
            if key is None:
                continue
            found = self.rows.get((key, country)) or self.rows.get((key, ""))
            if found is not None:
                return found
        return None


def read_categories(path: str | Path) -> CategoryTable:
    """Read a categories CSV: columns ``name``, ``category``, optionally ``country`` and ``why``.

    ``category`` is a PSTW category spelling (``Central Government``, ``Regional Government``,
    ``Local Government``, ``Academic-Research``, ``Private sector``, ``Non-governmental``,
    ``State-owned entreprise``...); ``country`` an English name or a three-letter code, empty
    for a row that holds in any country. Names are matched as the import writes them (tidied,
    case-folded).

    Raises:
        DataImportError: The file is missing or lacks the columns, or a row has an empty name,
            an unknown category or country, or names an organisation a row above already names.
    """
    source = Path(path)
    if not source.is_file():
        raise DataImportError(f"{source}: no such categories file (CSV with name,category)")
    table = CategoryTable()
    with source.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = {fold(f) or "" for f in reader.fieldnames or ()}
        if not {"name", "category"} <= fields:
            raise DataImportError(
                f"{source}: row 1: a categories file needs the columns name and category "
                f"(and optionally country and why); found {reader.fieldnames}"
            )
        for number, raw in enumerate(reader, start=2):
            row = {fold(k) or "": v for k, v in raw.items() if k is not None}
            name = _key(row.get("name"))
            if name is None:
                raise DataImportError(f"{source}: row {number}: the name is empty")
            written = clean_text(row.get("category"))
            category = organisation_category(written)
            if category is None:
                raise DataImportError(
                    f"{source}: row {number}: unknown category {written!r}; use a PSTW category "
                    "such as Central Government, Regional Government, Local Government, "
                    "Academic-Research, Private sector or Non-governmental"
                )
            raw_country = clean_text(row.get("country"))
            cc = country_code(raw_country) if raw_country else ""
            if cc is None:
                raise DataImportError(
                    f"{source}: row {number}: unknown country {raw_country!r}; use an English "
                    "name or a three-letter code (AUT)"
                )
            if (name, cc) in table.rows:
                first = table.rows[(name, cc)].row
                raise DataImportError(
                    f"{source}: row {number}: {clean_text(row.get('name'))!r} is already given a "
                    f"category in row {first}; keep one of the two rows"
                )
            why = clean_text(row.get("why")) or ""
            table.rows[(name, cc)] = OwnCategory(category, why, str(source), number)
    return table


def _key(value: object) -> str | None:
    """The matching key of a name as the import writes it (tidied, then folded)."""
    text = clean_text(value)
    return fold(tidy_name(text)) if text is not None else None
