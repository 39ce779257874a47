"""Write a governance graph and its analyses as DCAT-AP 3.0.1 distributions and catalogue."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from .._exceptions import ConfigurationError, ExportError
from ..store import Store
from ._config import CatalogConfig
from ._files import check_targets, safe_name, target_path, write_atomic
from ._model import (
    AgentMetadata,
    CatalogMetadata,
    ContactMetadata,
    DataServiceMetadata,
    DatasetMetadata,
    DistributionMetadata,
    ExportedFile,
    ExportResult,
)
from ._vocab import (
    AUTH,
    DCAT_AP_2_1_1,
    DCAT_AP_3_0_1,
    DCATAP,
    GOVGRAPH_ONTOLOGY,
    IANA,
    LICENCE_LABELS,
    LICENCE_TYPE_LABELS,
    LICENCE_TYPE_SCHEME,
    LICENCE_TYPES,
    PUBLISHER_TYPE_SCHEME,
    PUBLISHER_TYPES,
    SCHEME_TITLES,
    SPDX,
    VCARD,
    authority_concept,
    country_geometry,
)

__all__ = ["DEFAULT_LICENCE", "build_metadata", "export_dcat_ap", "render_catalog"]

DEFAULT_LICENCE = AUTH + "licence/CC_BY_4_0"
GG = "https://w3id.org/govgraph#"
MAX_KEYWORDS = 50
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"

#: Graph distributions: (file name, store format, EU file type, IANA media type, title).
GRAPH_FORMATS = (
    ("graph.ttl", "turtle", "RDF_TURTLE", "text/turtle", "Turtle"),
    ("graph.jsonld", "json-ld", "JSON_LD", "application/ld+json", "JSON-LD"),
    ("graph.rdf", "xml", "RDF_XML", "application/rdf+xml", "RDF/XML"),
    ("graph.nt", "ntriples", "RDF_N_TRIPLES", "application/n-triples", "N-Triples"),
)

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

_Q_KEYWORDS = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?concept (SAMPLE(?label) AS ?name) (COUNT(DISTINCT ?s) AS ?uses) WHERE {{
  ?s ?link ?concept .
  VALUES ?link {{ <{GG}usesTechnology> <{GG}policyArea> }}
  ?concept skos:prefLabel ?label .
  FILTER(LANG(?label) = "en" || LANG(?label) = "")
}} GROUP BY ?concept ORDER BY DESC(?uses) ?concept
"""

_Q_TECH = f"ASK {{ ?s <{GG}usesTechnology> ?t }}"

_Q_AREAS = f"""
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?area ?notation WHERE {{
  ?s <{GG}policyArea> ?area .
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
  {{ ?s <{GG}startYear> ?start . BIND(?start AS ?end) }}
  UNION {{ ?s <{GG}endYear> ?end . BIND(?end AS ?start) }}
}}
"""

_CLEAN_LABEL = re.compile(r"\s*\((?:CS|SC|IS)\)\s*$")


def _store_of(graph_or_store: Any) -> Store:
    if isinstance(graph_or_store, Store):
        return graph_or_store
    store = getattr(graph_or_store, "store", None)
    if isinstance(store, Store):
        return store
    raise TypeError("export_dcat_ap needs a GovGraph or a govgraph.store.Store")


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


def _table_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        if hasattr(row, "to_dict"):
            row = row.to_dict()
        if not isinstance(row, Mapping):
            raise ExportError(
                f"table rows must be mappings or objects with to_dict(); got {type(row).__name__}"
            )
        out.append(dict(row))
    return out


def _csv_bytes(rows: Sequence[Mapping[str, Any]]) -> bytes:
    columns: dict[str, None] = {}
    for row in rows:
        for key in row:
            columns.setdefault(str(key), None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(list(columns))
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            if value is None:
                cells.append("")
            elif isinstance(value, list | tuple | set | frozenset):
                cells.append(" ".join(str(v) for v in value))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def _need(value: str | None, option: str, cli: str) -> str:
    if not value:
        raise ConfigurationError(
            f"missing {option}: pass {option}=... (CLI: {cli}) or set it in the --catalog TOML file"
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


def _licence_iri(value: str) -> str:
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


# ---------------------------------------------------------------------------------------- render
def _en(text: str) -> Literal:
    return Literal(text, lang="en")


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _concept(g: Graph, iri: str, *types: URIRef) -> None:
    """State type, scheme and label of an EU authority-table value."""
    node = URIRef(iri)
    if not iri.startswith(AUTH):
        return
    table, _, code = iri[len(AUTH) :].partition("/")
    scheme = URIRef(AUTH + table)
    for t in types:
        g.add((node, RDF.type, t))
    g.add((node, SKOS.inScheme, scheme))
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, _en(SCHEME_TITLES.get(table, table))))
    label: str | None = None
    if table == "country":
        name, bbox, centroid = country_geometry(node)
        label = name
        if bbox is not None and centroid is not None:
            g.add((node, DCAT.bbox, bbox))
            g.add((node, DCAT.centroid, centroid))
    elif table == "licence":
        label = LICENCE_LABELS.get(code)
    elif table != "corporate-body":
        try:
            label = authority_concept(table, code).label
        except KeyError:
            label = None
    if label and SKOS.Concept in types:
        g.add((node, SKOS.prefLabel, _en(label)))
    elif label:
        g.add((node, RDFS.label, _en(label)))


