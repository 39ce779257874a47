"""Import spreadsheets (CSV or xlsx) of organisations, policies, initiatives and competencies.

No public dataset holds an administration's structure, policy register or skills inventory, so
analysts keep them in spreadsheets. Each kind has a fixed column layout (documented in
``docs/import.md``, with a template in ``templates/``). Every bad cell is reported with row,
column and reason; by default nothing is returned when any row is bad (``allow_partial=True``
keeps the good rows).

References between rows (a unit's ``parent``, a policy's ``owner``, a competency's
``organisation``) are local ids minted into IRIs under the same ``base``, or full http(s) IRIs,
so files imported separately link up once merged.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, Namespace
from rdflib.namespace import SKOS

from .._exceptions import DataImportError
from ._concepts import (
    add_countries,
    add_ontology_concepts,
    technology_graph,
)
from ._layouts import SPREADSHEET_KINDS, Column, Kind
from ._normalise import (
    ID,
    is_http_iri,
)
from ._result import ImportResult
from ._spreadsheet_rows import RowBuilder
from ._table import TableLimits, read_table
from .cofog import cofog_index

__all__ = ["SPREADSHEET_KINDS", "Column", "import_spreadsheet"]


def import_spreadsheet(
    path: str | Path,
    *,
    kind: Kind | str,
    base: str = str(ID),
    lang: str = "en",
    allow_partial: bool = False,
    strict: bool = False,
    sheet: str | None = None,
    note: str | None = None,
    limits: TableLimits | None = None,
) -> ImportResult:
    r"""Import a CSV or xlsx spreadsheet of one kind (see ``SPREADSHEET_KINDS`` for the columns).

    Args:
        path: The file (``.csv``, ``.tsv``, ``.xlsx``).
        kind: ``organisations``, ``policies``, ``initiatives`` or ``competencies``.
        base: Namespace of the IRIs minted from ids (``<base>org/<id>``, ``<base>policy/<id>``...).
        lang: Language tag of the names and descriptions.
        allow_partial: Keep the good rows when some rows are bad (they are still reported).
        strict: Raise when any problem was found, warnings (an unknown column) included; the
            same switch as the dataset importers' (:func:`~govgraph.io.import_pstw`...).
        sheet: Worksheet of an xlsx file (default: the first).
        note: A ``skos:note`` added to every thing a row defines under a minted IRI (rows with
            an explicit ``iri`` are left alone), e.g. "ILLUSTRATIVE data".
        limits: Bounds on the file read (rows, columns, cell size, xlsx part sizes); default
            :data:`govgraph.io.DEFAULT_LIMITS`.

    Returns:
        The :class:`ImportResult` (counts: ``rows``, ``imported``, ``rejected``).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from rdflib import URIRef
        >>> from govgraph import DataImportError
        >>> from govgraph.io import import_spreadsheet
        >>> from govgraph.namespace import ORG
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     sheet = Path(folder) / "organisations.csv"
        ...     _ = sheet.write_text(
        ...         "id,name,type,parent,level,country\n"
        ...         "MIN-X,Ministry X,administration,,national,Germany\n"
        ...         "MIN-X-DIG,Digital unit,unit,MIN-X,,\n"
        ...         "CITY-Z,City Z,municipality,,local,Germany\n",
        ...         encoding="utf-8",
        ...     )
        ...     try:
        ...         import_spreadsheet(sheet, kind="organisations")
        ...     except DataImportError as exc:
        ...         refused = exc
        ...     result = import_spreadsheet(sheet, kind="organisations", allow_partial=True)
        >>> [(p.row, p.column, p.value) for p in refused.problems]  # nothing was returned
        [(4, 'type', 'municipality')]
        >>> dict(result.counts)  # the good rows kept
        {'rows': 3, 'imported': 2, 'rejected': 1}
        >>> unit = URIRef("https://w3id.org/govgraph/id/org/min-x-dig")
        >>> str(result.graph.value(unit, ORG.unitOf))
        'https://w3id.org/govgraph/id/org/min-x'

    Raises:
        DataImportError: Unknown kind, unreadable file, missing required columns, any bad row
            without ``allow_partial``, or any problem at all with ``strict`` (the exception's
            ``problems`` lists row, column and reason).
    """
    if kind not in SPREADSHEET_KINDS:
        raise DataImportError(
            f"unknown kind {kind!r}; choose one of {', '.join(SPREADSHEET_KINDS)}"
        )
    if not is_http_iri(base) or not base.endswith(("/", "#")):
        raise DataImportError(f"base {base!r} must be an http(s) IRI ending in '/' or '#'")
    table = read_table(path, sheet=sheet, limits=limits)
    builder = RowBuilder(table, str(kind), base=Namespace(base), lang=lang)
    good = builder.run()
    g = builder.graph
    if note:
        for s in builder.minted:
            g.add((s, SKOS.note, Literal(note, lang="en")))
    if builder.cofog_used:
        cofog_index().describe(g, max_level=2)
    if builder.tech_used:
        for triple in technology_graph():
            g.add(triple)
    add_ontology_concepts(g, builder.concepts)
    add_countries(g, builder.countries)
    errors = [p for p in builder.problems if p.severity == "error"]
    result = ImportResult(
        graph=g,
        kind=str(kind),
        source=str(path),
        counts={
            "rows": len(table.rows),
            "imported": good,
            "rejected": len({p.row for p in errors}),
        },
        problems=tuple(builder.problems),
    )
    if strict:
        result.raise_for_problems(include_warnings=True)
    if errors and not allow_partial:
        result.raise_for_problems()
    return result
