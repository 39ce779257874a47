"""Validate DCAT-AP catalogues against the official SEMIC shapes vendored in shapes/vendor/."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from .._exceptions import ConfigurationError, ParseError
from .._resources import package_path
from ..validation import Severity, ValidationReport, ValidationResult
from ._read import load_graph
from ._vocab import DCAT_AP_2_1_1, DCAT_AP_3_0_1

__all__ = ["SHAPES_FILES", "DcatValidation", "ShapesReport", "validate_dcat"]

Profile = Literal["auto", "3.0.1", "2.1.1", "all"]

#: The official shapes files run for each DCAT-AP version (paths below ``shapes/vendor/``).
SHAPES_FILES: dict[str, tuple[str, ...]] = {
    "3.0.1": (
        "dcat-ap-3.0.1/shapes.ttl",
        "dcat-ap-3.0.1/shapes_recommended.ttl",
        "dcat-ap-3.0.1/range.ttl",
        "dcat-ap-3.0.1/mdr-vocabularies.shape.ttl",
    ),
    "2.1.1": (
        "dcat-ap-2.1.1/dcat-ap_2.1.1_shacl_shapes.ttl",
        "dcat-ap-2.1.1/dcat-ap_2.1.1_shacl_shapes_recommended.ttl",
        "dcat-ap-2.1.1/dcat-ap_2.1.1_shacl_range.ttl",
        "dcat-ap-2.1.1/dcat-ap_2.1.1_shacl_mdr-vocabularies.shape.ttl",
    ),
}


@dataclass(frozen=True)
class ShapesReport:
    """The result of one official shapes file on one catalogue.

    Attributes:
        catalog: The catalogue file.
        profile: DCAT-AP version of the shapes (``3.0.1`` or ``2.1.1``).
        shapes: The shapes file (path below ``shapes/vendor/``).
        report: The typed SHACL report.
    """

    catalog: str
    profile: str
    shapes: str
    report: ValidationReport

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph.export import validate_dcat
            >>> path = Path(tempfile.mkdtemp()) / "catalog.ttl"
            >>> _ = path.write_text('''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/catalog> a dcat:Catalog ; dct:title "City data"@en .
            ... ''', encoding="utf-8")
            >>> first = validate_dcat(path).reports[0].to_dict()
            >>> first["shapes"], first["conforms"], first["violations"]
            ('dcat-ap-3.0.1/shapes.ttl', False, 2)
            >>> [r["path"] for r in first["results"]]
            ['http://purl.org/dc/terms/description', 'http://purl.org/dc/terms/publisher']
        """
        counts = self.report.counts()
        return {
            "catalog": self.catalog,
            "profile": self.profile,
            "shapes": self.shapes,
            "conforms": self.report.conforms,
            "violations": counts["Violation"],
            "warnings": counts["Warning"],
            "infos": counts["Info"],
            "results": [r.to_dict() for r in self.report.results],
        }


