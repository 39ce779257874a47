"""The W3C RDF 1.1 test suites (Turtle, TriG, N-Triples, N-Quads, RDF/XML) through GovGraph.load.

Every manifest entry runs on the memory and the disk store:

* positive syntax tests load without error, negative syntax tests raise ``ParseError`` and leave
  the store empty;
* evaluation tests load the input (with the suite's base IRI), serialize the store as N-Triples
  and compare it, as a graph (isomorphism, literals exactly as written), with the expected
  N-Triples / N-Quads. govgraph keeps data in one graph (graph names of TriG and N-Quads sources
  are dropped, as documented), so the expected quads are compared without their graph names.

The suites are vendored in ``tests/data/w3c/rdf`` (see its README and licence).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

import govgraph
from govgraph.io import ox_triples_to_graph
from govgraph.store import OxigraphStore

SUITES = Path(__file__).parent / "data" / "w3c" / "rdf"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
RDFT = "http://www.w3.org/ns/rdftest#"
FORMATS = {
    "rdf-turtle": "turtle",
    "rdf-trig": "trig",
    "rdf-n-triples": "ntriples",
    "rdf-n-quads": "nquads",
    "rdf-xml": "xml",
}


@dataclass(frozen=True)
class W3CTest:
    suite: str
    name: str
    kind: str  # "positive", "negative" or "eval"
    action: Path
    result: Path | None
    base: str

    @property
    def id(self) -> str:
        return f"{self.suite}/{self.name}"


def _tests() -> list[W3CTest]:
    found: list[W3CTest] = []
    for suite in sorted(FORMATS):
        directory = SUITES / suite
        manifest = Graph().parse(directory / "manifest.ttl", format="turtle")
        (root,) = manifest.subjects(RDF.type, URIRef(MF + "Manifest"))
        base = str(manifest.value(root, URIRef(MF + "assumedTestBase")))
        local = directory.resolve().as_uri() + "/"
        for entry in Collection(manifest, manifest.value(root, URIRef(MF + "entries"))):
            kind = str(manifest.value(entry, RDF.type)).removeprefix(RDFT)
            action = manifest.value(entry, URIRef(MF + "action"))
            result = manifest.value(entry, URIRef(MF + "result"))
            name = str(manifest.value(entry, URIRef(MF + "name")))
            rel = str(action).removeprefix(local)
            found.append(
                W3CTest(
                    suite=suite,
                    name=name,
                    kind="eval"
                    if kind.endswith("Eval")
                    else "negative"
                    if "Negative" in kind
                    else "positive",
                    action=directory / rel,
                    result=directory / str(result).removeprefix(local) if result else None,
                    base=base + rel,
                )
            )
    return found


TESTS = _tests()


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    store = OxigraphStore(tmp_path_factory.mktemp("w3c") / "store")
    yield store
    store.close()


@pytest.fixture(params=["memory", "disk"])
def kg(request: pytest.FixtureRequest, disk_store: OxigraphStore) -> govgraph.GovGraph:
    if request.param == "memory":
        return govgraph.GovGraph()
    disk_store.clear()
    return govgraph.GovGraph(store=disk_store)


def test_every_manifest_is_read() -> None:
    counts = {suite: sum(1 for t in TESTS if t.suite == suite) for suite in FORMATS}
    # the sizes of the RDF 1.1 suites: all entries of every manifest are run
    assert counts == {
        "rdf-n-quads": 87,
        "rdf-n-triples": 70,
        "rdf-trig": 356,
        "rdf-turtle": 313,
        "rdf-xml": 166,
    }
    assert all(t.action.is_file() for t in TESTS)
    assert all(t.result is not None and t.result.is_file() for t in TESTS if t.kind == "eval")


def _expected(test: W3CTest) -> Graph:
    assert test.result is not None
    fmt = ox.RdfFormat.N_QUADS if test.result.suffix == ".nq" else ox.RdfFormat.N_TRIPLES
    quads = ox.parse(path=test.result, format=fmt)
    return ox_triples_to_graph(quads)


@pytest.mark.parametrize("test", [t for t in TESTS if t.kind == "positive"], ids=lambda t: t.id)
def test_positive_syntax(test: W3CTest, kg: govgraph.GovGraph) -> None:
    kg.load(test.action, format=FORMATS[test.suite], base_iri=test.base)


@pytest.mark.parametrize("test", [t for t in TESTS if t.kind == "negative"], ids=lambda t: t.id)
def test_negative_syntax(test: W3CTest, kg: govgraph.GovGraph) -> None:
    with pytest.raises(govgraph.ParseError) as info:
        kg.load(test.action, format=FORMATS[test.suite], base_iri=test.base)
    assert str(test.action) in str(info.value)
    assert kg.store.count() == 0


@pytest.mark.parametrize("test", [t for t in TESTS if t.kind == "eval"], ids=lambda t: t.id)
def test_evaluation(test: W3CTest, kg: govgraph.GovGraph) -> None:
    kg.load(test.action, format=FORMATS[test.suite], base_iri=test.base)
    written = kg.store.export(format="ntriples")
    got = ox_triples_to_graph(ox.parse(written, format=ox.RdfFormat.N_TRIPLES))
    expected = _expected(test)
    assert len(got) == len(expected)
    assert isomorphic(got, expected)
