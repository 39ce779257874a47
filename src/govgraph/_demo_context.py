"""The demo's shared state and results (:class:`DemoContext`, :class:`DemoResult`...).

Split from :mod:`govgraph.demo`, which exports them and runs the steps.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from ._exceptions import ExportError
from .io import write_atomic

if TYPE_CHECKING:
    from ._graph import GovGraph
    from .io import ImportResult
    from .validation import ValidationReport

__all__ = [
    "ILLUSTRATIVE_DATASET",
    "ILLUSTRATIVE_FILES",
    "ILLUSTRATIVE_NOTE",
    "DemoContext",
    "DemoResult",
    "DemoStep",
    "StepResult",
    "no_progress",
]

#: Added as ``skos:note`` to every illustrative organisation, policy, initiative and competency.
ILLUSTRATIVE_NOTE = "ILLUSTRATIVE example data for the govgraph demo: invented, not real figures."
#: The illustrative spreadsheets (kind -> file under ``data/illustrative``).
ILLUSTRATIVE_FILES: dict[str, str] = {
    "organisations": "ILLUSTRATIVE_commission_organisations.csv",
    "policies": "ILLUSTRATIVE_commission_policies.csv",
    "initiatives": "ILLUSTRATIVE_commission_initiatives.csv",
    "competencies": "ILLUSTRATIVE_commission_competencies.csv",
}
ILLUSTRATIVE_DATASET = URIRef(
    "https://w3id.org/govgraph/id/dataset/illustrative-commission-inventory"
)


def no_progress(n: float = 1) -> None:
    """Default ``advance``: no progress bar.

    A step calls ``ctx.advance(n)`` as its work goes on; the command line sets it to move the
    step's progress bar (``on_start`` of :func:`run_demo`), and :func:`run_demo` sets it back
    to this no-op after each step.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph import GovGraph
        >>> from govgraph.demo import DemoContext
        >>> ctx = DemoContext(out_dir=Path(tempfile.mkdtemp()), graph=GovGraph.example())
        >>> ctx.advance(1)  # nothing to move
        >>> moved = []
        >>> ctx.advance = moved.append  # what a progress bar would do
        >>> ctx.advance(2)
        >>> moved
        [2]
    """


@dataclass
class DemoContext:
    """State shared by the demo steps.

    Attributes:
        out_dir: The output folder (created by :func:`run_demo`).
        graph: The graph everything is loaded into.
        imports: Import results by name (``pstw``, ``esco``, ``cofog``, ``illustrative-...``).
        validation: The validation report once the ``validate`` step has run.
        files: Files written so far.
        advance: Moves the current step's progress bar (``advance(n)``); a no-op by default.
        extra: Free room for steps to pass results to later steps.
    """

    out_dir: Path
    graph: GovGraph
    imports: dict[str, ImportResult] = field(default_factory=dict)
    validation: ValidationReport | None = None
    files: list[Path] = field(default_factory=list)
    advance: Callable[[float], None] = no_progress
    extra: dict[str, Any] = field(default_factory=dict)

    def path(self, name: str) -> Path:
        """Return the path of an output file (inside ``out_dir``) and record it.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph import GovGraph
            >>> from govgraph.demo import DemoContext
            >>> ctx = DemoContext(out_dir=Path(tempfile.mkdtemp()), graph=GovGraph.example())
            >>> target = ctx.path("tables/synergies.csv")
            >>> target.relative_to(ctx.out_dir.resolve()).as_posix(), ctx.files == [target]
            ('tables/synergies.csv', True)
            >>> ctx.path("../elsewhere.csv")
            Traceback (most recent call last):
            ...
            govgraph.ExportError: output file '../elsewhere.csv' would leave the output folder ...

        Raises:
            ExportError: The name would leave the output folder.
        """
        target = (self.out_dir / name).resolve()
        if self.out_dir.resolve() not in target.parents:
            raise ExportError(f"output file {name!r} would leave the output folder {self.out_dir}")
        if target not in self.files:
            self.files.append(target)
        return target

    def write_json(self, name: str, payload: Any) -> Path:
        """Write JSON (UTF-8, indented) into the output folder; returns its path.

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph import GovGraph
            >>> from govgraph.demo import DemoContext
            >>> ctx = DemoContext(out_dir=Path(tempfile.mkdtemp()), graph=GovGraph.example())
            >>> written = ctx.write_json("summary.json", {"triples": len(ctx.graph)})
            >>> print(written.read_text(encoding="utf-8"), end="")
            {
              "triples": 178
            }
            >>> ctx.files == [written]
            True

        Raises:
            ExportError: The name would leave the output folder, or the file cannot be written.
        """
        target = self.path(name)
        write_atomic(target, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        return target


@dataclass(frozen=True)
class DemoStep:
    """One step of the demo.

    Attributes:
        name: Short id (``import-pstw``), used as key in the summary.
        title: What the terminal shows.
        run: The work; returns a JSON-ready summary dict (or ``None``).
        long: Whether the terminal shows a progress bar for it.
    """

    name: str
    title: str
    run: Callable[[DemoContext], dict[str, Any] | None]
    long: bool = False


@dataclass(frozen=True)
class StepResult:
    """How a step went: its summary and duration."""

    name: str
    title: str
    seconds: float
    summary: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        Examples:
            >>> from govgraph.demo import StepResult
            >>> step = StepResult("check", "Check", 12.3456, {"conforms": True})
            >>> step.to_dict()  # seconds rounded to hundredths
            {'name': 'check', 'title': 'Check', 'seconds': 12.35, 'summary': {'conforms': True}}
        """
        return {
            "name": self.name,
            "title": self.title,
            "seconds": round(self.seconds, 2),
            "summary": self.summary,
        }


