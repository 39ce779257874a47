"""DCAT-AP export: official shapes, snapshot, round trip, safety of the output directory."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, SKOS, XSD

import govgraph as gg
from govgraph.cli._app import main
from govgraph.export import (
    SHAPES_FILES,
    CatalogConfig,
    export_dcat_ap,
    load_catalog_config,
    read_dcat_ap,
    validate_dcat,
)

GG = Namespace("https://w3id.org/govgraph#")
EX = Namespace("https://example.org/gov/")
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
COFOG = Namespace("http://linked.data.gov.au/def/cofog/")
DIGIT = "http://publications.europa.eu/resource/authority/corporate-body/DIGIT"
ISSUED = dt.date(2026, 1, 15)
MODIFIED = dt.date(2026, 2, 1)
REPO = Path(__file__).resolve().parents[1]


def _label(g: Graph, node: URIRef, text: str) -> None:
    g.add((node, SKOS.prefLabel, Literal(text, lang="en")))


def graph_full() -> Graph:
    """Two countries, technologies, a COFOG area, years."""
    g = Graph()
    for org, name, country in (
        (EX.bmi, "Federal Ministry of the Interior", "DEU"),
        (EX.dinum, "DINUM", "FRA"),
    ):
        g.add((org, RDF.type, GG.PublicAdministration))
        _label(g, org, name)
        g.add((org, DCTERMS.spatial, URIRef(COUNTRY + country)))
    for tech, name in ((EX.ai, "Artificial intelligence"), (EX.bc, "Blockchain")):
        g.add((tech, RDF.type, GG.Technology))
        _label(g, tech, name)
    _label(g, COFOG["07"], "Health")
    g.add((COFOG["07"], SKOS.notation, Literal("07")))
    for ini, name, org, tech, start, end in (
        (EX.i1, "Chatbot for citizens", EX.bmi, EX.ai, 2019, 2023),
        (EX.i2, "Diploma ledger", EX.dinum, EX.bc, 2021, None),
    ):
        g.add((ini, RDF.type, GG.Initiative))
        _label(g, ini, name)
        g.add((ini, GG.ledBy, org))
        g.add((ini, GG.usesTechnology, tech))
        g.add((ini, GG.startYear, Literal(start, datatype=XSD.integer)))
        if end:
            g.add((ini, GG.endYear, Literal(end, datatype=XSD.integer)))
    g.add((EX.i1, GG.policyArea, COFOG["07"]))
    return g


def graph_minimal() -> Graph:
    """One administration, nothing the catalogue could derive coverage from."""
    g = Graph()
    g.add((EX.org, RDF.type, GG.PublicAdministration))
    _label(g, EX.org, "A ministry")
    return g


def graph_eu() -> Graph:
    """EU-level data (country EUR) plus Belgium; a policy area given by IRI only."""
    g = graph_minimal()
    g.add((EX.org, DCTERMS.spatial, URIRef(COUNTRY + "EUR")))
    g.add((EX.i, RDF.type, GG.Initiative))
    g.add((EX.i, DCTERMS.spatial, URIRef(COUNTRY + "BEL")))
    g.add((EX.i, GG.policyArea, COFOG["05"]))
    _label(g, COFOG["05"], "Environmental protection  (CS)")
    g.add((EX.i, GG.startYear, Literal(2015, datatype=XSD.integer)))
    return g


def _export(graph: Graph, out: Path, **options: object):
    kg = gg.GovGraph()
    kg.add(graph)
    defaults: dict[str, object] = {
        "base_url": "https://data.example.org/govgraph/",
        "publisher": DIGIT,
        "publisher_name": "Directorate-General for Digital Services",
        "contact_email": "digit@example.org",
        "issued": ISSUED,
        "modified": MODIFIED,
    }
    defaults.update(options)
    return export_dcat_ap(kg.store, out, **defaults)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("dcat")
    return {
        "full": _export(
            graph_full(),
            base / "full",
            extra_tables={"synergies": [{"a": str(EX.bmi), "b": str(EX.dinum), "score": 0.5}]},
            sparql_endpoint="https://data.example.org/sparql",
        ),
        "minimal": _export(
            graph_minimal(),
            base / "minimal",
            catalog_config=CatalogConfig(spatial=("ITA",), temporal_start=2020, temporal_end=2024),
        ),
        "eu": _export(
            graph_eu(),
            base / "eu",
            licence="CC0",
            publisher="https://example.org/agency",
            publisher_name="An agency",
            catalog_config=CatalogConfig(publisher_type="NationalAuthority"),
        ),
    }


CASES = [
    (name, version, shapes)
    for name in ("full", "minimal", "eu")
    for version, files in SHAPES_FILES.items()
    for shapes in files
]


@functools.cache
def _validated(catalog: Path, version: str):
    return validate_dcat([catalog], profile=version)  # type: ignore[arg-type]


@pytest.mark.parametrize(("name", "version", "shapes"), CASES)
def test_export_passes_each_official_shapes_file(exports, name, version, shapes):
    result = exports[name]
    catalog = result.catalog[0].path if version == "3.0.1" else result.catalog_2_1_1.path
    validation = _validated(catalog, version)
    (report,) = [r for r in validation.reports if r.shapes == shapes]
    findings = [(f.severity.value, f.focus_node, f.path, f.message) for f in report.report.results]
    if name == "eu" and "mdr-vocabularies" in shapes:
        # the publisher is not in the EU corporate-body table: the shapes warn, as they should
        assert not report.report.violations
        assert {(f[0], f[2]) for f in findings} == {("Warning", str(DCTERMS.publisher))}
        assert {r.value for r in report.report.results} == {"https://example.org/agency"}
    else:
        assert findings == []


def test_missing_coverage_is_warned_not_hidden(tmp_path):
    result = _export(graph_minimal(), tmp_path)
    validation = validate_dcat([result.catalog[0].path])
    warned = {
        (w.focus_node.rsplit("/", 1)[-1], w.path)
        for r in validation.reports
        for w in r.report.warnings
    }
    assert warned == {
        ("catalog", str(DCTERMS.spatial)),
        ("graph", str(DCTERMS.spatial)),
        ("graph", str(DCTERMS.temporal)),
    }
    assert validation.violations == 0


def test_the_two_dcat_ap_versions_disagree_on_byte_size(exports):
    """Why two catalogue forms exist: each fails the other version's shapes on dcat:byteSize."""
    result = exports["full"]
    v3_under_2 = validate_dcat([result.catalog[0].path], profile="2.1.1")
    assert {r.path for r in v3_under_2.reports for r in r.report.violations} == {str(DCAT.byteSize)}


