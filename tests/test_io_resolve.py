"""Entity resolution of organisation names and the EU corporate-body table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from govgraph import DataImportError
from govgraph._resources import data_path
from govgraph.cli import main
from govgraph.io import import_aiwatch, import_ips, import_pstw
from govgraph.io._eu_bodies import find_eu_body
from govgraph.io._normalise import fold
from govgraph.io._resolve import cluster_names, match_key, read_aliases
from govgraph.io.pstw import ORG_ALIASES

GG = Namespace("https://w3id.org/govgraph#")
ORG = Namespace("https://w3id.org/govgraph/id/org/")


def clusters(names: list[str], country: str | None = None, **options: object) -> list[set[str]]:
    rows = {n: [i + 2] for i, n in enumerate(names)}
    return [set(members) for members, _ in cluster_names(rows, country=country, **options)]  # type: ignore[arg-type]


def test_match_key_normalises_case_accents_order_country_and_acronyms() -> None:
    assert match_key("Ministry of Justice Austria", "AUT").key == "justice ministry"
    assert match_key("Interior Ministry", "FRA").key == match_key("Ministry of the Interior").key
    assert match_key("Agência para a Modernização Administrativa (AMA)", "PRT").acronym == "AMA"
    assert (
        match_key("AMA (Agência para a Modernização Administrativa)", "PRT").key
        == match_key("Agência para a Modernização Administrativa (AMA)", "PRT").key
    )
    # The country is dropped only from names of that country.
    assert "austria" in match_key("Ministry of Justice Austria", "DEU").key


def test_typos_and_variants_merge_but_similar_places_do_not() -> None:
    groups = clusters(
        [
            "Federal Ministry of Justice",
            "Fedeal Ministry of Justice",
            "Ministry of Justice Austria",
        ],
        "AUT",
    )
    assert groups == [
        {"Federal Ministry of Justice", "Fedeal Ministry of Justice", "Ministry of Justice Austria"}
    ]
    for a, b in (
        ("Municipality of Warsaw", "Municipality of Wroclaw"),
        ("Municipality of Trento", "Municipality of Trieste"),
        ("Municipality of Lupine", "Municipality of Lublin"),
        ("Municipality of Sønderborg", "Skanderborg Municipality"),
        ("Ministry of Justice", "Ministry of Finance"),
        ("University of Hertfordshire", "University of Bedfordshire"),
    ):
        assert len(clusters([a, b])) == 2, (a, b)
    assert len(clusters(["City of Gothenburg", "City of Gotenburg"], "SWE")) == 1
    assert len(clusters(["NVWA", "Dutch Food and Consumer Product Safety Authority (NVWA)"])) == 1


def test_typos_and_plurals_of_generic_words() -> None:
    assert match_key("Valencian Regional Govermment", "ESP").key == (
        match_key("Valencian Regional Government", "ESP").key
    )
    assert match_key("Île-de-France Regional Counci", "FRA").key == (
        match_key("Île-de-France Regional Council", "FRA").key
    )
    assert match_key("Poole Councils", "GBR").key == match_key("Poole Council", "GBR").key
    # A word close to a generic one is not its typo when it is a word of its own.
    assert match_key("Country Office", "GBR").key != match_key("County Office", "GBR").key
    assert match_key("Regional Office", "GBR").key != match_key("Region Office", "GBR").key


def test_aliases_force_and_forbid_merges(tmp_path: Path) -> None:
    path = tmp_path / "aliases.csv"
    path.write_text(
        "name,same_as,country\n"
        "Lombardy Region,Regione Lombardia,Italy\n"
        "Ministry of Justice Austria,,AUT\n",
        encoding="utf-8",
    )
    table = read_aliases(path)
    assert len(clusters(["Regione Lombardia", "Lombardy Region"], "ITA", aliases=table)) == 1
    assert len(clusters(["Regione Lombardia", "Lombardy Region"], "ITA")) == 2
    kept = clusters(
        ["Federal Ministry of Justice", "Ministry of Justice Austria"], "AUT", aliases=table
    )
    assert len(kept) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("name,country\nX,AUT\n", encoding="utf-8")
    with pytest.raises(DataImportError, match="same_as"):
        read_aliases(bad)
    unknown = tmp_path / "unknown.csv"
    unknown.write_text("name,same_as,country\nX,Y,Atlantis\n", encoding="utf-8")
    with pytest.raises(DataImportError, match="row 2: unknown country"):
        read_aliases(unknown)
    # one name twice in one country: which row holds would be the file's order, so refused
    twice = tmp_path / "twice.csv"
    twice.write_text("name,same_as,country\nX,Y,Austria\nx ,Z,AUT\nX,Y,DEU\n", encoding="utf-8")
    with pytest.raises(DataImportError, match="row 3: 'x' is already named in row 2"):
        read_aliases(twice)
    missing = tmp_path / "nope.csv"
    with pytest.raises(DataImportError, match=r"no such aliases file \(a CSV with the columns"):
        read_aliases(missing)


def test_an_alias_joins_a_spelling_with_its_targets_match_key(tmp_path: Path) -> None:
    """The target as spelt need not occur: "(PPA)" beside it is the same organisation."""
    path = tmp_path / "aliases.csv"
    path.write_text(
        "name,same_as,country\nPolice and Border Guard,Police and Border Guard Board,EST\n",
        encoding="utf-8",
    )
    table = read_aliases(path)
    names = ["Police and Border Guard", "Police and Border Guard Board (PPA)"]
    assert len(clusters(names, "EST")) == 2  # the rules alone: two keys
    ((members, evidence),) = cluster_names(
        {n: [i + 2] for i, n in enumerate(names)}, country="EST", aliases=table
    )
    assert set(members) == set(names)
    assert [rule for _, _, rule in evidence.values()] == ["alias"]
    # never another organisation that merely resembles the target
    assert (
        len(clusters(["Police and Border Guard", "Border Guard Board"], "EST", aliases=table)) == 2
    )
    # a spelling the table keeps apart is not the target's stand-in
    apart = tmp_path / "apart.csv"
    apart.write_text("name,same_as,country\nPolice and Border Guard Board (PPA),,EST\n")
    both = table.overridden_by(read_aliases(apart))
    assert len(clusters(names, "EST", aliases=both)) == 2


def test_the_built_in_aliases_are_applied(tmp_path: Path) -> None:
    """``ORG_ALIASES`` ("Barcelona" is the City of Barcelona) joins names, as the table does."""
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,City of Barcelona,Local Government,Spain\n"
        "P2,b,Barcelona,Local Government,Spain\n"
        "P3,c,Barcelona Provincial Council,Local Government,Spain\n",
        encoding="utf-8",
    )
    result = import_pstw(path)
    g = result.graph
    city = ORG["city-of-barcelona-esp"]
    assert {str(n) for n in g.objects(city, SKOS.altLabel)} == {"Barcelona"}
    assert len(set(g.objects(None, GG.ledBy))) == 2  # the provincial council is another body
    ((merge),) = result.merges
    assert (merge.name, merge.matched, merge.rule) == ("Barcelona", "City of Barcelona", "alias")
    mine = tmp_path / "aliases.csv"
    mine.write_text("name,same_as,country\nBarcelona,,ESP\n", encoding="utf-8")
    assert len(set(import_pstw(path, aliases=mine).graph.objects(None, GG.ledBy))) == 3


def test_eu_bodies_table() -> None:
    assert find_eu_body("EU DG COMP").code == "COMP"  # type: ignore[union-attr]
    assert find_eu_body("European Commission - DG DIGIT").iri == ORG["dg-digit"]  # type: ignore[union-attr]
    assert find_eu_body("European Publication Office").code == "PUBL"  # type: ignore[union-attr]
    coe = find_eu_body("Council of Europe")
    assert coe is not None and not coe.eu and coe.authority is None
    assert find_eu_body("Ministry of Justice") is None
    edic = find_eu_body("European Digital Infrastructure Consortium (EDIC)")
    assert edic is not None and edic.eu and edic.kind == "consortium"
    assert find_eu_body("LDT CitiVERSE EDIC") is None  # another EDIC: PSTW files it as consortium


def test_never_across_countries_or_levels(tmp_path: Path) -> None:
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,Ministry of Justice,Central-Government,Austria\n"
        "P2,b,Ministry of Justice,Central-Government,Germany\n"
        "P3,c,Fedeal Ministry of Justice,Central-Government,Austria\n"
        "P4,d,Federal Ministry of Justice,Regional Government,Austria\n"
        "P5,e,EU DG COMP,Central-Government,Belgium\n",
        encoding="utf-8",
    )
    result = import_pstw(path)
    g = result.graph
    lead = {
        i: g.value(URIRef(f"https://w3id.org/govgraph/id/initiative/{i}"), GG.ledBy)
        for i in ("P1", "P2", "P3", "P4", "P5")
    }
    assert lead["P1"] == lead["P3"]  # typo and "Federal" merged within Austria, national level
    assert lead["P1"] != lead["P2"]  # not across countries
    assert lead["P4"] not in (lead["P1"], lead["P3"])  # not across levels
    assert lead["P5"] == ORG["dg-comp"]
    assert g.value(lead["P5"], GG.administrativeLevel) == GG.EULevel
    merged = {m.name: m for m in result.merges}
    assert merged["Fedeal Ministry of Justice"].rows == (4,)
    assert merged["EU DG COMP"].rule == "eu-body"


def test_cli_explain_merges_and_aliases(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "pstw.csv"
    src.write_text(
        "PSTW ID,Name,Responsible organisation,Geographical coverage (country)\n"
        "P1,a,City of Gothenburg,Sweden\n"
        "P2,b,City of Gotenburg,Sweden\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.ttl"
    report = tmp_path / "report.json"
    code = main(
        ["import", "pstw", str(src), "-o", str(out), "--explain-merges", "--report", str(report)]
    )
    assert code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Merged organisation names (1)" in text
    merges = json.loads(report.read_text(encoding="utf-8"))["merges"]
    assert [(m["name"], m["rule"], m["rows"]) for m in merges] == [
        ("City of Gotenburg", "similar", [3])
    ]
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("name,same_as\nCity of Gotenburg,\n", encoding="utf-8")
    code = main(["import", "pstw", str(src), "-o", str(out), "--force", "--aliases", str(aliases)])
    assert code == 0
    from rdflib import Graph

    g = Graph().parse(out)
    leads = set(g.objects(None, GG.ledBy))
    assert len(leads) == 2
    assert not [o for o in leads if g.value(o, SKOS.altLabel) is not None]


def test_aliases_can_join_names_pstw_files_under_two_levels(tmp_path: Path) -> None:
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,Boat Registry of Norway,Central-Government,Norway\n"
        "P2,b,Boat Registry Norway,Regional Government,Norway\n",
        encoding="utf-8",
    )
    apart = import_pstw(path).graph
    assert len(set(apart.objects(None, GG.ledBy))) == 2  # never merged across levels by rule
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "name,same_as,country\nBoat Registry Norway,Boat Registry of Norway,NOR\n",
        encoding="utf-8",
    )
    joined = import_pstw(path, aliases=aliases)
    assert len(set(joined.graph.objects(None, GG.ledBy))) == 1  # the user's decision
    assert [m.rule for m in joined.merges] == ["alias"]


def test_the_shipped_aliases_join_known_spellings_and_yield_to_the_users(
    tmp_path: Path,
) -> None:
    """Names PSTW gives one body in two languages or at two levels (data/pstw/aliases.csv)."""
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,Cancer Registry of Norway,Central-Government,Norway\n"
        "P2,b,Cancer Registry Norway,Regional Government,Norway\n"
        "P3,c,Regione Lombardia,Regional Government,Italy\n"
        "P4,d,Lombardy Region,Regional Government,Italy\n",
        encoding="utf-8",
    )
    joined = import_pstw(path)
    assert len(set(joined.graph.objects(None, GG.ledBy))) == 2
    assert sorted(m.name for m in joined.merges if m.rule == "alias") == [
        "Cancer Registry Norway",
        "Lombardy Region",
    ]
    mine = tmp_path / "aliases.csv"
    mine.write_text("name,same_as,country\nLombardy Region,,ITA\n", encoding="utf-8")
    overridden = import_pstw(path, aliases=mine)  # the user's file wins: kept apart
    assert len(set(overridden.graph.objects(None, GG.ledBy))) == 3
    # Every row of the shipped table names a body of a bundled release (PSTW, IPS 2022 or AI
    # Watch 2020), and in each release where the name occurs it is on one node with its target
    # or, where the target does not occur, with the other names of that target.
    shipped = read_aliases(data_path("pstw", "aliases.csv"))
    assert len(shipped.same_as) == 78 and not shipped.keep_apart
    # (name, target, country): a row with a country is about that country's bodies only
    # ("Ministry of Finance" in ITA is the MEF, not Finland's ministry)
    rows = [
        *((n, t, c) for (n, c), t in shipped.same_as.items()),
        *((n, t, None) for n, t in ORG_ALIASES.items()),
    ]
    assert len(rows) == 82
    seen: set[str] = set()
    pairs_on_one_node = 0
    for result in (import_pstw(), import_ips(), import_aiwatch()):
        g = result.graph
        named: dict[str, set[object]] = {}
        for org in set(g.objects(None, GG.ledBy)):
            for p in (SKOS.prefLabel, SKOS.altLabel):
                for label in g.objects(org, p):
                    named.setdefault(str(label).casefold(), set()).add(org)
        country_of = {
            org: str(place).rsplit("/", 1)[-1] for org, place in g.subject_objects(DCTERMS.spatial)
        }

        def nodes(
            name: str,
            country: str | None,
            named: dict[str, set[object]] = named,
            country_of: dict[object, str] = country_of,
        ) -> set[object]:
            found = named.get(name, set())
            return {o for o in found if country is None or country_of.get(o) == country}

        for name, target, country in rows:
            if not nodes(name, country):
                continue
            seen.add(name)
            if nodes(target, country):
                assert nodes(name, country) & nodes(target, country), (result.kind, name, target)
                pairs_on_one_node += 1
            for other, same, _ in rows:
                if same == target and other != name and nodes(other, country):
                    assert nodes(name, country) & nodes(other, country), (result.kind, name, other)
    assert {name for name, _, _ in rows} - seen <= {"european comission"}  # an EU body first
    assert pairs_on_one_node >= 40


def test_aliases_are_followed_to_the_end(tmp_path: Path) -> None:
    """A -> B and B -> C: A joins C even where B is not spelt (it was one step only)."""
    path = tmp_path / "aliases.csv"
    path.write_text(
        "name,same_as,country\n"
        "Office of Boats,Boat Board BB,NOR\n"
        "Boat Board BB,Norwegian Boat Authority,NOR\n"
        "Harbour Watch,Coast Office,NOR\n"
        "Coast Office,Harbour Watch,NOR\n",
        encoding="utf-8",
    )
    table = read_aliases(path)
    names = ["Office of Boats", "Norwegian Boat Authority"]
    assert len(clusters(names, "NOR")) == 2  # the rules alone
    assert clusters(names, "NOR", aliases=table) == [set(names)]
    assert len(clusters(names, "SWE", aliases=table)) == 2  # the rows hold in Norway only
    # rows that go round in a circle make one body, whichever way round
    circle = ["Harbour Watch", "Coast Office"]
    assert clusters(circle, "NOR", aliases=table) == [set(circle)]
    # a user's row on top of a table is followed too
    user = tmp_path / "user.csv"
    user.write_text("name,same_as,country\nBoat Office,Office of Boats,NOR\n", encoding="utf-8")
    both = table.overridden_by(read_aliases(user))
    assert clusters(["Boat Office", "Norwegian Boat Authority"], "NOR", aliases=both) == [
        {"Boat Office", "Norwegian Boat Authority"}
    ]


def test_aliases_of_one_target_absent_from_the_file_join_each_other(tmp_path: Path) -> None:
    """IPS names Estonia's RIA twice, never as the PSTW label the shipped rows point to."""
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,Office of Boats,Central-Government,Norway\n"
        "P2,b,Boat Board BB,Central-Government,Norway\n"
        "P3,c,Office of Boats,Central-Government,Norway\n"
        "P4,d,Boat Board BB,Central-Government,Sweden\n",
        encoding="utf-8",
    )
    aliases = tmp_path / "aliases.csv"
    aliases.write_text(
        "name,same_as,country\n"
        "Office of Boats,Norwegian Boat Authority,NOR\n"
        "Boat Board BB,Norwegian Boat Authority,NOR\n",
        encoding="utf-8",
    )
    result = import_pstw(path, aliases=aliases)
    g = result.graph
    case = Namespace("https://w3id.org/govgraph/id/initiative/")
    norway = {g.value(case[c], GG.ledBy) for c in ("P1", "P2", "P3")}
    assert len(norway) == 1
    assert g.value(case.P4, GG.ledBy) not in norway  # the rows hold in Norway only
    # The node is named after the target (not spelt in the file): its IRI and label; both
    # spellings of the file stay alternative labels, each merge recorded with its rows.
    (node,) = norway
    assert node == ORG["norwegian-boat-authority-nor"]
    assert str(g.value(node, SKOS.prefLabel)) == "Norwegian Boat Authority"
    assert {str(x) for x in g.objects(node, SKOS.altLabel)} == {"Office of Boats", "Boat Board BB"}
    assert sorted((m.name, m.matched, m.rule, m.rows, m.label) for m in result.merges) == [
        ("Boat Board BB", "Office of Boats", "alias", (3,), "Norwegian Boat Authority"),
        (
            "Office of Boats",
            "Norwegian Boat Authority",
            "alias",
            (2, 4),
            "Norwegian Boat Authority",
        ),
    ]
    assert len(set(g.objects(None, GG.ledBy))) == 2
    # A file that spells the target names the node after it, even with fewer rows.
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,Office of Boats,Central-Government,Norway\n"
        "P2,b,Office of Boats,Central-Government,Norway\n"
        "P3,c,norwegian boat authority,Central-Government,Norway\n",
        encoding="utf-8",
    )
    spelt = import_pstw(path, aliases=aliases).graph
    assert set(spelt.objects(None, GG.ledBy)) == {ORG["norwegian-boat-authority-nor"]}
    assert {str(x) for x in spelt.objects(None, SKOS.prefLabel)} >= {"norwegian boat authority"}


