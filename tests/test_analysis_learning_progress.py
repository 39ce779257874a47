"""A learning pair's overall ``ahead`` and ``progress`` agree with its items.

Regression: ``progress`` compared each side's most advanced case over all shared items, so a
pair where the partner was ahead on every item it listed could still read ``equal`` (both had
an implemented case, on different items): 283 of DG DIGIT's 980 learning pairs on the demo
(2026-12-01), among them its first 19.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import govgraph
import govgraph.cli

EX = "http://example.org/"
GG = "https://w3id.org/govgraph#"
BASE = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
ex:AI a gg:Technology ; skos:prefLabel "artificial intelligence"@en .
ex:ML a gg:Technology ; skos:prefLabel "machine learning"@en ; skos:broader ex:AI .
ex:BC a gg:Technology ; skos:prefLabel "blockchain"@en .
ex:other a gg:Technology ; skos:prefLabel "other"@en .
ex:eu a gg:PublicAdministration ; skos:prefLabel "EU body"@en ;
  gg:administrativeLevel gg:EULevel .
ex:nat a gg:PublicAdministration ; skos:prefLabel "National body"@en ;
  gg:administrativeLevel gg:NationalLevel .
ex:o1 a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .
ex:o2 a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .
ex:io1 a gg:Initiative ; gg:ledBy ex:o1 ; gg:usesTechnology ex:other .
ex:io2 a gg:Initiative ; gg:ledBy ex:o2 ; gg:usesTechnology ex:other .
ex:o3 a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .
ex:io3 a gg:Initiative ; gg:ledBy ex:o3 ; gg:usesTechnology ex:AI .
"""


def _case(name: str, actor: str, technology: str, status: str | None) -> str:
    stated = f" ; gg:status gg:Status{status}" if status else ""
    return f"ex:{name} a gg:Initiative ; gg:ledBy ex:{actor} ; gg:usesTechnology ex:{technology}{stated} .\n"


def _pair(*cases: str) -> govgraph.analysis.LearningPair:
    kg = govgraph.GovGraph()
    kg.load(BASE + "".join(cases), format="turtle")
    (pair,) = [p for p in kg.mutual_learning() if p.b == f"{EX}nat"]
    return pair


def _leaders(pair: govgraph.analysis.LearningPair) -> dict[tuple[str, ...], str | None]:
    return {
        tuple(x.removeprefix(EX) for x in item.items): item.ahead and item.ahead.removeprefix(EX)
        for item in pair.items
    }


def test_ahead_on_every_item_is_ahead_overall_though_both_have_implemented_cases() -> None:
    # the EU body's implemented case is on AI only; on machine learning it is at pilot, and
    # the national body has implemented it: the national body is ahead on ML, equal on AI
    pair = _pair(
        _case("e1", "eu", "ML", "Pilot"),
        _case("e2", "eu", "AI", "Implemented"),
        _case("n1", "nat", "ML", "Implemented"),
    )
    assert _leaders(pair) == {("ML",): "nat", ("AI",): None}
    assert (pair.a_status, pair.b_status) == (GG + "StatusImplemented", GG + "StatusImplemented")
    assert (pair.ahead, pair.progress, pair.ahead_label) == (
        f"{EX}nat",
        "b-ahead",
        "National body",
    )


def test_each_ahead_on_something_is_mixed() -> None:
    pair = _pair(
        _case("e1", "eu", "ML", "Pilot"),
        _case("e2", "eu", "BC", "Implemented"),
        _case("n1", "nat", "ML", "Implemented"),
        _case("n2", "nat", "BC", "Planned"),
    )
    assert _leaders(pair) == {("BC",): "eu", ("ML",): "nat"}
    assert (pair.ahead, pair.progress, pair.ahead_label) == (None, "mixed", None)


def test_as_far_on_every_item_is_equal() -> None:
    pair = _pair(_case("e1", "eu", "ML", "Pilot"), _case("n1", "nat", "ML", "Pilot"))
    assert set(_leaders(pair).values()) == {None}
    assert (pair.ahead, pair.progress) == (None, "equal")


def test_one_side_ahead_on_its_only_compared_item() -> None:
    pair = _pair(_case("e1", "eu", "ML", "InDevelopment"), _case("n1", "nat", "ML", "Pilot"))
    assert (pair.ahead, pair.progress) == (f"{EX}nat", "b-ahead")
    pair = _pair(_case("e1", "eu", "ML", "Implemented"), _case("n1", "nat", "ML", "Planned"))
    assert (pair.ahead, pair.progress) == (f"{EX}eu", "a-ahead")


def test_no_item_with_a_status_on_both_sides_is_no_status() -> None:
    # the national body's case has no status: nothing to compare, whatever the EU body's is
    pair = _pair(_case("e1", "eu", "ML", "Implemented"), _case("n1", "nat", "ML", None))
    assert (pair.ahead, pair.progress, pair.b_status) == (None, "no-status", None)
    # statuses on two different items are not compared with each other either
    pair = _pair(
        _case("e1", "eu", "BC", "Implemented"),
        _case("e2", "eu", "ML", None),
        _case("n1", "nat", "ML", "Pilot"),
        _case("n2", "nat", "BC", None),
    )
    assert (pair.ahead, pair.progress) == (None, "no-status")
    assert (pair.a_status, pair.b_status) == (GG + "StatusImplemented", GG + "StatusPilot")


def test_the_command_says_when_no_partner_is_ahead_of_the_actor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "cases.ttl"
    data.write_text(
        BASE + _case("e1", "eu", "ML", "Implemented") + _case("n1", "nat", "ML", "Planned")
    )
    assert govgraph.cli.main(["learning", str(data), "--actor", "EU body"]) == 0
    assert "No partner is ahead of EU body" in " ".join(capsys.readouterr().err.split())
    # the national body has someone to learn from: no note
    assert govgraph.cli.main(["learning", str(data), "--actor", "National body"]) == 0
    assert "No partner is ahead" not in capsys.readouterr().err
