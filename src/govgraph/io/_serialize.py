r"""Write RDF for people and harvesters: stable bytes, the usual prefixes, safe characters.

Every RDF file or answer govgraph writes goes through :func:`serialize_rdf`:

- **Byte-identical** for identical input: blank nodes get canonical labels (RDFC-1.0, W3C RDF
  Dataset Canonicalization) and the triples are written in sorted order, so two exports of the
  same data give the same bytes whatever order the store or the parser produced them in.
- **Prefixes**: the govgraph namespace is ``gg:`` and only the prefixes the output uses are
  declared (Turtle, TriG, RDF/XML, JSON-LD ``@context``).
- **Characters**: Turtle, TriG, N-Triples, N-Quads and JSON-LD escape control characters
  (``\u0000``, DEL and C1 included); RDF/XML writes a carriage return as ``&#13;`` and C1
  controls as character references, and refuses the control characters
  XML 1.0 cannot carry at all (NUL, ESC, ...) with an :class:`~govgraph.ExportError` that names
  the triple, instead of writing a file no XML parser reads.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox

from .._exceptions import ExportError
from ..namespace import PREFIXES
from ._terms import rdf_format

__all__ = ["serialize_rdf"]

#: An N-Triples escape of a character XML 1.0 cannot represent (C0 but tab, LF, CR; U+FFFE/F).
_NOT_XML = re.compile(rb"(?<!\\)(?:\\\\)*\\(?:u000[0-8BCEF]|u001[0-9A-F]|uFFF[EF])", re.IGNORECASE)
_ITS = b' xmlns:its="http://www.w3.org/2005/11/its"'
#: DEL and the C1 controls (U+007F-U+009F) in UTF-8; they only occur inside literals.
_C1 = re.compile(b"\x7f|\xc2[\x80-\x9f]")


def _escape_c1(data: bytes, fmt: ox.RdfFormat) -> bytes:
    """Escape DEL and C1 control characters, which the writers leave raw."""

    def escape(match: re.Match[bytes]) -> bytes:
        code = ord(match.group().decode("utf-8"))
        return (f"&#x{code:X};" if fmt == ox.RdfFormat.RDF_XML else f"\\u{code:04X}").encode()

    if b"\x7f" not in data and b"\xc2" not in data:
        return data
    return _C1.sub(escape, data)


def _format(format: str | ox.RdfFormat) -> ox.RdfFormat:
    return format if isinstance(format, ox.RdfFormat) else rdf_format(format)


def serialize_rdf(
    triples: Iterable[ox.Triple | ox.Quad] | bytes,
    *,
    format: str | ox.RdfFormat = "turtle",
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """Serialize triples (or quads) with stable bytes, used prefixes only and safe characters.

    Args:
        triples: pyoxigraph triples or quads, or N-Triples (N-Quads) bytes, such as the output
            of an earlier ``format="ntriples"`` call: writing one graph in several syntaxes then
            sorts it only once. Graph names are kept for TriG and N-Quads and dropped (merged
            into one graph) for the triple formats.
        format: ``turtle``, ``trig``, ``ntriples``, ``nquads``, ``xml`` (RDF/XML) or ``json-ld``,
            or a :class:`pyoxigraph.RdfFormat`.
        prefixes: Prefix -> namespace IRI candidates (default: :data:`govgraph.namespace.PREFIXES`,
            where the govgraph namespace is ``gg``); only those the output uses are declared.

    Returns:
        The serialized bytes (UTF-8).

    Raises:
        ConfigurationError: For an unknown format name.
        ExportError: For an RDF/XML output of a literal holding a character XML 1.0 cannot
            carry (the message names the triple and suggests Turtle).

    Examples:
        >>> import pyoxigraph as ox
        >>> t = ox.Triple(ox.NamedNode("https://w3id.org/govgraph#x"),
        ...               ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        ...               ox.Literal("x"))
        >>> print(serialize_rdf([t], format="turtle").decode())
        @prefix gg: <https://w3id.org/govgraph#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        gg:x skos:prefLabel "x" .
        <BLANKLINE>
    """
    fmt = _format(format)
    candidates = dict(PREFIXES if prefixes is None else prefixes)
    lines = _sorted_lines(triples, keep_graphs=fmt.supports_datasets)
    if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        return _escape_c1(lines, fmt)
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml(lines)
    present = {p: ns for p, ns in candidates.items() if b"<" + ns.encode() in lines}
    if fmt == ox.RdfFormat.JSON_LD:
        return _json_ld(_write(lines, fmt, {}), lines, present)
    data = _write(lines, fmt, present)
    xml = fmt == ox.RdfFormat.RDF_XML
    unused = {p for p in present if not _uses_prefix(data, p, xml=xml)}
    data = _sorted_declarations(data, fmt, drop=unused)
    if xml:
        data = data.replace(b"\r", b"&#13;")
        if not _uses_prefix(data, "its", xml=True):
            data = data.replace(_ITS, b"", 1)
        if not data.endswith(b"\n"):
            data += b"\n"
    return _escape_c1(data, fmt)


def _sorted_lines(triples: Iterable[ox.Triple | ox.Quad] | bytes, *, keep_graphs: bool) -> bytes:
    """Canonical N-Triples (N-Quads): canonical blank-node labels, sorted lines, no duplicate.

    The heavy work (writing, parsing, canonicalising, sorting) runs in Oxigraph and in C; a
    sorted input (the N-Triples of an earlier call) is sorted again in linear time.
    """
    fmt = ox.RdfFormat.N_QUADS if keep_graphs else ox.RdfFormat.N_TRIPLES
    if isinstance(triples, bytes):
        data: bytes | None = triples
    else:
        items: Any = list(triples)
        try:
            data = ox.serialize(items, format=fmt)
        except ValueError:  # quads in named graphs, written as triples: drop the graph names
            triples_only: Any = list(_in_default_graph(items))
            data = ox.serialize(triples_only, format=fmt)
    assert data is not None
    if b"_:" in data:  # maybe a blank node (or "_:" inside a literal: canonicalising is harmless)
        dataset = ox.Dataset(ox.parse(data, format=fmt))
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        data = ox.serialize(dataset, format=fmt)
        assert data is not None
    lines = data.split(b"\n")
    lines.sort()
    unique = [line for line, _ in itertools.groupby(lines) if line]
    return b"\n".join(unique) + b"\n" if unique else b""


def _in_default_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[ox.Triple | ox.Quad]:
    for t in triples:
        if isinstance(t, ox.Quad) and not isinstance(t.graph_name, ox.DefaultGraph):
            yield t.triple
        else:
            yield t


def _write(lines: bytes, fmt: ox.RdfFormat, prefixes: Mapping[str, str]) -> bytes:
    source = ox.RdfFormat.N_QUADS if fmt.supports_datasets else ox.RdfFormat.N_TRIPLES
    data = ox.serialize(ox.parse(lines, format=source), format=fmt, prefixes=dict(prefixes))
    assert data is not None
    return data


def _sorted_declarations(data: bytes, fmt: ox.RdfFormat, *, drop: set[str]) -> bytes:
    """Write the prefix declarations in a fixed order, without the unused ones in ``drop``.

    (The writer's order is not specified; an unused declaration can go without changing
    anything else.)
    """
    names = {p.encode() for p in drop}
    if fmt == ox.RdfFormat.RDF_XML:
        root = re.search(rb"<rdf:RDF( [^>]*)>", data)
        if root is None:
            return data
        attributes = sorted(
            a
            for a in re.findall(rb' [\w:.-]+="[^"]*"', root.group(1))
            if not (a.startswith(b" xmlns:") and a[7:].split(b"=", 1)[0] in names)
        )
        return data[: root.start(1)] + b"".join(attributes) + data[root.end(1) :]
    header, body = _split_header(data)
    declarations = [
        line for line in header.splitlines(keepends=True) if line[8:].split(b":", 1)[0] not in names
    ]
    return b"".join(sorted(declarations)) + body


def _split_header(data: bytes) -> tuple[bytes, bytes]:
    """Split Turtle/TriG output into its leading ``@prefix`` lines and the rest."""
    end = 0
    while data.startswith(b"@prefix ", end):
        end = data.index(b"\n", end) + 1
    return data[:end], data[end:]


def _uses_prefix(data: bytes, prefix: str, *, xml: bool = False) -> bool:
    """Whether the serialized ``data`` writes a name with ``prefix`` (outside its declaration).

    Oxigraph's writers put a prefixed name at the start of a line or after a space, a tab or
    ``^^`` (Turtle), and after ``<``, ``</`` or a space (RDF/XML element and attribute names).
    """
    name = prefix.encode() + b":"
    if xml:
        root = re.search(rb"<rdf:RDF[^>]*>", data)
        body = data[root.end() :] if root else data
        return any(before + name in body for before in (b"<", b"/", b" "))
    body = b"\n" + _split_header(data)[1]
    return any(before + name in body for before in (b"\n", b" ", b"\t", b"^^", b"(", b"["))


def _check_xml(lines: bytes) -> None:
    if b"\\u" not in lines:
        return
    match = _NOT_XML.search(lines)
    if match is None:
        return
    start = lines.rfind(b"\n", 0, match.start()) + 1
    line = lines[start : lines.find(b"\n", match.start())].decode("utf-8", "replace")
    subject, predicate = line.split(" ", 2)[:2]
    raise ExportError(
        f"cannot write RDF/XML: the literal of {subject} {predicate} holds the control "
        f"character U+{match.group()[-4:].decode().upper()}, which XML 1.0 cannot represent; "
        "remove it from the data or write Turtle, N-Triples or JSON-LD, which escape it"
    )


# ------------------------------------------------------------------------------------ JSON-LD
def _json_ld(data: bytes, lines: bytes, present: Mapping[str, str]) -> bytes:
    """Oxigraph's (expanded) JSON-LD of the sorted triples, compacted with the prefixes it uses.

    Object keys (predicates) and the values of ``@id`` and ``@type`` are shortened to
    ``prefix:local``; literal values are never touched: in Oxigraph's compact output a key is
    the only string right after ``{`` or ``,``, and a quote inside a string is escaped.
    """
    used: list[str] = []
    for prefix, ns in sorted(present.items(), key=lambda item: -len(item[1])):
        if b"<" + prefix.encode() + b":" in lines:
            continue  # an IRI with this scheme would be read as a prefixed name
        namespace = ns.encode()
        replaced = False
        for before in (b',"', b'{"', b'"@id":"', b'"@type":"'):
            if before + namespace + b"//" in data:
                break  # "prefix://..." would read as an IRI: keep this namespace expanded
        else:
            for before in (b',"', b'{"', b'"@id":"', b'"@type":"'):
                if before + namespace in data:
                    data = data.replace(before + namespace, before + prefix.encode() + b":")
                    replaced = True
        if replaced:
            used.append(prefix)
    context = json.dumps({p: present[p] for p in sorted(used)}, indent=1)
    document = b'{"@context":' + context.encode() + b',\n"@graph":' + data + b"}\n"
    return _escape_c1(document.replace(b'},{"@id"', b'},\n{"@id"'), ox.RdfFormat.JSON_LD)