@pytest.mark.slow
def test_one_body_has_one_iri_in_every_release() -> None:
    """Each row of the aliases table names one body: one IRI in PSTW, IPS 2022 and AI Watch 2020."""
    table = read_aliases(data_path("pstw", "aliases.csv"))
    rows = [*(((n, ""), t) for n, t in ORG_ALIASES.items()), *table.same_as.items()]
    graphs = [import_pstw().graph, import_ips().graph, import_aiwatch().graph]
    nodes = []
    for g in graphs:
        named: dict[tuple[str, str], set[URIRef]] = {}
        for node, _, label in g.triples((None, SKOS.prefLabel, None)):
            if not str(node).startswith(str(ORG)):
                continue
            countries = {str(c).rsplit("/", 1)[-1] for c in g.objects(node, DCTERMS.spatial)}
            for text in [label, *g.objects(node, SKOS.altLabel)]:
                for cc in [*countries, ""]:
                    named.setdefault((fold(str(text)) or "", cc), set()).add(node)
        nodes.append(named)
    compared = 0
    for (name, cc), target in rows:
        per_release = [n.get((name, cc), set()) | n.get((target, cc), set()) for n in nodes]
        found = [iris for iris in per_release if iris]
        if len(found) < 2:
            continue
        compared += 1
        assert len(set().union(*found)) == 1, (name, target, cc, per_release)
    assert compared >= 30
    # PSTW keeps its IRIs; the releases use them (Estonia's RIA, the Bundesagentur fuer Arbeit).
    case = Namespace("https://w3id.org/govgraph/id/initiative/")
    pstw, ips, aiw = graphs
    ria = ORG["estonian-information-system-authority-est"]
    assert (None, GG.ledBy, ria) in pstw
    assert ips.value(case["IPS-10032"], GG.ledBy) == ria
    assert ips.value(case["IPS-10590"], GG.ledBy) == ria
    assert aiw.value(case["AIW-90030"], GG.ledBy) == ria
    agency = ORG["federal-employment-agency-deu"]
    assert (None, GG.ledBy, agency) in pstw
    assert ips.value(case["IPS-10150"], GG.ledBy) == agency


