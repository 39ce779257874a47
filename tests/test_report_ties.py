"""The report says when a table ends inside a group of ties (synergies, learning, no inventory,
partners).

Known answers (the graph of ``tests/test_cli_ties.py``): R1-R2 share two technologies held by
no one else; P1-Q1, P2-Q2 and P3-Q3 each share one technology of their own (same score, as much
evidence); S1-S2 share one technology in two cases each. The P side is further along than the Q side.
Skills: X needs two skills and each T one, so R1 and R2 need two and P1...Q3 one each.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest

import govgraph
from govgraph.analysis import Filters
from govgraph.report import ReportOptions, render_report
from test_cli_ties import _graph  # pytest puts tests/ on sys.path

# the graph of the command line's tie tests, with skills: X needs two, each T one
SKILLS = "ex:X gg:requiresSkill ex:K1, ex:K2 .\n" + "".join(
    f"ex:T{k} gg:requiresSkill ex:K1 .\n" for k in (1, 2, 3)
)


@pytest.fixture(scope="module")
def graph() -> govgraph.GovGraph:
    kg = govgraph.GovGraph()
    kg.load(_graph() + "\n" + SKILLS, format="turtle")
    return kg


def _section(page: str, name: str) -> str:
    start = page.index(f'<section id="{name}">')
    return page[start : page.index("</section>", start)]


def _ties(section: str) -> list[str]:
    notes = re.findall(r'<p class="note ties">(.*?)</p>', section, re.S)
    return [" ".join(html_lib.unescape(n).split()) for n in notes]


def _rows(section: str) -> int:
    return section.count("<tr>") - 1  # less the header


def _page(graph: govgraph.GovGraph, top: int, filters: Filters | None = None) -> str:
    options = ReportOptions(validate=False, by="technology", top=top, filters=filters)
    return render_report(graph.store, options)


def test_synergies_ending_inside_a_tie_say_so(graph: govgraph.GovGraph) -> None:
    section = _section(_page(graph, top=2), "synergies")
    assert _rows(section) == 2
    (note,) = _ties(section)
    assert note.startswith("The pair shown last ties with 2 more (score ")
    assert "as much evidence): which of them are shown follows only the order" in note
    assert note.endswith("(--top 4 shows them all).")
    section = _section(_page(graph, top=3), "synergies")
    assert _ties(section)[0].startswith("The last 2 shown tie with 1 more")


@pytest.mark.parametrize("top", [1, 4, 9])
def test_no_note_where_the_table_ends_between_ranks(graph: govgraph.GovGraph, top: int) -> None:
    page = _page(graph, top=top)
    assert _ties(_section(page, "synergies")) == []
    assert _rows(_section(page, "synergies")) == min(top, 5)


def test_learning_ending_inside_a_tie_says_so(graph: govgraph.GovGraph) -> None:
    between = Filters(between=("national", "local"))
    section = _section(_page(graph, top=1, filters=between), "learning")
    assert _rows(section) == 1
    (note,) = _ties(section)
    assert note.startswith("The pair shown last ties with 2 more (score ")
    assert note.endswith("(--top 3 shows them all).")
    assert "The first 1: pairs with something to learn come first" in section
    section = _section(_page(graph, top=3, filters=between), "learning")
    assert _ties(section) == []  # the three tied pairs are all shown; the next learn nothing
    section = _section(_page(graph, top=9, filters=between), "learning")
    assert _ties(section) == [] and "The first" not in section


def test_no_inventory_ending_inside_a_tie_says_so(graph: govgraph.GovGraph) -> None:
    section = _section(_page(graph, top=3), "skills")
    (note,) = _ties(section)
    assert note.startswith("The actor shown last ties with 5 more (1 skill needed)")
    assert note.endswith("(--top 8 shows them all).")
    assert "The first 3 of 8, those whose technologies need the most skills" in section
    assert _ties(_section(_page(graph, top=2), "skills")) == []  # R1 and R2 need two


def test_partners_ending_inside_a_tie_say_so() -> None:
    from test_cli_ties import PARTNERS

    kg = govgraph.GovGraph()
    kg.load(PARTNERS, format="turtle")
    section = _section(_page(kg, top=2), "partners")
    (note,) = _ties(section)
    assert note == (
        "The partner shown last ties with 3 more (1 administration, 1 case): which of them are "
        "shown follows only alphabetical order, not a ranking (--top 5 shows them all)."
    )
    assert "The first 2 of 5" in section
    assert _ties(_section(_page(kg, top=1), "partners")) == []  # Acme: two administrations


def test_supplier_dependence_ending_inside_a_tie_says_so() -> None:
    from test_cli_ties import DEPENDENCE

    kg = govgraph.GovGraph()
    kg.load(DEPENDENCE, format="turtle")
    section = _section(_page(kg, top=2), "partners")
    notes = _ties(section)
    assert (
        "The administration shown last ties with 2 more (2 cases with the supplier: all those "
        "with a named partner, of 2 cases): which of them are shown follows only alphabetical "
        "order, not a ranking (--top 4 shows them all)."
    ) in notes
    assert "The first 2 of 4; govgraph partners --dependence lists them all." in " ".join(
        html_lib.unescape(re.sub(r"<[^>]+>", "", section)).split()
    )
    assert not any(
        "administration shown last" in n for n in _ties(_section(_page(kg, top=1), "partners"))
    )
