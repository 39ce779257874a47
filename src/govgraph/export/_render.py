"""Render catalogue metadata as a DCAT-AP 3.0.1 or 2.1.1 graph with its background facts."""

from __future__ import annotations

import datetime as dt

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS

from .._exceptions import ConfigurationError
from ._metadata import SPARQL_PROTOCOL
from ._model import CatalogMetadata, DataServiceMetadata, DatasetMetadata, DistributionMetadata
from ._vocab import (
    AUTH,
    DCAT_AP_2_1_1,
    DCAT_AP_3_0_1,
    DCATAP,
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

__all__ = ["render_catalog"]


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

    Examples:
        >>> import datetime as dt
        >>> import tempfile
        >>> from govgraph import GovGraph
        >>> from govgraph.export import export_dcat_ap, render_catalog
        >>> result = export_dcat_ap(
        ...     GovGraph.example().store,
        ...     tempfile.mkdtemp(),
        ...     base_url="https://data.example.org/",
        ...     publisher="http://publications.europa.eu/resource/authority/corporate-body/DIGIT",
        ...     publisher_name="DG DIGIT",
        ...     contact_email="opendata@example.org",
        ...     issued=dt.date(2026, 1, 31),
        ... )
        >>> from rdflib import URIRef
        >>> from rdflib.namespace import DCAT, DCTERMS
        >>> graph = render_catalog(result.metadata, version="2.1.1")
        >>> graph.value(URIRef(result.metadata.iri), DCTERMS.conformsTo)
        rdflib.term.URIRef('...2.1.1...')
        >>> {o.datatype.split("#")[1] for o in graph.objects(None, DCAT.byteSize)}
        {'decimal'}
        >>> render_catalog(result.metadata, version="3.0")
        Traceback (most recent call last):
        ...
        govgraph.ConfigurationError: version must be '3.0.1' or '2.1.1', not '3.0'

    Raises:
        ConfigurationError: If ``version`` is neither ``"3.0.1"`` nor ``"2.1.1"``.
    """
    if version not in ("3.0.1", "2.1.1"):
        raise ConfigurationError(f"version must be '3.0.1' or '2.1.1', not {version!r}")
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
