"""`govgraph validate --shapes <official DCAT-AP shapes>` on govgraph's own DCAT-AP export.

For each vendored shapes file (``shapes/vendor/``), the command reports exactly what pySHACL
reports on the catalogue file itself: nothing. The catalogue goes through the store like any other
data, so this also pins that validation sees the literals as written
(``"2263"^^xsd:nonNegativeInteger`` for ``dcat:byteSize``).
"""

from __future__ import annotations

import json
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, SH, Graph

import govgraph as gg
from govgraph._resources import package_path
from govgraph.cli._app import main
from govgraph.export import SHAPES_FILES

CASES = [(version, shapes) for version, files in SHAPES_FILES.items() for shapes in files]


def _store_keeps_literals() -> bool:
    kg = gg.GovGraph()
    kg.load(
        '<http://example.org/s> <http://example.org/p> "5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> .',
        format="turtle",
    )
    (literal,) = [o for _s, _p, o in kg.to_rdflib()]
    return str(getattr(literal, "datatype", "")).endswith("#nonNegativeInteger")


LOSSLESS = _store_keeps_literals()


@pytest.fixture(scope="module")
def catalogues(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from test_export_dcat import _export, graph_full

    result = _export(
        graph_full(),
        tmp_path_factory.mktemp("dcat") / "full",
        sparql_endpoint="https://data.example.org/sparql",
    )
    return {"3.0.1": result.catalog[0].path, "2.1.1": result.catalog_2_1_1.path}


def _pyshacl_results(catalogue: Path, shapes: Path) -> set[tuple[str, str]]:
    _conforms, graph, _text = pyshacl.validate(
        Graph().parse(catalogue),
        shacl_graph=Graph().parse(shapes),
        inference="none",
        allow_warnings=True,
        allow_infos=True,
    )
    return {
        (str(graph.value(r, SH.focusNode)), str(graph.value(r, SH.sourceConstraintComponent)))
        for r in graph.subjects(RDF.type, SH.ValidationResult)
    }


@pytest.mark.parametrize(("version", "shapes"), CASES, ids=[s for _v, s in CASES])
def test_cli_validate_of_the_export_gives_what_pyshacl_gives(
    catalogues: dict[str, Path],
    version: str,
    shapes: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    catalogue = catalogues[version]
    shapes_file = Path(package_path("shapes", "vendor", *shapes.split("/")))
    expected = _pyshacl_results(catalogue, shapes_file)
    assert expected == set()  # the export passes the official shapes
    code = main(["validate", str(catalogue), "--shapes", str(shapes_file), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    found = {(r["focus_node"], r["constraint"]) for r in report["results"]}
    if found and shapes == "dcat-ap-3.0.1/shapes.ttl" and not LOSSLESS:
        pytest.xfail("the store rewrites xsd:nonNegativeInteger to xsd:integer (issue 16 item 1)")
    assert found == expected
    assert (code, report["conforms"], report["violations"]) == (0, True, 0)


@pytest.mark.slow  # over 2 s on a loaded machine
def test_every_official_shapes_file_runs_on_the_sparql_engine(catalogues: dict[str, Path]) -> None:
    kg = gg.GovGraph()
    kg.load(catalogues["3.0.1"])
    for _version, shapes in CASES:
        shapes_file = package_path("shapes", "vendor", *shapes.split("/"))
        report = kg.validate(shapes=[shapes_file], engine="sparql")
        assert report.engine == "sparql"


@pytest.mark.slow  # over 2 s on a loaded machine
def test_sparql_engine_matches_pyshacl_on_a_broken_catalogue(catalogues: dict[str, Path]) -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import DCAT, DCTERMS

    from govgraph.validation import load_shapes, validate

    graph = Graph().parse(catalogues["3.0.1"])
    dataset = next(iter(graph.subjects(RDF.type, DCAT.Dataset)))
    distribution = next(iter(graph.subjects(RDF.type, DCAT.Distribution)))
    graph.remove((dataset, DCTERMS.title, None))
    graph.add((distribution, DCAT.byteSize, Literal("abc")))
    graph.add((distribution, DCTERMS.license, Literal("CC0")))
    graph.add((dataset, DCAT.theme, URIRef("http://example.org/not-a-theme")))
    graph.add((dataset, DCTERMS.issued, Literal("yesterday")))
    kg = gg.GovGraph()
    kg.add(graph)

    def key(r: gg.ValidationResult) -> tuple[object, ...]:
        blank = r.focus_term is not None and not isinstance(r.focus_term, URIRef)
        shape = r.source_shape if isinstance(r.shape_term, URIRef) else "_"
        return ("_" if blank else r.focus_node, r.path, r.value_term, shape, r.constraint)

    total = 0
    for version, shapes in CASES:
        if version != "3.0.1":
            continue
        graph_of_shapes = load_shapes(
            [package_path("shapes", "vendor", *shapes.split("/"))], include_default=False
        )
        fast = validate(kg.store, shapes=graph_of_shapes, engine="sparql")
        reference = validate(kg.store, shapes=graph_of_shapes, engine="pyshacl")
        assert {key(r) for r in fast.results} == {key(r) for r in reference.results}, shapes
        total += len(fast.results)
    assert total >= 5