def test_the_bundled_releases_join_one_body_under_its_names() -> None:
    """Same-body pairs found in the data (the evidence is in data/pstw/aliases.csv)."""
    case = Namespace("https://w3id.org/govgraph/id/initiative/")
    pstw = import_pstw().graph
    # the Diputacio de Barcelona in English and in Catalan (both cases on diba.cat)
    assert pstw.value(case["PSTW-2168"], GG.ledBy) == pstw.value(case["PSTW-2614"], GG.ledBy)
    # the BKA under three names; the Bundesagentur fuer Arbeit under two translations
    assert len({pstw.value(case[f"PSTW-{i}"], GG.ledBy) for i in (1063, 432, 1497)}) == 1
    assert pstw.value(case["PSTW-439"], GG.ledBy) == pstw.value(case["PSTW-151"], GG.ledBy)
    # a city and its province stay apart: the Diputacio is not the City of Barcelona
    assert pstw.value(case["PSTW-2614"], GG.ledBy) != pstw.value(case["PSTW-122"], GG.ledBy)
    ips = import_ips().graph
    for group in ((10151, 10166, 10167), (10032, 10590), (10150, 10439), (10099, 10165)):
        leads = {ips.value(case[f"IPS-{i}"], GG.ledBy) for i in group}
        assert len(leads) == 1, group
    # the Statistisches Bundesamt is not Statistics Finland or the Estonian office
    assert ips.value(case["IPS-10151"], GG.ledBy) != ips.value(case["IPS-10195"], GG.ledBy)


