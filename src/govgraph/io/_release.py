"""Earlier releases of the JRC Tech Watch cases, imported with the PSTW mapping.

The AI Watch 2020 and Innovative Public Services 2022 releases describe the same kind of case as
Public Sector Tech Watch with other column names. Each row is rewritten into a PSTW row (the
rules are in :class:`ReleaseRow` producers of ``aiwatch.py`` and ``ips.py``) and imported by
:func:`govgraph.io.import_pstw`, so organisations, technologies, COFOG areas and statuses are
mapped exactly as for PSTW. The release then gets its own dataset description: title, licence,
source and date of publication (``dct:issued``, ``prov:generatedAtTime``).
"""

from __future__ import annotations

import csv
import datetime as _dt
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV

from .._exceptions import DataImportError
from ._normalise import clean_text
from ._result import ImportProblem, ImportResult
from .pstw import import_pstw

__all__ = [
    "PSTW_COLUMNS",
    "RELEASE_COLUMNS",
    "Release",
    "import_release",
    "release_category",
    "tidy_release_cells",
]

#: The PSTW columns a release row is written into (folded header -> what it holds).
PSTW_COLUMNS = (
    "PSTW ID",
    "Name",
    "Website",
    "Description",
    "Geographical coverage (country)",
    "Responsible organisation",
    "Responsible organisation category",
    "Functions of government (COFOG level I)",
    "Functions of government (COFOG level II)",
    "Status",
    "Start year",
    "End year",
    "Primary technology",
    "Secondary technology",
    "AI classification subdomain (II) (main)",
    "AI classification subdomain (II) (other I)",
    "AI classification subdomain (II) (other II)",
    "AI classification subdomain (II) (other III)",
    "Date updated",
)

EUPL_12 = URIRef(
    "https://interoperable-europe.ec.europa.eu/licence/european-union-public-licence-version-12-eupl"
)
JRC = URIRef("http://publications.europa.eu/resource/authority/corporate-body/JRC")

#: The PSTW column each field of a case release fills (the IPS 2022 and AI Watch 2020 explorers
#: name these fields alike; each importer adds its own).
RELEASE_COLUMNS = {
    "PSTW ID": "id",
    "Name": "name",
    "Website": "url",
    "Description": "description",
    "Geographical coverage (country)": "geocoverage",
    "Responsible organisation": "lead_organisation_name",
    "Responsible organisation category": "lead_organisation_category",
    "Functions of government (COFOG level I)": "primary_sector",
    "Functions of government (COFOG level II)": "secondary_sector",
}
#: "Governmental" (a category PSTW does not use) is made precise by the geographical extent.
_GOVERNMENTAL = {
    "national": "Central government",
    "regional": "Regional government",
    "local": "Local government",
}


def release_category(category: str | None, extent: str | None) -> str | None:
    """Return the PSTW organisation category for a release's category and geographical extent.

    "Governmental" becomes central, regional or local government after the extent; any other
    value is passed on unchanged (the PSTW importer reports the ones it does not know).

    >>> release_category("Governmental", "Local")
    'Local government'
    >>> release_category("Central-Government", "National")
    'Central-Government'
    """
    text = clean_text(category)
    if text is not None and text.casefold() == "governmental":
        return _GOVERNMENTAL.get((clean_text(extent) or "").casefold(), text)
    return text


def tidy_release_cells(cells: dict[str, str | None], record: Mapping[str, Any]) -> None:
    """Set a release row's PSTW organisation category and trim its COFOG II label, in place."""
    cells["Responsible organisation category"] = release_category(
        record.get("lead_organisation_category"), record.get("geoextent")
    )
    sector = cells["Functions of government (COFOG level II)"]
    if sector is not None:
        cells["Functions of government (COFOG level II)"] = sector.rstrip(". ") or None


@dataclass(frozen=True)
class Release:
    """What is known of one release of the Tech Watch cases.

    Attributes:
        kind: Short name (``ips``, ``aiwatch``): ``ImportResult.kind``.
        dataset: IRI of the release (``prov:wasDerivedFrom`` of every case).
        title: Its title.
        issued: Date or year of publication (``dct:issued``; ``YYYY`` or ``YYYY-MM-DD``).
        source: Where the file comes from (``dct:source``).
        licence: Licence IRI (``dct:license``).
        citation: Bibliographic citation of the release, if any.
    """

    kind: str
    dataset: URIRef
    title: str
    issued: str
    source: URIRef
    licence: URIRef
    citation: str | None = None


