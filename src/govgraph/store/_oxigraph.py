"""Oxigraph-backed stores: in memory (default) and persistent on disk."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from .._exceptions import QueryError, StoreError
from ..io import ox_to_rdflib, ox_triples_to_graph, rdf_format
from ._base import QueryResult, Store, ValueRows
from ._sparql_text import check_query_safety, inject_values

__all__ = ["OxigraphStore"]


class OxigraphStore(Store):
    """An Oxigraph store in memory (``path=None``) or on disk (``path=DIR``).

    Args:
        path: Directory of a persistent store, created if missing. ``None`` keeps data in memory.
    """

    embedded = True

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else None
        try:
            self._store = ox.Store(str(self.path)) if self.path is not None else ox.Store()
        except OSError as exc:
            raise StoreError(
                f"{self.path}: cannot open the govgraph store ({exc}). Is another process using "
                "it? Close it or choose another directory."
            ) from exc

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for advanced use)."""
        return self._store

    def add_quads(self, quads: Iterable[ox.Quad]) -> int:
        """Add quads to the default graph in one transaction (all or nothing)."""
        batch = [
            q if q.graph_name == ox.DefaultGraph() else ox.Quad(q.subject, q.predicate, q.object)
            for q in quads
        ]
        try:
            self._store.extend(batch)
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc
        return len(batch)

    def add_stream(self, quads: Iterable[ox.Quad]) -> None:
        """Insert quads lazily in one transaction: nothing is written if the iterable raises.

        For large loads: the quads are consumed one by one (no list is built) and must already be
        in the default graph (see :class:`govgraph.io.QuadStream`).

        Raises:
            StoreError: The store cannot be written.
            Exception: Whatever the iterable raises (for example a ``ParseError``); nothing is
                written then.
        """
        try:
            self._store.extend(quads)
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def _run(
        self, sparql: str, bindings: Mapping[str, Node] | None, allow_network: bool
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Check, bind and run a query; errors as :class:`QueryError`."""
        check_query_safety(sparql, allow_network=allow_network)
        text = inject_values(sparql, bindings) if bindings else sparql
        try:
            return self._store.query(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:  # RuntimeError: e.g. a SERVICE answered badly
            raise QueryError(f"query failed: {exc}") from exc

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Run a SPARQL query; ``bindings`` are joined in as a ``VALUES`` block.

        The same binding mechanism is used for remote endpoints, so a query means the same on
        every store.
        """
        result = self._run(sparql, bindings, allow_network)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = []
            try:
                for solution in result:
                    row = {}
                    for name in variables:
                        term = solution[name]
                        if term is not None:
                            row[name] = ox_to_rdflib(term)
                    rows.append(row)
            except (OSError, RuntimeError) as exc:  # raised lazily, e.g. by a SERVICE
                raise QueryError(f"query failed: {exc}") from exc
            return QueryResult(kind="select", variables=variables, rows=tuple(rows))
        try:
            return QueryResult(kind="graph", graph=ox_triples_to_graph(result))
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def query_values(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> ValueRows:
        """Run a SELECT query and return its cells as plain strings (no rdflib terms built)."""
        result = self._run(sparql, bindings, allow_network)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("query_values() needs a SELECT query")
        variables = tuple(v.value for v in result.variables)
        try:
            rows = [
                tuple([None if t is None else t.value for t in solution]) for solution in result
            ]
        except (OSError, RuntimeError) as exc:  # raised lazily, e.g. by a SERVICE
            raise QueryError(f"query failed: {exc}") from exc
        return ValueRows(variables=variables, rows=rows)

    def update(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> None:
        """Run a SPARQL update (bindings are injected as a VALUES block)."""
        check_query_safety(sparql, allow_network=allow_network)
        text = inject_values(sparql, bindings) if bindings else sparql
        try:
            self._store.update(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:  # RuntimeError: e.g. LOAD got no RDF
            raise QueryError(f"update failed: {exc}") from exc

    def export(self, *, format: str = "turtle") -> bytes:
        """Serialize the default graph with Oxigraph's own writer (prefixes for Turtle/TriG)."""
        from ..namespace import PREFIXES

        fmt = rdf_format(format)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        data = self._store.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        assert data is not None
        return data

    def count(self) -> int:
        """Return the number of triples in the default graph."""
        result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(result, ox.QuerySolutions)
        for solution in result:
            n = solution["n"]
            return int(n.value) if n is not None else 0
        return 0

    def quads(self) -> Iterator[ox.Quad]:
        """Iterate over the default graph."""
        return iter(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph()))

    def clear(self) -> None:
        """Remove every triple of the default graph."""
        self._store.clear_graph(ox.DefaultGraph())

    def close(self) -> None:
        """Flush a disk store and release its lock (the object is unusable afterwards)."""
        if self.path is not None and self._store is not None:
            self._store.flush()
            self._store = None  # type: ignore[assignment]  # drops the RocksDB lock
