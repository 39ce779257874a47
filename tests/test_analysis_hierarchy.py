"""A hierarchy counts once in the lists a person reads (``most_specific``).

Regression: the synergy tables of ``govgraph synergies`` and of the report listed "artificial
intelligence" beside "machine learning" and "General public services" beside its group
"General services" (on the demo, 4 of the 5 first DG-to-national pairs), crowding out the items
that say what the pair has in common. The results' ``shared`` fields keep every item.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import govgraph
from govgraph.analysis import most_specific

EX = "http://example.org/"
DATA = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
ex:AI a gg:Technology ; skos:prefLabel "intelligence"@en .
ex:ML a gg:Technology ; skos:prefLabel "learning"@en ; skos:broader ex:AI .
ex:DL a gg:Technology ; skos:prefLabel "deeplearning"@en ; skos:broader ex:ML .
ex:ledger a gg:Technology ; skos:prefLabel "blockchain"@en .
ex:a a gg:PublicAdministration ; skos:prefLabel "Office A"@en .
ex:b a gg:PublicAdministration ; skos:prefLabel "Office B"@en .
ex:c a gg:PublicAdministration ; skos:prefLabel "Office C"@en .
ex:ia a gg:Initiative ; gg:ledBy ex:a ; gg:usesTechnology ex:AI, ex:ML, ex:ledger .
ex:ib a gg:Initiative ; gg:ledBy ex:b ; gg:usesTechnology ex:AI, ex:ML, ex:ledger .
ex:ic a gg:Initiative ; gg:ledBy ex:c ; gg:usesTechnology ex:AI .
ex:id2 a gg:Initiative ; gg:ledBy ex:d ; gg:usesTechnology ex:DL .
ex:vision a gg:Technology ; skos:prefLabel "vision"@en .
ex:d a gg:PublicAdministration ; skos:prefLabel "Office D"@en .
ex:e a gg:PublicAdministration ; skos:prefLabel "Office E"@en .
ex:id a gg:Initiative ; gg:ledBy ex:d ; gg:usesTechnology ex:vision .
ex:ie a gg:Initiative ; gg:ledBy ex:e ; gg:usesTechnology ex:vision .
"""


def test_most_specific_keeps_the_order_and_drops_what_is_implied() -> None:
    broader = {"DL": frozenset({"ML", "AI"}), "ML": frozenset({"AI"})}
    assert most_specific(["AI", "ML", "ledger"], broader) == ["ML", "ledger"]
    assert most_specific(["DL", "ledger", "AI", "ML"], broader) == ["DL", "ledger"]
    assert most_specific(["AI", "ledger"], broader) == ["AI", "ledger"]  # nothing narrower
    assert most_specific(["ML", "AI"], None) == ["ML", "AI"]


@pytest.fixture(scope="module")
def path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hierarchy") / "data.ttl"
    out.write_text(DATA, encoding="utf-8")
    return out


def test_the_synergy_table_lists_the_specific_items(
    path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govgraph.cli import main

    capsys.readouterr()
    assert main(["--quiet", "synergies", str(path), "--top", "1", "--by", "technology"]) == 0
    table = capsys.readouterr().out
    # (one-word labels: the terminal may wrap a cell between words, not inside these)
    assert "learning" in table and "blockchain" in table
    assert "intelligence" not in table
    # the result keeps every shared item
    assert main(["--quiet", "synergies", str(path), "--top", "1", "--format", "json"]) == 0
    (pair,) = json.loads(capsys.readouterr().out)
    assert set(pair["shared"]) == {f"{EX}AI", f"{EX}ML", f"{EX}ledger"}


def test_the_report_synergy_table_lists_the_specific_items() -> None:
    from govgraph.report import ReportOptions, render_report

    kg = govgraph.GovGraph()
    kg.load(DATA, format="turtle")
    html = render_report(kg.store, ReportOptions(validate=False))
    table = html[html.index('<section id="synergies">') : html.index('<section id="clusters">')]
    row = table[table.index("<tbody>") :]
    shared = re.findall(r"<td[^>]*>(.*?)</td>", row)[3]  # the "Shared" column of the first row
    assert shared == "blockchain; learning"
    # (the use case column names "intelligence + blockchain": the two in one initiative)
    assert kg.synergies(top=1)[0].shared_labels.count("intelligence") == 1


def test_the_gaps_table_names_the_specific_technologies(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from govgraph.cli import main

    # intelligence needs a skill, so machine learning does too (skills of broader technologies)
    skills = tmp_path / "skills.ttl"
    skills.write_text(
        "@prefix gg: <https://w3id.org/govgraph#> . @prefix ex: <http://example.org/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'ex:s a gg:Skill ; skos:prefLabel "modelling"@en . ex:AI gg:requiresSkill ex:s .\n',
        encoding="utf-8",
    )
    capsys.readouterr()
    args = ["--quiet", "gaps", str(path), str(skills), "--kind", "skills", "--actor", "Office A"]
    assert main(args) == 0
    table = capsys.readouterr().out
    assert "no inventory" in table and "learning" in table
    assert "intelligence" not in table
    assert main([*args, "--format", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert set(row["technologies"]) == {f"{EX}AI", f"{EX}ML"}  # the result keeps both
