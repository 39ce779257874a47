"""Safe output: paths stay inside the output directory, no silent overwrite.

Writes are atomic through :func:`govgraph.io.write_atomic` (re-exported here for the exporter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .._exceptions import ExportError
from ..io import write_atomic

__all__ = ["check_targets", "safe_name", "target_path", "write_atomic"]

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def safe_name(name: str) -> str:
    """Return ``name`` if it is a plain file name (letters, digits, ``_``, ``-``, ``.``).

    Raises:
        ExportError: If the name could leave the output directory or is not a plain name.
    """
    if not _NAME.fullmatch(name) or ".." in name:
        raise ExportError(
            f"invalid table name {name!r}: use letters, digits, '_', '-' and '.' only "
            "(no path separators), e.g. 'synergies'."
        )
    return name


def target_path(out_dir: Path, relative: str) -> Path:
    """Return ``out_dir/relative``, refusing anything that resolves outside ``out_dir``."""
    base = out_dir.resolve()
    path = (base / relative).resolve()
    if not path.is_relative_to(base):
        raise ExportError(f"refusing to write {relative!r}: it would leave {base}")
    return path


def check_targets(paths: Iterable[Path], *, force: bool) -> None:
    """Refuse to overwrite existing files unless ``force``.

    Raises:
        ExportError: Naming the files that exist, and how to overwrite them.
    """
    if force:
        return
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        shown = ", ".join(existing[:5]) + (" ..." if len(existing) > 5 else "")
        raise ExportError(
            f"{len(existing)} output file(s) already exist ({shown}); nothing was written. "
            "Choose another output directory or pass force=True to overwrite."
        )
