"""The publishing methods of :class:`~govgraph.GovGraph`: export, reasoning, report, serve.

One mixin, so the facade stays short; each method hands ``self.store`` to its subsystem.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store import Store

if TYPE_CHECKING:
    from .export import CatalogMetadata, ExportResult
    from .reasoning import ReasoningResult

__all__ = ["OutputMethods"]


class OutputMethods:
    """DCAT-AP export, OWL reasoning, the HTML report and the SPARQL endpoint of ``self.store``."""

    store: Store
    allow_network: bool

    # ------------------------------------------------------- export (issue 5)
    def export_dcat_ap(self, out_dir: str | Path, **options: Any) -> ExportResult:
        """Write the graph's distributions and a DCAT-AP 3.0.1 catalogue into ``out_dir``.

        Thin wrapper of :func:`govgraph.export.export_dcat_ap` (see it for the options:
        ``base_url``, ``publisher``, ``publisher_name``, ``contact_email``, ``title``,
        ``description``, ``licence``, ``catalog_config``, ``sparql_endpoint``, ``extra_tables``,
        ``force``, ``issued``, ``modified``).

        Examples:
            >>> import tempfile
            >>> from govgraph import GovGraph
            >>> out = tempfile.mkdtemp()
            >>> result = GovGraph.example().export_dcat_ap(
            ...     out,
            ...     base_url="https://example.org/data/",
            ...     publisher="http://publications.europa.eu/resource/authority/corporate-body/DIGIT",
            ...     publisher_name="DG DIGIT",
            ... )
            >>> sorted(f.path.name for f in result.catalog)
            ['catalog.jsonld', 'catalog.rdf', 'catalog.ttl']
            >>> sorted(f.url for f in result.distributions)[0]
            'https://example.org/data/graph.jsonld'

        Raises:
            ConfigurationError: The base URL, publisher or publisher name is missing.
            ExportError: A file exists (without ``force=True``) or a table name is unsafe.
        """
        from .export import export_dcat_ap

        return export_dcat_ap(self.store, out_dir, **options)

    @staticmethod
    def read_dcat_ap(path: str | Path) -> CatalogMetadata:
        """Read a DCAT-AP catalogue written by govgraph (see :func:`govgraph.export.read_dcat_ap`).

        Examples:
            >>> import tempfile
            >>> from govgraph import GovGraph
            >>> out = tempfile.mkdtemp()
            >>> _ = GovGraph.example().export_dcat_ap(
            ...     out, base_url="https://example.org/data/",
            ...     publisher="http://publications.europa.eu/resource/authority/corporate-body/DIGIT",
            ...     publisher_name="DG DIGIT",
            ... )
            >>> catalog = GovGraph.read_dcat_ap(out + "/catalog.ttl")
            >>> catalog.publisher.name, [d.title for d in catalog.datasets]
            ('DG DIGIT', ['Public governance knowledge graph'])

        Raises:
            ParseError: The file is malformed or holds no ``dcat:Catalog`` with the expected fields.
        """
        from .export import read_dcat_ap

        return read_dcat_ap(path)

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

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph.example().reason().consistent  # needs Java
            True

        Raises:
            JavaNotFoundError: No Java runtime was found (the message says how to install one).
            JavaMemoryError: Java ran out of memory (raise ``java_memory``).
            ReasonerTimeoutError: The reasoner ran longer than ``timeout`` seconds.
            ReasonerError: The reasoner failed otherwise.
            ConfigurationError: An unknown reasoner or a bad option.
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

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph.example().materialize()  # types from domains, ranges and sub-classes...
            41

        Raises:
            ConfigurationError: An unknown profile (the message names the two).
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

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph import GovGraph
            >>> path = Path(tempfile.mkdtemp()) / "report.html"
            >>> page = GovGraph.example().report(path, validate=False)
            >>> page.name, "Top synergies" in page.read_text(encoding="utf-8")
            ('report.html', True)

        Raises:
            ConfigurationError: An option is invalid.
            ExportError: The file cannot be written.
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

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph.example().serve(port=8000)  # answers at http://127.0.0.1:8000/sparql

        Raises:
            ConfigurationError: A bad option, or the catalogue cannot be read.
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
