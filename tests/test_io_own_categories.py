"""Categories files: an organisation's own category where PSTW files its case as "Consortium"."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace
from rdflib.namespace import DCTERMS, SKOS

from govgraph import DataImportError, GovGraph
from govgraph.analysis import Facts
from govgraph.cli import main
from govgraph.io import import_pstw
from govgraph.io._own_categories import read_categories

GG = Namespace("https://w3id.org/govgraph#")
ORG = Namespace("http://www.w3.org/ns/org#")
OID = Namespace("https://w3id.org/govgraph/id/org/")
CATEGORY = Namespace("https://w3id.org/govgraph/id/org-category/")

HEADER = (
    "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
    "Geographical coverage (country)\n"
)


def _cases(tmp_path: Path) -> Path:
    path = tmp_path / "pstw.csv"
    path.write_text(
        HEADER + "P1,a,Ministry of Ports,Consortium,Italy\n"
        "P2,b,Ministry of Ports,Consortium,Italy\n"
        "P3,c,Harbour Lab,Consortium,Italy\n"
        "P4,d,City of Ingolstadt,Consortium,Germany\n",
        encoding="utf-8",
    )
    return path


def _kinds(graph: Graph) -> dict[str, str]:
    """The kind of each organisation, as the analyses see it."""
    kg = GovGraph()
    kg.add(graph)
    return {k.rsplit("/", 1)[-1]: v for k, v in Facts(kg.store).kinds.items()}


def test_a_file_gives_organisations_their_own_category(tmp_path: Path) -> None:
    path = _cases(tmp_path)
    plain = import_pstw(path)
    g = plain.graph
    # without a row for it, a consortium lead is a plain organisation of kind "other"
    assert (OID["ministry-of-ports-ita"], RDF.type, ORG.Organization) in g
    assert _kinds(g)["ministry-of-ports-ita"] == "other"
    # the shipped file knows the City of Ingolstadt: a local government
    city = OID["city-of-ingolstadt-deu"]
    assert g.value(city, ORG.classification) == CATEGORY["local-government"]
    assert g.value(city, GG.administrativeLevel) == GG.LocalLevel
    assert (city, RDF.type, GG.PublicAdministration) in g
    assert _kinds(g)["city-of-ingolstadt-deu"] == "public-administration"
    (said,) = [p for p in plain.problems if "own category" in p.reason]
    assert said.row == 5 and said.column == "Responsible organisation category"
    assert said.reason == (
        "'City of Ingolstadt' is filed as Consortium (rows 5); classified as Local government, "
        "its own category (categories.csv row 7: a German city)"
    )

    mine = tmp_path / "mine.csv"
    mine.write_text(
        "name,country,category,why\n"
        "ministry of ports,ITA,Central Government,a ministry\n"
        "Harbour Lab,,Academic-Research,\n"
        "City of Ingolstadt,DEU,Consortium,as the source says\n",
        encoding="utf-8-sig",
    )
    result = import_pstw(path, categories=mine)
    g = result.graph
    ministry = OID["ministry-of-ports-ita"]
    assert g.value(ministry, ORG.classification) == CATEGORY["central-government"]
    assert g.value(ministry, GG.administrativeLevel) == GG.NationalLevel
    assert str(g.value(ministry, SKOS.prefLabel)) == "Ministry of Ports"
    assert g.value(ministry, DCTERMS.spatial) is not None
    kinds = _kinds(g)
    assert kinds["ministry-of-ports-ita"] == "public-administration"
    assert kinds["harbour-lab-ita"] == "research"
    # the user's row wins over the shipped one; the IRIs stay as they were
    assert kinds["city-of-ingolstadt-deu"] == "other"
    assert set(g.subjects(RDF.type, GG.PublicAdministration)) == {ministry}
    assert result.counts["public_administrations"] == 1
    reasons = sorted(p.reason for p in result.problems if "own category" in p.reason)
    assert reasons == [
        "'Harbour Lab' is filed as Consortium (rows 4); classified as Academic and research, "
        "its own category (mine.csv row 3)",
        "'Ministry of Ports' is filed as Consortium (rows 2, 3); classified as Central "
        "government, its own category (mine.csv row 2: a ministry)",
    ]


def test_a_row_of_another_country_does_not_apply(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("name,category,country\nMinistry of Ports,Central Government,FRA\n")
    g = import_pstw(_cases(tmp_path), categories=mine).graph
    assert g.value(OID["ministry-of-ports-ita"], ORG.classification) == CATEGORY["consortium"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,same_as\nA,B\n", "row 1: a categories file needs the columns name and category"),
        ("name,category\n,Central Government\n", "row 2: the name is empty"),
        ("name,category\nA,Ministry\n", "row 2: unknown category 'Ministry'"),
        ("name,category\nA,\n", "row 2: unknown category None"),
        ("name,category,country\nA,Private sector,Atlantis\n", "row 2: unknown country 'Atlantis'"),
        (
            "name,category,country\nA,Private sector,ITA\na ,Academic-Research,Italy\n",
            "row 3: 'a' is already named in row 2; keep one of the two rows",
        ),
    ],
)
def test_bad_files_are_refused_with_the_row(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataImportError, match=re.escape(f"bad.csv: {message}")):
        read_categories(path)
    with pytest.raises(DataImportError, match=r"bad\.csv"):
        import_pstw(_cases(tmp_path), categories=path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DataImportError, match=r"nope\.csv: no such categories file"):
        read_categories(tmp_path / "nope.csv")


def test_cli_categories_option(tmp_path: Path) -> None:
    mine = tmp_path / "mine.csv"
    mine.write_text("name,category\nHarbour Lab,Private sector\n", encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert (
        main(["import", "pstw", str(_cases(tmp_path)), "-o", str(out), "--categories", str(mine)])
        == 0
    )
    g = Graph().parse(out)
    assert g.value(OID["harbour-lab-ita"], ORG.classification) == CATEGORY["private-sector"]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,category\nHarbour Lab,Pirates\n", encoding="utf-8")
    assert (
        main(
            [
                "import",
                "pstw",
                str(_cases(tmp_path)),
                "-o",
                str(out),
                "--force",
                "--categories",
                str(bad),
            ]
        )
        != 0
    )
