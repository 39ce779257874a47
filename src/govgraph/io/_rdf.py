"""Safe, all-or-nothing parsing of RDF sources into pyoxigraph quads.

Parsing uses Oxigraph's Rust parsers: they do not fetch remote JSON-LD contexts, do not follow
``owl:imports`` and do not expand XML external entities. rdflib graphs given as sources are
converted term by term. Nothing is added to a store here: callers get every quad of every source
first, so a failure in any source leaves their store untouched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .._exceptions import ConfigurationError, ParseError
from ._safety import (
    MAX_ENTITY_EXPANSION,
    MAX_JSON_LD_DEPTH,
    MAX_XML_DEPTH,
    MAX_XML_TEXT,
    check_json_ld_safety,
    check_xml_safety,
)
from ._terms import rdf_format, rdflib_triples_to_ox

__all__ = [
    "MAX_ENTITY_EXPANSION",
    "MAX_JSON_LD_DEPTH",
    "MAX_XML_DEPTH",
    "MAX_XML_TEXT",
    "ParsedSource",
    "QuadStream",
    "Source",
    "check_json_ld_safety",
    "check_xml_safety",
    "guess_format",
    "parse_source",
    "parse_sources",
]

#: Anything :func:`parse_source` accepts: a path, RDF text, bytes, or an rdflib graph.
Source = str | Path | bytes | Graph

_LOCATION = re.compile(r"line (\d+) column (\d+)")
_DATA_START = ("@", "<", "{", "[", "#", "_:")
_MAX_PATH_LENGTH = 4096


@dataclass(frozen=True)
class ParsedSource:
    """The quads read from one source.

    Attributes:
        name: The file path, or ``<string>`` / ``<bytes>`` / ``<rdflib.Graph>``.
        quads: The triples read, as pyoxigraph quads in the default graph.
    """

    name: str
    quads: tuple[ox.Quad, ...]

    def to_dict(self) -> dict[str, object]:
        """Return the source name and the number of triples read.

        Examples:
            >>> parse_source('<http://example.org/a> <http://example.org/p> "x" .').to_dict()
            {'source': '<string>', 'triples': 1}
        """
        return {"source": self.name, "triples": len(self.quads)}


def guess_format(name: str | None, data: bytes | None = None) -> ox.RdfFormat:
    """Guess the RDF syntax from a file name, else from the first bytes of the data.

    An unknown suffix falls back to the data, then to Turtle (no error).

    Examples:
        >>> guess_format("cases.ttl.gz").name
        'Turtle'
        >>> guess_format(None, b'<?xml version="1.0"?><rdf:RDF/>').name
        'RDF/XML'
        >>> guess_format("upload", b'{"@id": "http://example.org/a"}').name
        'JSON-LD'
    """
    if name:
        suffixes = Path(name).suffixes
        for suffix in reversed(suffixes):
            key = suffix.lstrip(".").lower()
            if key in {"gz", "bz2"}:
                continue
            try:
                return rdf_format(key)
            except ConfigurationError:
                break
    if data is not None:
        head = data[:512].lstrip()
        if head.startswith(b"<?xml") or head.startswith(b"<rdf:RDF"):
            return ox.RdfFormat.RDF_XML
        if head.startswith((b"{", b"[")):
            return ox.RdfFormat.JSON_LD
    return ox.RdfFormat.TURTLE


def _looks_like_data(text: str) -> bool:
    stripped = text.lstrip()
    if "\n" in text or len(text) > _MAX_PATH_LENGTH:
        return True
    upper = stripped[:6].upper()
    return stripped.startswith(_DATA_START) or upper.startswith(("PREFIX", "BASE"))


def _error(name: str, exc: Exception) -> ParseError:
    message = str(exc)
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "offset", None)
    if line is None:
        match = _LOCATION.search(message)
        if match:
            line, column = int(match.group(1)), int(match.group(2))
    reason = (
        message.split(": ", 1)[1]
        if message.startswith("Parser error") and ": " in message
        else message
    )
    if "LoadDocumentCallback" in message:  # Oxigraph's word for "this needs a remote context"
        return ParseError(
            source=name,
            reason="the JSON-LD document refers to a remote context, which govgraph never fetches",
            line=line,
            column=column,
            hint="copy the context object into the document (or convert the file to Turtle)",
        )
    return ParseError(source=name, reason=reason.strip(), line=line, column=column)


def _prepare(
    source: str | Path | bytes, *, format: str | None, base_iri: str | None
) -> tuple[str, bytes, ox.RdfFormat, str | None]:
    """Read one non-graph source: its name, bytes, syntax and base IRI (safety checks done)."""
    name: str
    data: bytes
    if isinstance(source, bytes):
        name, data = "<bytes>", source
    elif isinstance(source, str) and _looks_like_data(source):
        name, data = "<string>", source.encode("utf-8")
    else:
        path = Path(source)
        name = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ParseError(source=name, reason="no such file", hint="check the path") from None
        except OSError as exc:
            raise ParseError(
                source=name,
                reason=f"cannot open the file ({exc.strerror})",
                hint="check permissions",
            ) from exc
        if base_iri is None:
            base_iri = path.resolve().as_uri()
    try:
        fmt = (
            rdf_format(format)
            if format
            else guess_format(None if name.startswith("<") else name, data)
        )
    except ValueError as exc:
        raise ParseError(source=name, reason=str(exc)) from exc
    if fmt == ox.RdfFormat.RDF_XML:
        check_xml_safety(data, name=name)
    elif fmt == ox.RdfFormat.JSON_LD:
        check_json_ld_safety(data, name=name)
    return name, data, fmt, base_iri


_XML_LITERAL = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral")


def _exclusive_c14n(literal: ox.Literal) -> ox.Literal:
    """Canonicalise an RDF/XML ``rdf:parseType="Literal"`` value as RDF 1.1 says.

    Oxigraph copies every in-scope namespace declaration into the literal; the canonical form
    keeps only those the fragment uses (what the W3C tests expect). Unchanged if it does not
    parse as XML.
    """
    import xml.etree.ElementTree as ET

    try:
        wrapped = ET.canonicalize(f"<w>{literal.value}</w>")
    except ET.ParseError:
        return literal
    return ox.Literal(wrapped[len("<w>") : -len("</w>")], datatype=_XML_LITERAL)


def _parsed(name: str, data: bytes, fmt: ox.RdfFormat, base_iri: str | None) -> Iterator[ox.Quad]:
    """Parse lazily; every quad in the default graph; errors as :class:`ParseError`."""
    default = ox.DefaultGraph()
    try:
        if fmt.supports_datasets:
            for quad in ox.parse(data, format=fmt, base_iri=base_iri):
                yield (
                    quad
                    if quad.graph_name == default
                    else ox.Quad(quad.subject, quad.predicate, quad.object)
                )
        elif fmt == ox.RdfFormat.RDF_XML:
            for triple in ox.parse(data, format=fmt, base_iri=base_iri):
                o = triple.object
                if isinstance(o, ox.Literal) and o.datatype == _XML_LITERAL and "xmlns" in o.value:
                    triple = ox.Quad(triple.subject, triple.predicate, _exclusive_c14n(o))
                yield triple
        else:
            yield from ox.parse(data, format=fmt, base_iri=base_iri)
    except (SyntaxError, ValueError, OSError) as exc:
        raise _error(name, exc) from exc
    except MemoryError as exc:
        raise ParseError(
            source=name,
            reason=f"a single token is too large for the parser ({exc})",
            hint="split huge literals or check that the file is really RDF",
        ) from exc


def parse_source(
    source: Source,
    *,
    format: str | None = None,
    base_iri: str | None = None,
) -> ParsedSource:
    r"""Parse one source completely.

    Args:
        source: A path (``str`` or ``Path``) to an RDF file, RDF text (a string that contains a
            newline or starts like RDF), bytes, or an ``rdflib.Graph``.
        format: RDF syntax (``turtle``, ``ntriples``, ``xml``, ``json-ld``, ``trig``, ``nquads``,
            ``n3``); guessed from the file extension or the content when ``None``.
        base_iri: Base IRI for relative IRIs (default: the file's ``file://`` URI).

    Returns:
        The quads read, all in the default graph.

    Examples:
        >>> from govgraph import ParseError
        >>> parsed = parse_source(
        ...     '@prefix ex: <http://example.org/> .\nex:a ex:label "A", "B" .\n'
        ... )
        >>> parsed.name, sorted(quad.object.value for quad in parsed.quads)
        ('<string>', ['A', 'B'])
        >>> try:
        ...     parse_source("@prefix ex: <http://example.org/> .\nex:a ex:label .\n")
        ... except ParseError as exc:
        ...     print(exc.source, exc.line)
        <string> 2

    Raises:
        ParseError: The file is missing or unreadable, or its content does not parse; the error
            names the source and, when the parser tells, the line and column.
    """
    if isinstance(source, Graph):
        return ParsedSource("<rdflib.Graph>", tuple(rdflib_triples_to_ox(source)))
    name, data, fmt, base = _prepare(source, format=format, base_iri=base_iri)
    return ParsedSource(name, tuple(_parsed(name, data, fmt, base)))


class QuadStream:
    """The quads of several sources, parsed lazily one source after the other.

    Made for a store's transactional bulk insert (``pyoxigraph.Store.extend``): no list of every
    quad is built, and an error in any source (raised as :class:`ParseError` while iterating)
    makes the insert write nothing. Graph names of TriG / N-Quads sources are dropped, as
    :func:`parse_source` does.

    Args:
        sources: Paths, RDF text, bytes or ``rdflib.Graph`` objects.
        format: RDF syntax of all sources; guessed per source when ``None``.
        on_source: Called with each source's name and number of triples when it has been read.
        base_iri: Base IRI for relative IRIs of every source (default: each file's ``file://``
            URI).

    Attributes:
        counts: ``(source name, triples read)`` of each source read so far, in order.
    """

    def __init__(
        self,
        sources: Iterable[Source],
        *,
        format: str | None = None,
        on_source: Callable[[str, int], object] | None = None,
        base_iri: str | None = None,
    ) -> None:
        self._sources = list(sources)
        self._format = format
        self._base_iri = base_iri
        self._on_source = on_source
        self.counts: list[tuple[str, int]] = []

    def __len__(self) -> int:
        """The number of sources."""
        return len(self._sources)

    @property
    def triples(self) -> int:
        """Triples read so far, duplicates included.

        Examples:
            >>> one = '<http://example.org/a> <http://example.org/p> "x" .'
            >>> two = b'<http://example.org/a> <http://example.org/p> "x", "y" .'
            >>> stream = QuadStream([one, two])
            >>> stream.triples  # nothing read yet
            0
            >>> quads = list(stream)
            >>> stream.triples, len(set(quads)), stream.counts
            (3, 2, [('<string>', 1), ('<bytes>', 2)])
        """
        return sum(n for _, n in self.counts)

    def __iter__(self) -> Iterator[ox.Quad]:
        self.counts = []
        for source in self._sources:
            if isinstance(source, Graph):
                name, quads = "<rdflib.Graph>", rdflib_triples_to_ox(source)
            else:
                name, data, fmt, base = _prepare(
                    source, format=self._format, base_iri=self._base_iri
                )
                quads = _parsed(name, data, fmt, base)
            n = 0
            for quad in quads:
                n += 1
                yield quad
            self.counts.append((name, n))
            if self._on_source is not None:
                self._on_source(name, n)


def parse_sources(
    sources: Sequence[Source] | Iterable[Source],
    *,
    format: str | None = None,
    base_iri: str | None = None,
) -> list[ParsedSource]:
    """Parse every source; raise on the first that fails, before anything is stored.

    Examples:
        >>> from govgraph import ParseError
        >>> one = '<http://example.org/a> <http://example.org/p> "x" .'
        >>> [parsed.to_dict() for parsed in parse_sources([one, one.encode()])]
        [{'source': '<string>', 'triples': 1}, {'source': '<bytes>', 'triples': 1}]
        >>> try:
        ...     parse_sources([one, "no-such-folder/cases.ttl"])
        ... except ParseError as exc:
        ...     print(exc.source, exc.reason)
        no-such-folder/cases.ttl no such file

    Raises:
        ParseError: The first source that is missing or does not parse.
    """
    return [parse_source(s, format=format, base_iri=base_iri) for s in sources]
