"""Reading and writing data: RDF sources, importers of real datasets, records and files.

The record writer (:func:`write_records`, :func:`write_tables`) and the atomic write
(:func:`write_atomic`) live here, in the lowest layer, so that every package can use them.
"""

import sys as _sys

from .._public import publish as _publish
from ._files import check_writable, open_atomic, write_atomic
from ._normalise import country_code, misencoded
from ._query import read_query
from ._rdf import (
    MAX_JSON_LD_DEPTH,
    ParsedSource,
    QuadStream,
    Source,
    check_json_ld_safety,
    guess_format,
    parse_source,
    parse_sources,
)
from ._records import (
    RECORD_FORMATS,
    format_from_suffix,
    neutralise_cell,
    write_records,
    write_tables,
)
from ._resolve import Merge
from ._result import RDF_SUFFIXES, ImportProblem, ImportResult, group_problems, rdf_format_of
from ._serialize import serialize_rdf
from ._table import DEFAULT_LIMITS, TableLimits
from ._terms import (
    XSD_STRING,
    ox_to_rdflib,
    ox_triples_to_graph,
    rdf_format,
    rdflib_to_ox,
    rdflib_triples_to_ox,
)
from .aiwatch import import_aiwatch
from .cofog import import_cofog
from .desi import import_desi
from .esco import import_esco
from .ips import import_ips
from .pstw import import_pstw
from .spreadsheet import SPREADSHEET_KINDS, import_spreadsheet

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_JSON_LD_DEPTH",
    "RDF_SUFFIXES",
    "RECORD_FORMATS",
    "SPREADSHEET_KINDS",
    "XSD_STRING",
    "ImportProblem",
    "ImportResult",
    "Merge",
    "ParsedSource",
    "QuadStream",
    "Source",
    "TableLimits",
    "check_json_ld_safety",
    "check_writable",
    "country_code",
    "format_from_suffix",
    "group_problems",
    "guess_format",
    "import_aiwatch",
    "import_cofog",
    "import_desi",
    "import_esco",
    "import_ips",
    "import_pstw",
    "import_spreadsheet",
    "misencoded",
    "neutralise_cell",
    "open_atomic",
    "ox_to_rdflib",
    "ox_triples_to_graph",
    "parse_source",
    "parse_sources",
    "rdf_format",
    "rdf_format_of",
    "rdflib_to_ox",
    "rdflib_triples_to_ox",
    "read_query",
    "serialize_rdf",
    "write_atomic",
    "write_records",
    "write_tables",
]

TableLimits.__module__ = __name__

_publish(globals())
for _public_module in ("aiwatch", "cofog", "desi", "esco", "ips", "pstw", "spreadsheet"):
    _publish(vars(_sys.modules[f"{__name__}.{_public_module}"]))
