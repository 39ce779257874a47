"""Stores behind a :class:`~govgraph.GovGraph`: Oxigraph in memory or on disk, SPARQL endpoints."""

from ._base import QueryResult, Store, ValueRows
from ._endpoint import LoadFailure, LoadReport, SparqlEndpointStore
from ._oxigraph import OxigraphStore, rdf_format

__all__ = [
    "LoadFailure",
    "LoadReport",
    "OxigraphStore",
    "QueryResult",
    "SparqlEndpointStore",
    "Store",
    "ValueRows",
    "rdf_format",
]
