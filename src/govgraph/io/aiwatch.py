"""Import the AI Watch 2020 cases ("AI in public services", JRC120399) with the PSTW mapping.

The first release of the Tech Watch case collection: 143 AI cases of the AI Watch report of
2020. The harmonised ``services.json`` of the AI Watch T6 explorer is read; every record is
rewritten into PSTW columns and imported with :func:`govgraph.io.import_pstw`.

Two columns are not imported because the release does not hold the facts: ``status`` is
"Unknown" for every case, and ``start_date`` is 2021/01/01 for every case (a placeholder of the
explorer, later than the report itself). Both are reported once as a problem when met.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
    tidy_release_cells,
)
from ._result import ImportProblem, ImportResult

__all__ = ["AIWATCH_DATASET", "AIWATCH_RELEASE", "import_aiwatch"]

#: The 2020 release (IRI minted by govgraph).
AIWATCH_DATASET = URIRef("https://w3id.org/govgraph/id/dataset/aiwatch-2020")
AIWATCH_RELEASE = Release(
    kind="aiwatch",
    dataset=AIWATCH_DATASET,
    title="AI Watch: Artificial Intelligence in public services, cases (JRC120399, 2020)",
    issued="2020",
    source=URIRef("https://github.com/AI-Watch/AI-watch-T6-X"),
    licence=EUPL_12,
    citation=(
        "Misuraca, G. and van Noordt, C., AI Watch - Artificial Intelligence in public services, "
        "EUR 30255 EN, Publications Office of the European Union, Luxembourg, 2020, "
        "doi:10.2760/039619, JRC120399"
    ),
)
#: JSON field that fills each PSTW column.
COLUMNS = {
    **RELEASE_COLUMNS,
    "AI classification subdomain (II) (main)": "technology",
}
_UNKNOWN = {"unknown", ""}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value if v not in (None, ""))
    return clean_text(value) if value is not None else None


def import_aiwatch(
    path: str | Path | None = None, *, strict: bool = False, issued: str | None = None
) -> ImportResult:
    """Import the AI Watch 2020 cases (the explorer's ``services.json``).

    Every case becomes a ``gg:Initiative`` ``initiative/AIW-<id>`` that uses artificial
    intelligence and the AI sub-domain the release names, derived from the release dataset
    ``dataset/aiwatch-2020`` (``dct:issued`` 2020). The release records no status and no start
    year (see the module notes).

    Args:
        path: The ``services.json`` file; by default the copy shipped with govgraph.
        strict: Raise instead of returning when any problem was found.
        issued: Publication date of the release (``YYYY`` or ``YYYY-MM-DD``; default 2020).

    Returns:
        The :class:`ImportResult` (kind ``"aiwatch"``).

    Examples:
        >>> import json, tempfile
        >>> from pathlib import Path
        >>> from rdflib import URIRef
        >>> from rdflib.namespace import SKOS
        >>> from govgraph.io import import_aiwatch
        >>> from govgraph.namespace import GG
        >>> record = {"id": 7, "name": "Triage assistant", "geoextent": "Regional",
        ...           "geocoverage": ["Belgium"], "lead_organisation_name": "Flemish Government",
        ...           "lead_organisation_category": "Governmental",
        ...           "technology": "Natural language processing", "status": "Unknown"}
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     services = Path(folder) / "services.json"
        ...     _ = services.write_text(json.dumps([record]), encoding="utf-8")
        ...     result = import_aiwatch(services)
        >>> result.counts["initiatives"], result.ok
        (1, True)
        >>> case = URIRef("https://w3id.org/govgraph/id/initiative/AIW-7")
        >>> sorted(str(result.graph.value(t, SKOS.prefLabel))
        ...        for t in result.graph.objects(case, GG.usesTechnology))
        ['artificial intelligence', 'natural language processing']
        >>> [(problem.column, problem.reason.split("; ")[-1]) for problem in result.warnings]
        [('status', 'no status written')]

    Raises:
        DataImportError: The file is not a JSON list of case records, or ``strict`` is set and
            problems were found.
    """
    source = Path(path) if path is not None else data_path("aiwatch", "services.json")
    try:
        records = json.loads(source.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataImportError(f"{source}: cannot read the AI Watch cases: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise DataImportError(
            f"{source}: line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}"
        ) from exc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataImportError(
            f"{source}: expected a JSON list of case records (the AI Watch T6 services.json)"
        )
    rows: list[ReleaseRow] = []
    problems: list[ImportProblem] = []
    placeholder_seen = status_seen = False
    for number, rec in enumerate(records, start=1):
        cells = {pstw: _text(rec.get(field)) for pstw, field in COLUMNS.items()}
        ident = cells["PSTW ID"]
        cells["PSTW ID"] = f"AIW-{ident}" if ident else None
        cells["Primary technology"] = "Artificial intelligence"
        sub = cells["AI classification subdomain (II) (main)"]
        if sub is not None and sub.casefold() == "automated reasoning":
            # The PSTW scheme's sub-domain is "automated reasoning and automated decision-making".
            cells["AI classification subdomain (II) (main)"] = (
                "Automated reasoning and automated decision-making"
            )
        tidy_release_cells(cells, rec)
        status = (_text(rec.get("status")) or "").casefold()
        if status not in _UNKNOWN:
            cells["Status"] = _text(rec.get("status"))
        elif not status_seen:
            status_seen = True
            problems.append(
                ImportProblem(
                    number,
                    "status",
                    _text(rec.get("status")),
                    "the release records no status (every case 'Unknown'); no status written",
                    "warning",
                )
            )
        start = _text(rec.get("start_date"))
        if start and not placeholder_seen:
            placeholder_seen = True
            problems.append(
                ImportProblem(
                    number,
                    "start_date",
                    start,
                    "start dates of this release are a placeholder of the explorer (2021/01/01 for "
                    "every case, after the 2020 report); no start year written",
                    "warning",
                )
            )
        rows.append(ReleaseRow(row=number, cells=cells))
    return import_release(
        AIWATCH_RELEASE,
        rows,
        source=source,
        column_names=COLUMNS,
        problems=problems,
        issued=issued,
        strict=strict,
    )
