"""Partners, funding shares, search and capacity gaps on the real PSTW (and DESI) imports.

Expected figures are counted here directly in the spreadsheet with openpyxl.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict

import openpyxl
import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

import govgraph
from govgraph._resources import data_path
from govgraph.analysis import Facts
from govgraph.cli import main

pytestmark = pytest.mark.slow
XLSX = data_path("pstw", "pstw_dataset.xlsx")


def fold(value: object) -> str:
    return re.sub(r"\s+", " ", str(value or "")).strip().casefold()


@pytest.fixture(scope="module")
def sheet() -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(XLSX, read_only=True, data_only=True)
    rows = list(wb[" PSTW DB"].iter_rows(values_only=True))
    header = [fold(h) for h in rows[0]]
    wb.close()
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if r[0] is not None]


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.import_pstw()
    return graph


def test_funding_shares_match_an_independent_count(
    kg: govgraph.GovGraph, sheet: list[dict[str, object]]
) -> None:
    g = kg.to_rdflib()
    known: Counter[URIRef] = Counter()
    eu: Counter[URIRef] = Counter()
    unknown: Counter[URIRef] = Counter()
    for r in sheet:
        case = URIRef(f"https://w3id.org/govgraph/id/initiative/{r['pstw id']}")
        country = g.value(case, DCTERMS.spatial)  # the row's country, as the import maps it
        if country is None:
            continue
        source = fold(r["funding source"])
        if source:
            known[country] += 1
            eu[country] += source == "eu-funded project"
        else:
            unknown[country] += 1
    found = {f.country: f for f in kg.funding_shares()}
    assert sum(f.eu_funded for f in found.values()) == sum(eu.values()) == 339
    for country, n in known.items():
        code = str(country).rsplit("/", 1)[-1]
        assert found[code].cases == n
        assert found[code].eu_funded == eu[country]
        assert found[code].unknown == unknown[country]
        assert found[code].share == pytest.approx(eu[country] / n, abs=1e-4)
        # the country's name as the data labels it (the EU country table), for the tables
        names = {str(o) for p in (SKOS.prefLabel, RDFS.label) for o in g.objects(country, p)}
        assert found[code].country_label in names
    assert (found["DEU"].country_label, found["EUR"].country_label) == (
        "Germany",
        "European Union",
    )


def test_partners_are_real_companies_with_their_cases(
    kg: govgraph.GovGraph, sheet: list[dict[str, object]]
) -> None:
    top = kg.partners(top=20)
    assert len(top) == 20
    by_label = {p.partner_label: p for p in kg.partners()}
    # Ayesa is named alone in 4 rows and with others in 1 (independent count).
    rows = [r for r in sheet if "ayesa" in fold(r["company name or govtech id"])]
    assert len(by_label["Ayesa"].initiatives) == len(rows) == 5
    assert by_label["Ayesa"].partner_kind == "company"
    # GTS-1069 alone is resolved to the one name it is given with (Vivacity Labs).
    vivacity = by_label["Vivacity Labs"]
    gts = [r for r in sheet if "gts-1069" in fold(r["company name or govtech id"])]
    assert len(vivacity.initiatives) == len(gts) and vivacity.partner_kind == "govtech"
    for p in top:
        assert len(p.administrations) == len(p.administrations_labels) >= 1
        assert len(p.initiatives) == len(p.initiatives_labels) >= 1
        assert len(p.technologies) == len(p.technologies_labels)
    assert [len(p.administrations) for p in top] == sorted(
        (len(p.administrations) for p in top), reverse=True
    )
    # Filters select the administrations: only Spanish leads.
    spanish = kg.partners(country="ESP")
    assert "Ayesa" in {p.partner_label for p in spanish}
    assert "Vivacity Labs" not in {p.partner_label for p in spanish}
    with pytest.raises(govgraph.ConfigurationError):
        kg.partners(partner_kind="startup")


def test_partners_administrations_are_public_and_never_the_partner(kg: govgraph.GovGraph) -> None:
    # every lead of a partner's cases, counted with one query
    leads: dict[str, set[str]] = defaultdict(set)
    for row in kg.query(
        "PREFIX gg: <https://w3id.org/govgraph#> SELECT ?p ?lead WHERE { "
        "?i gg:hasParticipant ?p . ?p a gg:PrivatePartner . ?i gg:ledBy ?lead }"
    ):
        leads[str(row["p"])].add(str(row["lead"]))
    found = kg.partners()
    kinds = Facts(kg.store).kinds
    public = {"public-administration", "international-organisation", None}
    for p in found:
        assert p.partner not in p.administrations and p.partner not in p.other_leads
        assert {kinds.get(a) for a in p.administrations} <= public
        assert not {kinds.get(o) for o in p.other_leads} & public
        assert set(p.administrations) | set(p.other_leads) == leads[p.partner] - {p.partner}
    by_label = {p.partner_label: p for p in found}
    # Ayesa: three Spanish public bodies; a supercomputing centre and a company lead the others
    assert len(by_label["Ayesa"].administrations) == 3
    assert by_label["Ayesa"].other_leads_labels == (
        "Galician Supercomputer Centre (CESGA) (ES)",
        "Ibermatica (ES)",
    )
    # Corti's one case is led by Corti itself: no public body in the data
    assert by_label["Corti"].administrations == by_label["Corti"].other_leads == ()
    assert sum(1 for p in found if p.other_leads) >= 15


def test_supplier_dependence_matches_an_independent_count(
    kg: govgraph.GovGraph, sheet: list[dict[str, object]]
) -> None:
    # Independent count in the spreadsheet: organisations with at least 2 rows naming a company,
    # all naming the same one (cells compared folded; the one-company cells only).
    named: dict[str, list[str]] = defaultdict(list)
    for r in sheet:
        # a GovTech identifier next to the name ("e-Time - GTS-1091") is not part of it
        company = re.sub(r"\bgt[si]?-\d+\b", "", fold(r["company name or govtech id"]))
        company = company.strip(" -")
        if company:
            named[fold(r["responsible organisation"])].append(company)
    expected = {
        (org, cells[0]) for org, cells in named.items() if len(cells) >= 2 and len(set(cells)) == 1
    }
    found = kg.supplier_dependence(kind="any")
    assert expected
    assert {(fold(d.administrations_labels[0]), fold(d.partner_label)) for d in found} == expected
    for d in found:
        assert d.supplier_cases == d.partnered_cases == len(d.initiatives) >= 2
        assert d.share == 1.0


def test_partners_cli_json_contract(capsys: pytest.CaptureFixture[str], tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "pstw.ttl"
    assert main(["import", "pstw", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["partners", str(out), "--top", "20", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 20
    for key in (
        "partner",
        "partner_label",
        "partner_kind",
        "administrations",
        "initiatives",
        "technologies",
        "administrations_labels",
        "initiatives_labels",
        "technologies_labels",
    ):
        assert key in rows[0]
    assert main(["find", str(out), "ministry of justice", "--format", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    austria = [f for f in found if f["country"] == "AUT" and f["kind"] == "organisation"]
    assert len(austria) == 1
    assert set(austria[0]["alt_labels"]) == {
        "Fedeal Ministry of Justice",
        "Ministry of Justice Austria",
    }
    assert set(found[0]) == {"iri", "label", "alt_labels", "kind", "country", "score"}


def test_find(kg: govgraph.GovGraph) -> None:
    found = kg.find("PSTW-12")
    assert found[0].iri == "https://w3id.org/govgraph/id/initiative/PSTW-12"
    assert found[0].score == 100
    digit = kg.find("DG DIGIT", kind="organisation")
    assert digit[0].iri == "https://w3id.org/govgraph/id/org/dg-digit"
    assert all(f.country == "AUT" for f in kg.find("justice", country="AUT"))
    with pytest.raises(govgraph.GovGraphError):
        kg.find("  ")


def test_capacity_gaps_with_desi(kg: govgraph.GovGraph, sheet: list[dict[str, object]]) -> None:
    assert kg.capacity_gaps() == []  # no DESI loaded: no finding
    kg.import_desi()
    gaps = kg.capacity_gaps()
    assert gaps and all(g.kind == "capacity" for g in gaps)
    ai = [g for g in gaps if g.technology == "https://w3id.org/govgraph#ArtificialIntelligence"]
    assert ai
    # Adoption is the number of initiatives of the country using the technology (independent
    # count of AI cases: primary/secondary technology or an AI sub-domain given).
    g = kg.to_rdflib()
    per_country: dict[str, int] = defaultdict(int)
    for r in sheet:
        case = URIRef(f"https://w3id.org/govgraph/id/initiative/{r['pstw id']}")
        country = g.value(case, DCTERMS.spatial)
        techs = {fold(r["primary technology"]), fold(r["secondary technology"])}
        sub = any(fold(r[k]) for k in r if k and str(k).startswith("ai classification subdomain"))
        if country is not None and ("artificial intelligence" in techs or sub):
            per_country[str(country).rsplit("/", 1)[-1]] += 1
    for gap in ai:
        assert gap.adoption == per_country[gap.country]
        assert gap.adoption_rank < gap.value_rank
        assert str(gap.adoption) in gap.because


FIND_DATA = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix x: <https://example.org/> .
x:fi a gg:PublicAdministration ; skos:prefLabel "Finnish Tax Administration (FTA) of the Republic of Finland"@en ; dct:spatial c:FIN .
x:se a gg:PublicAdministration ; skos:prefLabel "Swedish Tax Agency"@en ; dct:spatial c:SWE .
x:axa a gg:PrivatePartner ; skos:prefLabel "AXA Climate"@en .
x:i12 a gg:Initiative ; skos:prefLabel "Taxation robot"@en ; dct:identifier "PSTW-12" .
x:i120 a gg:Initiative ; skos:prefLabel "Parking sensors"@en ; dct:identifier "PSTW-120" .
"""


