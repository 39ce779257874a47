"""Exact literals beside Oxigraph: what goes into an embedded store comes out as written.

Oxigraph stores typed literals by value (its issue 526): ``"5"^^xsd:nonNegativeInteger`` is
kept as ``"5"^^xsd:integer``, ``"1.50"^^xsd:decimal`` as ``"1.5"``, and ``"1.0"`` and ``"1.00"``
become one triple. The SPARQL engine needs that value form (``FILTER(?x > 1)``, ``ORDER BY``,
``=`` compare values), so the default graph keeps it, and an *exact-term table* beside it keeps
what was written, in two reserved named graphs of the same Oxigraph store (so written in the
same transaction, persisted with a disk store, invisible to queries):

* ``EXACT_GRAPH`` holds, for each triple whose literal Oxigraph would rewrite, the triple with
  the literal as written, its datatype IRI prefixed with ``EXACT_DATATYPE`` (a datatype Oxigraph
  does not know, so it keeps the literal untouched);
* ``REPLACED_GRAPH`` holds the value-form triples of the default graph that stand for those
  exact triples (when a value-form triple was also written as such, its exact form is recorded
  too, so nothing is lost when several written literals share one value).

Reading (:meth:`ExactTerms.quads`, hence ``to_rdflib``, ``export``, ``count``) puts the written
literals back in place of the value-form triples; query answers map a value-form literal back to
its written form when that form is unambiguous in the store (see :meth:`ExactTerms.term_map`).

Cost: literals of the rewritten datatypes (numbers, booleans, dates and times, durations) are
checked on load: a dictionary lookup when already seen, else one insert into a scratch store
(Oxigraph tells its own value form); each rewritten literal adds two quads. Data without such
literals pays one type check per triple.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

__all__ = [
    "EXACT_DATATYPE",
    "EXACT_GRAPH",
    "REPLACED_GRAPH",
    "REWRITTEN_FUNCTION",
    "VALUE_FORM_DATATYPES",
    "ExactTerms",
]

EXACT_GRAPH = ox.NamedNode("urn:x-govgraph:store:exact-terms")
REPLACED_GRAPH = ox.NamedNode("urn:x-govgraph:store:value-terms")
#: Prefix of the datatype IRI under which an exact literal is kept.
EXACT_DATATYPE = "urn:x-govgraph:store:exact-datatype:"
RESERVED_GRAPHS = (EXACT_GRAPH, REPLACED_GRAPH)
#: A SPARQL function of the embedded stores: ``<urn:x-govgraph:store:rewritten>(?v)`` is true
#: when ``?v`` is a value form standing for a literal written otherwise in some triple, so that
#: ``DATATYPE(?v)`` or ``STR(?v)`` may differ from what was written; a query can then let such
#: values through to be judged on their written form.
REWRITTEN_FUNCTION = "urn:x-govgraph:store:rewritten"
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
_FALSE = ox.Literal("false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: The datatypes of the value forms Oxigraph answers with (every integer type becomes
#: xsd:integer, ...): only a literal of one of these can stand for another written form.
VALUE_FORM_DATATYPES = frozenset(
    _XSD + name
    for name in [
        "integer",
        "decimal",
        "float",
        "double",
        "boolean",
        "dateTime",
        "date",
        "time",
        "gYear",
        "gYearMonth",
        "gMonth",
        "gMonthDay",
        "gDay",
        "duration",
        "yearMonthDuration",
        "dayTimeDuration",
    ]
)
#: Datatypes whose literals Oxigraph may store in another form (measured with pyoxigraph 0.5).
REWRITTEN_DATATYPES = VALUE_FORM_DATATYPES | frozenset(
    _XSD + name
    for name in [
        "dateTimeStamp",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    ]
)
_XSD_INTEGER = _XSD + "integer"
_CANONICAL_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")
_CACHE_LIMIT = 200_000
_KEY = ox.NamedNode("urn:x-govgraph:store:key")

Key = tuple[object, object, object]


def _encode(literal: ox.Literal) -> ox.Literal:
    return ox.Literal(literal.value, datatype=ox.NamedNode(EXACT_DATATYPE + literal.datatype.value))


def _decode(literal: ox.Literal) -> ox.Literal:
    return ox.Literal(
        literal.value, datatype=ox.NamedNode(literal.datatype.value[len(EXACT_DATATYPE) :])
    )


class ExactTerms:
    """The exact-term table of one Oxigraph store (see the module documentation).

    Args:
        store: The ``pyoxigraph.Store`` holding the data in its default graph.
    """

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._scratch = ox.Store()
        self._canonical: dict[ox.Literal, ox.Literal] = {}
        self._map: dict[ox.Literal, ox.Literal] | None = None
        self._rewritten: frozenset[ox.Literal] | None = None

    def release(self) -> None:
        """Drop the store (a traceback may keep this object alive after the store is closed)."""
        self._store = None  # type: ignore[assignment]

    # ------------------------------------------------------------------ value forms
    def canonical(self, literal: ox.Literal) -> ox.Literal:
        """Return the form Oxigraph stores ``literal`` in (itself when it is kept as written)."""
        known = self._canonical.get(literal)
        if known is not None:
            return known
        if _CANONICAL_INTEGER.fullmatch(literal.value) and literal.datatype.value == _XSD_INTEGER:
            return literal
        # One scratch quad per literal: Store.clear() or remove() would cost a transaction each.
        key = ox.NamedNode(f"urn:x-govgraph:store:literal:{len(self._canonical)}")
        self._scratch.add(ox.Quad(key, _KEY, literal))
        value: ox.Literal = next(iter(self._scratch.quads_for_pattern(key, _KEY, None))).object  # type: ignore[assignment]
        if len(self._canonical) >= _CACHE_LIMIT:
            self._canonical.clear()
            self._scratch = ox.Store()
        self._canonical[literal] = value
        return value

    def _has(self, graph: ox.NamedNode) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is not None

    def rewritten_values(self) -> frozenset[ox.Literal]:
        """Value forms standing for a literal written otherwise in at least one triple."""
        if self._rewritten is None:
            self._rewritten = frozenset(c for (_, _, c) in self._variants())  # type: ignore[misc]
        return self._rewritten

    def is_rewritten(self, term: object) -> ox.Literal:
        """The :data:`REWRITTEN_FUNCTION` of queries (a SPARQL boolean)."""
        return _TRUE if term in self.rewritten_values() else _FALSE

    def active(self) -> bool:
        """True when some stored literal differs from its value form."""
        return self._has(REPLACED_GRAPH)

    def _replaced(self, key: Key) -> bool:
        s, p, o = key
        return any(True for _ in self._store.quads_for_pattern(s, p, o, REPLACED_GRAPH))  # type: ignore[arg-type]

    # ------------------------------------------------------------------------ writing
    def wrap(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        """Yield ``quads`` (all in the default graph), plus the exact-term quads they need.

        Give the result to one ``Store.extend`` call, so the data and its exact terms are
        written in one transaction.
        """
        self._map = self._rewritten = None
        rewritten = REWRITTEN_DATATYPES
        literal_type = ox.Literal
        any_replaced = self._has(REPLACED_GRAPH)
        pending: set[Key] = set()  # value-form triples replaced during this load
        written_as_value: set[int] = set()  # hashes of value-form triples written so in this load
        for quad in quads:
            o = quad.object
            if type(o) is not literal_type or o.datatype.value not in rewritten:
                yield quad
                continue
            yield from self._literal(quad, o, pending, written_as_value, any_replaced)

    def _literal(
        self,
        quad: ox.Quad,
        o: ox.Literal,
        pending: set[Key],
        written_as_value: set[int],
        any_replaced: bool,
    ) -> Iterator[ox.Quad]:
        s, p = quad.subject, quad.predicate
        c = self.canonical(o)
        key = (s, p, c)
        if c == o:  # kept as written
            if (pending or any_replaced) and (
                key in pending or (any_replaced and self._replaced(key))
            ):
                yield ox.Quad(s, p, _encode(o), EXACT_GRAPH)
            written_as_value.add(hash(key))
            yield quad
            return
        if key not in pending and not (any_replaced and self._replaced(key)):
            if hash(key) in written_as_value or ox.Quad(s, p, c) in self._store:
                yield ox.Quad(s, p, _encode(c), EXACT_GRAPH)
            pending.add(key)
            yield ox.Quad(s, p, c, REPLACED_GRAPH)
        yield ox.Quad(s, p, _encode(o), EXACT_GRAPH)
        yield quad

    # ------------------------------------------------------------------------ reading
    def _variants(self) -> dict[Key, list[ox.Literal]]:
        """Exact literals per value-form triple they stand for."""
        variants: dict[Key, list[ox.Literal]] = {}
        for quad in self._store.quads_for_pattern(None, None, None, EXACT_GRAPH):
            exact = _decode(quad.object)  # type: ignore[arg-type]
            key = (quad.subject, quad.predicate, self.canonical(exact))
            variants.setdefault(key, []).append(exact)
        return variants

    def quads(self) -> Iterator[ox.Quad]:
        """Iterate over the default graph with every literal as it was written."""
        default = ox.DefaultGraph()
        data = self._store.quads_for_pattern(None, None, None, default)
        if not self._has(REPLACED_GRAPH):
            yield from data
            return
        variants = self._variants()
        for quad in data:
            o = quad.object
            if type(o) is ox.Literal:
                exact = variants.get((quad.subject, quad.predicate, o))
                if exact is not None:
                    for literal in exact:
                        yield ox.Quad(quad.subject, quad.predicate, literal)
                    continue
            yield quad

    def extra(self) -> int:
        """How many more triples the exact view has than the default graph."""
        if not self._has(REPLACED_GRAPH):
            return 0
        exact = sum(1 for _ in self._store.quads_for_pattern(None, None, None, EXACT_GRAPH))
        replaced = sum(1 for _ in self._store.quads_for_pattern(None, None, None, REPLACED_GRAPH))
        return exact - replaced

    def term_map(self) -> dict[ox.Literal, ox.Literal]:
        """Value-form literal to written literal, for the literals that have one written form.

        A value form is left out (answers keep it) when several written literals share it, or
        when it was also written as such in a triple of its own: a query answer does not say
        which triple a term came from.
        """
        if self._map is not None:
            return self._map
        mapping: dict[ox.Literal, ox.Literal] = {}
        if self._has(REPLACED_GRAPH):
            forms: dict[ox.Literal, set[ox.Literal]] = {}
            keys: dict[ox.Literal, set[tuple[object, object]]] = {}
            for (s, p, c), exact in self._variants().items():
                forms.setdefault(c, set()).update(exact)  # type: ignore[arg-type]
                keys.setdefault(c, set()).add((s, p))  # type: ignore[arg-type]
            for c, written in forms.items():
                if len(written) != 1:
                    continue
                (only,) = written
                if only == c:
                    continue
                uses = self._store.quads_for_pattern(None, None, c, ox.DefaultGraph())
                if all((q.subject, q.predicate) in keys[c] for q in uses):
                    mapping[c] = only
        self._map = mapping
        return mapping

    def graph_answer(self, triples: Iterable[ox.Triple]) -> Iterator[ox.Triple]:
        """Map the triples of a CONSTRUCT/DESCRIBE answer back to the written literals."""
        if not self._has(REPLACED_GRAPH):
            yield from triples
            return
        variants = self._variants()
        mapping = self.term_map()
        for t in triples:
            o = t.object
            if type(o) is ox.Literal:
                exact = variants.get((t.subject, t.predicate, o))
                if exact is not None:
                    for literal in exact:
                        yield ox.Triple(t.subject, t.predicate, literal)
                    continue
                o = mapping.get(o, o)
            yield ox.Triple(t.subject, t.predicate, o)

    # ---------------------------------------------------------------------- upkeep
    def reconcile(self) -> None:
        """Drop exact terms whose value-form triple a SPARQL update deleted."""
        self._map = self._rewritten = None
        if not self._has(REPLACED_GRAPH):
            return
        stale = [
            q
            for q in self._store.quads_for_pattern(None, None, None, REPLACED_GRAPH)
            if ox.Quad(q.subject, q.predicate, q.object) not in self._store
        ]
        if not stale:
            return
        gone = {(q.subject, q.predicate, q.object) for q in stale}
        drop = [
            q
            for q in self._store.quads_for_pattern(None, None, None, EXACT_GRAPH)
            if (q.subject, q.predicate, self.canonical(_decode(q.object))) in gone  # type: ignore[arg-type]
        ]
        for q in (*stale, *drop):
            self._store.remove(q)

    def clear(self) -> None:
        """Forget every exact term (with the default graph)."""
        self._map = self._rewritten = None
        for graph in RESERVED_GRAPHS:
            self._store.clear_graph(graph)
