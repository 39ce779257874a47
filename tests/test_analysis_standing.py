"""Mutual learning names who is ahead on DESI indicators (a small graph with known answers)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from govgraph import ConfigurationError, GovGraph
from govgraph.analysis import LearningPair, mutual_learning
from govgraph.cli import main

CASES = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix tech: <https://w3id.org/govgraph/id/technology/> .
@prefix ex: <https://example.org/> .

ex:DG a gg:PublicAdministration ; skos:prefLabel "DG X"@en ; dct:spatial c:EUR ;
  gg:administrativeLevel gg:EULevel .
ex:FI a gg:PublicAdministration ; skos:prefLabel "Finnish Agency"@en ; dct:spatial c:FIN ;
  gg:administrativeLevel gg:NationalLevel .
ex:FI2 a gg:PublicAdministration ; skos:prefLabel "Finnish City"@en ; dct:spatial c:FIN ;
  gg:administrativeLevel gg:LocalLevel .
ex:IT a gg:PublicAdministration ; skos:prefLabel "Italian Agency"@en ; dct:spatial c:ITA ;
  gg:administrativeLevel gg:NationalLevel .
ex:MT a gg:PublicAdministration ; skos:prefLabel "Maltese Agency"@en ; dct:spatial c:MLT ;
  gg:administrativeLevel gg:NationalLevel .
ex:XX a gg:PublicAdministration ; skos:prefLabel "Other Agency"@en ; dct:spatial c:ITA ;
  gg:administrativeLevel gg:NationalLevel .

ex:d1 a gg:Initiative ; gg:ledBy ex:DG ; gg:usesTechnology tech:blockchain ;
  gg:status gg:StatusImplemented .
ex:f1 a gg:Initiative ; gg:ledBy ex:FI ; gg:usesTechnology tech:blockchain ;
  gg:status gg:StatusPilot .
ex:f2 a gg:Initiative ; gg:ledBy ex:FI2 ; gg:usesTechnology tech:blockchain ;
  gg:status gg:StatusPilot .
ex:i1 a gg:Initiative ; gg:ledBy ex:IT ; gg:usesTechnology tech:blockchain ;
  gg:status gg:StatusPlanned .
ex:m1 a gg:Initiative ; gg:ledBy ex:MT ; gg:usesTechnology tech:blockchain ;
  gg:status gg:StatusPlanned .
ex:x1 a gg:Initiative ; gg:ledBy ex:XX ; gg:usesTechnology gg:ArtificialIntelligence .
"""

DESI = """
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix dim: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix measure: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix attr: <http://purl.org/linked-data/sdmx/2009/attribute#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix ind: <https://w3id.org/govgraph/id/desi/indicator/> .
@prefix o: <https://example.org/obs/> .

c:FIN skos:prefLabel "Finland"@en .
c:ITA skos:prefLabel "Italy"@en .
c:MLT skos:prefLabel "Malta"@en .
ind:1b1 skos:notation "1b1" ; skos:prefLabel "ICT specialists"@en ;
  attr:unitMeasure "% individuals in employment aged 15-74"@en .
ind:4a3 skos:notation "4a3" ; skos:prefLabel "Digital public services for citizens"@en ;
  attr:unitMeasure "Score (0 to 100)"@en .
"""

_OBS = [  # indicator, country, edition, value
    ("1b1", "EUR", 2022, "0.045"),
    ("1b1", "EUR", 2021, "0.043"),
    ("1b1", "FIN", 2022, "0.074"),
    ("1b1", "FIN", 2021, "0.070"),
    ("1b1", "ITA", 2022, "0.038"),
    ("1b1", "MLT", 2020, "0.050"),
    ("4a3", "EUR", 2022, "74.6"),
    ("4a3", "FIN", 2022, "90.0"),
    ("4a3", "ITA", 2021, "60.0"),
    ("4a3", "ITA", 2022, "67.4"),
]
DESI += "".join(
    f"o:{code}-{cc}-{year} a qb:Observation ; dim:refArea c:{cc} ; "
    f'dim:refPeriod "{year}"^^xsd:gYear ; '
    f"<https://w3id.org/govgraph/id/desi/dimension/indicator> ind:{code} ; "
    f"measure:obsValue {value} .\n"
    for code, cc, year, value in _OBS
)
EX = "https://example.org/"


@pytest.fixture(scope="module")
def kg() -> GovGraph:
    graph = GovGraph()
    graph.load(CASES, DESI, format="turtle")
    return graph


def by_b(pairs: list[LearningPair]) -> dict[str, LearningPair]:
    return {p.b[len(EX) :]: p for p in pairs}


