"""The metadata of a DCAT-AP catalogue as small frozen dataclasses.

:func:`~govgraph.export.export_dcat_ap` first gathers a :class:`CatalogMetadata` and then writes it
as RDF; :func:`~govgraph.export.read_dcat_ap` reads such a catalogue back into the same objects, so
a round trip gives equal values.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

__all__ = [
    "AgentMetadata",
    "CatalogMetadata",
    "ContactMetadata",
    "DataServiceMetadata",
    "DatasetMetadata",
    "DistributionMetadata",
    "ExportResult",
    "ExportedFile",
]


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


class _ToDict:
    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (dates as ISO text, IRIs as strings).

        Every metadata class and export result has it: nested metadata become dicts, tuples
        lists and paths text, so ``json.dumps`` takes the result as it is.

        Examples:
            >>> import json
            >>> from pathlib import Path
            >>> from govgraph.export import ContactMetadata, DataServiceMetadata, ExportedFile
            >>> contact = ContactMetadata("https://data.example.org/catalog#contact", "Data team")
            >>> contact.to_dict()["name"], contact.to_dict()["email"]
            ('Data team', None)
            >>> service = DataServiceMetadata(
            ...     iri="https://data.example.org/service/sparql",
            ...     title="SPARQL endpoint",
            ...     endpoint_url="https://data.example.org/sparql",
            ...     endpoint_description="https://www.w3.org/TR/sparql11-protocol/",
            ...     serves=("https://data.example.org/dataset/graph",),
            ... )
            >>> service.to_dict()["serves"]
            ['https://data.example.org/dataset/graph']
            >>> file = ExportedFile(
            ...     Path("catalog.ttl"), "https://data.example.org/catalog.ttl", 2048, "e3b0c442"
            ... )
            >>> data = file.to_dict()
            >>> data["path"], data["byte_size"]
            ('catalog.ttl', 2048)
            >>> json.loads(json.dumps(data)) == data
            True
        """
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]


@dataclass(frozen=True)
class AgentMetadata(_ToDict):
    """The publisher (``foaf:Agent``).

    Attributes:
        iri: Its IRI (an EU corporate-body IRI where there is one).
        name: Its name.
        type: Its ADMS publisher type IRI.
    """

    iri: str
    name: str
    type: str


@dataclass(frozen=True)
class ContactMetadata(_ToDict):
    """The contact point (``vcard:Organization``).

    Attributes:
        iri: Its IRI.
        name: The formatted name (``vcard:fn``).
        email: The e-mail address without ``mailto:`` (or ``None``).
        url: A contact web page (or ``None``).
    """

    iri: str
    name: str
    email: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class DistributionMetadata(_ToDict):
    """One file of a dataset (``dcat:Distribution``).

    Attributes:
        iri: Its IRI.
        title: Its title.
        description: What the file contains.
        access_url: Where it can be accessed (same as the download URL for plain files).
        download_url: Direct download URL.
        format: EU file-type IRI.
        media_type: IANA media-type IRI.
        licence: Licence IRI.
        rights: Rights statement text.
        byte_size: Size in bytes.
        issued: Publication date.
        modified: Last modification date.
        availability: EU planned-availability IRI.
        sha1: SHA-1 checksum (hex), written in the DCAT-AP 2.1.1 form only (see docs/export.md).
    """

    iri: str
    title: str
    description: str
    access_url: str
    download_url: str
    format: str
    media_type: str
    licence: str
    rights: str
    byte_size: int
    issued: dt.date
    modified: dt.date
    availability: str
    sha1: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class DatasetMetadata(_ToDict):
    """A dataset (``dcat:Dataset``): the graph, or the analysis tables.

    Attributes:
        iri: Its IRI.
        title: Its title.
        description: Its description.
        keywords: Keywords (technologies, policy areas, ...), sorted.
        themes: EU data-theme IRIs, sorted.
        spatial: EU country IRIs, sorted.
        temporal_start: First year covered (``None`` when the data has no years).
        temporal_end: Last year covered.
        publisher: IRI of the publisher.
        contact: IRI of the contact point.
        issued: Publication date.
        modified: Last modification date.
        access_rights: EU access-right IRI.
        licence: Licence IRI of the distributions.
        conforms_to: Standards the data conforms to (the govgraph ontology), sorted.
        version: Version of the dataset (``owl:versionInfo``).
        frequency: EU frequency IRI.
        languages: EU language IRIs, sorted.
        distributions: Its distributions, sorted by IRI.
    """

    iri: str
    title: str
    description: str
    keywords: tuple[str, ...]
    themes: tuple[str, ...]
    spatial: tuple[str, ...]
    temporal_start: int | None
    temporal_end: int | None
    publisher: str
    contact: str
    issued: dt.date
    modified: dt.date
    access_rights: str
    conforms_to: tuple[str, ...]
    version: str
    frequency: str
    languages: tuple[str, ...]
    distributions: tuple[DistributionMetadata, ...]


@dataclass(frozen=True)
class DataServiceMetadata(_ToDict):
    """A SPARQL endpoint serving the datasets (``dcat:DataService``).

    Attributes:
        iri: Its IRI.
        title: Its title.
        endpoint_url: The endpoint URL.
        endpoint_description: URL of a description of the endpoint (the SPARQL protocol).
        serves: IRIs of the datasets it serves, sorted.
    """

    iri: str
    title: str
    endpoint_url: str
    endpoint_description: str
    serves: tuple[str, ...]


@dataclass(frozen=True)
class CatalogMetadata(_ToDict):
    """A DCAT-AP catalogue written or read by govgraph.

    Attributes:
        iri: The catalogue IRI.
        title: Its title.
        description: Its description.
        homepage: Its home page.
        publisher: The publishing agent.
        contact: The contact point of its datasets and services.
        languages: EU language IRIs, sorted.
        licence: Licence IRI of the metadata.
        rights: Rights statement text of the data.
        issued: Publication date.
        modified: Last modification date.
        spatial: EU country IRIs covered, sorted.
        themes: EU data-theme IRIs used, sorted.
        datasets: The datasets, sorted by IRI.
        services: The data services, sorted by IRI.
    """

    iri: str
    title: str
    description: str
    homepage: str
    publisher: AgentMetadata
    contact: ContactMetadata
    languages: tuple[str, ...]
    licence: str
    rights: str
    issued: dt.date
    modified: dt.date
    spatial: tuple[str, ...]
    themes: tuple[str, ...]
    datasets: tuple[DatasetMetadata, ...]
    services: tuple[DataServiceMetadata, ...] = ()


@dataclass(frozen=True)
class ExportedFile(_ToDict):
    """A file written by the export.

    Attributes:
        path: Where it was written.
        url: Where it will be published (from ``base_url``).
        byte_size: Its size in bytes.
        sha256: Its SHA-256 checksum (hex).
    """

    path: Path
    url: str
    byte_size: int
    sha256: str


@dataclass(frozen=True)
class ExportResult(_ToDict):
    """What :func:`~govgraph.export.export_dcat_ap` wrote.

    Attributes:
        out_dir: The output directory.
        catalog: The DCAT-AP 3.0.1 catalogue files (Turtle, JSON-LD, RDF/XML).
        catalog_2_1_1: The DCAT-AP 2.1.1 form of the catalogue (Turtle).
        distributions: The data files (graph serializations and CSV tables).
        metadata: The metadata the catalogue states.
    """

    out_dir: Path
    catalog: tuple[ExportedFile, ...]
    catalog_2_1_1: ExportedFile
    distributions: tuple[ExportedFile, ...]
    metadata: CatalogMetadata