def test_an_organisation_has_its_own_country_not_the_cases_coverage(tmp_path: Path) -> None:
    """PSTW's "City of Tampere" leads Finnish cases and one covering the European Union."""
    from rdflib.namespace import DCTERMS

    country = Namespace("http://publications.europa.eu/resource/authority/country/")
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,City of Tampere,Local Government,Finland\n"
        "P2,b,City of Tampere,Consortium,European Union\n"
        "P3,c,ERNACT,Consortium,European Union\n"
        "P4,d,City of Utopia,Local Government,European Union\n"
        "P5,e,Europol,European Institution/Agency,Netherlands\n",
        encoding="utf-8",
    )
    result = import_pstw(path)
    g = result.graph
    case = Namespace("https://w3id.org/govgraph/id/initiative/")
    tampere = g.value(case.P1, GG.ledBy)
    assert g.value(case.P2, GG.ledBy) == tampere  # one node, in Finland, local level
    assert set(g.objects(tampere, DCTERMS.spatial)) == {country.FIN}
    assert g.value(tampere, GG.administrativeLevel) == GG.LocalLevel
    assert g.value(case.P2, DCTERMS.spatial) == country.EUR  # the case keeps its coverage
    assert [p.column for p in result.problems if "covering the European Union" in p.reason] == [
        "Geographical coverage (country)"
    ]
    # Nothing places the others in one country: they keep the coverage; a city is never EU level.
    assert set(g.objects(g.value(case.P3, GG.ledBy), DCTERMS.spatial)) == {country.EUR}
    assert g.value(g.value(case.P4, GG.ledBy), GG.administrativeLevel) == GG.LocalLevel
    assert g.value(g.value(case.P5, GG.ledBy), GG.administrativeLevel) == GG.EULevel


