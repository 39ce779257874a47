"""The HTML report: one self-contained page with the analyses as tables and pictures.

Needs the ``report`` extra (``pip install 'govgraph[report]'``: matplotlib and Jinja2). The page
has inline CSS and inline SVG only (no scripts, fonts or images to download), so it opens
offline and prints well.
"""

from .._public import publish as _publish
from ._build import render_report, write_report
from ._options import ReportOptions

__all__ = ["ReportOptions", "render_report", "write_report"]

_publish(globals())