@dataclass(frozen=True)
class ReleaseRow:
    """One source record rewritten as a PSTW row.

    Attributes:
        row: Row (CSV: spreadsheet row, header = 1) or record number (JSON: 1-based) in the source.
        cells: PSTW column -> value.
    """

    row: int
    cells: Mapping[str, str | None]


def _issued_literal(issued: str) -> tuple[Literal, Literal | None]:
    """``dct:issued`` literal and, for a full date, the ``prov:generatedAtTime`` literal."""
    text = issued.strip()
    if len(text) == 4 and text.isdigit():
        return Literal(text, datatype=XSD.gYear), None
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        raise DataImportError(
            f"release date {issued!r} is neither a year (2022) nor a date (2022-06-30)"
        ) from None
    return (
        Literal(day.isoformat(), datatype=XSD.date),
        Literal(f"{day.isoformat()}T00:00:00Z", datatype=XSD.dateTime),
    )


def import_release(
    release: Release,
    rows: Iterable[ReleaseRow],
    *,
    source: Path,
    column_names: Mapping[str, str],
    problems: Iterable[ImportProblem] = (),
    issued: str | None = None,
    strict: bool = False,
) -> ImportResult:
    """Import rows already rewritten into PSTW columns as one release.

    Args:
        release: The release's description.
        rows: The rewritten rows.
        source: The file read (named in the result and its problems).
        column_names: PSTW column -> source column, so problems name the user's column.
        problems: Problems found while rewriting the rows.
        issued: Overrides ``release.issued``.
        strict: Raise when any problem was found.

    Raises:
        DataImportError: No row could be read, or ``strict`` and problems were found.
    """
    date = issued or release.issued
    issued_lit, generated = _issued_literal(date)
    rows = list(rows)
    if not rows:
        raise DataImportError(f"{source}: no case found; is this a {release.kind} file?")
    with tempfile.TemporaryDirectory(prefix="govgraph-release-") as tmp:
        path = Path(tmp) / "rows.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(PSTW_COLUMNS)
            order = []
            for r in rows:
                writer.writerow([r.cells.get(c) or "" for c in PSTW_COLUMNS])
                order.append(r.row)
        result = import_pstw(path, dataset=str(release.dataset))
    g = result.graph
    ds = release.dataset
    for p in (DCTERMS.title, DCTERMS.license, DCTERMS.publisher):
        g.remove((ds, p, None))
    g.add((ds, RDF.type, PROV.Entity))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal(release.title, lang="en")))
    g.add((ds, DCTERMS.publisher, JRC))
    g.add((ds, DCTERMS.license, release.licence))
    g.add((ds, DCTERMS.source, release.source))
    g.add((ds, DCTERMS.issued, issued_lit))
    if generated is not None:
        g.add((ds, PROV.generatedAtTime, generated))
    if release.citation:
        g.add((ds, DCTERMS.bibliographicCitation, Literal(release.citation, lang="en")))

    # Problems and merges: temporary row i (header = 1) is source row order[i - 2]; PSTW
    # columns renamed.
    folded = {c.casefold(): c for c in PSTW_COLUMNS}

    def source_row(row: int) -> int:
        return order[row - 2] if 2 <= row < len(order) + 2 else row

    def back(p: ImportProblem) -> ImportProblem:
        row = source_row(p.row) if p.row is not None else None
        column = p.column
        if column is not None:
            pstw = folded.get(column.strip().casefold(), column)
            column = column_names.get(pstw, column)
        return replace(p, row=row, column=column)

    mapped = [
        back(p)
        for p in result.problems
        if not (p.row == 1 and p.reason.startswith("optional column is missing"))
    ]
    allp = sorted([*problems, *mapped], key=lambda p: p.row or 0)
    counts = dict(result.counts)
    counts["problems"] = len(allp)
    counts["rows_rejected"] = len({p.row for p in allp if p.severity == "error" and p.row})
    merges = tuple(replace(m, rows=tuple(source_row(r) for r in m.rows)) for m in result.merges)
    out = ImportResult(
        graph=g,
        kind=release.kind,
        source=str(source),
        counts=counts,
        problems=tuple(allp),
        merges=merges,
    )
    if strict:
        out.raise_for_problems(include_warnings=True)
    return out
