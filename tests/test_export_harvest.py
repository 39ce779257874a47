"""Exports a harvester can read: file modes, byte-identical output, the prefixes declared."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDFS

import govgraph as gg
from test_export_dcat import DIGIT, EX, GG, ISSUED, MODIFIED, graph_full

OPTIONS: dict[str, object] = {
    "base_url": "https://data.example.org/govgraph/",
    "publisher": DIGIT,
    "publisher_name": "DIGIT",
    "contact_email": "digit@example.org",
    "issued": ISSUED,
    "modified": MODIFIED,
    "sparql_endpoint": "https://data.example.org/sparql",
}
RDF_FILES = (
    "graph.ttl",
    "graph.jsonld",
    "graph.rdf",
    "graph.nt",
    "catalog.ttl",
    "catalog.jsonld",
    "catalog.rdf",
    "catalog-dcat-ap-2.1.1.ttl",
)


def _graph_with_blank_nodes() -> Graph:
    g = graph_full()
    for i in range(3):
        node = BNode()
        g.add((EX.i1, GG.hasChallenge, node))
        g.add((node, RDFS.label, Literal(f"challenge {i}", lang="en")))
    return g


def _export(triples: list, out: Path) -> gg.export.ExportResult:
    kg = gg.GovGraph()
    g = Graph()
    for t in triples:
        g.add(t)
    kg.add(g)
    return kg.export_dcat_ap(out, extra_tables={"t": [{"x": 1}]}, **OPTIONS)


def test_files_are_world_readable_under_umask_022(tmp_path):
    old = os.umask(0o022)
    try:
        result = _export(list(graph_full()), tmp_path / "out")
    finally:
        os.umask(old)
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(files) == len(RDF_FILES) + 1
    assert {oct(p.stat().st_mode & 0o777) for p in files} == {"0o644"}
    assert result.catalog[0].path.stat().st_mode & 0o777 == 0o644


def test_files_follow_a_stricter_umask(tmp_path):
    old = os.umask(0o077)
    try:
        _export(list(graph_full()), tmp_path / "out")
    finally:
        os.umask(old)
    modes = {p.stat().st_mode & 0o777 for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert modes == {0o600}


def test_two_exports_of_the_same_data_are_byte_identical(tmp_path):
    """Insertion order and blank-node labels differ between the two loads; the bytes do not."""
    triples = sorted(_graph_with_blank_nodes(), key=str)
    first = _export(triples, tmp_path / "a")
    # the same graph again, with fresh blank nodes, added in the reverse order
    again = Graph().parse(tmp_path / "a" / "graph.nt", format="nt")  # fresh blank nodes
    _export(list(reversed(sorted(again, key=str))), tmp_path / "b")
    assert isomorphic(Graph().parse(first.out_dir / "graph.nt"), _graph_with_blank_nodes())
    for name in (*RDF_FILES, "tables/t.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


@pytest.mark.slow  # over 2 s on a loaded machine
def test_exports_in_two_processes_are_byte_identical(tmp_path):
    """Different hash seeds: no output may depend on the iteration order of a set or dict."""
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "import test_export_harvest as t;"
        "t._export(list(t._graph_with_blank_nodes()), t.Path(sys.argv[1]))"
    )
    here = str(Path(__file__).parent)
    for seed, out in (("1", "a"), ("2", "b")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / out), here], env=env, check=True
        )
    for name in RDF_FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def _declared_and_used(data: str, name: str) -> tuple[set[str], set[str]]:
    if name.endswith(".jsonld"):
        document = json.loads(data)
        declared = set(document.get("@context", {}))
        text = json.dumps({k: v for k, v in document.items() if k != "@context"})
        used = {p for p in declared if re.search(rf'"{re.escape(p)}:', text)}
        return declared, used
    if name.endswith(".rdf"):
        declared = set(re.findall(r'xmlns:([\w.-]+)="', data))
        body = re.sub(r'xmlns:[\w.-]+="[^"]*"', "", data)
        used = {p for p in declared if re.search(rf"[<\s/]{re.escape(p)}:", body)}
        return declared, used
    declared = set(re.findall(r"^@prefix ([\w.-]*):", data, flags=re.MULTILINE))
    body = "\n".join(line for line in data.splitlines() if not line.startswith("@prefix"))
    used = {p for p in declared if re.search(rf"(?<![\w.:-]){re.escape(p)}:", body)}
    return declared, used


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("harvest") / "out"
    _export(list(_graph_with_blank_nodes()), out)
    return out


@pytest.mark.parametrize("name", [n for n in RDF_FILES if not n.endswith(".nt")])
def test_only_the_prefixes_used_are_declared(export, name):
    declared, used = _declared_and_used((export / name).read_text(encoding="utf-8"), name)
    assert declared, name
    assert declared == used, f"{name}: unused prefixes {sorted(declared - used)}"


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld", "graph.rdf"])
def test_the_govgraph_namespace_is_gg(export, name):
    data = (export / name).read_text(encoding="utf-8")
    declared, _ = _declared_and_used(data, name)
    assert "gg" in declared
    assert not re.search(r"\bns\d+:", data)
    assert "gg:Initiative" in data or '"gg:Initiative"' in data


def test_the_json_ld_context_holds_only_the_catalogue_prefixes(export):
    document = json.loads((export / "catalog.jsonld").read_text(encoding="utf-8"))
    context = document["@context"]
    assert (
        {"dcat", "dct", "foaf", "vcard"}
        <= set(context)
        <= {
            "adms",
            "dcat",
            "dcatap",
            "dct",
            "foaf",
            "geo",
            "locn",
            "owl",
            "rdf",
            "rdfs",
            "skos",
            "spdx",
            "vcard",
            "xsd",
        }
    )
    assert "brick" not in context and "schema" not in context


@pytest.mark.parametrize("name", RDF_FILES)
def test_every_serialisation_reads_back_as_the_same_graph(export, name):
    fmt = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}[name.rsplit(".", 1)[1]]
    graph = Graph().parse(export / name, format=fmt)
    if name.startswith("graph"):
        assert isomorphic(graph, _graph_with_blank_nodes())
    else:
        assert (None, None, URIRef("http://www.w3.org/ns/dcat#Catalog")) in graph
