"""Guards against RDF/XML and JSON-LD that would exhaust the parser (entities, depth, IRIs).

Run by :func:`~govgraph.io.parse_source` before Oxigraph parses a document: billion-laughs
entity expansion, element or JSON nesting deep enough to slow the parser down quadratically or
crash it, and JSON-LD ``@id`` values that are not IRIs (the node would be dropped silently).
"""

from __future__ import annotations

import re

from .._exceptions import ParseError

__all__ = [
    "MAX_ENTITY_EXPANSION",
    "MAX_JSON_LD_DEPTH",
    "MAX_XML_DEPTH",
    "MAX_XML_TEXT",
    "check_json_ld_safety",
    "check_xml_safety",
]

#: Deepest element nesting accepted in RDF/XML (Oxigraph's RDF/XML parser slows down
#: quadratically with depth; real data stays far below this).
MAX_XML_DEPTH = 2_000
#: Largest text an XML entity may expand to (billion-laughs guard).
MAX_ENTITY_EXPANSION = 1_000_000
#: Longest text (one literal) accepted in RDF/XML: the limit Oxigraph's other parsers apply to
#: a single token (16 MiB).
MAX_XML_TEXT = 16 * 1024 * 1024
#: Deepest nesting of JSON arrays and objects accepted in JSON-LD. Oxigraph's JSON-LD parser
#: needs memory that grows with the square of the depth and crashes (SIGSEGV) at a few thousand
#: levels; real documents stay far below this. The environment variable
#: ``GOVGRAPH_MAX_JSON_LD_DEPTH`` overrides it (read at each parse).
MAX_JSON_LD_DEPTH = 1_000
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.DOTALL)
_IRI_KEYS = ("@id", "@type", "@vocab", "@base")
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


