"""Public names show their public module (httpx style): ``govgraph.analysis.Synergy``, not ``govgraph.analysis._results.Synergy``."""

from __future__ import annotations

import inspect
from collections.abc import MutableMapping
from typing import Any

__all__ = ["publish"]


def publish(namespace: MutableMapping[str, Any]) -> None:
    """Set ``__module__`` of the classes and functions a package exports to the package itself.

    Only names defined in a private module of that package (``package._name``) change, so a
    name re-exported from another public package keeps that package as its home. A public
    module of a package (``govgraph.io.pstw``) is the home of the names it exports from the
    package's private modules. ``repr``, ``help()``, pickling and the documentation then show
    the public path. Cached functions (``functools.cache``) count as functions.

    Args:
        namespace: The package's or public module's ``globals()`` (with ``__name__`` and
            ``__all__``).
    """
    package = namespace["__name__"]
    parent = package if namespace.get("__path__") is not None else package.rpartition(".")[0]
    private = parent + "._"
    for name in namespace["__all__"]:
        obj = namespace[name]
        function = inspect.isfunction(getattr(obj, "__wrapped__", obj))
        if not (inspect.isclass(obj) or function):
            continue
        if getattr(obj, "__module__", "").startswith(private):
            obj.__module__ = package
