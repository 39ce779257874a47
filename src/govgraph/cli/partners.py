"""``govgraph partners``, ``govgraph funding`` and ``govgraph find``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

import typer

from .._exceptions import ConfigurationError
from ..analysis import Facts, Filters, partner_alike
from ._app import app
from ._common import (
    NO_SOURCE,
    DataArg,
    RawCsvOpt,
    Source,
    progress,
    source_options,
)
from ._filters import country_filter_options, partner_filter_options
from ._output import output_option
from ._ties import cut_ties
from .analysis import FormatOpt, OutputFormat, TopOpt, _emit, _label, _labels, _specific

__all__: list[str] = []


CountryCodeOpt = Annotated[
    str | None,
    typer.Option("--country", help="Only this country (alpha-3 code).", show_default=False),
]


def _shorten(values: list[str], limit: int = 4) -> str:
    shown = "; ".join(values[:limit])
    return shown + (f" (+{len(values) - limit})" if len(values) > limit else "")


@app.command()
@partner_filter_options
@output_option
@source_options
def partners(
    data: DataArg = None,
    partner_kind: Annotated[
        str | None,
        typer.Option(
            "--partner-kind",
            help="Only partners of this kind: company or govtech.",
            show_default=False,
        ),
    ] = None,
    dependence: Annotated[
        bool,
        typer.Option(
            "--dependence",
            help="Instead: the administrations whose cases with a named partner go to one "
            "supplier (one row per administration and supplier).",
        ),
    ] = False,
    min_cases: Annotated[
        int,
        typer.Option(
            "--min-cases",
            min=1,
            help="With --dependence: fewest cases with the supplier.",
        ),
    ] = 2,
    min_share: Annotated[
        float,
        typer.Option(
            "--min-share",
            min=0.0,
            max=1.0,
            help="With --dependence: smallest share of the administration's cases with a named "
            "partner that go to the supplier (1: all).",
        ),
    ] = 1.0,
    top: TopOpt = None,
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """Companies and GovTech partners: the administrations, cases and technologies behind them.

    Partners working with the most administrations come first. The filters select the cases
    (technology, policy area, years, status) and the administrations leading them (country,
    level, kind, actor). With --dependence: the administrations that depend on one supplier
    (by default at least 2 cases, all of those with a named partner; cases whose partner is
    not named are counted apart, not guessed).
    """
    from ..analysis import partners as find_partners

    kg = source.open(data)
    if dependence:
        _dependence(kg, min_cases, min_share, top, format, raw_csv, filters, partner_kind)
        return
    facts = Facts(kg.store)  # shared with the table's hierarchy of technologies
    with progress("Listing partners"):
        found = find_partners(facts, partner_kind=partner_kind, filters=filters)
    if top is not None:  # cut here, to say when the cut falls among partners that tie
        found = cut_ties(
            found,
            top=top,
            alike=partner_alike,
            noun="partner",
            order="alphabetical order",
            lookahead=None,
        )
    records = [p.to_dict() for p in found]
    # the technologies a row names, each hierarchy once (not AI beside computer vision)
    broader = facts.broader if format is OutputFormat.table else {}

    def row(r: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "partner": _label(r, "partner"),
            "kind": r["partner_kind"] or "",
            "administrations": _shorten(_labels(r, "administrations", "administrations_labels")),
            "other leads": _shorten(_labels(r, "other_leads", "other_leads_labels")),
            "cases": len(r["initiatives"]),
            "technologies": _shorten(_specific(r, "technologies", "technologies_labels", broader)),
        }

    _emit(
        records,
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            "partner",
            "partner_label",
            "partner_kind",
            "administrations",
            "administrations_labels",
            "initiatives",
            "initiatives_labels",
            "technologies",
            "technologies_labels",
            "countries",
            "other_leads",
            "other_leads_labels",
        ],
        table_rows=row,
        # the other leads (universities, NGOs...) only where some case has them
        table_columns=[
            "partner",
            "kind",
            "administrations",
            *(["other leads"] if any(r["other_leads"] for r in records) else []),
            "cases",
            "technologies",
        ],
        title="Partners" + (f" ({filters.describe()})" if filters else ""),
        top=top,
    )


def _dependence(
    kg: Any,
    min_cases: int,
    min_share: float,
    top: int | None,
    format: OutputFormat,
    raw_csv: bool,
    filters: Filters | None,
    partner_kind: str | None,
) -> None:
    """``govgraph partners --dependence``: one row per administration and supplier."""
    from ..analysis import dependence_alike, supplier_dependence

    facts = Facts(kg.store)  # shared with the table's hierarchy of technologies
    with progress("Looking for supplier dependence"):
        found = supplier_dependence(
            facts,
            min_cases=min_cases,
            min_share=min_share,
            partner_kind=partner_kind,
            filters=filters,
        )
    if top is not None:  # cut here, to say when the cut falls among rows that tie
        found = cut_ties(
            found,
            top=top,
            alike=dependence_alike,
            noun="administration",
            order="alphabetical order",
            lookahead=None,
        )
    records = [d.to_dict() for d in found]
    broader = facts.broader if format is OutputFormat.table else {}

    def row(r: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "administration": r["administration_label"] or r["administration"],
            "supplier": _label(r, "partner"),
            "kind": r["partner_kind"] or "",
            "cases with it": f"{r['supplier_cases']} of {r['partnered_cases']}",
            "all cases": r["cases"],
            "partner not named": r["unnamed_partner_cases"],
            "technologies": _shorten(_specific(r, "technologies", "technologies_labels", broader)),
        }

    _emit(
        records,
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            "administration",
            "administration_label",
            "country",
            "partner",
            "partner_label",
            "partner_kind",
            "supplier_cases",
            "partnered_cases",
            "share",
            "unnamed_partner_cases",
            "cases",
            "administrations",
            "administrations_labels",
            "initiatives",
            "initiatives_labels",
            "technologies",
            "technologies_labels",
            "other_partners",
            "other_partners_labels",
            "because",
        ],
        table_rows=row,
        table_columns=[
            "administration",
            "supplier",
            "kind",
            "cases with it",
            "all cases",
            "partner not named",
            "technologies",
        ],
        title="Administrations depending on one supplier"
        + (f" ({filters.describe()})" if filters else ""),
        top=top,
    )


@app.command()
@source_options
@country_filter_options
def funding(
    data: DataArg = None,
    by_technology: Annotated[
        bool, typer.Option("--by-technology", help="One row per country and technology.")
    ] = False,
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
    filters: Filters | None = None,
) -> None:
    """Share of EU-funded initiatives per country (initiatives of unknown funding apart).

    A country's initiatives are those in that country, whoever leads them. The filters choose
    which initiatives count (--technology "artificial intelligence" --years 2021-); with
    --by-technology and --technology, only the rows of the technologies named (and narrower).
    """
    from ..analysis import funding_shares

    kg = source.open(data)
    with progress("Counting funding sources"):
        found = funding_shares(kg.store, by_technology=by_technology, filters=filters)
    records = [f.to_dict() for f in found]
    if format is OutputFormat.table:
        # the table names the countries: in the order of those names (csv, json: by code)
        records.sort(key=lambda r: ((r["country_label"] or r["country"]).casefold(), r["country"]))

    def row(r: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "country": f"{r['country_label']} ({r['country']})"
            if r["country_label"]
            else r["country"],
            "technology": r["technology_label"] or r["technology"] or "all",
            "EU-funded": (
                f"{r['eu_funded']} of {r['cases']} ({r['share'] * 100:.0f}%)"
                if r["cases"]
                else "no source recorded"
            ),
            "funding unknown": r["unknown"],
        }

    _emit(
        records,
        format=format,
        raw_csv=raw_csv,
        csv_columns=[
            "country",
            "country_label",
            "technology",
            "technology_label",
            "cases",
            "eu_funded",
            "share",
            "unknown",
        ],
        table_rows=row,
        table_columns=["country", "technology", "EU-funded", "funding unknown"],
        title="EU-funded initiatives" + (f" ({filters.describe()})" if filters else ""),
        top=None,
    )


@app.command()
@source_options
def find(
    data: DataArg = None,
    text: Annotated[
        str, typer.Option("--text", "-t", help="What to look for (a name or an identifier).")
    ] = "",
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only organisation, initiative, technology or policy.",
            show_default=False,
        ),
    ] = None,
    country: CountryCodeOpt = None,
    top: Annotated[int, typer.Option("--top", min=1, help="At most this many results.")] = 20,
    format: FormatOpt = OutputFormat.table,
    source: Source = NO_SOURCE,
    raw_csv: RawCsvOpt = False,
) -> None:
    """Find organisations, initiatives, technologies and policies by name or identifier.

    Usage: govgraph find DATA... TEXT (the last argument is the text when it is not a file;
    quote a text of several words: "ministry of justice"), or --text TEXT.
    """
    from ..analysis import find as find_things

    files = list(data or [])
    if not text and files and not files[-1].exists():
        text = str(files.pop())
        # "govgraph find data.ttl ministry justice": words of the text taken for files
        words: list[str] = []
        while files and not files[-1].exists() and not files[-1].suffix:
            words.insert(0, str(files.pop()))
        if words:
            said = " ".join([*words, text])
            raise ConfigurationError(
                f"{', '.join(words)}: no such file; to look for several words, quote them: "
                f'govgraph find DATA... "{said}" (or --text "{said}")'
            )
    kg = source.open(files or None)
    found = find_things(kg.store, text, kind=kind, country=country, top=top)
    records = [f.to_dict() for f in found]

    def row(r: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "name": r["label"] or r["iri"],
            "other names": _shorten(list(r["alt_labels"]), 3),
            "kind": r["kind"],
            "country": r["country"] or "",
            "score": f"{r['score']:.0f}",
        }

    _emit(
        records,
        format=format,
        raw_csv=raw_csv,
        csv_columns=["iri", "label", "alt_labels", "kind", "country", "score"],
        table_rows=row,
        table_columns=["name", "other names", "kind", "country", "score"],
        title=f"Found: {text}",
        top=top,
    )
