"""Skill gaps and actors without inventory narrowed by the filters, on a graph of known answers.

Who is looked at: public bodies by default (a company with an inventory has gaps too, listed
with ``kind="any"``); ``country`` and ``level`` choose among them. Which needs count: only the
technologies of the initiatives the initiative filters keep.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path

import pytest

import govgraph
from govgraph import analysis
from govgraph.analysis import Filters

EX = "http://example.org/"
DATA = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix cat: <https://w3id.org/govgraph/id/organisation-category/> .
ex:de a gg:PublicAdministration ; skos:prefLabel "Federal Office"@en ; dct:spatial c:DEU ;
  gg:administrativeLevel gg:NationalLevel .
ex:at a gg:PublicAdministration ; skos:prefLabel "City of Graz"@en ; dct:spatial c:AUT ;
  gg:administrativeLevel gg:LocalLevel .
ex:firm org:classification cat:private-company ; skos:prefLabel "Firm"@en ; dct:spatial c:DEU .
ex:ngo org:classification cat:ngo ; skos:prefLabel "Open Society"@en ; dct:spatial c:AUT .
ex:town a gg:PublicAdministration ; skos:prefLabel "Town of Linz"@en ; dct:spatial c:AUT .
ex:kde a gg:Competency ; gg:heldBy ex:de ; gg:skill ex:other ; gg:proficiencyLevel 2 .
ex:kat a gg:Competency ; gg:heldBy ex:at ; gg:skill ex:other ; gg:proficiencyLevel 2 .
ex:kfirm a gg:Competency ; gg:heldBy ex:firm ; gg:skill ex:other ; gg:proficiencyLevel 2 .
ex:AI a gg:Technology ; skos:prefLabel "AI"@en ; gg:requiresSkill ex:python .
ex:chatbots a gg:Technology ; skos:prefLabel "chatbots"@en ; skos:broader ex:AI ;
  gg:requiresSkill ex:dialogue .
ex:ledger a gg:Technology ; skos:prefLabel "blockchain"@en ; gg:requiresSkill ex:crypto .
ex:i1 a gg:Initiative ; gg:ledBy ex:de ; gg:usesTechnology ex:chatbots ; gg:startYear 2018 .
ex:i2 a gg:Initiative ; gg:ledBy ex:de ; gg:usesTechnology ex:ledger ; gg:startYear 2022 ;
  gg:status gg:StatusPilot .
ex:i3 a gg:Initiative ; gg:ledBy ex:at ; gg:usesTechnology ex:ledger ; gg:startYear 2021 .
ex:i4 a gg:Initiative ; gg:ledBy ex:firm ; gg:usesTechnology ex:AI ; gg:startYear 2020 .
ex:i5 a gg:Initiative ; gg:ledBy ex:ngo ; gg:usesTechnology ex:AI ; gg:startYear 2020 .
ex:i6 a gg:Initiative ; gg:ledBy ex:town ; gg:usesTechnology ex:ledger ; gg:startYear 2019 .
"""


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


def _gaps(kg: govgraph.GovGraph, **filters: object) -> set[tuple[str, str]]:
    return {
        (g.administration.removeprefix(EX), g.skill.removeprefix(EX))
        for g in kg.skill_gaps(**filters)  # type: ignore[arg-type]
    }


def _unknown(kg: govgraph.GovGraph, **filters: object) -> list[str]:
    return [
        n.administration.removeprefix(EX)
        for n in kg.no_inventory(**filters)  # type: ignore[arg-type]
    ]


def test_public_bodies_by_default_every_kind_on_request(kg: govgraph.GovGraph) -> None:
    public = {("de", "python"), ("de", "dialogue"), ("de", "crypto"), ("at", "crypto")}
    assert _gaps(kg) == public
    assert _gaps(kg, kind="any") == public | {("firm", "python")}
    assert _gaps(kg, kind="company") == {("firm", "python")}
    assert _unknown(kg) == ["town"]
    assert sorted(_unknown(kg, kind="any")) == ["ngo", "town"]
    # an actor asked for by its IRI is looked at whatever its kind (as before the filters)
    assert _gaps(kg, actor=EX + "firm") == {("firm", "python")}
    assert _unknown(kg, actor=EX + "ngo") == ["ngo"]


def test_country_and_level_choose_the_actors(kg: govgraph.GovGraph) -> None:
    assert _gaps(kg, country="DEU") == {("de", "python"), ("de", "dialogue"), ("de", "crypto")}
    assert _gaps(kg, country="AUT") == {("at", "crypto")}
    assert _gaps(kg, country="AUT", kind="any") == {("at", "crypto")}
    assert _unknown(kg, country="AUT", kind="any") == ["ngo", "town"]
    assert _unknown(kg, country="DEU") == []
    assert _gaps(kg, level="local") == {("at", "crypto")}
    assert _gaps(kg, level="national") == _gaps(kg, country="DEU")


