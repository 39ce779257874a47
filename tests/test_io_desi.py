"""The DESI importer: Data Cube observations checked against the workbook read with openpyxl."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS, XSD

from govgraph._resources import data_path, shapes_path
from govgraph.cli import main
from govgraph.io import ImportResult, import_desi
from govgraph.validation import validate_graph

QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
XLSX = data_path("desi", "DESI 2022 final.xlsx")


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return import_desi()


@pytest.fixture(scope="module")
def cells() -> dict[tuple[str, str, str], float]:
    """(edition y1..y6, two-letter country, indicator code) -> value, read with openpyxl."""
    wb = openpyxl.load_workbook(XLSX, read_only=True, data_only=True)
    rows = wb["Data"].iter_rows(values_only=True)
    header = next(rows)
    out = {}
    for row in rows:
        if row[0] is None and row[1] is None:
            break
        for name, value in zip(header[3:], row[3:], strict=False):
            if name and value not in (None, "") and str(name)[:1].isdigit():
                out[(str(row[0]), str(row[1]), str(name).split()[0])] = float(value)
    wb.close()
    return out


def test_observations_match_the_workbook(
    result: ImportResult, cells: dict[tuple[str, str, str], float]
) -> None:
    g = result.graph
    observations = set(g.subjects(RDF.type, QB.Observation))
    assert len(observations) == len(cells) == result.counts["observations"]
    assert result.counts["indicators"] == 33 and result.counts["countries"] == 28
    # ICT specialists (1b1), Austria, DESI 2022 (y6).
    obs = URIRef("https://w3id.org/govgraph/id/desi/2022/obs/1b1-aut-2022")
    value = g.value(obs, SDMX_MEASURE.obsValue)
    assert value is not None and value.datatype == XSD.decimal
    assert float(value) == pytest.approx(cells[("y6", "AT", "1b1")])
    assert g.value(obs, SDMX_DIMENSION.refPeriod) == Literal("2022", datatype=XSD.gYear)
    # Greece is EL in the workbook and GRC in the EU country table.
    assert (
        URIRef("https://w3id.org/govgraph/id/desi/2022/obs/1b1-grc-2022"),
        RDF.type,
        QB.Observation,
    ) in g
    total = sum(Decimal(str(o)) for o in g.objects(None, SDMX_MEASURE.obsValue))
    assert float(total) == pytest.approx(sum(cells.values()), rel=1e-9)


def test_indicator_definitions(result: ImportResult) -> None:
    g = result.graph
    ict = URIRef("https://w3id.org/govgraph/id/desi/indicator/1b1")
    assert g.value(ict, SKOS.prefLabel) == Literal("ICT specialists", lang="en")
    assert str(g.value(ict, SKOS.definition)).startswith("Employed ICT specialists")
    assert len(set(g.objects(ict, SKOS.definition))) == 1


@pytest.mark.slow
def test_round_trip_and_shapes(result: ImportResult, tmp_path: Path) -> None:
    out = tmp_path / "desi.ttl"
    assert main(["import", "desi", "-o", str(out)]) == 0
    back = Graph().parse(out)
    assert isomorphic(back, result.graph)
    shapes = Graph().parse(shapes_path("desi-shapes.ttl"))
    assert validate_graph(back, shapes=shapes).conforms
    # A broken observation (no value, two countries) is caught by the shapes.
    obs = URIRef("https://w3id.org/govgraph/id/desi/2022/obs/1b1-aut-2022")
    back.remove((obs, SDMX_MEASURE.obsValue, None))
    back.add((obs, SDMX_DIMENSION.refArea, URIRef("http://example.org/x")))
    assert not validate_graph(back, shapes=shapes).conforms


def test_not_a_desi_workbook(tmp_path: Path) -> None:
    from govgraph import DataImportError

    path = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Data"  # type: ignore[union-attr]
    wb.active.append(["a", "b"])  # type: ignore[union-attr]
    wb.create_sheet("Metadata").append(["Indicator"])
    wb.save(path)
    with pytest.raises(DataImportError, match="no column 'year'"):
        import_desi(path)


def test_values_are_read_as_excel_shows_them(
    result: ImportResult, cells: dict[tuple[str, str, str], float]
) -> None:
    """Regression: 0.041 was stored as the double 0.040999999999999995 and written that way."""
    g = result.graph
    esp = g.value(
        URIRef("https://w3id.org/govgraph/id/desi/2022/obs/1b1-esp-2022"), SDMX_MEASURE.obsValue
    )
    assert cells[("y6", "ES", "1b1")] == 0.040999999999999995  # the double in the workbook
    assert str(esp) == "0.041"
    for value in g.objects(None, SDMX_MEASURE.obsValue):
        digits = Decimal(str(value)).normalize().as_tuple().digits
        assert len(digits) <= 15, value  # Excel's precision, never binary noise beyond it
    # nothing else changes: every value equals its cell to 15 significant digits
    shown = sorted(Decimal(format(v, ".15g")) for v in cells.values())
    assert sorted(Decimal(str(v)) for v in g.objects(None, SDMX_MEASURE.obsValue)) == shown
