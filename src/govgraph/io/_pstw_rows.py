"""Reading the rows of a Public Sector Tech Watch table into cases (one per row).

Every cell that cannot be mapped becomes an :class:`ImportProblem` with row, column and reason;
the row is kept unless its identifier, name or lead organisation is missing.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from .._exceptions import DataImportError
from ._categories import OrganisationCategory, organisation_category
from ._concepts import STATUSES, technology_index
from ._normalise import (
    clean_text,
    country_code,
    fold,
    is_http_iri,
    misencoded,
    parse_year,
    tidy_name,
)
from ._partners import (
    Concept,
    PartnerMention,
    collaboration_type,
    funding_source,
    split_partners,
)
from ._result import ImportProblem
from ._table import Table
from .cofog import CofogIndex

__all__ = [
    "OPTIONAL",
    "ORG_ALIASES",
    "ORG_ALIAS_NAMES",
    "REQUIRED",
    "TECHNOLOGY_COLUMNS",
    "Case",
    "CaseReader",
]

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
C_COLLABORATION = "collaboration type"
C_FUNDING = "funding source"
C_GOVTECH = "govtech"
C_COMPANY = "company name or govtech id"
C_CROSS_BORDER = "cross border"
C_CROSS_SECTOR = "cross sector"
#: Columns of the partners and funding (not reported when missing: older releases lack them).
PARTNER_COLUMNS = (
    C_COLLABORATION,
    C_FUNDING,
    C_GOVTECH,
    C_COMPANY,
    C_CROSS_BORDER,
    C_CROSS_SECTOR,
)
_YES_NO = {"yes": True, "y": True, "true": True, "no": False, "n": False, "false": False}
#: The headers as the PSTW file writes them, by folded header: what a message about a missing
#: column names ("Responsible organisation category", not its folded key).
WRITTEN_HEADERS: dict[str, str] = {
    fold(h) or h: h
    for h in (
        "PSTW ID", "Name", "Website", "Description", "Geographical coverage (country)",
        "Responsible organisation", "Responsible organisation category",
        "Functions of Government (COFOG level I)", "Functions of Government (COFOG level II)",
        "Status", "Start Year", "End Year", "Primary Technology", "Secondary Technology",
        "AI Classification Subdomain (II) (main)", "AI Classification Subdomain (II) (Other I)",
        "AI Classification Subdomain (II) (Other II)",
        "AI Classification Subdomain (II) (Other III)", "Date updated", "Collaboration type",
        "Funding source", "GovTech", "Company name or GovTech ID", "Cross Border", "Cross Sector",
    )
}  # fmt: skip
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


#: Organisation names (folded) that the source spells in two ways; merged into the second in
#: any country (the first rows of the aliases table ``import_pstw`` applies, under the shipped
#: ``data/pstw/aliases.csv`` and a user's file).
ORG_ALIASES: dict[str, str] = {
    "european comission": "european commission",
    "barcelona city council": "city of barcelona",
    "municipality of barcelona": "city of barcelona",
    "barcelona": "city of barcelona",
}
#: The targets of :data:`ORG_ALIASES` as written (the label of a node named after one).
ORG_ALIAS_NAMES: dict[str, str] = {
    "european commission": "European Commission",
    "city of barcelona": "City of Barcelona",
}

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _excerpt(text: str, at: int, width: int = 60) -> str:
    """``text`` itself, or for a long one the part around position ``at`` (with "...")."""
    if len(text) <= width:
        return text
    start = max(0, min(at - width // 3, len(text) - width))
    head = "..." if start else ""
    tail = "..." if start + width < len(text) else ""
    return f"{head}{text[start : start + width]}{tail}"


@dataclass
class Case:
    """One PSTW row, parsed (technologies and COFOG areas as concept IRIs)."""

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
    collaboration: Concept | None = None
    funding: Concept | None = None
    cross_border: bool | None = None
    cross_sector: bool | None = None
    govtech: bool = False
    partners: list[PartnerMention] = field(default_factory=list)
    org_raw: str | None = None


class CaseReader:
    """Parse the rows of a PSTW table; problems go to ``self.problems``."""

    def __init__(self, table: Table, *, cofog: CofogIndex) -> None:
        self.table = table
        self.cofog = cofog
        self.problems: list[ImportProblem] = []
        self.columns = table.column_index()
        self.tech_index = technology_index()

    # --------------------------------------------------------------- helpers
    def header(self, key: str) -> str:
        """The header of a column as the file writes it, else as PSTW writes it (missing)."""
        if key in self.columns:
            return str(self.table.header[self.columns[key]]).strip()
        return WRITTEN_HEADERS.get(key, key)

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

    def parse_partners(self, row: int, cells: tuple[Any, ...], case: Case) -> None:
        """Collaboration type, funding source, cross-border/sector flags and partners."""
        raw = self.cell(cells, C_COLLABORATION)
        if clean_text(raw) is not None:
            case.collaboration = collaboration_type(raw)
            if case.collaboration is None:
                self.problem(row, C_COLLABORATION, raw, "unknown collaboration type; not written")
        raw = self.cell(cells, C_FUNDING)
        if clean_text(raw) is not None:
            case.funding = funding_source(raw)
            if case.funding is None:
                self.problem(row, C_FUNDING, raw, "unknown funding source; not written")
        for key in (C_CROSS_BORDER, C_CROSS_SECTOR, C_GOVTECH):
            raw = self.cell(cells, key)
            if clean_text(raw) is None:
                continue
            flag = _YES_NO.get(fold(raw) or "")
            if flag is None:
                self.problem(row, key, raw, "not Yes or No; not written")
            elif key == C_CROSS_BORDER:
                case.cross_border = flag
            elif key == C_CROSS_SECTOR:
                case.cross_sector = flag
            else:
                case.govtech = flag
        case.partners = split_partners(self.cell(cells, C_COMPANY))

    # --------------------------------------------------------------- parsing
    def check_columns(self) -> None:
        missing = [k for k in REQUIRED if k not in self.columns]
        if missing:
            raise DataImportError(
                f"{self.table.source}: row 1: missing column(s) "
                f"{[self.header(m) for m in missing]}; a PSTW file needs the "
                f"headers 'PSTW ID', 'Name' and 'Responsible organisation' (found {list(self.table.header)[:10]}...)",
                problems=[
                    ImportProblem(1, self.header(m), None, "required column is missing", "error")
                    for m in missing
                ],
            )
        for key in OPTIONAL:
            if key not in self.columns:
                self.problem(
                    1, key, None, "optional column is missing; its values are not imported"
                )

    def parse_rows(self) -> list[Case]:
        cases: list[Case] = []
        seen: dict[str, int] = {}
        for row, cells in self.table.rows:
            # a repeated ID skips the row before its other cells are read, so the skipped row's
            # cells (an unknown country...) are not reported as if they were imported
            ident = clean_text(self.cell(cells, C_ID))
            if ident is not None and ident in seen:
                self.problem(
                    row,
                    C_ID,
                    ident,
                    f"duplicate ID (first used in row {seen[ident]}); row skipped",
                    "error",
                )
                continue
            case = self.parse_row(row, cells)
            if case is None:
                continue
            seen[case.ident] = row
            cases.append(case)
        return cases

    def parse_row(self, row: int, cells: tuple[Any, ...]) -> Case | None:
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
        # Punctuation the source left after the name ("... (ACOSS):") goes; the name as
        # written is kept as an alternative label.
        org_raw: str | None = org_name
        org_name = tidy_name(org_name)
        if org_raw == org_name:
            org_raw = None
        org_key = fold(org_name) or ""

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

        description = clean_text(self.cell(cells, C_DESCRIPTION))
        for key, text in (
            (C_NAME, name),
            (C_ORG, org_raw or org_name),
            (C_DESCRIPTION, description),
        ):
            if text is None:
                continue
            meant = misencoded(text)
            if meant is not None:
                at = next(
                    (i for i, (x, y) in enumerate(zip(meant, text, strict=False)) if x != y), 0
                )
                self.problem(
                    row,
                    key,
                    _excerpt(text, at),
                    "looks mis-encoded (UTF-8 read as Windows-1252), imported as written; "
                    f"probably {_excerpt(meant, at)!r}: correct the source file",
                )

        case = Case(
            row=row,
            ident=ident,
            name=name,
            description=description,
            website=website,
            country=country,
            org_key=org_key,
            org_name=org_name,
            org_raw=org_raw,
            category=category,
            status=status,
            start=start,
            end=end,
        )
        self.parse_partners(row, cells, case)
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
