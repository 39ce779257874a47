"""Import the JRC Public Sector Tech Watch (PSTW) cases into the govgraph vocabulary.

One ``gg:Initiative`` per case; organisations keyed by folded name and country (EU bodies: one
organisation whatever the country); technologies merged into the shipped technology scheme;
COFOG level I and II as ``gg:policyArea``. The mapping is documented in ``docs/import.md``.

The parts are reusable by the importers of the other Tech Watch releases: row parsing in
``_pstw_rows``, organisation categories in ``_categories`` (public:
:func:`organisation_category`), organisation grouping in ``_organisations``, the graph in
``_pstw_graph``.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from .._resources import data_path
from ._categories import ORGANISATION_CATEGORIES, OrganisationCategory, organisation_category
from ._organisations import OrganisationSighting, group_organisations
from ._own_categories import read_categories
from ._partner_orgs import join_partners
from ._partners import PartnerIndex
from ._pstw_graph import build_graph
from ._pstw_rows import (
    C_CATEGORY,
    C_COMPANY,
    C_COUNTRY,
    ORG_ALIAS_NAMES,
    ORG_ALIASES,
    CaseReader,
)
from ._resolve import DEFAULT_THRESHOLD, AliasTable, read_aliases
from ._result import ImportResult
from ._table import TableLimits, read_table
from .cofog import cofog_index

__all__ = [
    "ORGANISATION_CATEGORIES",
    "ORG_ALIASES",
    "PSTW_DATASET",
    "OrganisationCategory",
    "import_pstw",
    "organisation_category",
]

#: The JRC dataset every imported case is derived from (CC BY 4.0).
PSTW_DATASET = URIRef("http://data.europa.eu/89h/e8e7bddd-8510-4936-9fa6-7e1b399cbd92")


def import_pstw(
    path: str | Path | None = None,
    *,
    sheet: str | None = None,
    strict: bool = False,
    cofog: str | Path | None = None,
    dataset: str | None = None,
    limits: TableLimits | None = None,
    aliases: str | Path | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    categories: str | Path | None = None,
) -> ImportResult:
    r"""Import a Public Sector Tech Watch export (xlsx or CSV) as govgraph RDF.

    Each case becomes a ``gg:Initiative`` (``initiative/PSTW-12``) with its name, description,
    status, years, country (``dct:spatial``), lead organisation (``gg:ledBy``), technologies
    (``gg:usesTechnology``) and COFOG functions (``gg:policyArea``). The output includes the
    technology scheme, the COFOG divisions and groups, the levels, statuses and countries it
    refers to, so it can be queried on its own. Bad cells never stop the import: they are listed
    in ``result.problems`` with row, column and reason.

    Args:
        path: The PSTW file; by default the copy shipped with govgraph
            (``data/pstw/pstw_dataset.xlsx``).
        sheet: The worksheet to read (default: the one with a "PSTW ID" header).
        strict: Raise instead of returning when any problem (even a warning) was found.
        cofog: A COFOG SKOS file to match against (default: the shipped one).
        dataset: IRI of the source dataset for ``prov:wasDerivedFrom`` (default: the JRC PSTW
            dataset ``http://data.europa.eu/89h/e8e7bddd-...``).
        limits: Bounds on the file read (rows, columns, cell size, xlsx part sizes); default
            :data:`govgraph.io.DEFAULT_LIMITS`.
        aliases: A CSV of name overrides for the entity resolution (columns ``name``,
            ``same_as``, optionally ``country``; an empty ``same_as`` keeps a name apart). A
            node holding a name of a row is named (label and IRI) after its ``same_as``.
        threshold: Similarity (0..100) from which two organisation names of one country and
            level are merged (place names need at least 94).
        categories: A CSV giving named organisations their own category (columns ``name``,
            ``category``, optionally ``country`` and ``why``), on top of the shipped
            ``data/pstw/categories.csv``: a ministry or a university that PSTW files as the
            lead of a "Consortium" is then a public administration or a research body.

    Returns:
        The :class:`ImportResult`; ``counts`` holds ``rows``, ``initiatives``, ``organisations``,
        ``public_administrations``, ``other_organisations``, ``merged_names``, ``partners``,
        ``partners_joined`` (partners that are an organisation of the import: one node),
        ``countries``, ``technologies``, ``policy_areas``, ``rows_rejected``, ``problems``.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph.io import import_pstw
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     sheet = Path(folder) / "cases.csv"
        ...     _ = sheet.write_text(
        ...         "PSTW ID,Name,Responsible organisation,Responsible organisation category,"
        ...         "Geographical coverage (country),Status\n"
        ...         "X-1,Chatbot,Municipality of Utrecht,Local government,Netherlands,Pilot\n"
        ...         "X-2,Sensors,Gemeente Utrecht,Local government,Netherlands,Implemented\n"
        ...         "X-3,Ledger,City of Z,Local government,Atlantis,Planned\n"
        ...         "X-3,Copy,City of Z,Local government,Netherlands,Planned\n",
        ...         encoding="utf-8",
        ...     )
        ...     result = import_pstw(sheet)
        >>> [result.counts[k] for k in ("initiatives", "public_administrations", "merged_names")]
        [3, 2, 1]
        >>> [(p.row, p.reason) for p in result.errors]
        [(5, 'duplicate ID (first used in row 4); row skipped')]
        >>> [(p.row, p.value) for p in result.warnings if p.row != 1]  # row 1: missing columns
        [(4, 'Atlantis')]

    Raises:
        DataImportError: The file (or the aliases or categories file) cannot be read, is over a limit or
            lacks a required column, or ``strict`` is set and problems were found.
    """
    source = Path(path) if path is not None else data_path("pstw", "pstw_dataset.xlsx")
    table = read_table(source, sheet=sheet, required=("PSTW ID",), limits=limits)
    # Known spellings, by hand: the built-in ones, the shipped table on top (then the user's).
    alias_table = AliasTable(
        same_as={(name, ""): target for name, target in ORG_ALIASES.items()},
        written={target: ORG_ALIAS_NAMES.get(target, target) for target in ORG_ALIASES.values()},
    ).overridden_by(read_aliases(data_path("pstw", "aliases.csv")))
    if aliases is not None:
        alias_table = alias_table.overridden_by(read_aliases(aliases))
    category_table = read_categories(data_path("pstw", "categories.csv"))
    if categories is not None:
        category_table = category_table.overridden_by(read_categories(categories))
    index = cofog_index(cofog)
    reader = CaseReader(table, cofog=index)
    reader.check_columns()
    cases = reader.parse_rows()
    orgs, by_case, merges = group_organisations(
        (
            OrganisationSighting(
                c.row, c.ident, c.org_name, c.org_key, c.country, c.category, c.org_raw
            )
            for c in cases
        ),
        problem=lambda row, message, about: reader.problem(
            row, C_COUNTRY if about == "country" else C_CATEGORY, None, message
        ),
        aliases=alias_table,
        threshold=threshold,
        categories=category_table,
    )
    lead = {ident: orgs[key].iri for ident, key in by_case.items()}
    partner_index = PartnerIndex()
    for case in cases:
        for mention in case.partners:
            # GovTech: a mention with a GovTech ID, or the one partner of a GovTech case.
            govtech = bool(mention.ids) or (
                len(case.partners) == 1
                and (
                    case.govtech
                    or (case.collaboration is not None and case.collaboration.code == "govtech")
                )
            )
            partner_index.add(case.row, case.ident, mention, govtech=govtech)
    partners, notes = partner_index.resolve()
    # A partner named like one organisation of the import is that organisation's node.
    joined, joined_notes = join_partners(
        partner_index.partners.values(), orgs.values(), aliases=alias_table, threshold=threshold
    )
    merges.extend(joined)
    for row, message in [*notes, *joined_notes]:
        reader.problem(row or None, C_COMPANY, None, message)
    graph, counts = build_graph(
        cases,
        list(orgs.values()),
        lead,
        partners=partners,
        dataset=URIRef(dataset) if dataset else PSTW_DATASET,
        cofog=index,
    )
    problems = reader.problems
    counts["rows"] = len(table.rows)
    counts["merged_names"] = len(merges)
    counts["rows_rejected"] = len({p.row for p in problems if p.severity == "error" and p.row})
    counts["problems"] = len(problems)
    order = {
        k: i
        for i, k in enumerate(
            [
                "rows",
                "initiatives",
                "organisations",
                "public_administrations",
                "other_organisations",
                "administrative_units",
                "merged_names",
                "partners",
                "partners_joined",
                "eu_funded",
                "countries",
                "technologies",
                "policy_areas",
                "rows_rejected",
                "problems",
            ]
        )
    }
    result = ImportResult(
        graph=graph,
        kind="pstw",
        source=str(source),
        counts=dict(sorted(counts.items(), key=lambda kv: order.get(kv[0], 99))),
        problems=tuple(sorted(problems, key=lambda p: p.row or 0)),
        merges=tuple(sorted(merges, key=lambda m: (m.organisation, m.name))),
    )
    if strict:
        result.raise_for_problems(include_warnings=True)
    return result