def test_catalogue_formats_hold_the_same_graph(exports):
    result = exports["full"]
    ttl, jsonld, rdfxml = (Graph().parse(f.path) for f in result.catalog)
    assert isomorphic(ttl, jsonld)
    assert isomorphic(ttl, rdfxml)
    # the JSON-LD context is inline: reading the catalogue never fetches anything
    document = json.loads(result.catalog[1].path.read_text())
    contexts = [document.get("@context")] if isinstance(document, dict) else []
    assert all(c is None or isinstance(c, dict) for c in contexts)


@dataclass(frozen=True)
class _Row:
    a: str
    shared: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"a": self.a, "shared": list(self.shared), "missing": None}


def test_tables_accept_result_objects(tmp_path):
    result = _export(graph_minimal(), tmp_path, extra_tables={"gaps": [_Row("x", ("s1", "s2"))]})
    assert (tmp_path / "tables" / "gaps.csv").read_text() == "a,shared,missing\nx,s1 s2,\n"
    (analyses,) = [d for d in result.metadata.datasets if d.iri.endswith("/analyses")]
    assert "gaps" in analyses.keywords


def test_snapshot_of_the_catalogue(exports):
    result = exports["full"]
    actual = Graph().parse(result.catalog[0].path)
    expected = Graph().parse(REPO / "tests" / "data" / "export" / "catalog_full.ttl")
    # byte sizes depend on the serializer version: check them against the files instead
    for dist, size in list(actual.subject_objects(DCAT.byteSize)):
        url = actual.value(dist, DCAT.downloadURL)
        name = str(url).removeprefix("https://data.example.org/govgraph/")
        assert int(size) == (result.out_dir / name).stat().st_size
    for g in (actual, expected):
        g.remove((None, DCAT.byteSize, None))
    assert isomorphic(actual, expected)