def test_label_punctuation_is_tidied_and_the_raw_name_kept(tmp_path: Path) -> None:
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        'P1,a,"Central Agency of Social Security Bodies (ACOSS):",Central-Government,France\n'
        "P2,b,Hansel Ltd.,Private sector,Finland\n"
        "P3,c,Rijkswaterstaat (RWS ),Central-Government,Netherlands\n",
        encoding="utf-8",
    )
    g = import_pstw(path).graph
    case = Namespace("https://w3id.org/govgraph/id/initiative/")
    acoss = g.value(case.P1, GG.ledBy)
    assert str(g.value(acoss, SKOS.prefLabel)) == "Central Agency of Social Security Bodies (ACOSS)"
    assert {str(x) for x in g.objects(acoss, SKOS.altLabel)} == {
        "Central Agency of Social Security Bodies (ACOSS):"
    }
    hansel = g.value(case.P2, GG.ledBy)
    assert str(g.value(hansel, SKOS.prefLabel)) == "Hansel Ltd."  # an abbreviation's stop stays
    assert g.value(hansel, SKOS.altLabel) is None
    # spaces just inside brackets go (two PSTW names)
    rws = g.value(case.P3, GG.ledBy)
    assert str(g.value(rws, SKOS.prefLabel)) == "Rijkswaterstaat (RWS)"
    assert {str(x) for x in g.objects(rws, SKOS.altLabel)} == {"Rijkswaterstaat (RWS )"}


