"""EU institutions, agencies, Commission DGs and non-EU international bodies.

The vendored table ``data/eu/corporate-bodies.csv`` lists the bodies the bundled data names, with
their code in the EU Publications Office corporate-body authority table
(``http://publications.europa.eu/resource/authority/corporate-body/CODE``, written as
``skos:exactMatch``), their kind and, for DGs and offices, their parent. Non-EU international
bodies (Council of Europe, European Patent Office, OECD, UN bodies) are listed so that they are
*not* classified as EU level.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import URIRef

from .._resources import data_path
from ._normalise import ID, fold, slug

__all__ = ["CORPORATE_BODY", "EuBody", "eu_bodies", "find_eu_body"]

CORPORATE_BODY = "http://publications.europa.eu/resource/authority/corporate-body/"

#: "European Commission - DG DIGIT", "EU DG COMP", "European Commission (DG CNECT)", "DG HOME".
_DG = re.compile(
    r"^(?:(?:the )?(?:european commission|ec|eu|commission)\s*[-–,:/(]?\s*)?"
    r"(?:dg|directorate[- ]general)\s*[-:]?\s*([a-z]+)\)?$"
)


@dataclass(frozen=True)
class EuBody:
    """One row of the vendored corporate-body table.

    Attributes:
        code: The authority-table code (``DIGIT``), or ``""`` when the body is not in the table.
        label: English name.
        kind: ``institution``, ``agency``, ``office``, ``dg``, ``consortium`` (a consortium of
            member states set up under EU law, such as a European Digital Infrastructure
            Consortium; all EU level) or ``international``.
        parent: The code of the body it is a unit of (``COM`` for DGs), or ``""``.
        names: Folded names and abbreviations that denote it.
    """

    code: str
    label: str
    kind: str
    parent: str
    names: tuple[str, ...]

    @property
    def eu(self) -> bool:
        """Whether the body is an EU body (EU level), not another international body."""
        return self.kind != "international"

    @property
    def unit(self) -> bool:
        """Whether the body is a unit of another body (a DG or office of the Commission)."""
        return bool(self.parent)

    @property
    def authority(self) -> URIRef | None:
        """The corporate-body authority IRI, or ``None``."""
        return URIRef(CORPORATE_BODY + self.code) if self.code else None

    @property
    def iri(self) -> URIRef:
        """The govgraph IRI of the body.

        ``org/dg-digit`` for DGs (as in the organisation spreadsheets), ``org/<slug>-eur`` for
        EU bodies, ``org/<slug>`` for other international bodies.
        """
        if self.kind == "dg":
            return ID[f"org/dg-{self.code.lower()}"]
        if self.eu:
            return ID[f"org/{slug(self.label)}-eur"]
        return ID[f"org/{slug(self.label)}"]


@lru_cache(maxsize=1)
def eu_bodies() -> tuple[EuBody, ...]:
    """The vendored table, read once."""
    out = []
    with data_path("eu", "corporate-bodies.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            names = tuple(n for n in (fold(x) for x in row["names"].split("|")) if n)
            out.append(EuBody(row["code"], row["label"], row["kind"], row["parent"], names))
    return tuple(out)


@lru_cache(maxsize=1)
def _index() -> dict[str, EuBody]:
    index: dict[str, EuBody] = {}
    for body in eu_bodies():
        for name in (*body.names, fold(body.label) or ""):
            index.setdefault(name, body)
    return index


def find_eu_body(name: str) -> EuBody | None:
    """Return the body ``name`` denotes (``"EU DG COMP"`` -> DG COMP), or ``None``.

    >>> find_eu_body("European Commission - DG DIGIT").code
    'DIGIT'
    >>> find_eu_body("The Council of Europe").kind
    'international'
    >>> find_eu_body("Ministry of Justice") is None
    True
    """
    key = fold(name)
    if key is None:
        return None
    index = _index()
    candidates = [key, re.sub(r"\s*\([^)]*\)\s*$", "", key).strip(), re.sub(r"^the ", "", key)]
    for candidate in candidates:
        if candidate in index:
            return index[candidate]
    found = _DG.match(key.replace("–", "-"))
    if found is not None:
        return index.get(f"dg {found.group(1)}")
    return None
