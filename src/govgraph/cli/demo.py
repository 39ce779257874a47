"""``govgraph demo``: run the whole job on the bundled real data."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from ._app import app, state
from ._common import console, err_console

__all__: list[str] = []


def _fmt(summary: dict[str, Any]) -> str:
    parts = []
    for key, value in summary.items():
        if isinstance(value, int) and not isinstance(value, bool):
            parts.append(f"{key.replace('_', ' ')} {value:,}")
        else:
            parts.append(f"{key.replace('_', ' ')} {value}")
    return ", ".join(parts)


@app.command("demo")
def demo(
    out: Annotated[Path, typer.Option("--out", help="Output folder (created if missing).")] = Path(
        "demo-output"
    ),
) -> None:
    """Run the whole job on the bundled data, writing everything to --out.

    Imports the JRC PSTW cases, ESCO skills, COFOG and an ILLUSTRATIVE Commission DG inventory,
    validates them and runs the analyses and exports.
    """
    from ..demo import DemoContext, DemoStep, StepResult, run_demo

    show_bars = not state.quiet and err_console.is_terminal
    stack = ExitStack()
    current: dict[str, Any] = {}

    def on_start(step: DemoStep, ctx: DemoContext) -> None:
        if not show_bars:
            err_console.print(f"- {step.title} ...") if not state.quiet else None
            return
        bar = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
        )
        stack.enter_context(bar)
        task = bar.add_task(step.title, total=None)
        current["bar"] = bar

        def advance(n: float = 1) -> None:
            bar.advance(task, n)

        ctx.advance = advance

    def on_end(step: DemoStep, result: StepResult) -> None:
        bar = current.pop("bar", None)
        if bar is not None:
            bar.stop()
        if not state.quiet:
            err_console.print(f"[green]done[/green] {step.title} ({result.seconds:.1f} s)")

    try:
        result = run_demo(out, on_start=on_start, on_end=on_end)
    finally:
        stack.close()

    table = Table(title=f"govgraph demo: {result.triples:,} triples in {result.seconds:.1f} s")
    table.add_column("step")
    table.add_column("seconds", justify="right")
    table.add_column("result", overflow="fold")
    for step in result.steps:
        table.add_row(step.title, f"{step.seconds:.1f}", _fmt(step.summary))
    console.print(table)
    console.print(
        "[bold]Note:[/bold] the Commission DG organisation chart, policy register and skills inventory "
        "are ILLUSTRATIVE (invented figures, see data/illustrative/)."
    )
    console.print("Outputs in " + str(out) + ": " + ", ".join(p.name for p in result.files))
