"""Issue 8: hostile and broken input never leaks, hangs or half-loads -- across every entry point.

Network tests run a recording HTTP server on 127.0.0.1 (``tests/loopback.py``): each hostile
input points at it, and the test asserts it received no request. ``allow_network=True`` /
``--allow-network`` tests prove the switch works: the same server is then reached.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

import govgraph as gg
from govgraph.cli import main
from govgraph.export import quality, validate_dcat
from loopback import Recorder, loopback_server

GG = "https://w3id.org/govgraph#"
EX = "https://example.org/"
PREFIXES = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/> .
"""
SMALL = (
    PREFIXES
    + """
ex:ec a gg:PublicAdministration ; skos:prefLabel "European Commission"@en ;
    gg:administrativeLevel gg:EULevel .
ex:ai a gg:Technology ; skos:prefLabel "Artificial intelligence"@en .
ex:bot a gg:Initiative ; skos:prefLabel "Chatbot"@en ; gg:ledBy ex:ec ; gg:usesTechnology ex:ai .
"""
)
TURTLE = "text/turtle"
SPARQL_JSON = "application/sparql-results+json"
EMPTY_RESULTS = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
PUBLISHER = "http://publications.europa.eu/resource/authority/corporate-body/DIGIT"
EXPORT_OPTIONS = {
    "base_url": "https://example.org/data/",
    "publisher": PUBLISHER,
    "publisher_name": "DIGIT",
    "contact_email": "x@example.org",
}
REMOTE_TRIPLE = b"<https://example.org/remote> <https://example.org/p> <https://example.org/o> .\n"


def cli(*args: str) -> int:
    """Run the CLI in-process (like the console script) and return its exit code."""
    return main([*args])


def run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``python -m govgraph ARGS`` in a real subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "govgraph", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def with_imports(url: str) -> str:
    """Governance data whose ontology header imports ``url``."""
    return SMALL + f"\n<{EX}data> a owl:Ontology ; owl:imports <{url}> .\n"


@pytest.fixture
def remote() -> Iterator[Recorder]:
    """A loopback server that answers Turtle (what an owl:imports target would be)."""
    with loopback_server(REMOTE_TRIPLE, TURTLE) as server:
        yield server


# =============================================================== 1. no network, no file reads
def xxe_xml(system_id: str, *, parameter: bool = False) -> str:
    entity = (
        f'<!ENTITY % ext SYSTEM "{system_id}"> %ext;'
        if parameter
        else f'<!ENTITY ext SYSTEM "{system_id}">'
    )
    body = "" if parameter else "&ext;"
    return f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [{entity}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="https://example.org/">
<rdf:Description rdf:about="https://example.org/a"><ex:p>x{body}</ex:p></rdf:Description>
</rdf:RDF>
"""


def hostile_files(tmp_path: Path, server: Recorder) -> dict[str, Path]:
    """One file per way an RDF parser could be made to contact ``server``."""
    files = {
        "xxe.rdf": xxe_xml(server.url("/entity")),
        "xxe-parameter.rdf": xxe_xml(server.url("/dtd"), parameter=True),
        "external-dtd.rdf": (
            '<?xml version="1.0"?>\n'
            f'<!DOCTYPE rdf:RDF SYSTEM "{server.url("/external.dtd")}">\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n'
        ),
        "context.jsonld": json.dumps(
            {"@context": server.url("/context.jsonld"), "@id": EX + "a", "name": "x"}
        ),
        "context-import.jsonld": json.dumps(
            {
                "@context": {"@version": 1.1, "@import": server.url("/imported-context.jsonld")},
                "@id": EX + "a",
                "name": "x",
            }
        ),
    }
    out = {}
    for name, text in files.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        out[name] = path
    return out


def test_load_never_contacts_a_server(tmp_path: Path) -> None:
    """XXE (general and parameter entities, external DTD) and remote JSON-LD contexts."""
    with loopback_server(b'{"@context": {"name": "https://schema.org/name"}}') as server:
        files = hostile_files(tmp_path, server)
        kg = gg.GovGraph()
        outcomes = {}
        for name, path in files.items():
            try:
                kg.load(path)
                outcomes[name] = "read"
            except gg.ParseError as exc:
                outcomes[name] = str(exc)
                assert name in str(exc)  # the error names the file
        assert len(kg) == 0
    assert server.requests == []
    assert "external or parameter entity" in outcomes["xxe.rdf"]
    assert "external or parameter entity" in outcomes["xxe-parameter.rdf"]
    assert "remote context" in outcomes["context.jsonld"]
    assert "remote context" in outcomes["context-import.jsonld"]


def test_external_entity_cannot_read_a_local_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    data = tmp_path / "leak.rdf"
    data.write_text(xxe_xml(secret.as_uri()), encoding="utf-8")
    kg = gg.GovGraph()
    with pytest.raises(gg.ParseError, match="external or parameter entity"):
        kg.load(data)
    context = tmp_path / "context.jsonld"
    context.write_text(json.dumps({"@context": {"secret": EX + "secret"}}), encoding="utf-8")
    local_context = tmp_path / "local-context.jsonld"
    local_context.write_text(
        json.dumps({"@context": context.as_uri(), "@id": EX + "a", "secret": "x"}),
        encoding="utf-8",
    )
    with pytest.raises(gg.ParseError, match="remote context"):
        kg.load(local_context)
    assert "TOP-SECRET-VALUE" not in kg.serialize(format="ntriples").decode()


def test_a_url_given_as_a_source_is_not_fetched(remote: Recorder) -> None:
    url = remote.url("/data.ttl")
    with pytest.raises(gg.ParseError, match="no such file"):
        gg.GovGraph().load(url)
    with pytest.raises(gg.ParseError, match="no such file"):
        gg.GovGraph().validate(shapes=[url])
    with pytest.raises(gg.GovGraphError):
        gg.io.import_cofog(url)
    with pytest.raises(gg.GovGraphError):
        gg.io.import_spreadsheet(url, kind="organisations")
    with pytest.raises(gg.GovGraphError):
        gg.io.import_pstw(url)
    with pytest.raises(gg.GovGraphError):
        gg.io.import_esco(url)
    with pytest.raises(gg.ParseError):
        validate_dcat(url)
    assert cli("validate", url) == 2
    assert remote.requests == []


def test_load_and_validate_do_not_follow_owl_imports(remote: Recorder, tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(with_imports(remote.url("/ontology.ttl")), encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        PREFIXES
        + f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
<{EX}shapes> a owl:Ontology ; owl:imports <{remote.url("/more-shapes.ttl")}> .
ex:NeedsLabel a sh:NodeShape ; sh:targetClass gg:Initiative ;
    sh:property [ sh:path skos:prefLabel ; sh:minCount 1 ] .
""",
        encoding="utf-8",
    )
    kg = gg.GovGraph()
    kg.load(data)
    for engine in ("auto", "pyshacl"):
        report = kg.validate(shapes=[shapes], engine=engine)
        assert report.conforms, report.results
    assert kg.query(f"ASK {{ <{EX}remote> ?p ?o }}").boolean is False
    assert remote.requests == []


