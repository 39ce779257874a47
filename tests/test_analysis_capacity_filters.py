"""Capacity gaps narrowed by the filters, on a graph of known answers.

Five countries, ranked on one DESI indicator from AUT (lowest) to EST (highest), and their AI
cases: AUT 5 (2018, one of them chatbots), BEL 4 (2022, pilots, all chatbots), CZE 3, DNK 2,
EST 1 (2022, one chatbot and one pilot each). With ``min_cases=1`` and the default margin (half
the field), only AUT's AI adoption (rank 1 of 5) outruns its indicator (rank 5 of 5).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govgraph
from govgraph import analysis
from govgraph.analysis import Filters

PREFIXES = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix dim: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix measure: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix ind: <https://w3id.org/govgraph/id/desi/indicator/> .
@prefix ex: <http://example.org/> .
ex:AI a gg:Technology ; skos:prefLabel "artificial intelligence"@en .
ex:chatbots a gg:Technology ; skos:prefLabel "chatbots"@en ; skos:broader ex:AI .
ex:health a skos:Concept ; skos:prefLabel "Health"@en .
ind:1b1 skos:notation "1b1" ; skos:prefLabel "ICT specialists"@en .
"""
# country: (indicator value, [(start year, chatbots?, pilot?), ...])
CASES = {
    "AUT": ("0.01", [(2018, True, False)] + [(2018, False, False)] * 4),
    "BEL": ("0.02", [(2022, True, True)] * 4),
    "CZE": ("0.03", [(2022, True, True)] + [(2022, False, False)] * 2),
    "DNK": ("0.04", [(2022, True, True), (2022, False, False)]),
    "EST": ("0.05", [(2022, True, True)]),
}


def _data(scale: int = 1) -> str:
    """The graph, each case stated ``scale`` times (as distinct cases)."""
    out = [PREFIXES]
    for cc, (value, cases) in CASES.items():
        out.append(
            f"ex:o{cc} a qb:Observation ; dim:refArea c:{cc} ; "
            f'dim:refPeriod "2022"^^xsd:gYear ; '
            f"<https://w3id.org/govgraph/id/desi/dimension/indicator> ind:1b1 ; "
            f"measure:obsValue {value} .\n"
            f"ex:{cc} a gg:PublicAdministration ; dct:spatial c:{cc} ; "
            f'skos:prefLabel "Office {cc}"@en ; gg:administrativeLevel gg:NationalLevel .\n'
        )
        for k, (year, chatbots, pilot) in enumerate(cases * scale):
            tech = "ex:chatbots" if chatbots else "ex:AI"
            status = " ; gg:status gg:StatusPilot" if pilot else ""
            area = " ; gg:policyArea ex:health" if cc == "AUT" and k == 0 else ""  # one case
            out.append(
                f"ex:{cc}{k} a gg:Initiative ; gg:ledBy ex:{cc} ; dct:spatial c:{cc} ; "
                f"gg:usesTechnology {tech} ; gg:startYear {year}{status}{area} .\n"
            )
    return "".join(out)


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(_data(), format="turtle")
    return graph


def _found(kg: govgraph.GovGraph, **filters: object) -> list[tuple[str, str, int, int, int]]:
    return [
        (g.country, g.technology.rsplit("/", 1)[-1], g.adoption, g.adoption_rank, g.countries)
        for g in kg.capacity_gaps(indicators=("1b1",), min_cases=1, **filters)  # type: ignore[arg-type]
    ]


def test_without_filters_the_top_technology_is_compared(kg: govgraph.GovGraph) -> None:
    assert _found(kg) == [("AUT", "AI", 5, 1, 5)]


def test_country_shows_that_country_ranked_among_all(kg: govgraph.GovGraph) -> None:
    assert _found(kg, country="AUT") == [("AUT", "AI", 5, 1, 5)]
    assert _found(kg, country=["BEL", "CZE"]) == []