def test_eu_level_pairs_compare_the_country_with_the_eu(kg: GovGraph) -> None:
    pairs = by_b(mutual_learning(kg.store))
    fi = pairs["FI"].desi
    assert [(d.notation, d.a_country, d.b_country, d.edition) for d in fi] == [
        ("1b1", "EUR", "FIN", 2022),
        ("4a3", "EUR", "FIN", 2022),
    ]
    assert (fi[0].a_value, fi[0].b_value, fi[0].ahead) == (0.045, 0.074, "FIN")
    assert fi[0].because == (
        "Finland above the EU average on ICT specialists (1b1): 7.4% vs 4.5%, DESI 2022"
    )
    assert fi[1].because == (
        "Finland above the EU average on digital public services for citizens (4a3): "
        "90.0 vs 74.6 (score 0 to 100), DESI 2022"
    )
    it = pairs["IT"].desi
    assert [(d.notation, d.ahead) for d in it] == [("1b1", "EUR"), ("4a3", "EUR")]
    assert "Italy below the EU average" in it[1].because
    # Malta's only value is of another edition than the EU's: nothing is compared.
    assert pairs["MT"].desi == ()
    assert pairs["FI"].to_dict()["desi"][0]["ahead"] == "FIN"


def test_country_pairs_name_the_country_ahead(kg: GovGraph) -> None:
    pairs = by_b(mutual_learning(kg.store, actor=EX + "IT"))
    fi = pairs["FI"].desi
    assert [(d.notation, d.a_country, d.b_country, d.ahead, d.edition) for d in fi] == [
        ("1b1", "ITA", "FIN", "FIN", 2022),
        ("4a3", "ITA", "FIN", "FIN", 2022),
    ]
    assert (
        fi[0].because == "Finland ahead of Italy on ICT specialists (1b1): 7.4% vs 3.8%, DESI 2022"
    )
    # One indicator only, or none.
    only = by_b(mutual_learning(kg.store, actor=EX + "IT", desi_indicators=("4a3",)))
    assert [d.notation for d in only["FI"].desi] == ["4a3"]
    assert all(p.desi == () for p in mutual_learning(kg.store, desi_indicators=()))
    with pytest.raises(ConfigurationError, match="known codes: 1b1, 4a3"):
        mutual_learning(kg.store, desi_indicators=("9z9",))
    # Two actors of one country: nothing to compare.
    same = by_b(mutual_learning(kg.store, actor=EX + "FI"))
    assert same["FI2"].desi == ()


def test_without_desi_nothing_changes() -> None:
    graph = GovGraph()
    graph.load(CASES, format="turtle")
    plain = mutual_learning(graph.store)
    assert plain and all(p.desi == () for p in plain)
    with_desi = GovGraph()
    with_desi.load(CASES, DESI, format="turtle")
    # Same pairs, same order: DESI adds a field, it does not rank.
    assert [(p.a, p.b, p.score) for p in plain] == [
        (p.a, p.b, p.score) for p in mutual_learning(with_desi.store)
    ]


def test_cli_learning_with_desi(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases, desi = tmp_path / "cases.ttl", tmp_path / "desi.ttl"
    cases.write_text(CASES, encoding="utf-8")
    desi.write_text(DESI, encoding="utf-8")
    assert main(["learning", str(cases), str(desi), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    fi = next(r for r in rows if r["b"] == EX + "FI")
    assert [d["notation"] for d in fi["desi"]] == ["1b1", "4a3"]
    assert main(["learning", str(cases), str(desi), "--format", "csv"]) == 0
    text = capsys.readouterr().out
    assert "Finland above the EU average on ICT specialists (1b1)" in text
    base = ["learning", str(cases), str(desi), "--format", "json"]
    assert main([*base, "--desi-indicator", "4a3"]) == 0
    fi = next(r for r in json.loads(capsys.readouterr().out) if r["b"] == EX + "FI")
    assert [d["notation"] for d in fi["desi"]] == ["4a3"]
    assert main([*base, "--desi-indicator", "none"]) == 0
    assert all(r["desi"] == [] for r in json.loads(capsys.readouterr().out))


def test_cli_learning_table_says_who_is_ahead_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The table names the indicators each side leads on (csv and json keep the figures).

    Regression: three sentences with figures per pair took two thirds of each row.
    """
    cases, desi = tmp_path / "cases.ttl", tmp_path / "desi.ttl"
    cases.write_text(CASES, encoding="utf-8")
    desi.write_text(DESI, encoding="utf-8")
    assert (
        main(
            ["learning", str(cases), str(desi)],
        )
        == 0
    )
    out = " ".join(capsys.readouterr().out.replace("│", " ").split())
    # Finland: above the EU average on both indicators (DESI 2022)
    assert "DESI 2022: FIN ahead on ICT specialists, Digital public services for citizens" in out
    assert "Finland above the EU average" not in out
