"""Results of the dataset importers: :class:`ImportResult` and :class:`ImportProblem`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from rdflib import Graph

from .._exceptions import ConfigurationError, DataImportError
from ._files import write_atomic
from ._resolve import Merge

__all__ = ["RDF_SUFFIXES", "ImportProblem", "ImportResult", "group_problems", "rdf_format_of"]

#: ``error``: the row (or value) was rejected; ``warning``: the value was kept or left unmapped.
ProblemSeverity = Literal["error", "warning"]


#: File suffixes of the RDF files an import can be written to, and their rdflib format names.
RDF_SUFFIXES: Mapping[str, str] = MappingProxyType(
    {
        ".ttl": "turtle",
        ".nt": "nt",
        ".rdf": "xml",
        ".xml": "xml",
        ".jsonld": "json-ld",
        ".json": "json-ld",
    }
)


def rdf_format_of(path: str | Path) -> str:
    """Return the rdflib format name for an output file from its suffix (see RDF_SUFFIXES).

    Raises:
        ConfigurationError: If the suffix is not one of RDF_SUFFIXES.

    Examples:
        >>> rdf_format_of("pstw.jsonld")
        'json-ld'
    """
    fmt = RDF_SUFFIXES.get(Path(path).suffix.lower())
    if fmt is None:
        raise ConfigurationError(
            f"cannot tell the RDF format of {path}; use .ttl, .nt, .rdf or .jsonld"
        )
    return fmt


def group_problems(problems: Sequence[ImportProblem]) -> list[dict[str, Any]]:
    """Group import problems by severity, column, value and reason; errors first, then most often.

    Returns:
        One dict per group: ``severity``, ``column``, ``value``, ``reason``, ``count`` and
        ``rows`` (the first four rows, ``...`` when there are more).

    Examples:
        >>> p = ImportProblem(row=3, column="Country", value="Atlantis", reason="unknown country")
        >>> first = group_problems([p, ImportProblem(4, "Country", "Atlantis", "unknown country")])[0]
        >>> first.get("rows"), first.get("count")
        ('3, 4', 2)
    """
    groups: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    for p in problems:
        groups[(p.severity, p.column or "", p.value or "", p.reason)].append(p.row or 0)
    out: list[dict[str, Any]] = []
    for (severity, column, value, reason), rows in groups.items():
        shown = ", ".join(str(r) for r in rows[:4] if r) + (" ..." if len(rows) > 4 else "")
        out.append(
            {
                "severity": severity,
                "column": column,
                "value": value,
                "reason": reason,
                "count": len(rows),
                "rows": shown,
            }
        )
    out.sort(key=lambda r: (r["severity"] != "error", -int(r["count"])))
    return out


@dataclass(frozen=True)
class ImportProblem:
    """One value an importer could not map, or one row it rejected.

    Attributes:
        row: The 1-based row of the spreadsheet (the header is row 1, the first data row is 2),
            or ``None`` when the problem is not tied to a row.
        column: The column header as written in the file, or ``None``.
        value: The offending cell value as text (``None`` when the cell is empty).
        reason: What is wrong and how to fix it, in plain words.
        severity: ``"error"`` when the row or value was rejected, ``"warning"`` when the data
            was imported but a value stayed unmapped or was resolved by a documented rule.
    """

    row: int | None
    column: str | None
    value: str | None
    reason: str
    severity: ProblemSeverity = "error"

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as a JSON-ready dict.

        Examples:
            >>> import json
            >>> problem = ImportProblem(3, "Country", "Atlantis", "unknown country", "warning")
            >>> found = problem.to_dict()
            >>> list(found)
            ['row', 'column', 'value', 'reason', 'severity']
            >>> found["row"], found["severity"], json.loads(json.dumps(found)) == found
            (3, 'warning', True)
        """
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "severity": self.severity,
        }

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where) or "file"
        value = f" (value {self.value!r})" if self.value is not None else ""
        return f"{prefix}{value}: {self.reason}"


