"""Oxigraph-backed stores: in memory (default) and persistent on disk.

Both are lossless: every literal comes back as it was written (lexical form and datatype), through
an exact-term table kept beside Oxigraph's value forms in the same store (see ``_exact``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib.term import Node

from .._exceptions import QueryError, StoreError
from ..io import rdf_format
from ._exact import REWRITTEN_FUNCTION, ExactTerms
from ._oxigraph_queries import OxigraphQueries
from ._sparql_text import check_query_safety, inject_values

__all__ = ["OxigraphStore"]


class OxigraphStore(OxigraphQueries):
    """An Oxigraph store in memory (``path=None``) or on disk (``path=DIR``).

    Literals come back exactly as they were loaded (``"1.50"^^xsd:decimal`` stays ``"1.50"``,
    ``"5"^^xsd:nonNegativeInteger`` keeps its datatype, ``"1.0"`` and ``"1.00"`` stay two
    triples) in :meth:`quads`, :meth:`export`, :meth:`to_rdflib`, :meth:`count` and, where the
    store holds one written form for a value, in query answers; SPARQL itself compares them by
    value. Triples inserted by a SPARQL update are stored by value.

    Args:
        path: Directory of a persistent store. ``None`` keeps data in memory.
        create: Create the store when ``path`` does not exist or is an empty directory. A
            directory that holds other files is never made a store.
        read_only: Open an existing store without write access (several processes can read
            it; a store on a read-only mount is opened so even without this flag). Writes then
            raise :class:`~govgraph.StoreError`.

    Raises:
        StoreError: ``path`` is not a govgraph store (a file, or a directory with other files),
            there is no store there and ``create`` is false, or the store cannot be opened
            (another process holds it; the message says which).
    """

    embedded = True

    def __init__(
        self, path: str | Path | None = None, *, create: bool = True, read_only: bool = False
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        #: True when this object created the disk store (the directory was missing or empty).
        self.created = False
        self._made_dir = False
        if self.path is None:
            self._store = ox.Store()
        else:
            self._store = self._open(self.path, create=create)
        self._exact = ExactTerms(self._store)
        self._rewritten_fn = ox.NamedNode(REWRITTEN_FUNCTION)

    def _open(self, path: Path, *, create: bool) -> ox.Store:
        if path.exists() and not path.is_dir():
            raise StoreError(f"{path}: not a govgraph store (it is a file); give a directory")
        is_store = (path / "CURRENT").is_file()
        empty = not path.exists() or not any(path.iterdir())
        if not is_store and not empty:
            raise StoreError(
                f"{path}: not a govgraph store (the directory holds other files); give the "
                "directory of a store, or a new or empty directory to create one"
            )
        if not is_store and (not create or self.read_only):
            raise StoreError(
                f"{path}: no govgraph store here; create one with OxigraphStore(path, "
                "create=True) and load data into it"
            )
        if self.read_only:
            return self._open_read_only(path)
        self.created = not is_store
        self._made_dir = not path.exists()
        try:
            return ox.Store(str(path))
        except OSError as exc:
            message = str(exc)
            if "lock" in message.lower():
                raise StoreError(
                    f"{path}: the store is in use by another process (it holds the lock); close "
                    "that process, or open the store read-only"
                ) from exc
            if (is_store and not os.access(path, os.W_OK)) or "Read-only" in message:
                self.read_only = True  # a read-only mount or no write permission: still readable
                return self._open_read_only(path)
            raise StoreError(f"{path}: cannot open the govgraph store ({exc})") from exc

    @staticmethod
    def _open_read_only(path: Path) -> ox.Store:
        try:
            return ox.Store.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"{path}: cannot open the govgraph store read-only ({exc})") from exc

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(
                f"{self.path}: the store is open read-only (read_only=True, a read-only mount or no "
                "write permission on the directory); queries work, writes are refused"
            )

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for advanced use).

        It holds literals by value in its default graph, and the exact literals in reserved
        named graphs; :meth:`exact_terms` maps its answers back.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/budget> 1.50 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> in_default = store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())
            >>> [q.object.value for q in in_default]
            ['1.5']
            >>> [q.object.value for q in store.quads()]  # as written
            ['1.50']
        """
        return self._store

    @property
    def rewrites_literals(self) -> bool:
        """True when Oxigraph holds some literal in another form than it was written.

        Queries can then call ``<urn:x-govgraph:store:rewritten>(?v)`` (see
        :data:`govgraph.store.REWRITTEN_FUNCTION`) to find such values.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/year> 2021 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> store.rewrites_literals  # 2021 is an integer as Oxigraph writes it
            False
            >>> data = "<http://example.org/P1> <http://example.org/budget> 1.50 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> store.rewrites_literals  # Oxigraph holds 1.50 as 1.5
            True
            >>> rewritten = "FILTER(<urn:x-govgraph:store:rewritten>(?v))"
            >>> store.query_values("SELECT ?v WHERE { ?s ?p ?v " + rewritten + " }").rows
            [('1.50',)]

        Raises:
            OSError: The disk under a disk store fails (pyoxigraph's error, passed on).
        """
        return self._exact.active()

    @property
    def collapsed_literals(self) -> int:
        """How many loaded triples Oxigraph holds as one with another triple.

        Two literals of one subject and predicate that have the same value but were written
        differently (``"1.0"`` and ``"1.00"``) stay two triples in :meth:`quads`, but Oxigraph's
        default graph, which SPARQL queries see, holds them as one. Counting queries (such as
        SHACL's ``sh:maxCount``) then count one value; validation uses this figure to judge such
        data on the triples as written.

        Examples:
            >>> store = OxigraphStore()
            >>> store.collapsed_literals
            0
        """
        return self._exact.extra()

    def exact_terms(self) -> dict[ox.Literal, ox.Literal]:
        """Return the value-form literals Oxigraph answers with, mapped to the written literal.

        Only values written in one form are mapped (a query answer does not say which triple a
        term came from). Empty when no loaded literal was rewritten.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/budget> 1.50 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> {value.value: written.value for value, written in store.exact_terms().items()}
            {'1.5': '1.50'}

        Raises:
            OSError: The disk under a disk store fails (pyoxigraph's error, passed on).
        """
        return self._exact.term_map()

    def add_quads(self, quads: Iterable[ox.Quad]) -> int:
        """Add quads to the default graph in one transaction (all or nothing).

        A quad's graph name is ignored: every triple goes into the default graph.

        Returns:
            The number of quads given.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
            >>> city = ox.NamedNode("http://example.org/CityZ")
            >>> elsewhere = ox.NamedNode("http://example.org/graph/cities")
            >>> name = ox.Literal("City Z", language="en")
            >>> store.add_quads([ox.Quad(city, label, name, elsewhere)])
            1
            >>> [(str(q.object), q.graph_name) for q in store.quads()]
            [('"City Z"@en', <DefaultGraph>)]

        Raises:
            StoreError: The store cannot be written (it is open read-only, or the disk fails);
                nothing was added.
        """
        self._writable()
        default = ox.DefaultGraph()
        batch = [
            q if q.graph_name == default else ox.Quad(q.subject, q.predicate, q.object)
            for q in quads
        ]
        try:
            self._store.extend(self._exact.wrap(batch))
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc
        return len(batch)

    def add_stream(self, quads: Iterable[ox.Quad]) -> None:
        """Insert quads lazily in one transaction: nothing is written if the iterable raises.

        For large loads: the quads are consumed one by one (no list is built) and must already be
        in the default graph (see :class:`govgraph.io.QuadStream`).

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> label = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
            >>> def rows():
            ...     yield ox.Quad(ox.NamedNode("http://example.org/MinX"), label, ox.Literal("X"))
            ...     raise ValueError("row 2 has no name")
            >>> store.add_stream(rows())
            Traceback (most recent call last):
            ...
            ValueError: row 2 has no name
            >>> store.count()  # the first row was not written either
            0
            >>> data = "<http://example.org/MinY> <http://example.org/v> 1 ."
            >>> store.add_stream(ox.parse(data, format=ox.RdfFormat.TURTLE))
            >>> store.count()
            1

        Raises:
            StoreError: The store cannot be written.
            Exception: Whatever the iterable raises (for example a ``ParseError``); nothing is
                written then.
        """
        self._writable()
        try:
            self._store.extend(self._exact.wrap(quads))
        except OSError as exc:
            raise StoreError(f"cannot write to the store: {exc}") from exc

    def update(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> None:
        """Run a SPARQL update (bindings are injected as a VALUES block).

        Triples it inserts are stored by value (``1.50`` is kept as ``1.5``).

        Examples:
            >>> from rdflib import URIRef
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> store.update("INSERT { ?unit <http://www.w3.org/ns/org#unitOf> ?parent } WHERE { }",
            ...              bindings={"unit": URIRef("http://example.org/MinX_Unit"),
            ...                        "parent": URIRef("http://example.org/MinX")})
            >>> unit_of = "ASK { <http://example.org/MinX_Unit> ?p <http://example.org/MinX> }"
            >>> store.query(unit_of).boolean
            True
            >>> store.update("LOAD <http://example.org/data.ttl>")
            Traceback (most recent call last):
            ...
            govgraph.UnsafeQueryError: ...

        Raises:
            UnsafeQueryError: The update uses ``SERVICE`` or ``LOAD`` and ``allow_network`` is off.
            QueryError: The update is malformed, too complex, cannot be bound safely, or fails.
            StoreError: The store is open read-only.
        """
        check_query_safety(sparql, allow_network=allow_network)
        self._writable()
        text = inject_values(sparql, bindings) if bindings else sparql
        try:
            self._store.update(text)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:  # RuntimeError: e.g. LOAD got no RDF
            raise QueryError(f"update failed: {exc}") from exc
        finally:
            self._exact.reconcile()

    def export(self, *, format: str = "turtle") -> bytes:
        """Serialize the default graph with Oxigraph's own writer (prefixes for Turtle/TriG).

        Literals are written as they were loaded.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/budget> 1.50 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> store.export(format="ntriples").decode().split()[2]
            '"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>'
            >>> "@prefix gg: <https://w3id.org/govgraph#> ." in store.export().decode()
            True

        Raises:
            ConfigurationError: The format is unknown.
            OSError: The disk under a disk store fails (pyoxigraph's error, passed on).
        """
        from ..namespace import PREFIXES

        fmt = rdf_format(format)
        prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
        if not self._exact.active():
            data = self._store.dump(format=fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
        elif fmt.supports_datasets:
            data = ox.serialize(self.quads(), format=fmt, prefixes=prefixes)
        else:
            triples = (ox.Triple(q.subject, q.predicate, q.object) for q in self.quads())
            data = ox.serialize(triples, format=fmt, prefixes=prefixes)
        assert data is not None
        return data

    def count(self) -> int:
        """Return the number of triples in the default graph (literals as written).

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/v> 1.0, 1.00 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            2
            >>> store.count()  # two triples as written
            2
            >>> store.query_values("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows  # one value
            [('1',)]

        Raises:
            OSError: The disk under a disk store fails (pyoxigraph's error, passed on).
        """
        result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(result, ox.QuerySolutions)
        for solution in result:
            n = solution["n"]
            return (int(n.value) if n is not None else 0) + self._exact.extra()
        return 0

    def quads(self) -> Iterator[ox.Quad]:
        """Iterate over the default graph, every literal as it was written.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/v> 1.0, 1.00 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            2
            >>> sorted(q.object.value for q in store.quads())
            ['1.0', '1.00']

        Raises:
            OSError: The disk under a disk store fails (pyoxigraph's error, passed on).
        """
        return self._exact.quads()

    def clear(self) -> None:
        """Remove every triple of the default graph.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/budget> 1.50 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> store.clear()
            >>> store.count(), store.rewrites_literals
            (0, False)

        Raises:
            StoreError: The store is open read-only.
            OSError: The disk under a disk store fails (pyoxigraph's error, passed on).
        """
        self._writable()
        self._store.clear_graph(ox.DefaultGraph())
        self._exact.clear()

    def close(self) -> None:
        """Flush a disk store and release its lock (the object is unusable afterwards).

        An in-memory store keeps working: there is nothing to flush or release.

        Examples:
            >>> import tempfile
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = OxigraphStore(folder.name)
            >>> data = "<http://example.org/P1> <http://example.org/v> 1 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> store.close()  # another process (or object) can now open the directory
            >>> OxigraphStore(folder.name, read_only=True).count()
            1
            >>> folder.cleanup()

        Raises:
            OSError: A disk store cannot be flushed (pyoxigraph's error, passed on).
        """
        if self.path is not None and self._store is not None:
            if not self.read_only:
                self._store.flush()
            self._store = None  # type: ignore[assignment]  # drops the RocksDB lock
            self._exact.release()  # it holds the store too
            self._exact = None  # type: ignore[assignment]

    def abandon(self) -> None:
        """Close after a failure; a disk store this object created and left empty is removed.

        The directory is left as it was before: removed if this object made it, emptied if it
        was an empty directory. A store that existed before, or holds any triple, is only closed.

        Examples:
            >>> import tempfile, pathlib
            >>> new = pathlib.Path(tempfile.mkdtemp()) / "store"
            >>> OxigraphStore(new).abandon()
            >>> new.exists()
            False
        """
        path = self.path
        discard = (
            path is not None
            and self._store is not None
            and self.created
            and not self.read_only
            and len(self._store) == 0
        )
        self.close()  # drops the last reference: RocksDB closes its files here
        if not discard or path is None:
            return
        if self._made_dir:
            shutil.rmtree(path, ignore_errors=True)
        else:
            for child in path.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
