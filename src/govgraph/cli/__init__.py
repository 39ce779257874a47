"""The ``govgraph`` command line."""

from .._public import publish as _publish
from ._app import app, main

__all__ = ["app", "main"]

_publish(globals())
