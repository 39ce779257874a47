"""``govgraph reason``: OWL consistency check and inferred types (owlready2 + HermiT)."""

from __future__ import annotations

import enum
from typing import Annotated

import typer
from rich.markup import escape

from ..reasoning import DEFAULT_JAVA_MEMORY, DEFAULT_TIMEOUT
from ._app import app
from ._common import (
    NO_SOURCE,
    DataArg,
    Source,
    console,
    print_json,
    progress,
    source_options,
)


class ReasonFormat(enum.StrEnum):
    """Output formats of ``govgraph reason``."""

    text = "text"
    json = "json"


class Reasoner(enum.StrEnum):
    """OWL reasoners bundled with owlready2."""

    hermit = "hermit"
    pellet = "pellet"


@app.command()
@source_options
def reason(
    data: DataArg = None,
    format: Annotated[
        ReasonFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReasonFormat.text,
    reasoner: Annotated[
        Reasoner, typer.Option("--reasoner", help="OWL reasoner (HermiT is the default).")
    ] = Reasoner.hermit,
    java_memory: Annotated[
        int,
        typer.Option(
            "--java-memory", metavar="MB", min=16, help="Java heap of the reasoner in MB."
        ),
    ] = DEFAULT_JAVA_MEMORY,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", metavar="S", min=0.1, help="Stop the reasoner after this many seconds."
        ),
    ] = DEFAULT_TIMEOUT,
    infer_property_values: Annotated[
        bool,
        typer.Option(
            "--infer-property-values",
            help="Also derive object-property values (e.g. transitive unit containment); slower.",
        ),
    ] = False,
    source: Source = NO_SOURCE,
) -> None:
    """Check that the data makes sense against the govgraph ontology and show inferred types.

    Loads the ontology and the data into a temporary owlready2 world (owl:imports are never
    followed) and runs HermiT (needs Java 17+). Exit code 0: consistent; 1: inconsistent (the
    clashing individuals are named); 2: error (no Java, out of memory, timeout, bad input).
    """
    kg = source.open(data)
    with progress(f"Reasoning with {reasoner.value}"):
        result = kg.reason(
            reasoner=reasoner.value,
            java_memory=java_memory,
            timeout=timeout,
            infer_property_values=infer_property_values,
        )
    if format is ReasonFormat.json:
        print_json(result.to_dict())
    elif result.consistent:
        console.print(
            f"The data is [green]consistent[/green] with the govgraph ontology "
            f"({reasoner.value}, {result.seconds:.1f} s); "
            f"{len(result.inferred_types)} inferred type(s).",
            highlight=False,
            soft_wrap=True,
        )
        for t in result.inferred_types:
            console.print(
                f"  <{escape(t.individual)}> is a <{escape(t.type)}>",
                highlight=False,
                soft_wrap=True,
            )
        if result.inferred_relations:
            console.print(f"{len(result.inferred_relations)} inferred relation(s):")
            for r in result.inferred_relations:
                console.print(
                    f"  <{escape(r.subject)}> <{escape(r.property)}> <{escape(r.object)}>",
                    highlight=False,
                    soft_wrap=True,
                )
    else:
        names = ", ".join(f"<{i}>" for i in result.inconsistent_individuals) or "(not singled out)"
        console.print(
            f"The data is [red]inconsistent[/red] with the govgraph ontology ({reasoner.value}). "
            f"Individuals in conflict: {escape(names)}",
            highlight=False,
            soft_wrap=True,
        )
        for clash in result.explanation:
            console.print(
                f"[red]Clash[/red] {escape(clash.message)}", highlight=False, soft_wrap=True
            )
            if clash.axiom:
                console.print(f"  axiom: {escape(clash.axiom)}", highlight=False, soft_wrap=True)
    raise typer.Exit(0 if result.consistent else 1)
