"""The PSTW "Responsible organisation category" values and their canonical categories.

Shared by every importer of the Tech Watch family (the current PSTW export and its 2020 and
2022 releases), so one spelling maps to one category and one administrative level everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from ._normalise import GG, ID, fold

__all__ = [
    "CATEGORY_PRIORITY",
    "CATEGORY_SCHEME",
    "EU_CATEGORY",
    "INTERNATIONAL_CATEGORY",
    "ORGANISATION_CATEGORIES",
    "OrganisationCategory",
    "organisation_category",
]

#: The concept scheme of the organisation categories.
CATEGORY_SCHEME = ID["scheme/organisation-categories"]


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
        """The category concept IRI (``https://w3id.org/govgraph/id/org-category/<code>``).

        Examples:
            >>> from govgraph.io.pstw import organisation_category
            >>> category = organisation_category("Municipality")
            >>> category.label, str(category.iri)
            ('Local government', 'https://w3id.org/govgraph/id/org-category/local-government')
        """
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
    "international": OrganisationCategory(
        "international-organisation", "International organisation (not an EU body)", None
    ),
}

#: The category of international bodies that are not EU bodies (Council of Europe, OECD, UN).
INTERNATIONAL_CATEGORY = _CATS["international"]

#: The category of EU institutions, agencies and Commission DGs.
EU_CATEGORY = _CATS["eu"]

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
CATEGORY_PRIORITY: tuple[OrganisationCategory, ...] = tuple(
    _CATS[k]
    for k in (
        "eu",
        "international",
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
)


def organisation_category(value: Any) -> OrganisationCategory | None:
    """Return the canonical category of a PSTW category spelling, or ``None`` when unknown.

    >>> organisation_category("Central-Government").code
    'central-government'
    >>> organisation_category("Ministry") is None
    True
    """
    key = fold(value)
    if key is None:
        return None
    return ORGANISATION_CATEGORIES.get(key.replace("-", " "))
