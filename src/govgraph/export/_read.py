"""Read a DCAT-AP catalogue written by govgraph back into :class:`CatalogMetadata`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF
from rdflib.term import Node

from .._exceptions import ParseError
from ._model import (
    AgentMetadata,
    CatalogMetadata,
    ContactMetadata,
    DataServiceMetadata,
    DatasetMetadata,
    DistributionMetadata,
)
from ._vocab import DCATAP, SPDX, VCARD

__all__ = ["load_graph", "read_dcat_ap"]


def load_graph(source: Graph | str | Path) -> Graph:
    """Parse an RDF file with govgraph's bounded, offline parsers into an rdflib graph.

    Raises:
        ParseError: The file does not parse (the message names file and line).
    """
    if isinstance(source, Graph):
        return source
    from ..io import ox_triples_to_graph, parse_source

    return ox_triples_to_graph(parse_source(Path(source)).quads)


def _text(g: Graph, s: Node | None, p: URIRef, default: str = "") -> str:
    if s is None:
        return default
    value = g.value(s, p)
    return str(value) if value is not None else default


def _date(g: Graph, s: Node, p: URIRef, where: str) -> dt.date:
    value = g.value(s, p)
    if value is None:
        raise ParseError(source=where, reason=f"{s} has no {p}")
    return dt.date.fromisoformat(str(value)[:10])


def _iris(g: Graph, s: Node, p: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(o) for o in g.objects(s, p)))


def _year(g: Graph, period: Node | None, p: URIRef) -> int | None:
    if period is None:
        return None
    value = g.value(period, p)
    return int(str(value)[:4]) if value is not None else None


def read_dcat_ap(path: str | Path | Graph) -> CatalogMetadata:
    """Read a DCAT-AP catalogue (Turtle, RDF/XML or JSON-LD) into typed metadata.

    Args:
        path: The catalogue file, or an rdflib graph.

    Returns:
        The catalogue's metadata; for a catalogue written by
        :func:`~govgraph.export.export_dcat_ap` it equals the ``metadata`` of the export.

    Examples:
        >>> import datetime as dt
        >>> import tempfile
        >>> from govgraph import GovGraph
        >>> from govgraph.export import export_dcat_ap, read_dcat_ap
        >>> result = export_dcat_ap(
        ...     GovGraph.example().store,
        ...     tempfile.mkdtemp(),
        ...     base_url="https://data.example.org/",
        ...     publisher="http://publications.europa.eu/resource/authority/corporate-body/DIGIT",
        ...     publisher_name="DG DIGIT",
        ...     contact_email="opendata@example.org",
        ...     issued=dt.date(2026, 1, 31),
        ... )
        >>> catalog = read_dcat_ap(result.catalog[0].path)
        >>> catalog == result.metadata  # the round trip keeps every value
        True
        >>> catalog.publisher.name, catalog.contact.email, catalog.issued
        ('DG DIGIT', 'opendata@example.org', datetime.date(2026, 1, 31))
        >>> [len(d.distributions) for d in catalog.datasets], catalog.to_dict()["issued"]
        ([4], '2026-01-31')

    Raises:
        ParseError: The file is malformed or holds no ``dcat:Catalog`` with the expected fields.
    """
    g = load_graph(path)
    where = "<graph>" if isinstance(path, Graph) else str(path)
    catalogs = sorted(g.subjects(RDF.type, DCAT.Catalog), key=str)
    if not catalogs:
        raise ParseError(source=where, reason="no dcat:Catalog in the file")
    cat = catalogs[0]
    pub = g.value(cat, DCTERMS.publisher)
    if pub is None:
        raise ParseError(source=where, reason=f"the catalogue {cat} has no dct:publisher")
    publisher = AgentMetadata(
        iri=str(pub), name=_text(g, pub, FOAF.name), type=_text(g, pub, DCTERMS.type)
    )
    datasets = []
    contact_node: Node | None = None
    for ds in sorted(g.objects(cat, DCAT.dataset), key=str):
        contact_node = contact_node or g.value(ds, DCAT.contactPoint)
        period = g.value(ds, DCTERMS.temporal)
        dists = []
        for d in sorted(g.objects(ds, DCAT.distribution), key=str):
            checksum = g.value(d, SPDX.checksum)
            dists.append(
                DistributionMetadata(
                    iri=str(d),
                    title=_text(g, d, DCTERMS.title),
                    description=_text(g, d, DCTERMS.description),
                    access_url=_text(g, d, DCAT.accessURL),
                    download_url=_text(g, d, DCAT.downloadURL),
                    format=_text(g, d, DCTERMS.format),
                    media_type=_text(g, d, DCAT.mediaType),
                    licence=_text(g, d, DCTERMS.license),
                    rights=_text(g, g.value(d, DCTERMS.rights), RDFS.label),
                    byte_size=int(str(g.value(d, DCAT.byteSize) or 0).split(".")[0]),
                    issued=_date(g, d, DCTERMS.issued, where),
                    modified=_date(g, d, DCTERMS.modified, where),
                    availability=_text(g, d, DCATAP.availability),
                    sha1=_text(g, checksum, SPDX.checksumValue) if checksum is not None else None,
                )
            )
        datasets.append(
            DatasetMetadata(
                iri=str(ds),
                title=_text(g, ds, DCTERMS.title),
                description=_text(g, ds, DCTERMS.description),
                keywords=tuple(sorted(str(k) for k in g.objects(ds, DCAT.keyword))),
                themes=_iris(g, ds, DCAT.theme),
                spatial=_iris(g, ds, DCTERMS.spatial),
                temporal_start=_year(g, period, DCAT.startDate),
                temporal_end=_year(g, period, DCAT.endDate),
                publisher=_text(g, ds, DCTERMS.publisher),
                contact=_text(g, ds, DCAT.contactPoint),
                issued=_date(g, ds, DCTERMS.issued, where),
                modified=_date(g, ds, DCTERMS.modified, where),
                access_rights=_text(g, ds, DCTERMS.accessRights),
                conforms_to=_iris(g, ds, DCTERMS.conformsTo),
                version=_text(g, ds, OWL.versionInfo),
                frequency=_text(g, ds, DCTERMS.accrualPeriodicity),
                languages=_iris(g, ds, DCTERMS.language),
                distributions=tuple(dists),
            )
        )
    services = []
    for s in sorted(g.objects(cat, DCAT.service), key=str):
        contact_node = contact_node or g.value(s, DCAT.contactPoint)
        services.append(
            DataServiceMetadata(
                iri=str(s),
                title=_text(g, s, DCTERMS.title),
                endpoint_url=_text(g, s, DCAT.endpointURL),
                endpoint_description=_text(g, s, DCAT.endpointDescription),
                serves=_iris(g, s, DCAT.servesDataset),
            )
        )
    if contact_node is None:
        raise ParseError(source=where, reason="no dcat:contactPoint on any dataset or service")
    email = g.value(contact_node, VCARD.hasEmail)
    url = g.value(contact_node, VCARD.hasURL)
    contact = ContactMetadata(
        iri=str(contact_node),
        name=_text(g, contact_node, VCARD.fn),
        email=str(email).removeprefix("mailto:") if email is not None else None,
        url=str(url) if url is not None else None,
    )
    rights = g.value(cat, DCTERMS.rights)
    return CatalogMetadata(
        iri=str(cat),
        title=_text(g, cat, DCTERMS.title),
        description=_text(g, cat, DCTERMS.description),
        homepage=_text(g, cat, FOAF.homepage),
        publisher=publisher,
        contact=contact,
        languages=_iris(g, cat, DCTERMS.language),
        licence=_text(g, cat, DCTERMS.license),
        rights=_text(g, rights, RDFS.label) if rights is not None else "",
        issued=_date(g, cat, DCTERMS.issued, where),
        modified=_date(g, cat, DCTERMS.modified, where),
        spatial=_iris(g, cat, DCTERMS.spatial),
        themes=tuple(sorted({t for ds in datasets for t in ds.themes})),
        datasets=tuple(datasets),
        services=tuple(services),
    )
