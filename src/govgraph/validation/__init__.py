"""SHACL validation of governance data, with reports a civil servant can read."""

from ._engine import validate
from ._pyshacl import default_ontology, default_shapes, load_shapes, validate_graph
from ._report import Severity, ValidationReport, ValidationResult

__all__ = [
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "default_ontology",
    "default_shapes",
    "load_shapes",
    "validate",
    "validate_graph",
]
