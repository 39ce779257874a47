"""``adoption``: counts, shares, start-year series, filters, CLI outputs (json, csv, xlsx)."""

from __future__ import annotations

import csv
import io
import json
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, SKOS

from govgraph import ConfigurationError, GovGraph
from govgraph.analysis import Filters, adoption
from govgraph.cli import main

GG = Namespace("https://w3id.org/govgraph#")
EX = Namespace("https://example.org/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")


def add_case(
    g: Graph,
    ident: str,
    *,
    country: str,
    techs: tuple[str, ...],
    start: int | None,
    status: str,
    org: str,
    level: str = "NationalLevel",
    dataset: str = "ds",
) -> None:
    iri = EX[f"initiative/{ident}"]
    g.add((iri, RDF.type, GG.Initiative))
    g.add((iri, DCTERMS.identifier, Literal(ident)))
    g.add((iri, SKOS.prefLabel, Literal(f"Case {ident}", lang="en")))
    g.add((iri, DCTERMS.spatial, COUNTRY[country]))
    g.add((iri, GG.ledBy, EX[org]))
    g.add((iri, GG.status, GG[status]))
    g.add((iri, PROV.wasDerivedFrom, EX[dataset]))
    if start is not None:
        g.add((iri, GG.startYear, Literal(start)))
    for t in techs:
        g.add((iri, GG.usesTechnology, EX[t]))
    g.add((EX[org], RDF.type, GG.PublicAdministration))
    g.add((EX[org], SKOS.prefLabel, Literal(org, lang="en")))
    g.add((EX[org], DCTERMS.spatial, COUNTRY[country]))
    g.add((EX[org], GG.administrativeLevel, GG[level]))


def sample() -> Graph:
    g = Graph()
    for t, label in (("ai", "AI"), ("bc", "blockchain")):
        g.add((EX[t], RDF.type, GG.Technology))
        g.add((EX[t], SKOS.prefLabel, Literal(label, lang="en")))
    g.add((COUNTRY.NLD, SKOS.prefLabel, Literal("Netherlands", lang="en")))
    add_case(g, "A", country="NLD", techs=("ai",), start=2020, status="StatusPilot", org="o1")
    add_case(
        g, "B", country="NLD", techs=("ai", "bc"), start=2021, status="StatusImplemented", org="o2"
    )
    add_case(
        g,
        "C",
        country="BEL",
        techs=("bc",),
        start=2021,
        status="StatusPilot",
        org="o3",
        level="LocalLevel",
    )
    add_case(
        g,
        "D",
        country="BEL",
        techs=(),
        start=None,
        status="StatusPlanned",
        org="o3",
        level="LocalLevel",
    )
    return g


@pytest.fixture(scope="module")
def kg() -> GovGraph:
    graph = GovGraph()
    graph.add(sample())
    return graph


def test_counts_and_shares(kg: GovGraph) -> None:
    result = kg.adoption(by="country,technology")
    rows = {(r["country"], r["technology"]): r for r in result.rows}
    assert result.total == 4
    assert rows[("NLD", str(EX.ai))]["cases"] == 2
    assert rows[("NLD", str(EX.ai))]["share"] == 1.0
    assert rows[("NLD", str(EX.bc))]["share"] == 0.5
    assert rows[("NLD", str(EX.bc))]["share_of_all"] == 0.25
    assert rows[("BEL", str(EX.bc))]["share"] == 0.5  # BEL has 2 cases, one without technology
    assert rows[("BEL", None)]["technology_label"] == "(not recorded)"
    assert rows[("NLD", str(EX.ai))]["country_label"] == "Netherlands"
    assert rows[("NLD", str(EX.bc))]["technology_label"] == "blockchain"
    # most cases first: NLD (2 cases) rows before BEL (2 cases, then by code) ... ties by code
    assert [r["country"] for r in result.rows][:1] in (["BEL"], ["NLD"])
    assert result.without_start_year == 1
    assert {(r["year"], r["technology"], r["cases"]) for r in result.started} == {
        (2020, str(EX.ai), 1),
        (2021, str(EX.ai), 1),
        (2021, str(EX.bc), 2),
    }
    assert {(r["year"], r["country"], r["cases"]) for r in result.started_by_country} == {
        (2020, "NLD", 1),
        (2021, "NLD", 1),
        (2021, "BEL", 1),
    }


