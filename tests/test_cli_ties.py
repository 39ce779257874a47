"""``--top`` cutting inside a group of tied results is said on stderr (synergies, learning).

Known answers: R1-R2 share two technologies held by no one else; P1-Q1, P2-Q2 and P3-Q3 each
share one technology of their own, so they tie (same score, as much evidence) and are listed
by name; S1-S2 share one technology in two cases each (more evidence, a lower score). The P
side's cases are implemented, the Q side's pilots: P is ahead of Q (mutual learning between
the national P, R1, S1 and the local Q, R2, S2).
"""

from __future__ import annotations

import json
from collections import namedtuple
from pathlib import Path

import pytest

import govgraph
import govgraph.cli
from govgraph.analysis import Facts, synergies
from govgraph.cli._ties import TIE_LOOKAHEAD, cut_ties, top_of_each_kind

HEAD = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
"""


def _graph() -> str:
    national = ["R1", "P1", "P2", "P3", "S1"]
    lines = [
        f'ex:{x} a gg:PublicAdministration ; skos:prefLabel "{x}"@en ; gg:administrativeLevel '
        + ("gg:NationalLevel ." if x in national else "gg:LocalLevel .")
        for x in ["R1", "R2", "P1", "Q1", "P2", "Q2", "P3", "Q3", "S1", "S2"]
    ]
    cases = [("r1", "R1", "X Y"), ("r2", "R2", "X Y"), ("s1", "S1", "U"), ("s2", "S1", "U")]
    cases += [("s3", "S2", "U"), ("s4", "S2", "U")]
    cases += [(f"{side.lower()}{k}", f"{side}{k}", f"T{k}") for k in (1, 2, 3) for side in "PQ"]
    for name, who, techs in cases:
        uses = " ; ".join(f"gg:usesTechnology ex:{t}" for t in techs.split())
        # the P side is further along than the Q side (mutual learning)
        status = "gg:StatusPilot" if who.startswith("Q") else "gg:StatusImplemented"
        lines.append(f"ex:{name} gg:ledBy ex:{who} ; gg:startYear 2020 ; {uses} ;")
        lines.append(f"    gg:status {status} .")
    return HEAD + "\n".join(lines)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ties") / "ties.ttl"
    path.write_text(_graph(), encoding="utf-8")
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[list[dict], str]:
    assert govgraph.cli.main(["--quiet", *args, "-f", "json"]) == 0
    out, err = capsys.readouterr()
    return json.loads(out), " ".join(err.split())


def test_the_known_ranking(data: Path) -> None:
    graph = govgraph.GovGraph()
    graph.load(data)
    found = synergies(Facts(graph.store), by="technology")
    names = [(s.a_label, s.b_label) for s in found]
    assert names[:4] == [("R1", "R2"), ("P1", "Q1"), ("P2", "Q2"), ("P3", "Q3")]
    assert found[1].score == found[2].score == found[3].score > found[4].score
    assert found[1].strength == found[3].strength


def test_a_cut_tie_is_said_and_the_list_is_the_librarys(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown, note = _run(capsys, "synergies", str(data), "--by", "technology", "--top", "2")
    assert [(r["a_label"], r["b_label"]) for r in shown] == [("R1", "R2"), ("P1", "Q1")]
    assert "the pair shown last ties with 2 more" in note
    assert "which of them --top 2 shows follows only the order of their IRIs" in note
    assert note.endswith("--top 4 shows them all.")
    graph = govgraph.GovGraph()
    graph.load(data)
    expected = [s.to_dict() for s in synergies(Facts(graph.store), by="technology", top=2)]
    assert json.loads(json.dumps(expected, default=str)) == shown


@pytest.mark.parametrize("top", ["1", "4", "9"])
def test_no_note_when_the_cut_is_between_scores(
    data: Path, capsys: pytest.CaptureFixture[str], top: str
) -> None:
    shown, note = _run(capsys, "synergies", str(data), "--by", "technology", "--top", top)
    assert len(shown) == min(int(top), 5)
    assert "Note:" not in note


def test_learning_says_a_cut_tie_too(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    between = ("--between", "national,local")
    found, _ = _run(capsys, "learning", str(data), *between, "--top", "9")
    pairs = [(r["a_label"], r["b_label"], r["progress"]) for r in found]
    # something to learn first (the tied three), then the rest by score
    tied = [("P1", "Q1", "a-ahead"), ("P2", "Q2", "a-ahead"), ("P3", "Q3", "a-ahead")]
    assert pairs == [*tied, ("R1", "R2", "equal"), ("S1", "S2", "equal")]
    assert found[0]["score"] == found[2]["score"] < found[3]["score"]
    shown, note = _run(capsys, "learning", str(data), *between, "--top", "2")
    assert shown == found[:2]
    assert "the last 2 shown tie with 1 more" in note and "--top 3 shows them" in note
    shown, note = _run(capsys, "learning", str(data), *between, "--top", "1")
    assert shown == found[:1] and "the pair shown last ties with 2 more" in note
    shown, note = _run(capsys, "learning", str(data), *between, "--top", "3")
    assert shown == found[:3] and "Note:" not in note


Result = namedtuple("Result", "name score strength")


def test_cut_ties_counts_only_the_same_key(capsys: pytest.CaptureFixture[str]) -> None:
    found = [Result("a", 3.0, 2), Result("b", 2.0, 2), Result("c", 2.0, 2), Result("d", 2.0, 1)]
    shown = cut_ties(found, top=2, key=lambda r: (r.score, r.strength))
    assert shown == found[:2]
    note = " ".join(capsys.readouterr().err.split())
    assert "ties with 1 more (score 2.0)" in note and "--top 3 shows them" in note
    assert cut_ties(found, top=3, key=lambda r: (r.score, r.strength)) == found[:3]
    assert capsys.readouterr().err == ""  # d has less evidence: no tie
    assert cut_ties(found, top=9, key=lambda r: (r.score, r.strength)) == found


def test_cut_ties_says_at_least_when_every_extra_ties(capsys: pytest.CaptureFixture[str]) -> None:
    found = [Result(str(k), 1.0, 1) for k in range(3 + TIE_LOOKAHEAD)]
    assert cut_ties(found, top=3, key=lambda r: (r.score,)) == found[:3]
    note = " ".join(capsys.readouterr().err.split())
    assert f"the last 3 shown tie with at least {TIE_LOOKAHEAD} more" in note
    assert "a larger --top shows more of them" in note


def test_gaps_say_a_cut_among_administrations_needing_as_many_skills(
    capsys: pytest.CaptureFixture[str],
) -> None:
    records = [{"kind": "no-inventory", "skills_needed": n} for n in (9, 7, 7, 7, 5)]
    records += [{"kind": "skill", "skills_needed": None}] * 3
    kept = top_of_each_kind(records, top=2)
    assert kept == records[:2] + records[5:7]
    note = " ".join(capsys.readouterr().err.split())
    assert "Showing the first 2 of each kind (4 of 8)" in note
    assert "the administration shown last ties with 2 more (7 skills needed)" in note
    assert note.endswith("--top 4 shows them all.")
    assert top_of_each_kind(records, top=4) == records[:4] + records[5:8]
    assert "tie" not in capsys.readouterr().err  # 5 skills after the cut: no tie


# partners: Acme works with two administrations (two cases), the four others with one each
PARTNERS = HEAD + "\n".join(
    [
        *(
            f'ex:{a} a gg:PublicAdministration ; skos:prefLabel "{a}"@en .'
            for a in ("A1", "A2", "A3", "A4", "A5", "A6")
        ),
        *(
            f'ex:{p} a gg:PrivatePartner ; skos:prefLabel "{p}"@en .'
            for p in ("Acme", "Beta", "Delta", "Gamma", "Omega")
        ),
        "ex:c1 gg:ledBy ex:A1 ; gg:hasParticipant ex:Acme .",
        "ex:c2 gg:ledBy ex:A2 ; gg:hasParticipant ex:Acme .",
        "ex:c3 gg:ledBy ex:A3 ; gg:hasParticipant ex:Omega .",
        "ex:c4 gg:ledBy ex:A4 ; gg:hasParticipant ex:Beta .",
        "ex:c5 gg:ledBy ex:A5 ; gg:hasParticipant ex:Gamma .",
        "ex:c6 gg:ledBy ex:A6 ; gg:hasParticipant ex:Delta .",
    ]
)


def test_partners_say_a_cut_among_partners_of_as_many_administrations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "partners.ttl"
    path.write_text(PARTNERS, encoding="utf-8")
    found, err = _run(capsys, "partners", str(path), "--top", "2")
    # the four partners of one administration are listed by name: Beta is the first of them
    assert [p["partner_label"] for p in found] == ["Acme", "Beta"]
    assert (
        "Note: the partner shown last ties with 3 more (1 administration, 1 case); which of "
        "them --top 2 shows follows only alphabetical order: --top 5 shows them all." in err
    )
    found, err = _run(capsys, "partners", str(path), "--top", "1")
    assert [p["partner_label"] for p in found] == ["Acme"] and "Note:" not in err
    found, err = _run(capsys, "partners", str(path))  # no --top: all, no note
    assert len(found) == 5 and "Note:" not in err


# supplier dependence: A4 gives its three cases to Delta; A1, A2 and A3 two cases each to one
# supplier (a tie, listed by name)
DEPENDENCE = HEAD + "\n".join(
    [
        *(
            f'ex:{a} a gg:PublicAdministration ; skos:prefLabel "{a}"@en .'
            for a in ("A1", "A2", "A3", "A4")
        ),
        *(
            f'ex:{p} a gg:PrivatePartner ; skos:prefLabel "{p}"@en .'
            for p in ("Acme", "Beta", "Delta", "Gamma")
        ),
        *(
            f"ex:{a}c{k} gg:ledBy ex:{a} ; gg:hasParticipant ex:{p} ."
            for a, p, n in (
                ("A1", "Acme", 2),
                ("A2", "Beta", 2),
                ("A3", "Gamma", 2),
                ("A4", "Delta", 3),
            )
            for k in range(n)
        ),
    ]
)


def test_supplier_dependence_says_a_cut_among_rows_that_tie(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dependence.ttl"
    path.write_text(DEPENDENCE, encoding="utf-8")
    found, err = _run(capsys, "partners", str(path), "--dependence", "--top", "2")
    assert [(d["administration_label"], d["partner_label"]) for d in found] == [
        ("A4", "Delta"),
        ("A1", "Acme"),
    ]
    assert (
        "Note: the administration shown last ties with 2 more (2 cases with the supplier: all "
        "those with a named partner, of 2 cases); which of them --top 2 shows follows only "
        "alphabetical order: --top 4 shows them all." in " ".join(err.split())
    )
    found, err = _run(capsys, "partners", str(path), "--dependence", "--top", "1")
    assert len(found) == 1 and "Note:" not in err  # Delta's three cases: no tie
    found, err = _run(capsys, "partners", str(path), "--dependence")
    assert len(found) == 4 and "Note:" not in err
