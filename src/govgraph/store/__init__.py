"""Stores behind a :class:`~govgraph.GovGraph`: Oxigraph in memory or on disk, SPARQL endpoints.

Besides the stores, this package is the one home of govgraph's SPARQL text handling, used by
every other package: masking strings and comments (:func:`mask_sparql`), the prologue
(:func:`prologue_end`), the query form (:func:`query_form`), the safety checks
(:func:`check_query_safety`), writing an RDF term as SPARQL (:func:`term_to_sparql`), binding
values (:func:`inject_values`) and rewriting queries for remote endpoints
(:func:`target_graph`, :func:`wrap_inline_values`, :func:`paged_select`). Conversion between
pyoxigraph and rdflib terms lives one layer lower, in :mod:`govgraph.io`.
"""

from .._public import publish as _publish
from ..io import rdf_format
from ._base import QueryResult, Store, ValueRows
from ._endpoint import SparqlEndpointStore
from ._exact import REWRITTEN_FUNCTION, VALUE_FORM_DATATYPES
from ._http import auth_from_env
from ._load import LoadFailure, LoadReport, skolemize
from ._oxigraph import OxigraphStore
from ._rewrite import paged_select, target_graph, wrap_inline_values
from ._sparql_text import (
    MAX_QUERY_NESTING,
    MAX_QUERY_OPERATORS,
    QueryForm,
    check_query_safety,
    inject_values,
    mask_sparql,
    prologue_end,
    query_form,
    term_to_sparql,
)

__all__ = [
    "MAX_QUERY_NESTING",
    "MAX_QUERY_OPERATORS",
    "REWRITTEN_FUNCTION",
    "VALUE_FORM_DATATYPES",
    "LoadFailure",
    "LoadReport",
    "OxigraphStore",
    "QueryForm",
    "QueryResult",
    "SparqlEndpointStore",
    "Store",
    "ValueRows",
    "auth_from_env",
    "check_query_safety",
    "inject_values",
    "mask_sparql",
    "paged_select",
    "prologue_end",
    "query_form",
    "rdf_format",
    "skolemize",
    "target_graph",
    "term_to_sparql",
    "wrap_inline_values",
]

_publish(globals())
