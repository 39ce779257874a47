"""Governance gaps narrowed by the filters, on a graph of known answers.

Two bodies: ``O1`` (Germany, national) with its unit ``U1`` (no country or level of its own),
and ``O2`` (France, regional). Four policies:

- ``P1``: owned by ``U1``; General economic, commercial and labour affairs (COFOG 04.1);
  started 2020; nothing implements it (implementation gap).
- ``P2``: owned by ``O2``; General public services (01); started 2023; not implemented.
- ``P3``: no owner; Transport (04.5); started 2024; not implemented (ownership and
  implementation gaps).
- ``P4``: owned by ``O1`` and ``O2``, neither a unit of the other (unclear lead); General public
  services; no start year; implemented by ``I1``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import govgraph
from govgraph import ConfigurationError
from govgraph.analysis import Filters

DATA = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix cofog: <http://linked.data.gov.au/def/cofog/> .
@prefix ex: <http://example.org/> .
cofog:01 a skos:Concept ; skos:prefLabel "General public services"@en .
cofog:04 a skos:Concept ; skos:prefLabel "Economic affairs"@en .
cofog:041 a skos:Concept ; skos:broader cofog:04 ;
    skos:prefLabel "General economic, commercial and labour affairs"@en .
cofog:045 a skos:Concept ; skos:broader cofog:04 ; skos:prefLabel "Transport"@en .
ex:T a gg:Technology ; skos:prefLabel "blockchain"@en .
ex:O1 a gg:PublicAdministration ; skos:prefLabel "Federal Office"@en ; dct:spatial c:DEU ;
    gg:administrativeLevel gg:NationalLevel .
ex:U1 a gg:AdministrativeUnit ; skos:prefLabel "Policy Unit"@en ; org:unitOf ex:O1 .
ex:O2 a gg:PublicAdministration ; skos:prefLabel "Regional Council"@en ; dct:spatial c:FRA ;
    gg:administrativeLevel gg:RegionalLevel .
ex:P1 a gg:Policy ; skos:prefLabel "Market tools"@en ; gg:ownedBy ex:U1 ;
    gg:policyArea cofog:041 ; gg:startYear 2020 .
ex:P2 a gg:Policy ; skos:prefLabel "Regional services"@en ; gg:ownedBy ex:O2 ;
    gg:policyArea cofog:01 ; gg:startYear 2023 .
ex:P3 a gg:Policy ; skos:prefLabel "Transport plan"@en ; gg:policyArea cofog:045 ;
    gg:startYear 2024 .
ex:P4 a gg:Policy ; skos:prefLabel "Shared services"@en ; gg:ownedBy ex:O1, ex:O2 ;
    gg:policyArea cofog:01 .
ex:I1 a gg:Initiative ; skos:prefLabel "Shared platform"@en ; gg:ledBy ex:O1 ;
    gg:implements ex:P4 ; gg:usesTechnology ex:T ; gg:startYear 2021 ; dct:spatial c:DEU .
"""


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


def _found(kg: govgraph.GovGraph, **filters: object) -> list[tuple[str, str]]:
    return [
        (g.kind, g.policy.rsplit("/", 1)[-1])
        for g in kg.governance_gaps(**filters)  # type: ignore[arg-type]
    ]


EVERY = [
    ("ownership", "P3"),
    ("implementation", "P1"),
    ("implementation", "P2"),
    ("implementation", "P3"),
    ("unclear-lead", "P4"),
]


def test_without_filters_every_gap(kg: govgraph.GovGraph) -> None:
    assert _found(kg) == EVERY


def test_owner_filters(kg: govgraph.GovGraph) -> None:
    # U1 has Germany from O1; a policy without owner has no country, so P3 is left out
    assert _found(kg, country="DEU") == [("implementation", "P1"), ("unclear-lead", "P4")]
    assert _found(kg, country=["FRA"]) == [("implementation", "P2"), ("unclear-lead", "P4")]
    assert _found(kg, level="regional") == [("implementation", "P2"), ("unclear-lead", "P4")]
    assert _found(kg, level="national") == [("implementation", "P1"), ("unclear-lead", "P4")]
    assert _found(kg, country="ITA") == []


def test_actor_covers_its_units(kg: govgraph.GovGraph) -> None:
    # O1 owns P4 and, through its unit U1, P1; U1 leads no initiative and is still found
    assert _found(kg, actor="Federal Office") == [("implementation", "P1"), ("unclear-lead", "P4")]
    assert _found(kg, actor="Policy Unit (DE)") == [("implementation", "P1")]
    assert _found(kg, actor="http://example.org/O2") == [
        ("implementation", "P2"),
        ("unclear-lead", "P4"),
    ]
    with pytest.raises(ConfigurationError, match="Federal Office"):
        _found(kg, actor="Federal Ofice")