def test_metadata_is_derived_from_the_data(exports):
    meta = exports["full"].metadata
    graph = next(d for d in meta.datasets if d.iri.endswith("/graph"))
    assert set(graph.keywords) >= {"Artificial intelligence", "Blockchain", "Health"}
    assert graph.spatial == (COUNTRY + "DEU", COUNTRY + "FRA")
    assert (graph.temporal_start, graph.temporal_end) == (2019, 2023)
    theme = "http://publications.europa.eu/resource/authority/data-theme/"
    assert set(graph.themes) == {theme + "GOVE", theme + "TECH", theme + "HEAL"}
    assert {Path(d.download_url).name for d in graph.distributions} == {
        "graph.ttl",
        "graph.jsonld",
        "graph.rdf",
        "graph.nt",
    }
    eu = next(d for d in exports["eu"].metadata.datasets)
    assert eu.spatial == (COUNTRY + "BEL", COUNTRY + "EUR")
    assert "Environmental protection" in eu.keywords
    assert set(eu.themes) == {theme + "GOVE", theme + "ENVI"}


def test_agents_distributions_and_contacts_are_iris(exports):
    g = Graph().parse(exports["full"].catalog[0].path)
    for prop in (DCTERMS.publisher, DCAT.distribution, DCAT.contactPoint, DCTERMS.temporal):
        objects = list(g.objects(None, prop))
        assert objects and all(isinstance(o, URIRef) for o in objects)


def test_distribution_files_are_the_graph(exports):
    result = exports["full"]
    expected = graph_full()
    for name in ("graph.ttl", "graph.jsonld", "graph.rdf", "graph.nt"):
        assert isomorphic(Graph().parse(result.out_dir / name), expected), name
    csv_text = (result.out_dir / "tables" / "synergies.csv").read_text()
    assert csv_text.splitlines()[0] == "a,b,score"


@pytest.mark.parametrize("name", ["catalog.ttl", "catalog.rdf", "catalog.jsonld"])
def test_round_trip(exports, name):
    result = exports["full"]
    assert gg.GovGraph.read_dcat_ap(result.out_dir / name) == result.metadata
    assert read_dcat_ap(result.catalog_2_1_1.path) == result.metadata


def test_export_works_on_a_bare_store(tmp_path):
    kg = gg.GovGraph()
    kg.add(graph_full())
    result = export_dcat_ap(
        kg.store,
        tmp_path,
        base_url="https://d.example.org/x",
        publisher=DIGIT,
        publisher_name="DIGIT",
        issued=ISSUED,
        modified=MODIFIED,
    )
    assert result.metadata.iri == "https://d.example.org/x/catalog"


@pytest.mark.parametrize(
    ("missing", "option"),
    [
        ("base_url", "base_url=..."),
        ("publisher", "publisher=..."),
        ("publisher_name", "publisher_name=..."),
    ],
)
def test_missing_required_option_names_it(tmp_path, missing, option):
    with pytest.raises(gg.ConfigurationError, match=option):
        _export(graph_minimal(), tmp_path, **{missing: None})
    assert not any(tmp_path.iterdir())


def test_existing_files_are_not_overwritten_without_force(tmp_path):
    _export(graph_minimal(), tmp_path)
    before = (tmp_path / "catalog.ttl").read_bytes()
    with pytest.raises(gg.ExportError, match="force=True"):
        _export(graph_full(), tmp_path, title="Other")
    assert (tmp_path / "catalog.ttl").read_bytes() == before
    _export(graph_full(), tmp_path, title="Other", force=True)
    assert b"Other" in (tmp_path / "catalog.ttl").read_bytes()
    assert not [p for p in tmp_path.rglob("*.tmp")]