def render_catalog(meta: CatalogMetadata, *, version: str = "3.0.1") -> Graph:
    """Write catalogue metadata as a DCAT-AP graph.

    Args:
        meta: The metadata.
        version: ``"3.0.1"`` (default) or ``"2.1.1"``. The two official shape sets disagree on two
            points, so the 2.1.1 form types ``dcat:byteSize`` as ``xsd:decimal`` (3.0.1:
            ``xsd:nonNegativeInteger``) and carries SHA-1 ``spdx:checksum`` values, which the
            3.0.1 controlled-vocabulary shapes reject for any real SPDX algorithm IRI.

    Returns:
        An rdflib graph with the catalogue and every background fact its validation needs.
    """
    if version not in ("3.0.1", "2.1.1"):
        raise ValueError("version must be '3.0.1' or '2.1.1'")
    g = Graph()
    for prefix, ns in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("skos", SKOS),
        ("vcard", VCARD),
        ("spdx", SPDX),
        ("dcatap", DCATAP),
        ("owl", OWL),
    ):
        g.bind(prefix, ns)
    cat = URIRef(meta.iri)
    rights = URIRef(meta.iri + "#rights")
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCTERMS.title, _en(meta.title)))
    g.add((cat, DCTERMS.description, _en(meta.description)))
    g.add((cat, DCTERMS.issued, _date(meta.issued)))
    g.add((cat, DCTERMS.modified, _date(meta.modified)))
    g.add((cat, DCTERMS.conformsTo, DCAT_AP_3_0_1 if version == "3.0.1" else DCAT_AP_2_1_1))
    standard = DCAT_AP_3_0_1 if version == "3.0.1" else DCAT_AP_2_1_1
    g.add((standard, RDF.type, DCTERMS.Standard))
    g.add((standard, DCTERMS.title, _en(f"DCAT-AP {version}")))
    homepage = URIRef(meta.homepage)
    g.add((cat, FOAF.homepage, homepage))
    g.add((homepage, RDF.type, FOAF.Document))
    g.add((cat, DCAT.themeTaxonomy, URIRef(AUTH + "data-theme")))
    g.add((URIRef(AUTH + "data-theme"), RDF.type, SKOS.ConceptScheme))
    g.add((URIRef(AUTH + "data-theme"), DCTERMS.title, _en("Data theme")))
    g.add((cat, DCTERMS.rights, rights))
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    g.add((rights, RDFS.label, _en(meta.rights)))
    _licence(g, cat, meta.licence)
    for lang in meta.languages:
        g.add((cat, DCTERMS.language, URIRef(lang)))
        _concept(g, lang, DCTERMS.LinguisticSystem, SKOS.Concept)
    for place in meta.spatial:
        g.add((cat, DCTERMS.spatial, URIRef(place)))
        _concept(g, place, DCTERMS.Location)
    # publisher
    agent = URIRef(meta.publisher.iri)
    g.add((cat, DCTERMS.publisher, agent))
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, RDF.type, FOAF.Organization))
    g.add((agent, FOAF.name, _en(meta.publisher.name)))
    ptype = URIRef(meta.publisher.type)
    g.add((agent, DCTERMS.type, ptype))
    g.add((ptype, RDF.type, SKOS.Concept))
    g.add((ptype, SKOS.inScheme, PUBLISHER_TYPE_SCHEME))
    code = meta.publisher.type.rsplit("/", 1)[-1]
    g.add((ptype, SKOS.prefLabel, _en(PUBLISHER_TYPES.get(code, code))))
    g.add((PUBLISHER_TYPE_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((PUBLISHER_TYPE_SCHEME, DCTERMS.title, _en("ADMS publisher type")))
    if meta.publisher.iri.startswith(AUTH + "corporate-body/"):
        _concept(g, meta.publisher.iri)
    # contact point
    contact = URIRef(meta.contact.iri)
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, _en(meta.contact.name)))
    if meta.contact.email:
        g.add((contact, VCARD.hasEmail, URIRef("mailto:" + meta.contact.email)))
    if meta.contact.url:
        g.add((contact, VCARD.hasURL, URIRef(meta.contact.url)))
    for ds in meta.datasets:
        _dataset(g, cat, ds, rights, version)
    for service in meta.services:
        _service(g, cat, service, meta, rights)
    return g