def test_technology_compares_that_technology(kg: govgraph.GovGraph) -> None:
    # chatbots: BEL 4 (rank 1), the others 1 (rank 2); BEL and AUT rank last on the indicator
    assert _found(kg, technology="chatbots") == [
        ("AUT", "chatbots", 1, 2, 5),
        ("BEL", "chatbots", 4, 1, 5),
    ]
    # by IRI, and with its broader technology: both rows
    both = _found(kg, technology=["http://example.org/chatbots", "artificial intelligence"])
    assert both == [
        ("AUT", "AI", 5, 1, 5),
        ("AUT", "chatbots", 1, 2, 5),
        ("BEL", "chatbots", 4, 1, 5),
    ]


def test_initiative_filters_choose_what_counts_as_adoption(kg: govgraph.GovGraph) -> None:
    # since 2021, AUT has no case: BEL leads 4 countries and ranks last among them
    assert _found(kg, years="2021-") == [("BEL", "AI", 4, 1, 4)]
    assert _found(kg, status="pilot") == [("BEL", "AI", 4, 1, 4)]
    # the finding says which cases were counted
    (gap,) = kg.capacity_gaps(min_cases=1, years="2021-")
    assert gap.because.startswith("4 initiatives (started 2021–…) use artificial intelligence")
    assert kg.capacity_gaps(min_cases=1)[0].because.startswith("5 initiatives use artificial")
    # one AUT case in health only: four countries would be needed
    assert _found(kg, policy_area="Health") == []
    assert _found(kg, filters=Filters(years="2021-"), country="AUT") == []


def test_actor_filters_are_refused_with_what_to_use(kg: govgraph.GovGraph) -> None:
    for bad in ({"level": "national"}, {"kind": "any"}, {"filters": Filters(actor="Office AUT")}):
        with pytest.raises(govgraph.ConfigurationError, match=r"use country=, technology="):
            _found(kg, **bad)
    with pytest.raises(govgraph.ConfigurationError, match="closest: chatbots"):
        _found(kg, technology="chatbot")
    # also without DESI observations (nothing to compare): the name is still checked
    no_desi = govgraph.GovGraph()
    cases = "".join(line for line in _data().splitlines(True) if "qb:Observation" not in line)
    no_desi.load(cases, format="turtle")
    assert no_desi.capacity_gaps() == []
    with pytest.raises(govgraph.ConfigurationError, match="closest: chatbots"):
        no_desi.capacity_gaps(technology="chatbot")
    # the facade and the function agree
    assert kg.capacity_gaps(country="AUT", min_cases=1) == analysis.capacity_gaps(
        kg.store, country="AUT", min_cases=1
    )


def test_gaps_command_narrows_capacity_gaps(
    kg: govgraph.GovGraph, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govgraph.cli import main

    path = tmp_path / "data.ttl"
    path.write_text(_data(scale=5), encoding="utf-8")  # the command compares 5 cases or more

    def rows(*options: str) -> list[tuple[str, str]]:
        capsys.readouterr()
        args = ["--quiet", "gaps", str(path), "--kind", "capacity", "--format", "json", *options]
        assert main(args) == 0
        out = json.loads(capsys.readouterr().out)
        return [(r["country"], r["technology"].rsplit("/", 1)[-1]) for r in out]

    assert rows() == [("AUT", "AI")]
    assert rows("--country", "BEL") == []
    assert rows("--years", "2021-") == [("BEL", "AI")]
    assert rows("--technology", "chatbots") == [("AUT", "chatbots"), ("BEL", "chatbots")]
    # a filter that does not apply: said on stderr, the list is not narrowed by it
    assert rows("--level", "national") == [("AUT", "AI")]
    assert main(["--quiet", "gaps", str(path), "--kind", "capacity", "--level", "national"]) == 0
    err = " ".join(capsys.readouterr().err.split())  # the terminal wraps the note
    assert "--level: not for capacity gaps" in err and "listed without it." in err


@pytest.mark.virtuoso
def test_the_filters_give_the_same_answers_on_virtuoso(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    local = govgraph.GovGraph()
    local.load(_data(), format="turtle")
    remote = govgraph.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    remote.load(_data(), format="turtle")
    for filters in ({}, {"country": "AUT"}, {"technology": "chatbots"}, {"years": "2021-"}):
        mine = local.capacity_gaps(min_cases=1, **filters)  # type: ignore[arg-type]
        assert remote.capacity_gaps(min_cases=1, **filters) == mine, filters  # type: ignore[arg-type]
        assert mine, filters  # each has a finding: the comparison means something