def test_a_name_without_government_level_joins_the_one_body_of_its_key(tmp_path: Path) -> None:
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country)\n"
        "P1,a,Landesbank Baden-Württemberg (LBBW),Regional Government,Germany\n"
        "P2,b,Landesbank Baden-Württemberg,Non-governmental,Germany\n"
        "P3,c,Ministry of Justice,Central-Government,Germany\n"
        "P4,d,Justice Ministry,Regional Government,Germany\n"
        "P5,e,Ministry,Non-governmental,Germany\n"
        "P6,f,Ministry,Central-Government,Austria\n",
        encoding="utf-8",
    )
    result = import_pstw(path)
    g = result.graph
    case = Namespace("https://w3id.org/govgraph/id/initiative/")
    lead = {i: g.value(case[i], GG.ledBy) for i in ("P1", "P2", "P3", "P4", "P5")}
    assert lead["P1"] == lead["P2"]  # the level is missing on one side: one body
    assert g.value(lead["P1"], GG.administrativeLevel) == GG.RegionalLevel
    assert lead["P3"] != lead["P4"]  # two government levels: never merged by rule
    assert lead["P5"] not in (lead["P3"], lead["P4"])  # generic words only: not joined
    assert [m.name for m in result.merges] == ["Landesbank Baden-Württemberg"]