def _licence(g: Graph, subject: URIRef, iri: str) -> None:
    node = URIRef(iri)
    g.add((subject, DCTERMS.license, node))
    g.add((node, RDF.type, DCTERMS.LicenseDocument))
    code = iri.rsplit("/", 1)[-1]
    if iri.startswith(AUTH + "licence/"):
        _concept(g, iri)
        for ltype in LICENCE_TYPES.get(code, ()):
            type_node = URIRef("http://purl.org/adms/licencetype/" + ltype)
            g.add((node, DCTERMS.type, type_node))
            g.add((type_node, RDF.type, SKOS.Concept))
            g.add((type_node, SKOS.inScheme, LICENCE_TYPE_SCHEME))
            g.add((type_node, SKOS.prefLabel, _en(LICENCE_TYPE_LABELS[ltype])))
            g.add((LICENCE_TYPE_SCHEME, RDF.type, SKOS.ConceptScheme))
            g.add((LICENCE_TYPE_SCHEME, DCTERMS.title, _en("ADMS licence type")))


def _dataset(g: Graph, cat: URIRef, ds: DatasetMetadata, rights: URIRef, version: str) -> None:
    node = URIRef(ds.iri)
    g.add((cat, DCAT.dataset, node))
    g.add((node, RDF.type, DCAT.Dataset))
    g.add((node, DCTERMS.title, _en(ds.title)))
    g.add((node, DCTERMS.description, _en(ds.description)))
    g.add((node, DCTERMS.identifier, Literal(ds.iri)))
    for kw in ds.keywords:
        g.add((node, DCAT.keyword, _en(kw)))
    for theme in ds.themes:
        g.add((node, DCAT.theme, URIRef(theme)))
        _concept(g, theme, SKOS.Concept)
    for place in ds.spatial:
        g.add((node, DCTERMS.spatial, URIRef(place)))
        _concept(g, place, DCTERMS.Location)
    if ds.temporal_start is not None and ds.temporal_end is not None:
        period = URIRef(ds.iri + "#period")
        g.add((node, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        g.add((period, DCAT.startDate, _date(dt.date(ds.temporal_start, 1, 1))))
        g.add((period, DCAT.endDate, _date(dt.date(ds.temporal_end, 12, 31))))
    g.add((node, DCTERMS.publisher, URIRef(ds.publisher)))
    g.add((node, DCAT.contactPoint, URIRef(ds.contact)))
    g.add((node, DCTERMS.issued, _date(ds.issued)))
    g.add((node, DCTERMS.modified, _date(ds.modified)))
    g.add((node, DCTERMS.accessRights, URIRef(ds.access_rights)))
    _concept(g, ds.access_rights, DCTERMS.RightsStatement, SKOS.Concept)
    for standard in ds.conforms_to:
        g.add((node, DCTERMS.conformsTo, URIRef(standard)))
        g.add((URIRef(standard), RDF.type, DCTERMS.Standard))
        g.add((URIRef(standard), DCTERMS.title, _en("govgraph ontology")))
    g.add((node, OWL.versionInfo, Literal(ds.version)))
    g.add((node, DCTERMS.accrualPeriodicity, URIRef(ds.frequency)))
    _concept(g, ds.frequency, DCTERMS.Frequency, SKOS.Concept)
    for lang in ds.languages:
        g.add((node, DCTERMS.language, URIRef(lang)))
        _concept(g, lang, DCTERMS.LinguisticSystem, SKOS.Concept)
    for dist in ds.distributions:
        _distribution(g, node, dist, rights, version)


def _distribution(
    g: Graph, dataset: URIRef, d: DistributionMetadata, rights: URIRef, version: str
) -> None:
    node = URIRef(d.iri)
    g.add((dataset, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, _en(d.title)))
    g.add((node, DCTERMS.description, _en(d.description)))
    g.add((node, DCAT.accessURL, URIRef(d.access_url)))
    g.add((node, DCAT.downloadURL, URIRef(d.download_url)))
    g.add((node, DCTERMS.format, URIRef(d.format)))
    _concept(g, d.format, DCTERMS.MediaTypeOrExtent, SKOS.Concept)
    media = URIRef(d.media_type)
    g.add((node, DCAT.mediaType, media))
    g.add((media, RDF.type, DCTERMS.MediaType))
    g.add((media, RDFS.label, Literal(d.media_type[len(IANA) :])))
    _licence(g, node, d.licence)
    g.add((node, DCTERMS.rights, rights))
    datatype = XSD.nonNegativeInteger if version == "3.0.1" else XSD.decimal
    g.add((node, DCAT.byteSize, Literal(str(d.byte_size), datatype=datatype)))
    g.add((node, DCTERMS.issued, _date(d.issued)))
    g.add((node, DCTERMS.modified, _date(d.modified)))
    g.add((node, DCATAP.availability, URIRef(d.availability)))
    _concept(g, d.availability, SKOS.Concept)
    if version == "2.1.1" and d.sha1:
        checksum = URIRef(d.iri + "#checksum")
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha1))
        g.add((SPDX.checksumAlgorithm_sha1, RDF.type, SPDX.ChecksumAlgorithm))
        g.add((checksum, SPDX.checksumValue, Literal(d.sha1, datatype=XSD.hexBinary)))


