"""The 2020 (AI Watch) and 2022 (IPS) release importers: PSTW mapping, own dataset, problems."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, SKOS

from govgraph import DataImportError, GovGraph
from govgraph.cli import main
from govgraph.io import import_aiwatch, import_ips
from govgraph.io.aiwatch import AIWATCH_DATASET
from govgraph.io.ips import IPS_DATASET
from govgraph.validation import validate_graph

GG = Namespace("https://w3id.org/govgraph#")
ID = Namespace("https://w3id.org/govgraph/id/")
TECH = Namespace("https://w3id.org/govgraph/id/technology/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")

IPS_HEADER = [
    "entry_type",
    "cid",
    "id",
    "name",
    "url",
    "description",
    "geoextent",
    "geocoverage",
    "lead_organisation_name",
    "lead_organisation_category",
    "start_date",
    "end_date",
    "primary_sector",
    "secondary_sector",
    "technology",
    "status",
]


def write_ips(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=IPS_HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in IPS_HEADER})
    return path


def ips_row(ident: str, **cells: str) -> dict[str, str]:
    base = {
        "entry_type": "case",
        "cid": "10001",
        "id": ident,
        "name": f"Case {ident}",
        "geoextent": "National",
        "geocoverage": "Netherlands",
        "lead_organisation_name": "Municipality of Utrecht",
        "lead_organisation_category": "Local Government",
        "technology": "Artificial intelligence",
        "status": "Pilot",
    }
    base.update(cells)
    return base


def test_ips_row_mapping(tmp_path: Path) -> None:
    path = write_ips(
        tmp_path / "cases.csv",
        [
            ips_row(
                "10000",
                status="Not in use anymore",
                start_date="2019",
                end_date="2021.0",
                primary_sector="Social protection",
                secondary_sector="Unemployment.",
                url="https://example.org/ams",
            ),
            ips_row(
                "10001",
                lead_organisation_name="Gemeente Almere",
                lead_organisation_category="Governmental",
                geoextent="Local",
                status="In production",
                technology="Blockchain",
            ),
            ips_row("10002", lead_organisation_name="", status="Pilot"),
        ],
    )
    result = import_ips(path)
    g = result.graph
    a, b = ID["initiative/IPS-10000"], ID["initiative/IPS-10001"]
    assert (a, GG.status, GG.StatusNotInUse) in g
    assert (a, GG.startYear, Literal(2019)) in g
    assert (a, GG.endYear, Literal(2021)) in g
    assert (a, DCTERMS.identifier, Literal("IPS-10000")) in g
    assert (a, DCTERMS.spatial, COUNTRY.NLD) in g
    assert (a, GG.usesTechnology, GG.ArtificialIntelligence) in g
    assert (a, PROV.wasDerivedFrom, IPS_DATASET) in g
    areas = {str(o) for o in g.objects(a, GG.policyArea)}
    assert areas == {
        "http://linked.data.gov.au/def/cofog/10",
        "http://linked.data.gov.au/def/cofog/105",
    }
    assert (b, GG.status, GG.StatusImplemented) in g
    assert (b, GG.usesTechnology, TECH.blockchain) in g
    lead = g.value(b, GG.ledBy)
    assert (lead, GG.administrativeLevel, GG.LocalLevel) in g  # "Governmental" + Local
    # The row without a lead is rejected, named by its source row and column.
    assert result.counts["initiatives"] == 2
    assert result.counts["rows_rejected"] == 1
    rejected = [p for p in result.problems if p.severity == "error"]
    assert [(p.row, p.column) for p in rejected] == [(4, "lead_organisation_name")]
    # The release is its own dataset with its date.
    assert (IPS_DATASET, DCTERMS.issued, Literal("2022", datatype=XSD.gYear)) in g
    assert (IPS_DATASET, RDF.type, PROV.Entity) in g
    assert len(set(g.objects(IPS_DATASET, DCTERMS.title))) == 1
    assert "Public Sector Tech Watch" not in str(g.value(IPS_DATASET, DCTERMS.title))


def test_ips_full_date_gives_generated_at_time(tmp_path: Path) -> None:
    path = write_ips(tmp_path / "cases.csv", [ips_row("10000")])
    g = import_ips(path, issued="2022-06-30").graph
    assert (IPS_DATASET, DCTERMS.issued, Literal("2022-06-30", datatype=XSD.date)) in g
    assert (
        IPS_DATASET,
        PROV.generatedAtTime,
        Literal("2022-06-30T00:00:00Z", datatype=XSD.dateTime),
    ) in g
    with pytest.raises(DataImportError, match="neither a year"):
        import_ips(path, issued="June 2022")


def test_ips_bad_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataImportError, match=r"bad\.csv: row 1: missing column"):
        import_ips(bad)
    with pytest.raises(DataImportError, match="cannot read"):
        import_ips(tmp_path / "missing.csv")


@pytest.mark.slow
def test_bundled_ips_release() -> None:
    result = import_ips()
    assert result.counts["rows"] == 853
    # 23 cases of the release name no lead organisation (checked in the CSV by hand).
    assert result.counts["rows_rejected"] == 23
    assert result.counts["initiatives"] == 830
    # The aliases apply as in PSTW: "Barcelona" is the City of Barcelona (built-in alias), and
    # "Police and Border Guard" the Board, spelt here with its acronym (shipped table).
    g = result.graph
    city = ID["org/city-of-barcelona-esp"]
    assert {g.value(ID[f"initiative/IPS-{i}"], GG.ledBy) for i in (10081, 10121, 10147)} == {city}
    police = {g.value(ID[f"initiative/IPS-{i}"], GG.ledBy) for i in (10030, 10240)}
    assert len(police) == 1
    report = validate_graph(result.graph)
    assert report.conforms, report.results[:3]
    # 14 cells of the release read as UTF-8 decoded as Windows-1252 (counted in the CSV: the
    # cells holding "â€" or "Â"); each is reported, with what it said, and imported as written
    garbled = [p for p in result.problems if "mis-encoded" in p.reason]
    assert len(garbled) == 14 and all(p.severity == "warning" for p in garbled)
    (name,) = [p for p in garbled if p.column == "name"]
    assert name.value == "RMGÂ® The New Digital Gold Standard"
    assert "probably 'RMG® The New Digital Gold Standard'" in name.reason
    assert str(g.value(ID["initiative/IPS-10738"], SKOS.prefLabel)) == name.value


def aiwatch_record(ident: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "cid": 10009,
        "id": ident,
        "name": f"Service {ident}",
        "url": f"https://example.org/{ident}",
        "geoextent": "Regional",
        "geocoverage": ["Belgium"],
        "lead_organisation_name": "Flemish Government",
        "lead_organisation_category": "Governmental",
        "start_date": "2021/01/01",
        "primary_sector": "Health",
        "secondary_sector": "Hospital services.",
        "technology": "Natural language processing",
        "status": "Unknown",
    }
    base.update(fields)
    return base


def test_aiwatch_mapping(tmp_path: Path) -> None:
    path = tmp_path / "services.json"
    path.write_text(
        json.dumps(
            [aiwatch_record(90001), aiwatch_record(90002, technology="Automated reasoning")]
        ),
        encoding="utf-8",
    )
    result = import_aiwatch(path)
    g = result.graph
    a = ID["initiative/AIW-90001"]
    assert set(g.objects(a, GG.usesTechnology)) == {
        GG.ArtificialIntelligence,
        TECH["natural-language-processing"],
    }
    assert (ID["initiative/AIW-90002"], GG.usesTechnology, TECH["automated-reasoning"]) in g
    assert g.value(a, GG.status) is None
    assert g.value(a, GG.startYear) is None  # the explorer's placeholder date is not a start
    assert (g.value(a, GG.ledBy), GG.administrativeLevel, GG.RegionalLevel) in g
    assert (AIWATCH_DATASET, DCTERMS.issued, Literal("2020", datatype=XSD.gYear)) in g
    assert g.value(AIWATCH_DATASET, DCTERMS.bibliographicCitation) is not None
    reasons = {(p.column, p.reason.split(";")[0]) for p in result.problems}
    assert ("status", "the release records no status (every case 'Unknown')") in reasons
    assert any(c == "start_date" for c, _ in reasons)
    assert result.counts["initiatives"] == 2


def test_aiwatch_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "services.json"
    path.write_text('[{"id": 1,}\n]', encoding="utf-8")
    with pytest.raises(DataImportError, match=r"services\.json: line 1, column"):
        import_aiwatch(path)
    path.write_text('{"id": 1}', encoding="utf-8")
    with pytest.raises(DataImportError, match="expected a JSON list"):
        import_aiwatch(path)


@pytest.mark.slow
def test_bundled_aiwatch_release_and_cli(tmp_path: Path) -> None:
    out = tmp_path / "aiwatch.ttl"
    assert main(["--quiet", "import", "aiwatch", "-o", str(out)]) == 0
    kg = GovGraph()
    kg.load(out)
    rows = kg.query(
        "SELECT (COUNT(?i) AS ?n) WHERE { ?i a <https://w3id.org/govgraph#Initiative> }"
    )
    assert int(next(iter(rows))["n"]) == 143
    assert main(["--quiet", "import", "ips", "-o", str(out)]) == 2  # exists, no --force
    assert main(["--quiet", "import", "ips", "-o", str(out), "--force", "--issued", "2022"]) == 0


def test_release_keeps_its_merges_with_source_rows(tmp_path: Path) -> None:
    # Row 3 of the file is rejected (no lead), so the merged spelling's temporary row (3) and its
    # source row (4) differ: the merge must name the source row.
    path = write_ips(
        tmp_path / "cases.csv",
        [
            ips_row("10000", lead_organisation_name="City of Gothenburg", geocoverage="Sweden"),
            ips_row("10001", lead_organisation_name=""),
            ips_row("10002", lead_organisation_name="City of Gotenburg", geocoverage="Sweden"),
        ],
    )
    result = import_ips(path)
    assert result.counts["merged_names"] == 1
    assert [(m.name, m.label, m.rule, m.rows) for m in result.merges] == [
        ("City of Gotenburg", "City of Gothenburg", "similar", (4,))
    ]
    assert result.to_dict()["merges"][0]["rows"] == [4]
    records = [
        aiwatch_record(90001, lead_organisation_name="City of Gothenburg", geocoverage=["Sweden"]),
        aiwatch_record(90002, lead_organisation_name="City of Gotenburg", geocoverage=["Sweden"]),
    ]
    services = tmp_path / "services.json"
    services.write_text(json.dumps(records), encoding="utf-8")
    merged = import_aiwatch(services).merges
    assert [(m.name, m.rows) for m in merged] == [("City of Gotenburg", (2,))]


@pytest.mark.parametrize("kind", ["ips", "aiwatch"])
def test_cli_release_explain_merges(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "ips":
        src = write_ips(
            tmp_path / "cases.csv",
            [
                ips_row("10000", lead_organisation_name="City of Gothenburg", geocoverage="Sweden"),
                ips_row("10001", lead_organisation_name="City of Gotenburg", geocoverage="Sweden"),
            ],
        )
        row = 3
    else:
        src = tmp_path / "services.json"
        src.write_text(
            json.dumps(
                [
                    aiwatch_record(1, lead_organisation_name="City of Gothenburg"),
                    aiwatch_record(2, lead_organisation_name="City of Gotenburg"),
                ]
            ),
            encoding="utf-8",
        )
        row = 2
    out, report = tmp_path / "out.ttl", tmp_path / "report.json"
    args = ["import", kind, str(src), "-o", str(out), "--report", str(report)]
    assert main([*args, "--explain-merges"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Merged organisation names (1)" in text
    merges = json.loads(report.read_text(encoding="utf-8"))["merges"]
    assert [(m["name"], m["rule"], m["rows"]) for m in merges] == [
        ("City of Gotenburg", "similar", [row])
    ]
    # Without the option the report still lists the merges, the terminal does not.
    assert main([*args, "--force"]) == 0
    assert "Merged organisation names" not in capsys.readouterr().out
    assert "merges" in json.loads(report.read_text(encoding="utf-8"))
