"""govgraph: knowledge graphs for public governance.

Load governance data (administrations, units, policies, initiatives, technologies, skills), check
it with SHACL, find synergies and gaps, and publish it as DCAT-AP::

    import govgraph as gg

    kg = gg.GovGraph()
    kg.load("my-data.ttl")
    report = kg.validate()
    print(report.to_markdown())
"""

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

from ._exceptions import (
    ConfigurationError,
    DataImportError,
    EndpointError,
    ExportError,
    GovGraphError,
    InputError,
    JavaMemoryError,
    JavaNotFoundError,
    ParseError,
    QueryError,
    ReasonerError,
    ReasonerTimeoutError,
    StoreError,
    UnsafeQueryError,
    ValidationFailed,
)
from ._graph import GovGraph
from ._public import publish as _publish
from .store import QueryResult
from .validation import Severity, ValidationReport, ValidationResult

try:
    __version__ = _version("govgraph")
except _PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "ConfigurationError",
    "DataImportError",
    "EndpointError",
    "ExportError",
    "GovGraph",
    "GovGraphError",
    "InputError",
    "JavaMemoryError",
    "JavaNotFoundError",
    "ParseError",
    "QueryError",
    "QueryResult",
    "ReasonerError",
    "ReasonerTimeoutError",
    "Severity",
    "StoreError",
    "UnsafeQueryError",
    "ValidationFailed",
    "ValidationReport",
    "ValidationResult",
    "__version__",
]

_publish(globals())
