"""Column layouts of the spreadsheet kinds (``govgraph import csv --kind ...``).

The templates in ``templates/`` and the tables in ``docs/import.md`` follow these layouts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal as TypingLiteral

from ..namespace import ORG
from ._normalise import GG

__all__ = ["ORG_TYPES", "SPREADSHEET_KINDS", "Column", "Kind"]


Kind = TypingLiteral["organisations", "policies", "initiatives", "competencies"]


@dataclass(frozen=True)
class Column:
    """One column of a spreadsheet layout.

    Attributes:
        name: The header (compared case-insensitively, surrounding spaces ignored).
        required: Whether every row must fill it.
        description: What goes in it (used in docs and error messages).
    """

    name: str
    required: bool
    description: str


#: The column layout of each kind (the templates in ``templates/`` follow it).
SPREADSHEET_KINDS: dict[str, tuple[Column, ...]] = {
    "organisations": (
        Column(
            "id",
            True,
            "Local id, unique in the file (letters, digits, '-', '_', '.'), e.g. DG-CNECT.",
        ),
        Column("name", True, "Official name."),
        Column(
            "type", True, "administration, unit or partner (private or non-public organisation)."
        ),
        Column(
            "parent", False, "For a unit: id or IRI of the organisation it belongs to (org:unitOf)."
        ),
        Column("level", False, "For an administration: eu, national, regional or local."),
        Column("country", False, "Country name or EU authority code (DEU, EUR for the EU)."),
        Column("acronym", False, "Short name, e.g. CNECT (skos:altLabel)."),
        Column("headcount", False, "Number of staff (whole number >= 0)."),
        Column("homepage", False, "Web site (http or https)."),
        Column("description", False, "Free text."),
        Column("iri", False, "An existing IRI to use instead of minting one from the id."),
    ),
    "policies": (
        Column("id", True, "Local id, unique in the file."),
        Column("name", True, "Title of the policy, strategy or programme."),
        Column(
            "owner",
            False,
            "Id or IRI of the accountable organisation (gg:ownedBy); empty shows a gap.",
        ),
        Column(
            "legal_basis",
            False,
            "ELI IRI(s) of the legal act(s), separated by ';' (gg:legalBasis).",
        ),
        Column("policy_area", False, "COFOG code (04.1) or English label (gg:policyArea)."),
        Column("start_year", False, "Year (whole number)."),
        Column("end_year", False, "Year (whole number)."),
        Column("description", False, "Free text."),
        Column("iri", False, "An existing IRI to use instead of minting one from the id."),
    ),
    "initiatives": (
        Column("id", True, "Local id, unique in the file."),
        Column("name", True, "Name of the project, service or use case."),
        Column("lead", True, "Id or IRI of the lead organisation (gg:ledBy)."),
        Column("participants", False, "Ids or IRIs of participating organisations, ';'-separated."),
        Column("implements", False, "Ids or IRIs of the policies it implements, ';'-separated."),
        Column(
            "technologies",
            False,
            "Technology labels of the govgraph scheme or IRIs, ';'-separated.",
        ),
        Column("status", False, "planned, in development, pilot, implemented or not in use."),
        Column("start_year", False, "Year (whole number)."),
        Column("end_year", False, "Year (whole number)."),
        Column("country", False, "Country name or EU authority code."),
        Column("policy_area", False, "COFOG code or English label."),
        Column("description", False, "Free text."),
        Column("iri", False, "An existing IRI to use instead of minting one from the id."),
    ),
    "competencies": (
        Column("organisation", True, "Id or IRI of the organisation or unit that holds the skill."),
        Column("skill", True, "ESCO skill IRI, or an ESCO preferred/alternative label."),
        Column("proficiency_level", True, "DigComp 2.2 proficiency level, 1 (foundation) to 8."),
        Column("headcount", False, "Number of staff holding the skill at that level (>= 0)."),
        Column("note", False, "Free text (skos:note)."),
    ),
}

_PATHS = {
    "organisations": "org",
    "policies": "policy",
    "initiatives": "initiative",
    "competencies": "competency",
}
#: Values of the organisations' ``type`` column (folded) -> class.
ORG_TYPES = {
    "administration": GG.PublicAdministration,
    "public administration": GG.PublicAdministration,
    "unit": GG.AdministrativeUnit,
    "administrative unit": GG.AdministrativeUnit,
    "partner": GG.PrivatePartner,
    "private partner": GG.PrivatePartner,
    "organisation": ORG.Organization,
    "organization": ORG.Organization,
}
