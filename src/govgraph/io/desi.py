"""Import the Digital Economy and Society Index (DESI) 2022 as W3C RDF Data Cube observations.

Input: the Commission's official workbook ("DESI 2022 final.xlsx"): sheet ``Data`` holds one row
per DESI edition (``y1`` = DESI 2017 ... ``y6`` = DESI 2022) and country (two-letter EU codes,
``EL`` for Greece, ``EU`` for the Union) and one column per indicator (``1a1 At least basic
digital skills`` ...); sheet ``Metadata`` the definition, unit, source and reference year of
each indicator. The mapping is documented in ``docs/import.md``.

Each non-empty cell becomes a ``qb:Observation`` of the data set
``https://w3id.org/govgraph/id/desi/2022`` with dimensions ``sdmx-dimension:refArea`` (EU country
authority IRI), ``sdmx-dimension:refPeriod`` (the DESI edition year, ``xsd:gYear``) and the
indicator (a ``skos:Concept`` with notation, label, definition, unit and source), and the measure
``sdmx-measure:obsValue`` (``xsd:decimal``, as in the workbook: shares are fractions 0..1; a
number cell is read to Excel's 15 significant digits, so ``0.041`` stays ``0.041`` and does not
become the double ``0.040999999999999995``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .._exceptions import DataImportError
from .._resources import data_path
from ._concepts import add_countries
from ._normalise import ID, clean_text, country_iri, fold
from ._result import ImportProblem, ImportResult
from ._table import TableLimits, read_table

__all__ = [
    "DESI_DATASET",
    "DESI_INDICATOR",
    "DESI_SOURCE",
    "QB",
    "SDMX_DIMENSION",
    "SDMX_MEASURE",
    "desi_indicator",
    "import_desi",
]

QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")

#: The data set all observations belong to.
DESI_DATASET = ID["desi/2022"]
#: The dimension property whose values are the DESI indicators.
DESI_INDICATOR = ID["desi/dimension/indicator"]
_STRUCTURE = ID["desi/2022/structure"]
_SCHEME = ID["desi/indicators"]
#: The Commission's page of the DESI 2022 data set (DG CONNECT).
DESI_SOURCE = URIRef(
    "https://digital-strategy.ec.europa.eu/en/library/digital-economy-and-society-index-desi-2022"
)
_CNECT = URIRef("http://publications.europa.eu/resource/authority/corporate-body/CNECT")
_EDITIONS = {f"y{i}": 2016 + i for i in range(1, 7)}  # y1 = DESI 2017 ... y6 = DESI 2022

#: Two-letter codes of the workbook (Eurostat style: EL Greece) -> EU country authority code.
_ALPHA2 = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK",
    "EE": "EST", "EL": "GRC", "GR": "GRC", "ES": "ESP", "FI": "FIN", "FR": "FRA", "HR": "HRV",
    "HU": "HUN", "IE": "IRL", "IT": "ITA", "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT",
    "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU", "SE": "SWE", "SI": "SVN", "SK": "SVK",
    "EU": "EUR",
}  # fmt: skip
_CODE = re.compile(r"^(\d[a-z]\d+)\s+(.+)$")


def desi_indicator(code: str) -> URIRef:
    """The IRI of a DESI indicator (``"1b1"`` -> ``.../id/desi/indicator/1b1``).

    Examples:
        >>> from govgraph.io.desi import desi_indicator
        >>> desi_indicator("1B1")
        rdflib.term.URIRef('https://w3id.org/govgraph/id/desi/indicator/1b1')
    """
    return ID[f"desi/indicator/{code.lower()}"]


def _decimal(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != value:  # NaN
            return None
        if isinstance(value, int):
            return Decimal(value)
        # Excel keeps 15 significant digits; beyond them a stored double is binary noise
        # (0.041 is stored as 0.040999999999999995). Keep what the workbook shows.
        return Decimal(format(value, ".15g")).normalize()
    text = clean_text(value)
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc


def _lexical(value: Decimal) -> str:
    """Plain decimal notation with a point ("0.045", "0.0"), as Turtle writes decimals back."""
    text = format(value, "f")
    return text if "." in text else text + ".0"


def import_desi(
    path: str | Path | None = None, *, strict: bool = False, limits: TableLimits | None = None
) -> ImportResult:
    """Import the DESI 2022 workbook as RDF Data Cube observations with indicator definitions.

    Args:
        path: The workbook; by default the copy shipped with govgraph
            (``data/desi/DESI 2022 final.xlsx``).
        strict: Raise when any problem (even a warning) was found.
        limits: Bounds on the file read (see :class:`govgraph.io.TableLimits`).

    Returns:
        The :class:`ImportResult`; ``counts`` holds ``rows``, ``observations``, ``indicators``,
        ``countries``, ``editions``, ``problems``.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> import openpyxl
        >>> from rdflib.namespace import SKOS
        >>> from govgraph.io import import_desi
        >>> from govgraph.io.desi import SDMX_MEASURE, desi_indicator
        >>> book = openpyxl.Workbook()  # a workbook laid out as the Commission's, much smaller
        >>> book.active.title = "Data"
        >>> for cells in [("Year", "Country", "1b1 ICT specialists"), ("y6", "AT", 0.045),
        ...               ("y6", "XX", 0.05), ("y5", "EL", 0.029)]:
        ...     book["Data"].append(cells)
        >>> book.create_sheet("Metadata").append(("Indicator", "Definition"))
        >>> book["Metadata"].append(("1b1 ICT specialists", "Employed ICT specialists"))
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     book.save(Path(folder) / "desi.xlsx")
        ...     result = import_desi(Path(folder) / "desi.xlsx")
        >>> result.counts["observations"], result.counts["countries"], result.counts["editions"]
        (2, 2, 2)
        >>> sorted(str(value) for value in result.graph.objects(None, SDMX_MEASURE.obsValue))
        ['0.029', '0.045']
        >>> str(result.graph.value(desi_indicator("1b1"), SKOS.prefLabel))
        'ICT specialists'
        >>> [str(problem) for problem in result.problems]
        ["row 3, column 'Country' (value 'XX'): unknown country code; row skipped"]

    Raises:
        DataImportError: The file cannot be read, lacks the ``Data`` or ``Metadata`` sheet or
            their columns, or ``strict`` is set and problems were found.
    """
    source = Path(path) if path is not None else data_path("desi", "DESI 2022 final.xlsx")
    data = read_table(source, sheet="Data", limits=limits)
    meta = read_table(source, sheet="Metadata", limits=limits)
    problems: list[ImportProblem] = []
    columns = data.column_index()
    for needed in ("year", "country"):
        if needed not in columns:
            raise DataImportError(
                f"{source}: sheet 'Data', row 1: no column {needed!r}; is this the DESI workbook?"
            )
    mcols = meta.column_index()
    if "indicator" not in mcols:
        raise DataImportError(f"{source}: sheet 'Metadata', row 1: no column 'Indicator'")

    g = Graph()
    for prefix, ns in (
        ("qb", QB),
        ("sdmx-dimension", SDMX_DIMENSION),
        ("sdmx-measure", SDMX_MEASURE),
        ("sdmx-attribute", SDMX_ATTRIBUTE),
        ("skos", SKOS),
        ("dct", DCTERMS),
        ("desi", ID["desi/"]),
        ("indicator", ID["desi/indicator/"]),
    ):
        g.bind(prefix, ns)
    en = "en"
    # Indicators from the metadata sheet.
    indicators: dict[str, URIRef] = {}
    for _row, cells in meta.rows:
        name = clean_text(cells[mcols["indicator"]])
        found = _CODE.match(name or "")
        if found is None:
            continue  # the sheet lists placeholder rows ("i2"...) after the indicators
        code, label = found.group(1), found.group(2).strip()
        if code in indicators:
            continue  # the sheet lists the indicators again below the definitions table
        iri = desi_indicator(code)
        indicators[code] = iri
        g.add((iri, RDF.type, SKOS.Concept))
        g.add((iri, SKOS.inScheme, _SCHEME))
        g.add((iri, SKOS.notation, Literal(code)))
        g.add((iri, SKOS.prefLabel, Literal(label, lang=en)))
        for column, prop in (
            ("definition", SKOS.definition),
            ("unit of measure", SDMX_ATTRIBUTE.unitMeasure),
            ("source", DCTERMS.source),
            ("notes", SKOS.note),
        ):
            if column in mcols:
                text = clean_text(cells[mcols[column]])
                if text is not None:
                    g.add((iri, prop, Literal(text, lang=en)))
    g.add((_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((_SCHEME, SKOS.prefLabel, Literal("DESI 2022 indicators", lang=en)))

    # Data set and structure.
    g.add((DESI_DATASET, RDF.type, QB.DataSet))
    g.add((DESI_DATASET, DCTERMS.title, Literal("Digital Economy and Society Index 2022", lang=en)))
    g.add((DESI_DATASET, DCTERMS.publisher, _CNECT))
    g.add((DESI_DATASET, DCTERMS.source, DESI_SOURCE))
    g.add((DESI_DATASET, RDFS.comment, Literal(
        "DESI 2017 to 2022 for the 27 EU member states and the EU, from the European "
        "Commission's DESI 2022 workbook. © European Union; reuse authorised with attribution "
        "(Commission Decision 2011/833/EU).", lang=en)))  # fmt: skip
    g.add((DESI_DATASET, QB.structure, _STRUCTURE))
    g.add((_STRUCTURE, RDF.type, QB.DataStructureDefinition))
    for order, (kind, prop) in enumerate(
        (
            (QB.dimension, SDMX_DIMENSION.refArea),
            (QB.dimension, SDMX_DIMENSION.refPeriod),
            (QB.dimension, DESI_INDICATOR),
            (QB.measure, SDMX_MEASURE.obsValue),
        ),
        start=1,
    ):
        component = ID[f"desi/2022/structure/component-{order}"]
        g.add((_STRUCTURE, QB.component, component))
        g.add((component, kind, prop))
        g.add((component, QB.order, Literal(order)))
    g.add((DESI_INDICATOR, RDF.type, QB.DimensionProperty))
    g.add((DESI_INDICATOR, RDF.type, QB.CodedProperty))
    g.add((DESI_INDICATOR, RDFS.label, Literal("DESI indicator", lang=en)))
    g.add((DESI_INDICATOR, RDFS.range, SKOS.Concept))
    g.add((DESI_INDICATOR, QB.codeList, _SCHEME))
    for prop, label in (
        (SDMX_DIMENSION.refArea, "reference area"),
        (SDMX_DIMENSION.refPeriod, "reference period"),
    ):
        g.add((prop, RDF.type, QB.DimensionProperty))
        g.add((prop, RDFS.label, Literal(label, lang=en)))
    g.add((SDMX_MEASURE.obsValue, RDF.type, QB.MeasureProperty))
    g.add((SDMX_MEASURE.obsValue, RDFS.label, Literal("observation value", lang=en)))

    # Observations.
    indicator_columns: list[tuple[int, str]] = []
    for i, header in enumerate(data.header):
        found = _CODE.match(clean_text(header) or "")
        if found is not None and found.group(1) in indicators:
            indicator_columns.append((i, found.group(1)))
    countries: set[str] = set()
    editions: set[int] = set()
    observations = 0
    for row, cells in data.rows:
        raw_cc = clean_text(cells[columns["country"]])
        if clean_text(cells[columns["year"]]) is None and raw_cc is None:
            # The end of the wide table: below it the sheet repeats the same values in long
            # format and adds summary rows (min, max, missing data), which are not read.
            break
        edition = _EDITIONS.get(fold(cells[columns["year"]]) or "")
        if edition is None:
            problems.append(ImportProblem(row, data.header[columns["year"]],
                                          clean_text(cells[columns["year"]]),
                                          "not a DESI edition (y1..y6); row skipped", "warning"))  # fmt: skip
            continue
        cc = _ALPHA2.get((raw_cc or "").upper())
        if cc is None:
            problems.append(ImportProblem(row, data.header[columns["country"]], raw_cc,
                                          "unknown country code; row skipped", "warning"))  # fmt: skip
            continue
        for i, code in indicator_columns:
            try:
                value = _decimal(cells[i])
            except ValueError as exc:
                problems.append(ImportProblem(row, data.header[i], clean_text(cells[i]), str(exc)))
                continue
            if value is None:
                continue
            obs = ID[f"desi/2022/obs/{code}-{cc.lower()}-{edition}"]
            g.add((obs, RDF.type, QB.Observation))
            g.add((obs, QB.dataSet, DESI_DATASET))
            g.add((obs, SDMX_DIMENSION.refArea, country_iri(cc)))
            g.add((obs, SDMX_DIMENSION.refPeriod, Literal(str(edition), datatype=XSD.gYear)))
            g.add((obs, DESI_INDICATOR, indicators[code]))
            g.add((obs, SDMX_MEASURE.obsValue, Literal(_lexical(value), datatype=XSD.decimal)))
            observations += 1
        countries.add(cc)
        editions.add(edition)
    g.add((DESI_DATASET, PROV.wasDerivedFrom, URIRef(DESI_SOURCE)))
    add_countries(g, countries)
    result = ImportResult(
        graph=g,
        kind="desi",
        source=str(source),
        counts={
            "rows": len(data.rows),
            "observations": observations,
            "indicators": len(indicators),
            "countries": len(countries),
            "editions": len(editions),
            "problems": len(problems),
        },
        problems=tuple(problems),
    )
    if strict:
        result.raise_for_problems(include_warnings=True)
    return result
