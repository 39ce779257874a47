"""Values judged on their written form when the store answers queries with another form.

Oxigraph keeps typed literals by value (``"5"^^xsd:nonNegativeInteger`` as ``"5"^^xsd:integer``).
A lossless store (issue 16) keeps what was written beside it and maps query answers back, but an
answer is one term for every triple that holds the same value: when a value was written in
several forms (a headcount ``"4"^^xsd:nonNegativeInteger`` and a level ``4``), the answer can
only be the value form. A value check that fails on such an answer is therefore decided again on
the forms written in the focus node's own triples, read with :meth:`Store.quads` (one pass for
all such answers of a query). Stores that answer with what was written (``rewrites_literals``
false, or absent) never get here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ...store import VALUE_FORM_DATATYPES
from ._model import _Path

if TYPE_CHECKING:
    from ...store import Store

Key = tuple[str, str]


def rewrites(store: Store) -> bool:
    """True when ``store`` may answer with a literal in another form than written."""
    return bool(getattr(store, "rewrites_literals", False))


#: The datatypes of the value forms the embedded stores answer with: only a literal of one of
#: these can stand for another written form.
VALUE_FORMS = frozenset(URIRef(iri) for iri in VALUE_FORM_DATATYPES)


def resolvable(value: Node, path: _Path | None) -> bool:
    """A value-form literal reached through a predicate path: its written forms can be read."""
    return (
        isinstance(value, Literal)
        and value.datatype in VALUE_FORMS
        and path is not None
        and path.expr[0] == "iri"
    )


def _key(node: Node) -> str:
    if isinstance(node, BNode):
        return "_:" + str(node)
    return str(node)


def written_forms(store: Store, wanted: Iterable[tuple[Node, URIRef]]) -> dict[Key, list[Node]]:
    """The literals written as objects of each (subject, predicate) in ``wanted``."""
    import pyoxigraph as ox

    from ...io import ox_to_rdflib

    keys = {(_key(s), str(p)) for s, p in wanted}
    subjects = {s for s, _ in keys}
    found: dict[Key, list[Node]] = {}
    for quad in store.quads():
        obj = quad.object
        if not isinstance(obj, ox.Literal):
            continue
        subject = quad.subject
        if isinstance(subject, ox.BlankNode):
            name = "_:" + subject.value
        elif isinstance(subject, ox.NamedNode):
            name = subject.value
        else:
            continue
        if name not in subjects:
            continue
        key = (name, quad.predicate.value)
        if key in keys:
            found.setdefault(key, []).append(ox_to_rdflib(obj))
    return found


def matching(forms: dict[Key, list[Node]], focus: Node, path: _Path, value: Node) -> list[Node]:
    """The written forms of ``value`` among the focus node's values (``[value]`` if none)."""
    out = []
    for form in forms.get((_key(focus), str(path.expr[1])), []):
        if form == value:
            out.append(form)
            continue
        try:
            if isinstance(form, Literal) and form.eq(value):
                out.append(form)
        except (TypeError, ValueError):
            continue
    return out or [value]
