"""String-based constraint components (SHACL 4.4): lengths, patterns, languages."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from rdflib import RDF, SH, XSD, BNode, Graph, Literal
from rdflib.term import Node

from ._common import (
    NotCompilableError,
    _data_stringify,
    _lexical_value,
    _message,
    _select,
    _sparql_term,
)
from ._context import _Context
from ._model import _Check, _Path, _Raw, _ValueConstraint
from .paths import _path_pattern

if TYPE_CHECKING:
    from ...store import Store


def _value_string(v: Node) -> str:
    """Pyshacl's ``value_node_to_string``."""
    if isinstance(v, Literal):
        if v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            return str(v.value)
        return str(v)
    return str(v)


# Regular expression syntax whose XPath (SPARQL) and Python meanings agree closely enough that a
# SPARQL match implies a Python match; other patterns are decided entirely in Python.
_UNSAFE_REGEX = re.compile(r"\\[wWsSbBAZzpPuUx0-9]|\(\?|\[\[|&&|--")


def _pattern_constraint(patterns: list[Node], flags: Node | None) -> _ValueConstraint:
    compiled = []
    flag_text = str(flags.value).lower() if isinstance(flags, Literal) else ""
    re_flags = (re.I if "i" in flag_text else 0) | (re.M if "m" in flag_text else 0)
    for p in patterns:
        if not isinstance(p, Literal):
            raise NotCompilableError("sh:pattern must be a literal")
        text = str(p.value) if p.value is not None and len(p.value) > 1 else str(p)
        try:
            compiled.append(re.compile(text, re_flags))
        except re.error as exc:
            raise NotCompilableError(
                f"sh:pattern {text!r} is not a valid expression: {exc}"
            ) from exc
    sparql_flags = "".join(f for f in "im" if f in flag_text)
    safe = all(not _UNSAFE_REGEX.search(c.pattern) for c in compiled)
    if safe:
        condition = "isBlank(?v) || " + " || ".join(
            f"!REGEX(STR(?v), {_sparql_term(Literal(c.pattern))}, {_sparql_term(Literal(sparql_flags))})"
            for c in compiled
        )
    else:
        condition = "true"

    def violates(v: Node) -> bool:
        if isinstance(v, BNode):
            return True
        text = _value_string(v)
        return any(not (c.match(text) or c.search(text)) for c in compiled)

    if len(patterns) < 2:
        message = f"Value does not match pattern '{_lexical_value(patterns[0])}'"
    else:
        joined = "', '".join(_lexical_value(p) for p in patterns)
        message = f"Value does not match every pattern in ('{joined}')"
    return _ValueConstraint(
        component=SH.PatternConstraintComponent,
        prefilter=lambda ctx: condition + ctx.rewritten,
        violates=violates,
        message=lambda f, v, g: message,
    )


def _language_constraint(
    shapes: Graph, languages: Node, sg: Callable[[Node], str]
) -> _ValueConstraint:
    need: set[str] = set()
    for item in shapes.items(languages):
        if not isinstance(item, Literal) or not isinstance(item.value, str):
            raise NotCompilableError("sh:languageIn members must be strings")
        need.add(str(item.value).lower())
    wildcard = "*" in need

    def ok(v: Node) -> bool:
        if isinstance(v, Literal) and v.language:
            lang = str(v.language).lower()
            return wildcard or lang in need or lang.split("-")[0] in need
        return False

    listed = ", ".join(_sparql_term(Literal(x)) for x in sorted(need)) or '""'
    if wildcard:
        condition = '!isLiteral(?v) || LANG(?v) = ""'
    else:
        condition = (
            '!isLiteral(?v) || LANG(?v) = "" || !(LCASE(LANG(?v)) IN ('
            + listed
            + ') || LCASE(IF(CONTAINS(LANG(?v), "-"), STRBEFORE(LANG(?v), "-"), LANG(?v))) IN ('
            + listed
            + "))"
        )
    text = f"String language is not in {sg(languages)}"
    return _ValueConstraint(
        component=SH.LanguageInConstraintComponent,
        prefilter=lambda ctx: condition + ctx.rewritten,
        violates=lambda v: not ok(v),
        message=lambda f, v, g: text,
    )


def _length_constraint(bound: Node, longer: bool) -> _ValueConstraint:
    if not isinstance(bound, Literal) or not isinstance(bound.value, int) or bound.value < 0:
        raise NotCompilableError("sh:minLength/sh:maxLength must be a non-negative integer")
    n = int(bound.value)

    def violates(v: Node) -> bool:
        if longer:
            return isinstance(v, BNode) or len(_value_string(v)) > n
        if n == 0:
            return False
        return isinstance(v, BNode) or len(_value_string(v)) < n

    if longer:
        condition = f"isBlank(?v) || STRLEN(STR(?v)) > {n}"
        component = SH.MaxLengthConstraintComponent
        word = "<="
    else:
        condition = "false" if n == 0 else f"isBlank(?v) || STRLEN(STR(?v)) < {n}"
        component = SH.MinLengthConstraintComponent
        word = ">="
    return _ValueConstraint(
        component=component,
        prefilter=lambda ctx: condition + ctx.rewritten,
        violates=violates,
        message=lambda f, v, g: f"String length not {word} {_data_stringify(bound, g)}",
    )


def _run_unique_lang(
    store: Store, ctx: _Context, focus: str, path: _Path | None, checks: list[_Check]
) -> Iterator[tuple[_Check, _Raw]]:
    """sh:uniqueLang of checks sharing focus nodes and path (one pass)."""
    unique = [c for c in checks if c.unique_lang]
    if unique:
        query = (
            f"SELECT DISTINCT ?this WHERE {{ {focus} {_path_pattern(ctx, path, '?u1')} "
            f"{_path_pattern(ctx, path, '?u2')} FILTER(isLiteral(?u1) && isLiteral(?u2) && "
            'LANG(?u1) != "" && LCASE(LANG(?u1)) = LCASE(LANG(?u2)) && !sameTerm(?u1, ?u2)) }'
        )
        for row in _select(store, query):
            for check in unique:
                generic = "More than one String shares the same Language"
                yield (
                    check,
                    _Raw(
                        row["this"],
                        None,
                        SH.UniqueLangConstraintComponent,
                        _message(check, generic),
                    ),
                )
