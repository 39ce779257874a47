"""The read side of :class:`~govgraph.store.OxigraphStore`: queries and bulk reads.

Split from :mod:`._oxigraph` to keep each file readable. Answers map Oxigraph's value forms back
to the literals as written (:class:`._exact.ExactTerms`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from rdflib.term import Node, URIRef

from .._exceptions import QueryError
from ..io import ox_to_rdflib, ox_triples_to_graph
from ._base import LANG_STRING, TRIPLE_VARIABLES, QueryResult, Store, ValueRows
from ._exact import RESERVED_GRAPHS, ExactTerms
from ._sparql_text import check_query_safety, inject_values, term_to_sparql

__all__ = ["OxigraphQueries"]


class OxigraphQueries(Store):
    """Queries of an Oxigraph store (the base of :class:`~govgraph.store.OxigraphStore`)."""

    _store: ox.Store
    _exact: ExactTerms
    _rewritten_fn: ox.NamedNode

    def raw_query(
        self, sparql: str, *, named_graphs: bool = True
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query on Oxigraph as it is (no safety check, no binding); the raw answer.

        Its literals are in Oxigraph's value form: map them with :meth:`exact_terms`. The
        store's reserved graphs are hidden from ``GRAPH`` patterns; with
        ``named_graphs=False`` every named graph is.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> data = "<http://example.org/P1> <http://example.org/budget> 1.50 ."
            >>> store.add_quads(ox.parse(data, format=ox.RdfFormat.TURTLE))
            1
            >>> answer = store.raw_query("SELECT ?v WHERE { ?s ?p ?v }")
            >>> values = [solution["v"] for solution in answer]
            >>> [v.value for v in values]  # the value form
            ['1.5']
            >>> exact = store.exact_terms()
            >>> [exact.get(v, v).value for v in values]  # as written
            ['1.50']
            >>> bool(store.raw_query("ASK { GRAPH ?g { ?s ?p ?o } }"))  # reserved graphs hidden
            False

        Raises:
            QueryError: The query is malformed or fails.
        """
        named = (
            [g for g in self._store.named_graphs() if g not in RESERVED_GRAPHS]
            if named_graphs
            else []
        )
        try:
            return self._store.query(
                sparql,
                named_graphs=named,
                custom_functions={self._rewritten_fn: self._exact.is_rewritten},
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, RuntimeError) as exc:  # RuntimeError: e.g. a SERVICE answered badly
            raise QueryError(f"query failed: {exc}") from exc

    def _run(
        self, sparql: str, bindings: Mapping[str, Node] | None, allow_network: bool
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Check, bind and run a query; errors as :class:`QueryError`."""
        check_query_safety(sparql, allow_network=allow_network)
        return self.raw_query(inject_values(sparql, bindings) if bindings else sparql)

    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Run a SPARQL query; ``bindings`` are joined in as a ``VALUES`` block.

        The same binding mechanism is used for remote endpoints, so a query means the same on
        every store. Literals come back as they were written where the store holds one written
        form of their value.

        Examples:
            >>> from rdflib import Literal
            >>> from govgraph.store import OxigraphStore
            >>> from govgraph import GovGraph
            >>> store = OxigraphStore()
            >>> GovGraph(store=store).load(
            ...     "<http://example.org/P1> <http://example.org/budget> 1.50 . "
            ...     "<http://example.org/P2> <http://example.org/budget> 3.0 .", format="turtle")
            2
            >>> over = "SELECT ?p WHERE { ?p <http://example.org/budget> ?b FILTER(?b > ?min) }"
            >>> [str(r["p"]) for r in store.query(over, bindings={"min": Literal(2)})]
            ['http://example.org/P2']
            >>> sorted(str(b) for b in store.query("SELECT ?b WHERE { ?p ?x ?b }").values("b"))
            ['1.50', '3.0']
            >>> store.query("SELECT ?b WHERE { ?b }")
            Traceback (most recent call last):
            ...
            govgraph.QueryError: SPARQL syntax error: ...

        Raises:
            UnsafeQueryError: The query uses ``SERVICE`` or ``LOAD`` and ``allow_network`` is off.
            QueryError: The query is malformed, too complex, cannot be bound safely, or fails.
        """
        result = self._run(sparql, bindings, allow_network)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            exact = self._exact.term_map()
            rows = []
            try:
                for solution in result:
                    row = {}
                    for name in variables:
                        term = solution[name]
                        if term is not None:
                            row[name] = ox_to_rdflib(exact.get(term, term) if exact else term)
                    rows.append(row)
            except (OSError, RuntimeError) as exc:  # raised lazily, e.g. by a SERVICE
                raise QueryError(f"query failed: {exc}") from exc
            return QueryResult(kind="select", variables=variables, rows=tuple(rows))
        try:
            return QueryResult(
                kind="graph", graph=ox_triples_to_graph(self._exact.graph_answer(result))
            )
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def query_values(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> ValueRows:
        """Run a SELECT query and return its cells as plain strings (no rdflib terms built).

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> led = ("SELECT ?initiative WHERE { ?initiative <https://w3id.org/govgraph#ledBy> "
            ...        "<http://example.org/MinY> }")
            >>> store.query_values(led).rows
            [('http://example.org/i6',)]
            >>> store.query_values("ASK { ?s ?p ?o }")
            Traceback (most recent call last):
            ...
            govgraph.QueryError: query_values() needs a SELECT query

        Raises:
            UnsafeQueryError: The query uses ``SERVICE`` or ``LOAD`` and ``allow_network`` is off.
            QueryError: The query is malformed, is not a SELECT query, cannot be bound safely, or
                fails.
        """
        result = self._run(sparql, bindings, allow_network)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("query_values() needs a SELECT query")
        variables = tuple(v.value for v in result.variables)
        exact = self._exact.term_map()
        try:
            if exact:
                rows = [
                    tuple([None if t is None else exact.get(t, t).value for t in solution])
                    for solution in result
                ]
            else:
                rows = [
                    tuple([None if t is None else t.value for t in solution]) for solution in result
                ]
        except (OSError, RuntimeError) as exc:  # raised lazily, e.g. by a SERVICE
            raise QueryError(f"query failed: {exc}") from exc
        return ValueRows(variables=variables, rows=rows)

    def triple_values(self, predicates: Sequence[str]) -> ValueRows:
        """:meth:`Store.triple_values`, read from Oxigraph's indexes (no query is run).

        Literals are mapped to their written form as in :meth:`query_values`.

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> rows = store.triple_values(["https://w3id.org/govgraph#startYear"]).rows
            >>> [(s, o, datatype.rsplit("#")[-1], lang) for s, _, o, datatype, lang in rows]
            [('http://example.org/P1', '2021', 'integer', '')]
            >>> store.triple_values(["http://example.org/a b"])
            Traceback (most recent call last):
            ...
            govgraph.QueryError: ...

        Raises:
            QueryError: A predicate is not an IRI that can be written in SPARQL.
            OSError: The disk under a disk store fails (pyoxigraph's error, passed on).
        """
        exact = self._exact.term_map()
        default = ox.DefaultGraph()
        named, literal = ox.NamedNode, ox.Literal
        rows: list[tuple[str | None, ...]] = []
        add = rows.append
        for predicate in dict.fromkeys(predicates):
            term_to_sparql(URIRef(predicate))  # the same check as the query's
            try:
                node = named(predicate)
            except ValueError as exc:
                raise QueryError(f"cannot read the predicate {predicate!r}: {exc}") from exc
            for s, _, o, _ in self._store.quads_for_pattern(None, node, None, default):
                if type(s) is not named:
                    continue
                if type(o) is literal:
                    if exact:
                        o = exact.get(o, o)
                    lang = o.language
                    datatype = LANG_STRING if lang else o.datatype.value
                    add((s.value, predicate, o.value, datatype, lang or ""))
                else:
                    add((s.value, predicate, o.value, None, None))
        return ValueRows(variables=TRIPLE_VARIABLES, rows=rows)