def test_shapes_with_sparql_service_are_refused_clearly(tmp_path: Path) -> None:
    """A SHACL-SPARQL constraint in an extra shapes file is user SPARQL too."""
    with loopback_server(EMPTY_RESULTS, SPARQL_JSON) as server:
        shapes = tmp_path / "service-shapes.ttl"
        shapes.write_text(
            PREFIXES
            + f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Leaky a sh:NodeShape ; sh:targetClass gg:Initiative ;
    sh:sparql [ sh:select "SELECT $this WHERE {{ SERVICE <{server.url("/sparql")}> {{ ?x ?y ?z }} }}" ] .
""",
            encoding="utf-8",
        )
        kg = gg.GovGraph()
        kg.load(SMALL)
        for engine in ("auto", "pyshacl"):
            with pytest.raises(gg.UnsafeQueryError, match="SERVICE") as info:
                kg.validate(shapes=[shapes], engine=engine)
            assert "service-shapes.ttl" in str(info.value)
        assert cli("validate", "--shapes", str(shapes), str(tmp_path / "data.ttl")) == 2
    assert server.requests == []


def test_query_and_update_refuse_service_and_load(remote: Recorder) -> None:
    kg = gg.GovGraph()
    kg.load(SMALL)
    before = len(kg)
    hostile_queries = [
        f"SELECT * WHERE {{ SERVICE <{remote.url('/sparql')}> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{remote.url('/sparql')}> {{ ?s ?p ?o }} }}",
        f"ASK {{ ?s ?p ?o . SERVICE\n<{remote.url('/sparql')}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{remote.url('/q')}> {{ ?s ?p ?o }} }}",
    ]
    for text in hostile_queries:
        with pytest.raises(gg.UnsafeQueryError, match="allow_network=True"):
            kg.query(text)
    # FROM / FROM NAMED name graphs of the store: Oxigraph never fetches them.
    from_query = (
        f"SELECT * FROM <{remote.url('/from.ttl')}> FROM NAMED <{remote.url('/named.ttl')}> "
        "WHERE { ?s ?p ?o }"
    )
    assert kg.query(from_query).rows == ()
    assert kg.query(from_query, allow_network=True).rows == ()
    for text in (
        f"LOAD <{remote.url('/data.ttl')}>",
        f"load silent <{remote.url('/data.ttl')}> INTO GRAPH <{EX}g>",
        f"INSERT DATA {{ <{EX}a> <{EX}b> <{EX}c> }} ; LOAD <{remote.url('/more.ttl')}>",
    ):
        with pytest.raises(gg.UnsafeQueryError, match="LOAD"):
            kg.update(text)
    assert len(kg) == before
    assert remote.requests == []


def test_service_and_load_as_names_are_not_refused() -> None:
    """Only the keywords are refused: variables and prefixed names called service/load are fine."""
    kg = gg.GovGraph()
    kg.add((URIRef(EX + "desk"), URIRef(EX + "self-service"), URIRef("http://schema.org/Service")))
    rows = kg.query(
        "PREFIX ex: <https://example.org/> PREFIX schema: <http://schema.org/>\n"
        "SELECT ?service ?load WHERE { ?service ex:self-service ?load . ?service ?p schema:Service }"
    )
    assert rows.values("service") == [URIRef(EX + "desk")]
    kg.update("PREFIX load: <https://example.org/> DELETE WHERE { ?s load:self-service ?o }")
    assert len(kg) == 0


_QUERY_STARTS = ["SELECT * WHERE {", "ASK {", "SELECT ?s {", "CONSTRUCT { ?s ?p ?o } WHERE {"]
_GLUE = ["", " ", "\n", "\t", " . ", "?s ?p ?o .", "# SERVICE in a comment\n", "{ } ", "OPTIONAL {"]
_KEYWORDS = ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "service\nsilent"]


@pytest.fixture(scope="module")
def shared_server() -> Iterator[Recorder]:
    """One loopback server for the property tests (starting one per example is slow)."""
    with loopback_server(EMPTY_RESULTS, SPARQL_JSON) as server:
        yield server


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    start=st.sampled_from(_QUERY_STARTS),
    before=st.sampled_from(_GLUE),
    keyword=st.sampled_from(_KEYWORDS),
    after=st.sampled_from(["", " ", "\n", "\t"]),
    pattern=st.sampled_from(["{ ?s ?p ?o }", "{}", "{ ?x ?y ?z } ?s ?p ?o ."]),
)
def test_no_spelling_of_service_reaches_the_network(
    shared_server: Recorder, start: str, before: str, keyword: str, after: str, pattern: str
) -> None:
    """Whatever the spacing, case and surroundings, the default run never contacts the server."""
    shared_server.requests.clear()
    text = f"{start}{before}{keyword}{after}<{shared_server.url('/sparql')}>{pattern}"
    text += "}" * (1 + text.count("OPTIONAL {"))
    kg = gg.GovGraph()
    with contextlib.suppress(gg.QueryError):  # refused, or not valid SPARQL
        kg.query(text)
    assert shared_server.requests == []
    with contextlib.suppress(gg.QueryError):
        kg.query(text, allow_network=True)
    event("valid: reaches the server when allowed" if shared_server.requests else "invalid SPARQL")


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    before=st.sampled_from(["", "INSERT DATA { <https://e/a> <https://e/b> 1 } ;", "# c\n", "\n"]),
    keyword=st.sampled_from(["LOAD", "load", "LoAd", "LOAD SILENT"]),
    after=st.sampled_from(["", " ", "\n"]),
    into=st.sampled_from(["", " INTO GRAPH <https://e/g>"]),
)
def test_no_spelling_of_load_reaches_the_network(
    shared_server: Recorder, before: str, keyword: str, after: str, into: str
) -> None:
    shared_server.requests.clear()
    text = f"{before}{keyword}{after}<{shared_server.url('/data.ttl')}>{into}"
    kg = gg.GovGraph()
    with contextlib.suppress(gg.QueryError):
        kg.update(text)
    assert shared_server.requests == []


def test_allow_network_really_reaches_the_server() -> None:
    """The switch works: with allow_network=True, SERVICE and LOAD do contact the server."""
    with loopback_server(EMPTY_RESULTS, SPARQL_JSON) as sparql:
        kg = gg.GovGraph()
        result = kg.query(
            f"SELECT ?s WHERE {{ SERVICE <{sparql.url('/sparql')}> {{ ?s ?p ?o }} }}",
            allow_network=True,
        )
        assert result.rows == ()
        assert sparql.requests == ["POST /sparql"]
        trusting = gg.GovGraph(allow_network=True)
        trusting.query(f"SELECT ?s WHERE {{ SERVICE <{sparql.url('/again')}> {{ ?s ?p ?o }} }}")
        assert sparql.requests[-1] == "POST /again"
    with loopback_server(REMOTE_TRIPLE, TURTLE) as data:
        kg = gg.GovGraph()
        kg.update(f"LOAD <{data.url('/data.ttl')}>", allow_network=True)
        assert data.requests == ["GET /data.ttl"]
        assert len(kg) == 1


def test_cli_query_refuses_service_unless_allow_network(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(SMALL, encoding="utf-8")
    with loopback_server(EMPTY_RESULTS, SPARQL_JSON) as server:
        text = f"SELECT ?s WHERE {{ SERVICE <{server.url('/sparql')}> {{ ?s ?p ?o }} }}"
        assert cli("query", str(data), text) == 2
        err = capsys.readouterr().err
        assert "SERVICE" in err and "--allow-network" in err
        assert "Traceback" not in err
        assert server.requests == []
        assert cli("query", str(data), text, "--allow-network", "--format", "json") == 0
        assert server.requests == ["POST /sparql"]


def test_cli_query_on_a_store_refuses_service(
    tmp_path: Path, remote: Recorder, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(SMALL, encoding="utf-8")
    store = tmp_path / "store"
    assert cli("load", str(data), "--store", str(store)) == 0
    code = cli(
        "query",
        "--store",
        str(store),
        f"SELECT * {{ SERVICE <{remote.url('/s')}> {{ ?s ?p ?o }} }}",
    )
    assert code == 2
    assert "--allow-network" in capsys.readouterr().err
    assert remote.requests == []


def test_endpoint_store_refuses_service_before_sending_anything(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """On a remote endpoint, SERVICE would make the endpoint contact other servers."""
    with (
        loopback_server(EMPTY_RESULTS, SPARQL_JSON) as endpoint,
        loopback_server(EMPTY_RESULTS, SPARQL_JSON) as elsewhere,
    ):
        kg = gg.GovGraph.connect(endpoint.url("/sparql"))
        text = f"SELECT ?s WHERE {{ SERVICE <{elsewhere.url('/sparql')}> {{ ?s ?p ?o }} }}"
        with pytest.raises(gg.UnsafeQueryError):
            kg.query(text)
        with pytest.raises(gg.UnsafeQueryError):
            kg.update(f"LOAD <{elsewhere.url('/data.ttl')}>")
        assert cli("query", "--endpoint", endpoint.url("/sparql"), text) == 2
        assert "--allow-network" in capsys.readouterr().err
        assert endpoint.requests == [] and elsewhere.requests == []
        kg.query(text, allow_network=True)  # the user asked: the query goes to the endpoint
        assert len(endpoint.requests) == 1 and elsewhere.requests == []


@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
@pytest.mark.slow  # over 2 s on a loaded machine
def test_server_refuses_service_unless_allow_network() -> None:
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from govgraph.server import create_app

    kg = gg.GovGraph()
    kg.load(SMALL)
    with loopback_server(EMPTY_RESULTS, SPARQL_JSON) as server:
        text = f"SELECT ?s WHERE {{ SERVICE <{server.url('/sparql')}> {{ ?s ?p ?o }} }}"
        with TestClient(create_app(kg.store), base_url="http://127.0.0.1") as client:
            refused = client.get("/sparql", params={"query": text})
            assert refused.status_code == 403
            assert "SERVICE" in refused.text
            update = client.post(
                "/sparql",
                content=f"LOAD <{server.url('/x.ttl')}>",
                headers={"Content-Type": "application/sparql-update"},
            )
            assert update.status_code in (400, 403, 415)
        assert server.requests == []
        with TestClient(
            create_app(kg.store, allow_network=True), base_url="http://127.0.0.1"
        ) as client:
            allowed = client.get(
                "/sparql",
                params={"query": text},
                headers={"Accept": "application/sparql-results+json"},
            )
            assert allowed.status_code == 200, allowed.text
        assert server.requests == ["POST /sparql"]


@pytest.mark.slow
def test_reasoning_does_not_follow_owl_imports(remote: Recorder) -> None:
    """owlready2 follows owl:imports when loading; govgraph strips them before."""
    import io
    import shutil

    import owlready2

    from govgraph.reasoning._owl import reasoning_input

    kg = gg.GovGraph()
    kg.load(with_imports(remote.url("/ontology.owl")))
    # The trap is real: owlready2 on its own fetches the import while loading.
    control = owlready2.World()
    try:
        raw = kg.to_rdflib().serialize(format="nt", encoding="utf-8")
        with contextlib.suppress(Exception):
            control.get_ontology(EX + "data").load(fileobj=io.BytesIO(raw), format="ntriples")
    finally:
        control.close()
    assert remote.requests == ["GET /ontology.owl"]
    remote.requests.clear()
    merged = reasoning_input(kg.to_rdflib())
    assert not list(merged.triples((None, URIRef("http://www.w3.org/2002/07/owl#imports"), None)))
    kg.materialize("rdfs")
    if shutil.which("java") is None:
        pytest.skip("Java is needed for the reasoner")
    result = kg.reason(timeout=120)
    assert result.consistent
    assert remote.requests == []


@pytest.mark.slow
def test_imports_exports_and_report_make_no_request(tmp_path: Path, remote: Recorder) -> None:
    # A spreadsheet whose cells are URLs on the server: they are written as IRIs, never fetched.
    sheet = tmp_path / "organisations.csv"
    sheet.write_text(
        "id,name,type,level,homepage,iri\n"
        f"dg1,DG One,administration,eu,{remote.url('/home')},{remote.url('/dg1')}\n",
        encoding="utf-8",
    )
    imported = gg.io.import_spreadsheet(sheet, kind="organisations")
    assert (URIRef(remote.url("/dg1")), None, None) in imported.graph
    cofog = tmp_path / "cofog.ttl"
    cofog.write_text(with_imports(remote.url("/cofog-imports.ttl")), encoding="utf-8")
    gg.io.import_cofog(cofog)  # read with rdflib's Turtle parser: imports are not followed

    kg = gg.GovGraph()
    kg.load(with_imports(remote.url("/ontology.ttl")))
    kg.add(imported.graph)
    # Download and access URLs on the server: the quality score is computed offline.
    options = {**EXPORT_OPTIONS, "base_url": remote.url("/published/")}
    result = kg.export_dcat_ap(tmp_path / "dcat", **options)
    catalog = result.catalog[0].path
    assert remote.url("/published/") in Path(catalog).read_text(encoding="utf-8")
    check = validate_dcat(catalog)
    assert check.reports
    assert quality(catalog).to_dict()
    assert cli("quality", str(catalog)) == 0
    # A catalogue that imports a remote ontology or uses a remote JSON-LD context.
    imported_catalog = tmp_path / "imports-catalog.ttl"
    imported_catalog.write_text(
        Path(catalog).read_text(encoding="utf-8")
        + f"\n<{EX}cat-onto> a <http://www.w3.org/2002/07/owl#Ontology> ; "
        f"<http://www.w3.org/2002/07/owl#imports> <{remote.url('/dcat-imports.ttl')}> .\n",
        encoding="utf-8",
    )
    validate_dcat(imported_catalog)
    context_catalog = tmp_path / "context-catalog.jsonld"
    context_catalog.write_text(
        json.dumps({"@context": remote.url("/dcat-context.jsonld"), "@id": EX + "cat"}),
        encoding="utf-8",
    )
    with pytest.raises(gg.ParseError, match="remote context"):
        validate_dcat(context_catalog)
    assert cli("validate-dcat", str(context_catalog)) == 2
    pytest.importorskip("jinja2")
    kg.report(tmp_path / "report.html")
    assert remote.requests == []


# ======================================================================== 2. resource bombs
LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY lol0 "lol">{LAUGHS}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
<rdf:Description rdf:about="http://e/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>
"""


@pytest.mark.slow
def test_billion_laughs_cli_exits_2_quickly(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    start = time.monotonic()
    proc = run_cli("load", str(bomb), "--store", str(tmp_path / "store"), timeout=60)
    elapsed = time.monotonic() - start
    assert proc.returncode == 2, proc.stderr
    assert elapsed < 30  # generous: a loaded 2-core machine
    assert "bomb.rdf" in proc.stderr and "expands to more than" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1  # one readable line
    start = time.monotonic()
    assert cli("validate", str(bomb)) == 2
    assert cli("query", str(bomb), "ASK { ?s ?p ?o }") == 2
    assert time.monotonic() - start < 30


DEPTH = 100_000


def _nested(fmt: str) -> bytes:
    """A document nesting DEPTH levels deep in the syntax's own way."""
    if fmt == "turtle":
        return (
            b"@prefix ex: <http://e/> . ex:a ex:p "
            + b"[ ex:p " * DEPTH
            + b"ex:b"
            + b" ]" * DEPTH
            + b" ."
        )
    if fmt == "turtle-list":
        return (
            b"@prefix ex: <http://e/> . ex:a ex:p "
            + b"( " * DEPTH
            + b"ex:b"
            + b" )" * DEPTH
            + b" ."
        )
    if fmt == "trig":
        return (
            b"@prefix ex: <http://e/> . ex:g { ex:a ex:p "
            + b"[ ex:p " * DEPTH
            + b"ex:b"
            + b" ]" * DEPTH
            + b" . }"
        )
    if fmt == "json-ld":
        return (
            b'{"@id": "http://e/a", "http://e/p": '
            + b'{"http://e/p": ' * DEPTH
            + b'"x"'
            + b"}" * (DEPTH + 1)
        )
    if fmt == "json-ld-arrays":
        return b'{"@id": "http://e/a", "http://e/p": ' + b"[" * DEPTH + b'"x"' + b"]" * DEPTH + b"}"
    if fmt == "xml":
        return (
            b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            b'xmlns:ex="http://e/"><rdf:Description rdf:about="http://e/a">'
            + b"<ex:p><rdf:Description>" * DEPTH
            + b"<ex:q>x</ex:q>"
            + b"</rdf:Description></ex:p>" * DEPTH
            + b"</rdf:Description></rdf:RDF>"
        )
    raise AssertionError(fmt)


_SYNTAX = {"turtle-list": "turtle", "json-ld-arrays": "json-ld"}
_SUFFIX = {"turtle": ".ttl", "trig": ".trig", "json-ld": ".jsonld", "xml": ".rdf"}


@pytest.mark.slow
@pytest.mark.parametrize(
    "fmt", ["turtle", "turtle-list", "trig", "json-ld", "json-ld-arrays", "xml"]
)
def test_deeply_nested_documents_are_read_or_refused_quickly(fmt: str, tmp_path: Path) -> None:
    syntax = _SYNTAX.get(fmt, fmt)
    path = tmp_path / f"deep{_SUFFIX[syntax]}"
    path.write_bytes(_nested(fmt))
    kg = gg.GovGraph()
    start = time.monotonic()
    try:
        kg.load(path)
    except gg.ParseError as exc:
        assert str(path) in str(exc)
        assert len(kg) == 0
    else:
        assert len(kg) >= DEPTH
    assert time.monotonic() - start < 30


@pytest.mark.parametrize(
    ("syntax", "document"),
    [
        ("nt", b'<http://e/a> <http://e/p> "' + b"x" * 20_000_000 + b'" .\n'),
        ("ttl", b'<http://e/a> <http://e/p> """' + b"x" * 20_000_000 + b'""" .\n'),
        ("trig", b'<http://e/g> { <http://e/a> <http://e/p> "' + b"x" * 20_000_000 + b'" }\n'),
        pytest.param(
            "jsonld",
            b'{"@id": "http://e/a", "http://e/p": "' + b"x" * 20_000_000 + b'"}',
            marks=pytest.mark.slow,  # about 5 s on a loaded machine
        ),
        (
            "rdf",
            b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            b' xmlns:ex="http://e/"><rdf:Description rdf:about="http://e/a"><ex:p>'
            + b"x" * 20_000_000
            + b"</ex:p></rdf:Description></rdf:RDF>",
        ),
        ("nt", b"<http://e/" + b"a" * 20_000_000 + b'> <http://e/p> "x" .\n'),
    ],
)
def test_huge_literals_and_iris_are_a_clear_error(
    syntax: str, document: bytes, tmp_path: Path
) -> None:
    path = tmp_path / f"huge.{syntax}"
    path.write_bytes(document)
    kg = gg.GovGraph()
    start = time.monotonic()
    with pytest.raises(gg.ParseError, match="too large") as info:
        kg.load(path)
    assert str(path) in str(info.value)
    assert time.monotonic() - start < 30
    assert len(kg) == 0


_RSS_PROBE = """
import resource, sys, time
import govgraph as gg
from govgraph.io import import_pstw, import_spreadsheet
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
try:
    if sys.argv[2] == "pstw":
        import_pstw(sys.argv[1])
    else:
        import_spreadsheet(sys.argv[1], kind="organisations")
    outcome = "imported"
except gg.GovGraphError as exc:
    outcome = str(exc)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"{(after - before) / 1024:.1f}\\t{time.monotonic() - start:.2f}\\t{outcome}")
"""


@pytest.fixture(scope="module")
def csv_bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("csv-bombs")
    wide = folder / "million-columns.csv"
    with wide.open("w", encoding="utf-8") as fh:
        fh.write("PSTW ID,Name,Responsible organisation,id,name,type,")
        fh.write(",".join(f"c{i}" for i in range(1_000_000)))
        fh.write("\nP1,Case,Org,a,b,administration\n")
    wide_row = folder / "million-cells-in-a-row.csv"
    with wide_row.open("w", encoding="utf-8") as fh:
        fh.write("PSTW ID,Name,Responsible organisation,id,name,type\nP1,Case,Org,a,b,unit,")
        fh.write(",".join("x" for _ in range(1_000_000)) + "\n")
    commas = folder / "million-empty-columns.csv"
    with commas.open("w", encoding="utf-8") as fh:
        fh.write("PSTW ID,Name,Responsible organisation,id,name,type\nP1,Case,Org,a,b,unit")
        fh.write("," * 1_000_000 + "\n")
    giant = folder / "giant-cell.csv"
    with giant.open("w", encoding="utf-8") as fh:
        fh.write("PSTW ID,Name,Responsible organisation,id,name,type\n")
        fh.write('P1,"' + "x" * 64_000_000 + '",Org,a,b,administration\n')
    return {"columns": wide, "row": wide_row, "commas": commas, "cell": giant}


@pytest.mark.slow
@pytest.mark.parametrize("importer", ["spreadsheet", "pstw"])
@pytest.mark.parametrize("bomb", ["columns", "row", "commas", "cell"])
def test_csv_bombs_stop_quickly_in_bounded_memory(
    importer: str, bomb: str, csv_bombs: dict[str, Path]
) -> None:
    path = csv_bombs[bomb]
    proc = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, str(path), importer],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    grown_mb, seconds, outcome = proc.stdout.strip().split("\t", 2)
    assert str(path) in outcome and "cannot read the spreadsheet" in outcome
    assert "columns" in outcome or "larger than" in outcome
    assert float(seconds) < 30
    # The files are 7 to 64 MB: they are streamed and refused, never read whole into memory.
    assert float(grown_mb) < 50, f"peak RSS grew by {grown_mb} MB"


@pytest.mark.slow
def test_csv_bomb_cli_exit_2(csv_bombs: dict[str, Path], tmp_path: Path) -> None:
    out = tmp_path / "out.ttl"
    for bomb in ("columns", "cell"):
        proc = run_cli(
            "import", "csv", str(csv_bombs[bomb]), "--kind", "organisations", "-o", str(out)
        )
        assert proc.returncode == 2, proc.stderr
        assert "cannot read the spreadsheet" in proc.stderr
        assert "Traceback" not in proc.stderr
        proc = run_cli("import", "pstw", str(csv_bombs[bomb]), "-o", str(out))
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
    assert not out.exists()


CRASHING_QUERIES = {
    # Each of these overflowed Oxigraph's stack and killed the Python process (SIGSEGV).
    "nested groups": "SELECT * WHERE " + "{" * 20_000 + "}" * 20_000,
    "nested brackets": "SELECT * WHERE { FILTER(" + "(" * 20_000 + "1" + ")" * 20_000 + ") }",
    "operator chain": "SELECT * WHERE { BIND(" + "+".join(["1"] * 20_000) + " AS ?x) }",
    "union chain": "SELECT * WHERE { " + " UNION ".join(["{ }"] * 20_000) + " }",
    "path chain": "SELECT * WHERE { ?s " + "/".join(["<http://e/p>"] * 20_000) + " ?o }",
}


@pytest.mark.parametrize("name", sorted(CRASHING_QUERIES))
def test_queries_that_would_crash_the_engine_are_refused(name: str) -> None:
    kg = gg.GovGraph()
    kg.load(SMALL)
    start = time.monotonic()
    for allow in (False, True):
        with pytest.raises(gg.QueryError, match="crash the SPARQL engine"):
            kg.query(CRASHING_QUERIES[name], allow_network=allow)
    assert time.monotonic() - start < 30
    assert kg.query("ASK { ?s ?p ?o }").boolean is True


def test_large_but_flat_queries_are_not_refused() -> None:
    kg = gg.GovGraph()
    kg.load(SMALL)
    ids = " ".join(f"ex:PSTW-{i}-x" for i in range(5_000))
    typed = " ".join(f'"{i}"^^xsd:integer' for i in range(5_000))
    text = (
        "PREFIX ex: <https://example.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        f"SELECT ?s WHERE {{ VALUES ?s {{ ex:ec {ids} }} VALUES ?n {{ {typed} }} "
        "?s ?p ?o FILTER(?n - 1 < 0 && ?p != ex:none) }"
    )
    assert set(kg.query(text).values("s")) == {URIRef(EX + "ec")}


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")
def test_a_hostile_query_does_not_kill_the_server_or_the_cli(tmp_path: Path) -> None:
    pytest.importorskip("starlette")
    from starlette.testclient import TestClient

    from govgraph.server import create_app

    kg = gg.GovGraph()
    kg.load(SMALL)
    with TestClient(create_app(kg.store), base_url="http://127.0.0.1") as client:
        for text in CRASHING_QUERIES.values():
            answer = client.post(
                "/sparql", content=text, headers={"Content-Type": "application/sparql-query"}
            )
            assert answer.status_code == 400
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200
    data = tmp_path / "data.ttl"
    data.write_text(SMALL, encoding="utf-8")
    query = tmp_path / "nested.rq"
    query.write_text(CRASHING_QUERIES["nested groups"], encoding="utf-8")
    proc = run_cli("query", str(data), str(query))
    assert proc.returncode == 2, proc.stderr
    assert "nests brackets more than" in proc.stderr


# ==================================================================== 3. all-or-nothing loads
def test_cli_load_batch_with_one_bad_file_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.ttl"
    good.write_text(SMALL, encoding="utf-8")
    other = tmp_path / "other.ttl"
    other.write_text(f"<{EX}x> <{EX}p> <{EX}y> .\n", encoding="utf-8")
    bad = tmp_path / "bad.ttl"
    bad.write_text(f'<{EX}x> <{EX}p> <{EX}y> .\n<{EX}x> <{EX}p> "open .\n', encoding="utf-8")
    store = tmp_path / "store"
    assert cli("load", str(good), "--store", str(store)) == 0
    with gg.GovGraph(path=store) as kg:
        before = len(kg)
        snapshot = kg.serialize(format="ntriples")
    capsys.readouterr()
    assert cli("load", str(other), str(bad), "--store", str(store)) == 2
    err = capsys.readouterr().err
    assert "bad.ttl, line 2" in err and "Nothing was loaded" in err
    with gg.GovGraph(path=store) as kg:
        assert len(kg) == before
        assert kg.serialize(format="ntriples") == snapshot


_KILLED_LOAD = """
import sys
import govgraph as gg
from govgraph.store import OxigraphStore

original = OxigraphStore.add_stream

def announce(self, quads):
    print("WRITING", flush=True)  # the transaction starts: quads are parsed and written now
    return original(self, quads)

OxigraphStore.add_stream = announce
kg = gg.GovGraph(path=sys.argv[1])
kg.load(sys.argv[2])
kg.close()
print("DONE", flush=True)
"""


@pytest.mark.slow
def test_a_killed_load_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    triples = 300_000
    big = tmp_path / "big.nt"
    with big.open("w", encoding="utf-8") as fh:
        for i in range(triples):
            fh.write(f'<{EX}s{i}> <{EX}p{i % 7}> "value {i}" .\n')
    store = tmp_path / "store"
    with gg.GovGraph(path=store) as kg:
        kg.load(SMALL)
        before = len(kg)
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLED_LOAD, str(store), str(big)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "WRITING"
        time.sleep(0.1)  # well inside the write of 300,000 triples
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert proc.stdout.read() == ""  # killed before the load finished ("DONE" never printed)
    with gg.GovGraph(path=store) as kg:
        assert len(kg) == before
        assert kg.query(f"ASK {{ <{EX}s0> ?p ?o }}").boolean is False
        # the store still works after the crash
        kg.load(f"<{EX}s0> <{EX}p0> <{EX}o> .\n")
        assert len(kg) == before + 1


# ====================================================================== 4. safe parameters
HOSTILE_LABELS = [
    "DG \"Quotes\" 'too'",
    "Braces } . ?s ?p ?o { x",
    "Angle > and < brackets",
    "Line\nbreak and\ttab",
    "SELECT * WHERE { ?s ?p ?o } # DROP ALL ; SERVICE <http://127.0.0.1:9/>",
    "Back\\slash \\u0022 and \\n",
    '""" triple quotes """',
]
ODD_IRI = EX + "org/dg%20x;a=b,c'(1)!$&*+~@:"


def _hostile_graph() -> gg.GovGraph:
    kg = gg.GovGraph()
    lines = [PREFIXES, 'ex:ai a gg:Technology ; skos:prefLabel "AI"@en .']
    kg.load("\n".join(lines))
    for i, label in enumerate(HOSTILE_LABELS):
        actor = URIRef(f"{EX}actor{i}")
        kg.add(
            (
                actor,
                URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                URIRef(GG + "PublicAdministration"),
            )
        )
        kg.add((actor, SKOS.prefLabel, Literal(label, lang="en")))
        initiative = URIRef(f"{EX}initiative{i}")
        kg.add(
            (
                initiative,
                URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                URIRef(GG + "Initiative"),
            )
        )
        kg.add((initiative, URIRef(GG + "ledBy"), actor))
        kg.add((initiative, URIRef(GG + "usesTechnology"), URIRef(EX + "ai")))
    return kg


def test_hostile_labels_come_back_intact_from_synergies() -> None:
    kg = _hostile_graph()
    # every actor holds the one technology: only Jaccard pairs them (its rarity weight is 0)
    found = kg.synergies(by="technology", method="jaccard")
    n = len(HOSTILE_LABELS)
    assert len(found) == n * (n - 1) // 2  # every pair shares the technology
    labels = {label for s in found for label in (s.to_dict()["a_label"], s.to_dict()["b_label"])}
    assert labels == set(HOSTILE_LABELS)


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_binding_hostile_labels_matches_exactly_one_node(label: str) -> None:
    kg = _hostile_graph()
    rows = kg.query(
        "SELECT ?actor WHERE { ?actor <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }",
        bindings={"label": Literal(label, lang="en")},
    )
    assert rows.values("actor") == [URIRef(f"{EX}actor{HOSTILE_LABELS.index(label)}")]


def test_skill_gaps_with_hostile_and_odd_actor_iris() -> None:
    kg = gg.GovGraph()
    kg.load(
        PREFIXES
        + f"""
<{ODD_IRI}> a gg:PublicAdministration ; skos:prefLabel "Odd"@en .
ex:ai a gg:Technology ; gg:requiresSkill ex:python .
ex:python a gg:Skill ; skos:prefLabel "Python"@en .
ex:i a gg:Initiative ; gg:ledBy <{ODD_IRI}> ; gg:usesTechnology ex:ai .
ex:k a gg:Competency ; gg:heldBy <{ODD_IRI}> ; gg:skill ex:sql ; gg:proficiencyLevel 1 .
"""
    )
    gaps = kg.skill_gaps(actor=ODD_IRI)  # it has a skills inventory (sql), so gaps count
    assert [(g.administration, g.skill) for g in gaps] == [(ODD_IRI, EX + "python")]
    for hostile in (EX + "a> } UNION { ?s ?p ?o", 'x" ; DROP ALL', "not an iri", "<" + EX + "b>"):
        with pytest.raises(gg.QueryError, match="IRI"):
            kg.skill_gaps(actor=hostile)


def test_binding_an_odd_but_valid_iri_works_and_breakouts_are_refused() -> None:
    kg = gg.GovGraph()
    kg.add((URIRef(ODD_IRI), URIRef(EX + "p"), Literal("found")))
    kg.add((URIRef(EX + "other"), URIRef(EX + "p"), Literal("other")))
    rows = kg.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}", bindings={"s": URIRef(ODD_IRI)})
    assert rows.values("o") == [Literal("found")]
    for hostile in (EX + "a> } UNION { ?s ?p ?o", EX + "a\n", EX + 'a"b', EX + "{x}"):
        with pytest.raises(gg.QueryError, match="percent-encode"):
            kg.query(f"SELECT ?o WHERE {{ ?s <{EX}p> ?o }}", bindings={"s": URIRef(hostile)})
    with pytest.raises(gg.QueryError, match="invalid variable name"):
        kg.query("SELECT ?o WHERE { ?s ?p ?o }", bindings={"s) } ; DROP ALL #": URIRef(EX + "a")})


def test_compiled_shapes_with_hostile_values_agree_with_pyshacl(tmp_path: Path) -> None:
    """The SPARQL validation engine writes shape values into queries: they must stay values."""
    values = ['quote " here', "brace } here", "line\nbreak", "SERVICE <http://127.0.0.1:9/>"]
    shapes = tmp_path / "hostile-shapes.ttl"
    listed = " ".join(json.dumps(v) for v in values)
    shapes.write_text(
        PREFIXES
        + f"""@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:Coded a sh:NodeShape ; sh:targetClass gg:Initiative ;
  sh:property [ sh:path ex:code ; sh:in ( {listed} ) ; sh:message "code \\"}} not allowed" ] ;
  sh:property [ sh:path ex:kind ; sh:hasValue "x\\" }} ?s ?p ?o {{" ] .
""",
        encoding="utf-8",
    )
    kg = gg.GovGraph()
    kg.load(SMALL)
    for i, value in enumerate([*values, "other"]):
        node = URIRef(f"{EX}init{i}")
        kg.add(
            (
                node,
                URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                URIRef(GG + "Initiative"),
            )
        )
        kg.add((node, URIRef(EX + "code"), Literal(value)))
        kg.add((node, URIRef(EX + "kind"), Literal('x" } ?s ?p ?o {' if i % 2 else "y")))
    fast = kg.validate(shapes=[shapes], include_default_shapes=False, engine="sparql")
    reference = kg.validate(shapes=[shapes], include_default_shapes=False, engine="pyshacl")
    key = lambda r: (r.focus_node, r.path, r.value)  # noqa: E731
    assert sorted(map(key, fast.results)) == sorted(map(key, reference.results))
    failing = {r.focus_node for r in fast.results}
    # bot has neither code nor kind; init4 has a code outside the list; even ones lack the kind
    assert failing == {EX + "bot", EX + "init0", EX + "init2", EX + "init4"}


def test_report_escapes_hostile_labels(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    kg = _hostile_graph()
    kg.add((URIRef(EX + "actor0"), SKOS.altLabel, Literal("<script>alert(1)</script>")))
    kg.add((URIRef(EX + "x"), SKOS.prefLabel, Literal("<script>alert(1)</script>")))
    kg.add(
        (
            URIRef(EX + "x"),
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef(GG + "PublicAdministration"),
        )
    )
    kg.add((URIRef(EX + "ix"), URIRef(GG + "ledBy"), URIRef(EX + "x")))
    kg.add(
        (
            URIRef(EX + "ix"),
            URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef(GG + "Initiative"),
        )
    )
    kg.add((URIRef(EX + "ix"), URIRef(GG + "usesTechnology"), URIRef(EX + "ai")))
    # a rarer technology that x shares with actor 0 only, so that the pair makes the report
    # (one every actor holds weighs nothing)
    kg.add((URIRef(EX + "ix"), URIRef(GG + "usesTechnology"), URIRef(EX + "rare")))
    kg.add((URIRef(EX + "i0b"), URIRef(GG + "ledBy"), URIRef(EX + "actor0")))
    kg.add((URIRef(EX + "i0b"), URIRef(GG + "usesTechnology"), URIRef(EX + "rare")))
    html = kg.report(tmp_path / "r.html", validate=False).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_export_keeps_hostile_labels_as_literals(tmp_path: Path) -> None:
    kg = _hostile_graph()
    result = kg.export_dcat_ap(
        tmp_path / "out",
        **EXPORT_OPTIONS,
        title='Catalogue "quoted" } { <x>',
        extra_tables={"synergies": [s.to_dict() for s in kg.synergies()]},
    )
    catalog = Graph().parse(result.catalog[0].path, format="turtle")
    titles = {str(o) for o in catalog.objects(None, URIRef("http://purl.org/dc/terms/title"))}
    assert 'Catalogue "quoted" } { <x>' in titles
    graph_file = next(d.path for d in result.distributions if str(d.path).endswith(".ttl"))
    exported = Graph().parse(graph_file, format="turtle")
    assert {str(o) for o in exported.objects(None, SKOS.prefLabel)} >= set(HOSTILE_LABELS)


# ======================================================================== 6. export safety
def test_export_refuses_paths_outside_the_output_directory(tmp_path: Path) -> None:
    kg = gg.GovGraph()
    kg.load(SMALL)
    out = tmp_path / "out"
    for name in ("../../etc/x", "/etc/passwd", "..", "a/b", "x\x00y", ""):
        with pytest.raises(gg.ExportError):
            kg.export_dcat_ap(out, **EXPORT_OPTIONS, extra_tables={name: []})
    assert not (tmp_path / "etc").exists()
    assert not out.exists() or not any(out.rglob("*"))
    # A symbolic link planted in the output folder cannot redirect the writes either.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir(exist_ok=True)
    (out / "tables").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(gg.ExportError, match="leave"):
        kg.export_dcat_ap(out, **EXPORT_OPTIONS, extra_tables={"synergies": []})
    assert list(elsewhere.iterdir()) == []


def test_export_and_import_do_not_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "dcat"
    out.mkdir()
    catalog = out / "catalog.ttl"
    catalog.write_text("# keep me\n", encoding="utf-8")
    args = [
        "export",
        str(data),
        "--dcat-ap",
        str(out),
        "--base-url",
        "https://example.org/d/",
        "--publisher",
        PUBLISHER,
        "--publisher-name",
        "DIGIT",
        "--contact-email",
        "x@example.org",
    ]
    assert cli(*args) == 2
    assert "--force" in capsys.readouterr().err
    assert catalog.read_text(encoding="utf-8") == "# keep me\n"
    assert sorted(p.name for p in out.iterdir()) == ["catalog.ttl"]
    assert cli(*args, "--force") == 0
    assert catalog.read_text(encoding="utf-8") != "# keep me\n"
    assert not [p for p in out.rglob("*.tmp")]

    sheet = tmp_path / "orgs.csv"
    sheet.write_text("id,name,type,level\ndg1,DG One,administration,eu\n", encoding="utf-8")
    target = tmp_path / "import.ttl"
    target.write_text("# keep me too\n", encoding="utf-8")
    assert cli("import", "csv", str(sheet), "--kind", "organisations", "-o", str(target)) == 2
    assert target.read_text(encoding="utf-8") == "# keep me too\n"
    assert (
        cli("import", "csv", str(sheet), "--kind", "organisations", "-o", str(target), "--force")
        == 0
    )
    assert "dg1" in target.read_text(encoding="utf-8")


def test_report_does_not_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("jinja2")
    data = tmp_path / "data.ttl"
    data.write_text(SMALL, encoding="utf-8")
    page = tmp_path / "report.html"
    page.write_text("keep", encoding="utf-8")
    assert cli("report", str(data), "-o", str(page), "--no-validate") == 2
    assert "--force" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == "keep"
    assert cli("report", str(data), "-o", str(page), "--no-validate", "--force") == 0
    assert page.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_serialize_to_a_file_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kg = gg.GovGraph()
    kg.load(SMALL)
    target = tmp_path / "graph.ttl"
    target.write_text("# the previous version\n", encoding="utf-8")

    def disk_full(fd: int) -> None:  # the data was written, the flush to disk fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(gg.ExportError, match=r"graph\.ttl.*No space"):
        kg.serialize(target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "# the previous version\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
    kg.serialize(target)
    assert len(Graph().parse(target, format="turtle")) == len(kg)
