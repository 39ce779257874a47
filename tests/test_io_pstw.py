"""The PSTW importer against figures counted directly in the spreadsheet (openpyxl, no govgraph).

The expected figures apply the rules documented in docs/import.md, written out again here:
white space collapsed and case folded; technology spellings merged; COFOG level I labels to
divisions. Organisations are resolved by the importer (entity resolution); the tests check its
invariants (every row's name is a name of its lead, no merge across countries, the category
rule) and the cases named in issue 15.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from govgraph import DataImportError, GovGraph
from govgraph._resources import data_path
from govgraph.cli import main
from govgraph.io import ImportResult, import_pstw
from govgraph.io._eu_bodies import eu_bodies
from govgraph.validation import validate_graph

GG = Namespace("https://w3id.org/govgraph#")
ORG = Namespace("http://www.w3.org/ns/org#")
TECH = Namespace("https://w3id.org/govgraph/id/technology/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

XLSX = data_path("pstw", "pstw_dataset.xlsx")


def fold(value: object) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip().casefold()
    return text or None


@pytest.fixture(scope="module")
def sheet() -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(XLSX, read_only=True, data_only=True)
    rows = list(wb[" PSTW DB"].iter_rows(values_only=True))
    header = [fold(h) for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if r[0] is not None]


@pytest.fixture(scope="module")
def result() -> ImportResult:
    return import_pstw(XLSX)


def objects_count(graph: Graph, prop: URIRef) -> Counter[URIRef]:
    out: Counter[URIRef] = Counter()
    for s in graph.subjects(RDF.type, GG.Initiative):
        for o in set(graph.objects(s, prop)):
            out[o] += 1  # type: ignore[index]
    return out


@pytest.mark.slow
def test_one_initiative_per_case(sheet: list[dict[str, object]], result: ImportResult) -> None:
    g = result.graph
    initiatives = set(g.subjects(RDF.type, GG.Initiative))
    assert len(sheet) == 1964
    assert len(initiatives) == 1964 == result.counts["initiatives"]
    ids = {str(g.value(i, DCTERMS.identifier)) for i in initiatives}
    assert ids == {str(r["pstw id"]) for r in sheet}
    first = URIRef("https://w3id.org/govgraph/id/initiative/PSTW-1")
    assert str(g.value(first, SKOS.prefLabel)) == "AMS - public empolyment service"
    assert g.value(first, SKOS.prefLabel).language == "en"
    assert g.value(first, GG.status) == GG.StatusNotInUse
    assert g.value(first, GG.startYear).toPython() == 2020
    assert g.value(first, DCTERMS.spatial) == COUNTRY.AUT
    assert (first, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), None) in g


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_countries(sheet: list[dict[str, object]], result: ImportResult) -> None:
    expected = {fold(r["geographical coverage (country)"]) for r in sheet}
    spatial = objects_count(result.graph, DCTERMS.spatial)
    assert len(expected) == 43
    assert len(spatial) == 43 == result.counts["countries"]
    assert spatial[COUNTRY.DEU] == sum(
        1 for r in sheet if fold(r["geographical coverage (country)"]) == "germany"
    )
    assert spatial[COUNTRY.EUR] == 64


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_organisations(sheet: list[dict[str, object]], result: ImportResult) -> None:
    g = result.graph
    leads = set(g.objects(None, GG.ledBy))
    assert len(leads) == result.counts["organisations"]
    # Every row's organisation name is a name (preferred or alternative) of the row's lead.
    for r in sheet:
        case = URIRef(f"https://w3id.org/govgraph/id/initiative/{r['pstw id']}")
        lead = g.value(case, GG.ledBy)
        names = {fold(n) for p in (SKOS.prefLabel, SKOS.altLabel) for n in g.objects(lead, p)}
        assert fold(r["responsible organisation"]) in names, (r["pstw id"], names)
    # Entity resolution never merges across countries: an organisation's rows share one country
    # (EU and international bodies aside); a case covering the European Union is led by the
    # organisation of the one country its other cases give (its country, not the coverage).
    rows_by_lead: dict[URIRef, list[dict[str, object]]] = {}
    for r in sheet:
        case = URIRef(f"https://w3id.org/govgraph/id/initiative/{r['pstw id']}")
        rows_by_lead.setdefault(g.value(case, GG.ledBy), []).append(r)  # type: ignore[arg-type]
    for org, rows in rows_by_lead.items():
        if g.value(org, SKOS.exactMatch) is None and not str(org).endswith("-eur"):
            countries = {fold(r["geographical coverage (country)"]) for r in rows}
            assert len(countries - {"european union"}) <= 1, (org, countries)
            if len(countries) == 2:
                assert g.value(org, DCTERMS.spatial) != COUNTRY.EUR
    # "Ministry of Justice" leads cases in ten countries: ten organisations (in Spain and
    # the Netherlands the ministry's former name, an alternative label of its present one).
    moj = {
        o
        for o in leads
        if "ministry of justice"
        in {fold(n) for p in (SKOS.prefLabel, SKOS.altLabel) for n in g.objects(o, p)}
    }
    assert len({g.value(o, DCTERMS.spatial) for o in moj}) == len(moj) >= 10
    # The Commission is one EU-level administration, whatever country its cases cover.
    ec = URIRef("https://w3id.org/govgraph/id/org/european-commission-eur")
    assert (ec, RDF.type, GG.PublicAdministration) in g
    assert g.value(ec, GG.administrativeLevel) == GG.EULevel
    assert set(g.objects(ec, DCTERMS.spatial)) == {COUNTRY.EUR}
    ec_rows = sum(
        1
        for r in sheet
        if fold(r["responsible organisation"]) in {"european commission", "european comission"}
    )
    assert len(set(g.subjects(GG.ledBy, ec))) == ec_rows
    # Government categories are administrations (or units), the others plain organisations.
    for org in leads:
        is_admin = (org, RDF.type, GG.PublicAdministration) in g
        is_unit = (org, RDF.type, GG.AdministrativeUnit) in g
        assert (is_admin or is_unit) != ((org, RDF.type, ORG.Organization) in g)
        assert (g.value(org, GG.administrativeLevel) is not None) == (is_admin or is_unit)
        assert g.value(org, ORG.classification) is not None
    assert result.counts["public_administrations"] + result.counts[
        "other_organisations"
    ] + result.counts["administrative_units"] == len(leads)
    # Documented rule: EU bodies are administrations; otherwise the most frequent category of
    # the organisation's rows wins, ties broken government-first (EU, central, regional, local).
    canon = {
        "central-government": "central",
        "central government": "central",
        "national government": "central",
        "regional government": "regional",
        "local government": "local",
        "european institution/agency": "eu",
    }
    order = [
        "eu",
        "central",
        "regional",
        "local",
        "state-owned entreprise",
        "academic-research",
        "consortium",
        "non-governmental",
        "community led",
        "private sector",
    ]
    table = {b.iri for b in eu_bodies() if b.eu}
    # ... unless the shipped categories file gives the organisation (label, country) its own
    with data_path("pstw", "categories.csv").open(encoding="utf-8", newline="") as fh:
        own = {
            (fold(r["name"]), r["country"]): canon.get(fold(r["category"]) or "", "other")
            for r in csv.DictReader(fh)
        }
    assert len(own) > 90
    overridden = 0
    for org, rows in rows_by_lead.items():
        counter = Counter(
            canon.get(c, c)
            for c in (fold(r["responsible organisation category"]) or "" for r in rows)
        )
        best = max(counter.values())
        chosen = min((c for c, k in counter.items() if k == best), key=order.index)
        spatial = g.value(org, DCTERMS.spatial)
        code = str(spatial).rsplit("/", 1)[-1] if spatial is not None else ""
        label = fold(g.value(org, SKOS.prefLabel))
        if (label, code) in own:
            chosen = own[(label, code)]
            overridden += 1
        body = g.value(org, SKOS.exactMatch) is not None or org in table
        international = str(g.value(org, ORG.classification)).endswith("international-organisation")
        expected_admin = not international and (
            body or "eu" in counter or chosen in {"eu", "central", "regional", "local"}
        )
        assert (g.value(org, GG.administrativeLevel) is not None) == expected_admin, (org, counter)
    assert overridden == len(own)  # every row of the shipped file names a lead of the data


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_entity_resolution_on_the_real_data(result: ImportResult) -> None:
    g = result.graph
    austria = URIRef("https://w3id.org/govgraph/id/org/federal-ministry-of-justice-aut")
    names = {str(n) for p in (SKOS.prefLabel, SKOS.altLabel) for n in g.objects(austria, p)}
    assert names == {
        "Federal Ministry of Justice",
        "Fedeal Ministry of Justice",
        "Ministry of Justice Austria",
    }
    nvwa = [
        o
        for o in set(g.objects(None, GG.ledBy))
        if any(
            str(n) == "NVWA"
            or re.match(r"(Dutch|Netherlands) Food and Consumer Product Safety", str(n))
            for p in (SKOS.prefLabel, SKOS.altLabel)
            for n in g.objects(o, p)
        )
    ]
    assert len(nvwa) == 1
    # PSTW-122 is filed under plain "Barcelona" (Local Government, Spain): the city council.
    city = URIRef("https://w3id.org/govgraph/id/org/city-of-barcelona-esp")
    barcelona = {"PSTW-82", "PSTW-122", "PSTW-148", "PSTW-758", "PSTW-1998"}
    for ident in barcelona:
        assert g.value(URIRef(f"https://w3id.org/govgraph/id/initiative/{ident}"), GG.ledBy) == city
    # Every merge is explained with rows and a similarity, and points at an existing node.
    leads = {str(o) for o in g.objects(None, GG.ledBy)}
    assert result.merges and result.counts["merged_names"] == len(result.merges)
    for m in result.merges:
        assert m.organisation in leads and m.rows and 0 < m.similarity <= 100
    # Never across levels: a regional and a national body of one name stay two nodes.
    for m in result.merges:
        org = URIRef(m.organisation)
        assert len(set(g.objects(org, GG.administrativeLevel))) <= 1


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_eu_bodies_on_the_real_data(result: ImportResult) -> None:
    g = result.graph
    body = "http://publications.europa.eu/resource/authority/corporate-body/"
    ec = URIRef("https://w3id.org/govgraph/id/org/european-commission-eur")
    for code, iri in (
        ("COMP", "dg-comp"),
        ("DIGIT", "dg-digit"),
        ("PUBL", "publications-office-of-the-european-union-eur"),
    ):
        node = URIRef(f"https://w3id.org/govgraph/id/org/{iri}")
        assert g.value(node, SKOS.exactMatch) == URIRef(body + code)
        assert g.value(node, GG.administrativeLevel) == GG.EULevel
    for dg in ("dg-comp", "dg-digit"):
        node = URIRef(f"https://w3id.org/govgraph/id/org/{dg}")
        assert g.value(node, ORG.unitOf) == ec
        assert (node, RDF.type, GG.AdministrativeUnit) in g
    # DG DIGIT's PSTW cases reach the Commission through the hierarchy.
    digit = URIRef("https://w3id.org/govgraph/id/org/dg-digit")
    assert len(set(g.subjects(GG.ledBy, digit))) == 4
    for name in ("Council of Europe", "European Patent Office"):
        nodes = set(g.subjects(SKOS.prefLabel, None))
        node = next(n for n in nodes if str(g.value(n, SKOS.prefLabel)) == name)
        assert g.value(node, GG.administrativeLevel) is None
        assert (node, RDF.type, GG.PublicAdministration) not in g
    # PSTW files the language-technology EDIC as a central government covering the EU: it is an
    # EU-law consortium of member states, so EU level (not a national administration paired
    # with the DGs in the DG-to-national view), and the reclassification is reported.
    edic = URIRef(
        "https://w3id.org/govgraph/id/org/european-digital-infrastructure-consortium-edic-eur"
    )
    assert g.value(edic, GG.administrativeLevel) == GG.EULevel
    assert any(
        "European Digital Infrastructure Consortium (EDIC)' is filed as Central government"
        in p.reason
        for p in result.problems
    )


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_category_conflicts_are_reported(result: ImportResult) -> None:
    conflicts = [p for p in result.problems if "several categories" in p.reason]
    text = " ".join(p.reason for p in conflicts)
    assert "European Commission" in text and "Dutch Police" in text
    assert all(p.severity == "warning" and p.row for p in conflicts)


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_categories_file_settles_conflicts_the_tie_rule_got_wrong(result: ImportResult) -> None:
    # regression: Bari (one case filed local, one central) was national by the rule for ties,
    # South Holland (two local, one regional) local by the most-frequent rule
    g = result.graph
    for name, level in (
        ("Municipality of Bari", GG.LocalLevel),
        ("Province of South Holland", GG.RegionalLevel),
    ):
        (org,) = set(g.subjects(SKOS.prefLabel, Literal(name, lang="en")))
        assert g.value(org, GG.administrativeLevel) == level, name
        (note,) = [p.reason for p in result.problems if f"'{name}'" in p.reason]
        assert "its own category (categories.csv row" in note


TECH_LABELS = {
    "artificial intelligence": GG.ArtificialIntelligence,
    "blockchain": TECH["blockchain"],
    "ar/vr": TECH["ar-vr"],
    "quantum computing": TECH["quantum-computing"],
    "digital twins": TECH["digital-twins"],
    "virtual worlds": TECH["virtual-worlds"],
    "5g (edge computing)": TECH["5g-edge-computing"],
    "other": TECH["other"],
    "open source, low-code platform": TECH["low-code-platforms"],
}


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_initiatives_per_technology(sheet: list[dict[str, object]], result: ImportResult) -> None:
    expected: Counter[URIRef] = Counter()
    for r in sheet:
        techs = {
            TECH_LABELS[fold(r[c])]
            for c in ("primary technology", "secondary technology")
            if fold(r[c])
        }
        expected.update(techs)
    subdomain_cols = [c for c in sheet[0] if c and c.startswith("ai classification subdomain")]
    ml = sum(1 for r in sheet if "machine learning" in {fold(r[c]) for c in subdomain_cols})
    nlp = sum(
        1 for r in sheet if "natural language processing" in {fold(r[c]) for c in subdomain_cols}
    )
    found = objects_count(result.graph, GG.usesTechnology)
    for tech, n in expected.items():
        assert found[tech] == n, tech
    assert found[TECH["machine-learning"]] == ml
    assert found[TECH["natural-language-processing"]] == nlp
    g = result.graph
    assert (TECH["machine-learning"], SKOS.broader, GG.ArtificialIntelligence) in g
    assert (TECH["computer-vision"], SKOS.broader, GG.ArtificialIntelligence) in g


COFOG_DIVISIONS = {
    "general public services": "01",
    "defence": "02",
    "public order and safety": "03",
    "economic affairs": "04",
    "environmental protection": "05",
    "housing and community amenities": "06",
    "health": "07",
    "recreation, culture and religion": "08",
    "education": "09",
    "social protection": "10",
}


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_initiatives_per_cofog_division(
    sheet: list[dict[str, object]], result: ImportResult
) -> None:
    expected = Counter(
        COFOG_DIVISIONS[fold(r["functions of government (cofog level i)"])] for r in sheet
    )
    g = result.graph
    found: Counter[str] = Counter()
    for area, n in objects_count(g, GG.policyArea).items():
        if (area, SKOS.topConceptOf, None) in g:
            found[str(g.value(area, SKOS.notation))] = n
    assert found == expected
    # The 58 truncated "...labour affair" labels are matched (by prefix) to group 04.1.
    group_041 = URIRef("http://linked.data.gov.au/def/cofog/041")
    truncated = sum(
        1
        for r in sheet
        if fold(r["functions of government (cofog level ii)"])
        == "general economic, commercial and labour affair"
    )
    assert truncated == 58
    assert objects_count(g, GG.policyArea)[group_041] >= truncated
    prefix = [p for p in result.problems if "by prefix" in p.reason]
    assert len(prefix) == 58


@pytest.mark.slow
def test_output_is_self_contained_and_queryable(result: ImportResult, tmp_path: Path) -> None:
    out = tmp_path / "pstw.ttl"
    result.serialize(out)
    kg = GovGraph()
    kg.load(out)
    rows = kg.query(
        """
        PREFIX gg: <https://w3id.org/govgraph#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?label (COUNT(DISTINCT ?i) AS ?n) WHERE {
          ?i a gg:Initiative ; gg:policyArea ?d .
          ?d skos:topConceptOf ?scheme ; skos:prefLabel ?label .
        } GROUP BY ?label ORDER BY DESC(?n)
        """
    ).rows
    assert str(rows[0]["label"]) == "General public services"
    assert int(rows[0]["n"]) == 598
    tech_rows = kg.query(
        """
        PREFIX gg: <https://w3id.org/govgraph#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE {
          ?i gg:usesTechnology/skos:broader* gg:ArtificialIntelligence .
          gg:ArtificialIntelligence skos:prefLabel ?l .
        }
        """
    ).rows
    assert int(tech_rows[0]["n"]) >= 1566


@pytest.mark.slow
def test_output_validates_with_pyshacl(result: ImportResult) -> None:
    report = validate_graph(result.graph)
    assert report.conforms, report.to_markdown()[:2000]
    assert not report.results


PSTW_HEADER = (
    "PSTW ID,Name,Description,Geographical coverage (country),Responsible organisation,"
    "Responsible organisation category,Functions of Government (COFOG level I),"
    "Functions of Government (COFOG level II), Status,Start Year,End Year,Primary Technology,"
    "Secondary Technology,AI Classification Subdomain (II) (main)\n"
)


def test_bad_cells_are_reported_not_fatal(tmp_path: Path) -> None:
    csv = tmp_path / "pstw.csv"
    csv.write_text(
        PSTW_HEADER
        + "X-1,Good case,desc,Italy,Comune di Roma ,Local Government,Health,Hospital services.,Pilot,2021,,Blockchain,,\n"
        + "X-2,Bad cells,,Atlantis,comune di roma,Wizards,Magic,Spells,Maybe,twenty,1800,Telepathy,,\n"
        + ",No id,,Italy,Comune di Roma,Local Government,,,,,,,,\n"
        + "X-1,Duplicate,,Italy,Comune di Roma,Local Government,,,,,,,,\n",
        encoding="utf-8",
    )
    result = import_pstw(csv)
    assert result.counts["initiatives"] == 2
    by_column = {(p.row, p.column) for p in result.problems}
    assert (3, "Geographical coverage (country)") in by_column
    assert (3, "Responsible organisation category") in by_column
    assert (3, "Functions of Government (COFOG level I)") in by_column
    assert (3, "Functions of Government (COFOG level II)") in by_column
    assert (3, "Status") in by_column  # headers are reported trimmed
    assert (3, "Start Year") in by_column and (3, "End Year") in by_column
    assert (3, "Primary Technology") in by_column
    assert (4, "PSTW ID") in by_column and (5, "PSTW ID") in by_column
    assert result.counts["rows_rejected"] == 2
    with pytest.raises(DataImportError) as info:
        import_pstw(csv, strict=True)
    assert info.value.problems


def test_a_duplicate_row_is_skipped_before_its_cells_are_read(tmp_path: Path) -> None:
    # regression: the skipped row's unknown country and status were reported as if imported
    csv = tmp_path / "pstw.csv"
    csv.write_text(
        PSTW_HEADER
        + "X-1,Good case,,Italy,Comune di Roma,Local Government,,,Pilot,2021,,,,\n"
        + "X-1,Copy,,Atlantis,Comune di Roma,Wizards,,,Maybe,twenty,,,,\n",
        encoding="utf-8",
    )
    result = import_pstw(csv)
    assert [(p.row, p.column, p.reason) for p in result.problems if p.row == 3] == [
        (3, "PSTW ID", "duplicate ID (first used in row 2); row skipped")
    ]
    assert result.counts["rows_rejected"] == 1


def test_missing_required_column_is_a_clean_error(tmp_path: Path) -> None:
    csv = tmp_path / "pstw.csv"
    csv.write_text("Name,Description\nA,B\n", encoding="utf-8")
    with pytest.raises(DataImportError, match="PSTW ID"):
        import_pstw(csv)


def test_missing_columns_are_named_as_pstw_writes_them(tmp_path: Path) -> None:
    # regression: they were named by their folded key ("responsible organisation category")
    csv = tmp_path / "pstw.csv"
    csv.write_text("PSTW ID,Name,Responsible organisation\nX-1,Chatbot,City of Z\n", "utf-8")
    missing = {p.column for p in import_pstw(csv).problems if "column is missing" in p.reason}
    assert {"Responsible organisation category", "Start Year", "Website"} <= missing
    assert all(c is not None and c[0].isupper() for c in missing)
    csv.write_text("PSTW ID,Name\nX-1,Chatbot\n", "utf-8")
    with pytest.raises(
        DataImportError, match=r"missing column\(s\) \['Responsible organisation'\]"
    ):
        import_pstw(csv)


def test_cli_import_pstw(tmp_path: Path) -> None:
    csv = tmp_path / "pstw.csv"
    csv.write_text(
        PSTW_HEADER
        + "X-1,Good case,desc,Italy,Comune di Roma,Local Government,Health,Hospital services.,Pilot,2021,,Blockchain,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.ttl"
    assert (
        main(["import", "pstw", str(csv), "-o", str(out), "--report", str(tmp_path / "r.json")])
        == 0
    )
    g = Graph().parse(out)
    assert len(set(g.subjects(RDF.type, GG.Initiative))) == 1
    assert main(["import", "pstw", str(csv), "-o", str(out)]) == 2  # exists, no --force
    assert (
        main(["import", "pstw", str(tmp_path / "missing.xlsx"), "-o", str(tmp_path / "x.ttl")]) == 2
    )
    assert not (tmp_path / "x.ttl").exists()


@pytest.mark.slow
def test_csv_export_gives_the_same_graph(result: ImportResult, tmp_path: Path) -> None:
    import csv

    from rdflib.compare import isomorphic

    wb = openpyxl.load_workbook(XLSX, read_only=True, data_only=True)
    path = tmp_path / "pstw.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        for row in wb[" PSTW DB"].iter_rows(values_only=True):
            writer.writerow(["" if v is None else v for v in row])
    from_csv = import_pstw(path)
    assert dict(from_csv.counts) == dict(result.counts)
    assert isomorphic(from_csv.graph, result.graph)


def alnum(value: object) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(value) or "")


@pytest.mark.slow  # the real PSTW import: about 7 s on a loaded machine
def test_a_company_that_leads_and_partners_is_one_node(
    sheet: list[dict[str, object]], result: ImportResult
) -> None:
    # Independent count: lead organisations whose name, letters and digits only, is the name of
    # a partner (a piece of a "Company name or GovTech ID" cell, without its GovTech ID, link or
    # bracketed note): Aleph Alpha, Bronia.AI, Corti, Helpme.ai, SignAvatar, SILO.AI.
    leads = {alnum(r["responsible organisation"]) for r in sheet}
    named: dict[str, set[str]] = {}
    for r in sheet:
        cell = re.sub(
            r"\(.*?\)|https?://\S+|\bGT[SI]?-\d+\b", " ", str(r["company name or govtech id"] or "")
        )
        for piece in re.split(r",|;|\band\b", cell):
            if alnum(piece) in leads:
                named.setdefault(alnum(piece), set()).add(str(r["pstw id"]))
    assert len(named) == 6
    g = result.graph
    initiative = "https://w3id.org/govgraph/id/initiative/"
    for key, cases in named.items():
        (node,) = {
            o
            for r in sheet
            if alnum(r["responsible organisation"]) == key
            for o in g.objects(URIRef(initiative + str(r["pstw id"])), GG.ledBy)
        }
        # one node, in both roles, typed as both, with every case it partners in
        assert {str(s).removeprefix(initiative) for s in g.subjects(GG.hasParticipant, node)} == (
            cases
        )
        assert (node, RDF.type, GG.PrivatePartner) in g and (node, RDF.type, ORG.Organization) in g
        assert (node, RDF.type, GG.PublicAdministration) not in g
    assert result.counts["partners_joined"] == 6 and result.counts["partners"] == 117
    # No partner node left with the name of an organisation; every partner merge points at an
    # organisation that is not a public body.
    org_names = {alnum(n) for o in g.objects(None, GG.ledBy) for n in g.objects(o, SKOS.prefLabel)}
    for p in g.subjects(RDF.type, GG.PrivatePartner):
        if str(p).startswith("https://w3id.org/govgraph/id/partner/"):
            assert alnum(g.value(p, SKOS.prefLabel)) not in org_names, p
    joined = [m for m in result.merges if m.rule == "partner"]
    assert len(joined) == 6
    for m in joined:
        assert (URIRef(m.organisation), RDF.type, ORG.Organization) in g


def test_mis_encoded_text_is_reported_with_what_it_said(tmp_path: Path) -> None:
    """Text read as UTF-8 decoded as Windows-1252 is reported, row and column, and kept as is."""
    long = "A chatbot answers " + "many questions " * 10 + "on the usersâ€™ needs. " + "x " * 40
    path = tmp_path / "pstw.csv"
    path.write_text(
        "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        "Geographical coverage (country),Description\n"
        "P1,RMGÂ® Gold,Royal Mint,Central-Government,United Kingdom,\n"
        f'P2,Chatbot,"Région Île-de-France",Regional Government,France,"{long}"\n',
        encoding="utf-8",
    )
    result = import_pstw(path)
    found = [(p.row, p.column, p.value) for p in result.problems if "mis-encoded" in p.reason]
    # the name in full; of the long description the part around the fault; never the
    # correctly written accents of the Île-de-France
    assert found == [
        (2, "Name", "RMGÂ® Gold"),
        (3, "Description", found[1][2]),
    ]
    assert found[1][2].startswith("...") and "usersâ€™ needs" in found[1][2]
    reasons = [p.reason for p in result.problems if "mis-encoded" in p.reason]
    assert "probably 'RMG® Gold'" in reasons[0] and "users’ needs" in reasons[1]
    g = result.graph
    case = Namespace("https://w3id.org/govgraph/id/initiative/")
    assert str(g.value(case.P1, SKOS.prefLabel)) == "RMGÂ® Gold"  # imported as written
    assert long.strip() in {str(d) for d in g.objects(case.P2, DCTERMS.description)}
