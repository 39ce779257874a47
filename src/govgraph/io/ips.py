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
from ._release import (
    EUPL_12,
    RELEASE_COLUMNS,
    Release,
    ReleaseRow,
    import_release,
    release_category,
    tidy_release_cells,
)
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
#: IPS column that fills each PSTW column.
COLUMNS = {
    **RELEASE_COLUMNS,
    "Status": "status",
    "Start year": "start_date",
    "End year": "end_date",
    "Primary technology": "technology",
}
_YEAR = re.compile(r"^(\d{4})(?:\.0+|[/-]\d{1,2}[/-]\d{1,2})?$")


def _year(value: str | None) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    found = _YEAR.match(text)
    return found.group(1) if found else text


def import_ips(
    path: str | Path | None = None, *, strict: bool = False, issued: str | None = None
) -> ImportResult:
    r"""Import the 2022 "Innovative Public Services" cases (``cases.csv`` of the IPS explorer).

    Every case becomes a ``gg:Initiative`` ``initiative/IPS-<id>`` derived from the release
    dataset ``dataset/ips-2022`` (``dct:issued`` 2022), mapped as PSTW cases are: lead
    organisation, country, COFOG, status, start and end year, technology.

    Args:
        path: The ``cases.csv`` file; by default the copy shipped with govgraph.
        strict: Raise instead of returning when any problem was found.
        issued: Publication date of the release (``YYYY`` or ``YYYY-MM-DD``; default 2022).

    Returns:
        The :class:`ImportResult` (kind ``"ips"``).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from rdflib import URIRef
        >>> from govgraph.io import import_ips
        >>> from govgraph.namespace import GG
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     cases = Path(folder) / "cases.csv"
        ...     _ = cases.write_text(
        ...         "id,name,lead_organisation_name,lead_organisation_category,geoextent,"
        ...         "geocoverage,status\n"
        ...         "10000,Job matching,AMS,Governmental,National,Austria,In production\n"
        ...         "10001,Chatbot,Almere,Governmental,Local,Netherlands,Not in use anymore\n"
        ...         "10002,Ledger,,,,Netherlands,Pilot\n",
        ...         encoding="utf-8",
        ...     )
        ...     result = import_ips(cases)
        >>> result.counts["initiatives"], result.counts["rows_rejected"]
        (2, 1)
        >>> case = URIRef("https://w3id.org/govgraph/id/initiative/IPS-10001")
        >>> lead = result.graph.value(case, GG.ledBy)
        >>> result.graph.value(case, GG.status) == GG.StatusNotInUse
        True
        >>> result.graph.value(lead, GG.administrativeLevel) == GG.LocalLevel  # Governmental, Local
        True
        >>> [str(problem) for problem in result.errors]
        ["row 4, column 'lead_organisation_name': no responsible organisation; row skipped"]

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
        tidy_release_cells(cells, rec)
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