def test_other_dimensions(kg: GovGraph) -> None:
    status = {r["status"]: r["cases"] for r in kg.adoption(by="status").rows}
    assert status == {"Pilot": 2, "Implemented": 1, "Planned": 1}
    rows = kg.adoption(by="status").rows
    assert [r["status"] for r in rows] == ["Planned", "Pilot", "Implemented"]  # by progress
    pilot = rows[1]
    assert pilot["share"] == pilot["share_of_all"] == 0.5
    years = [r["year"] for r in kg.adoption(by="year").rows]
    assert years == [2020, 2021, None]  # time order, unknown last
    level = {(r["level"], r["year"]): r["cases"] for r in kg.adoption(by=["level", "year"]).rows}
    assert level == {
        ("national", 2020): 1,
        ("national", 2021): 1,
        ("local", 2021): 1,
        ("local", None): 1,
    }


def test_filters(kg: GovGraph) -> None:
    assert kg.adoption(by="technology", country="NLD").total == 2
    assert kg.adoption(by="technology", level="local").total == 2
    assert kg.adoption(by="technology", years="2021-2022").total == 2
    assert kg.adoption(by="country", status="pilot").total == 2
    only_bc = kg.adoption(by="country", technology=str(EX.bc))
    assert {r["country"]: r["cases"] for r in only_bc.rows} == {"NLD": 1, "BEL": 1}
    assert only_bc.filters == Filters(technology=str(EX.bc))
    with pytest.raises(ConfigurationError, match="between"):
        kg.adoption(between="eu,national")
    with pytest.raises(ConfigurationError, match="unknown adoption dimension"):
        kg.adoption(by="country,colour")


def test_several_releases_need_a_choice() -> None:
    g = sample()
    add_case(
        g,
        "E",
        country="NLD",
        techs=("ai",),
        start=2019,
        status="StatusPilot",
        org="o1",
        dataset="other",
    )
    both = GovGraph()
    both.add(g)
    with pytest.raises(ConfigurationError, match="several releases"):
        adoption(both.store)
    assert adoption(both.store, dataset=str(EX.other)).total == 1


def test_cli_formats(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    sample().serialize(data, format="turtle")
    out = io.StringIO()
    with redirect_stdout(out):
        assert (
            main(["--quiet", "adoption", str(data), "--by", "country,technology", "-f", "json"])
            == 0
        )
    payload = json.loads(out.getvalue())
    assert payload["total"] == 4 and payload["by"] == ["country", "technology"]
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(
            [
                "--quiet",
                "adoption",
                str(data),
                "-f",
                "csv",
                "--table",
                "started-per-technology",
                "--country",
                "NLD",
            ]
        )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {(r["year"], r["technology_label"], r["cases"]) for r in rows} == {
        ("2020", "AI", "1"),
        ("2021", "AI", "1"),
        ("2021", "blockchain", "1"),
    }
    book = tmp_path / "adoption.xlsx"
    assert (
        main(["--quiet", "adoption", str(data), "-f", "xlsx", "-o", str(book), "--level", "local"])
        == 0
    )
    wb = openpyxl.load_workbook(book, read_only=True)
    assert wb.sheetnames == ["readme", "adoption", "started_per_technology", "started_per_country"]
    readme = {r[0]: r[1] for r in wb["readme"].iter_rows(values_only=True)}
    assert "local" in str(readme["filters"])
    assert readme["cases counted"] == 2
    header = next(wb["adoption"].iter_rows(values_only=True))
    assert header[:4] == ("country", "country_label", "technology", "technology_label")
    assert main(["--quiet", "adoption", str(data), "-f", "xlsx"]) == 2  # needs -o
