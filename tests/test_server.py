"""The read-only SPARQL endpoint, queried over real HTTP (uvicorn on a free loopback port)."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

pytest.importorskip("starlette")
uvicorn = pytest.importorskip("uvicorn")

import govgraph as gg  # noqa: E402
from govgraph.server import create_app  # noqa: E402
from govgraph.store import Store  # noqa: E402
from serving import RunningServer  # noqa: E402

DATA = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/> .

ex:dgA a gg:PublicAdministration ; skos:prefLabel "DG A"@en .
ex:dgB a gg:PublicAdministration ; skos:prefLabel "DG B, \\"the other\\""@en .
ex:i1 a gg:Initiative ; gg:ledBy ex:dgA ; skos:prefLabel "Chatbot"@en .
"""
EX = "https://example.org/"

CATALOG = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://example.org/catalog> a dcat:Catalog ; dct:title "Test catalogue"@en .
"""


def _serve(app: object) -> RunningServer:
    return RunningServer(app)


@pytest.fixture(scope="module")
def kg() -> gg.GovGraph:
    graph = gg.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


@pytest.fixture(scope="module")
def catalog_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("export")
    (directory / "catalog.ttl").write_text(CATALOG, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def server(kg: gg.GovGraph, catalog_dir: Path) -> Iterator[str]:
    app = create_app(kg.store, timeout=5, max_results=2, catalog=catalog_dir)
    with _serve(app) as running:
        yield running.url


SELECT = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "PREFIX gg: <https://w3id.org/govgraph#> "
    "SELECT ?org ?label WHERE { ?org a gg:PublicAdministration ; skos:prefLabel ?label } "
    "ORDER BY ?org"
)


def test_get_select_json(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": SELECT})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    body = r.json()
    assert body["head"]["vars"] == ["org", "label"]
    rows = body["results"]["bindings"]
    assert [row["org"]["value"] for row in rows] == [EX + "dgA", EX + "dgB"]
    assert rows[1]["label"] == {"type": "literal", "value": 'DG B, "the other"', "xml:lang": "en"}


def test_post_form_and_sparql_query_body(server: str) -> None:
    r1 = httpx.post(f"{server}/sparql", data={"query": SELECT})
    r2 = httpx.post(
        f"{server}/sparql",
        content=SELECT.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert r1.status_code == r2.status_code == 200
    assert r1.json() == r2.json()
    assert len(r1.json()["results"]["bindings"]) == 2


def test_content_negotiation_csv_and_xml(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": SELECT}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows == [["org", "label"], [EX + "dgA", "DG A"], [EX + "dgB", 'DG B, "the other"']]

    r = httpx.get(
        f"{server}/sparql",
        params={"query": SELECT},
        headers={"Accept": "text/html;q=0.9, application/sparql-results+xml;q=1.0"},
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    assert "<sparql" in r.text and EX + "dgB" in r.text


def test_ask(server: str) -> None:
    query = "ASK { ?s ?p ?o }"
    r = httpx.get(f"{server}/sparql", params={"query": query})
    assert r.json()["boolean"] is True
    r = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": "text/csv"})
    assert r.text.split() == ["boolean", "true"]


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_construct_turtle_ntriples_jsonld(server: str, kg: gg.GovGraph) -> None:
    query = "CONSTRUCT { ?i <https://w3id.org/govgraph#ledBy> ?o } WHERE { ?i <https://w3id.org/govgraph#ledBy> ?o }"
    expected = Graph()
    expected.add((URIRef(EX + "i1"), URIRef("https://w3id.org/govgraph#ledBy"), URIRef(EX + "dgA")))
    for accept, fmt in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
    ]:
        r = httpx.get(f"{server}/sparql", params={"query": query}, headers={"Accept": accept})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(accept)
        got = Graph().parse(data=r.text, format=fmt)
        assert isomorphic(got, expected), accept


def test_result_limit_truncates_and_says_so(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 2  # max_results=2, the data has 7 triples
    assert r.headers["x-result-truncated"] == "true"
    r = httpx.get(f"{server}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
    assert "x-result-truncated" not in r.headers


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("POST", {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}),
        (
            "POST",
            {
                "content": b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
                "headers": {"Content-Type": "application/sparql-update"},
            },
        ),
        ("GET", {"params": {"update": "CLEAR ALL"}}),
        ("GET", {"params": {"query": "PREFIX ex: <urn:x#> INSERT DATA { ex:a ex:b ex:c }"}}),
        ("GET", {"params": {"query": "DELETE WHERE { ?s ?p ?o }"}}),
        ("GET", {"params": {"query": "DROP DEFAULT"}}),
    ],
)
def test_updates_are_refused(server: str, kg: gg.GovGraph, method: str, kwargs: dict) -> None:
    before = len(kg)
    r = httpx.request(method, f"{server}/sparql", **kwargs)
    assert r.status_code == 403
    assert "read-only" in r.text
    assert len(kg) == before


def test_service_and_load_are_refused(server: str) -> None:
    query = "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    r = httpx.get(f"{server}/sparql", params={"query": query})
    assert r.status_code == 403
    assert "SERVICE" in r.text and "allow_network=True" in r.text
    r = httpx.post(f"{server}/sparql", data={"query": "LOAD <http://example.org/x.ttl>"})
    assert r.status_code == 403


def test_bad_requests(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": "SELECT WHERE {"})
    assert r.status_code == 400 and "syntax" in r.text.lower()
    r = httpx.post(f"{server}/sparql", content=b"x", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = httpx.get(f"{server}/sparql", params={"query": SELECT}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_service_description(server: str) -> None:
    r = httpx.get(f"{server}/sparql")
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "endpoint"), URIRef(f"{server}/sparql")) in g


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_catalog(server: str) -> None:
    expected = Graph().parse(data=CATALOG, format="turtle")
    r = httpx.get(f"{server}/catalog.ttl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert isomorphic(Graph().parse(data=r.text, format="turtle"), expected)
    r = httpx.get(f"{server}/catalog", headers={"Accept": "application/ld+json"})
    assert r.headers["content-type"].startswith("application/ld+json")
    assert isomorphic(Graph().parse(data=r.text, format="json-ld"), expected)
    r = httpx.get(f"{server}/.well-known/void", follow_redirects=True)
    assert r.status_code == 200
    assert (None, None, Literal("Test catalogue", lang="en")) in Graph().parse(
        data=r.text, format="turtle"
    )


def test_no_catalog_is_404(kg: gg.GovGraph) -> None:
    with _serve(create_app(kg.store)) as running:
        r = httpx.get(f"{running.url}/catalog")
    assert r.status_code == 404 and "catalog=" in r.text


def test_timeout_returns_503_quickly() -> None:
    kg = gg.GovGraph()
    triples = "\n".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(1500))
    kg.load(triples, format="turtle")
    slow = (
        "SELECT (COUNT(*) AS ?n) WHERE { ?a <urn:p> ?x . ?b <urn:p> ?y . "
        "FILTER(STR(?x) < STR(?y)) }"
    )
    with _serve(create_app(kg.store, timeout=0.1)) as running:
        started = time.monotonic()
        r = httpx.get(f"{running.url}/sparql", params={"query": slow}, timeout=30)
        elapsed = time.monotonic() - started
        assert r.status_code == 503
        assert "0.1 s" in r.text
        assert elapsed < 15  # the limit is 0.1 s; the bound is generous for a loaded machine
        # the server still answers other queries meanwhile
        ok = httpx.get(f"{running.url}/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert ok.json() == {"head": {}, "boolean": True}


def test_cli_serve_help_lists_options() -> None:
    from typer.testing import CliRunner

    from govgraph.cli._app import _register, app

    _register()
    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in ("--store", "--host", "--port", "--catalog", "--timeout", "--max-results"):
        assert option in result.output


def test_json_result_is_valid_json_for_empty_select(server: str) -> None:
    r = httpx.get(f"{server}/sparql", params={"query": "SELECT ?x WHERE { ?x <urn:none> ?y }"})
    assert json.loads(r.text)["results"]["bindings"] == []


class _RemoteLike(Store):
    """A store that is not Oxigraph (like SparqlEndpointStore): exercises the generic path."""

    embedded = False

    def __init__(self, inner: Store) -> None:
        self.inner = inner

    def add_quads(self, quads):  # type: ignore[no-untyped-def]
        return self.inner.add_quads(quads)

    def query(self, sparql, *, bindings=None, allow_network=False):  # type: ignore[no-untyped-def]
        return self.inner.query(sparql, bindings=bindings, allow_network=allow_network)

    def update(self, sparql, *, bindings=None, allow_network=False):  # type: ignore[no-untyped-def]
        raise AssertionError("the endpoint must never update")

    def count(self):  # type: ignore[no-untyped-def]
        return self.inner.count()

    def quads(self):  # type: ignore[no-untyped-def]
        return self.inner.quads()

    def clear(self):  # type: ignore[no-untyped-def]
        raise AssertionError("the endpoint must never clear")


def test_other_stores_and_disk_store(tmp_path: Path) -> None:
    disk = gg.GovGraph(path=tmp_path / "store")
    disk.load(DATA, format="turtle")
    for store in (disk.store, _RemoteLike(disk.store)):
        with _serve(create_app(store, max_results=3)) as running:
            r = httpx.get(f"{running.url}/sparql", params={"query": SELECT})
            assert [b["org"]["value"] for b in r.json()["results"]["bindings"]] == [
                EX + "dgA",
                EX + "dgB",
            ]
            r = httpx.get(
                f"{running.url}/sparql",
                params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                headers={"Accept": "application/n-triples"},
            )
            assert len(Graph().parse(data=r.text, format="nt")) == 3
            assert r.headers["x-result-truncated"] == "true"
    disk.close()


def test_named_graphs_of_the_store_are_not_served() -> None:
    """The endpoint serves one default graph: quads in named graphs (a store's own bookkeeping,
    say) are not reachable with GRAPH patterns, neither from a memory nor from a disk store."""
    import pyoxigraph as ox

    kg = gg.GovGraph()
    kg.load(DATA, format="turtle")
    hidden = ox.Quad(
        ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("x"), ox.NamedNode("urn:g")
    )
    kg.store.oxigraph.add(hidden)  # type: ignore[attr-defined]
    with _serve(create_app(kg.store, workers=1)) as running:
        r = httpx.get(
            f"{running.url}/sparql",
            params={"query": "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        )
        assert r.status_code == 200 and r.json()["results"]["bindings"] == []
        r = httpx.get(f"{running.url}/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.json()["boolean"] is True


def test_literals_come_back_as_written(tmp_path: Path) -> None:
    """Answers carry the literals as loaded, not Oxigraph's value forms (issue 16 item 1)."""
    data = (
        "<urn:a> <urn:size> "
        '"5"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> ; '
        '<urn:price> "1.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .'
    )
    expected = Graph().parse(data=data, format="turtle")
    for path in (None, tmp_path / "store"):
        kg = gg.GovGraph(path=path)
        kg.load(data, format="turtle")
        with _serve(create_app(kg.store, workers=1)) as running:
            r = httpx.get(
                f"{running.url}/sparql",
                params={"query": "SELECT ?p ?o WHERE { <urn:a> ?p ?o } ORDER BY ?p"},
            )
            objects = [b["o"] for b in r.json()["results"]["bindings"]]
            assert objects == [
                {
                    "type": "literal",
                    "value": "1.50",
                    "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
                },
                {
                    "type": "literal",
                    "value": "5",
                    "datatype": "http://www.w3.org/2001/XMLSchema#nonNegativeInteger",
                },
            ]
            r = httpx.get(
                f"{running.url}/sparql",
                params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                headers={"Accept": "application/n-triples"},
            )
            assert isomorphic(Graph().parse(data=r.text, format="nt"), expected)
        kg.close()
