"""A read-only SPARQL 1.1 Protocol endpoint over a govgraph graph (``govgraph serve``).

Needs the ``serve`` extra (``pip install 'govgraph[serve]'``: Starlette and uvicorn).
"""

from ._app import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT, create_app, find_catalog
from ._run import is_loopback, serve

__all__ = [
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_TIMEOUT",
    "create_app",
    "find_catalog",
    "is_loopback",
    "serve",
]
