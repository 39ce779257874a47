"""Supplier dependence on a small graph whose answers are known, and through the CLI."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from govgraph import ConfigurationError, GovGraph
from govgraph.analysis import supplier_dependence
from govgraph.cli import main

TTL = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix cat: <https://w3id.org/govgraph/id/org-category/> .
@prefix pk: <https://w3id.org/govgraph/id/partner-kind/> .
@prefix ct: <https://w3id.org/govgraph/id/collaboration-type/> .
@prefix tech: <https://w3id.org/govgraph/id/technology/> .
@prefix ex: <https://example.org/> .

ex:A a gg:PublicAdministration ; skos:prefLabel "Agency A"@en ; dct:spatial c:DEU ;
  gg:administrativeLevel gg:NationalLevel .
ex:B a gg:PublicAdministration ; skos:prefLabel "City B"@en ; dct:spatial c:FRA ;
  gg:administrativeLevel gg:LocalLevel .
ex:C a gg:PublicAdministration ; skos:prefLabel "Region C"@en ; dct:spatial c:ITA ;
  gg:administrativeLevel gg:RegionalLevel .
ex:D a org:Organization ; skos:prefLabel "Startup D"@en ; dct:spatial c:DEU ;
  org:classification cat:private-sector .
ex:P a gg:PrivatePartner ; skos:prefLabel "Supplier P"@en ;
  org:classification pk:company .
ex:Q a gg:PrivatePartner ; skos:prefLabel "GovTech Q"@en ;
  org:classification pk:govtech .

ex:i1 a gg:Initiative ; skos:prefLabel "i1"@en ; gg:ledBy ex:A ; gg:hasParticipant ex:P ;
  gg:usesTechnology gg:ArtificialIntelligence .
ex:i2 a gg:Initiative ; skos:prefLabel "i2"@en ; gg:ledBy ex:A ; gg:hasParticipant ex:P ;
  gg:usesTechnology tech:blockchain .
ex:i3 a gg:Initiative ; skos:prefLabel "i3"@en ; gg:ledBy ex:A ;
  gg:collaborationType ct:private-corporation .
ex:i4 a gg:Initiative ; skos:prefLabel "i4"@en ; gg:ledBy ex:A ;
  gg:collaborationType ct:internal .
ex:j1 a gg:Initiative ; skos:prefLabel "j1"@en ; gg:ledBy ex:B ; gg:hasParticipant ex:P .
ex:j2 a gg:Initiative ; skos:prefLabel "j2"@en ; gg:ledBy ex:B ; gg:hasParticipant ex:Q .
ex:j3 a gg:Initiative ; skos:prefLabel "j3"@en ; gg:ledBy ex:B ; gg:hasParticipant ex:Q .
ex:k1 a gg:Initiative ; skos:prefLabel "k1"@en ; gg:ledBy ex:C ; gg:hasParticipant ex:Q .
ex:m1 a gg:Initiative ; skos:prefLabel "m1"@en ; gg:ledBy ex:D ; gg:hasParticipant ex:P .
ex:m2 a gg:Initiative ; skos:prefLabel "m2"@en ; gg:ledBy ex:D ; gg:hasParticipant ex:P .
"""
EX = "https://example.org/"


@pytest.fixture(scope="module")
def kg() -> GovGraph:
    graph = GovGraph()
    graph.load(TTL, format="turtle")
    return graph


def pairs(found: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(d.administration[len(EX) :], d.partner[len(EX) :]) for d in found]


