"""Spreadsheet import: templates, column layouts, bad rows, xlsx, the CLI."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic

from govgraph import DataImportError, GovGraph
from govgraph._resources import data_path
from govgraph.cli import main
from govgraph.io import SPREADSHEET_KINDS, import_spreadsheet

GG = Namespace("https://w3id.org/govgraph#")
ID = Namespace("https://w3id.org/govgraph/id/")
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@pytest.mark.parametrize("kind", sorted(SPREADSHEET_KINDS))
def test_templates_follow_the_layout_and_import(kind: str) -> None:
    path = TEMPLATES / f"{kind}.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == [c.name for c in SPREADSHEET_KINDS[kind]]
    result = import_spreadsheet(path, kind=kind)
    assert result.ok and result.counts["rejected"] == 0
    assert result.counts["imported"] == result.counts["rows"] >= 1


def test_organisations_graph_is_exactly_as_documented(tmp_path: Path) -> None:
    csv = tmp_path / "orgs.csv"
    csv.write_text(
        "id,name,type,parent,level,country,acronym,headcount\n"
        "MIN,Ministry of Finance,administration,,national,Germany,BMF,900\n"
        "MIN-TAX,Tax unit,unit,MIN,,,,\n",
        encoding="utf-8",
    )
    result = import_spreadsheet(csv, kind="organisations")
    expected = Graph().parse(
        data="""
        @prefix gg: <https://w3id.org/govgraph#> .
        @prefix org: <http://www.w3.org/ns/org#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dct: <http://purl.org/dc/terms/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        @prefix id: <https://w3id.org/govgraph/id/> .
        @prefix country: <http://publications.europa.eu/resource/authority/country/> .
        id:org\\/min a gg:PublicAdministration ; skos:prefLabel "Ministry of Finance"@en ;
            skos:altLabel "BMF"@en ; gg:administrativeLevel gg:NationalLevel ;
            dct:spatial country:DEU ; gg:headcount "900"^^xsd:nonNegativeInteger ;
            org:hasUnit id:org\\/min-tax .
        id:org\\/min-tax a gg:AdministrativeUnit ; skos:prefLabel "Tax unit"@en ; org:unitOf id:org\\/min .
        """,
        format="turtle",
    )
    # The output also describes the referenced level and country concepts; compare the rest.
    core = Graph()
    for s, p, o in result.graph:
        if str(s).startswith(str(ID)):
            core.add((s, p, o))
    assert isomorphic(core, expected)
    assert (GG.NationalLevel, None, None) in result.graph  # self-contained


def test_bad_rows_name_row_column_and_reason(tmp_path: Path) -> None:
    csv = tmp_path / "comp.csv"
    csv.write_text(
        "organisation,skill,proficiency_level,headcount\n"
        "DG-X,machine learning,5,3\n"
        "DG-X,machine learning,9,3\n"
        ",machine learning,2,\n"
        "DG-X,no such skill at all,2,\n"
        "DG-X,cloud technologies,3,-4\n",
        encoding="utf-8",
    )
    with pytest.raises(DataImportError) as info:
        import_spreadsheet(csv, kind="competencies")
    problems = {(p.row, p.column) for p in info.value.problems}  # type: ignore[attr-defined]
    assert problems == {
        (3, "proficiency_level"),
        (4, "organisation"),
        (5, "skill"),
        (6, "headcount"),
    }
    partial = import_spreadsheet(csv, kind="competencies", allow_partial=True)
    assert partial.counts == {"rows": 5, "imported": 1, "rejected": 4}
    from rdflib import RDF

    assert len(set(partial.graph.subjects(RDF.type, GG.Competency))) == 1


def test_strict_means_the_same_as_for_the_dataset_importers(tmp_path: Path) -> None:
    """``strict`` refuses warnings too, in every importer (one switch, one meaning)."""
    csv = tmp_path / "p.csv"
    csv.write_text("id,name,colour\nP1,Open data policy,blue\n", encoding="utf-8")
    relaxed = import_spreadsheet(csv, kind="policies")
    assert [p.severity for p in relaxed.problems] == ["warning"]  # the unknown column
    assert relaxed.counts["imported"] == 1
    with pytest.raises(DataImportError, match="colour") as info:
        import_spreadsheet(csv, kind="policies", strict=True)
    assert [p.column for p in info.value.problems] == ["colour"]  # type: ignore[attr-defined]
    # allow_partial keeps good rows; strict still refuses a warning
    with pytest.raises(DataImportError):
        import_spreadsheet(csv, kind="policies", strict=True, allow_partial=True)
    out = tmp_path / "p.ttl"
    code = main(["import", "csv", str(csv), "--kind", "policies", "-o", str(out), "--strict"])
    assert code == 2 and not out.exists()


def test_missing_required_column(tmp_path: Path) -> None:
    csv = tmp_path / "p.csv"
    csv.write_text("id,owner\nA,B\n", encoding="utf-8")
    with pytest.raises(DataImportError, match="name"):
        import_spreadsheet(csv, kind="policies")


def test_xlsx_is_read_like_csv(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "name", "owner", "legal_basis", "policy_area", "start_year"])
    ws.append(
        [
            "AI-ACT",
            "AI Act",
            "DG-CNECT",
            "http://data.europa.eu/eli/reg/2024/1689/oj",
            "Economic affairs",
            2024.0,
        ]
    )
    wb.save(tmp_path / "p.xlsx")
    result = import_spreadsheet(tmp_path / "p.xlsx", kind="policies")
    policy = ID["policy/ai-act"]
    assert (policy, GG.ownedBy, ID["org/dg-cnect"]) in result.graph
    assert result.graph.value(policy, GG.startYear).toPython() == 2024
    assert (policy, GG.policyArea, None) in result.graph


def test_illustrative_data_is_marked_and_links_up() -> None:
    kg = GovGraph()
    for kind in SPREADSHEET_KINDS:
        path = data_path("illustrative", f"ILLUSTRATIVE_commission_{kind}.csv")
        assert "ILLUSTRATIVE" in path.name
        kg.import_spreadsheet(path, kind=kind, note="ILLUSTRATIVE")
    rows = kg.query(
        """
        PREFIX gg: <https://w3id.org/govgraph#>
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?unit WHERE { ?unit org:unitOf+ ?ec . ?ec skos:prefLabel "European Commission"@en .
                             ?c gg:heldBy ?unit . ?unit skos:note ?n . }
        """
    )
    assert {str(r["unit"]).rsplit("/", 1)[-1] for r in rows} >= {
        "dg-cnect",
        "dg-digit",
        "dg-jrc",
        "dg-empl",
    }


@pytest.mark.slow
def test_cli_bad_rows_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv = tmp_path / "i.csv"
    csv.write_text("id,name,lead,status\nA,Alpha,ORG,pilot\nB,Beta,ORG,someday\n", encoding="utf-8")
    out = tmp_path / "i.ttl"
    assert main(["import", "csv", "--kind", "initiatives", str(csv), "-o", str(out)]) == 2
    assert not out.exists()
    err = capsys.readouterr().err
    assert "status" in err and "someday" in err
    assert (
        main(
            ["import", "csv", "--kind", "initiatives", str(csv), "-o", str(out), "--allow-partial"]
        )
        == 0
    )
    assert len(Graph().parse(out)) > 0


CELLS = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "\xa0",
            "=SUM(A1:A2)",
            "2020.0",
            "-1",
            "9",
            "http://a b",
            "Italy",
            "pilot",
            "unit",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    kind=st.sampled_from(sorted(SPREADSHEET_KINDS)),
    data=st.data(),
)
def test_random_cells_never_crash(tmp_path: Path, kind: str, data: st.DataObject) -> None:
    names = [c.name for c in SPREADSHEET_KINDS[kind]] + ["extra column"]
    header = data.draw(
        st.lists(st.sampled_from(names), min_size=1, max_size=len(names), unique=True)
    )
    rows = data.draw(
        st.lists(st.lists(CELLS, min_size=len(header), max_size=len(header)), max_size=5)
    )
    path = tmp_path / "fuzz.csv"
    import csv as _csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = _csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    try:
        result = import_spreadsheet(path, kind=kind, allow_partial=True)
    except DataImportError as exc:
        assert str(exc)
        return
    for problem in result.problems:
        assert problem.reason and (problem.row is None or problem.row >= 1)
