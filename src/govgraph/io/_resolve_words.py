"""The word lists of entity resolution (see ``_resolve``).

Stop words, legal forms, synonyms, generic words, country names and adjectives, and the spelling
fixes of generic words.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

__all__ = ["COUNTRY_WORDS", "FUZZY_DROP", "GENERIC", "LEGAL", "STOP", "SYNONYMS", "spelled"]

STOP = frozenset(
    [
        "of",
        "the",
        "for",
        "and",
        "a",
        "an",
        "de",
        "di",
        "del",
        "della",
        "delle",
        "dei",
        "des",
        "du",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "van",
        "von",
        "der",
        "den",
        "het",
        "y",
        "e",
        "und",
        "et",
        "da",
        "do",
        "dos",
        "das",
        "l",
        "d",
        "in",
        "on",
        "at",
        "to",
        "per",
        "pour",
        "fur",
        "zu",
        "im",
    ]
)
#: Legal forms dropped from names ("GmbH", "Ltd.", ...).
LEGAL = frozenset(
    [
        "gmbh",
        "ltd",
        "limited",
        "inc",
        "srl",
        "spa",
        "sa",
        "as",
        "bv",
        "nv",
        "ag",
        "oy",
        "ab",
        "plc",
        "llc",
        "sl",
        "co",
        "corp",
    ]
)
SYNONYMS = {
    "centre": "center",
    "centro": "center",
    "municipal": "municipality",
    "municipio": "municipality",
    "comune": "municipality",
    "gemeente": "municipality",
    "kommune": "municipality",
    "commune": "municipality",
    "city": "municipality",
    "town": "municipality",
    "ayuntamiento": "municipality",
    "ajuntament": "municipality",
    "council": "municipality",
    "regione": "region",
    "region": "region",
    "provincia": "province",
    "ministerio": "ministry",
    "ministero": "ministry",
    "ministerie": "ministry",
    "ministere": "ministry",
    "ministerium": "ministry",
    "agencia": "agency",
    "agenzia": "agency",
    "agence": "agency",
    "universita": "university",
    "universidad": "university",
    "universitat": "university",
    "universite": "university",
    "universiteit": "university",
    "organization": "organisation",
}
#: Words naming what kind of body a name is; compared as a set, not fuzzily.
GENERIC = frozenset(
    [
        "ministry",
        "municipality",
        "region",
        "province",
        "county",
        "agency",
        "office",
        "authority",
        "department",
        "directorate",
        "service",
        "services",
        "institute",
        "board",
        "government",
        "administration",
        "university",
        "center",
        "federal",
        "national",
        "state",
    ]
)
#: Tokens dropped as stop words when they look like these (typos: "fedeal").
FUZZY_DROP = ("federal",)

#: Names and adjectives of countries (ISO 3166 alpha-3), dropped from the names of that country.
COUNTRY_WORDS: dict[str, tuple[str, ...]] = {
    "AUT": ("austria", "austrian"),
    "BEL": ("belgium", "belgian"),
    "BGR": ("bulgaria", "bulgarian"),
    "HRV": ("croatia", "croatian"),
    "CYP": ("cyprus", "cypriot"),
    "CZE": ("czechia", "czech", "republic"),
    "DNK": ("denmark", "danish"),
    "EST": ("estonia", "estonian"),
    "FIN": ("finland", "finnish"),
    "FRA": ("france", "french"),
    "DEU": ("germany", "german"),
    "GRC": ("greece", "greek", "hellenic"),
    "HUN": ("hungary", "hungarian"),
    "IRL": ("ireland", "irish"),
    "ITA": ("italy", "italian", "italia"),
    "LVA": ("latvia", "latvian"),
    "LTU": ("lithuania", "lithuanian"),
    "LUX": ("luxembourg",),
    "MLT": ("malta", "maltese"),
    "NLD": ("netherlands", "dutch", "nl"),
    "POL": ("poland", "polish"),
    "PRT": ("portugal", "portuguese"),
    "ROU": ("romania", "romanian"),
    "SVK": ("slovakia", "slovak"),
    "SVN": ("slovenia", "slovenian"),
    "ESP": ("spain", "spanish"),
    "SWE": ("sweden", "swedish"),
    "GBR": ("united", "kingdom", "uk", "british", "england", "english", "hm"),
    "NOR": ("norway", "norwegian"),
    "CHE": ("switzerland", "swiss"),
    "ISL": ("iceland", "icelandic"),
    "UKR": ("ukraine", "ukrainian"),
    "ALB": ("albania", "albanian"),
    "SRB": ("serbia", "serbian"),
    "TUR": ("turkiye", "turkey", "turkish"),
}
#: The words ``spelled`` corrects misspellings and plurals to.
_VOCABULARY = tuple(sorted(GENERIC | set(SYNONYMS)))
#: Words too close to one of them to be its typo.
_NOT_TYPOS = frozenset(["country", "countries"])


def spelled(word: str) -> str:
    """A generic word as meant: plural and typos of six letters or more undone.

    ``"councils"`` and ``"counci"`` are ``"council"``, ``"govermment"`` is ``"government"``
    (rapidfuzz ratio >= 90, same first letter); other words are returned unchanged.
    """
    if word in SYNONYMS or word in GENERIC or word in _NOT_TYPOS:
        return word
    if word.endswith("s") and (word[:-1] in SYNONYMS or word[:-1] in GENERIC):
        return word[:-1]
    if len(word) >= 6:
        found = process.extractOne(word, _VOCABULARY, scorer=fuzz.ratio, score_cutoff=90)
        if found is not None and found[0][0] == word[0]:
            return str(found[0])
    return word
