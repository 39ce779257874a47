"""Lists kept short by the per-actor limit say so; per-partner lists refuse ``between``.

Known answers: E1 (EU level), N1 and N2 (national) and L1 (local) each lead one case using the
technology T, so every two of them share it. With one pair per actor (the commands' default)
``synergies --top 5`` lists 2 of the 6 pairs and ``learning`` 1 of its 3 (EU level with the
others); without the limit, all. Four more actors F1-F4 each use a technology of their own (so
that T, held by half of the actors, weighs something). Partners: Acme works with N1 and L1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import govgraph
import govgraph.cli
from govgraph import ConfigurationError
from govgraph.analysis import Filters, partners, skill_gaps, supplier_dependence
from govgraph.report import ReportOptions, render_report

GRAPH = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
ex:E1 a gg:PublicAdministration ; skos:prefLabel "E1"@en ; gg:administrativeLevel gg:EULevel .
ex:N1 a gg:PublicAdministration ; skos:prefLabel "N1"@en ; gg:administrativeLevel gg:NationalLevel .
ex:N2 a gg:PublicAdministration ; skos:prefLabel "N2"@en ; gg:administrativeLevel gg:NationalLevel .
ex:L1 a gg:PublicAdministration ; skos:prefLabel "L1"@en ; gg:administrativeLevel gg:LocalLevel .
ex:Acme a gg:PrivatePartner ; skos:prefLabel "Acme"@en .
ex:e1 gg:ledBy ex:E1 ; gg:usesTechnology ex:T ; gg:status gg:StatusPilot .
ex:n1 gg:ledBy ex:N1 ; gg:usesTechnology ex:T ; gg:status gg:StatusImplemented ;
    gg:hasParticipant ex:Acme .
ex:n2 gg:ledBy ex:N2 ; gg:usesTechnology ex:T ; gg:status gg:StatusImplemented .
ex:l1 gg:ledBy ex:L1 ; gg:usesTechnology ex:T ; gg:status gg:StatusPilot ;
    gg:hasParticipant ex:Acme .
""" + "".join(  # four more actors, each with a technology of its own: T is not held by all
    f'ex:F{k} a gg:PublicAdministration ; skos:prefLabel "F{k}"@en ; '
    f"gg:administrativeLevel gg:LocalLevel .\nex:f{k} gg:ledBy ex:F{k} ; gg:usesTechnology ex:U{k} .\n"
    for k in range(1, 5)
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("limit") / "limit.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[dict], str]:
    assert govgraph.cli.main(["--quiet", *args, "-f", "json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), " ".join(err.split())


def test_synergies_say_the_limit_kept_the_list_short(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found, err = _run(capsys, "synergies", str(data), "--top", "5")
    assert len(found) == 2  # each of the four actors in one pair
    assert (
        "Note: 2 pairs, fewer than --top 5: each actor is in at most 1 of the pairs listed "
        "(--per-actor-limit 1); --per-actor-limit 0 lists more." in err
    )
    found, err = _run(capsys, "synergies", str(data), "--top", "5", "--per-actor-limit", "0")
    assert len(found) == 5 and "fewer than" not in err  # (the six pairs tie: a tie note)
    found, err = _run(capsys, "synergies", str(data), "--top", "6", "--per-actor-limit", "0")
    assert len(found) == 6 and "Note:" not in err  # every pair: nothing to say
    # the actor asked for is not limited: its three partners, no note
    found, err = _run(capsys, "synergies", str(data), "--top", "5", "--actor", "N1")
    assert len(found) == 3 and "fewer than" not in err


def test_no_note_when_no_other_pair_exists(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # between EU and local level: one pair in all, the limit leaves nothing out
    found, err = _run(capsys, "synergies", str(data), "--top", "5", "--between", "eu,local")
    assert len(found) == 1 and "Note:" not in err


def test_learning_says_the_limit_kept_the_list_short(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    found, err = _run(capsys, "learning", str(data), "--top", "5")
    assert len(found) == 1
    assert "Note: 1 pair, fewer than --top 5: each actor is in at most 1 of the pairs" in err
    found, err = _run(capsys, "learning", str(data), "--top", "5", "--per-actor-limit", "0")
    assert len(found) == 3 and "fewer than" not in err


def test_the_report_says_it_under_its_tables(data: Path) -> None:
    kg = govgraph.GovGraph()
    kg.load(data)
    page = render_report(kg.store, ReportOptions(validate=False, by="technology", top=5))
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "The 2 best of 6 pairs that share something, each actor in at most 1 of them" in text
    assert "Each actor is in at most 1 of these 1 pairs, so fewer than 5 are shown" in text
    page = render_report(
        kg.store, ReportOptions(validate=False, by="technology", top=5, per_actor_limit=None)
    )
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "each actor in at most" not in text and "Each actor is in at most" not in text


def test_per_partner_lists_refuse_between_and_name_level(data: Path) -> None:
    kg = govgraph.GovGraph()
    kg.load(data)
    for analysis in (partners, supplier_dependence, skill_gaps):
        with pytest.raises(ConfigurationError, match=r"use level= \(e.g. level='eu,national'\)"):
            analysis(kg.store, between="eu,national")
        with pytest.raises(ConfigurationError, match="pairs actors of two levels"):
            analysis(kg.store, filters=Filters(between=("eu", "national")))
    # regression: between was ignored, listing Acme with its local administration
    (acme,) = partners(kg.store, level="eu,national")
    assert acme.administrations == ("http://example.org/N1",)


def test_partners_command_refuses_between(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the command has no --between (its help does not offer it); --level takes both levels
    assert govgraph.cli.main(["partners", str(data), "--between", "eu,national"]) == 2
    assert "--between" in capsys.readouterr().err
    found, _ = _run(capsys, "partners", str(data), "--level", "eu,national")
    assert [p["administrations"] for p in found] == [["http://example.org/N1"]]
    # the report lists partners of every level, and says why
    kg = govgraph.GovGraph()
    kg.load(data)
    page = render_report(
        kg.store,
        ReportOptions(validate=False, filters=Filters(between=("eu", "national"))),
    )
    start = page.index('<section id="partners">')
    section = page[start : page.index("</section>", start)]
    assert "here the partners of every level are listed" in section
    assert "Acme" in section
