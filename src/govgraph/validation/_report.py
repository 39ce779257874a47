"""Typed validation results (modelled on LinkML's ``validator/report.py``)."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef

from .._exceptions import ValidationFailed
from ._paths import path_to_graph

if TYPE_CHECKING:
    from rdflib.term import Node

__all__ = ["Severity", "ValidationReport", "ValidationResult"]


class Severity(enum.StrEnum):
    """SHACL severities, most severe first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: str) -> Severity:
        """Map ``sh:Violation`` / ``sh:Warning`` / ``sh:Info`` (full IRIs) to a severity.

        Any other IRI (SHACL allows shapes to define their own severities) counts as a Violation.

        Examples:
            >>> from govgraph import Severity
            >>> Severity.from_iri("http://www.w3.org/ns/shacl#Warning")
            <Severity.WARNING: 'Warning'>
            >>> Severity.from_iri("https://example.org/shapes#Blocker")
            <Severity.VIOLATION: 'Violation'>
        """
        local = iri.rsplit("#", 1)[-1]
        for member in cls:
            if member.value == local:
                return member
        return cls.VIOLATION

    @property
    def rank(self) -> int:
        """0 for Violation, 1 for Warning, 2 for Info.

        Examples:
            >>> from govgraph import Severity
            >>> [(severity.value, severity.rank) for severity in Severity]
            [('Violation', 0), ('Warning', 1), ('Info', 2)]
            >>> sorted(["Info", "Violation", "Warning"], key=lambda name: Severity(name).rank)
            ['Violation', 'Warning', 'Info']
        """
        return [Severity.VIOLATION, Severity.WARNING, Severity.INFO].index(self)


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One finding of a validation.

    Attributes:
        focus_node: IRI (or blank node label) of the node the finding is about.
        path: The property path concerned (an IRI, or a SPARQL-like path), or ``None``.
        value: The offending value, or ``None`` when a value is missing.
        severity: Violation, Warning or Info.
        message: What is wrong and what to add or change, in plain words.
        source_shape: IRI of the shape that produced the finding.
        focus_label: A human label of the focus node when the data has one.
        constraint: The SHACL constraint component (e.g. ``sh:MinCountConstraintComponent``).
            Two findings that differ only in it are two findings.
        focus_term: The focus node as an RDF term (IRI, blank node or literal), when known.
        value_term: The value as an RDF term (so ``"1"`` and ``1`` stay two findings).
        shape_term: The source shape as an RDF term (a blank node for an unnamed shape).
        severity_term: The severity IRI as the shape states it (SHACL allows others than
            ``sh:Violation``, ``sh:Warning`` and ``sh:Info``; govgraph counts those as
            Violations).
    """

    focus_node: str
    path: str | None
    value: str | None
    severity: Severity
    message: str
    source_shape: str | None
    focus_label: str | None = field(default=None, compare=False)
    constraint: str | None = None
    focus_term: Node | None = field(default=None, compare=False, repr=False)
    value_term: Node | None = field(default=None, repr=False)
    shape_term: Node | None = field(default=None, compare=False, repr=False)
    severity_term: Node | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (full IRIs; the six contract fields first).

        Examples:
            >>> import json
            >>> from govgraph import GovGraph
            >>> found = GovGraph.example().validate().violations[0].to_dict()
            >>> list(found)[:6]
            ['focus_node', 'path', 'value', 'severity', 'message', 'source_shape']
            >>> found["focus_label"], found["severity"], found["path"]
            ('Ministry X, unit', 'Violation', 'http://www.w3.org/ns/org#unitOf')
            >>> json.loads(json.dumps(found)) == found
            True
        """
        return {
            "focus_node": self.focus_node,
            "path": self.path,
            "value": self.value,
            "severity": self.severity.value,
            "message": self.message,
            "source_shape": self.source_shape,
            "focus_label": self.focus_label,
            "constraint": self.constraint,
        }


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a graph.

    Attributes:
        conforms: True when there is no finding at all, as SHACL defines it (a Warning or an Info
            breaks conformance too; :attr:`violations` tells whether any finding is a Violation).
        results: Every finding, sorted by severity, focus node and path.
        engine: The engine that produced the report (``pyshacl`` or ``sparql``).
    """

    conforms: bool
    results: tuple[ValidationResult, ...] = ()
    engine: str = "pyshacl"

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        """The findings of severity Violation.

        Examples:
            >>> from govgraph import GovGraph
            >>> report = GovGraph.example().validate()
            >>> [(found.focus_label, found.path) for found in report.violations]
            [('Ministry X, unit', 'http://www.w3.org/ns/org#unitOf')]
        """
        return tuple(r for r in self.results if r.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        """The findings of severity Warning.

        Examples:
            >>> from govgraph import GovGraph
            >>> report = GovGraph.example().validate()
            >>> [found.focus_node.rsplit("/", 1)[-1] for found in report.warnings]  # policies
            ['P1', 'P2', 'P3', 'P4', 'P5', 'P5']
            >>> report.warnings[0].message.split(".")[0]
            'No initiative implements this policy (implementation gap)'
        """
        return tuple(r for r in self.results if r.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[ValidationResult, ...]:
        """The findings of severity Info.

        The govgraph shapes give none; a shape of one's own can (``sh:severity sh:Info``).

        Examples:
            >>> from rdflib import Graph
            >>> from govgraph import GovGraph
            >>> from govgraph.validation import load_shapes, validate
            >>> note = Graph().parse(format="turtle", data='''
            ... @prefix sh: <http://www.w3.org/ns/shacl#> .
            ... @prefix gg: <https://w3id.org/govgraph#> .
            ... <https://example.org/shapes#start> a sh:NodeShape ; sh:targetClass gg:Policy ;
            ...     sh:property [ sh:path gg:startYear ; sh:minCount 1 ; sh:severity sh:Info ;
            ...                   sh:message "Say when the policy started." ] .
            ... ''')
            >>> shapes = load_shapes([note], include_default=False)
            >>> report = validate(GovGraph.example().store, shapes=shapes)
            >>> [found.focus_node.rsplit("/", 1)[-1] for found in report.infos]
            ['P2', 'P3', 'P4', 'P5']
            >>> report.infos[0].message
            'Say when the policy started.'
        """
        return tuple(r for r in self.results if r.severity is Severity.INFO)

    def counts(self) -> dict[str, int]:
        """Return the number of findings per severity.

        Examples:
            >>> from govgraph import GovGraph
            >>> report = GovGraph.example().validate()

            >>> report.counts()
            {'Violation': 1, 'Warning': 6, 'Info': 0}
        """
        out = {s.value: 0 for s in Severity}
        for r in self.results:
            out[r.severity.value] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form with full IRIs.

        ``{"conforms": bool, "violations": n, "warnings": n, "infos": n, "results": [...]}``.

        Examples:
            >>> from govgraph import GovGraph
            >>> found = GovGraph.example().validate().to_dict()
            >>> found["conforms"], found["violations"], found["results"][0]["severity"]
            (False, 1, 'Violation')
        """
        counts = self.counts()
        return {
            "conforms": self.conforms,
            "violations": counts[Severity.VIOLATION.value],
            "warnings": counts[Severity.WARNING.value],
            "infos": counts[Severity.INFO.value],
            "results": [r.to_dict() for r in self.results],
        }

    def to_graph(self) -> Graph:
        """Return the report as a standard SHACL ``sh:ValidationReport`` graph.

        One ``sh:ValidationResult`` per finding, with ``sh:focusNode``, ``sh:resultPath`` (the
        SHACL path structure), ``sh:value``, ``sh:sourceShape``,
        ``sh:sourceConstraintComponent``, ``sh:resultSeverity`` and ``sh:resultMessage``.

        Examples:
            >>> from rdflib import RDF, SH
            >>> graph = ValidationReport(conforms=True).to_graph()
            >>> report = graph.value(predicate=RDF.type, object=SH.ValidationReport)
            >>> graph.value(report, SH.conforms).toPython()
            True
        """
        return _report_graph(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Return the report as JSON text.

        Examples:
            >>> from govgraph import GovGraph
            >>> report = GovGraph.example().validate()

            >>> import json
            >>> json.loads(report.to_json())["violations"]
            1
        """
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_markdown(self) -> str:
        """Return a readable Markdown report for people who do not read SHACL.

        Examples:
            >>> from govgraph import GovGraph
            >>> report = GovGraph.example().validate()

            >>> print(report.to_markdown().splitlines()[2])
            The data does **not** conform: 1 violation(s), 6 warning(s), 0 note(s).
        """
        counts = self.counts()
        lines = ["# Validation report", ""]
        verdict = "conforms" if self.conforms else "does **not** conform"
        lines.append(
            f"The data {verdict}: {counts['Violation']} violation(s), "
            f"{counts['Warning']} warning(s), {counts['Info']} note(s)."
        )
        for severity in Severity:
            group = [r for r in self.results if r.severity is severity]
            if not group:
                continue
            lines += ["", f"## {severity.value}s ({len(group)})", ""]
            lines.append("| Item | Property | Value | Problem |")
            lines.append("|---|---|---|---|")
            for r in group:
                item = (
                    f"{r.focus_label} (<{r.focus_node}>)" if r.focus_label else f"<{r.focus_node}>"
                )
                cells = [item, r.path or "", r.value or "", r.message]
                lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
        return "\n".join(lines) + "\n"

    def raise_for_violations(self) -> None:
        """Raise :class:`~govgraph.ValidationFailed` if there is any Violation.

        Examples:
            >>> from govgraph import GovGraph
            >>> report = GovGraph.example().validate()

            >>> report.raise_for_violations()
            Traceback (most recent call last):
            ...
            govgraph.ValidationFailed: 1 violation(s); first: http://example.org/MinX_Unit: This ...

        Raises:
            ValidationFailed: The report has a Violation; its ``report`` holds every finding.
        """
        violations = self.violations
        if violations:
            first = violations[0]
            raise ValidationFailed(
                f"{len(violations)} violation(s); first: {first.focus_node}: {first.message}",
                report=self,
            )


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# ------------------------------------------------ the report as a SHACL graph


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


def _report_graph(report: ValidationReport) -> Graph:
    """Build the ``sh:ValidationReport`` graph of ``report`` (see its ``to_graph``)."""
    graph = Graph()
    graph.bind("sh", SH)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    for result in report.results:
        _add_result(graph, root, result)
    return graph
