"""Serialising query answers from Oxigraph terms (runs in the worker processes).

SELECT answers are written as SPARQL 1.1 JSON here; XML and TSV are Oxigraph's own writers fed
with that JSON; CSV is written with the standard ``csv`` module. Graphs (CONSTRUCT, DESCRIBE) are
written by :func:`govgraph.io.serialize_rdf` (govgraph's prefixes, only those used).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from ..io import neutralise_cell, serialize_rdf

__all__ = ["serialize_boolean", "serialize_solutions", "serialize_triples"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RESULTS_FORMATS = {"xml": ox.QueryResultsFormat.XML, "tsv": ox.QueryResultsFormat.TSV}
_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "json-ld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):  # RDF 1.2 triple terms
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unsupported term {term!r}")


def _csv_value(term: Any) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term.value)
    return str(term)


def _solutions_json(variables: Sequence[str], rows: Sequence[Any]) -> bytes:
    bindings = [
        {
            name: _json_term(term)
            for name, term in zip(variables, row, strict=True)
            if term is not None
        }
        for row in rows
    ]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def serialize_solutions(
    variables: Sequence[str], rows: Sequence[Any], fmt: str, *, raw_csv: bool = False
) -> bytes:
    """Write SELECT solutions as ``json``, ``xml``, ``csv`` or ``tsv``.

    Each row holds one pyoxigraph term (or ``None`` when unbound) per variable, in order. CSV
    cells a spreadsheet would run as formulas get a leading ``'`` unless ``raw_csv``
    (:func:`govgraph.io.neutralise_cell`).
    """
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            cells = ["" if term is None else _csv_value(term) for term in row]
            writer.writerow(cells if raw_csv else [neutralise_cell(c) for c in cells])
        return buffer.getvalue().encode("utf-8")
    data = _solutions_json(variables, rows)
    if fmt == "json":
        return data
    parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    out = parsed.serialize(format=_RESULTS_FORMATS[fmt])
    assert out is not None
    return out


def serialize_boolean(value: bool, fmt: str) -> bytes:
    """Write an ASK answer as ``json``, ``xml``, ``csv`` or ``tsv``.

    The CSV and TSV result formats define no ASK answer; these write a one-cell table.
    """
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head></head><boolean>{word}</boolean></sparql>\n"
        ).encode()
    if fmt == "tsv":  # no standard form: a one-variable table, readable by TSV parsers
        return f"?boolean\n{word}\n".encode()
    return f"boolean\r\n{word}\r\n".encode()


def serialize_triples(triples: Sequence[Any], fmt: str) -> bytes:
    """Write CONSTRUCT/DESCRIBE triples as ``turtle``, ``nt``, ``json-ld`` or ``xml``.

    Written by :func:`govgraph.io.serialize_rdf`: stable bytes, only the prefixes used, control
    characters escaped.

    Raises:
        ExportError: RDF/XML asked for a literal XML 1.0 cannot carry.
    """
    plain = [ox.Triple(t.subject, t.predicate, t.object) for t in triples]
    return serialize_rdf(plain, format=_GRAPH_FORMATS[fmt])
