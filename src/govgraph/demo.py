"""``govgraph demo``: the whole job, end to end, on the bundled real data.

The demo is a list of :class:`DemoStep` objects run in order on one :class:`DemoContext`
(a :class:`~govgraph.GovGraph` plus an output folder). Other features add their step by
appending to :data:`STEPS` with a small edit, e.g.::

    def _synergies(ctx: DemoContext) -> dict[str, Any]:
        found = ctx.graph.synergies()
        ctx.write_json("synergies.json", [s.to_dict() for s in found])
        return {"synergies": len(found)}

    STEPS.append(DemoStep("synergies", "Find synergies", _synergies, long=True))

A step returns a small JSON-ready summary (shown on the terminal and saved in
``demo-summary.json``); files it writes go through :meth:`DemoContext.write_json` /
:meth:`DemoContext.path` so they land in the output folder and are listed.

Data used: the JRC Public Sector Tech Watch cases (and, for the change between releases, the
2022 Innovative Public Services cases), the ESCO digital, DigComp and transversal
skills, COFOG, and a small **ILLUSTRATIVE** organisation chart, policy register and skills
inventory of a few European Commission DGs (``data/illustrative/``: invented figures, marked as
such in the files and in the output).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDF, Literal
from rdflib.namespace import DCTERMS, PROV, SKOS

from ._demo_context import (
    ILLUSTRATIVE_DATASET,
    ILLUSTRATIVE_FILES,
    ILLUSTRATIVE_NOTE,
    DemoContext,
    DemoResult,
    DemoStep,
    StepResult,
    no_progress,
)
from ._exceptions import ExportError
from ._resources import data_path

if TYPE_CHECKING:
    from ._graph import GovGraph

__all__ = [
    "ILLUSTRATIVE_FILES",
    "ILLUSTRATIVE_NOTE",
    "STEPS",
    "DemoContext",
    "DemoResult",
    "DemoStep",
    "StepResult",
    "run_demo",
]


# ---------------------------------------------------------------------------------- steps
def _import_step(name: str, attr: str) -> Callable[[DemoContext], dict[str, Any]]:
    def run(ctx: DemoContext) -> dict[str, Any]:
        result = getattr(ctx.graph, attr)()
        ctx.imports[name] = result
        return {
            **dict(result.counts),
            "triples": len(result.graph),
            "unmapped_or_rejected": len(result.problems),
        }

    return run


def _import_illustrative(ctx: DemoContext) -> dict[str, Any]:
    summary: dict[str, Any] = {}
    for kind, file_name in ILLUSTRATIVE_FILES.items():
        result = ctx.graph.import_spreadsheet(
            data_path("illustrative", file_name), kind=kind, note=ILLUSTRATIVE_NOTE
        )
        ctx.imports[f"illustrative-{kind}"] = result
        summary[kind] = result.counts["imported"]
        ctx.advance(1)
    d = ILLUSTRATIVE_DATASET
    ctx.graph.add(
        [
            (d, RDF.type, PROV.Entity),
            (
                d,
                DCTERMS.title,
                Literal(
                    "ILLUSTRATIVE skills inventory and policy register of Commission DGs", lang="en"
                ),
            ),
            (d, DCTERMS.description, Literal(ILLUSTRATIVE_NOTE, lang="en")),
            (d, SKOS.note, Literal("ILLUSTRATIVE", lang="en")),
        ]
    )
    summary["note"] = "ILLUSTRATIVE (invented figures)"
    return summary


def _validate(ctx: DemoContext) -> dict[str, Any]:
    report = ctx.graph.validate()
    ctx.validation = report
    ctx.write_json("validation.json", report.to_dict())
    severities: dict[str, int] = {}
    for r in report.results:
        key = str(getattr(r.severity, "value", r.severity))
        severities[key] = severities.get(key, 0) + 1
    return {"conforms": report.conforms, "results": len(report.results), **severities}


def _write_graph(ctx: DemoContext) -> dict[str, Any]:
    target = ctx.path("govgraph-demo.ttl")
    ctx.graph.serialize(target, format="turtle")  # atomic: GovGraph.serialize
    return {"file": target.name, "triples": len(ctx.graph)}


def _write_import_report(ctx: DemoContext) -> dict[str, Any]:
    payload = {
        "imports": {name: result.to_dict() for name, result in ctx.imports.items()},
        "illustrative": {
            "note": ILLUSTRATIVE_NOTE,
            "imports": [n for n in ctx.imports if n.startswith("illustrative-")],
        },
    }
    ctx.write_json("import-report.json", payload)
    return {
        "file": "import-report.json",
        "problems": sum(len(r.problems) for r in ctx.imports.values()),
    }


def _analysis(ctx: DemoContext) -> dict[str, Any]:
    from .analysis import write_analysis_outputs

    summary = write_analysis_outputs(ctx.graph.store, ctx.out_dir)
    for name in summary.pop("files"):
        ctx.path(name)
    summary["note"] = (
        "skill and governance gaps rest on the ILLUSTRATIVE Commission inventory; actors "
        "without an inventory are listed as no-inventory (unknown, not missing)"
    )
    return summary


#: The demo's steps, in order. Add yours with ``STEPS.append(DemoStep(...))`` (or insert it
#: before "write-graph" if it adds triples that should be in the written graph).
STEPS: list[DemoStep] = [
    DemoStep(
        "import-pstw",
        "Import JRC Public Sector Tech Watch cases",
        _import_step("pstw", "import_pstw"),
        long=True,
    ),
    DemoStep(
        "import-esco",
        "Import ESCO digital, DigComp and transversal skills",
        _import_step("esco", "import_esco"),
    ),
    DemoStep(
        "import-cofog",
        "Import COFOG functions of government",
        _import_step("cofog", "import_cofog"),
    ),
    DemoStep(
        "import-illustrative", "Import ILLUSTRATIVE Commission DG inventory", _import_illustrative
    ),
    DemoStep(
        "import-desi",
        "Import the Digital Economy and Society Index 2022 (country capacity)",
        _import_step("desi", "import_desi"),
    ),
    DemoStep("validate", "Validate against the govgraph shapes", _validate, long=True),
    DemoStep("write-graph", "Write the merged graph", _write_graph),
    DemoStep("write-import-report", "Write the import report", _write_import_report),
    DemoStep(
        "analysis",
        "Find synergies (Commission DGs / national administrations), skill, governance and "
        "capacity gaps, partners, supplier dependence and funding",
        _analysis,
        long=True,
    ),
]


def _change(ctx: DemoContext) -> dict[str, Any]:
    """What changed between the 2022 release (IPS) and the 2025 one (PSTW); adoption counts."""
    from ._graph import GovGraph
    from .io import write_tables
    from .io.pstw import PSTW_DATASET

    previous = GovGraph()
    imported = previous.import_ips()
    ctx.imports["ips-2022"] = imported
    ctx.extra["previous_release"] = previous
    ctx.advance(1)
    changes = previous.diff(ctx.graph, new_dataset=str(PSTW_DATASET))
    ctx.write_json("change-2022-2025.json", changes.to_dict())
    readme = {
        "what": "govgraph diff: the 2022 release (IPS explorer) against the 2025 one (PSTW)",
        "definitions": "govgraph documentation, Change over time (docs/change.md)",
    }
    write_tables(changes.tables(), ctx.path("change-2022-2025.xlsx"), readme=readme)
    counted = ctx.graph.adoption(by="country,technology", dataset=str(PSTW_DATASET))
    write_tables(
        counted.tables(),
        ctx.path("adoption.xlsx"),
        readme={
            "what": "govgraph adoption: PSTW cases by country and technology",
            "cases counted": counted.total,
            "definitions": "govgraph documentation, Change over time (docs/change.md)",
        },
    )
    ctx.advance(1)
    moved = sorted(
        (t for t in changes.transitions if t["from"] != t["to"]), key=lambda t: -int(t["count"])
    )
    summary = changes.summary
    return {
        "cases 2022": summary["old_cases"],
        "cases 2025": summary["new_cases"],
        "found again": summary["matched"],
        "new": summary["new"],
        "no longer listed": summary["gone"],
        "to production": summary["scaled_to_production"],
        "abandoned": summary["abandoned"],
        "ambiguous": summary["ambiguous"],
        "top moves": "; ".join(f"{t['from']} -> {t['to']}: {t['count']}" for t in moved[:3]),
    }


STEPS.append(
    DemoStep(
        "change",
        "Compare the 2022 release with PSTW 2025 (pilot to production), count adoption",
        _change,
        long=True,
    )
)


def _report(ctx: DemoContext) -> dict[str, Any]:
    from .report import ReportOptions, write_report

    target = ctx.path("report.html")
    options = ReportOptions(
        title="govgraph demo: real PSTW, ESCO and COFOG data + ILLUSTRATIVE DG inventory",
        validate=False,  # the validate step's report is reused below (when it ran)
    )
    previous = ctx.extra.get("previous_release")
    write_report(
        ctx.graph.store,
        target,
        options,
        validation=ctx.validation,
        previous=previous.store if previous is not None else None,
    )
    return {"file": str(target)}


STEPS.append(
    DemoStep(
        "report",
        "Write the HTML report (adoption, release flow, synergy network, skills-gap heat map)",
        _report,
        long=True,
    )
)


#: Where the demo pretends to publish its files, and who publishes them (the JRC, which
#: publishes the Public Sector Tech Watch data).
DEMO_BASE_URL = "https://example.org/govgraph-demo/"
DEMO_PUBLISHER = "http://publications.europa.eu/resource/authority/corporate-body/JRC"


def _dcat(ctx: DemoContext) -> dict[str, Any]:
    from .export import quality, validate_dcat

    out = ctx.path("dcat-ap")
    tables = {
        "governance-gaps": ctx.graph.governance_gaps(),
        "top-synergies": ctx.graph.synergies(by="all", top=200),
    }
    result = ctx.graph.export_dcat_ap(
        out,
        base_url=DEMO_BASE_URL,
        publisher=DEMO_PUBLISHER,
        publisher_name="Joint Research Centre",
        contact_email="govgraph-demo@example.org",
        title="govgraph demo: public-sector technology adoption (PSTW) with ESCO and COFOG",
        description=(
            "Governance knowledge graph built by `govgraph demo` from the JRC Public Sector "
            "Tech Watch cases, ESCO skills and COFOG, plus an ILLUSTRATIVE Commission DG "
            "inventory with invented figures."
        ),
        extra_tables=tables,
        force=True,
    )
    catalogues = [result.catalog[0].path, result.catalog_2_1_1.path]
    checked = validate_dcat(catalogues)
    score = quality(result.catalog[0].path)
    ctx.write_json("dcat-ap-validation.json", checked.to_dict())
    ctx.write_json("dcat-ap-quality.json", score.to_dict())
    datasets = score.to_dict()["datasets"]
    return {
        "catalogue": str(result.catalog[0].path),
        "shapes files": len(checked.reports),
        "violations": checked.violations,
        "warnings": checked.warnings,
        "quality (offline)": "; ".join(f"{d['points']:g}/{d['max_offline']}" for d in datasets),
    }


STEPS.append(
    DemoStep(
        "dcat-ap",
        "Export DCAT-AP 3.0.1 + 2.1.1, check the official shapes and the MQA score",
        _dcat,
        long=True,
    )
)


def run_demo(
    out_dir: str | Path = "demo-output",
    *,
    steps: list[DemoStep] | None = None,
    graph: GovGraph | None = None,
    on_start: Callable[[DemoStep, DemoContext], None] | None = None,
    on_end: Callable[[DemoStep, StepResult], None] | None = None,
) -> DemoResult:
    """Run the demo steps and write their outputs to ``out_dir``.

    Args:
        out_dir: Output folder (created if missing; files in it are replaced).
        steps: The steps to run (default: :data:`STEPS`).
        graph: The graph to fill (default: a new in-memory graph).
        on_start: Called before each step (the CLI starts a progress bar there and may set
            ``ctx.advance``).
        on_end: Called after each step with its result.

    Returns:
        The :class:`DemoResult`; ``demo-summary.json`` in ``out_dir`` holds the same.

    Examples:
        The whole demo imports the real data and takes a minute or more, so it is not run here:

        >>> from govgraph.demo import run_demo
        >>> result = run_demo("demo-output")  # doctest: +SKIP
        >>> [step.name for step in result.steps][:3]  # doctest: +SKIP
        ['import-pstw', 'import-esco', 'import-cofog']

        Your own steps run the same way, on a graph of your choice:

        >>> import tempfile
        >>> from govgraph import GovGraph
        >>> from govgraph.demo import DemoStep
        >>> def count(ctx):
        ...     ctx.write_json("count.json", {"triples": len(ctx.graph)})
        ...     return {"triples": len(ctx.graph)}
        >>> result = run_demo(
        ...     tempfile.mkdtemp(), steps=[DemoStep("count", "Count", count)],
        ...     graph=GovGraph.example(),
        ... )
        >>> [(s.name, s.summary) for s in result.steps], [f.name for f in result.files]
        ([('count', {'triples': 178})], ['count.json', 'demo-summary.json'])

    Raises:
        ExportError: ``out_dir`` is a file, or an output file cannot be written; the steps
            raise what the library functions they call raise.
    """
    from ._graph import GovGraph

    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} exists and is not a folder; choose another output folder")
    folder.mkdir(parents=True, exist_ok=True)
    ctx = DemoContext(out_dir=folder, graph=graph if graph is not None else GovGraph())
    results: list[StepResult] = []
    for step in steps if steps is not None else STEPS:
        if on_start is not None:
            on_start(step, ctx)
        started = time.perf_counter()
        summary = step.run(ctx) or {}
        result = StepResult(step.name, step.title, time.perf_counter() - started, summary)
        results.append(result)
        ctx.advance = no_progress
        if on_end is not None:
            on_end(step, result)
    summary_path = ctx.path("demo-summary.json")
    demo = DemoResult(
        out_dir=folder, steps=tuple(results), files=tuple(ctx.files), triples=len(ctx.graph)
    )
    ctx.write_json(summary_path.name, demo.to_dict())
    return demo


from ._public import publish as _publish  # noqa: E402

_publish(globals())