def test_find_ranks_whole_words_over_fuzzy_parts() -> None:
    """Regression: WRatio dropped long names holding the word ("tax") and kept short noise."""
    kg = govgraph.GovGraph()
    kg.load(FIND_DATA, format="turtle")
    tax = kg.find("tax")
    # the more of the name the words cover, the higher: 3 of 13 letters, 3 of 16, 3 of 50
    assert [f.iri.rsplit("/", 1)[-1] for f in tax] == ["i12", "se", "fi"]
    assert all(80 <= f.score < 100 for f in tax)  # "AXA Climate" is not a match
    assert [f.label for f in kg.find("swedish taks agency")] == ["Swedish Tax Agency"]  # a typo
    assert [f.iri for f in kg.find("PSTW-12")] == ["https://example.org/i12"]  # not PSTW-120
    assert kg.find("PSTW-12")[0].score == 100
    assert kg.find("agency tax swedish")[0].label == "Swedish Tax Agency"  # any word order


def test_partner_tables_name_each_hierarchy_once(
    kg: govgraph.GovGraph, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """The tables (CLI, report) leave out "artificial intelligence" beside "computer vision";
    the results and their JSON keep both (PSTW states both on each AI case)."""
    from govgraph.analysis import partners
    from govgraph.report._rows import partner_row

    facts = Facts(kg.store)
    ai = next(t for t, label in facts.labels.items() if label == "artificial intelligence")
    found = {p.partner_label: p for p in partners(kg.store)}
    loriot = found["Loriot"]
    assert ai in loriot.technologies and len(loriot.technologies) > 1
    row = partner_row(loriot, facts.label, facts.broader)
    assert "artificial intelligence" not in row["technologies"]
    assert row["technologies"] == [
        facts.label(t) for t in loriot.technologies if t != ai
    ]  # the rest, in their order
    assert "artificial intelligence" in partner_row(loriot, facts.label)["technologies"]

    out = tmp_path / "pstw.ttl"
    kg.serialize(out, format="turtle")
    assert main(["--quiet", "partners", str(out), "--top", "5"]) == 0
    table = capsys.readouterr().out
    assert "Loriot" in table and "optimisation" in table and "artificial" not in table
    assert main(["--quiet", "partners", str(out), "--top", "5", "--format", "json"]) == 0
    assert any(ai in r["technologies"] for r in json.loads(capsys.readouterr().out))