def test_similar_pairs_in_matrices_are_the_pairs_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rapidfuzz import fuzz

    from govgraph.io import _resolve

    names = [
        "Municipality of Trento",
        "Municipality of Trieste",
        "Municipality of Valkenswaard",
        "Municipality of Valkenswaaard",
        "Ministry of Digital Transformation",
        "Fedeal Ministry of Digital Transformaton",
        "Ministry of Finance",
        "Agency for Digital Government",
        "Agency for Digitl Government",
        "Neuraflow",
        "Neuroflow",
        "Neuraflow Labs",
        "Ministry",
    ]
    keys = [match_key(n, "AUT") for n in names]
    expected = []
    for i, a in enumerate(keys):
        for j in range(i + 1, len(keys)):
            b = keys[j]
            if a.distinctive and b.distinctive and a.generic == b.generic:
                needed = 94.0 if {"municipality"} & set(a.generic) else 90.0
                score = fuzz.token_sort_ratio(a.distinctive, b.distinctive)
                if score >= needed:
                    expected.append((i, j, score))
    assert len(expected) >= 3  # typos of a ministry, an agency and a place
    assert _resolve._similar_pairs(keys, 90.0) == expected
    monkeypatch.setattr(_resolve, "_MATRIX_CELLS", 2)  # one row of the matrix at a time
    assert _resolve._similar_pairs(keys, 90.0) == expected


def test_a_name_repeating_a_part_is_tidied_and_its_aliases_still_apply(tmp_path: Path) -> None:
    """Regression: "Krajowa Izba Rozliczeniowa S.A (State Clearance Chamber), Krajowa Izba
    Rozliczeniowa S.A (State Clearance Chamber)" was a PSTW label and IRI; once tidied, the
    AI Watch alias row written with the doubled AMA name must still apply."""
    from govgraph.io._normalise import tidy_name

    assert tidy_name("A (X), a (x)") == "A (X)"
    assert tidy_name("Municipality of X, TNO, municipality of  X") == "Municipality of X, TNO"
    assert tidy_name("A,, B") == "A,, B"  # an empty part: left as written
    aliases = tmp_path / "aliases.csv"
    aliases.write_text('name,same_as,country\n"B, B",C:,AUT\n', encoding="utf-8")
    table = read_aliases(aliases)
    assert table.same_as == {("b", "AUT"): "c"}
    pstw = import_pstw().graph
    kir = ORG["krajowa-izba-rozliczeniowa-s-a-state-clearance-chamber-pol"]
    assert str(pstw.value(kir, SKOS.prefLabel)) == (
        "Krajowa Izba Rozliczeniowa S.A (State Clearance Chamber)"
    )
    assert {str(x) for x in pstw.objects(kir, SKOS.altLabel)} == {
        "Krajowa Izba Rozliczeniowa S.A (State Clearance Chamber), "
        "Krajowa Izba Rozliczeniowa S.A (State Clearance Chamber)"
    }
    ama = ORG["ama-agencia-para-a-modernizacao-administrativa-prt"]
    aiwatch = import_aiwatch().graph
    assert (None, GG.ledBy, ama) in aiwatch
    assert ORG["agency-for-administrative-modernisation-prt"] not in set(aiwatch.subjects())
