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

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from .._exceptions import ExportError
from ..namespace import PREFIXES
from ._terms import rdf_format

__all__ = ["serialize_rdf"]

#: Characters XML 1.0 cannot represent, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_ITS = b' xmlns:its="http://www.w3.org/2005/11/its"'
#: DEL and the C1 controls (U+007F-U+009F) in UTF-8; they only occur inside literals.
_C1 = re.compile(b"\x7f|\xc2[\x80-\x9f]")


def _escape_c1(data: bytes, fmt: ox.RdfFormat) -> bytes:
    """Escape DEL and C1 control characters, which the writers leave raw."""

    def escape(match: re.Match[bytes]) -> bytes:
        code = ord(match.group().decode("utf-8"))
        return (f"&#x{code:X};" if fmt == ox.RdfFormat.RDF_XML else f"\\u{code:04X}").encode()

    return _C1.sub(escape, data)


def _format(format: str | ox.RdfFormat) -> ox.RdfFormat:
    return format if isinstance(format, ox.RdfFormat) else rdf_format(format)


def serialize_rdf(
    triples: Iterable[ox.Triple | ox.Quad],
    *,
    format: str | ox.RdfFormat = "turtle",
    prefixes: Mapping[str, str] | None = None,
) -> bytes:
    """Serialize triples (or quads) with stable bytes, used prefixes only and safe characters.

    Args:
        triples: pyoxigraph triples or quads. Graph names are kept for TriG and N-Quads and
            dropped (merged into one graph) for the triple formats.
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

    Example:
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
    quads = _canonical(triples, keep_graphs=fmt.supports_datasets)
    if fmt == ox.RdfFormat.RDF_XML:
        _check_xml(quads)
    if fmt == ox.RdfFormat.JSON_LD:
        return _json_ld(quads, candidates)
    items: list[Any] = quads if fmt.supports_datasets else [q.triple for q in quads]
    if fmt == ox.RdfFormat.N_TRIPLES or fmt == ox.RdfFormat.N_QUADS:
        data = ox.serialize(items, format=fmt)
        assert data is not None
        return _escape_c1(data, fmt)
    used = _candidates_present(quads, candidates)
    data = ox.serialize(items, format=fmt, prefixes=used)
    assert data is not None
    unused = {p for p in used if not _uses_prefix(data, p, xml=fmt == ox.RdfFormat.RDF_XML)}
    if unused:
        used = {p: ns for p, ns in used.items() if p not in unused}
        data = ox.serialize(items, format=fmt, prefixes=used)
        assert data is not None
    data = _sorted_declarations(data, fmt)
    if fmt == ox.RdfFormat.RDF_XML:
        data = data.replace(b"\r", b"&#13;")
        if not _uses_prefix(data, "its", xml=True):
            data = data.replace(_ITS, b"", 1)
        if not data.endswith(b"\n"):
            data += b"\n"
    return _escape_c1(data, fmt)


def _sorted_declarations(data: bytes, fmt: ox.RdfFormat) -> bytes:
    """Write the prefix declarations in a fixed order (the writer's order is not specified)."""
    if fmt == ox.RdfFormat.RDF_XML:
        root = re.search(rb"<rdf:RDF( [^>]*)>", data)
        if root is None:
            return data
        attributes = sorted(re.findall(rb' [\w:.-]+="[^"]*"', root.group(1)))
        return data[: root.start(1)] + b"".join(attributes) + data[root.end(1) :]
    lines = data.split(b"\n")
    count = 0
    while count < len(lines) and lines[count].startswith(b"@prefix "):
        count += 1
    return b"\n".join(sorted(lines[:count]) + lines[count:])


def _canonical(triples: Iterable[ox.Triple | ox.Quad], *, keep_graphs: bool) -> list[ox.Quad]:
    """Return the quads with canonical blank-node labels, without duplicates, sorted."""
    quads: list[ox.Quad] = []
    blank = False
    for t in triples:
        graph = t.graph_name if keep_graphs and isinstance(t, ox.Quad) else ox.DefaultGraph()
        quad = ox.Quad(t.subject, t.predicate, t.object, graph)
        blank = blank or isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
        quads.append(quad)
    if blank or isinstance(quads and quads[0].graph_name, ox.BlankNode):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(dataset)
    else:
        quads = list(dict.fromkeys(quads))
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


def _iris(quads: list[ox.Quad]) -> set[str]:
    iris: set[str] = set()
    for q in quads:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    return iris


def _candidates_present(quads: list[ox.Quad], candidates: Mapping[str, str]) -> dict[str, str]:
    iris = _iris(quads)
    return {p: ns for p, ns in candidates.items() if any(i.startswith(ns) for i in iris)}


def _uses_prefix(data: bytes, prefix: str, *, xml: bool = False) -> bool:
    """Whether the serialized ``data`` writes a name with ``prefix`` (outside its declaration)."""
    name = re.escape(prefix.encode())
    if xml:
        body = re.sub(rb'xmlns:[\w.-]+="[^"]*"', b"", data)
        return re.search(rb"[<\s/]" + name + rb":", body) is not None
    body = b"\n".join(
        line for line in data.split(b"\n") if not line.startswith((b"@prefix ", b"PREFIX "))
    )
    return re.search(rb"(?<![\w.:-])" + name + rb":", body) is not None


def _check_xml(quads: list[ox.Quad]) -> None:
    for q in quads:
        if isinstance(q.object, ox.Literal) and _NOT_XML.search(q.object.value):
            char = _NOT_XML.search(q.object.value)
            assert char is not None
            raise ExportError(
                f"cannot write RDF/XML: the literal of {q.subject} {q.predicate} holds the "
                f"control character U+{ord(char.group()):04X}, which XML 1.0 cannot represent; "
                "remove it from the data or write Turtle, N-Triples or JSON-LD, which escape it"
            )


# ------------------------------------------------------------------------------------ JSON-LD
def _json_ld(quads: list[ox.Quad], candidates: Mapping[str, str]) -> bytes:
    """Oxigraph's (expanded) JSON-LD of the sorted quads, compacted with the prefixes it uses."""
    data = ox.serialize(quads, format=ox.RdfFormat.JSON_LD)
    assert data is not None
    document = json.loads(data)
    iris = _iris(quads)
    # A prefix whose name is also the scheme of an IRI in the data would change that IRI.
    schemes = {i.split(":", 1)[0] for i in iris}
    context = {
        p: ns
        for p, ns in _candidates_present(quads, candidates).items()
        if p not in schemes and not p.startswith("@")
    }
    used: set[str] = set()

    def shrink(iri: str) -> str:
        best = ""
        for prefix, ns in context.items():
            if iri.startswith(ns) and len(ns) > len(context.get(best, "")):
                local = iri[len(ns) :]
                if local and not local.startswith("//"):
                    best = prefix
        if not best:
            return iri
        used.add(best)
        return f"{best}:{iri[len(context[best]) :]}"

    def compact(value: Any, key: str | None = None) -> Any:
        if isinstance(value, list):
            return [compact(v, key) for v in value]
        if isinstance(value, dict):
            out: dict[str, Any] = {}
            for k, v in value.items():
                if k in ("@id", "@type") and isinstance(v, str):
                    out[k] = shrink(v) if not v.startswith("_:") else v
                elif k.startswith("@"):
                    out[k] = compact(v, k)
                else:
                    out[shrink(k)] = compact(v, k)
            return out
        return value

    nodes = compact(document)
    graphs = nodes if isinstance(nodes, dict) and "@graph" in nodes else {"@graph": nodes}
    result = {"@context": {p: context[p] for p in sorted(used)}, **graphs} if used else graphs
    text = json.dumps(result, ensure_ascii=False, indent=2)
    return _escape_c1((text + "\n").encode("utf-8"), ox.RdfFormat.JSON_LD)
