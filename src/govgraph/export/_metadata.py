"""Catalogue metadata of a DCAT-AP export: what the data says (SPARQL on the store) and the options."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence

from .._exceptions import ConfigurationError
from ..namespace import GG
from ..store import Store
from ._config import CatalogConfig
from ._model import (
    AgentMetadata,
    CatalogMetadata,
    ContactMetadata,
    DataServiceMetadata,
    DatasetMetadata,
    DistributionMetadata,
)
from ._vocab import (
    AUTH,
    GOVGRAPH_ONTOLOGY,
    IANA,
    LICENCE_TYPES,
    PUBLISHER_TYPES,
    authority_concept,
)

__all__ = ["DEFAULT_LICENCE", "SPARQL_PROTOCOL", "build_metadata", "licence_iri", "need"]

DEFAULT_LICENCE = AUTH + "licence/CC_BY_4_0"
MAX_KEYWORDS = 50
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"

#: COFOG division (two digits) -> EU data theme.
COFOG_THEMES = {
    "01": "GOVE",
    "02": "GOVE",
    "03": "JUST",
    "04": "ECON",
    "05": "ENVI",
    "06": "REGI",
    "07": "HEAL",
    "08": "EDUC",
    "09": "EDUC",
    "10": "SOCI",
}

# MIN(STR(...)), not SAMPLE: one label per concept chosen the same way by every engine
_Q_KEYWORDS = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept (MIN(STR(?label)) AS ?name) (COUNT(DISTINCT ?s) AS ?uses) WHERE {{
  ?s ?link ?concept .
  VALUES ?link {{ <{GG.usesTechnology}> <{GG.policyArea}> }}
  ?concept skos:prefLabel ?label .
  FILTER(LANG(?label) = "en" || LANG(?label) = "")
}} GROUP BY ?concept ORDER BY DESC(?uses) ?concept
"""

_Q_TECH = f"ASK {{ ?s <{GG.usesTechnology}> ?t }}"

