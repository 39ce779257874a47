"""SHACL validation with pyshacl, the reference engine."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

from rdflib import RDF, SH, Graph
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from .._resources import ontology_path, shapes_path
from ._paths import PathSyntaxError, path_text
from ._report import Severity, ValidationReport, ValidationResult

__all__ = [
    "background",
    "default_ontology",
    "default_shapes",
    "load_shapes",
    "validate_graph",
]


@functools.lru_cache(maxsize=1)
def default_ontology() -> Graph:
    """Return the govgraph ontology (cached; do not modify it).

    Examples:
        >>> from rdflib import OWL, RDF
        >>> from govgraph.namespace import GG
        >>> from govgraph.validation import default_ontology
        >>> ontology = default_ontology()
        >>> (GG.Initiative, RDF.type, OWL.Class) in ontology
        True
        >>> default_ontology() is ontology  # parsed once
        True

    Raises:
        ParseError: The packaged file is damaged (reinstall govgraph).
    """
    return _parse(ontology_path())


@functools.lru_cache(maxsize=4)
def background(ontology: Graph | None = None) -> Graph:
    """Return the part of an ontology that validation needs as background knowledge.

    That is every triple between named terms (class and property hierarchy, types and labels of
    the ontology's own individuals such as ``gg:EULevel``), without the blank-node axioms
    (restrictions, unions, property chains). pyshacl's own ``ont_graph`` mixing clones those
    axioms recursively and took minutes on the govgraph ontology; ``sh:class`` needs only the
    named hierarchy.
    """
    from rdflib import BNode

    source = ontology if ontology is not None else default_ontology()
    out = Graph()
    for s, p, o in source:
        if not isinstance(s, BNode) and not isinstance(o, BNode):
            out.add((s, p, o))
    return out


@functools.lru_cache(maxsize=1)
def default_shapes() -> Graph:
    """Return the govgraph shapes (cached; do not modify it).

    Examples:
        >>> from rdflib import RDF
        >>> from govgraph.namespace import GG, SH
        >>> from govgraph.validation import default_shapes
        >>> shapes = default_shapes()
        >>> GG.Initiative in set(shapes.objects(None, SH.targetClass))
        True
        >>> len(set(shapes.subjects(RDF.type, SH.NodeShape))) > 10
        True

    Raises:
        ParseError: The packaged file is damaged (reinstall govgraph).
    """
    return _parse(shapes_path())


def _parse(path: Path) -> Graph:
    from ..io import ox_triples_to_graph, parse_source

    return ox_triples_to_graph(parse_source(path).quads)


def load_shapes(extra: Sequence[str | Path | Graph] = (), *, include_default: bool = True) -> Graph:
    """Return the govgraph shapes plus extra shapes, as one rdflib graph.

    Args:
        extra: Shapes files (any RDF syntax govgraph reads) or rdflib graphs. Blank-node shapes
            of a graph keep their identity, so results name them as the graph does.
        include_default: Set to ``False`` to leave out the govgraph shapes.

    Examples:
        >>> from rdflib import Graph, URIRef
        >>> from govgraph.validation import load_shapes
        >>> ours = Graph().parse(format="turtle", data='''
        ... @prefix sh: <http://www.w3.org/ns/shacl#> .
        ... @prefix gg: <https://w3id.org/govgraph#> .
        ... <https://example.org/shapes#start> a sh:NodeShape ; sh:targetClass gg:Policy ;
        ...     sh:property [ sh:path gg:startYear ; sh:minCount 1 ] .
        ... ''')
        >>> shapes = load_shapes([ours])
        >>> (URIRef("https://example.org/shapes#start"), None, None) in shapes
        True
        >>> len(shapes) > len(load_shapes([ours], include_default=False)) == len(ours)
        True
        >>> remote = Graph().parse(format="turtle", data='''
        ... @prefix sh: <http://www.w3.org/ns/shacl#> .
        ... @prefix ex: <http://example.org/> .
        ... ex:remote a sh:NodeShape ; sh:targetNode ex:MinY ;
        ...     sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://example.org/q> {} }" ] .
        ... ''')
        >>> load_shapes([remote])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        govgraph.UnsafeQueryError: the shapes graph: the SHACL-SPARQL query of ... uses SERVICE ...

    Raises:
        ParseError: A shapes file is missing or is not valid RDF (the message names file and
            line).
        UnsafeQueryError: A SHACL-SPARQL query would contact another server.
        QueryError: A SHACL-SPARQL query is too deeply nested or too long a chain of operators.
    """
    graph = Graph()
    if include_default:
        for triple in default_shapes():
            graph.add(triple)
    for item in extra:
        if isinstance(item, Graph):
            extra_graph, source = item, "the shapes graph"
        else:
            extra_graph, source = _parse(Path(item)), str(item)
        _check_sparql_safety(extra_graph, source=source)
        for prefix, namespace in extra_graph.namespaces():
            graph.bind(prefix, namespace, override=False)
        graph += extra_graph
    return graph


_SPARQL_PREDICATES = (SH.select, SH.ask, SH.construct, SH.update)


def _check_sparql_safety(shapes: Graph, *, source: str) -> None:
    """Refuse SHACL-SPARQL queries that would reach another server (``SERVICE``, ``LOAD``).

    Raises:
        UnsafeQueryError: Naming the shapes file and the shape; validation never goes online.
    """
    from .._exceptions import UnsafeQueryError
    from ..store import check_query_safety

    for predicate in _SPARQL_PREDICATES:
        for node, text in shapes.subject_objects(predicate):
            try:
                check_query_safety(str(text))
            except UnsafeQueryError as exc:
                where = str(exc).split(":", 1)[0]  # "query line N"
                raise UnsafeQueryError(
                    f"{source}: the SHACL-SPARQL query of {node.n3()} ({where}) uses SERVICE or "
                    "LOAD, which would contact another server or read a file; validation never "
                    "does that. Remove it from the shapes."
                ) from None


def _label(data: Graph, node: Node) -> str | None:
    for predicate in (SKOS.prefLabel, RDFS.label):
        labels = list(data.objects(node, predicate))
        if labels:
            english = [lab for lab in labels if getattr(lab, "language", None) in ("en", None)]
            return str((english or labels)[0])
    return None


def _text(node: Node | None) -> str | None:
    if node is None:
        return None
    return str(node)


def validate_graph(
    data: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    ontology_subjects: frozenset[Node] | None = None,
) -> ValidationReport:
    """Validate an rdflib graph with pyshacl.

    The ontology is background knowledge (its class hierarchy counts for ``sh:class``) but its own
    nodes are never reported: findings whose focus node is described by the ontology and not by
    the data are dropped.

    Args:
        data: The data graph (not modified).
        shapes: Shapes graph; the govgraph shapes when ``None``.
        ontology: Background ontology; the govgraph ontology when ``None``.
        ontology_subjects: Precomputed subjects of the ontology (speed-up for repeated calls).

    Returns:
        The typed report.

    Examples:
        >>> from rdflib import Graph
        >>> from govgraph.validation import validate_graph
        >>> data = Graph().parse(format="turtle", data='''
        ... @prefix gg: <https://w3id.org/govgraph#> .
        ... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        ... <http://example.org/Unit> a gg:AdministrativeUnit ; skos:prefLabel "Unit 7"@en .
        ... ''')
        >>> report = validate_graph(data)
        >>> report.engine, report.conforms
        ('pyshacl', False)
        >>> [(found.focus_label, found.severity.value, found.path) for found in report.results]
        [('Unit 7', 'Violation', 'http://www.w3.org/ns/org#unitOf')]

    Raises:
        ConfigurationError: The shapes cannot be used: pyshacl refuses the shapes graph, a shape
            or constraint is malformed (such as ``sh:minCount "many"``; the message is
            pyshacl's), or a SHACL-SPARQL query of the shapes does not parse.
    """
    import pyshacl

    shapes_graph = shapes if shapes is not None else default_shapes()
    ont = ontology if ontology is not None else default_ontology()
    combined = Graph()
    combined += data
    combined += background(ontology)
    from pyparsing.exceptions import ParseBaseException
    from pyshacl.errors import ReportableRuntimeError

    from .._exceptions import ConfigurationError

    try:
        _conforms, results_graph, _text_report = pyshacl.validate(
            combined,
            shacl_graph=shapes_graph,
            inference="none",
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            meta_shacl=False,
            advanced=False,
            js=False,
            debug=False,
        )
    except ReportableRuntimeError as exc:  # a malformed shape or constraint (pyshacl's words)
        message = str(getattr(exc, "message", "") or exc).strip()
        raise ConfigurationError(
            f"the shapes cannot be used: {message}; fix the shapes file"
        ) from None
    except ParseBaseException as exc:  # a SHACL-SPARQL query of the shapes
        raise ConfigurationError(
            f"the shapes cannot be used: a SHACL-SPARQL query does not parse ({exc}); fix the "
            "query in the shapes file"
        ) from None
    if not isinstance(results_graph, Graph):  # pyshacl refused the shapes themselves
        raise ConfigurationError(
            f"the shapes cannot be used: {str(_text_report).strip()}; fix the shapes file"
        )
    ont_subjects = ontology_subjects if ontology_subjects is not None else frozenset(ont.subjects())
    found: set[ValidationResult] = set()
    # Only top-level results: nested sh:detail results (from sh:node, sh:or...) explain a
    # finding but are not findings of their own.
    top_level = [
        result
        for report in results_graph.subjects(RDF.type, SH.ValidationReport)
        for result in results_graph.objects(report, SH.result)
    ]
    for node in top_level:
        focus = results_graph.value(node, SH.focusNode)
        if focus is None:
            continue
        if focus in ont_subjects and (focus, None, None) not in data:
            continue
        severity_term = results_graph.value(node, SH.resultSeverity)
        severity = Severity.from_iri(str(severity_term))
        messages = [str(m) for m in results_graph.objects(node, SH.resultMessage)]
        english = [m for m in messages if m]
        value = results_graph.value(node, SH.value)
        shape = results_graph.value(node, SH.sourceShape)
        found.add(
            ValidationResult(
                focus_node=str(focus),
                path=_result_path(results_graph, results_graph.value(node, SH.resultPath)),
                value=_text(value),
                severity=severity,
                message=sorted(english)[0] if english else "constraint not met",
                source_shape=_text(shape),
                focus_label=_label(data, focus),
                constraint=_text(results_graph.value(node, SH.sourceConstraintComponent)),
                focus_term=focus,
                value_term=value,
                shape_term=shape,
                severity_term=severity_term,
            )
        )
    ordered = tuple(
        sorted(found, key=lambda r: (r.severity.rank, r.focus_node, r.path or "", r.message))
    )
    # SHACL: a graph conforms when validation gives no result at all, whatever the severity
    return ValidationReport(conforms=not ordered, results=ordered, engine="pyshacl")


def _result_path(results: Graph, path: Node | None) -> str | None:
    try:
        return path_text(results, path)
    except PathSyntaxError:
        return str(path)
