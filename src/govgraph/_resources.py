"""Locate the files shipped inside the package (ontologies, shapes, bundled data).

Everything is found through :mod:`importlib.resources`, so it works the same from a source
checkout (where ``src/govgraph/ontologies`` etc. are links to the top-level folders) and from an
installed wheel (where they are copied into the package).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_path", "ontology_path", "package_path", "shapes_path"]

ONTOLOGY_FILE = "govgraph.ttl"
SHAPES_FILE = "govgraph-shapes.ttl"


def package_path(*parts: str) -> Path:
    """Return the path of a file shipped with the package.

    Args:
        *parts: Path components below the package root, e.g. ``("shapes", "vendor", "x.ttl")``.

    Returns:
        A filesystem path (the package is installed unzipped, so this is a real file).

    Raises:
        FileNotFoundError: If the resource is not part of the installed package.
    """
    traversable = resources.files("govgraph").joinpath(*parts)
    path = Path(str(traversable))
    if not path.exists():
        raise FileNotFoundError(
            f"govgraph resource {'/'.join(parts)!r} is missing from the installed package "
            f"(looked at {path}); reinstall govgraph."
        )
    return path


def ontology_path(name: str = ONTOLOGY_FILE) -> Path:
    """Return the path of a shipped ontology file (default: the govgraph ontology)."""
    return package_path("ontologies", name)


def shapes_path(name: str = SHAPES_FILE) -> Path:
    """Return the path of a shipped SHACL shapes file (default: the govgraph shapes)."""
    return package_path("shapes", name)


def data_path(*parts: str) -> Path:
    """Return the path of a bundled dataset, e.g. ``data_path("pstw", "pstw_dataset.xlsx")``."""
    return package_path("data", *parts)
