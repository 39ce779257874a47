"""``diff``: matching cases across releases, changes, transitions, aggregates, CLI outputs."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import redirect_stdout
from pathlib import Path

import openpyxl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from govgraph import ConfigurationError
from govgraph._resources import data_path
from govgraph.analysis import diff
from govgraph.cli import main
from govgraph.store import OxigraphStore

GG = Namespace("https://w3id.org/govgraph#")
EX = Namespace("https://example.org/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
STATUS = {
    "Planned": GG.StatusPlanned,
    "In development": GG.StatusInDevelopment,
    "Pilot": GG.StatusPilot,
    "Implemented": GG.StatusImplemented,
    "Not in use": GG.StatusNotInUse,
}


def case(
    g: Graph,
    dataset: URIRef,
    ident: str,
    name: str,
    *,
    status: str | None = None,
    country: str = "NLD",
    page: str | None = None,
    tech: str = "ai",
    org: str = "org1",
) -> None:
    iri = EX[f"initiative/{ident}"]
    g.add((iri, RDF.type, GG.Initiative))
    g.add((iri, DCTERMS.identifier, Literal(ident)))
    g.add((iri, SKOS.prefLabel, Literal(name, lang="en")))
    g.add((iri, DCTERMS.spatial, COUNTRY[country]))
    g.add((iri, GG.usesTechnology, EX[tech]))
    g.add((iri, GG.ledBy, EX[org]))
    g.add((iri, PROV.wasDerivedFrom, dataset))
    if status:
        g.add((iri, GG.status, STATUS[status]))
    if page:
        g.add((iri, RDFS.seeAlso, URIRef(page)))


def store_of(g: Graph) -> OxigraphStore:
    s = OxigraphStore()
    s.add_graph(g)
    return s


@pytest.fixture
def releases() -> tuple[OxigraphStore, OxigraphStore]:
    old, new = Graph(), Graph()
    d_old, d_new = EX["ds/2022"], EX["ds/2025"]
    old.add((d_old, DCTERMS.issued, Literal("2022")))
    new.add((d_new, DCTERMS.issued, Literal("2025")))
    old.add((EX.ai, SKOS.prefLabel, Literal("AI", lang="en")))
    new.add((EX.ai, SKOS.prefLabel, Literal("AI", lang="en")))
    # matched by name (punctuation and case differ), pilot -> implemented
    case(old, d_old, "A-1", "Chatbot Mona!", status="Pilot")
    case(new, d_new, "B-7", "chatbot  mona", status="Implemented")
    # matched by a page only they use although the names differ; unchanged
    case(old, d_old, "A-2", "Tax bot", status="Implemented", page="https://www.tax.nl/bot/")
    case(new, d_new, "B-8", "Tax assistant", status="Implemented", page="http://tax.nl/bot")
    # same name, other country: not the same case
    case(old, d_old, "A-3", "Smart parking", status="Pilot", country="BEL")
    case(new, d_new, "B-9", "Smart parking", status="Pilot", country="FRA", tech="bc")
    # ambiguous: two old cases, two new cases with one name
    case(old, d_old, "A-4", "Translation", status="Pilot", country="DEU")
    case(old, d_old, "A-5", "Translation", status="Planned", country="DEU")
    case(new, d_new, "B-10", "Translation", status="Implemented", country="DEU")
    case(new, d_new, "B-11", "Translation", status="Not in use", country="DEU")
    # identifiers kept across releases win over names; pilot -> not in use
    case(old, d_old, "X-1", "Old name", status="Pilot")
    case(new, d_new, "X-1", "New name", status="Not in use")
    return store_of(old), store_of(new)


def test_diff_small(releases: tuple[OxigraphStore, OxigraphStore]) -> None:
    old, new = releases
    result = diff(old, new)
    by_new = {c.identifier_new: c for c in result.cases if c.identifier_new}
    by_old = {c.identifier_old: c for c in result.cases if c.identifier_old}
    assert by_new["B-7"].identifier_old == "A-1"
    assert by_new["B-7"].change == "status"
    assert (by_new["B-7"].status_old, by_new["B-7"].status_new) == ("Pilot", "Implemented")
    assert set(by_new["B-7"].evidence) == {"name", "country"}
    assert by_new["B-8"].identifier_old == "A-2"
    assert by_new["B-8"].change == "unchanged"
    assert "homepage" in by_new["B-8"].evidence
    assert by_new["B-9"].change == "new" and by_old["A-3"].change == "gone"
    assert by_new["X-1"].identifier_old == "X-1" and by_new["X-1"].evidence[0] == "identifier"
    for ident in ("B-10", "B-11"):
        assert by_new[ident].change == "new"
    assert {by_old["A-4"].change, by_old["A-5"].change} == {"gone"}
    assert len(result.ambiguous) == 1
    assert set(result.ambiguous[0]["old_identifiers"]) == {"A-4", "A-5"}
    assert {(t["from"], t["to"]): t["count"] for t in result.transitions} == {
        ("Pilot", "Implemented"): 1,
        ("Implemented", "Implemented"): 1,
        ("Pilot", "Not in use"): 1,
    }
    assert result.summary["scaled_to_production"] == 1
    assert result.summary["abandoned"] == 1
    assert result.summary["matched"] == 3
    # France never had a case of technology "bc"... and "bc" is not in the older release at all,
    # so no first adoption is claimed for it; France's AI? none. Nothing else is new.
    assert result.first_adoptions == ()
    nld = next(a for a in result.aggregates if a["dimension"] == "country" and a["key"] == "NLD")
    assert (nld["old_cases"], nld["new_cases"], nld["matched"]) == (3, 3, 3)
    assert nld["scaled_to_production"] == 1 and nld["abandoned"] == 1
    assert result.old is not None and result.old.issued == "2022"
    payload = result.to_dict()
    assert set(payload["cases"][0]) >= {
        "initiative",
        "label",
        "identifier_old",
        "identifier_new",
        "change",
        "status_old",
        "status_new",
        "country",
        "technologies",
    }


def test_matches_as_prov(releases: tuple[OxigraphStore, OxigraphStore], tmp_path: Path) -> None:
    from rdflib import BNode
    from rdflib.compare import isomorphic

    expected = Graph()
    for old, new, evidence in (
        ("A-1", "B-7", "name, country"),
        ("A-2", "B-8", "homepage, country"),
        ("X-1", "X-1", "identifier, country"),
    ):
        o, n, r = EX[f"initiative/{old}"], EX[f"initiative/{new}"], BNode()
        expected.add((n, PROV.wasRevisionOf, o))
        expected.add((n, PROV.qualifiedRevision, r))
        expected.add((r, RDF.type, PROV.Revision))
        expected.add((r, PROV.entity, o))
        expected.add((r, RDFS.comment, Literal(f"{old} matched to {new} by {evidence}", lang="en")))
    result = diff(*releases)
    assert isomorphic(result.to_rdf(), expected)
    a, b, links = tmp_path / "a.ttl", tmp_path / "b.ttl", tmp_path / "links.ttl"
    a.write_bytes(releases[0].export(format="turtle"))
    b.write_bytes(releases[1].export(format="turtle"))
    with redirect_stdout(io.StringIO()):
        assert main(["--quiet", "diff", str(a), str(b), "-f", "json", "--links", str(links)]) == 0
    assert isomorphic(Graph().parse(links), expected)


def test_similar_names_in_one_country() -> None:
    old, new = Graph(), Graph()
    case(old, EX.o, "A-1", "Detection batch numbers vaccins", country="BEL")
    case(new, EX.n, "B-1", "Belgium - Detection batch numbers vaccines", country="BEL")
    case(new, EX.n, "B-9", "Detection batch numbers vaccines", country="NLD")  # other country
    # a generic name and three specific ones: the specific pairs first, the generic one last
    case(old, EX.o, "A-2", "Crime detection", country="NLD")
    for n, town in enumerate(("Dronten", "Leudal", "Maastricht")):
        case(old, EX.o, f"A-3{n}", f"Crime detection in {town}", country="NLD", org=town)
        case(new, EX.n, f"B-3{n}", f"Crime detection in {town} (SyRI)", country="NLD", org=town)
    case(new, EX.n, "B-2", "Crime detection in Venlo (SyRI)", country="NLD")
    # two new cases equally like one old case: not guessed
    case(old, EX.o, "A-4", "Parking app", country="DEU")
    case(new, EX.n, "B-41", "Parking app Berlin", country="DEU")
    case(new, EX.n, "B-42", "Parking app Bonn", country="DEU")
    result = diff(store_of(old), store_of(new))
    pairs = {c.identifier_old: (c.identifier_new, c.evidence) for c in result.cases}
    assert pairs["A-1"][0] == "B-1" and pairs["A-1"][1][0].startswith("similar name (")
    for n in range(3):
        assert pairs[f"A-3{n}"] == (f"B-3{n}", ("similar name (100)", "country", "lead"))
    assert pairs["A-2"][0] == "B-2"  # the one left after the specific ones were paired
    assert pairs["A-4"][0] is None
    assert [a["old_identifiers"] for a in result.ambiguous] == [["A-4"]]
    assert set(result.ambiguous[0]["new_identifiers"]) == {"B-41", "B-42"}


def test_diff_first_adoption() -> None:
    old, new = Graph(), Graph()
    case(old, EX.o, "A-1", "One", country="NLD", tech="ai")
    case(old, EX.o, "A-2", "Two", country="NLD", tech="bc")
    case(new, EX.n, "B-1", "Three", country="BEL", tech="ai")
    case(new, EX.n, "B-2", "Four", country="NLD", tech="ai")
    case(new, EX.n, "B-3", "Five", country="NLD", tech="qc")  # not recorded in the old release
    result = diff(store_of(old), store_of(new))
    assert [(f["country"], f["technology"]) for f in result.first_adoptions] == [
        ("BEL", str(EX.ai))
    ]


def test_diff_one_store_two_releases() -> None:
    g = Graph()
    case(g, EX.o, "A-1", "One", status="Pilot")
    case(g, EX.n, "B-1", "One", status="Implemented")
    s = store_of(g)
    with pytest.raises(ConfigurationError, match="several releases"):
        diff(s, s)
    result = diff(s, s, old_dataset=str(EX.o), new_dataset=str(EX.n))
    assert [c.change for c in result.cases] == ["status"]
    with pytest.raises(ConfigurationError, match="no initiative"):
        diff(s, s, old_dataset=str(EX.x), new_dataset=str(EX.n))


# ------------------------------------------------------------------- real data: 2022 -> 2025


def norm(text: object) -> str:
    ascii_text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^0-9a-z]+", " ", ascii_text.lower()).strip()


IPS_STATUS = {
    "pilot": "Pilot",
    "implemented": "Implemented",
    "in production": "Implemented",
    "in development": "In development",
    "planned": "Planned",
    "not in use anymore": "Not in use",
}
PSTW_STATUS = {
    "pilot": "Pilot",
    "implemented": "Implemented",
    "in development": "In development",
    "planned": "Planned",
    "not in use": "Not in use",
}


def independent_pairs() -> Iterator[tuple[str, str, str | None, str | None]]:
    """(IPS id, PSTW id, status 2022, status 2025) of the cases whose normalised name occurs
    once in each source file, in the same country, read with csv and openpyxl only."""
    with data_path("ips", "cases.csv").open(encoding="utf-8", newline="") as handle:
        ips = [r for r in csv.DictReader(handle) if r["lead_organisation_name"].strip()]
    wb = openpyxl.load_workbook(data_path("pstw", "pstw_dataset.xlsx"), read_only=True)
    rows = list(wb[" PSTW DB"].iter_rows(values_only=True))
    header = [str(h or "").strip().casefold() for h in rows[0]]
    pstw = [dict(zip(header, r, strict=False)) for r in rows[1:] if r[0] is not None]
    ips_names = Counter(norm(r["name"]) for r in ips)
    pstw_names = Counter(norm(r["name"]) for r in pstw)
    pstw_by = {norm(r["name"]): r for r in pstw}
    for r in ips:
        key = norm(r["name"])
        if not key or ips_names[key] != 1 or pstw_names[key] != 1:
            continue
        p = pstw_by[key]
        if norm(p["geographical coverage (country)"]) != norm(r["geocoverage"]):
            continue
        yield (
            f"IPS-{r['id']}",
            str(p["pstw id"]).strip(),
            IPS_STATUS.get(r["status"].strip().casefold()),
            PSTW_STATUS.get(str(p["status"] or "").strip().casefold()),
        )


@pytest.mark.slow
def test_diff_2022_2025_against_source_files() -> None:
    from govgraph.io import import_ips, import_pstw

    result = diff(store_of(import_ips().graph), store_of(import_pstw().graph))
    pairs = list(independent_pairs())
    assert len(pairs) > 600
    matched = {
        (c.identifier_old, c.identifier_new): c
        for c in result.cases
        if c.identifier_old and c.identifier_new
    }
    expected: Counter[tuple[str, str]] = Counter()
    got: Counter[tuple[str, str]] = Counter()
    # A name pair whose web pages point elsewhere is reported as ambiguous, not matched.
    unsure = {i for a in result.ambiguous for i in a["old_identifiers"]}
    assert 0 < len(unsure) < 5
    pairs = [p for p in pairs if p[0] not in unsure]
    for old_id, new_id, s_old, s_new in pairs:
        change = matched.get((old_id, new_id))
        assert change is not None, (old_id, new_id)
        assert (change.status_old, change.status_new) == (s_old, s_new)
        if s_old and s_new:
            expected[(s_old, s_new)] += 1
            got[(change.status_old, change.status_new)] += 1  # type: ignore[index]
    assert got == expected
    # The full table holds the independent pairs and the matches by web page or country.
    full = {(t["from"], t["to"]): t["count"] for t in result.transitions}
    assert all(full.get(k, 0) >= v for k, v in expected.items())
    extra = sum(full.values()) - sum(expected.values())
    by_other = sum(
        1
        for c in matched.values()
        if c.status_old
        and c.status_new
        and (c.identifier_old, c.identifier_new) not in {(a, b) for a, b, _, _ in pairs}
    )
    assert extra == by_other
    assert result.summary["matched"] >= 700
    assert result.summary["new"] + result.summary["matched"] == result.summary["new_cases"]


@pytest.mark.slow
def test_cli_diff_formats(tmp_path: Path, releases: tuple[OxigraphStore, OxigraphStore]) -> None:
    old, new = releases
    a, b = tmp_path / "old.ttl", tmp_path / "new.ttl"
    a.write_bytes(old.export(format="turtle"))
    b.write_bytes(new.export(format="turtle"))
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--quiet", "diff", str(a), str(b), "--format", "json"]) == 0
    payload = json.loads(out.getvalue())
    assert {"cases", "transitions"} <= set(payload)
    assert {t["from"] for t in payload["transitions"]} <= set(STATUS)
    assert {c["change"] for c in payload["cases"]} <= {"new", "gone", "unchanged", "status"}
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--quiet", "diff", str(a), str(b), "-f", "csv", "--table", "transitions"]) == 0
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {(r["from"], r["to"], r["count"]) for r in rows} == {
        ("Pilot", "Implemented", "1"),
        ("Implemented", "Implemented", "1"),
        ("Pilot", "Not in use", "1"),
    }