@dataclass(frozen=True)
class DemoResult:
    """What the demo produced."""

    out_dir: Path
    steps: tuple[StepResult, ...]
    files: tuple[Path, ...]
    triples: int

    @property
    def seconds(self) -> float:
        """Total run time of the steps.

        Examples:
            >>> from pathlib import Path
            >>> from govgraph.demo import DemoResult, StepResult
            >>> result = DemoResult(
            ...     out_dir=Path("demo-output"),
            ...     steps=(StepResult("a", "A", 1.5, {}), StepResult("b", "B", 2.25, {})),
            ...     files=(),
            ...     triples=178,
            ... )
            >>> result.seconds
            3.75
        """
        return sum(s.seconds for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict.

        It is what ``demo-summary.json`` holds, with the note on the illustrative data.

        Examples:
            >>> import json
            >>> from pathlib import Path
            >>> from govgraph.demo import DemoResult, StepResult
            >>> result = DemoResult(
            ...     out_dir=Path("demo-output"),
            ...     steps=(StepResult("write-graph", "Write the merged graph", 0.4, {}),),
            ...     files=(Path("demo-output") / "govgraph-demo.ttl",),
            ...     triples=178,
            ... )
            >>> data = result.to_dict()
            >>> data["triples"], data["seconds"], data["files"], data["steps"][0]["name"]
            (178, 0.4, ['demo-output/govgraph-demo.ttl'], 'write-graph')
            >>> data["illustrative_data"]["note"].startswith("ILLUSTRATIVE")
            True
            >>> json.loads(json.dumps(data)) == data
            True
        """
        return {
            "out_dir": str(self.out_dir),
            "triples": self.triples,
            "seconds": round(self.seconds, 2),
            "steps": [s.to_dict() for s in self.steps],
            "files": [str(f) for f in self.files],
            "illustrative_data": {
                "note": ILLUSTRATIVE_NOTE,
                "files": [f"data/illustrative/{f}" for f in ILLUSTRATIVE_FILES.values()],
            },
        }
