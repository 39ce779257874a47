"""ESCO skill labels of the shipped collections, to match skills named in spreadsheets."""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef

from .._resources import data_path
from ._normalise import fold

__all__ = ["esco_labels", "esco_pref_labels"]


@lru_cache(maxsize=1)
def esco_labels() -> dict[str, URIRef]:
    """Folded ESCO preferred and alternative labels -> skill IRI (shipped collections)."""
    import csv

    out: dict[str, URIRef] = {}
    alts: dict[str, URIRef] = {}
    for name in (
        "digitalSkillsCollection_en.csv",
        "digCompSkillsCollection_en.csv",
        "transversalSkillsCollection_en.csv",
    ):
        try:
            path = data_path("esco", name)
        except FileNotFoundError:  # pragma: no cover - shipped with the package
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                iri = URIRef(row["conceptUri"])
                key = fold(row["preferredLabel"])
                if key:
                    out.setdefault(key, iri)
                for alt in (row.get("altLabels") or "").replace(" | ", "\n").split("\n"):
                    akey = fold(alt)
                    if akey:
                        alts.setdefault(akey, iri)
    for key, iri in alts.items():
        out.setdefault(key, iri)
    return out


@lru_cache(maxsize=1)
def esco_pref_labels() -> dict[URIRef, str]:
    """ESCO skill IRI -> preferred label (shipped collections)."""
    import csv

    out: dict[URIRef, str] = {}
    for name in (
        "digitalSkillsCollection_en.csv",
        "digCompSkillsCollection_en.csv",
        "transversalSkillsCollection_en.csv",
    ):
        with open(data_path("esco", name), encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out[URIRef(row["conceptUri"])] = row["preferredLabel"].strip()
    return out
