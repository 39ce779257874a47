"""Exceptions raised by govgraph.

Every error govgraph raises on purpose derives from :class:`GovGraphError`, so callers can catch
one type. Each message says what was wrong, where (file, line, row, column) and how to fix it.

Hierarchy::

    GovGraphError
    ├── InputError                 bad input from the user
    │   ├── ParseError             an RDF source does not parse (file, line)
    │   ├── DataImportError        a spreadsheet/dataset row cannot be mapped (row, column)
    │   └── ConfigurationError     a missing or contradictory option
    ├── QueryError                 a SPARQL query or update failed
    │   └── UnsafeQueryError       SERVICE / LOAD / remote access refused without allow_network
    ├── StoreError                 the store or a SPARQL endpoint failed
    │   └── EndpointError          HTTP errors and time-outs from a remote endpoint
    ├── ValidationFailed           raised by ValidationReport.raise_for_violations()
    ├── ReasonerError              owlready2 / Java problems
    │   ├── JavaNotFoundError
    │   ├── JavaMemoryError
    │   └── ReasonerTimeoutError
    └── ExportError                an export could not be written

The command line turns every ``GovGraphError`` into one line on stderr and exit code 2
(``ValidationFailed`` and inconsistency are reported with exit code 1 by their commands).
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ConfigurationError",
    "DataImportError",
    "EndpointError",
    "ExportError",
    "GovGraphError",
    "InputError",
    "JavaMemoryError",
    "JavaNotFoundError",
    "ParseError",
    "QueryError",
    "ReasonerError",
    "ReasonerTimeoutError",
    "StoreError",
    "UnsafeQueryError",
    "ValidationFailed",
]


class GovGraphError(Exception):
    """Base class of every error govgraph raises on purpose."""


class InputError(GovGraphError):
    """The user's input (a file, a string, an option) cannot be used."""


class ParseError(InputError):
    """An RDF source failed to parse.

    Attributes:
        source: The file path or a short description of the source ("<string>").
        line: The 1-based line of the error when the parser reports it, else ``None``.
        column: The 1-based column when known, else ``None``.
        reason: The parser's explanation.
        hint: What the user can do about it.
    """

    def __init__(
        self,
        *,
        source: str | Path,
        reason: str,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.source = str(source)
        self.line = line
        self.column = column
        self.reason = reason
        where = self.source
        if line is not None:
            where += f", line {line}"
            if column is not None:
                where += f", column {column}"
        advice = hint or "fix the syntax there (or pass the right format=...)"
        super().__init__(f"{where}: cannot read RDF: {reason}; {advice}. Nothing was loaded.")


class DataImportError(InputError):
    """A dataset or spreadsheet could not be imported.

    Attributes:
        problems: The row-level problems found (objects with ``row``, ``column``, ``reason``).
    """

    def __init__(self, message: str, *, problems: list[object] | None = None) -> None:
        self.problems = list(problems or [])
        super().__init__(message)


class ConfigurationError(InputError):
    """An option is missing, malformed or contradicts another option."""


class QueryError(GovGraphError):
    """A SPARQL query or update is malformed or failed."""


class UnsafeQueryError(QueryError):
    """A query asks for remote access (SERVICE, LOAD, ...) and the network is not allowed."""


class StoreError(GovGraphError):
    """The store or endpoint behind a graph failed."""


class EndpointError(StoreError):
    """A SPARQL endpoint answered with an error, could not be reached, or timed out."""


class ValidationFailed(GovGraphError):
    """Validation found violations; raised by ``ValidationReport.raise_for_violations()``.

    Attributes:
        report: The ``ValidationReport`` with the findings.
    """

    def __init__(self, message: str, *, report: object) -> None:
        self.report = report
        super().__init__(message)


class ReasonerError(GovGraphError):
    """The OWL reasoner could not run."""


class JavaNotFoundError(ReasonerError):
    """Java is not installed or not on PATH."""


class JavaMemoryError(ReasonerError):
    """The Java virtual machine ran out of memory."""


class ReasonerTimeoutError(ReasonerError):
    """The reasoner did not finish within the time limit."""


class ExportError(GovGraphError):
    """An export could not be written."""