class _XmlRefused(Exception):
    def __init__(self, reason: str, line: int | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.line = line


def check_xml_safety(data: bytes, *, name: str = "<bytes>") -> None:
    """Refuse RDF/XML that would read files, fetch URLs or explode in memory.

    Runs a fast expat pass before the real parser: external entities (``SYSTEM``/``PUBLIC``)
    are refused, internal entities may not expand beyond ``MAX_ENTITY_EXPANSION`` characters
    (billion laughs), elements may not nest deeper than ``MAX_XML_DEPTH`` and one text node may
    not be longer than ``MAX_XML_TEXT`` characters.

    Raises:
        ParseError: Naming the file, the line and the reason.
    """
    import xml.parsers.expat as expat

    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    values: dict[str, str] = {}
    sizes: dict[str, int] = {}
    reference = re.compile(r"&([A-Za-z_][\w.-]*);")
    depth = 0
    text_length = 0

    def expanded(entity: str, seen: tuple[str, ...] = ()) -> int:
        if entity in sizes:
            return sizes[entity]
        if entity in seen:
            raise _XmlRefused(f"entity {entity!r} refers to itself", parser.CurrentLineNumber)
        text = values.get(entity, "")
        total = len(reference.sub("", text))
        for ref in reference.findall(text):
            total += expanded(ref, (*seen, entity))
            if total > MAX_ENTITY_EXPANSION:
                break
        sizes[entity] = total
        return total

    def on_entity(
        entity: str,
        is_parameter: bool,
        value: str | None,
        base: str | None,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        line = parser.CurrentLineNumber
        if system_id or public_id or is_parameter:
            raise _XmlRefused(
                f"external or parameter entity {entity!r} is not allowed (it could read a local "
                "file or contact a server)",
                line,
            )
        values[entity] = value or ""
        if expanded(entity) > MAX_ENTITY_EXPANSION:
            raise _XmlRefused(
                f"entity {entity!r} expands to more than {MAX_ENTITY_EXPANSION:,} characters "
                "(an entity-expansion bomb?)",
                line,
            )

    def on_start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal depth, text_length
        depth += 1
        text_length = 0
        if depth > MAX_XML_DEPTH:
            raise _XmlRefused(
                f"elements nest deeper than {MAX_XML_DEPTH:,} levels", parser.CurrentLineNumber
            )

    def on_end(tag: str) -> None:
        nonlocal depth, text_length
        depth -= 1
        text_length = 0

    def on_text(text: str) -> None:
        nonlocal text_length
        text_length += len(text)
        if text_length > MAX_XML_TEXT:
            raise _XmlRefused(
                f"a text node is too large (more than {MAX_XML_TEXT:,} characters)",
                parser.CurrentLineNumber,
            )

    parser.EntityDeclHandler = on_entity
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = on_text
    try:
        parser.Parse(data, True)
    except _XmlRefused as exc:
        raise ParseError(
            source=name,
            reason=f"unsafe XML refused: {exc.reason}",
            line=exc.line,
            hint="such input is refused for safety (see the security page of the docs)",
        ) from None
    except expat.ExpatError as exc:
        raise ParseError(
            source=name,
            reason=f"not well-formed XML ({expat.ErrorString(exc.code)})",
            line=exc.lineno,
            column=exc.offset + 1,
        ) from None


def check_json_ld_safety(
    data: bytes, *, name: str = "<bytes>", max_depth: int | None = None
) -> None:
    """Refuse JSON-LD nested too deeply, or holding IRIs the parser would drop silently.

    The depth is measured in one linear pass before anything is parsed (a 60,000-level file is
    refused in milliseconds). IRIs (``@id``, ``@type``, ``@vocab``, ``@base``) with spaces or
    other characters IRIs may not hold would make Oxigraph drop the node and everything in it
    without a word; they are refused instead.

    Examples:
        >>> from govgraph import ParseError
        >>> check_json_ld_safety(b'{"@id": "http://example.org/a", "name": "A"}') is None
        True
        >>> try:
        ...     check_json_ld_safety(b'{"@id": "http://example.org/a b"}')
        ... except ParseError as exc:
        ...     print(exc.line, exc.reason.split(" (")[0])
        1 the JSON-LD @id 'http://example.org/a b' is not a valid IRI
        >>> try:
        ...     check_json_ld_safety(b'[[[["deep"]]]]', max_depth=3)
        ... except ParseError as exc:
        ...     print(exc.reason)
        JSON-LD nested more than 3 levels deep

    Raises:
        ParseError: Naming the file, the line and the depth or the IRI.
    """
    import json

    limit = _json_depth_limit() if max_depth is None else max_depth
    depth = 0
    for match in _JSON_TOKEN.finditer(data):
        char = data[match.start()]
        if char in b"[{":
            depth += 1
            if depth > limit:
                raise ParseError(
                    source=name,
                    reason=f"JSON-LD nested more than {limit:,} levels deep",
                    line=data.count(b"\n", 0, match.start()) + 1,
                    hint="such documents exhaust the parser's memory; flatten the document "
                    "(or raise GOVGRAPH_MAX_JSON_LD_DEPTH if you trust it)",
                )
        elif char in b"]}":
            depth -= 1
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        return  # not JSON (the parser reports it with its line), or deeper than Python reads
    todo = [document]
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, dict):
            for key, value in node.items():
                values = value if isinstance(value, list) else [value]
                if key in _IRI_KEYS:
                    for v in values:
                        if isinstance(v, str) and _BAD_IRI.search(v):
                            raise _bad_json_iri(data, name, key, v)
                todo.extend(v for v in values if isinstance(v, dict | list))


def _json_depth_limit() -> int:
    import os

    text = os.environ.get("GOVGRAPH_MAX_JSON_LD_DEPTH", "").strip()
    return int(text) if text.isdigit() else MAX_JSON_LD_DEPTH


def _bad_json_iri(data: bytes, name: str, key: str, value: str) -> ParseError:
    import json

    where = data.find(json.dumps(value, ensure_ascii=False).encode("utf-8"))
    return ParseError(
        source=name,
        reason=f"the JSON-LD {key} {value!r} is not a valid IRI (it holds a space, quote, brace "
        "or angle bracket), so the node would be dropped without a word",
        line=data.count(b"\n", 0, where) + 1 if where >= 0 else None,
        hint="percent-encode the character (a space is %20)",
    )
