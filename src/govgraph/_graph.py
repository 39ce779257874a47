"""The :class:`GovGraph` facade: the object users start from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.term import Node

from ._analyses import AnalysisMethods
from ._importing import ImportMethods
from ._outputs import OutputMethods
from .io import QuadStream, Source, parse_sources, write_atomic
from .store import OxigraphStore, QueryResult, Store

if TYPE_CHECKING:
    from .store import LoadReport
    from .validation import ValidationReport

__all__ = ["GovGraph"]


def _check_text(sparql: object) -> None:
    from ._exceptions import QueryError

    if not isinstance(sparql, str):
        raise QueryError(
            f"the SPARQL text must be a string, not {type(sparql).__name__}; "
            "read a .rq file with govgraph.io.read_query(path)"
        )


class GovGraph(ImportMethods, AnalysisMethods, OutputMethods):
    """A public-governance knowledge graph.

    By default the data lives in an in-memory Oxigraph store; ``GovGraph(path=DIR)`` keeps it in a
    persistent on-disk store that survives restarts.

    Examples:
        >>> import govgraph as gg
        >>> kg = gg.GovGraph()  # in memory; GovGraph(path="store/") keeps it on disk
        >>> kg.load(gg.GovGraph.example().to_rdflib())  # or a file: kg.load("data.ttl")
        178
        >>> kg.validate().counts()  # the example has a few gaps on purpose
        {'Violation': 1, 'Warning': 6, 'Info': 0}
        >>> [(s.a_label, s.b_label) for s in kg.synergies(top=1)]
        [('DG B', 'Ministry Y')]

    Args:
        path: Directory of a persistent store (created if missing); ``None`` keeps data in memory.
        store: An existing :class:`~govgraph.store.Store` to wrap (overrides ``path``).
        allow_network: Allow SPARQL ``SERVICE``/``LOAD`` and other remote access (off by default).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        store: Store | None = None,
        allow_network: bool = False,
    ) -> None:
        self.store: Store = store if store is not None else OxigraphStore(path)
        self.allow_network = allow_network

    # ------------------------------------------------------------------ core
    def __len__(self) -> int:
        return self.store.count()

    def __repr__(self) -> str:
        return f"<GovGraph store={type(self.store).__name__} triples={len(self)}>"

    def __enter__(self) -> GovGraph:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:  # a store created by this object and left empty is removed again
            self.store.abandon()

    def close(self) -> None:
        """Flush and release the store.

        Examples:
            >>> kg = GovGraph.example()
            >>> kg.close()
            >>> with GovGraph.example() as kg:  # closed at the end of the block
            ...     len(kg)
            178

        Raises:
            StoreError: The store cannot be flushed (a persistent store's disk is full).
        """
        self.store.close()

    def load(
        self,
        *sources: Source,
        format: str | None = None,
        on_source: Callable[[str, int], object] | None = None,
        base_iri: str | None = None,
    ) -> int:
        """Load RDF files, RDF text or rdflib graphs, all or nothing.

        A source that fails to parse leaves the graph unchanged. Into the embedded stores the
        sources are parsed while they are inserted, in one transaction (no list of every triple
        is built); for an endpoint every source is parsed completely before anything is sent.

        Args:
            *sources: Paths, RDF text, bytes or ``rdflib.Graph`` objects.
            format: RDF syntax of all sources; guessed per source when ``None``.
            on_source: Called with each source's name and number of triples once it is read
                (for progress reports).
            base_iri: Base IRI for relative IRIs in every source (default: each file's
                ``file://`` URI).

        Returns:
            The number of triples read (duplicates included).

        Examples:
            >>> kg = GovGraph()
            >>> kg.load("@prefix ex: <http://example.org/> . ex:a ex:b ex:c .", format="turtle")
            1
            >>> kg.load("missing.ttl")
            Traceback (most recent call last):
            ...
            govgraph.ParseError: missing.ttl: cannot read RDF: no such file; check the path. ...

        Raises:
            ParseError: A source is missing or malformed; the message names the file and line.
        """
        from .store import OxigraphStore

        if isinstance(self.store, OxigraphStore):
            stream = QuadStream(sources, format=format, on_source=on_source, base_iri=base_iri)
            self.store.add_stream(stream)
            return stream.triples
        parsed = parse_sources(sources, format=format, base_iri=base_iri)
        if on_source is not None:
            for p in parsed:
                on_source(p.name, len(p.quads))
        quads = [q for p in parsed for q in p.quads]
        return self.store.add_quads(quads)

    def add(self, data: Graph | tuple[Node, Node, Node] | Iterable[tuple[Node, Node, Node]]) -> int:
        """Add an rdflib graph, one triple, or an iterable of triples (rdflib terms).

        Returns:
            The number of triples given.

        Examples:
            >>> from rdflib import Literal, URIRef
            >>> from rdflib.namespace import SKOS
            >>> kg = GovGraph()
            >>> city = URIRef("http://example.org/city")
            >>> kg.add((city, SKOS.prefLabel, Literal("City Z", lang="en")))
            1

        Raises:
            ConfigurationError: ``data`` is not a graph, a triple or triples of rdflib terms
                (nothing was added).
        """
        from ._exceptions import ConfigurationError
        from .io import rdflib_triples_to_ox

        if isinstance(data, Graph):
            return self.store.add_graph(data)
        try:
            if isinstance(data, tuple) and len(data) == 3 and not isinstance(data[0], tuple):
                triples: list[tuple[Node, Node, Node]] = [data]
            else:
                triples = list(data)
            quads = list(rdflib_triples_to_ox(triples))
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(
                "add() takes an rdflib Graph, one (subject, predicate, object) triple or an "
                f"iterable of triples of rdflib terms; got {type(data).__name__} ({exc})"
            ) from exc
        return self.store.add_quads(quads)

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool | None = None,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query.

        Args:
            sparql: The query text.
            bindings: Values for variables (name without ``?`` to an rdflib term), bound as RDF
                terms, never pasted into the text.
            allow_network: Override the graph's ``allow_network`` for this query.

        Returns:
            The rows (SELECT), boolean (ASK) or graph (CONSTRUCT/DESCRIBE).

        Examples:
            >>> from rdflib import URIRef
            >>> kg = GovGraph.example()
            >>> led = "SELECT ?case WHERE { ?case <https://w3id.org/govgraph#ledBy> ?lead }"
            >>> ministry_y = URIRef("http://example.org/MinY")
            >>> [str(row["case"]) for row in kg.query(led, bindings={"lead": ministry_y}).rows]
            ['http://example.org/i6']
            >>> kg.query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
            Traceback (most recent call last):
            ...
            govgraph.UnsafeQueryError: query line 1: SERVICE would make govgraph contact another ...

        Raises:
            UnsafeQueryError: The query uses SERVICE or LOAD and the network is not allowed.
            QueryError: The query is malformed.
        """
        _check_text(sparql)
        allow = self.allow_network if allow_network is None else allow_network
        return self.store.query(sparql, bindings=bindings, allow_network=allow)

    def update(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool | None = None,
    ) -> None:
        """Run a SPARQL 1.1 update (same safety rules as :meth:`query`).

        Examples:
            >>> kg = GovGraph.example()
            >>> kg.update('PREFIX skos: <http://www.w3.org/2004/02/skos/core#> '
            ...           'INSERT DATA { <http://example.org/CityZ> skos:altLabel "Z"@en }')
            >>> len(kg)
            179

        Raises:
            UnsafeQueryError: The update uses SERVICE or LOAD and the network is not allowed.
            QueryError: The update is malformed or failed.
        """
        _check_text(sparql)
        allow = self.allow_network if allow_network is None else allow_network
        self.store.update(sparql, bindings=bindings, allow_network=allow)

    def serialize(self, destination: str | Path | None = None, *, format: str = "turtle") -> bytes:
        """Serialize the data (``turtle``, ``ntriples``, ``xml``, ``json-ld``, ``nquads``, ``trig``).

        Args:
            destination: When given, also write the bytes to this file.
            format: The RDF syntax.

        Returns:
            The serialized bytes.

        Examples:
            >>> kg = GovGraph()
            >>> kg.load("<http://example.org/a> <http://example.org/b> 'c' .", format="turtle")
            1
            >>> kg.serialize(format="ntriples").decode().strip()
            '<http://example.org/a> <http://example.org/b> "c" .'

        Raises:
            ExportError: If ``destination`` cannot be written (the previous file stays as it was).
        """
        data = self.store.export(format=format)
        if destination is not None:
            write_atomic(destination, data)  # a failed write never leaves a half file in place
        return data

    def to_rdflib(self) -> Graph:
        """Return a copy of the data as an ``rdflib.Graph`` (for interoperability).

        Examples:
            >>> graph = GovGraph.example().to_rdflib()
            >>> len(graph)
            178

        Raises:
            StoreError: The store cannot be read.
        """
        return self.store.to_rdflib()

    def validate(
        self,
        *,
        shapes: Sequence[str | Path] = (),
        include_default_shapes: bool = True,
        engine: str = "auto",
    ) -> ValidationReport:
        """Validate the data against the govgraph shapes (and extra shapes files).

        The govgraph ontology is background knowledge (the class hierarchy counts), but its own
        triples are never reported.

        Args:
            shapes: Extra SHACL shapes files to check as well.
            include_default_shapes: Set to ``False`` to check only the extra shapes.
            engine: ``"sparql"`` compiles the SHACL Core shapes into SPARQL queries the store
                answers (fast, runs on every store, same results as pyshacl); ``"pyshacl"`` runs
                the reference engine on an rdflib copy of the data; ``"auto"`` (default) uses the
                SPARQL engine when every shape compiles and pyshacl otherwise.

        Returns:
            A :class:`~govgraph.ValidationReport` (its ``engine`` says which engine ran).

        Examples:
            >>> report = GovGraph.example().validate()
            >>> report.conforms, report.counts()
            (False, {'Violation': 1, 'Warning': 6, 'Info': 0})
            >>> print(report.results[0].message)
            This administrative unit does not say which organisation it belongs to. Add ...

        Raises:
            ConfigurationError: ``engine`` is unknown, or ``engine="sparql"`` and a shape uses a
                feature the SPARQL engine does not compile (the message names it).
        """
        from .validation import load_shapes, validate

        shapes_graph = load_shapes(shapes, include_default=include_default_shapes)
        return validate(self.store, shapes=shapes_graph, engine=engine)

    @classmethod
    def example(cls) -> GovGraph:
        """A small invented graph to try the methods on, in memory (the data of the examples).

        A Commission with two DGs and a unit, two ministries (one with a unit), a city, a
        university as a partner, eight initiatives using four technologies, five policies,
        skills and competencies, and one DESI observation; every name and value is invented.
        The file is ``data/example/governance.ttl`` in the package.

        Examples:
            >>> kg = GovGraph.example()
            >>> len(kg)
            178
            >>> [(s.a_label, s.b_label) for s in kg.synergies(top=2)]
            [('DG B', 'Ministry Y'), ('City Z', 'DG A, unit 1')]

        Raises:
            FileNotFoundError: The file is missing from the installed package (reinstall).
        """
        from ._resources import data_path

        kg = cls()
        kg.load(data_path("example", "governance.ttl"))
        return kg

    # -------------------------------------------------- scale-out (issue 6)
    @classmethod
    def connect(
        cls,
        query_endpoint: str,
        update_endpoint: str | None = None,
        auth: Any = None,
        graph: str | None = None,
        allow_network: bool = False,
        **options: Any,
    ) -> GovGraph:
        """Work on a SPARQL 1.1 Protocol endpoint (Virtuoso, Fuseki, GraphDB...).

        Loads into an endpoint are not atomic: they go in batches with retries; use
        :meth:`load_report` to see exactly what was written.

        Examples:
            >>> kg = GovGraph.connect(
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )
            >>> kg.add(GovGraph.example().to_rdflib())  # sent in batches
            178
            >>> [s.b_label for s in kg.synergies(actor="Ministry Y", top=2)]  # run on the server
            ['DG B', 'City Z']

        Args:
            query_endpoint: URL of the SPARQL query service.
            update_endpoint: URL of the update service (default: the query endpoint).
            auth: HTTP authentication: ``(user, password)`` for Basic, ``httpx.DigestAuth(...)``
                for Digest, or any ``httpx.Auth``.
            graph: Named graph holding the data (queries see it as their default graph; writes
                go into it). Required for writing to Virtuoso.
            allow_network: Allow SPARQL ``SERVICE``/``LOAD`` in queries (off by default).
            **options: Passed to :class:`~govgraph.store.SparqlEndpointStore` (``timeout``,
                ``batch_size``, ``max_retries``, ``backoff``, ``dialect``, ``headers``).

        Returns:
            A ``GovGraph`` whose store is the endpoint. Nothing is sent until it is used.

        Raises:
            ConfigurationError: A URL that is not http(s), or a bad option (``batch_size``,
                ``dialect``...). Errors of the endpoint itself come when it is used
                (:class:`~govgraph.EndpointError`).
        """
        from .store import SparqlEndpointStore

        store = SparqlEndpointStore(
            query_endpoint, update_endpoint, auth=auth, graph=graph, **options
        )
        return cls(store=store, allow_network=allow_network)

    def load_report(
        self,
        *sources: Source,
        format: str | None = None,
        batch_size: int | None = None,
        progress: Any = None,
        validate: bool = False,
    ) -> LoadReport:
        """Load sources into an endpoint in batches and return what was written.

        Every source is parsed completely first (a malformed file sends nothing). With
        ``validate``, the new data is then checked against the govgraph shapes on its own (in
        memory) and refused before anything is sent if it has violations. The writes themselves
        are not atomic on an endpoint: the report says which triples were written.

        Args:
            *sources: Paths, RDF text, bytes or ``rdflib.Graph`` objects.
            format: RDF syntax of all sources; guessed per source when ``None``.
            batch_size: Triples per request (default: the store's).
            progress: Called with the number of triples handled after each batch.
            validate: Refuse data with SHACL violations (nothing is written).

        Returns:
            The :class:`~govgraph.store.LoadReport`.

        Examples:
            >>> kg = GovGraph()  # embedded: load() is all or nothing, load_report() is for endpoints
            >>> kg.load_report("<http://example.org/a> <http://example.org/b> 'c' .", format="turtle")
            Traceback (most recent call last):
            ...
            govgraph.ConfigurationError: load_report() is for SPARQL endpoints; embedded stores load ...

        Raises:
            ParseError: A source is missing or malformed (nothing was sent).
            ConfigurationError: The graph is not on a SPARQL endpoint.
            ValidationFailed: ``validate`` and the new data has violations (nothing was sent);
                its ``report`` holds the findings.
        """
        from ._exceptions import ConfigurationError
        from .store import SparqlEndpointStore

        if not isinstance(self.store, SparqlEndpointStore):
            raise ConfigurationError(
                "load_report() is for SPARQL endpoints; embedded stores load all-or-nothing "
                "with load()"
            )
        parsed = parse_sources(sources, format=format)
        quads = [q for p in parsed for q in p.quads]
        if validate:
            from ._exceptions import ValidationFailed
            from .validation import validate as validate_store

            staging = OxigraphStore()
            staging.add_quads(quads)
            report = validate_store(staging)
            if report.violations:
                raise ValidationFailed(
                    f"the new data has {report.counts()['Violation']} violation(s); nothing was "
                    "written. Fix the data, or load it without validation.",
                    report=report,
                )
        return self.store.load_quads(quads, batch_size=batch_size, progress=progress)
