"""Safe parsing: hostile RDF never reads files, contacts servers or explodes (issue 8).

Also the streamed, all-or-nothing loading of several sources (issue 6).
"""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

import govgraph as gg
from govgraph.io import QuadStream, parse_source
from loopback import loopback_server

LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY lol0 "lol">{LAUGHS}]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
<rdf:Description rdf:about="http://e/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>
"""


def xxe(system_id: str) -> str:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "{system_id}">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://e/">
<rdf:Description rdf:about="http://e/a"><ex:p>&xxe;</ex:p></rdf:Description></rdf:RDF>
"""


def test_external_entity_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    data = tmp_path / "x.rdf"
    data.write_text(xxe(secret.as_uri()), encoding="utf-8")
    kg = gg.GovGraph()
    with pytest.raises(gg.ParseError, match="external or parameter entity") as info:
        kg.load(data)
    assert info.value.line == 2
    assert len(kg) == 0


def test_external_entity_url_is_not_fetched() -> None:
    with loopback_server(b"SECRET") as server, pytest.raises(gg.ParseError):
        parse_source(xxe(server.url("/entity")).encode(), format="xml")
    assert server.requests == []


def test_billion_laughs_fails_fast() -> None:
    start = time.monotonic()
    with pytest.raises(gg.ParseError, match="expands to more than"):
        parse_source(BILLION_LAUGHS.encode(), format="xml")
    assert time.monotonic() - start < 30  # generous for a loaded 2-core machine


def test_internal_entities_for_namespaces_still_work() -> None:
    owl = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [<!ENTITY owl "http://www.w3.org/2002/07/owl#">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="&owl;Thing"><rdf:type rdf:resource="&owl;Class"/></rdf:Description>
</rdf:RDF>"""
    parsed = parse_source(owl, format="xml")
    assert [q.subject.value for q in parsed.quads] == ["http://www.w3.org/2002/07/owl#Thing"]


def test_deep_xml_nesting_is_refused_quickly() -> None:
    depth = 50_000
    data = (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns:ex="http://e/"><rdf:Description rdf:about="http://e/a">'
        + b"<ex:p><rdf:Description>" * depth
        + b"<ex:q>x</ex:q>"
        + b"</rdf:Description></ex:p>" * depth
        + b"</rdf:Description></rdf:RDF>"
    )
    start = time.monotonic()
    with pytest.raises(gg.ParseError, match="nest deeper"):
        parse_source(data, format="xml")
    assert time.monotonic() - start < 30  # generous for a loaded 2-core machine


def test_remote_jsonld_context_is_not_fetched() -> None:
    with loopback_server(b'{"@context": {"name": "http://schema.org/name"}}') as server:
        doc = f'{{"@context": "{server.url("/ctx.jsonld")}", "@id": "http://e/a", "name": "x"}}'
        with pytest.raises(gg.ParseError, match="remote context"):
            parse_source(doc.encode(), format="json-ld")
    assert server.requests == []


def test_owl_imports_are_not_followed() -> None:
    with loopback_server(b"<http://e/x> <http://e/y> <http://e/z> .", "text/turtle") as server:
        kg = gg.GovGraph()
        kg.load(
            f"<http://e/onto> a <http://www.w3.org/2002/07/owl#Ontology> ;\n"
            f"  <http://www.w3.org/2002/07/owl#imports> <{server.url('/imported.ttl')}> .\n"
        )
        kg.validate()
        assert len(kg) == 2
    assert server.requests == []


def test_huge_literal_is_a_clear_error() -> None:
    data = b'<http://e/a> <http://e/p> "' + b"x" * 20_000_000 + b'" .\n'
    with pytest.raises(gg.ParseError, match="too large"):
        parse_source(data, format="nt")


@pytest.mark.slow
def test_deeply_nested_turtle_is_read_linearly() -> None:
    depth = 100_000
    data = (
        b"@prefix ex: <http://e/> . ex:a ex:p "
        + b"[ ex:p " * depth
        + b"ex:b"
        + b" ]" * depth
        + b" ."
    )
    start = time.monotonic()
    parsed = parse_source(data, format="turtle")
    assert len(parsed.quads) == depth + 1
    assert time.monotonic() - start < 30  # generous for a loaded 2-core machine


# ------------------------------------------------------------- streamed loading (issue 6)
def test_quad_stream_counts_each_source_and_drops_graph_names(tmp_path: Path) -> None:
    trig = tmp_path / "named.trig"
    trig.write_text(
        "<https://example.org/g> { <https://example.org/a> <https://example.org/p> 1 . }\n"
        "<https://example.org/b> <https://example.org/p> 2 .\n",
        encoding="utf-8",
    )
    graph = rdflib.Graph()
    graph.add((rdflib.URIRef("https://example.org/c"), rdflib.RDF.type, rdflib.OWL.Thing))
    seen: list[tuple[str, int]] = []
    stream = QuadStream([trig, graph], on_source=lambda name, n: seen.append((name, n)))
    quads = list(stream)
    assert stream.counts == seen == [(str(trig), 2), ("<rdflib.Graph>", 1)]
    assert stream.triples == 3 and len(stream) == 2
    assert all(q.graph_name == ox.DefaultGraph() for q in quads)
    kg = gg.GovGraph()
    assert kg.load(trig, graph) == 3
    assert kg.query("ASK { <https://example.org/a> ?p 1 }").boolean is True


@pytest.mark.parametrize("where", ["memory", "disk"])
def test_streamed_load_is_all_or_nothing_whatever_source_fails(where: str, tmp_path: Path) -> None:
    good = tmp_path / "good.nt"
    good.write_text(
        "".join(
            f'<https://example.org/s{i}> <https://example.org/p> "{i}" .\n' for i in range(5000)
        ),
        encoding="utf-8",
    )
    kg = gg.GovGraph(path=tmp_path / "db" if where == "disk" else None)
    kg.load('<https://example.org/before> <https://example.org/p> "0" .\n', format="ntriples")
    # a missing file after a good one: found while the first one is already being inserted
    with pytest.raises(gg.ParseError, match=r"missing\.ttl: cannot read RDF: no such file"):
        kg.load(good, tmp_path / "missing.ttl")
    # a syntax error deep in the second source
    broken = tmp_path / "broken.nt"
    broken.write_text(good.read_text(encoding="utf-8") + "<https://example.org/x> <p\n", "utf-8")
    with pytest.raises(gg.ParseError) as info:
        kg.load(good, broken)
    assert info.value.source == str(broken) and info.value.line == 5001
    assert len(kg) == 1
    assert kg.load(good) == 5000 and len(kg) == 5001
    kg.close()
