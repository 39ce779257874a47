"""The import methods of :class:`~govgraph.GovGraph`: the bundled datasets and spreadsheets.

One mixin, so the facade stays short; each method runs its importer of :mod:`govgraph.io` and
adds the graph it made to ``self.store`` (nothing when the importer raises).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store import Store

if TYPE_CHECKING:
    from .io import ImportResult

__all__ = ["ImportMethods"]


class ImportMethods:
    """Imports of real data (PSTW and its earlier releases, ESCO, COFOG, DESI) and spreadsheets."""

    store: Store

    def _add_import(self, result: ImportResult) -> ImportResult:
        self.store.add_graph(result.graph)
        return result

    def import_pstw(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import a JRC Public Sector Tech Watch export (xlsx/CSV) into this graph.

        Args:
            path: The file; default: the copy shipped with govgraph.
            **options: Passed to :func:`govgraph.io.import_pstw` (``strict``, ``sheet`` ...).

        Returns:
            The :class:`~govgraph.io.ImportResult` (counts and unmapped values).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph()
            >>> result = kg.import_pstw()  # the 1,964 cases shipped with govgraph
            >>> result.counts["initiatives"], result.counts["rows_rejected"]
            (1964, 0)

        Raises:
            DataImportError: The file cannot be read, lacks a required column or is over a limit
                (the message names the file, and the row where it applies); with
                ``strict=True``, any unmapped value. Nothing is added then.
        """
        from .io import import_pstw

        return self._add_import(import_pstw(path, **options))

    def import_ips(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the 2022 release (IPS cases); see :func:`govgraph.io.import_ips`.

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph().import_ips().counts["initiatives"]
            830

        Raises:
            DataImportError: The file cannot be read or lacks a required column (nothing is added).
        """
        from .io import import_ips

        return self._add_import(import_ips(path, **options))

    def import_aiwatch(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the 2020 release (AI Watch cases); see :func:`govgraph.io.import_aiwatch`.

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph().import_aiwatch().counts["initiatives"]
            143

        Raises:
            DataImportError: The file cannot be read or is not the AI Watch JSON (nothing is added).
        """
        from .io import import_aiwatch

        return self._add_import(import_aiwatch(path, **options))

    def import_esco(self, directory: str | Path | None = None, **options: Any) -> ImportResult:
        """Import ESCO skills (CSV export) into this graph; see :func:`govgraph.io.import_esco`.

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph().import_esco().counts["skills"]
            1377

        Raises:
            DataImportError: A file cannot be read or lacks a required column (nothing is added).
        """
        from .io import import_esco

        return self._add_import(import_esco(directory, **options))

    def import_cofog(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the COFOG scheme into this graph; see :func:`govgraph.io.import_cofog`.

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph().import_cofog().counts["concepts"]
            188

        Raises:
            DataImportError: The file cannot be read or is not the COFOG scheme (nothing is added).
        """
        from .io import import_cofog

        return self._add_import(import_cofog(path, **options))

    def import_spreadsheet(self, path: str | Path, *, kind: str, **options: Any) -> ImportResult:
        r"""Import a spreadsheet (organisations, policies, initiatives, competencies) into this graph.

        See :func:`govgraph.io.import_spreadsheet`. Nothing is added when the import raises (bad
        rows without ``allow_partial=True``).

        Examples:
            >>> import tempfile
            >>> from pathlib import Path
            >>> from govgraph import GovGraph
            >>> sheet = Path(tempfile.mkdtemp()) / "organisations.csv"
            >>> _ = sheet.write_text(
            ...     "id,name,type,parent,level,country\n"
            ...     "min-x,Ministry X,administration,,national,Austria\n"
            ...     "min-x-it,IT unit,unit,min-x,,\n",
            ...     encoding="utf-8",
            ... )
            >>> dict(GovGraph().import_spreadsheet(sheet, kind="organisations").counts)
            {'rows': 2, 'imported': 2, 'rejected': 0}

        Raises:
            DataImportError: An unknown kind, an unreadable file, missing required columns or a
                bad row (without ``allow_partial=True``); its ``problems`` list row, column and
                reason.
        """
        from .io import import_spreadsheet

        return self._add_import(import_spreadsheet(path, kind=kind, **options))

    def import_desi(self, path: str | Path | None = None, **options: Any) -> ImportResult:
        """Import the DESI 2022 workbook as Data Cube observations; see :func:`govgraph.io.import_desi`.

        Examples:
            >>> from govgraph import GovGraph
            >>> GovGraph().import_desi().counts["observations"]
            3577

        Raises:
            DataImportError: The workbook cannot be read or lacks its Data sheet (nothing is added).
        """
        from .io import import_desi

        return self._add_import(import_desi(path, **options))
