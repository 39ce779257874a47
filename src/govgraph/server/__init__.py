"""A read-only SPARQL 1.1 Protocol endpoint over a govgraph store (``govgraph serve``).

Needs the ``serve`` extra (``pip install 'govgraph[serve]'``: Starlette and uvicorn).
"""

from .._public import publish as _publish
from ._app import create_app
from ._catalog import find_catalog
from ._options import DEFAULT_MAX_RESULTS, DEFAULT_TIMEOUT, EndpointOptions
from ._run import is_loopback, serve, uvicorn_config

__all__ = [
    "DEFAULT_MAX_RESULTS",
    "DEFAULT_TIMEOUT",
    "EndpointOptions",
    "create_app",
    "find_catalog",
    "is_loopback",
    "serve",
    "uvicorn_config",
]

_publish(globals())