def test_policy_area_includes_narrower_and_labels_with_commas(kg: govgraph.GovGraph) -> None:
    economy = [("ownership", "P3"), ("implementation", "P1"), ("implementation", "P3")]
    assert _found(kg, policy_area="Economic affairs") == economy
    # a label that holds a comma is one name; two names may be given with a comma
    one = "General economic, commercial and labour affairs"
    assert _found(kg, policy_area=one) == [("implementation", "P1")]
    assert _found(kg, policy_area="Transport, General public services") == [
        ("ownership", "P3"),
        ("implementation", "P2"),
        ("implementation", "P3"),
        ("unclear-lead", "P4"),
    ]
    with pytest.raises(ConfigurationError, match="Transport"):
        _found(kg, policy_area="Transprt")


def test_years_and_combinations(kg: govgraph.GovGraph) -> None:
    # P4 has no start year: left out when years are set
    assert _found(kg, years="2021-") == [
        ("ownership", "P3"),
        ("implementation", "P2"),
        ("implementation", "P3"),
    ]
    assert _found(kg, years=(None, 2020)) == [("implementation", "P1")]
    assert _found(kg, years="2021-", policy_area="Economic affairs", kind="implementation") == [
        ("implementation", "P3")
    ]
    assert _found(kg, filters=Filters(country="DEU"), years="2019-2020") == [
        ("implementation", "P1")
    ]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(technology="blockchain"),
        Filters(status="pilot"),
        Filters(kind="company"),
        Filters(between="eu,national"),
    ],
)
def test_filters_that_do_not_fit_policies_are_refused(
    kg: govgraph.GovGraph, filters: Filters
) -> None:
    with pytest.raises(ConfigurationError, match=r"cannot narrow governance gaps.*policy_area="):
        kg.governance_gaps(filters=filters)


def test_gaps_command_narrows_governance_gaps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govgraph.cli import main

    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")

    def rows(*options: str) -> list[tuple[str, str]]:
        capsys.readouterr()
        args = ["--quiet", "gaps", str(path), "--kind", "implementation", "--format", "json"]
        assert main([*args, *options]) == 0
        out = json.loads(capsys.readouterr().out)
        return [(r["kind"], r["policy"].rsplit("/", 1)[-1]) for r in out]

    assert rows() == [("implementation", "P1"), ("implementation", "P2"), ("implementation", "P3")]
    assert rows("--country", "DEU") == [("implementation", "P1")]
    assert rows("--actor", "Regional Council (FR)") == [("implementation", "P2")]
    assert rows("--policy-area", "Economic affairs", "--years", "2021-") == [
        ("implementation", "P3")
    ]
    # a filter that does not fit policies: said on stderr, the list is not narrowed by it
    assert rows("--technology", "blockchain", "--country", "FRA") == [("implementation", "P2")]
    assert main(["--quiet", "gaps", str(path), "--kind", "ownership", "--status", "pilot"]) == 0
    err = " ".join(capsys.readouterr().err.split())  # the terminal wraps the note
    assert "--status: not for governance gaps" in err and "listed without it." in err


def test_report_narrows_the_governance_section(kg: govgraph.GovGraph) -> None:
    from govgraph.report import ReportOptions, render_report

    def section(html: str) -> str:
        return html.split('<section id="governance">')[1].split("</section>")[0]

    every = section(render_report(kg.store, ReportOptions(validate=False)))
    deu = section(
        render_report(kg.store, ReportOptions(validate=False, filters=Filters(country="DEU")))
    )
    assert "Transport plan" in every and "Regional services" in every
    assert "Transport plan" not in deu and "Regional services" not in deu
    assert "Market tools" in deu and "country DEU" in deu
    # nothing selected: the section does not claim that every policy is covered
    ita = section(
        render_report(kg.store, ReportOptions(validate=False, filters=Filters(country="ITA")))
    )
    assert "No governance gaps among the policies the filters select (country ITA)" in ita
    assert "every policy has an owner" not in ita


@pytest.mark.virtuoso
def test_the_filters_give_the_same_answers_on_virtuoso(virtuoso, graph_iri: str) -> None:  # type: ignore[no-untyped-def]
    local = govgraph.GovGraph()
    local.load(DATA, format="turtle")
    remote = govgraph.GovGraph.connect(virtuoso.query_url, graph=graph_iri)
    remote.load(DATA, format="turtle")
    for filters in (
        {},
        {"country": "DEU"},
        {"actor": "Federal Office"},
        {"policy_area": "Economic affairs"},
        {"years": "2021-"},
    ):
        mine = local.governance_gaps(**filters)  # type: ignore[arg-type]
        assert remote.governance_gaps(**filters) == mine, filters  # type: ignore[arg-type]
        assert mine, filters
