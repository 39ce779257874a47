"""``govgraph export``, ``govgraph validate-dcat`` and ``govgraph quality``."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import Annotated

import typer

from .._exceptions import ConfigurationError
from ._app import app
from ._common import (
    DataArg,
    EndpointOpt,
    StoreOpt,
    console,
    open_graph,
    print_json,
    progress,
)

__all__: list[str] = []


class TextOrJson(enum.StrEnum):
    """Output formats of validate-dcat and quality."""

    text = "text"
    json = "json"


@app.command("export")
def export(
    data: DataArg = None,
    dcat_ap: Annotated[
        Path | None,
        typer.Option(
            "--dcat-ap", help="Write the DCAT-AP export into this directory.", show_default=False
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url", help="URL where the files will be published.", show_default=False
        ),
    ] = None,
    publisher: Annotated[
        str | None,
        typer.Option(
            "--publisher",
            help="Publisher IRI (an EU corporate-body IRI where there is one).",
            show_default=False,
        ),
    ] = None,
    publisher_name: Annotated[
        str | None, typer.Option("--publisher-name", help="Publisher name.", show_default=False)
    ] = None,
    contact_email: Annotated[
        str | None,
        typer.Option("--contact-email", help="Contact e-mail address.", show_default=False),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Catalogue title.", show_default=False)
    ] = None,
    description: Annotated[
        str | None, typer.Option("--description", help="Catalogue description.", show_default=False)
    ] = None,
    licence: Annotated[
        str | None,
        typer.Option(
            "--licence",
            help="Licence IRI or EU licence code (default: CC_BY_4_0).",
            show_default=False,
        ),
    ] = None,
    catalog: Annotated[
        Path | None,
        typer.Option(
            "--catalog",
            help="TOML file with further catalogue options (docs/export.md).",
            show_default=False,
        ),
    ] = None,
    sparql_endpoint: Annotated[
        str | None,
        typer.Option(
            "--sparql-endpoint",
            help="SPARQL endpoint serving the graph (adds a data service).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    store: StoreOpt = None,
    endpoint: EndpointOpt = None,
) -> None:
    """Publish the graph as DCAT-AP 3.0.1: distributions plus catalog.ttl/.jsonld/.rdf."""
    if dcat_ap is None:
        raise ConfigurationError("choose an export: --dcat-ap OUTDIR")
    from ..export import export_dcat_ap, validate_dcat

    kg = open_graph(data, store=store, endpoint=endpoint)
    with progress("Exporting DCAT-AP"):
        result = export_dcat_ap(
            kg.store,
            dcat_ap,
            base_url=base_url,
            publisher=publisher,
            publisher_name=publisher_name,
            contact_email=contact_email,
            title=title,
            description=description,
            licence=licence,
            catalog_config=catalog,
            sparql_endpoint=sparql_endpoint,
            force=force,
        )
    for written in (*result.distributions, *result.catalog, result.catalog_2_1_1):
        console.print(f"wrote {written.path} ({written.byte_size} bytes)", highlight=False)
    with progress("Validating the catalogue"):
        check = validate_dcat([result.catalog[0].path, result.catalog_2_1_1.path])
    console.print(
        f"DCAT-AP validation: {check.violations} violation(s), {check.warnings} warning(s) "
        f"under {len(check.reports)} official shapes files.",
        highlight=False,
    )


CatalogsArg = Annotated[
    list[Path], typer.Argument(help="DCAT-AP catalogue files.", show_default=False)
]
TextOrJsonOpt = Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format.")]


@app.command("validate-dcat")
def validate_dcat_command(
    catalogs: CatalogsArg,
    format: TextOrJsonOpt = TextOrJson.text,
    profile: Annotated[
        str,
        typer.Option("--profile", help="auto (what the catalogue declares), 3.0.1, 2.1.1 or all."),
    ] = "auto",
) -> None:
    """Check catalogues against the official DCAT-AP shapes (exit 0 ok, 1 violations, 2 error)."""
    from ..export import validate_dcat

    if profile not in ("auto", "3.0.1", "2.1.1", "all"):
        raise ConfigurationError(f"unknown --profile {profile!r}; use auto, 3.0.1, 2.1.1 or all")
    result = validate_dcat(catalogs, profile=profile)  # type: ignore[arg-type]
    if format is TextOrJson.json:
        print_json(result.to_dict())
    else:
        sys.stdout.write(result.to_text() + "\n")
    raise typer.Exit(0 if result.conforms else 1)


@app.command("quality")
def quality_command(
    catalogs: CatalogsArg,
    format: TextOrJsonOpt = TextOrJson.text,
) -> None:
    """Score each dataset with the data.europa.eu metadata quality methodology (offline)."""
    from ..export import quality

    report = quality(catalogs)
    if format is TextOrJson.json:
        print_json(report.to_dict())
    else:
        sys.stdout.write(report.to_text() + "\n")