@dataclass(frozen=True)
class ImportResult:
    """What an importer produced: an RDF graph, counts and the problems it found.

    Attributes:
        graph: The imported data as an ``rdflib.Graph`` (self-contained: it includes the
            concepts it references).
        kind: The importer (``"pstw"``, ``"esco"``, ``"cofog"``, ``"organisations"`` ...).
        source: The file or directory read.
        counts: Named figures (``{"initiatives": 1964, ...}``).
        problems: Rejected rows and unmapped values, in file order.
        merges: Names the importer joined to an organisation (entity resolution), with the
            rows and the similarity behind each; empty for importers that do not merge.
    """

    graph: Graph
    kind: str
    source: str
    counts: Mapping[str, int] = field(default_factory=dict)
    problems: tuple[ImportProblem, ...] = ()
    merges: tuple[Merge, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "counts", MappingProxyType(dict(self.counts)))
        object.__setattr__(self, "problems", tuple(self.problems))
        object.__setattr__(self, "merges", tuple(self.merges))

    @property
    def errors(self) -> tuple[ImportProblem, ...]:
        """The problems with severity ``error`` (rejected rows or values).

        Examples:
            >>> from rdflib import Graph
            >>> result = ImportResult(Graph(), kind="pstw", source="cases.csv", problems=[
            ...     ImportProblem(2, "Status", "Maybe", "unknown status; not written", "warning"),
            ...     ImportProblem(3, "Name", None, "the case has no name; row skipped")])
            >>> [str(p) for p in result.errors]
            ["row 3, column 'Name': the case has no name; row skipped"]
        """
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[ImportProblem, ...]:
        """The problems with severity ``warning`` (unmapped values, resolved conflicts).

        Examples:
            >>> from rdflib import Graph
            >>> result = ImportResult(Graph(), kind="pstw", source="cases.csv", problems=[
            ...     ImportProblem(2, "Status", "Maybe", "unknown status; not written", "warning"),
            ...     ImportProblem(3, "Name", None, "the case has no name; row skipped")])
            >>> [(p.row, p.column, p.value) for p in result.warnings]
            [(2, 'Status', 'Maybe')]
        """
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """``True`` when no row or value was rejected (warnings allowed).

        Examples:
            >>> from rdflib import Graph
            >>> warning = ImportProblem(2, "Status", "Maybe", "unknown status", "warning")
            >>> error = ImportProblem(3, "Name", None, "the case has no name; row skipped")
            >>> ImportResult(Graph(), kind="pstw", source="cases.csv", problems=[warning]).ok
            True
            >>> ImportResult(Graph(), kind="pstw", source="cases.csv", problems=[warning, error]).ok
            False
        """
        return not self.errors

    def __len__(self) -> int:
        return len(self.graph)

    def to_dict(self) -> dict[str, Any]:
        """Return counts, problems (and merges, if any) as a JSON-ready dict (no graph).

        Examples:
            >>> from govgraph.io import import_cofog
            >>> found = import_cofog().to_dict()
            >>> found["kind"], found["counts"], found["problems"]
            ('cofog', {'divisions': 10, 'groups': 69, 'classes': 109, 'concepts': 188}, [])
        """
        out: dict[str, Any] = {
            "kind": self.kind,
            "source": self.source,
            "triples": len(self.graph),
            "counts": dict(self.counts),
            "problems": [p.to_dict() for p in self.problems],
        }
        if self.merges:
            out["merges"] = [m.to_dict() for m in self.merges]
        return out

    def serialize(self, destination: str | Path | None = None, *, format: str = "turtle") -> bytes:
        """Serialize the graph (``turtle``, ``nt``, ``xml``, ``json-ld``...).

        Args:
            destination: When given, the bytes are also written to this file (via a temporary
                file renamed into place, so a failed write leaves no half file).
            format: ``turtle``, ``trig``, ``ntriples``, ``nquads``, ``xml`` or ``json-ld``
                (written by :func:`govgraph.io.serialize_rdf`: stable bytes, ``gg:`` and only
                the prefixes used, control characters escaped).

        Returns:
            The serialized bytes.

        Examples:
            >>> from govgraph.io import import_cofog
            >>> text = import_cofog().serialize(format="turtle").decode()
            >>> text.startswith("@prefix"), "General public services" in text
            (True, True)

        Raises:
            ConfigurationError: For an unknown format.
            ExportError: When RDF/XML cannot carry a literal, or the file cannot be written.
        """
        from ._serialize import serialize_rdf
        from ._terms import rdflib_triples_to_ox

        data = serialize_rdf(rdflib_triples_to_ox(self.graph), format=format)
        if destination is not None:
            write_atomic(destination, data)
        return data

    def raise_for_problems(self, *, include_warnings: bool = False) -> None:
        r"""Raise :class:`~govgraph.DataImportError` when there are (error) problems.

        Args:
            include_warnings: Also fail on warnings (strict mode).

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph.io import import_pstw
            >>> sheet = Path(tempfile.mkdtemp()) / "cases.csv"
            >>> _ = sheet.write_text(
            ...     "PSTW ID,Name,Responsible organisation,Geographical coverage (country)\n"
            ...     "X-1,Chatbot,City of Z,Atlantis\n",
            ...     encoding="utf-8",
            ... )
            >>> result = import_pstw(sheet)  # an unknown country and missing columns: warnings
            >>> result.raise_for_problems()  # no error
            >>> result.raise_for_problems(include_warnings=True)
            Traceback (most recent call last):
            ...
            govgraph.DataImportError: ...cases.csv: 16 problem(s) in the pstw import: row 1, ...

        Raises:
            DataImportError: Listing the first problems with row, column and reason.
        """
        found = list(self.problems if include_warnings else self.errors)
        if not found:
            return
        shown = "; ".join(str(p) for p in found[:5])
        more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
        raise DataImportError(
            f"{self.source}: {len(found)} problem(s) in the {self.kind} import: {shown}{more}. "
            "Fix these cells and import again.",
            problems=list(found),
        )
