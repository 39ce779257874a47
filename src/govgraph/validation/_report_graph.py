"""A :class:`~govgraph.validation.ValidationReport` as a standard ``sh:ValidationReport`` graph."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ._paths import path_to_graph

if TYPE_CHECKING:
    from ._report import ValidationReport, ValidationResult

__all__ = ["report_graph"]


def _node(term: Node | None, text: str | None) -> Node | None:
    if term is not None:
        return term
    if text is None:
        return None
    return URIRef(text)


def _add_result(graph: Graph, report: Node, result: ValidationResult) -> None:
    node = BNode()
    graph.add((report, SH.result, node))
    graph.add((node, RDF.type, SH.ValidationResult))
    focus = _node(result.focus_term, result.focus_node)
    assert focus is not None
    graph.add((node, SH.focusNode, focus))
    graph.add((node, SH.resultSeverity, result.severity_term or SH[result.severity.value]))
    if result.path is not None:
        graph.add((node, SH.resultPath, path_to_graph(result.path, graph)))
    value = result.value_term
    if value is None and result.value is not None:
        value = Literal(result.value)
    if value is not None:
        graph.add((node, SH.value, value))
    shape = _node(result.shape_term, result.source_shape)
    if shape is not None:
        graph.add((node, SH.sourceShape, shape))
    if result.constraint is not None:
        graph.add((node, SH.sourceConstraintComponent, URIRef(result.constraint)))
    if result.message:
        graph.add((node, SH.resultMessage, Literal(result.message)))


def report_graph(report: ValidationReport) -> Graph:
    """Build the ``sh:ValidationReport`` graph of ``report`` (see its ``to_graph``)."""
    graph = Graph()
    graph.bind("sh", SH)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for result in report.results:
        _add_result(graph, root, result)
    return graph