def _service(
    g: Graph, cat: URIRef, s: DataServiceMetadata, meta: CatalogMetadata, rights: URIRef
) -> None:
    node = URIRef(s.iri)
    g.add((cat, DCAT.service, node))
    g.add((node, RDF.type, DCAT.DataService))
    g.add((node, DCTERMS.title, _en(s.title)))
    g.add((node, DCAT.endpointURL, URIRef(s.endpoint_url)))
    g.add((node, DCAT.endpointDescription, URIRef(s.endpoint_description)))
    for served in s.serves:
        g.add((node, DCAT.servesDataset, URIRef(served)))
    g.add((node, DCAT.contactPoint, URIRef(meta.contact.iri)))
    g.add((node, DCTERMS.publisher, URIRef(meta.publisher.iri)))
    protocol = URIRef(SPARQL_PROTOCOL)
    g.add((node, DCTERMS.conformsTo, protocol))
    g.add((protocol, RDF.type, DCTERMS.Standard))
    g.add((protocol, DCTERMS.title, _en("SPARQL 1.1 Protocol")))
    for theme in meta.themes:
        g.add((node, DCAT.theme, URIRef(theme)))
    for ds in meta.datasets:
        if ds.iri in s.serves:
            for kw in ds.keywords:
                g.add((node, DCAT.keyword, _en(kw)))
            g.add((node, DCTERMS.accessRights, URIRef(ds.access_rights)))
    g.add((node, DCTERMS.rights, rights))
    _licence(g, node, meta.licence)


