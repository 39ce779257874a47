"""The SPARQL endpoint store: batches, retries, reports, Virtuoso's dialect, `govgraph load`.

Tests marked ``virtuoso`` run against the session's throw-away Virtuoso (tests/conftest.py, with
``ResultSetMaxRows`` set to 1000 so that cut answers are exercised); the others use
``httpx.MockTransport`` or a loopback server and need no Virtuoso.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.compare import isomorphic

import govgraph
from govgraph.cli import main
from govgraph.store import LoadReport, SparqlEndpointStore, target_graph, wrap_inline_values
from loopback import loopback_server

EX = Namespace("https://example.org/")
ANALYSIS_DATA = Path(__file__).parent / "data" / "analysis-small.ttl"

CHAIN = """
@prefix ex: <https://example.org/> .
ex:root ex:next [ ex:v 1 ; ex:next [ ex:v 2 ; ex:next [ ex:v 3 ; ex:next [ ex:v 4 ] ] ] ] .
ex:other ex:next [ ex:v 1 ] .
"""


def ntriples(n: int, start: int = 0) -> str:
    return "".join(
        f'<https://example.org/s{i}> <https://example.org/p> "v{i}" .\n'
        for i in range(start, start + n)
    )


@pytest.fixture
def endpoint(virtuoso: object, graph_iri: str) -> Iterator[SparqlEndpointStore]:
    store = SparqlEndpointStore(
        virtuoso.query_url,  # type: ignore[attr-defined]
        virtuoso.update_url,  # type: ignore[attr-defined]
        graph=graph_iri,
        backoff=0.01,
    )
    yield store
    store.clear()
    store.close()


# ------------------------------------------------------------------ Virtuoso


@pytest.mark.virtuoso
def test_virtuoso_is_detected(endpoint: SparqlEndpointStore) -> None:
    assert endpoint.dialect == "virtuoso"


@pytest.mark.virtuoso
def test_blank_nodes_stay_one_node_across_batches(endpoint: SparqlEndpointStore) -> None:
    kg = govgraph.GovGraph(store=endpoint)
    report = kg.load_report(CHAIN, batch_size=2)
    assert report.complete and report.written == 10 and report.batches > 1
    assert isomorphic(kg.to_rdflib(), Graph().parse(data=CHAIN, format="turtle"))


@pytest.mark.virtuoso
def test_partial_load_reports_exactly_what_was_written(endpoint: SparqlEndpointStore) -> None:
    data = (
        ntriples(9)
        + '<https://example.org/bad> <https://example.org/n> "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    )
    kg = govgraph.GovGraph(store=endpoint)
    report = kg.load_report(data, format="ntriples", batch_size=4)
    assert isinstance(report, LoadReport)
    assert (report.triples, report.written, report.failed) == (10, 9, 1)
    assert not report.complete and not report.stopped
    assert (report.count_before, report.count_after) == (0, 9)
    failure = report.failures[0]
    assert "https://example.org/bad" in failure.first_triple
    assert "SR341" in failure.reason  # Virtuoso's own message
    assert "9 of 10 triple(s) written" in report.summary()
    assert report.to_dict()["failures"][0]["triples"] == 1
    assert len(kg) == 9
    # GovGraph.load on an endpoint raises with the same report
    with pytest.raises(govgraph.EndpointError, match="NOT written"):
        kg.load(data, format="ntriples")


@pytest.mark.slow
@pytest.mark.virtuoso
def test_oversized_batches_are_split_until_virtuoso_takes_them(
    endpoint: SparqlEndpointStore,
) -> None:
    # Virtuoso refuses INSERT DATA of this size ("generated SQL text has exceeded 10000 lines").
    report = govgraph.GovGraph(store=endpoint).load_report(
        ntriples(2500), format="ntriples", batch_size=2500
    )
    assert report.complete and report.written == 2500 and report.batches == 1
    assert endpoint.count() == 2500


@pytest.mark.slow
@pytest.mark.virtuoso
def test_answers_cut_at_result_set_max_rows_are_paged(endpoint: SparqlEndpointStore) -> None:
    kg = govgraph.GovGraph(store=endpoint)
    kg.load(ntriples(2500), format="ntriples")
    rows = kg.query("SELECT ?s ?o WHERE { ?s ?p ?o }").rows
    assert len(rows) == 2500
    assert {str(r["o"]) for r in rows} == {f"v{i}" for i in range(2500)}
    ordered = kg.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o) LIMIT 1200").values("o")
    assert [str(o) for o in ordered] == sorted((f"v{i}" for i in range(2500)), reverse=True)[:1200]
    assert sum(1 for _ in endpoint.quads()) == 2500
    # a CONSTRUCT answer of exactly the limit is cut without notice: refuse it
    with pytest.raises(govgraph.EndpointError, match="ResultSetMaxRows"):
        kg.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


@pytest.mark.virtuoso
def test_named_graphs_are_isolated(virtuoso: object, graph_iri: str) -> None:
    url = virtuoso.query_url  # type: ignore[attr-defined]
    first = govgraph.GovGraph.connect(url, graph=graph_iri + ":a")
    second = govgraph.GovGraph.connect(url, graph=graph_iri + ":b")
    first.load(CHAIN)
    second.add((EX.x, EX.p, Literal("only here")))
    assert (len(first), len(second)) == (10, 1)
    second.store.clear()
    assert (len(first), len(second)) == (10, 0)
    # without a graph, Virtuoso reads the union of all graphs but cannot write
    union = govgraph.GovGraph.connect(url)
    assert union.query("ASK { ?s <https://example.org/v> 4 }").boolean is True
    with pytest.raises(govgraph.ConfigurationError, match="graph=IRI"):
        union.add((EX.x, EX.p, EX.y))
    first.store.clear()


@pytest.mark.virtuoso
def test_updates_are_aimed_at_the_named_graph(endpoint: SparqlEndpointStore) -> None:
    kg = govgraph.GovGraph(store=endpoint)
    kg.update('INSERT DATA { <https://example.org/a> <https://example.org/p> "x" }')
    kg.update("INSERT { ?s <https://example.org/q> ?o } WHERE { ?s <https://example.org/p> ?o }")
    assert len(kg) == 2
    kg.update("DELETE WHERE { ?s <https://example.org/q> ?o }")
    assert len(kg) == 1


@pytest.mark.virtuoso
def test_endpoint_errors_name_the_url_and_the_message(endpoint: SparqlEndpointStore) -> None:
    with pytest.raises(govgraph.EndpointError) as info:
        endpoint.query("SELECT ?s WHERE { ?s ?p }")
    assert endpoint.query_endpoint in str(info.value)
    assert "SP030" in str(info.value) and "SPARQL query:" not in str(info.value)


@pytest.mark.virtuoso
def test_cli_load_validates_before_writing(
    virtuoso: object, graph_iri: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = virtuoso.query_url  # type: ignore[attr-defined]
    args = ["load", str(ANALYSIS_DATA), "--endpoint", url, "--graph", graph_iri]
    assert main([*args, "--format", "json"]) == 1  # the sample has a violation
    out = capsys.readouterr()
    assert json.loads(out.out)["loaded"] is False and "violation" in out.err
    kg = govgraph.GovGraph.connect(url, graph=graph_iri)
    assert len(kg) == 0
    assert main([*args, "--no-validate", "--batch-size", "50", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    expected = len(Graph().parse(ANALYSIS_DATA))
    assert report["written"] == report["triples"] == expected
    assert report["batches"] == -(-expected // 50)
    assert len(kg) == expected
    kg.store.clear()


@pytest.mark.virtuoso
def test_cli_load_with_digest_credentials_from_the_environment(
    virtuoso: object,
    graph_iri: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    virtuoso.isql(  # type: ignore[attr-defined]
        "DB.DBA.USER_CREATE('gg_writer', 'gg-secret'); GRANT SPARQL_UPDATE TO \"gg_writer\";"
    )
    url = virtuoso.query_url.replace("/sparql", "/sparql-auth")  # type: ignore[attr-defined]
    data = tmp_path / "chain.ttl"
    data.write_text(CHAIN, encoding="utf-8")
    args = ["load", str(data), "--endpoint", url, "--graph", graph_iri, "--force"]
    assert main(args) == 2  # no credentials: refused with a hint, nothing written
    assert "GOVGRAPH_ENDPOINT_USER" in capsys.readouterr().out
    monkeypatch.setenv("GOVGRAPH_ENDPOINT_USER", "gg_writer")
    monkeypatch.setenv("GOVGRAPH_ENDPOINT_PASSWORD", "gg-secret")
    monkeypatch.setenv("GOVGRAPH_ENDPOINT_AUTH", "digest")
    assert main(args) == 0
    reader = govgraph.GovGraph.connect(virtuoso.query_url, graph=graph_iri)  # type: ignore[attr-defined]
    assert len(reader) == 10
    reader.store.clear()


@pytest.mark.virtuoso
def test_load_report_validates_before_anything_is_sent() -> None:
    with loopback_server() as server:
        kg = govgraph.GovGraph.connect(server.url("/sparql"))
        with pytest.raises(govgraph.ValidationFailed, match="violation") as info:
            kg.load_report(ANALYSIS_DATA, validate=True)
        assert not info.value.report.conforms  # type: ignore[attr-defined]
        assert server.requests == []


@pytest.mark.slow
def test_cli_analyses_on_the_endpoint_match_the_file(
    virtuoso: object, graph_iri: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = virtuoso.query_url  # type: ignore[attr-defined]
    assert (
        main(["load", str(ANALYSIS_DATA), "--endpoint", url, "--graph", graph_iri, "--force"]) == 0
    )
    capsys.readouterr()
    for command in (["synergies", "--by", "all"], ["gaps"], ["learning"]):
        assert main([*command, str(ANALYSIS_DATA), "--format", "json"]) == 0
        from_file = json.loads(capsys.readouterr().out)
        assert main([*command, "--endpoint", url, "--graph", graph_iri, "--format", "json"]) == 0
        from_endpoint = json.loads(capsys.readouterr().out)
        assert from_file and from_endpoint == from_file, command
    govgraph.GovGraph.connect(url, graph=graph_iri).store.clear()


# ------------------------------------------------------- no server needed


def mock_store(handler, **options: object) -> tuple[SparqlEndpointStore, list[httpx.Request]]:  # type: ignore[no-untyped-def]
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request, len(seen))

    store = SparqlEndpointStore(
        "http://sparql.test/sparql",
        graph="urn:g",
        dialect="generic",
        backoff=0.0,
        transport=httpx.MockTransport(record),
        **options,  # type: ignore[arg-type]
    )
    return store, seen


def count_answer(n: int) -> httpx.Response:
    body = {
        "head": {"vars": ["n"]},
        "results": {
            "bindings": [
                {
                    "n": {
                        "type": "literal",
                        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
                        "value": str(n),
                    }
                }
            ]
        },
    }
    return httpx.Response(
        200, json=body, headers={"content-type": "application/sparql-results+json"}
    )


def test_transient_errors_are_retried_and_counted() -> None:
    def handler(request: httpx.Request, n: int) -> httpx.Response:
        form = request.content.decode()
        if form.startswith("query="):
            return count_answer(0)
        return httpx.Response(503 if n in (2, 3) else 200, text="busy")

    store, _ = mock_store(handler)
    quads = govgraph.io.parse_source(ntriples(3), format="ntriples").quads
    report = store.load_quads(quads)
    assert report.complete and report.retries == 2 and report.written == 3


def test_refused_credentials_stop_the_load() -> None:
    def handler(request: httpx.Request, n: int) -> httpx.Response:
        if request.content.decode().startswith("query="):
            return count_answer(0)
        return httpx.Response(401, text="Unauthorized")

    store, seen = mock_store(handler)
    quads = govgraph.io.parse_source(ntriples(10), format="ntriples").quads
    report = store.load_quads(quads, batch_size=3)
    assert report.stopped and report.written == 0
    assert report.failed == 3 and report.not_attempted == 7
    assert "auth=" in report.failures[0].reason
    updates = [r for r in seen if r.content.startswith(b"update=")]
    assert len(updates) == 1  # no retry, no further batch


def test_unreachable_endpoint_names_the_url() -> None:
    store = SparqlEndpointStore("http://127.0.0.1:9/sparql", max_retries=1, backoff=0.0, timeout=2)
    with pytest.raises(govgraph.EndpointError, match=r"127\.0\.0\.1:9/sparql.*cannot reach"):
        store.count()


def test_redirects_and_proxies_never_lead_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    with loopback_server() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.base)
        monkeypatch.setenv("ALL_PROXY", proxy.base)

        def handler(request: httpx.Request, n: int) -> httpx.Response:
            return httpx.Response(302, headers={"location": proxy.url("/elsewhere")})

        store, seen = mock_store(handler)
        with pytest.raises(govgraph.EndpointError, match="HTTP 302"):
            store.query("ASK { }")
        assert len(seen) == 1
        # a real client (no mock transport) ignores the proxy variables
        with loopback_server(
            b'{"head": {}, "boolean": true}', "application/sparql-results+json"
        ) as target:
            real = SparqlEndpointStore(target.url("/sparql"))
            assert real.query("ASK { }").boolean is True
            assert target.requests == ["POST /sparql"]
        assert proxy.requests == []


def test_service_is_refused_before_anything_is_sent() -> None:
    store, seen = mock_store(lambda request, n: count_answer(0))
    with pytest.raises(govgraph.UnsafeQueryError):
        store.query("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    with pytest.raises(govgraph.UnsafeQueryError):
        store.update("LOAD <http://127.0.0.1:1/data.ttl>")
    assert seen == []


def test_queries_use_the_named_graph_as_default_graph() -> None:
    store, seen = mock_store(lambda request, n: count_answer(5))
    assert store.count() == 5
    form = httpx.QueryParams(seen[0].content.decode())
    assert form["default-graph-uri"] == "urn:g"
    assert seen[0].headers["accept"] == "application/sparql-results+json"


def test_bad_urls_and_graphs_are_refused() -> None:
    with pytest.raises(govgraph.ConfigurationError):
        SparqlEndpointStore("file:///etc/passwd")
    with pytest.raises(govgraph.QueryError):
        SparqlEndpointStore("http://127.0.0.1:1/sparql", graph="urn:x> } DROP ALL {")
    with pytest.raises(govgraph.ConfigurationError):
        SparqlEndpointStore("http://127.0.0.1:1/sparql", graph="relative/graph")


def test_target_graph_rewrites_only_operations_without_a_graph() -> None:
    g = "urn:g"
    assert (
        target_graph('INSERT DATA { <a:b> <a:c> "}" }', g)
        == 'INSERT DATA { GRAPH <urn:g> { <a:b> <a:c> "}" } }'
    )
    assert (
        target_graph(
            "PREFIX x: <a:> DELETE { ?s x:p ?o } INSERT { ?s x:q ?o } WHERE { ?s x:p ?o }", g
        )
        == "PREFIX x: <a:> WITH <urn:g> DELETE { ?s x:p ?o } INSERT { ?s x:q ?o } WHERE { ?s x:p ?o }"
    )
    both = target_graph("INSERT DATA { <a:b> <a:c> 1 } ; DELETE WHERE { ?s <a:c> 1 }", g)
    assert both == (
        "INSERT DATA { GRAPH <urn:g> { <a:b> <a:c> 1 } } ; "
        "DELETE WHERE { GRAPH <urn:g> { ?s <a:c> 1 } }"
    )
    explicit = "INSERT DATA { GRAPH <urn:other> { <a:b> <a:c> 1 } }"
    assert target_graph(explicit, g) == explicit


def test_wrap_inline_values_keeps_trailing_values_clauses() -> None:
    query = (
        "SELECT * WHERE { VALUES ?x { 1 2 } { SELECT ?y WHERE { ?y ?p ?x } VALUES ?y { <a:b> } } "
        '?a <a:VALUES> "VALUES ?z { 1 }" } VALUES ?q { 1 }'
    )
    assert wrap_inline_values(query) == (
        "SELECT * WHERE { { SELECT ?x WHERE { VALUES ?x { 1 2 } } } { SELECT ?y WHERE { ?y ?p ?x } "
        'VALUES ?y { <a:b> } } ?a <a:VALUES> "VALUES ?z { 1 }" } VALUES ?q { 1 }'
    )


def test_cli_load_into_a_store_is_all_or_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "db"
    good = tmp_path / "good.ttl"
    good.write_text(CHAIN, encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    assert main(["load", str(good), "--store", str(store)]) == 0
    assert main(["load", str(good), str(bad), "--store", str(store)]) == 2
    err = capsys.readouterr().err
    assert "bad.ttl" in err and "line 2" in err
    with govgraph.GovGraph(path=store) as kg:
        assert len(kg) == 10
    assert main(["load", str(good), "--store", str(store), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    # blank nodes of a second load are new nodes; the store grows by the file's triples
    assert (report["count_before"], report["count_after"], report["triples"]) == (10, 20, 10)


def test_cli_load_needs_a_target(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(CHAIN, encoding="utf-8")
    assert main(["load", str(good)]) == 2
    assert "--store DIR or --endpoint URL" in capsys.readouterr().err


def test_an_outage_at_first_contact_does_not_fix_the_dialect() -> None:
    # regression: an endpoint down when the dialect was first read stayed "generic" for good,
    # so a Virtuoso server back up was never treated as Virtuoso (no paging of cut answers)
    calls: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) <= 1:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(
            200,
            json={"head": {}, "boolean": True},
            headers={"content-type": "application/sparql-results+json", "server": "Virtuoso/7.2"},
        )

    store = SparqlEndpointStore(
        "http://sparql.test/sparql",
        graph="urn:g",
        max_retries=0,
        backoff=0.0,
        transport=httpx.MockTransport(handler),
    )
    assert store.dialect == "generic"  # not reached: generic for now
    assert store.dialect == "virtuoso"  # reached: detected
    assert len(calls) == 2
