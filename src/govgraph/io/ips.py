"""Import the JRC "Innovative Public Services" cases of 2022 with the PSTW mapping.

The 2022 release of the Tech Watch case collection (the IPS explorer, 853 AI and blockchain
cases) is the version before Public Sector Tech Watch. Its columns are rewritten into PSTW columns
and imported with :func:`govgraph.io.import_pstw`; the column mapping is documented in
``docs/import.md``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from rdflib import URIRef

from .._exceptions import DataImportError
from .._resources import data_path
from ._normalise import clean_text
from ._release import EUPL_12, Release, ReleaseRow, import_release
from ._result import ImportProblem, ImportResult

__all__ = ["IPS_DATASET", "IPS_RELEASE", "import_ips", "release_category"]

#: The 2022 release (IRI minted by govgraph: the release has no persistent identifier).
IPS_DATASET = URIRef("https://w3id.org/govgraph/id/dataset/ips-2022")
IPS_RELEASE = Release(
    kind="ips",
    dataset=IPS_DATASET,
    title="Innovative Public Services explorer: AI and blockchain cases (JRC, 2022 release)",
    issued="2022",
    source=URIRef("https://github.com/ipsoeu/ips-explorer"),
    licence=EUPL_12,
)

#: Source status spellings rewritten before the PSTW status mapping.
_STATUS = {"not in use anymore": "Not in use", "in production": "Implemented"}
#: "Governmental" (a category PSTW does not use) is made precise by the geographical extent.
_GOVERNMENTAL = {
    "national": "Central government",
    "regional": "Regional government",
    "local": "Local government",
}
#: IPS column that fills each PSTW column.
COLUMNS = {
    "PSTW ID": "id",
    "Name": "name",
    "Website": "url",
    "Description": "description",
    "Geographical coverage (country)": "geocoverage",
    "Responsible organisation": "lead_organisation_name",
    "Responsible organisation category": "lead_organisation_category",
    "Functions of government (COFOG level I)": "primary_sector",
    "Functions of government (COFOG level II)": "secondary_sector",
    "Status": "status",
    "Start year": "start_date",
    "End year": "end_date",
    "Primary technology": "technology",
}
_YEAR = re.compile(r"^(\d{4})(?:\.0+|[/-]\d{1,2}[/-]\d{1,2})?$")


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


def _year(value: str | None) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    found = _YEAR.match(text)
    return found.group(1) if found else text


def import_ips(
    path: str | Path | None = None, *, strict: bool = False, issued: str | None = None
) -> ImportResult:
    """Import the 2022 "Innovative Public Services" cases (``cases.csv`` of the IPS explorer).

    Every case becomes a ``gg:Initiative`` ``initiative/IPS-<id>`` derived from the release
    dataset ``dataset/ips-2022`` (``dct:issued`` 2022), mapped as PSTW cases are: lead
    organisation, country, COFOG, status, start and end year, technology.

    Args:
        path: The ``cases.csv`` file; by default the copy shipped with govgraph.
        strict: Raise instead of returning when any problem was found.
        issued: Publication date of the release (``YYYY`` or ``YYYY-MM-DD``; default 2022).

    Returns:
        The :class:`ImportResult` (kind ``"ips"``).

    Raises:
        DataImportError: The file cannot be read or has no ``id``/``name`` columns, or ``strict``
            is set and problems were found.
    """
    source = Path(path) if path is not None else data_path("ips", "cases.csv")
    try:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in ("id", "name", "lead_organisation_name") if c not in header]
            if missing:
                raise DataImportError(
                    f"{source}: row 1: missing column(s) {missing}; an IPS cases.csv has the "
                    f"headers id, name, lead_organisation_name, status ... (found {header[:8]})"
                )
            records = [(reader.line_num, rec) for rec in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataImportError(f"{source}: cannot read the IPS cases: {exc}") from exc
    rows: list[ReleaseRow] = []
    problems: list[ImportProblem] = []
    for number, (_line, rec) in enumerate(records, start=2):
        ident = clean_text(rec.get("id"))
        cells: dict[str, str | None] = {
            pstw: clean_text(rec.get(col)) for pstw, col in COLUMNS.items()
        }
        cells["PSTW ID"] = f"IPS-{ident}" if ident else None
        status = cells["Status"]
        if status is not None:
            cells["Status"] = _STATUS.get(status.casefold(), status)
        cells["Responsible organisation category"] = release_category(
            rec.get("lead_organisation_category"), rec.get("geoextent")
        )
        sector = cells["Functions of government (COFOG level II)"]
        if sector is not None:
            cells["Functions of government (COFOG level II)"] = sector.rstrip(". ") or None
        cells["Start year"] = _year(cells["Start year"])
        cells["End year"] = _year(cells["End year"])
        rows.append(ReleaseRow(row=number, cells=cells))
    return import_release(
        IPS_RELEASE,
        rows,
        source=source,
        column_names=COLUMNS,
        problems=problems,
        issued=issued,
        strict=strict,
    )
