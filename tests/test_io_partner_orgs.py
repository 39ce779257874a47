"""A partner named like an organisation of the import is that organisation's node.

Known answers on a small CSV: a company that leads one case and is the partner of another is one
node with both roles and both names; a partner named like a public body, or like organisations
of two countries, keeps its own node (reported); a partner sharing a word with an organisation
is not joined; the aliases table decides. The joined import is compared, as a graph, with the
import without the join rewritten by hand: nothing else changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, SKOS

import govgraph.io.pstw as pstw_module
from govgraph.io import ImportResult, import_pstw

GG = Namespace("https://w3id.org/govgraph#")
ORG = Namespace("http://www.w3.org/ns/org#")
ID = Namespace("https://w3id.org/govgraph/id/")
CASE = Namespace("https://w3id.org/govgraph/id/initiative/")

HEADER = (
    "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
    "Geographical coverage (country),Collaboration type,Company name or GovTech ID\n"
)
ROWS = [
    # row 2: the company leads a case ...
    "P1,Robot triage,Acme Robotics GmbH,Private sector,Germany,Fully internal,",
    # row 3: ... and is the partner of the city's (name without legal form, id, homepage)
    'P2,City robots,City of Heidelberg,Local Government,Germany,GovTech,"Acme Robotics (https://acme.example/) GTS-77"',
    # row 4: a company leading its own case and named as its partner
    "P3,Emergency calls,Corti,Private sector,Denmark,Private corporation,Corti",
    # rows 5-6: a partner named like a public body: not joined (a partner is private)
    "P4,Open data,Digital Flanders,Regional Government,Belgium,Fully internal,",
    "P5,Data portal,City of Ghent,Local Government,Belgium,Other PAs,Digital Flanders",
    # rows 7-9: a partner named like companies of two countries: not joined
    "P6,Chatbot,Nordic AI,Private sector,Sweden,Fully internal,",
    "P7,Chatbot 2,Nordic AI,Private sector,Norway,Fully internal,",
    "P8,Tax bot,Finnish Tax Administration,Central Government,Finland,Private corporation,Nordic AI",
    # row 10: a partner sharing a word with an organisation: not joined
    "P9,Print,City of Munich,Local Government,Germany,Private corporation,Heidelberg and Acme",
]


def write(tmp_path: Path, rows: list[str] = ROWS) -> Path:
    path = tmp_path / "pstw.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def partners_of(g: Graph, case: str) -> set[URIRef]:
    return {URIRef(o) for o in g.objects(CASE[case], GG.hasParticipant)}


def labels(g: Graph, node: URIRef) -> tuple[set[str], set[str]]:
    return (
        {str(x) for x in g.objects(node, SKOS.prefLabel)},
        {str(x) for x in g.objects(node, SKOS.altLabel)},
    )


def test_a_company_leading_and_partnering_is_one_node(tmp_path: Path) -> None:
    result = import_pstw(write(tmp_path))
    g = result.graph
    acme = g.value(CASE["P1"], GG.ledBy)
    assert acme == ID["org/acme-robotics-gmbh-deu"]
    assert partners_of(g, "P2") == {acme}  # the same node partners in the city's case
    assert labels(g, acme) == ({"Acme Robotics GmbH"}, {"Acme Robotics"})
    assert {(acme, RDF.type, ORG.Organization), (acme, RDF.type, GG.PrivatePartner)} <= set(g)
    assert (acme, RDF.type, GG.PublicAdministration) not in g
    assert set(g.objects(acme, ORG.classification)) == {
        ID["org-category/private-sector"],
        ID["partner-kind/govtech"],
    }
    assert g.value(acme, DCTERMS.identifier) == Literal("GTS-77")
    assert g.value(acme, FOAF.homepage) == URIRef("https://acme.example/")
    corti = g.value(CASE["P3"], GG.ledBy)
    assert partners_of(g, "P3") == {corti} and labels(g, corti) == ({"Corti"}, set())
    for gone in ("partner/acme-robotics", "partner/corti"):
        assert (ID[gone], None, None) not in g and (None, None, ID[gone]) not in g
    joined = {m.name: m for m in result.merges if m.rule == "partner"}
    assert set(joined) == {"Acme Robotics", "Corti"}
    assert joined["Acme Robotics"].organisation == str(acme)
    assert joined["Acme Robotics"].matched == "Acme Robotics GmbH"
    assert joined["Acme Robotics"].rows == (3,) and joined["Acme Robotics"].country == "DEU"
    assert result.counts["partners"] == 6  # and Digital Flanders, Nordic AI, Heidelberg, Acme
    assert result.counts["partners_joined"] == 2
    assert result.counts["organisations"] == 9  # unchanged: the partners join existing ones


def test_public_bodies_two_countries_and_shared_words_are_not_joined(tmp_path: Path) -> None:
    result = import_pstw(write(tmp_path))
    g = result.graph
    flanders = g.value(CASE["P4"], GG.ledBy)
    (partner,) = partners_of(g, "P5")
    assert partner != flanders and partner == ID["partner/digital-flanders"]
    assert (partner, RDF.type, GG.PrivatePartner) in g
    (nordic,) = partners_of(g, "P8")
    assert nordic == ID["partner/nordic-ai"]
    assert nordic not in {g.value(CASE[c], GG.ledBy) for c in ("P6", "P7")}
    # "Heidelberg" (a partner) and "City of Heidelberg" share a word; "Acme" and "Acme
    # Robotics GmbH" too: four nodes.
    assert partners_of(g, "P9") == {ID["partner/heidelberg"], ID["partner/acme"]}
    notes = {p.row: p.reason for p in result.problems if p.column == "Company name or GovTech ID"}
    assert "public body 'Digital Flanders' (BEL)" in notes[6]
    assert "2 organisations" in notes[9] and "(NOR)" in notes[9] and "(SWE)" in notes[9]
    assert set(notes) == {6, 9}


def test_the_aliases_table_decides(tmp_path: Path) -> None:
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "name,same_as,country\nAcme Robotics,,DEU\nNordic AI,,NOR\n", encoding="utf-8"
    )
    g = import_pstw(write(tmp_path), aliases=aliases).graph
    # kept apart from every organisation
    assert partners_of(g, "P2") == {ID["partner/acme-robotics"]}
    # kept apart from the Norwegian company only: the Swedish one is the partner
    sweden = g.value(CASE["P6"], GG.ledBy)
    assert partners_of(g, "P8") == {sweden}
    assert sweden != g.value(CASE["P7"], GG.ledBy)
    # a partner spelled differently: its own node, unless a same_as row joins it
    rows = [*ROWS[:2], "P10,Print,City of Munich,Local Government,Germany,,Acme Bots GmbH"]
    g = import_pstw(write(tmp_path, rows)).graph
    assert partners_of(g, "P10") == {ID["partner/acme-bots-gmbh"]}  # not similar enough
    aliases.write_text(
        "name,same_as,country\nAcme Bots GmbH,Acme Robotics GmbH,DEU\n", encoding="utf-8"
    )
    g = import_pstw(write(tmp_path, rows), aliases=aliases).graph
    assert partners_of(g, "P10") == {ID["org/acme-robotics-gmbh-deu"]}


def unjoined(path: Path, monkeypatch: pytest.MonkeyPatch, **options: object) -> ImportResult:
    with monkeypatch.context() as m:
        m.setattr(pstw_module, "join_partners", lambda *a, **k: ([], []))
        return import_pstw(path, **options)  # type: ignore[arg-type]


def rewritten(before: ImportResult, after: ImportResult) -> Graph:
    """The import without the join, each joined partner's node replaced by its organisation's.

    The partner's name becomes an alternative label where it differs from the organisation's
    label; everything else is kept as it is.
    """
    g = before.graph
    rename: dict[URIRef, URIRef] = {}
    for m in after.merges:
        if m.rule != "partner":
            continue
        (node,) = [
            s
            for s in g.subjects(SKOS.prefLabel, Literal(m.name, lang="en"))
            if (s, RDF.type, GG.PrivatePartner) in g
        ]
        rename[URIRef(node)] = URIRef(m.organisation)
    out = Graph()
    for s, p, o in g:
        if s in rename and p == SKOS.prefLabel:
            org = rename[URIRef(s)]
            if o not in set(g.objects(org, SKOS.prefLabel)):
                out.add((org, SKOS.altLabel, o))
            continue
        out.add((rename.get(s, s), p, rename.get(o, o)))  # type: ignore[arg-type]
    return out


def test_nothing_else_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path)
    before = unjoined(path, monkeypatch)
    after = import_pstw(path)
    assert len(after.graph) < len(before.graph)
    assert isomorphic(rewritten(before, after), after.graph)
    assert [p for p in before.problems] == [
        p for p in after.problems if "named like" not in p.reason
    ]


@pytest.mark.slow  # two imports of the real PSTW file: about 10 s on a loaded machine
def test_nothing_else_changes_on_the_real_data(monkeypatch: pytest.MonkeyPatch) -> None:
    before = unjoined(None, monkeypatch)  # type: ignore[arg-type]
    after = import_pstw()
    assert after.counts["partners_joined"] == 6
    assert isomorphic(rewritten(before, after), after.graph)
    assert before.problems == after.problems  # no partner is named like a public body
