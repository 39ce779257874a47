"""Write a governance graph and its analyses as DCAT-AP 3.0.1 distributions and catalogue."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .._exceptions import ConfigurationError, ExportError
from ..io import rdflib_triples_to_ox, serialize_rdf, write_records
from ..store import Store
from ._config import CatalogConfig, load_catalog_config
from ._files import check_targets, safe_name, target_path, write_atomic
from ._metadata import DEFAULT_LICENCE, build_metadata, licence_iri, need
from ._model import ExportedFile, ExportResult
from ._render import render_catalog
from ._vocab import CATALOG_PREFIXES

__all__ = ["export_dcat_ap"]

#: Graph distributions: (file name, store format, EU file type, IANA media type, title).
GRAPH_FORMATS = (
    ("graph.ttl", "turtle", "RDF_TURTLE", "text/turtle", "Turtle"),
    ("graph.jsonld", "json-ld", "JSON_LD", "application/ld+json", "JSON-LD"),
    ("graph.rdf", "xml", "RDF_XML", "application/rdf+xml", "RDF/XML"),
    ("graph.nt", "ntriples", "RDF_N_TRIPLES", "application/n-triples", "N-Triples"),
)


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
    buffer = io.StringIO()
    write_records(rows, buffer, format="csv", list_separator=" ")
    return buffer.getvalue().encode("utf-8")


def export_dcat_ap(
    store: Store,
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
        store: The store holding the graph (``GovGraph.export_dcat_ap`` passes its own).
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

    Examples:
        >>> import datetime as dt
        >>> import tempfile
        >>> from govgraph import GovGraph
        >>> from govgraph.export import export_dcat_ap
        >>> kg = GovGraph.example()
        >>> out = tempfile.mkdtemp()
        >>> options = dict(
        ...     base_url="https://data.example.org/",
        ...     publisher="http://publications.europa.eu/resource/authority/corporate-body/DIGIT",
        ...     publisher_name="DG DIGIT",
        ...     issued=dt.date(2026, 1, 31),
        ... )
        >>> result = export_dcat_ap(
        ...     kg.store,
        ...     out,
        ...     extra_tables={"synergies": kg.synergies(top=3)},
        ...     sparql_endpoint="https://data.example.org/sparql",
        ...     **options,
        ... )
        >>> sorted(f.path.relative_to(out).as_posix() for f in result.distributions)
        ['graph.jsonld', 'graph.nt', 'graph.rdf', 'graph.ttl', 'tables/synergies.csv']
        >>> {d.iri.rsplit("/", 1)[1]: len(d.distributions) for d in result.metadata.datasets}
        {'analyses': 1, 'graph': 4}
        >>> result.metadata.services[0].endpoint_url, result.to_dict()["metadata"]["issued"]
        ('https://data.example.org/sparql', '2026-01-31')
        >>> export_dcat_ap(kg.store, out, **options)  # the files are there: nothing is written
        Traceback (most recent call last):
        ...
        govgraph.ExportError: 8 output file(s) already exist (...); nothing was written. ...

    Raises:
        ConfigurationError: When the base URL, publisher or publisher name is missing.
        ExportError: When a file exists (without ``force``), a table name is unsafe or ``store``
            is not a :class:`~govgraph.store.Store`.
    """
    if not isinstance(store, Store):
        raise ExportError(
            f"export_dcat_ap needs a govgraph.store.Store, got {type(store).__name__}; "
            "call GovGraph.export_dcat_ap(...) or pass kg.store"
        )
    if catalog_config is None:
        config = CatalogConfig()
    elif isinstance(catalog_config, CatalogConfig):
        config = catalog_config
    else:
        config = load_catalog_config(catalog_config)
    base = need(base_url or config.base_url, "base_url")
    if not re.match(r"https?://[^\s<>\"{}|\\^`]+$", base):
        raise ConfigurationError(
            f"base_url {base!r} must be an http(s) URL without spaces, e.g. "
            "https://data.example.org/govgraph/"
        )
    base = base if base.endswith("/") else base + "/"
    pub = need(publisher or config.publisher, "publisher")
    pub_name = need(publisher_name or config.publisher_name, "publisher_name")
    lic = licence_iri(licence or config.licence or DEFAULT_LICENCE)
    today = dt.date.today()
    issued_on = issued or config.issued or today
    modified_on = modified or config.modified or today
    out = Path(out_dir)

    files: dict[str, tuple[bytes, str, str, str, str]] = {}
    ntriples = serialize_rdf(store.quads(), format="ntriples")  # sorted once, canonical
    for name, fmt, code, media, label in GRAPH_FORMATS:
        data = ntriples if fmt == "ntriples" else serialize_rdf(ntriples, format=fmt)
        files[name] = (data, code, media, f"Knowledge graph ({label})", "graph")
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
    for name, graph, fmt in (
        ("catalog.ttl", catalog, "turtle"),
        ("catalog.jsonld", catalog, "json-ld"),
        ("catalog.rdf", catalog, "xml"),
        ("catalog-dcat-ap-2.1.1.ttl", catalog_211, "turtle"),
    ):
        triples = rdflib_triples_to_ox(graph)
        outputs[name] = serialize_rdf(triples, format=fmt, prefixes=CATALOG_PREFIXES)

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
