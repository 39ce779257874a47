"""Reading data into govgraph: RDF sources and importers of real datasets."""

from ._rdf import ParsedSource, QuadStream, Source, guess_format, parse_source, parse_sources
from ._result import ImportProblem, ImportResult
from .aiwatch import import_aiwatch
from .cofog import import_cofog
from .esco import import_esco
from .ips import import_ips
from .pstw import import_pstw
from .spreadsheet import SPREADSHEET_KINDS, import_spreadsheet

__all__ = [
    "SPREADSHEET_KINDS",
    "ImportProblem",
    "ImportResult",
    "ParsedSource",
    "QuadStream",
    "Source",
    "guess_format",
    "import_aiwatch",
    "import_cofog",
    "import_esco",
    "import_ips",
    "import_pstw",
    "import_spreadsheet",
    "parse_source",
    "parse_sources",
]
