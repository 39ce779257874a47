"""The :class:`GovGraph` facade: the object users start from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import Graph
from rdflib.term import Node
from typing_extensions import Unpack

from .io import QuadStream, Source, parse_sources, write_atomic
from .store import OxigraphStore, QueryResult, Store

if TYPE_CHECKING:
    import networkx as nx

    from .analysis import (
        Adoption,
        Broker,
        CapacityGap,
        BrokerArgs,
        Cluster,
        ClusterArgs,
        FilterArgs,
        Filters,
        Found,
        FundingShare,
        LearningPair,
        NoInventory,
        PartnerLink,
        PolicyGap,
        ReleaseDiff,
        SkillGap,
        Synergy,
    )
    from .export import CatalogMetadata, ExportResult
    from .io import ImportResult
    from .reasoning import ReasoningResult
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


class GovGraph:
    """A public-governance knowledge graph.

    By default the data lives in an in-memory Oxigraph store; ``GovGraph(path=DIR)`` keeps it in a
    persistent on-disk store that survives restarts.

    Example:
        >>> import govgraph as gg
        >>> kg = gg.GovGraph()
        >>> kg.load("data.ttl")  # doctest: +SKIP
        >>> kg.validate().conforms  # doctest: +SKIP
        True

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

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Flush and release the store."""
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

        Raises:
            ExportError: If ``destination`` cannot be written (the previous file stays as it was).
        """
        data = self.store.export(format=format)
        if destination is not None:
            write_atomic(destination, data)  # a failed write never leaves a half file in place
        return data

    def to_rdflib(self) -> Graph:
        """Return a copy of the data as an ``rdflib.Graph`` (for interoperability)."""
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

        Raises:
            ConfigurationError: ``engine`` is unknown, or ``engine="sparql"`` and a shape uses a
                feature the SPARQL engine does not compile (the message names it).
        """
        from .validation import load_shapes, validate

        shapes_graph = load_shapes(shapes, include_default=include_default_shapes)
        return validate(self.store, shapes=shapes_graph, engine=engine)

    # ------------------------------------------------------- import (issue 3)
    def _add_import(self, result: ImportResult) -> ImportResult:
        self.add(result.graph)
        return result

    def import_pstw(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import a JRC Public Sector Tech Watch export (xlsx/CSV) into this graph.

        Args:
            path: The file; default: the copy shipped with govgraph.
            **options: Passed to :func:`govgraph.io.import_pstw` (``strict``, ``sheet`` ...).

        Returns:
            The :class:`~govgraph.io.ImportResult` (counts and unmapped values).
        """
        from .io import import_pstw

        return self._add_import(import_pstw(path, **options))

    def import_ips(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the 2022 release (IPS cases); see :func:`govgraph.io.import_ips`."""
        from .io import import_ips

        return self._add_import(import_ips(path, **options))

    def import_aiwatch(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the 2020 release (AI Watch cases); see :func:`govgraph.io.import_aiwatch`."""
        from .io import import_aiwatch

        return self._add_import(import_aiwatch(path, **options))

    def import_esco(self, directory: str | Path | None = None, **options: Any) -> ImportResult:
        """Import ESCO skills (CSV export) into this graph; see :func:`govgraph.io.import_esco`."""
        from .io import import_esco

        return self._add_import(import_esco(directory, **options))

    def import_cofog(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the COFOG scheme into this graph; see :func:`govgraph.io.import_cofog`."""
        from .io import import_cofog

        return self._add_import(import_cofog(path, **options))

    def import_spreadsheet(self, path: str | Path, *, kind: str, **options: Any) -> ImportResult:
        """Import a spreadsheet (organisations, policies, initiatives, competencies) into this graph.

        See :func:`govgraph.io.import_spreadsheet`. Nothing is added when the import raises (bad
        rows without ``allow_partial=True``).
        """
        from .io import import_spreadsheet

        return self._add_import(import_spreadsheet(path, kind=kind, **options))

    # ----------------------------------------------------- analysis (issue 4)
    def synergies(
        self,
        *,
        by: str = "technology",
        method: str = "rarity",
        min_score: float = 0.0,
        top: int | None = None,
        filters: Filters | None = None,
        **filter_args: Unpack[FilterArgs],
    ) -> list[Synergy]:
        """Pairs of actors that share items along a dimension and do not yet collaborate.

        Pairs that already collaborate (``gg:collaboratesWith`` either way, or a common
        initiative) and pairs where one is a unit of the other (``org:unitOf``, any depth) are
        left out. See :func:`govgraph.analysis.synergies` and ``docs/analysis.md``.

        Args:
            by: ``technology``, ``policy_area``, ``challenge`` or ``all``.
            method: How pairs are scored (see :func:`govgraph.analysis.synergies`).
            min_score: Minimum Jaccard score (0 to 1).
            top: Keep only the best ``top`` pairs.
            filters: :class:`govgraph.analysis.Filters`, or the same filters as keyword
                arguments (``country="DEU"``, ``level``, ``kind``, ``technology``,
                ``policy_area``, ``years=(2019, 2022)``, ``status``, ``actor``, ``between``).

        Returns:
            Synergies, best score first (then most shared items).

        Raises:
            ConfigurationError: A bad option or filter value, or an unknown or ambiguous actor.
        """
        from .analysis import synergies

        return synergies(
            self.store,
            by=by,
            method=method,
            min_score=min_score,
            top=top,
            filters=filters,
            **filter_args,
        )

    def adoption(
        self,
        *,
        by: str | Sequence[str] = ("country", "technology"),
        dataset: str | None = None,
        filters: Filters | None = None,
        **filter_args: Unpack[FilterArgs],
    ) -> Adoption:
        """Count cases by country, technology, policy area, start year, status or level.

        See :func:`govgraph.analysis.adoption` and ``docs/change.md``.

        Args:
            by: Dimensions (``"country,technology"`` or a sequence): ``country``,
                ``technology``, ``policy_area``, ``year``, ``status``, ``level``.
            dataset: The release to count when the graph holds several.
            filters: :class:`govgraph.analysis.Filters`, or the same filters as keyword
                arguments (``country="DEU"``, ``years=(2019, 2022)`` ...; not ``between``).

        Returns:
            The :class:`~govgraph.analysis.Adoption` counts and start-year series.

        Raises:
            ConfigurationError: An unknown dimension or filter, or several releases and no
                ``dataset``.
        """
        from .analysis import adoption

        return adoption(self.store, by=by, dataset=dataset, filters=filters, **filter_args)

    def diff(
        self,
        new: GovGraph | Store,
        *,
        old_dataset: str | None = None,
        new_dataset: str | None = None,
    ) -> ReleaseDiff:
        """Compare this graph (the older release) with ``new``: what changed between releases.

        Cases are matched by identifier, web page and normalised name; see
        :func:`govgraph.analysis.diff` and ``docs/analysis.md``.

        Args:
            new: The newer release (a GovGraph or a Store; may be ``self`` when both releases
                are loaded here, then name them with the dataset options).
            old_dataset: Dataset IRI of the older release, needed when this graph holds several.
            new_dataset: Dataset IRI of the newer release, needed when ``new`` holds several.

        Returns:
            The :class:`~govgraph.analysis.ReleaseDiff`.

        Raises:
            ConfigurationError: A graph holds several releases and none was chosen.
        """
        from .analysis import diff

        other = new.store if isinstance(new, GovGraph) else new
        return diff(self.store, other, old_dataset=old_dataset, new_dataset=new_dataset)

    def skill_gaps(self, *, actor: str | None = None) -> list[SkillGap]:
        """Skills actors need for their technologies but hold below the required level.

        See :func:`govgraph.analysis.skill_gaps`.

        Args:
            actor: Only this actor's gaps (an IRI).

        Returns:
            Skill gaps, largest shortfall first.
        """
        from .analysis import skill_gaps

        return skill_gaps(self.store, actor=actor)

    def no_inventory(self, *, actor: str | None = None) -> list[NoInventory]:
        """Actors whose technologies need skills but whose skills inventory is unknown.

        See :func:`govgraph.analysis.no_inventory` (unknown is not missing: they have no
        skill gaps).

        Raises:
            QueryError: ``actor`` is not an absolute IRI.
        """
        from .analysis import no_inventory

        return no_inventory(self.store, actor=actor)

    def governance_gaps(self, *, kind: str | Iterable[str] | None = None) -> list[PolicyGap]:
        """Policies without owner, without implementing initiative, or without a clear lead.

        See :func:`govgraph.analysis.governance_gaps`.

        Args:
            kind: Only gaps of this kind or kinds (``ownership``, ``implementation``,
                ``unclear-lead``); all when ``None``.

        Raises:
            ConfigurationError: For an unknown ``kind``.
        """
        from .analysis import governance_gaps

        return governance_gaps(self.store, kind=kind)

    def mutual_learning(
        self, *, filters: Filters | None = None, **filter_args: Unpack[FilterArgs]
    ) -> list[LearningPair]:
        """EU-level actors paired with actors of other levels on shared challenges/technologies.

        See :func:`govgraph.analysis.mutual_learning`; the filters are those of
        :meth:`synergies`.

        Raises:
            ConfigurationError: A bad filter value, or an unknown or ambiguous actor.
        """
        from .analysis import mutual_learning

        return mutual_learning(self.store, filters=filters, **filter_args)

    def to_networkx(
        self,
        *,
        kind: str = "synergy",
        by: str = "technology",
        min_score: float = 0.0,
        neighbours: int | None = None,
    ) -> nx.Graph:
        """A networkx graph: ``actor-technology`` (bipartite), ``synergy`` or ``hierarchy``.

        See :func:`govgraph.analysis.to_networkx`.
        """
        from .analysis import to_networkx

        return to_networkx(self.store, kind=kind, by=by, min_score=min_score, neighbours=neighbours)

    def clusters(self, **options: Unpack[ClusterArgs]) -> list[Cluster]:
        """Communities of actors that should coordinate (seeded Louvain on the synergy graph).

        See :func:`govgraph.analysis.clusters` for the options (``by``, ``min_score``,
        ``resolution``, ``seed``, ``min_size``, ``neighbours``) and their defaults.

        Raises:
            ConfigurationError: For an unknown dimension or an option outside its range.
        """
        from .analysis import clusters

        return clusters(self.store, **options)

    def brokers(self, **options: Unpack[BrokerArgs]) -> list[Broker]:
        """Actors linking otherwise separate actors (betweenness, sampled on large graphs).

        See :func:`govgraph.analysis.brokers` for the options (``by``, ``min_score``, ``top``,
        ``exact_limit``, ``samples``, ``seed``, ``neighbours``) and their defaults.

        Raises:
            ConfigurationError: For an unknown dimension or an option outside its range.
        """
        from .analysis import brokers

        return brokers(self.store, **options)

    # ------------------------------------------------------- export (issue 5)
    def partners(
        self,
        *,
        partner_kind: str | None = None,
        top: int | None = None,
        filters: Filters | None = None,
        **filter_args: Unpack[FilterArgs],
    ) -> list[PartnerLink]:
        """Companies and GovTech partners with the administrations, cases and technologies.

        See :func:`govgraph.analysis.partners` (filters as in :meth:`synergies`).

        Raises:
            ConfigurationError: A bad filter value or partner kind.
        """
        from .analysis import partners

        return partners(
            self.store, partner_kind=partner_kind, top=top, filters=filters, **filter_args
        )

    def funding_shares(
        self, *, by_technology: bool = False, country: str | None = None
    ) -> list[FundingShare]:
        """Share of EU-funded initiatives per country (and technology).

        See :func:`govgraph.analysis.funding_shares`.
        """
        from .analysis import funding_shares

        return funding_shares(self.store, by_technology=by_technology, country=country)

    def find(
        self, text: str, *, kind: str | None = None, country: str | None = None, top: int = 20
    ) -> list[Found]:
        """Find organisations, initiatives, technologies and policies by name or identifier.

        See :func:`govgraph.analysis.find`.

        Raises:
            GovGraphError: ``text`` is empty or ``kind`` unknown.
        """
        from .analysis import find

        return find(self.store, text, kind=kind, country=country, top=top)

    def capacity_gaps(self, **options: Any) -> list[CapacityGap]:
        """Countries whose adoption of a technology outruns a DESI capacity indicator.

        See :func:`govgraph.analysis.capacity_gaps` (needs the DESI import loaded).
        """
        from .analysis import capacity_gaps

        return capacity_gaps(self.store, **options)

    def import_desi(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the DESI 2022 workbook as Data Cube observations; see :func:`govgraph.io.import_desi`."""
        from .io import import_desi

        return self._add_import(import_desi(path, **options))

    def export_dcat_ap(self, out_dir: str | Path, **options: Any) -> ExportResult:
        """Write the graph's distributions and a DCAT-AP 3.0.1 catalogue into ``out_dir``.

        Thin wrapper of :func:`govgraph.export.export_dcat_ap` (see it for the options:
        ``base_url``, ``publisher``, ``publisher_name``, ``contact_email``, ``title``,
        ``description``, ``licence``, ``catalog_config``, ``sparql_endpoint``, ``extra_tables``,
        ``force``, ``issued``, ``modified``).
        """
        from .export import export_dcat_ap

        return export_dcat_ap(self.store, out_dir, **options)

    @staticmethod
    def read_dcat_ap(path: str | Path) -> CatalogMetadata:
        """Read a DCAT-AP catalogue written by govgraph (see :func:`govgraph.export.read_dcat_ap`)."""
        from .export import read_dcat_ap

        return read_dcat_ap(path)

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

        Example:
            >>> kg = GovGraph.connect(  # doctest: +SKIP
            ...     "http://127.0.0.1:8890/sparql", graph="https://example.org/graph/gov"
            ... )

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

    # ---------------------------------------------------- reasoning (issue 7)
    def reason(
        self,
        *,
        reasoner: str = "hermit",
        java_memory: int = 2000,
        timeout: float | None = 600.0,
        infer_property_values: bool = False,
    ) -> ReasoningResult:
        """Check the data against the govgraph ontology with an OWL reasoner (owlready2 + HermiT).

        See :func:`govgraph.reasoning.reason` (needs Java 17 or newer).

        Args:
            reasoner: ``"hermit"`` (default) or ``"pellet"``.
            java_memory: Java heap of the reasoner in MB.
            timeout: Seconds before the reasoner is stopped (``None``: no limit).
            infer_property_values: Also derive object-property values (slower).

        Returns:
            A :class:`~govgraph.reasoning.ReasoningResult` (``consistent``, ``explanation``,
            ``inferred_types``).
        """
        from .reasoning import reason

        return reason(
            self.store,
            reasoner=reasoner,
            java_memory=java_memory,
            timeout=timeout,
            infer_property_values=infer_property_values,
        )

    def materialize(self, profile: str = "rdfs") -> int:
        """Add the RDFS or OWL 2 RL entailments of the data to the store (owlrl, pure Python).

        ``"rdfs"`` adds types from domains, ranges and sub-classes, and super-property values;
        ``"owl-rl"`` also closes transitive, symmetric and inverse properties. The ontology is
        background knowledge: its own triples are not added. See
        :func:`govgraph.reasoning.materialize`.

        Args:
            profile: ``"rdfs"`` or ``"owl-rl"``.

        Returns:
            The number of triples added.
        """
        from .reasoning import materialize

        return materialize(self.store, profile=profile)

    # ------------------------------------------------- report/serve (issue 9)
    def report(
        self,
        path: str | Path,
        *,
        title: str = "Governance knowledge graph report",
        by: str = "all",
        top: int = 25,
        validate: bool = True,
    ) -> Path:
        """Write a self-contained HTML report that opens offline.

        The page shows a summary, the data quality, the synergy network picture, the skills-gap
        heat map, the governance gaps and the mutual-learning pairs. Needs the ``report`` extra. See :mod:`govgraph.report` for more options.

        Args:
            path: The HTML file to write.
            title: Page title.
            by: Synergy dimension of the network and table (``all`` combines the three).
            top: Rows per table.
            validate: Include the SHACL validation findings.

        Returns:
            The path written.
        """
        from .report import ReportOptions, write_report

        options = ReportOptions(title=title, by=by, top=top, validate=validate)
        return write_report(self.store, path, options)

    def serve(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        timeout: float = 30.0,
        max_results: int = 10_000,
        catalog: str | Path | None = None,
    ) -> None:
        """Serve the graph as a read-only SPARQL 1.1 endpoint at ``/sparql`` until Ctrl-C.

        Needs the ``serve`` extra. See :func:`govgraph.server.create_app`.

        Args:
            host: Address to bind (loopback by default).
            port: TCP port.
            timeout: Seconds a query may run before the client gets ``503``.
            max_results: Maximum solutions or triples per answer.
            catalog: An exported DCAT-AP catalogue (file or export directory) for ``/catalog``.
        """
        from .server import serve

        serve(
            self.store,
            host=host,
            port=port,
            timeout=timeout,
            max_results=max_results,
            catalog=catalog,
            allow_network=self.allow_network,
        )