@pytest.mark.parametrize("table", ["../escape", "/etc/passwd", "a/b", ""])
def test_table_names_cannot_leave_the_output_directory(tmp_path, table):
    out = tmp_path / "out"
    with pytest.raises(gg.ExportError):
        _export(graph_minimal(), out, extra_tables={table: [{"x": 1}]})
    assert not (tmp_path / "escape.csv").exists()
    assert not out.exists() or not any(out.rglob("*"))


def test_example_catalog_toml_drives_the_export(tmp_path):
    config = load_catalog_config(REPO / "examples" / "catalog.toml")
    kg = gg.GovGraph()
    kg.add(graph_full())
    result = kg.export_dcat_ap(tmp_path, catalog_config=config, issued=ISSUED, modified=MODIFIED)
    assert result.metadata.title == config.title
    assert result.metadata.publisher.iri == DIGIT
    assert validate_dcat([result.catalog[0].path, result.catalog_2_1_1.path]).violations == 0


def test_bad_config_is_reported(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[dataset]\nthemes = ["NOPE"]\n')
    with pytest.raises(gg.ConfigurationError, match="data-theme"):
        _export(graph_minimal(), tmp_path / "o", catalog_config=path)
    path.write_text("[catalogue]\ntitle = 'x'\n")
    with pytest.raises(gg.ConfigurationError, match="unknown section"):
        load_catalog_config(path)


@pytest.mark.slow
def test_cli_export_validate_and_quality(tmp_path, capsys):
    data = tmp_path / "data.ttl"
    graph_full().serialize(data, format="turtle")
    out = tmp_path / "out"
    args = [
        "export",
        str(data),
        "--dcat-ap",
        str(out),
        "--base-url",
        "https://d.example.org/g/",
        "--publisher",
        DIGIT,
        "--publisher-name",
        "DIGIT",
        "--contact-email",
        "a@example.org",
    ]
    assert main(args) == 0
    assert main(args) == 2  # refuses to overwrite
    assert main([*args, "--force"]) == 0
    capsys.readouterr()
    assert main(["validate-dcat", str(out / "catalog.ttl"), "--format", "json"]) == 0
    assert '"violations": 0' in capsys.readouterr().out
    broken = tmp_path / "broken.ttl"
    g = Graph().parse(out / "catalog.ttl")
    g.remove((None, DCTERMS.title, None))
    g.serialize(broken, format="turtle")
    assert main(["validate-dcat", str(broken)]) == 1
    assert main(["validate-dcat", str(tmp_path / "missing.ttl")]) == 2
    assert (
        main(
            ["export", str(data), "--dcat-ap", str(tmp_path / "o2"), "--base-url", "https://x.org/"]
        )
        == 2
    )
    assert "--publisher" in capsys.readouterr().err
    assert main(["quality", str(out / "catalog.ttl"), "--format", "json"]) == 0
    assert '"points": 325' in capsys.readouterr().out


def test_text_of_a_finding_without_path_or_value_has_no_stray_spaces() -> None:
    from govgraph import Severity, ValidationReport, ValidationResult
    from govgraph.export import DcatValidation, ShapesReport

    def finding(path: str | None, value: str | None) -> ValidationResult:
        return ValidationResult(
            focus_node="https://example.org/catalog",
            path=path,
            value=value,
            severity=Severity.WARNING,
            message="Add it.",
            source_shape=None,
        )

    results = (finding(None, None), finding("http://purl.org/dc/terms/title", None))
    report = ValidationReport(conforms=False, results=results)
    text = DcatValidation((ShapesReport("c.ttl", "3.0.1", "shapes.ttl", report),)).to_text()
    lines = text.splitlines()[1:3]
    assert lines == [
        "  Warning: https://example.org/catalog: Add it.",
        "  Warning: https://example.org/catalog http://purl.org/dc/terms/title: Add it.",
    ]
