"""Funding shares narrowed by the filters, on a graph of known answers.

Germany: ``i1`` (AI, 2020, EU-funded), ``i2`` (blockchain, 2022, national funds), ``i3`` (AI and
blockchain, 2022, EU-funded). France: ``i4`` (AI, 2022, no source recorded), ``i5`` (machine
learning, narrower than AI, 2023, EU-funded, implemented).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govgraph
from govgraph import ConfigurationError
from govgraph.analysis import Filters

CASES = {  # case: (country, technologies, start year, funding source, status)
    "i1": ("DEU", ("AI",), 2020, "eu", None),
    "i2": ("DEU", ("ledger",), 2022, "national", None),
    "i3": ("DEU", ("AI", "ledger"), 2022, "eu", None),
    "i4": ("FRA", ("AI",), 2022, None, None),
    "i5": ("FRA", ("ML",), 2023, "eu", "StatusImplemented"),
}
DATA = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix fs: <https://w3id.org/govgraph/id/funding-source/> .
@prefix ex: <http://example.org/> .
ex:AI a gg:Technology ; skos:prefLabel "artificial intelligence"@en .
ex:ML a gg:Technology ; skos:prefLabel "machine learning"@en ; skos:broader ex:AI .
ex:ledger a gg:Technology ; skos:prefLabel "blockchain"@en .
ex:office a gg:PublicAdministration ; skos:prefLabel "Office"@en .
""" + "".join(
    f"ex:{case} a gg:Initiative ; gg:ledBy ex:office ; dct:spatial c:{cc} ; "
    f"gg:usesTechnology {', '.join(f'ex:{t}' for t in techs)} ; gg:startYear {year}"
    + (f" ; gg:fundingSource fs:{source}" if source else "")
    + (f" ; gg:status gg:{status}" if status else "")
    + " .\n"
    for case, (cc, techs, year, source, status) in CASES.items()
)


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


def _rows(kg: govgraph.GovGraph, **options: object) -> list[tuple[str, str, int, int, int]]:
    return [
        (r.country, (r.technology or "all").rsplit("/", 1)[-1], r.cases, r.eu_funded, r.unknown)
        for r in kg.funding_shares(**options)  # type: ignore[arg-type]
    ]


def test_without_filters(kg: govgraph.GovGraph) -> None:
    assert _rows(kg) == [("DEU", "all", 3, 2, 0), ("FRA", "all", 1, 1, 1)]


def test_the_filters_choose_the_initiatives(kg: govgraph.GovGraph) -> None:
    # AI with its narrower machine learning
    assert _rows(kg, technology="artificial intelligence") == [
        ("DEU", "all", 2, 2, 0),
        ("FRA", "all", 1, 1, 1),
    ]
    assert _rows(kg, years="2022-") == [("DEU", "all", 2, 1, 0), ("FRA", "all", 1, 1, 1)]
    assert _rows(kg, country="fra") == [("FRA", "all", 1, 1, 1)]
    assert _rows(kg, country=["DEU", "FRA"], status="implemented") == [("FRA", "all", 1, 1, 0)]
    assert _rows(kg, filters=Filters(technology="blockchain"), years="-2021") == []


def test_by_technology_keeps_the_technologies_named(kg: govgraph.GovGraph) -> None:
    every = _rows(kg, by_technology=True)
    assert ("DEU", "ledger", 2, 1, 0) in every
    # i3 uses blockchain too: no blockchain row once AI is asked for
    assert _rows(kg, by_technology=True, technology="artificial intelligence") == [
        ("DEU", "AI", 2, 2, 0),
        ("FRA", "AI", 0, 0, 1),
        ("FRA", "ML", 1, 1, 0),
    ]


def test_actor_filters_are_refused(kg: govgraph.GovGraph) -> None:
    with pytest.raises(ConfigurationError, match=r"cannot narrow funding shares.*country="):
        kg.funding_shares(filters=Filters(level="national"))
    with pytest.raises(ConfigurationError, match="blockchain"):
        kg.funding_shares(technology="blokchain")


def test_funding_command_takes_the_filters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govgraph.cli import main

    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")

    def rows(*options: str) -> list[tuple[str, int, int]]:
        capsys.readouterr()
        assert main(["--quiet", "funding", str(path), "--format", "json", *options]) == 0
        return [
            (r["country"], r["cases"], r["eu_funded"]) for r in json.loads(capsys.readouterr().out)
        ]

    assert rows() == [("DEU", 3, 2), ("FRA", 1, 1)]
    assert rows("--country", "DEU") == [("DEU", 3, 2)]
    assert rows("--technology", "blockchain", "--years", "2022") == [("DEU", 2, 1)]
    capsys.readouterr()
    assert main(["--quiet", "funding", str(path), "--format", "json"]) == 0
    # no label of the country IRIs in this data: no name, the code alone in the table
    assert {r["country_label"] for r in json.loads(capsys.readouterr().out)} == {None}


def test_the_table_lists_countries_by_the_names_it_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Germany (DEU) comes after France (FRA) by code and by name; Spain (ESP) by name only."""
    from govgraph.cli import main

    path = tmp_path / "data.ttl"
    path.write_text(
        DATA
        + 'c:DEU skos:prefLabel "Germany"@en .\nc:FRA skos:prefLabel "France"@en .\n'
        + 'c:ESP skos:prefLabel "Spain"@en .\n'
        + "ex:i6 a gg:Initiative ; gg:ledBy ex:office ; dct:spatial c:ESP ; "
        + "gg:usesTechnology ex:AI ; gg:fundingSource fs:eu .\n"
        + "ex:i7 a gg:Initiative ; gg:ledBy ex:office ; dct:spatial c:AUT ; "
        + "gg:usesTechnology ex:AI ; gg:fundingSource fs:eu .\n",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["--quiet", "funding", str(path), "--format", "json"]) == 0
    # csv and json keep the documented order: by code
    assert [r["country"] for r in json.loads(capsys.readouterr().out)] == [
        "AUT",
        "DEU",
        "ESP",
        "FRA",
    ]
    assert main(["funding", str(path), "--by-technology"]) == 0
    table = capsys.readouterr().out
    shown = [table.index(name) for name in ("AUT", "France (FRA)", "Germany (DEU)", "Spain (ESP)")]
    assert shown == sorted(shown)  # an unlabelled code stands for its name
    # within a country, technologies keep their order (by label)
    germany = table.index("Germany (DEU)")
    assert table.index("artificial", germany) < table.index("blockchain", germany)


@pytest.mark.virtuoso
def test_the_filters_give_the_same_shares_on_virtuoso(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    local = govgraph.GovGraph()
    local.load(DATA, format="turtle")
    remote = govgraph.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    remote.load(DATA, format="turtle")
    for filters in (
        {"technology": "artificial intelligence", "by_technology": True},
        {"years": "2022-", "country": "DEU"},
    ):
        mine = local.funding_shares(**filters)  # type: ignore[arg-type]
        assert remote.funding_shares(**filters) == mine, filters  # type: ignore[arg-type]
        assert mine, filters
