"""A SPARQL query given on the command line or in a call: its text, or a file holding it."""

from __future__ import annotations

from pathlib import Path

from .._exceptions import ConfigurationError

__all__ = ["QUERY_SUFFIXES", "read_query"]

#: File suffixes always read as query files.
QUERY_SUFFIXES = (".rq", ".sparql")


def read_query(text_or_path: str | Path) -> str:
    """Return the SPARQL text of ``text_or_path``: a query file's content, or the text itself.

    A ``Path``, a name ending in ``.rq`` or ``.sparql``, or a one-line string naming an existing
    file is read as a UTF-8 file; anything else is taken as the query text.

    Args:
        text_or_path: SPARQL text, or the path of a file holding it.

    Returns:
        The query text.

    Raises:
        ConfigurationError: If the query file cannot be read (the message names it).

    Examples:
        >>> read_query("ASK { ?s ?p ?o }")
        'ASK { ?s ?p ?o }'
    """
    if isinstance(text_or_path, str):
        text = text_or_path
        is_file = text.endswith(QUERY_SUFFIXES) or ("\n" not in text and _is_file(text))
        if not is_file:
            return text
    path = Path(text_or_path)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigurationError(f"{path}: cannot read the query file ({reason})") from exc


def _is_file(text: str) -> bool:
    try:
        return len(text) < 4096 and Path(text).is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL byte
        return False