_Q_AREAS = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?area ?notation WHERE {{
  ?s <{GG.policyArea}> ?area .
  OPTIONAL {{ ?area skos:notation ?notation }}
}}
"""

_Q_SPATIAL = f"""
PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?place WHERE {{
  ?s dct:spatial ?place .
  FILTER(isIRI(?place) && STRSTARTS(STR(?place), "{AUTH}country/"))
}}
"""

_Q_YEARS = f"""
SELECT (MIN(?start) AS ?first) (MAX(?end) AS ?last) WHERE {{
  {{ ?s <{GG.startYear}> ?start . BIND(?start AS ?end) }}
  UNION {{ ?s <{GG.endYear}> ?end . BIND(?end AS ?start) }}
}}
"""

_CLEAN_LABEL = re.compile(r"\s*\((?:CS|SC|IS)\)\s*$")


def _keywords(store: Store) -> list[str]:
    seen: dict[str, None] = {}
    for row in store.query(_Q_KEYWORDS):
        label = _CLEAN_LABEL.sub("", " ".join(str(row.get("name", "")).split())).rstrip(".")
        if label and label.lower() not in {k.lower() for k in seen}:
            seen[label] = None
        if len(seen) >= MAX_KEYWORDS:
            break
    return list(seen)


def _themes(store: Store) -> set[str]:
    codes = {"GOVE"}
    if store.query(_Q_TECH):
        codes.add("TECH")
    for row in store.query(_Q_AREAS):
        notation = str(row.get("notation", ""))
        match = re.match(r"(\d{2})", notation) or re.search(r"cofog/(\d{2})", str(row["area"]))
        if match and match.group(1) in COFOG_THEMES:
            codes.add(COFOG_THEMES[match.group(1)])
    return codes


def _years(store: Store) -> tuple[int | None, int | None]:
    rows = store.query(_Q_YEARS).rows
    if not rows:
        return None, None
    first, last = rows[0].get("first"), rows[0].get("last")
    try:
        return (
            int(str(first)) if first is not None else None,
            int(str(last)) if last is not None else None,
        )
    except ValueError:
        return None, None


def need(value: str | None, option: str) -> str:
    if not value:
        raise ConfigurationError(
            f"missing {option}: pass {option}=... or set it in the catalogue TOML file "
            "(catalog_config=FILE)"
        )
    return value


def _auth(table: str, code: str) -> str:
    """Return the IRI of an EU authority-table code, or a ConfigurationError naming the table."""
    try:
        return str(authority_concept(table, code).iri)
    except KeyError:
        raise ConfigurationError(
            f"{code!r} is not a code govgraph knows in the EU {table} table; use a code such as "
            + {"data-theme": "GOVE", "frequency": "IRREG", "access-right": "PUBLIC"}.get(
                table, "ENG"
            )
        ) from None


def licence_iri(value: str) -> str:
    if value.upper() in LICENCE_TYPES:
        return AUTH + "licence/" + value.upper()
    return value


def build_metadata(
    store: Store,
    files: Mapping[str, tuple[bytes, str, str, str, str]],
    *,
    base_url: str,
    publisher: str,
    publisher_name: str,
    config: CatalogConfig,
    contact_email: str | None,
    title: str | None,
    description: str | None,
    licence: str,
    sparql_endpoint: str | None,
    issued: dt.date,
    modified: dt.date,
    tables: Sequence[str],
) -> CatalogMetadata:
    """Gather the catalogue metadata from the data (SPARQL on the store) and the options.

    Args:
        store: The store holding the graph.
        files: Relative file name -> (content, EU file-type code, media type, title, dataset key).
        base_url: Publication URL of the output directory (ends with ``/``).
        publisher: Publisher IRI.
        publisher_name: Publisher name.
        config: Further options.
        contact_email: Contact e-mail address.
        title: Catalogue title.
        description: Catalogue description.
        licence: Licence IRI.
        sparql_endpoint: SPARQL endpoint URL, or ``None``.
        issued: Publication date.
        modified: Modification date.
        tables: Names of the analysis tables written.

    Returns:
        The metadata the catalogue will state.
    """
    keywords = list(dict.fromkeys([*_keywords(store), *config.keywords]))
    keywords = keywords or ["public governance"]
    theme_codes = _themes(store) | set(config.themes)
    themes = tuple(sorted(_auth("data-theme", c) for c in theme_codes))
    spatial = {str(r["place"]) for r in store.query(_Q_SPATIAL)}
    spatial |= {s if s.startswith("http") else AUTH + "country/" + s for s in config.spatial}
    first, last = _years(store)
    if config.temporal_start is not None:
        first = config.temporal_start if first is None else min(first, config.temporal_start)
    if config.temporal_end is not None:
        last = config.temporal_end if last is None else max(last, config.temporal_end)
    if first is not None and last is None:
        last = first
    if last is not None and first is None:
        first = last
    languages = tuple(sorted(_auth("language", code) for code in (config.languages or ("ENG",))))
    frequency = _auth("frequency", config.frequency or "IRREG")
    access = _auth("access-right", config.access_rights or "PUBLIC")
    availability = _auth("planned-availability", "STABLE")
    rights = config.rights or (
        "Re-use is allowed under the licence stated for each distribution; cite the publisher."
    )
    catalog_iri = base_url + "catalog"
    contact = ContactMetadata(
        iri=base_url + "catalog#contact",
        name=config.contact_name or publisher_name,
        email=contact_email,
        url=config.contact_url,
    )
    ptype = config.publisher_type or (
        "SupraNationalAuthority"
        if publisher.startswith(AUTH + "corporate-body/")
        else "NationalAuthority"
    )
    if ptype not in PUBLISHER_TYPES:
        raise ConfigurationError(
            f"unknown publisher type {ptype!r}; use one of: " + ", ".join(sorted(PUBLISHER_TYPES))
        )
    agent = AgentMetadata(
        iri=publisher, name=publisher_name, type="http://purl.org/adms/publishertype/" + ptype
    )
    version = config.version or "1.0"

    def distributions(key: str) -> tuple[DistributionMetadata, ...]:
        out = []
        for name, (data, code, media, dtitle, dkey) in files.items():
            if dkey != key:
                continue
            url = base_url + name
            out.append(
                DistributionMetadata(
                    iri=base_url + "distribution/" + name.replace("/", "-"),
                    title=dtitle,
                    description=f"{dtitle} ({name}).",
                    access_url=url,
                    download_url=url,
                    format=_auth("file-type", code),
                    media_type=IANA + media,
                    licence=licence,
                    rights=rights,
                    byte_size=len(data),
                    issued=issued,
                    modified=modified,
                    availability=availability,
                    sha1=hashlib.sha1(data).hexdigest(),
                )
            )
        return tuple(sorted(out, key=lambda d: d.iri))

    def dataset(
        key: str,
        dtitle: str,
        ddesc: str,
        extra: tuple[str, ...] = (),
        conforms_to: tuple[str, ...] = (),
    ) -> DatasetMetadata:
        return DatasetMetadata(
            iri=base_url + "dataset/" + key,
            title=dtitle,
            description=ddesc,
            keywords=tuple(sorted(set(keywords) | set(extra))),
            themes=themes,
            spatial=tuple(sorted(spatial)),
            temporal_start=first,
            temporal_end=last,
            publisher=publisher,
            contact=contact.iri,
            issued=issued,
            modified=modified,
            access_rights=access,
            conforms_to=conforms_to,
            version=version,
            frequency=frequency,
            languages=languages,
            distributions=distributions(key),
        )

    cat_title = title or config.title or "Public governance knowledge graph"
    datasets = [
        dataset(
            "graph",
            config.dataset_title or cat_title,
            config.dataset_description
            or description
            or config.description
            or "A knowledge graph of public administrations, their policies, initiatives, "
            "technologies and skills, described with the govgraph ontology.",
            conforms_to=(str(GOVGRAPH_ONTOLOGY),),
        )
    ]
    if tables:
        datasets.append(
            dataset(
                "analyses",
                f"{cat_title}: analyses",
                "Tables computed from the knowledge graph by govgraph: " + ", ".join(tables) + ".",
                extra=tuple(tables),
            )
        )
    services: tuple[DataServiceMetadata, ...] = ()
    endpoint = sparql_endpoint or config.sparql_endpoint
    if endpoint:
        services = (
            DataServiceMetadata(
                iri=base_url + "service/sparql",
                title=config.service_title or f"SPARQL endpoint of {cat_title}",
                endpoint_url=endpoint,
                endpoint_description=SPARQL_PROTOCOL,
                serves=tuple(sorted(d.iri for d in datasets if d.iri.endswith("/graph"))),
            ),
        )
    return CatalogMetadata(
        iri=catalog_iri,
        title=cat_title,
        description=description
        or config.description
        or "Datasets of a public-governance knowledge graph published with govgraph.",
        homepage=config.homepage or base_url,
        publisher=agent,
        contact=contact,
        languages=languages,
        licence=licence,
        rights=rights,
        issued=issued,
        modified=modified,
        spatial=tuple(sorted(spatial)),
        themes=themes,
        datasets=tuple(sorted(datasets, key=lambda d: d.iri)),
        services=services,
    )
