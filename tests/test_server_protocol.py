"""SPARQL 1.1 Protocol conformance as real clients see it: SPARQLWrapper, rdflib, Jena, a browser.

Every client talks to ``govgraph serve`` (uvicorn on a free 127.0.0.1 port); answers are parsed
by the client and compared with what the data holds (graphs by isomorphism).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

import govgraph as gg
from govgraph.server import create_app
from serving import RunningServer

EX = "https://example.org/"
GG = "https://w3id.org/govgraph#"
DATA = f"""
@prefix gg: <{GG}> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <{EX}> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:dgA a gg:PublicAdministration ; skos:prefLabel "DG A"@en ; gg:budget 12 .
ex:dgB a gg:PublicAdministration ; skos:prefLabel "DG B,\\t\\"quoted\\"\\nline"@en .
ex:i1 a gg:Initiative ; gg:ledBy ex:dgA ; skos:prefLabel "=HYPERLINK(\\"http://evil.example\\")" .
"""
SELECT = (
    f"SELECT ?org ?label WHERE {{ ?org a <{GG}PublicAdministration> ; "
    "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?org"
)
ASK = f"ASK {{ <{EX}i1> <{GG}ledBy> <{EX}dgA> }}"
CONSTRUCT = f"CONSTRUCT {{ ?i <{GG}ledBy> ?o }} WHERE {{ ?i <{GG}ledBy> ?o }}"
DESCRIBE = f"DESCRIBE <{EX}dgA>"


@pytest.fixture(scope="module")
def kg() -> gg.GovGraph:
    graph = gg.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


@pytest.fixture(scope="module")
def endpoint(kg: gg.GovGraph) -> Iterator[str]:
    with RunningServer(create_app(kg.store, workers=2)) as running:
        yield running.url + "/sparql"


def _expected_graph(kg: gg.GovGraph, query: str) -> Graph:
    result = kg.store.query(query)
    assert result.graph is not None
    return result.graph


def _expected_rows(kg: gg.GovGraph) -> list[tuple[str, str]]:
    return [(str(r["org"]), str(r["label"])) for r in kg.store.query(SELECT)]


# ------------------------------------------------------------------ SPARQLWrapper
def _wrapper_combinations() -> list[tuple[str, str, str]]:
    sw = pytest.importorskip("SPARQLWrapper")
    formats = [sw.JSON, sw.XML, sw.CSV, sw.TSV, sw.TURTLE, sw.N3, sw.RDF, sw.RDFXML, sw.JSONLD]
    methods = ["GET", "POST-" + sw.URLENCODED, "POST-" + sw.POSTDIRECTLY]
    return [
        (f, m, q)
        for q in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
        for f in formats
        for m in methods
    ]


def _wrapper_result(endpoint: str, query: str, fmt: str, method: str) -> tuple[object, str]:
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method == "GET":
        client.setMethod(sw.GET)
    else:
        client.setMethod(sw.POST)
        client.setRequestMethod(method.split("-", 1)[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # its notes on "unexpected" formats
        response = client.query()
        return response.convert(), response._get_responseFormat()


def _graph_of(converted: object, response_format: str) -> Graph:
    if isinstance(converted, Graph):
        return converted
    if isinstance(converted, bytes):
        fmt = {"turtle": "turtle", "n3": "turtle", "json-ld": "json-ld"}.get(response_format, "xml")
        return Graph().parse(data=converted, format=fmt)
    raise AssertionError(f"not a graph: {type(converted).__name__}")


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sparqlwrapper_every_format_and_method(endpoint: str, kg: gg.GovGraph) -> None:
    """SPARQLWrapper in its default mode (it sends format=, output= and results= besides Accept)."""
    queries = {"SELECT": SELECT, "ASK": ASK, "CONSTRUCT": CONSTRUCT, "DESCRIBE": DESCRIBE}
    rows = _expected_rows(kg)
    failures = []
    for fmt, method, form in _wrapper_combinations():
        try:
            converted, response_format = _wrapper_result(endpoint, queries[form], fmt, method)
            if form == "SELECT":
                _check_select(converted, response_format, rows)
            elif form == "ASK":
                _check_ask(converted, response_format)
            else:
                expected = _expected_graph(kg, queries[form])
                assert isomorphic(_graph_of(converted, response_format), expected)
        except Exception as exc:  # collected: one report for every combination
            failures.append(f"{form} {fmt} {method}: {type(exc).__name__}: {exc}"[:300])
    assert failures == [], "\n".join(failures)


def _check_select(converted: object, response_format: str, rows: list[tuple[str, str]]) -> None:
    if response_format == "json":
        assert isinstance(converted, dict)
        got = [(b["org"]["value"], b["label"]["value"]) for b in converted["results"]["bindings"]]
    elif response_format == "xml":
        got = []
        for result in converted.getElementsByTagName("result"):  # type: ignore[attr-defined]
            values = {}
            for binding in result.getElementsByTagName("binding"):
                node = next(n for n in binding.childNodes if n.nodeType == n.ELEMENT_NODE)
                values[binding.getAttribute("name")] = "".join(
                    t.data for t in node.childNodes if t.nodeType == t.TEXT_NODE
                )
            got.append((values["org"], values["label"]))
    elif response_format == "csv":
        assert isinstance(converted, bytes)
        got = [tuple(r) for r in csv.reader(io.StringIO(converted.decode()))][1:]  # type: ignore[misc]
    elif response_format == "tsv":
        assert isinstance(converted, bytes)
        parsed = ox.parse_query_results(converted, format=ox.QueryResultsFormat.TSV)
        got = [(s["org"].value, s["label"].value) for s in parsed]  # type: ignore[union-attr,index]
    else:
        raise AssertionError(f"SELECT answered as {response_format}")
    assert got == rows


def _check_ask(converted: object, response_format: str) -> None:
    if response_format == "json":
        assert converted == {"head": {}, "boolean": True}
    elif response_format == "xml":
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[attr-defined]
    else:
        assert isinstance(converted, bytes) and converted.split()[-1] == b"true"


# ------------------------------------------------------------------ rdflib
@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("return_format", ["xml", "json", "csv", "tsv"])
def test_rdflib_sparqlstore(
    endpoint: str, kg: gg.GovGraph, method: str, return_format: str
) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(endpoint, returnFormat=return_format, method=method)
    graph = Graph(store=store)
    got = [(str(r[0]), str(r[1])) for r in graph.query(SELECT)]  # type: ignore[index]
    assert got == _expected_rows(kg)
    ask = graph.query(ASK)
    if return_format in ("xml", "json"):
        assert ask.askAnswer is True
    else:  # rdflib reads every CSV/TSV answer as a table: here one cell
        assert [str(row[0]) for row in ask] == ["true"]  # type: ignore[index]
    if return_format == "xml":  # the graph answers come as RDF/XML (rdflib offers no other)
        for query in (CONSTRUCT, DESCRIBE):
            answer = graph.query(query).graph
            assert answer is not None and isomorphic(answer, _expected_graph(kg, query))
    store.close()


# ------------------------------------------------------------------ formats, CSV, TSV
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_tsv_select_and_every_advertised_format(endpoint: str, kg: gg.GovGraph) -> None:
    for accept, fmt in [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ]:
        r = httpx.get(endpoint, params={"query": SELECT}, headers={"Accept": accept})
        assert r.status_code == 200, (accept, r.text)
        assert r.headers["content-type"].startswith(accept)
        if fmt == ox.QueryResultsFormat.CSV:  # lossy by design: Oxigraph does not read it
            assert len(list(csv.reader(io.StringIO(r.text)))) == 3
        else:
            parsed = ox.parse_query_results(r.content, format=fmt)
            assert len(list(parsed)) == 2, accept  # type: ignore[arg-type]
    for accept, fmt in [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ]:
        r = httpx.get(endpoint, params={"query": DESCRIBE}, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        got = Graph().parse(data=r.content, format=fmt)
        assert isomorphic(got, _expected_graph(kg, DESCRIBE)), accept


def test_tsv_keeps_tabs_quotes_and_newlines(endpoint: str, kg: gg.GovGraph) -> None:
    r = httpx.get(endpoint, params={"query": SELECT, "format": "tsv"})
    parsed = ox.parse_query_results(r.content, format=ox.QueryResultsFormat.TSV)
    labels = [s["label"] for s in parsed]  # type: ignore[index]
    assert labels[1] == ox.Literal('DG B,\t"quoted"\nline', language="en")


def test_format_parameter_names_and_media_types(endpoint: str) -> None:
    for value, media in [
        ("csv", "text/csv"),
        ("text/csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("json", "application/sparql-results+json"),
    ]:
        r = httpx.get(endpoint, params={"query": SELECT, "format": value})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), value
    for value, media in [
        ("json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("nt", "application/n-triples"),
        ("ttl", "text/turtle"),
    ]:
        r = httpx.get(endpoint, params={"query": CONSTRUCT, "output": value})
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), value
    # a format= this answer cannot have falls back to Accept
    r = httpx.get(
        endpoint, params={"query": CONSTRUCT, "format": "csv"}, headers={"Accept": "text/turtle"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = httpx.get(
        endpoint, params={"query": SELECT, "format": "bogus"}, headers={"Accept": "image/png"}
    )
    assert r.status_code == 406


def test_csv_cells_are_formula_safe(endpoint: str) -> None:
    query = (
        f"SELECT ?label WHERE {{ <{EX}i1> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"
    )
    r = httpx.get(endpoint, params={"query": query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows == [["label"], ['\'=HYPERLINK("http://evil.example")']]
    r = httpx.get(
        endpoint,
        params={"query": f"SELECT ?n WHERE {{ <{EX}dgA> <{GG}budget> ?n }}"},
        headers={"Accept": "text/csv"},
    )
    assert list(csv.reader(io.StringIO(r.text))) == [["n"], ["12"]]


def test_raw_csv_option_keeps_cells(kg: gg.GovGraph) -> None:
    query = (
        f"SELECT ?label WHERE {{ <{EX}i1> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}"
    )
    with RunningServer(create_app(kg.store, workers=1, raw_csv=True)) as running:
        r = httpx.get(running.url + "/sparql", params={"query": query, "format": "csv"})
    assert list(csv.reader(io.StringIO(r.text)))[1] == ['=HYPERLINK("http://evil.example")']


# ------------------------------------------------------------------ HEAD, CORS, service description
def test_head_and_cors(endpoint: str) -> None:
    r = httpx.head(endpoint, params={"query": ASK})
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    r = httpx.head(endpoint)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    r = httpx.options(
        endpoint,
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]
    r = httpx.get(endpoint, params={"query": ASK}, headers={"Origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"
    assert "X-Result-Truncated" in r.headers["access-control-expose-headers"]
    assert r.headers["server-timing"].startswith("total;dur=")


def test_no_cors_headers_when_turned_off(kg: gg.GovGraph) -> None:
    with RunningServer(create_app(kg.store, workers=1, cors=())) as running:
        r = httpx.get(
            running.url + "/sparql",
            params={"query": ASK},
            headers={"Origin": "https://yasgui.example"},
        )
    assert r.status_code == 403
    assert "access-control-allow-origin" not in r.headers


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_service_description_is_negotiated(endpoint: str) -> None:
    graphs = {}
    for accept, fmt in [
        ("text/turtle", "turtle"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ]:
        r = httpx.get(endpoint, headers={"Accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        graphs[accept] = Graph().parse(data=r.content, format=fmt, publicID=endpoint)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    first = graphs["text/turtle"]
    assert (None, URIRef(sd + "endpoint"), URIRef(endpoint)) in first
    assert (
        None,
        URIRef(sd + "resultFormat"),
        URIRef("http://www.w3.org/ns/formats/SPARQL_Results_TSV"),
    ) in first
    for accept, graph in graphs.items():
        assert isomorphic(graph, first), accept
    assert httpx.get(endpoint, headers={"Accept": "image/png"}).status_code == 406


# ------------------------------------------------------------------ Jena, Chromium
def _rsparql() -> list[str]:
    """The command running Jena's rsparql from Debian's libapache-jena-java, or skip."""
    if shutil.which("java") is None or shutil.which("dpkg") is None:
        pytest.skip("Jena needs java and Debian's libapache-jena-java")
    deps = subprocess.run(
        [
            "apt-cache",
            "depends",
            "--recurse",
            "--no-recommends",
            "--no-suggests",
            "--no-conflicts",
            "--no-breaks",
            "--no-replaces",
            "--no-enhances",
            "libapache-jena-java",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    packages = {
        "libapache-jena-java",
        *(d for d in deps if d.startswith("lib") and d.endswith("-java")),
    }
    jars = set()
    for package in packages:
        listing = subprocess.run(
            ["dpkg", "-L", package], capture_output=True, text=True, check=False
        )
        jars.update(
            line
            for line in listing.stdout.splitlines()
            if re.fullmatch(r"/usr/share/java/[A-Za-z][\w.-]*[A-Za-z]\.jar", line)
            and not re.search(r"-\d[\d.]*\.jar$|log4j-over|jcl-over|jul-to|slf4j-(?!api|nop)", line)
        )
    if not any("jena-arq" in j for j in jars):
        pytest.skip("Jena is not installed (apt-get install libapache-jena-java)")
    command = ["java", "-cp", ":".join(sorted(jars)), "arq.rsparql"]
    probe = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
    if probe.returncode != 0:
        reason = (probe.stderr.strip().splitlines() or ["?"])[0]
        pytest.skip(f"Jena's rsparql does not start on this machine: {reason}")
    return command


@pytest.mark.java
@pytest.mark.slow
def test_jena_rsparql(endpoint: str, kg: gg.GovGraph) -> None:
    command = _rsparql()
    for query, results, check in [
        (SELECT, "json", lambda out: len(json.loads(out)["results"]["bindings"]) == 2),
        (SELECT, "tsv", lambda out: out.count("\n") == 3),
        (SELECT, "csv", lambda out: "DG A" in out),
        (ASK, "xml", lambda out: "true" in out),
        (
            CONSTRUCT,
            "ttl",
            lambda out: isomorphic(
                Graph().parse(data=out, format="turtle"), _expected_graph(kg, CONSTRUCT)
            ),
        ),
        (
            DESCRIBE,
            "rdfxml",
            lambda out: isomorphic(
                Graph().parse(data=out, format="xml"), _expected_graph(kg, DESCRIBE)
            ),
        ),
    ]:
        proc = subprocess.run(
            [*command, "--service", endpoint, "--query=-", f"--results={results}"],
            input=query,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert check(proc.stdout), (query, results, proc.stdout[:500])


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("GOVGRAPH_REQUIRE_SERVICES") == "1":
        pytest.fail("chromium is not installed but GOVGRAPH_REQUIRE_SERVICES=1")
    pytest.skip("chromium is not installed (apt-get install chromium)")


@pytest.mark.chromium
@pytest.mark.slow
def test_cross_origin_read_from_headless_chromium(endpoint: str, tmp_path: Path) -> None:
    """A page on another origin POSTs a query (a preflighted request) and shows the answer."""
    from loopback import loopback_server

    page = f"""<!doctype html><html><body><pre id="out">waiting</pre><script>
fetch({json.dumps(endpoint)}, {{method: "POST", headers: {{"Content-Type": "application/sparql-query",
  "Accept": "application/sparql-results+json"}}, body: {json.dumps(SELECT)}}})
  .then(r => r.json())
  .then(j => {{ document.getElementById("out").textContent = "rows=" + j.results.bindings.length; }})
  .catch(e => {{ document.getElementById("out").textContent = "error " + e; }});
</script></body></html>""".encode()
    with loopback_server(page, "text/html; charset=utf-8") as origin:
        proc = subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={tmp_path / 'profile'}",
                "--virtual-time-budget=15000",
                "--dump-dom",
                origin.url("/page.html"),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert "rows=2" in proc.stdout, (proc.stdout[-1000:], proc.stderr[-1000:])
