"""Atomic file writes: a failed or interrupted write never leaves a half file in place."""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .._exceptions import ExportError

__all__ = ["check_writable", "open_atomic", "write_atomic"]


@contextmanager
def open_atomic(path: str | Path, *, binary: bool = False) -> Iterator[IO[Any]]:
    r"""Open a temporary file next to ``path``; rename it onto ``path`` when the block succeeds.

    Text mode writes UTF-8 with newline line ends. When the block raises, the temporary file is
    removed and ``path`` is left as it was.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> target = Path(tempfile.mkdtemp()) / "notes.txt"
        >>> with open_atomic(target) as handle:
        ...     _ = handle.write("first version\n")
        >>> try:
        ...     with open_atomic(target) as handle:
        ...         _ = handle.write("half a new vers")
        ...         raise RuntimeError("interrupted")
        ... except RuntimeError:
        ...     pass
        >>> target.read_text(), [p.name for p in target.parent.iterdir()]  # no temporary file
        ('first version\n', ['notes.txt'])

    Raises:
        ExportError: If the file cannot be created or written (the message names the path).
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
    except OSError as exc:
        raise _error(target, exc) from exc
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _error(target, exc) from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: str | Path, *, force: bool = False) -> Path:
    """Check, before any work, that ``path`` can be written as a new file.

    Args:
        path: The file to write.
        force: Allow replacing an existing file.

    Returns:
        ``path`` as a ``Path``.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph import ExportError
        >>> folder = Path(tempfile.mkdtemp())
        >>> check_writable(folder / "graph.ttl") == folder / "graph.ttl"
        True
        >>> _ = (folder / "graph.ttl").write_text("old")
        >>> try:
        ...     check_writable(folder / "graph.ttl")
        ... except ExportError as exc:
        ...     print(str(exc).split(". ")[0].replace(str(folder), "<folder>"))
        <folder>/graph.ttl exists; nothing was written
        >>> check_writable(folder / "graph.ttl", force=True).name
        'graph.ttl'
        >>> try:
        ...     check_writable(folder / "no-such-folder" / "graph.ttl")
        ... except ExportError as exc:
        ...     print(str(exc).replace(str(folder), "<folder>"))
        <folder>/no-such-folder does not exist; create the folder first

    Raises:
        ExportError: If the file exists (and not ``force``) or its folder does not exist.
    """
    target = Path(path)
    if target.exists() and not force:
        raise ExportError(
            f"{target} exists; nothing was written. Choose another file or allow overwriting "
            "it (force)"
        )
    if not target.parent.exists():
        raise ExportError(f"{target.parent} does not exist; create the folder first")
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _error(target: Path, exc: OSError) -> ExportError:
    reason = exc.strerror or str(exc)
    return ExportError(
        f"{target}: cannot write the file ({reason}); choose another path or check its permissions"
    )


def write_atomic(path: str | Path, data: bytes | str) -> str:
    """Write ``data`` to a temporary file next to ``path`` and rename it into place.

    ``str`` data is written as UTF-8. A failed write leaves ``path`` as it was.

    Args:
        path: The file to write (its folder is created when missing).
        data: The bytes or text to write.

    Returns:
        The SHA-256 checksum of the bytes written (hex).

    Raises:
        ExportError: If the file cannot be written (the message names the path).

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> write_atomic(folder / "hello.txt", "hello")[:12]
        '2cf24dba5fb0'
        >>> (folder / "hello.txt").read_text()
        'hello'
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with open_atomic(path, binary=True) as handle:
        handle.write(raw)
    return hashlib.sha256(raw).hexdigest()