# ---------------------------------------------------------------------------------------- export
def export_dcat_ap(
    graph_or_store: Any,
    out_dir: str | Path,
    *,
    base_url: str | None = None,
    publisher: str | None = None,
    publisher_name: str | None = None,
    contact_email: str | None = None,
    title: str | None = None,
    description: str | None = None,
    licence: str | None = None,
    catalog_config: CatalogConfig | str | Path | None = None,
    sparql_endpoint: str | None = None,
    extra_tables: Mapping[str, Iterable[Any]] | None = None,
    force: bool = False,
    issued: dt.date | None = None,
    modified: dt.date | None = None,
) -> ExportResult:
    """Write the graph's distributions and a DCAT-AP 3.0.1 catalogue describing them.

    Writes into ``out_dir``: ``graph.ttl``, ``graph.jsonld``, ``graph.rdf``, ``graph.nt`` (the
    graph), ``tables/NAME.csv`` (one per entry of ``extra_tables``), ``catalog.ttl``,
    ``catalog.jsonld`` and ``catalog.rdf`` (DCAT-AP 3.0.1), and ``catalog-dcat-ap-2.1.1.ttl`` (the
    same metadata in the form DCAT-AP 2.1.1 requires). Keywords, themes, spatial and temporal
    coverage are read from the data with SPARQL, so any store works.

    Args:
        graph_or_store: A :class:`~govgraph.GovGraph` or a :class:`~govgraph.store.Store`.
        out_dir: Output directory (created if missing).
        base_url: URL where the files of ``out_dir`` will be published; access and download
            URLs and the IRIs of the catalogue, datasets and distributions are built from it.
        publisher: Publisher IRI (an EU corporate-body IRI where there is one, e.g.
            ``http://publications.europa.eu/resource/authority/corporate-body/DIGIT``).
        publisher_name: Publisher name.
        contact_email: Contact e-mail address.
        title: Catalogue title.
        description: Catalogue description.
        licence: Licence IRI or EU licence code (default: CC BY 4.0 from the EU licence table).
        catalog_config: A :class:`CatalogConfig` or the path of a TOML file with more options.
        sparql_endpoint: URL of a SPARQL endpoint serving the graph (adds a ``dcat:DataService``).
        extra_tables: Analysis results, table name -> rows (dicts or objects with ``to_dict()``),
            written as CSV distributions of an "analyses" dataset.
        force: Overwrite existing files.
        issued: Publication date (default: today).
        modified: Modification date (default: today).

    Returns:
        What was written, with the catalogue metadata.

    Raises:
        ConfigurationError: When the base URL, publisher or publisher name is missing.
        ExportError: When a file exists (without ``force``) or a table name is unsafe.
    """
    from ._config import load_catalog_config

    if catalog_config is None:
        config = CatalogConfig()
    elif isinstance(catalog_config, CatalogConfig):
        config = catalog_config
    else:
        config = load_catalog_config(catalog_config)
    base = _need(base_url or config.base_url, "base_url", "--base-url URL")
    if not re.match(r"https?://[^\s<>\"{}|\\^`]+$", base):
        raise ConfigurationError(
            f"base_url {base!r} must be an http(s) URL without spaces, e.g. "
            "https://data.example.org/govgraph/"
        )
    base = base if base.endswith("/") else base + "/"
    pub = _need(publisher or config.publisher, "publisher", "--publisher IRI")
    pub_name = _need(
        publisher_name or config.publisher_name, "publisher_name", "--publisher-name NAME"
    )
    lic = _licence_iri(licence or config.licence or DEFAULT_LICENCE)
    today = dt.date.today()
    issued_on = issued or config.issued or today
    modified_on = modified or config.modified or today
    store = _store_of(graph_or_store)
    out = Path(out_dir)

    files: dict[str, tuple[bytes, str, str, str, str]] = {}
    for name, fmt, code, media, label in GRAPH_FORMATS:
        files[name] = (store.export(format=fmt), code, media, f"Knowledge graph ({label})", "graph")
    tables = []
    for table, rows in (extra_tables or {}).items():
        name = f"tables/{safe_name(table)}.csv"
        files[name] = (
            _csv_bytes(_table_rows(rows)),
            "CSV",
            "text/csv",
            f"Table {table} (CSV)",
            "analyses",
        )
        tables.append(table)

    meta = build_metadata(
        store,
        files,
        base_url=base,
        publisher=pub,
        publisher_name=pub_name,
        config=config,
        contact_email=contact_email or config.contact_email,
        title=title,
        description=description,
        licence=lic,
        sparql_endpoint=sparql_endpoint,
        issued=issued_on,
        modified=modified_on,
        tables=tables,
    )
    catalog = render_catalog(meta, version="3.0.1")
    catalog_211 = render_catalog(meta, version="2.1.1")
    outputs: dict[str, bytes] = {name: content[0] for name, content in files.items()}
    outputs["catalog.ttl"] = catalog.serialize(format="turtle").encode("utf-8")
    outputs["catalog.jsonld"] = catalog.serialize(format="json-ld", auto_compact=True).encode(
        "utf-8"
    )
    outputs["catalog.rdf"] = catalog.serialize(format="pretty-xml").encode("utf-8")
    outputs["catalog-dcat-ap-2.1.1.ttl"] = catalog_211.serialize(format="turtle").encode("utf-8")

    targets = {name: target_path(out, name) for name in outputs}
    check_targets(targets.values(), force=force)
    written: dict[str, ExportedFile] = {}
    for name, data in outputs.items():
        digest = write_atomic(targets[name], data)
        written[name] = ExportedFile(targets[name], base + name, len(data), digest)
    return ExportResult(
        out_dir=out,
        catalog=tuple(written[n] for n in ("catalog.ttl", "catalog.jsonld", "catalog.rdf")),
        catalog_2_1_1=written["catalog-dcat-ap-2.1.1.ttl"],
        distributions=tuple(written[n] for n in files),
        metadata=meta,
    )
