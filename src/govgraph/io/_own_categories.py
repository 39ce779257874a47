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

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .._exceptions import DataImportError
from ._categories import OrganisationCategory, organisation_category
from ._name_rows import name_key, read_name_rows
from ._normalise import clean_text

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
            key = name_key(name)
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
    table = CategoryTable()
    for row in read_name_rows(
        source, what="categories", columns=("name", "category"), optional="country and why"
    ):
        written = clean_text(row.cells.get("category"))
        category = organisation_category(written)
        if category is None:
            raise DataImportError(
                f"{source}: row {row.number}: unknown category {written!r}; use a PSTW category "
                "such as Central Government, Regional Government, Local Government, "
                "Academic-Research, Private sector or Non-governmental"
            )
        why = clean_text(row.cells.get("why")) or ""
        table.rows[(row.name, row.country)] = OwnCategory(category, why, str(source), row.number)
    return table
