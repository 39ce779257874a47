"""The exported DCAT-AP catalogue served at ``/catalog``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph

from .._exceptions import ConfigurationError
from ._negotiation import GRAPH_MEDIA, pick_format

__all__ = ["Catalog", "find_catalog"]


def find_catalog(path: str | Path) -> Path:
    """Return the catalogue file given a file or an export directory (``DIR/catalog.ttl``).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph.server import find_catalog
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "catalog.ttl").write_text("", encoding="utf-8")
        >>> find_catalog(folder) == folder / "catalog.ttl"
        True
        >>> find_catalog(folder / "missing.ttl")
        Traceback (most recent call last):
        ...
        govgraph.ConfigurationError: .../missing.ttl: no such catalogue file or directory ...

    Raises:
        ConfigurationError: If no catalogue file is found there.
    """
    p = Path(path)
    if p.is_dir():
        candidate = p / "catalog.ttl"
        if candidate.is_file():
            return candidate
        raise ConfigurationError(
            f"{p}: no catalog.ttl in this directory; export a DCAT-AP catalogue there first or pass the "
            "catalogue file itself as catalog=FILE"
        )
    if p.is_file():
        return p
    raise ConfigurationError(f"{p}: no such catalogue file or directory (catalog=...)")


class Catalog:
    """A catalogue read once at start-up; its serialisations are computed once each.

    Raises:
        ConfigurationError: The catalogue cannot be found or is not Turtle.
    """

    def __init__(self, path: str | Path) -> None:
        self.file = find_catalog(path)
        self.turtle = self.file.read_bytes()
        self.graph = Graph()
        try:
            self.graph.parse(data=self.turtle, format="turtle")
        except Exception as exc:  # rdflib raises many types
            raise ConfigurationError(
                f"{self.file}: cannot read the catalogue as Turtle ({exc}); re-export it"
            ) from exc
        self._cache: dict[str, bytes] = {"turtle": self.turtle}

    def render(self, forced: Sequence[str], accept: str | None) -> tuple[bytes, str]:
        """The catalogue in the negotiated format: body and media type.

        Raises:
            HTTPProblem: 400 or 406 when no offered format is acceptable.
        """
        fmt = pick_format(forced, accept, graph=True)
        if fmt not in self._cache:
            self._cache[fmt] = self.graph.serialize(format=fmt, encoding="utf-8")
        return self._cache[fmt], GRAPH_MEDIA[fmt]
