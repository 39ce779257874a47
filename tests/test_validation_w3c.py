"""The W3C SHACL Core test suite (98 tests, vendored in ``tests/data/w3c/shacl-core``).

Each test loads its data graph into a :class:`~govgraph.GovGraph`, validates it with the test's
shapes through :meth:`GovGraph.validate` and compares the report with the expected
``sh:ValidationReport`` of the manifest: conformance and every result (focus node, path, value,
source shape, constraint component, severity), read back from
:meth:`~govgraph.ValidationReport.to_graph`. Messages are not compared (the suite leaves them
free). Results are compared as sets: a result reached twice (the suite's
``validation-reports/shared`` lists one twice) is one finding. Blank nodes of the data graph are compared as "some blank node" (the store names them
anew); blank-node shapes keep their identity because the shapes graph is the parsed test file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from rdflib import RDF, SH, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

import govgraph as gg

SUITE = Path(__file__).parent / "data" / "w3c" / "shacl-core"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")


@dataclass(frozen=True)
class Case:
    name: str
    manifest: Path
    node: URIRef
    data: Path
    shapes: Path

    def __str__(self) -> str:
        return self.name


def _parse(path: Path) -> Graph:
    # rdflib would rewrite lexical forms ("1"^^xsd:boolean to "true"), which some tests are about
    normalize = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        graph = Graph()
        graph.parse(path, format="turtle", publicID=path.resolve().as_uri())
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
    return graph


def _local(iri: Node) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _cases() -> list[Case]:
    found: list[Case] = []
    todo = [SUITE / "manifest.ttl"]
    while todo:
        manifest = todo.pop(0)
        graph = _parse(manifest)
        for include in graph.objects(None, MF.include):
            todo.append(_local(include))
        for entries in graph.objects(None, MF.entries):
            for entry in Collection(graph, entries):
                assert (entry, RDF.type, SHT.Validate) in graph, entry
                action = graph.value(entry, MF.action)
                data = graph.value(action, SHT.dataGraph)
                shapes = graph.value(action, SHT.shapesGraph)
                folder = manifest.parent.name
                found.append(
                    Case(
                        name=f"{folder}/{str(entry).rsplit('/', 1)[-1]}",
                        manifest=manifest,
                        node=entry,  # type: ignore[arg-type]
                        data=_local(data),  # type: ignore[arg-type]
                        shapes=_local(shapes),  # type: ignore[arg-type]
                    )
                )
    return found


CASES = _cases()

#: Tests about literals written in a non-canonical form ("4.0"^^xsd:decimal, "300"^^xsd:byte,
#: "none"^^xsd:boolean): they need a store that keeps literals exactly as written (issue 16 item 1).
LEXICAL = {
    "node/maxExclusive-001",
    "node/minExclusive-001",
    "property/datatype-001",
    "property/datatype-ill-formed",
    "property/or-datatypes-001",
}


def _store_keeps_literals() -> bool:
    kg = gg.GovGraph()
    kg.load(
        '<http://example.org/s> <http://example.org/p> "4.0"^^<http://www.w3.org/2001/XMLSchema#decimal> , '
        '"300"^^<http://www.w3.org/2001/XMLSchema#byte> .',
        format="turtle",
    )
    found = {(str(o), str(o.datatype)) for _s, _p, o in kg.to_rdflib()}  # type: ignore[attr-defined]
    xsd = "http://www.w3.org/2001/XMLSchema#"
    return found == {("4.0", xsd + "decimal"), ("300", xsd + "byte")}


LOSSLESS = _store_keeps_literals()


def _expect(case: Case) -> None:
    if case.name in LEXICAL and not LOSSLESS:
        pytest.xfail("the store rewrites literals to their canonical form (issue 16 item 1)")


def _path_text(graph: Graph, path: Node | None) -> str | None:
    """A canonical text for a SHACL path (the same on both sides of the comparison)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return f"<{path}>"
    if (path, RDF.first, None) in graph:
        return "(" + " / ".join(str(_path_text(graph, p)) for p in Collection(graph, path)) + ")"
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_path_text(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        members = [str(_path_text(graph, p)) for p in Collection(graph, alternatives)]
        return "(" + " | ".join(members) + ")"
    raise AssertionError(f"not a SHACL path: {path!r}")


def _key(node: Node | None, shapes: Graph | None = None) -> object:
    if isinstance(node, BNode) and (shapes is None or (node, None, None) not in shapes):
        return "_:blank"
    if isinstance(node, Literal):
        return (str(node), node.datatype, node.language)
    return node


def _results(graph: Graph, report: Node, shapes: Graph) -> set[tuple[object, ...]]:
    found: set[tuple[object, ...]] = set()
    for result in graph.objects(report, SH.result):
        found.add(
            (
                _key(graph.value(result, SH.focusNode)),
                _path_text(graph, graph.value(result, SH.resultPath)),
                _key(graph.value(result, SH.value)),
                _key(graph.value(result, SH.sourceShape), shapes),
                graph.value(result, SH.sourceConstraintComponent),
                graph.value(result, SH.resultSeverity),
            )
        )
    return found


def _run(case: Case, engine: str) -> tuple[gg.ValidationReport, str | None]:
    """Validate one case; return the report and a description of any difference."""
    manifest = _parse(case.manifest)
    shapes = manifest if case.shapes == case.manifest else _parse(case.shapes)
    kg = gg.GovGraph()
    kg.load(case.data)
    report = kg.validate(shapes=[shapes], include_default_shapes=False, engine=engine)
    expected_node = manifest.value(case.node, MF.result)
    expected = _results(manifest, expected_node, shapes)
    conforms = manifest.value(expected_node, SH.conforms)
    got_graph = report.to_graph()
    got_reports = list(got_graph.subjects(RDF.type, SH.ValidationReport))
    assert len(got_reports) == 1
    got = _results(got_graph, got_reports[0], shapes)
    problems = []
    if report.conforms != bool(conforms.toPython()):  # type: ignore[union-attr]
        problems.append(f"conforms {report.conforms}, expected {conforms}")
    if got_graph.value(got_reports[0], SH.conforms) != Literal(report.conforms):
        problems.append("to_graph() states another sh:conforms")
    if got != expected:
        problems.append(
            f"missing {sorted(map(str, expected - got))}; unexpected {sorted(map(str, got - expected))}"
        )
    return report, "; ".join(problems) or None


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=str)
def test_w3c_shacl_core_default_engine(case: Case) -> None:
    _report, problem = _run(case, "auto")
    if problem is not None:
        _expect(case)
    assert problem is None, problem


def test_suite_is_complete() -> None:
    assert len(CASES) == 98
    assert len({c.name for c in CASES}) == 98


@pytest.mark.slow
def test_w3c_shacl_core_on_the_sparql_engine() -> None:
    """At least 90 of the 98 tests compile, and every compiled one passes on the SPARQL engine."""
    compiled, failures, refused = [], [], []
    for case in CASES:
        try:
            report, problem = _run(case, "sparql")
        except gg.ConfigurationError as exc:
            refused.append(f"{case}: {exc}")
            continue
        assert report.engine == "sparql"
        compiled.append(case.name)
        if problem is not None and (LOSSLESS or case.name not in LEXICAL):
            failures.append(f"{case}: {problem}")
    assert not failures, failures
    assert len(compiled) >= 90, refused