def test_initiative_filters_choose_the_needs(kg: govgraph.GovGraph) -> None:
    # only the cases started from 2021: the ledgers, not the chatbots of 2018
    assert _gaps(kg, years="2021-") == {("de", "crypto"), ("at", "crypto")}
    gap = next(g for g in kg.skill_gaps(years="2021-") if g.administration == EX + "de")
    assert gap.initiatives == (EX + "i2",)
    # a technology with its narrower ones: AI keeps the chatbots (and what AI itself needs)
    assert _gaps(kg, technology="AI") == {("de", "python"), ("de", "dialogue")}
    assert _gaps(kg, technology="AI", kind="any") == {
        ("de", "python"),
        ("de", "dialogue"),
        ("firm", "python"),
    }
    assert _gaps(kg, status="pilot") == {("de", "crypto")}
    assert _unknown(kg, years="-2018") == []
    assert _unknown(kg, technology="blockchain") == ["town"]


def test_a_filters_object_and_actor_names(kg: govgraph.GovGraph) -> None:
    assert kg.skill_gaps(filters=Filters(country="AUT")) == kg.skill_gaps(country="AUT")
    # a Filters object may name the actor by its label, as for synergies
    named = kg.skill_gaps(filters=Filters(actor="Firm (DE)"))
    assert {g.administration for g in named} == {EX + "firm"}
    with pytest.raises(govgraph.ConfigurationError, match="between"):
        kg.skill_gaps(filters=Filters(between="eu,national"))
    with pytest.raises(govgraph.ConfigurationError, match="country"):
        kg.no_inventory(country="Germany")
    # the facade and the function agree, filters included
    assert kg.no_inventory(country="AUT", kind="any") == analysis.no_inventory(
        kg.store, country="AUT", kind="any"
    )


def test_gap_filter_arguments_are_the_filters_of_one_actor() -> None:
    names = {f.name for f in fields(Filters)}
    assert set(analysis.GapFilterArgs.__annotations__) == names - {"actor", "between"}


def test_gaps_command_takes_the_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from govgraph.cli import main

    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")

    def rows(*options: str) -> list[tuple[str, str]]:
        capsys.readouterr()
        args = ["--quiet", "gaps", str(path), "--kind", "skills", "--format", "json", *options]
        assert main(args) == 0
        out = json.loads(capsys.readouterr().out)
        return sorted((r["kind"], r["administration"].removeprefix(EX)) for r in out)

    assert rows("--country", "AUT") == [("no-inventory", "town"), ("skill", "at")]
    assert rows("--country", "AUT", "--actor-kind", "any") == [
        ("no-inventory", "ngo"),
        ("no-inventory", "town"),
        ("skill", "at"),
    ]
    assert rows("--actor", "Firm") == [("skill", "firm")]
    assert rows("--years", "2021-", "--level", "national") == [("skill", "de")]
    # the governance gaps take the filters that fit policies; the others are named on stderr
    # (tests/test_analysis_governance_filters.py has the answers)
    capsys.readouterr()
    assert main(["gaps", str(path), "--kind", "ownership", "--actor-kind", "any"]) == 0
    assert "--actor-kind: not for governance gaps" in " ".join(capsys.readouterr().err.split())


def test_the_report_narrows_its_skill_gaps(kg: govgraph.GovGraph) -> None:
    from govgraph.report import ReportOptions, render_report

    html = render_report(kg.store, ReportOptions(filters=Filters(country="AUT")))
    skills = html[html.index('id="skills"') : html.index('id="governance"')]
    assert "Filters: country AUT" in skills
    assert "City of Graz (AT)" in skills and "Town of Linz (AT)" in skills
    assert "Federal Office" not in skills
    # the City of Graz has an inventory and a gap: the map is drawn
    assert 'id="skills-heatmap"' in skills
    # a selection where nobody with an inventory has a gap: no map of grey cells, a sentence
    town = render_report(kg.store, ReportOptions(filters=Filters(actor="Town of Linz")))
    only = town[town.index('id="skills"') : town.index('id="governance"')]
    assert 'id="skills-heatmap"' not in only
    assert "No actor selected with a recorded skills inventory has a skill gap." in only
    assert "Town of Linz (AT)" in only
    summary = html[html.index('id="summary"') : html.index('id="skills"')]
    assert "the counts above are of the whole data, and the governance gaps are those of " in (
        " ".join(summary.split())
    )
    # the governance section is narrowed by the filters that fit policies, and says so
    governance = html[html.index('id="governance"') :]
    assert "that the report's filters select (country AUT)" in governance[:600]
    # a filter that does not fit policies leaves the section whole, and it says so
    tech = render_report(kg.store, ReportOptions(filters=Filters(status="pilot")))
    assert "this section lists every policy" in tech[tech.index('id="governance"') :][:600]
    assert "this section lists every policy" not in render_report(kg.store)
