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
        """
        from .export import export_dcat_ap

        return export_dcat_ap(self.store, out_dir, **options)

    @staticmethod
    def read_dcat_ap(path: str | Path) -> CatalogMetadata:
        """Read a DCAT-AP catalogue written by govgraph (see :func:`govgraph.export.read_dcat_ap`)."""
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