def test_an_administration_whose_partnered_cases_all_go_to_one_supplier(kg: GovGraph) -> None:
    found = kg.supplier_dependence()
    # A: 2 of its 2 cases with a named partner go to P; B splits 1 P / 2 Q; C has one case only;
    # D is a company (public bodies by default).
    assert pairs(found) == [("A", "P")]
    a = found[0]
    assert (a.supplier_cases, a.partnered_cases, a.share, a.cases) == (2, 2, 1.0, 4)
    assert a.unnamed_partner_cases == 1  # i3: a private corporation, not named; i4 internal
    assert a.initiatives == (EX + "i1", EX + "i2")
    assert a.administrations == (EX + "A",) and a.administrations_labels == ("Agency A",)
    assert a.partner_kind == "company" and a.partner_label == "Supplier P"
    assert a.country == "DEU" and a.administration_label == "Agency A (DE)"
    assert len(a.technologies) == 2 and len(a.technologies_labels) == 2
    assert "2 of its 2 cases" in a.because and "supplier unknown" in a.because


def test_thresholds_kinds_and_filters(kg: GovGraph) -> None:
    assert pairs(kg.supplier_dependence(min_share=0.6)) == [("A", "P"), ("B", "Q")]
    assert pairs(kg.supplier_dependence(min_cases=1)) == [("A", "P"), ("C", "Q")]
    assert pairs(kg.supplier_dependence(min_cases=1, min_share=0.3)) == [
        ("A", "P"),
        ("B", "Q"),
        ("C", "Q"),
        ("B", "P"),
    ]
    # D: 2 of its 2 cases in all, A: 2 of its 4 (both 2 of 2 with a named partner).
    assert pairs(kg.supplier_dependence(kind="any")) == [("D", "P"), ("A", "P")]
    assert pairs(kg.supplier_dependence(min_cases=1, partner_kind="govtech")) == [("C", "Q")]
    assert pairs(kg.supplier_dependence(min_cases=1, country="ITA")) == [("C", "Q")]
    assert pairs(kg.supplier_dependence(min_cases=1, level="national")) == [("A", "P")]
    # Only the blockchain case of A is selected: one case, no dependence at min_cases=2.
    assert (
        kg.supplier_dependence(technology="https://w3id.org/govgraph/id/technology/blockchain")
        == []
    )
    one = kg.supplier_dependence(
        technology="https://w3id.org/govgraph/id/technology/blockchain", min_cases=1
    )
    assert pairs(one) == [("A", "P")] and one[0].cases == 1
    assert kg.supplier_dependence(top=0) == []
    for bad in ({"min_cases": 0}, {"min_share": 0.0}, {"min_share": 1.5}, {"partner_kind": "x"}):
        with pytest.raises(ConfigurationError):
            supplier_dependence(kg.store, **bad)  # type: ignore[arg-type]


def test_cli_json_csv_and_xlsx(
    kg: GovGraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "g.ttl"
    data.write_text(TTL, encoding="utf-8")
    base = ["partners", str(data), "--dependence"]
    assert main([*base, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["administration_label"], r["partner_label"]) for r in rows] == [
        ("Agency A (DE)", "Supplier P")
    ]
    for field in (
        "partner",
        "partner_label",
        "partner_kind",
        "administrations",
        "initiatives",
        "technologies",
        "administrations_labels",
        "initiatives_labels",
        "technologies_labels",
    ):
        assert field in rows[0]
    assert main([*base, "--min-cases", "1", "--min-share", "0.3", "--format", "csv"]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["administration_label"], r["supplier_cases"]) for r in table] == [
        ("Agency A (DE)", "2"),
        ("City B (FR)", "2"),
        ("Region C (IT)", "1"),
        ("City B (FR)", "1"),
    ]
    out = tmp_path / "dependence.xlsx"
    assert main([*base, "--format", "xlsx", "--output", str(out)]) == 0
    import openpyxl

    wb = openpyxl.load_workbook(out, read_only=True)
    sheets = [ws for ws in wb.worksheets if ws.title != "readme"]
    values = [r for r in sheets[0].iter_rows(values_only=True)]
    wb.close()
    assert values[0][0] == "administration" and len(values) == 2
    assert main([*base]) == 0
    assert "Supplier" in capsys.readouterr().out
