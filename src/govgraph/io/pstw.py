"""Import the JRC Public Sector Tech Watch (PSTW) cases into the govgraph vocabulary.

One ``gg:Initiative`` per case; organisations keyed by folded name and country (EU bodies: one
organisation whatever the country); technologies merged into the shipped technology scheme;
COFOG level I and II as ``gg:policyArea``. The mapping is documented in ``docs/import.md``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .._exceptions import DataImportError
from .._resources import data_path
from ._concepts import (
    STATUSES,
    add_countries,
    add_ontology_concepts,
    technology_graph,
    technology_index,
)
from ._normalise import (
    GG,
    ID,
    clean_text,
    country_code,
    country_iri,
    fold,
    is_http_iri,
    parse_year,
    slug,
)
from ._result import ImportProblem, ImportResult
from ._table import Table, read_table
from .cofog import CofogIndex, cofog_index

__all__ = [
    "ORGANISATION_CATEGORIES",
    "ORG_ALIASES",
    "PSTW_DATASET",
    "import_pstw",
    "organisation_category",
]

ORG = Namespace("http://www.w3.org/ns/org#")

#: The JRC dataset every imported case is derived from (CC BY 4.0).
PSTW_DATASET = URIRef("http://data.europa.eu/89h/e8e7bddd-8510-4936-9fa6-7e1b399cbd92")
CC_BY_4 = URIRef("http://creativecommons.org/licenses/by/4.0/")
CATEGORY_SCHEME = ID["scheme/organisation-categories"]

# Folded column headers.
C_ID = "pstw id"
C_NAME = "name"
C_WEBSITE = "website"
C_DESCRIPTION = "description"
C_COUNTRY = "geographical coverage (country)"
C_ORG = "responsible organisation"
C_CATEGORY = "responsible organisation category"
C_COFOG1 = "functions of government (cofog level i)"
C_COFOG2 = "functions of government (cofog level ii)"
C_STATUS = "status"
C_START = "start year"
C_END = "end year"
C_PRIMARY = "primary technology"
C_SECONDARY = "secondary technology"
C_AI_SUBDOMAINS = (
    "ai classification subdomain (ii) (main)",
    "ai classification subdomain (ii) (other i)",
    "ai classification subdomain (ii) (other ii)",
    "ai classification subdomain (ii) (other iii)",
)
C_UPDATED = "date updated"
REQUIRED = (C_ID, C_NAME, C_ORG)
OPTIONAL = (
    C_WEBSITE,
    C_DESCRIPTION,
    C_COUNTRY,
    C_CATEGORY,
    C_COFOG1,
    C_COFOG2,
    C_STATUS,
    C_START,
    C_END,
    C_PRIMARY,
    C_SECONDARY,
    *C_AI_SUBDOMAINS,
    C_UPDATED,
)
TECHNOLOGY_COLUMNS = (C_PRIMARY, C_SECONDARY, *C_AI_SUBDOMAINS)

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class OrganisationCategory:
    """One canonical PSTW organisation category.

    Attributes:
        code: Slug of the category concept (``central-government``).
        label: English label.
        level: The ``gg:administrativeLevel`` for government categories, else ``None``.
    """

    code: str
    label: str
    level: URIRef | None

    @property
    def iri(self) -> URIRef:
        """The category concept IRI (``https://w3id.org/govgraph/id/org-category/<code>``)."""
        return ID[f"org-category/{self.code}"]


_CATS = {
    "eu": OrganisationCategory(
        "eu-institution-agency", "European institution or agency", GG.EULevel
    ),
    "central": OrganisationCategory("central-government", "Central government", GG.NationalLevel),
    "regional": OrganisationCategory(
        "regional-government", "Regional government", GG.RegionalLevel
    ),
    "local": OrganisationCategory("local-government", "Local government", GG.LocalLevel),
    "academic": OrganisationCategory("academic-research", "Academic and research", None),
    "consortium": OrganisationCategory("consortium", "Consortium", None),
    "private": OrganisationCategory("private-sector", "Private sector", None),
    "ngo": OrganisationCategory("non-governmental", "Non-governmental organisation", None),
    "community": OrganisationCategory("community-led", "Community-led", None),
    "soe": OrganisationCategory("state-owned-enterprise", "State-owned enterprise", None),
}

#: Spellings of the PSTW "Responsible organisation category" (folded, hyphens as spaces).
ORGANISATION_CATEGORIES: dict[str, OrganisationCategory] = {
    "european institution/agency": _CATS["eu"],
    "european institution": _CATS["eu"],
    "european agency": _CATS["eu"],
    "eu institution": _CATS["eu"],
    "central government": _CATS["central"],
    "national government": _CATS["central"],
    "federal government": _CATS["central"],
    "regional government": _CATS["regional"],
    "local government": _CATS["local"],
    "municipality": _CATS["local"],
    "academic research": _CATS["academic"],
    "academia": _CATS["academic"],
    "consortium": _CATS["consortium"],
    "private sector": _CATS["private"],
    "private": _CATS["private"],
    "non governmental": _CATS["ngo"],
    "ngo": _CATS["ngo"],
    "community led": _CATS["community"],
    "state owned entreprise": _CATS["soe"],
    "state owned enterprise": _CATS["soe"],
}

#: Tie-break order when an organisation appears under several categories equally often.
_PRIORITY = [
    _CATS[k]
    for k in (
        "eu",
        "central",
        "regional",
        "local",
        "soe",
        "academic",
        "consortium",
        "ngo",
        "community",
        "private",
    )
]

#: Organisation names (folded) that the source spells in two ways; merged into the second.
ORG_ALIASES: dict[str, str] = {
    "european comission": "european commission",
    "barcelona city council": "city of barcelona",
    "municipality of barcelona": "city of barcelona",
    "barcelona": "city of barcelona",
}


def organisation_category(value: Any) -> OrganisationCategory | None:
    """Return the canonical category of a PSTW category spelling, or ``None`` when unknown."""
    key = fold(value)
    if key is None:
        return None
    return ORGANISATION_CATEGORIES.get(key.replace("-", " "))


@dataclass
class _Case:
    row: int
    ident: str
    name: str
    description: str | None
    website: str | None
    country: str | None
    org_key: str
    org_name: str
    category: OrganisationCategory | None
    status: URIRef | None
    start: int | None
    end: int | None
    technologies: list[URIRef] = field(default_factory=list)
    areas: list[URIRef] = field(default_factory=list)
    updated: str | None = None


@dataclass
class _Org:
    key: tuple[str, str]
    names: Counter[str] = field(default_factory=Counter)
    first_name_row: dict[str, int] = field(default_factory=dict)
    categories: dict[OrganisationCategory, list[int]] = field(default_factory=dict)
    eu: bool = False


class _Importer:
    def __init__(self, table: Table, *, cofog: CofogIndex, dataset: URIRef) -> None:
        self.table = table
        self.cofog = cofog
        self.dataset = dataset
        self.problems: list[ImportProblem] = []
        self.columns = table.column_index()
        self.tech_index = technology_index()

    # --------------------------------------------------------------- helpers
    def header(self, key: str) -> str:
        return self.table.header[self.columns[key]] if key in self.columns else key

    def cell(self, cells: tuple[Any, ...], key: str) -> Any:
        i = self.columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def problem(
        self, row: int | None, key: str | None, value: Any, reason: str, severity: str = "warning"
    ) -> None:
        self.problems.append(
            ImportProblem(
                row=row,
                column=self.header(key) if key else None,
                value=clean_text(value),
                reason=reason,
                severity="error" if severity == "error" else "warning",
            )
        )

    # --------------------------------------------------------------- parsing
    def check_columns(self) -> None:
        missing = [k for k in REQUIRED if k not in self.columns]
        if missing:
            raise DataImportError(
                f"{self.table.source}: row 1: missing column(s) {missing}; a PSTW file needs the "
                f"headers 'PSTW ID', 'Name' and 'Responsible organisation' (found {list(self.table.header)[:10]}...)",
                problems=[
                    ImportProblem(1, m, None, "required column is missing", "error")
                    for m in missing
                ],
            )
        for key in OPTIONAL:
            if key not in self.columns:
                self.problem(
                    1, key, None, "optional column is missing; its values are not imported"
                )

    def parse_rows(self) -> list[_Case]:
        cases: list[_Case] = []
        seen: dict[str, int] = {}
        for row, cells in self.table.rows:
            case = self.parse_row(row, cells)
            if case is None:
                continue
            if case.ident in seen:
                self.problem(
                    row,
                    C_ID,
                    case.ident,
                    f"duplicate ID (first used in row {seen[case.ident]}); row skipped",
                    "error",
                )
                continue
            seen[case.ident] = row
            cases.append(case)
        return cases

    def parse_row(self, row: int, cells: tuple[Any, ...]) -> _Case | None:
        ident = clean_text(self.cell(cells, C_ID))
        name = clean_text(self.cell(cells, C_NAME))
        org_name = clean_text(self.cell(cells, C_ORG))
        if ident is None or not _SAFE_ID.match(ident):
            self.problem(
                row,
                C_ID,
                ident,
                "missing or malformed ID (use letters, digits, '.', '_' or '-', e.g. PSTW-12); row skipped",
                "error",
            )
            return None
        if name is None:
            self.problem(row, C_NAME, None, "the case has no name; row skipped", "error")
            return None
        if org_name is None:
            self.problem(row, C_ORG, None, "no responsible organisation; row skipped", "error")
            return None
        org_key = fold(org_name) or ""
        org_key = ORG_ALIASES.get(org_key, org_key)

        raw_country = self.cell(cells, C_COUNTRY)
        country = country_code(raw_country)
        if country is None and clean_text(raw_country) is not None:
            self.problem(
                row, C_COUNTRY, raw_country, "unknown country name; no dct:spatial written"
            )

        raw_category = self.cell(cells, C_CATEGORY)
        category = organisation_category(raw_category)
        if category is None and clean_text(raw_category) is not None:
            self.problem(
                row,
                C_CATEGORY,
                raw_category,
                "unknown organisation category; organisation left unclassified",
            )

        status = None
        raw_status = self.cell(cells, C_STATUS)
        if clean_text(raw_status) is not None:
            status = STATUSES.get(fold(raw_status) or "")
            if status is None:
                self.problem(row, C_STATUS, raw_status, "unknown status; no gg:status written")

        years: dict[str, int | None] = {}
        for key in (C_START, C_END):
            raw = self.cell(cells, key)
            try:
                years[key] = parse_year(raw)
            except ValueError as exc:
                years[key] = None
                self.problem(row, key, raw, f"{exc}; year not written")
        start, end = years[C_START], years[C_END]
        if start is not None and end is not None and end < start:
            self.problem(row, C_END, end, f"end year before start year {start} (both kept)")

        website = clean_text(self.cell(cells, C_WEBSITE))
        if website is not None and not is_http_iri(website):
            website = None

        case = _Case(
            row=row,
            ident=ident,
            name=name,
            description=clean_text(self.cell(cells, C_DESCRIPTION)),
            website=website,
            country=country,
            org_key=org_key,
            org_name=org_name,
            category=category,
            status=status,
            start=start,
            end=end,
        )
        updated = clean_text(self.cell(cells, C_UPDATED))
        if updated is not None:
            # A date cell, or text starting with an ISO date ("2025-03-13 00:00:00" in CSV).
            found = re.match(r"(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$", updated)
            if found is not None:
                try:
                    _dt.date.fromisoformat(found.group(1))
                    case.updated = found.group(1)
                except ValueError:
                    self.problem(row, C_UPDATED, updated, "not a valid date; not written")
            else:
                self.problem(row, C_UPDATED, updated, "not a date (YYYY-MM-DD); not written")

        for key in TECHNOLOGY_COLUMNS:
            raw = self.cell(cells, key)
            label = fold(raw)
            if label is None:
                continue
            tech = self.tech_index.get(label)
            if tech is None:
                self.problem(
                    row, key, raw, "technology not in the govgraph technology scheme; not linked"
                )
            elif tech not in case.technologies:
                case.technologies.append(tech)

        division = None
        raw1 = self.cell(cells, C_COFOG1)
        if clean_text(raw1) is not None:
            match = self.cofog.match(str(raw1), level=1)
            if match is None:
                self.problem(row, C_COFOG1, raw1, "no COFOG division has this label; not linked")
            else:
                division = match.concept
                case.areas.append(match.concept)
        raw2 = self.cell(cells, C_COFOG2)
        if clean_text(raw2) is not None:
            match = self.cofog.match(str(raw2), level=2, within=division)
            if match is None:
                self.problem(row, C_COFOG2, raw2, "no COFOG group has this label; not linked")
            else:
                if match.how == "prefix":
                    self.problem(
                        row,
                        C_COFOG2,
                        raw2,
                        f"truncated label matched by prefix to COFOG {match.notation} "
                        f"'{self.cofog.labels[match.concept]}'",
                    )
                if division is not None and self.cofog.division(match.concept) != division:
                    self.problem(
                        row,
                        C_COFOG2,
                        raw2,
                        f"COFOG group {match.notation} is not under the level I division "
                        f"{self.cofog.notations[division]}; both linked",
                    )
                if match.concept not in case.areas:
                    case.areas.append(match.concept)
        return case

    # ---------------------------------------------------------- organisations
    def resolve_organisations(self, cases: list[_Case]) -> dict[tuple[str, str], URIRef]:
        eu_names = {
            c.org_key for c in cases if c.category is not None and c.category.level == GG.EULevel
        }
        orgs: dict[tuple[str, str], _Org] = {}
        self.case_org: dict[str, tuple[str, str]] = {}
        for case in cases:
            eu = case.org_key in eu_names
            key = (case.org_key, "EUR" if eu else (case.country or ""))
            org = orgs.setdefault(key, _Org(key=key, eu=eu))
            org.names[case.org_name] += 1
            org.first_name_row.setdefault(case.org_name, case.row)
            if case.category is not None:
                org.categories.setdefault(case.category, []).append(case.row)
            self.case_org[case.ident] = key

        # IRIs: slug of the name + country code; colliding slugs get a hash of the folded name.
        proposed: dict[tuple[str, str], str] = {}
        for key in orgs:
            name, cc = key
            proposed[key] = f"{slug(name)}-{cc.lower()}" if cc else slug(name)
        clashes = Counter(proposed.values())
        self.org_iris: dict[tuple[str, str], URIRef] = {}
        for key, local in proposed.items():
            if clashes[local] > 1:
                local = f"{local}-{hashlib.sha1(key[0].encode('utf-8')).hexdigest()[:8]}"
            self.org_iris[key] = ID[f"org/{local}"]
        self.orgs = orgs
        return self.org_iris

    def org_category(self, org: _Org) -> OrganisationCategory | None:
        if org.eu:
            chosen: OrganisationCategory | None = _CATS["eu"]
        elif org.categories:
            best = max(len(rows) for rows in org.categories.values())
            tied = [c for c, rows in org.categories.items() if len(rows) == best]
            chosen = min(tied, key=_PRIORITY.index)
        else:
            chosen = None
        if len(org.categories) > 1 or (org.eu and set(org.categories) - {_CATS["eu"]}):
            others = ", ".join(
                f"{c.label} (rows {', '.join(map(str, rows[:5]))}{'...' if len(rows) > 5 else ''})"
                for c, rows in sorted(org.categories.items(), key=lambda kv: kv[1][0])
            )
            label = self.org_label(org)
            rule = "EU body" if org.eu else "most frequent"
            first_other = min(
                r for c, rows in org.categories.items() if c is not chosen for r in rows
            )
            self.problem(
                first_other,
                C_CATEGORY,
                None,
                f"'{label}' appears under several categories: {others}; "
                f"classified as {chosen.label if chosen else 'unclassified'} ({rule} rule)",
            )
        return chosen

    @staticmethod
    def org_label(org: _Org) -> str:
        best = max(org.names.values())
        return min(
            (n for n, k in org.names.items() if k == best), key=lambda n: org.first_name_row[n]
        )

    # ------------------------------------------------------------------ graph
    def build(self, cases: list[_Case]) -> tuple[Graph, dict[str, int]]:
        g = technology_graph()
        for prefix, ns in (
            ("gg", GG),
            ("org", ORG),
            ("skos", SKOS),
            ("dct", DCTERMS),
            ("prov", PROV),
            ("tech", "https://w3id.org/govgraph/id/technology/"),
            ("cofog", "http://linked.data.gov.au/def/cofog/"),
            ("country", "http://publications.europa.eu/resource/authority/country/"),
            ("initiative", ID["initiative/"]),
            ("orgid", ID["org/"]),
        ):
            g.bind(prefix, ns)
        en = "en"
        g.add((self.dataset, RDF.type, PROV.Entity))
        g.add(
            (
                self.dataset,
                DCTERMS.title,
                Literal("Public Sector Tech Watch latest dataset of selected cases", lang=en),
            )
        )
        g.add(
            (
                self.dataset,
                DCTERMS.publisher,
                URIRef("http://publications.europa.eu/resource/authority/corporate-body/JRC"),
            )
        )
        g.add((self.dataset, DCTERMS.license, CC_BY_4))

        countries: set[str] = set()
        concepts: set[URIRef] = set()
        used_categories: set[OrganisationCategory] = set()
        counts: Counter[str] = Counter()

        for key, org in self.orgs.items():
            iri = self.org_iris[key]
            category = self.org_category(org)
            label = self.org_label(org)
            g.add((iri, SKOS.prefLabel, Literal(label, lang=en)))
            for other in org.names:
                if other != label:
                    g.add((iri, SKOS.altLabel, Literal(other, lang=en)))
            if category is not None and category.level is not None:
                g.add((iri, RDF.type, GG.PublicAdministration))
                g.add((iri, GG.administrativeLevel, category.level))
                concepts.add(category.level)
                counts["public_administrations"] += 1
            else:
                g.add((iri, RDF.type, ORG.Organization))
                counts["other_organisations"] += 1
            if category is not None:
                g.add((iri, ORG.classification, category.iri))
                used_categories.add(category)
            if key[1]:
                g.add((iri, DCTERMS.spatial, country_iri(key[1])))
                countries.add(key[1])
            g.add((iri, PROV.wasDerivedFrom, self.dataset))

        g.add((CATEGORY_SCHEME, RDF.type, SKOS.ConceptScheme))
        g.add((CATEGORY_SCHEME, SKOS.prefLabel, Literal("PSTW organisation categories", lang=en)))
        for category in used_categories:
            g.add((category.iri, RDF.type, SKOS.Concept))
            g.add((category.iri, SKOS.prefLabel, Literal(category.label, lang=en)))
            g.add((category.iri, SKOS.inScheme, CATEGORY_SCHEME))

        case_countries: set[str] = set()
        techs: set[URIRef] = set()
        areas: set[URIRef] = set()
        for case in cases:
            iri = ID[f"initiative/{case.ident}"]
            g.add((iri, RDF.type, GG.Initiative))
            g.add((iri, DCTERMS.identifier, Literal(case.ident)))
            g.add((iri, SKOS.prefLabel, Literal(case.name, lang=en)))
            if case.description:
                g.add((iri, DCTERMS.description, Literal(case.description, lang=en)))
            if case.status is not None:
                g.add((iri, GG.status, case.status))
                concepts.add(case.status)
            if case.start is not None:
                g.add((iri, GG.startYear, Literal(case.start, datatype=XSD.integer)))
            if case.end is not None:
                g.add((iri, GG.endYear, Literal(case.end, datatype=XSD.integer)))
            if case.country:
                g.add((iri, DCTERMS.spatial, country_iri(case.country)))
                countries.add(case.country)
                case_countries.add(case.country)
            g.add((iri, GG.ledBy, self.org_iris[self.case_org[case.ident]]))
            for tech in case.technologies:
                g.add((iri, GG.usesTechnology, tech))
                techs.add(tech)
            for area in case.areas:
                g.add((iri, GG.policyArea, area))
                areas.add(area)
            if case.website:
                g.add((iri, RDFS.seeAlso, URIRef(case.website)))
            if case.updated and re.fullmatch(r"\d{4}-\d{2}-\d{2}", case.updated):
                g.add((iri, DCTERMS.modified, Literal(case.updated, datatype=XSD.date)))
            g.add((iri, PROV.wasDerivedFrom, self.dataset))

        self.cofog.describe(g, max_level=2)
        add_ontology_concepts(g, concepts)
        add_countries(g, countries)

        counts["initiatives"] = len(cases)
        counts["organisations"] = len(self.orgs)
        counts["countries"] = len(case_countries)
        counts["technologies"] = len(techs)
        counts["policy_areas"] = len(areas)
        return g, dict(counts)


def import_pstw(
    path: str | Path | None = None,
    *,
    sheet: str | None = None,
    strict: bool = False,
    cofog: str | Path | None = None,
    dataset: str | None = None,
) -> ImportResult:
    """Import a Public Sector Tech Watch export (xlsx or CSV) as govgraph RDF.

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

    Returns:
        The :class:`ImportResult`; ``counts`` holds ``rows``, ``initiatives``, ``organisations``,
        ``public_administrations``, ``other_organisations``, ``countries``, ``technologies``,
        ``policy_areas``, ``rows_rejected``, ``problems``.

    Raises:
        DataImportError: The file cannot be read or lacks a required column, or ``strict`` is
            set and problems were found.
    """
    source = Path(path) if path is not None else data_path("pstw", "pstw_dataset.xlsx")
    table = read_table(source, sheet=sheet, required=("PSTW ID",))
    importer = _Importer(
        table, cofog=cofog_index(cofog), dataset=URIRef(dataset) if dataset else PSTW_DATASET
    )
    importer.check_columns()
    cases = importer.parse_rows()
    importer.resolve_organisations(cases)
    graph, counts = importer.build(cases)
    problems = importer.problems
    counts["rows"] = len(table.rows)
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
    )
    if strict:
        result.raise_for_problems(include_warnings=True)
    return result
