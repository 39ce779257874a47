"""SHACL validation of governance data, with reports a civil servant can read."""

from .._public import publish as _publish
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

_publish(globals())