@dataclass(frozen=True)
class DcatValidation:
    """The results of :func:`validate_dcat`, one per catalogue and shapes file.

    Attributes:
        reports: One :class:`ShapesReport` per (catalogue, shapes file).
    """

    reports: tuple[ShapesReport, ...]

    @property
    def conforms(self) -> bool:
        """True when no shapes file reports a Violation.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph.export import validate_dcat
            >>> path = Path(tempfile.mkdtemp()) / "catalog.ttl"
            >>> _ = path.write_text('''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/catalog> a dcat:Catalog ; dct:title "City data"@en .
            ... ''', encoding="utf-8")
            >>> validate_dcat(path).conforms  # no description, no publisher
            False
        """
        return all(r.report.conforms for r in self.reports)

    @property
    def violations(self) -> int:
        """Total number of Violations.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph.export import validate_dcat
            >>> path = Path(tempfile.mkdtemp()) / "catalog.ttl"
            >>> _ = path.write_text('''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/catalog> a dcat:Catalog ; dct:title "City data"@en .
            ... ''', encoding="utf-8")
            >>> result = validate_dcat(path)
            >>> result.violations, [r.report.counts()["Violation"] for r in result.reports]
            (2, [2, 0, 0, 0])
        """
        return sum(r.report.counts()["Violation"] for r in self.reports)

    @property
    def warnings(self) -> int:
        """Total number of Warnings.

        Warnings come from the recommended properties (``shapes_recommended.ttl``) and the
        controlled vocabularies; they do not make a catalogue fail.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph.export import validate_dcat
            >>> path = Path(tempfile.mkdtemp()) / "catalog.ttl"
            >>> _ = path.write_text('''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/catalog> a dcat:Catalog ; dct:title "City data"@en .
            ... ''', encoding="utf-8")
            >>> result = validate_dcat(path)
            >>> result.warnings, result.conforms
            (9, False)
        """
        return sum(r.report.counts()["Warning"] for r in self.reports)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"conforms", "violations", "warnings", "reports": [...]}``.

        Examples:
            >>> import json
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph.export import validate_dcat
            >>> path = Path(tempfile.mkdtemp()) / "catalog.ttl"
            >>> _ = path.write_text('''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/catalog> a dcat:Catalog ; dct:title "City data"@en .
            ... ''', encoding="utf-8")
            >>> data = validate_dcat(path).to_dict()
            >>> data["conforms"], data["violations"], data["warnings"], len(data["reports"])
            (False, 2, 9, 4)
            >>> json.loads(json.dumps(data)) == data
            True
        """
        return {
            "conforms": self.conforms,
            "violations": self.violations,
            "warnings": self.warnings,
            "reports": [r.to_dict() for r in self.reports],
        }

    def to_text(self) -> str:
        """Return a readable summary, with every finding.

        One line per catalogue and shapes file, then its findings, then the verdict.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph.export import validate_dcat
            >>> path = Path(tempfile.mkdtemp()) / "catalog.ttl"
            >>> _ = path.write_text('''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/catalog> a dcat:Catalog ; dct:title "City data"@en .
            ... ''', encoding="utf-8")
            >>> lines = validate_dcat(path).to_text().splitlines()
            >>> print(lines[0])
            /.../catalog.ttl: DCAT-AP 3.0.1 shapes.ttl: FAILS (2 violation(s), 0 warning(s))
            >>> print(lines[-1])
            Result: does NOT conform (2 violation(s), 9 warning(s)).
        """
        lines = []
        for r in self.reports:
            counts = r.report.counts()
            verdict = "ok" if r.report.conforms else "FAILS"
            lines.append(
                f"{r.catalog}: DCAT-AP {r.profile} {Path(r.shapes).name}: {verdict} "
                f"({counts['Violation']} violation(s), {counts['Warning']} warning(s))"
            )
            for finding in r.report.results:
                where = " ".join(
                    part for part in (finding.focus_node, finding.path, finding.value) if part
                )
                lines.append(f"  {finding.severity.value}: {where}: {finding.message}")
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(
            f"Result: {verdict} ({self.violations} violation(s), {self.warnings} warning(s))."
        )
        return "\n".join(lines)


def run_shapes(data: Graph, shapes: Graph) -> ValidationReport:
    """Run pyshacl and keep only the report's top-level results (``sh:result``).

    Nested results (``sh:detail`` of ``sh:node`` constraints) explain a top-level result and are
    not findings of their own: the official shapes set a Warning severity on the outer
    constraint, which must not turn into a Violation through its details.
    """
    import pyshacl
    from rdflib.namespace import SH

    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", allow_warnings=True, allow_infos=True
    )
    assert isinstance(results, Graph)
    found = set()
    for report in results.subjects(RDF.type, SH.ValidationReport):
        for node in results.objects(report, SH.result):
            focus = results.value(node, SH.focusNode)
            path = results.value(node, SH.resultPath)
            value = results.value(node, SH.value)
            message = results.value(node, SH.resultMessage)
            shape = results.value(node, SH.sourceShape)
            component = results.value(node, SH.sourceConstraintComponent)
            found.add(
                ValidationResult(
                    focus_node=str(focus),
                    path=str(path) if isinstance(path, URIRef) else None,
                    value=str(value) if value is not None else None,
                    severity=Severity.from_iri(str(results.value(node, SH.resultSeverity))),
                    message=str(message) if message is not None else "constraint not met",
                    source_shape=str(shape) if isinstance(shape, URIRef) else None,
                    constraint=str(component) if component is not None else None,
                )
            )
    ordered = tuple(
        sorted(found, key=lambda r: (r.severity.rank, r.focus_node, r.path or "", r.message))
    )
    conforms = not any(r.severity is Severity.VIOLATION for r in ordered)
    return ValidationReport(conforms=conforms, results=ordered, engine="pyshacl")


@functools.lru_cache(maxsize=16)
def _shapes(relative: str) -> Graph:
    path = package_path("shapes", "vendor", *relative.split("/"))
    return Graph().parse(path, format="turtle")


def _declared_profile(graph: Graph) -> str:
    for catalog in graph.subjects(RDF.type, DCAT.Catalog):
        for standard in graph.objects(catalog, DCTERMS.conformsTo):
            if standard == DCAT_AP_2_1_1:
                return "2.1.1"
            if standard == DCAT_AP_3_0_1:
                return "3.0.1"
    return "3.0.1"


def validate_dcat(
    catalog_paths: Sequence[str | Path] | str | Path, *, profile: Profile = "auto"
) -> DcatValidation:
    """Run the official DCAT-AP shapes on catalogue files, one report per shapes file.

    Each catalogue is validated on its own (no network, no ``owl:imports``): background facts
    about authority-table values must be stated in the catalogue, as govgraph's exports do.

    Args:
        catalog_paths: Catalogue files (Turtle, RDF/XML, JSON-LD, ...).
        profile: ``"auto"`` (the version the catalogue declares with ``dct:conformsTo``; DCAT-AP
            3.0.1 when it declares none), ``"3.0.1"``, ``"2.1.1"`` or ``"all"`` (both).

    Returns:
        The reports.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph.export import validate_dcat
        >>> path = Path(tempfile.mkdtemp()) / "catalog.ttl"
        >>> _ = path.write_text('''
        ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
        ... @prefix dct: <http://purl.org/dc/terms/> .
        ... <https://example.org/catalog> a dcat:Catalog ; dct:title "City data"@en .
        ... ''', encoding="utf-8")
        >>> result = validate_dcat(path)
        >>> result.conforms, result.violations
        (False, 2)
        >>> [Path(r.shapes).name for r in result.reports]
        ['shapes.ttl', 'shapes_recommended.ttl', 'range.ttl', 'mdr-vocabularies.shape.ttl']
        >>> [v.path for v in result.reports[0].report.violations]
        ['http://purl.org/dc/terms/description', 'http://purl.org/dc/terms/publisher']
        >>> len(validate_dcat(path, profile="all").reports)  # 3.0.1 and 2.1.1
        8

    Raises:
        ParseError: A catalogue is missing or malformed.
        ConfigurationError: Unknown profile.
    """
    if profile not in ("auto", "3.0.1", "2.1.1", "all"):
        raise ConfigurationError(f"unknown profile {profile!r}; use auto, 3.0.1, 2.1.1 or all")
    paths = [catalog_paths] if isinstance(catalog_paths, str | Path) else list(catalog_paths)
    if not paths:
        raise ConfigurationError("no catalogue given: pass at least one catalogue file")
    reports = []
    for path in paths:
        data = load_graph(Path(path))
        if not any(True for _ in data.subjects(RDF.type, DCAT.Catalog)) and not any(
            True for _ in data.subjects(RDF.type, DCAT.Dataset)
        ):
            raise ParseError(
                source=str(path), reason="no dcat:Catalog or dcat:Dataset found; is it a catalogue?"
            )
        if profile == "auto":
            profiles = [_declared_profile(data)]
        elif profile == "all":
            profiles = ["3.0.1", "2.1.1"]
        else:
            profiles = [profile]
        for version in profiles:
            for shapes in SHAPES_FILES[version]:
                report = run_shapes(data, _shapes(shapes))
                reports.append(ShapesReport(str(path), version, shapes, report))
    return DcatValidation(tuple(reports))
