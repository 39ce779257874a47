"""The store interface every govgraph feature runs on.

Three implementations share it: the in-memory and on-disk Oxigraph stores
(:class:`~govgraph.store.OxigraphStore`) and any SPARQL 1.1 Protocol endpoint
(:class:`~govgraph.store.SparqlEndpointStore`). Features above this layer (validation, analysis,
export) only use these methods, so they run unchanged on all three.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node, URIRef

from .._exceptions import QueryError
from ..io import ox_triples_to_graph, rdf_format, rdflib_triples_to_ox
from ._sparql_text import term_to_sparql

__all__ = ["QueryResult", "Store", "ValueRows"]


@dataclass(frozen=True)
class QueryResult:
    """The answer to a SPARQL query, with rdflib terms.

    Attributes:
        kind: ``"select"``, ``"ask"`` or ``"graph"`` (CONSTRUCT / DESCRIBE).
        variables: The projected variable names of a SELECT, in order.
        rows: One mapping per solution, variable name to term (unbound variables are absent).
        boolean: The answer of an ASK query.
        graph: The triples of a CONSTRUCT or DESCRIBE query.
    """

    kind: Literal["select", "ask", "graph"]
    variables: tuple[str, ...] = ()
    rows: tuple[Mapping[str, Node], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = field(default=None, compare=False)

    def __iter__(self) -> Iterator[Mapping[str, Node]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __bool__(self) -> bool:
        if self.kind == "ask":
            return bool(self.boolean)
        if self.kind == "graph":
            return self.graph is not None and len(self.graph) > 0
        return bool(self.rows)

    def values(self, variable: str) -> list[Node]:
        """Return the values of one variable, skipping solutions where it is unbound.

        Examples:
            >>> from govgraph import GovGraph
            >>> name = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            ...         "SELECT ?l WHERE { <http://example.org/MinY> skos:prefLabel ?l }")
            >>> [str(v) for v in GovGraph.example().store.query(name).values("l")]
            ['Ministry Y']
        """
        return [row[variable] for row in self.rows if variable in row]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form (terms as strings).

        Examples:
            >>> from govgraph.store import OxigraphStore
            >>> OxigraphStore().query("ASK { ?s ?p ?o }").to_dict()
            {'boolean': False}
        """
        if self.kind == "ask":
            return {"boolean": bool(self.boolean)}
        if self.kind == "graph":
            assert self.graph is not None
            return {"triples": [[str(t) for t in triple] for triple in self.graph]}
        return {
            "variables": list(self.variables),
            "rows": [{k: str(v) for k, v in row.items()} for row in self.rows],
        }


@dataclass(frozen=True)
class ValueRows:
    """The answer to a SELECT query as plain strings: the fast form for bulk analytics.

    Each cell is the *value* of a term: an IRI as its string, a literal as its lexical form, a
    blank node as its label; ``None`` where the variable is unbound. Datatypes and language tags
    are not kept: a query that needs them projects ``DATATYPE(?x)`` or ``LANG(?x)``. Use
    :meth:`Store.query` for rdflib terms.

    Attributes:
        variables: The projected variable names, in order.
        rows: One tuple per solution, one cell per variable (same order).
    """

    variables: tuple[str, ...]
    rows: list[tuple[str | None, ...]]

    def __iter__(self) -> Iterator[tuple[str | None, ...]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, variable: str) -> int:
        """Return the position of ``variable`` in each row.

        Examples:
            >>> from govgraph.store import OxigraphStore
            >>> rows = OxigraphStore().query_values("SELECT ?s ?label WHERE { ?s ?p ?label }")
            >>> rows.column("label")
            1
            >>> rows.column("name")
            Traceback (most recent call last):
            ...
            KeyError: 'the query projects no ?name (it projects ?s, ?label)'

        Raises:
            KeyError: The query does not project ``variable``.
        """
        try:
            return self.variables.index(variable)
        except ValueError:
            raise KeyError(
                f"the query projects no ?{variable} (it projects "
                f"{', '.join('?' + v for v in self.variables) or 'nothing'})"
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form.

        Examples:
            >>> from govgraph.store import OxigraphStore
            >>> OxigraphStore().query_values("SELECT ?s WHERE { ?s ?p ?o }").to_dict()
            {'variables': ['s'], 'rows': []}
        """
        return {"variables": list(self.variables), "rows": [list(r) for r in self.rows]}


#: The columns of :meth:`Store.triple_values`.
TRIPLE_VARIABLES = ("subject", "predicate", "object", "datatype", "lang")
#: The datatype of a literal with a language tag.
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Store(abc.ABC):
    """A triple store govgraph can load into, query and export from.

    Data lives in the default graph (for a remote endpoint: in the named graph the store was
    opened with, which queries see as their default graph).
    """

    #: True when the data is kept on this machine by Oxigraph (memory or disk).
    embedded: bool = True

    @property
    def rewrites_literals(self) -> bool:
        """True when the SPARQL engine sees some literal in another form than it was written.

        An embedded store then offers ``<urn:x-govgraph:store:rewritten>(?v)`` in queries. A
        SPARQL endpoint says ``False``: what it stores is what its queries see.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()
            >>> kg.store.rewrites_literals  # every literal of the example is in its value form
            False
            >>> budget = "<http://example.org/P1> <http://example.org/budget> 1.50 ."
            >>> kg.load(budget, format="turtle")
            1
            >>> kg.store.rewrites_literals  # Oxigraph holds 1.50 as 1.5
            True

        Raises:
            OSError: An embedded store on a failing disk (passed on from its engine).
        """
        return False

    @abc.abstractmethod
    def add_quads(self, quads: Iterable[ox.Quad]) -> int:
        """Add triples (as pyoxigraph quads; graph names are ignored) all-or-nothing.

        Returns:
            The number of quads given.

        Examples:
            >>> import pyoxigraph as ox
            >>> from govgraph.store import OxigraphStore
            >>> store = OxigraphStore()
            >>> label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
            >>> ministry = ox.NamedNode("http://example.org/a")
            >>> store.add_quads([ox.Quad(ministry, label, ox.Literal("Ministry X"))])
            1
            >>> store.count()
            1

        Raises:
            StoreError: The store cannot take the triples (nothing was added).
        """

    def add_graph(self, graph: Graph) -> int:
        """Add every triple of an rdflib graph, all-or-nothing.

        Examples:
            >>> from rdflib import Graph, Literal, URIRef
            >>> from rdflib.namespace import RDFS
            >>> from govgraph.store import OxigraphStore
            >>> graph = Graph()
            >>> _ = graph.add((URIRef("http://example.org/b"), RDFS.label, Literal("City Z")))
            >>> OxigraphStore().add_graph(graph)
            1

        Raises:
            StoreError: The store cannot take the triples (nothing was added).
        """
        return self.add_quads(list(rdflib_triples_to_ox(graph)))

    @abc.abstractmethod
    def query(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> QueryResult:
        """Run a SPARQL 1.1 query, binding ``bindings`` (name without ``?`` to term) safely.

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> from rdflib import URIRef
            >>> name = "SELECT ?l WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
            >>> ministry_y = {"s": URIRef("http://example.org/MinY")}
            >>> result = store.query(name, bindings=ministry_y)
            >>> result.kind, [str(v) for v in result.values("l")]
            ('select', ['Ministry Y'])
            >>> store.query("ASK { ?s ?p 'Ministry W'@en }").boolean
            False

        Raises:
            UnsafeQueryError: The query uses SERVICE or LOAD and ``allow_network`` is off.
            QueryError: The query is malformed or the store fails to answer.
        """

    def query_values(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> ValueRows:
        """Run a SELECT query and return its cells as plain strings (see :class:`ValueRows`).

        Much faster than :meth:`query` on large answers (no rdflib term is built); the same
        safety checks apply.

        Examples:
            >>> from govgraph import GovGraph
            >>> name = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            ...         "SELECT ?l WHERE { <http://example.org/MinY> skos:prefLabel ?l }")
            >>> GovGraph.example().store.query_values(name).rows
            [('Ministry Y',)]

        Raises:
            QueryError: The query is malformed or is not a SELECT query.
        """
        result = self.query(sparql, bindings=bindings, allow_network=allow_network)
        if result.kind != "select":
            raise QueryError("query_values() needs a SELECT query")
        names = result.variables
        return ValueRows(
            variables=names,
            rows=[
                tuple(None if (t := row.get(n)) is None else str(t) for n in names)
                for row in result.rows
            ],
        )

    def triple_values(self, predicates: Sequence[str]) -> ValueRows:
        """The data graph's triples with these predicates and an IRI subject, as plain values.

        The rows of ``SELECT ?subject ?predicate ?object (DATATYPE(?object) AS ?datatype)
        (LANG(?object) AS ?lang)`` over those triples, in no set order: the object's datatype
        and language tag as SPARQL gives them (both ``None`` for an IRI or a blank node,
        ``lang`` ``""`` for a literal without one). Bulk readers of a few predicates use it;
        an embedded store reads the rows straight from its indexes (about one and a half times as
        fast as the query on large answers), any other store runs the query.

        >>> from govgraph.store import OxigraphStore
        >>> import pyoxigraph as ox
        >>> store = OxigraphStore()
        >>> label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
        >>> store.add_quads([ox.Quad(ox.NamedNode("http://example.org/a"), label,
        ...                          ox.Literal("Ministry", language="en"))])
        1
        >>> subject, predicate, text, datatype, lang = store.triple_values([label.value]).rows[0]
        >>> text, lang, datatype.endswith("#langString")
        ('Ministry', 'en', True)

        Raises:
            QueryError: A predicate is not an IRI that can be written in SPARQL, or the store
                fails to answer.
        """
        if not predicates:
            return ValueRows(variables=TRIPLE_VARIABLES, rows=[])
        values = " ".join(term_to_sparql(URIRef(p)) for p in dict.fromkeys(predicates))
        found = self.query_values(
            "SELECT ?subject ?predicate ?object (DATATYPE(?object) AS ?datatype) "
            "(LANG(?object) AS ?lang) WHERE { VALUES ?predicate { " + values + " } "
            "?subject ?predicate ?object . FILTER(isIRI(?subject)) }"
        )
        # Virtuoso gives no DATATYPE for a language-tagged literal: SPARQL 1.1's rdf:langString
        return ValueRows(
            variables=TRIPLE_VARIABLES,
            rows=[
                (s, p, o, LANG_STRING, lang)
                if datatype is None and lang
                else (s, p, o, datatype, lang)
                for s, p, o, datatype, lang in found.rows
            ],
        )

    @abc.abstractmethod
    def update(
        self,
        sparql: str,
        *,
        bindings: Mapping[str, Node] | None = None,
        allow_network: bool = False,
    ) -> None:
        """Run a SPARQL 1.1 update.

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> store.update("DELETE WHERE { <http://example.org/P5> ?p ?o }")  # a policy
            >>> store.count()
            176

        Raises:
            UnsafeQueryError: The update uses SERVICE or LOAD and ``allow_network`` is off.
            QueryError: The update is malformed or failed.
        """

    @abc.abstractmethod
    def count(self) -> int:
        """Return the number of triples in the data graph.

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> store.count()
            178

        Raises:
            StoreError: The store cannot be read (an endpoint that does not answer:
                :class:`~govgraph.EndpointError`).
        """

    @abc.abstractmethod
    def quads(self) -> Iterator[ox.Quad]:
        """Iterate over every triple of the data graph as pyoxigraph quads.

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> sum(1 for _ in store.quads())
            178

        Raises:
            StoreError: The store cannot be read (an endpoint that does not answer:
                :class:`~govgraph.EndpointError`).
        """

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every triple of the data graph.

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> store.clear()
            >>> store.count()
            0

        Raises:
            StoreError: The store cannot be written (a read-only endpoint, for example).
        """

    def export(self, *, format: str = "turtle") -> bytes:
        """Serialize the data graph (``turtle``, ``ntriples``, ``nquads``, ``xml``, ``json-ld``...).

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> store.export(format="turtle").decode().startswith("@prefix")
            True

        Raises:
            ConfigurationError: An unknown format.
        """
        quads = (ox.Quad(q.subject, q.predicate, q.object) for q in self.quads())
        fmt = rdf_format(format)
        if fmt.supports_datasets:
            data = ox.serialize(quads, format=fmt)
        else:
            data = ox.serialize(
                (ox.Triple(q.subject, q.predicate, q.object) for q in quads), format=fmt
            )
        assert data is not None
        return data

    def to_rdflib(self) -> Graph:
        """Copy the data graph into a new rdflib ``Graph``.

        Examples:
            >>> from govgraph import GovGraph
            >>> store = GovGraph.example().store
            >>> len(store.to_rdflib())
            178

        Raises:
            StoreError: The store cannot be read (an endpoint that does not answer:
                :class:`~govgraph.EndpointError`).
        """
        return ox_triples_to_graph(self.quads())

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (flush a disk store, close HTTP connections).

        A store is also a context manager that closes it on leaving the ``with`` block.

        Examples:
            >>> import tempfile
            >>> from govgraph import GovGraph
            >>> from govgraph.store import OxigraphStore
            >>> folder = tempfile.TemporaryDirectory()
            >>> with OxigraphStore(folder.name) as store:  # a disk store: flushed and unlocked
            ...     GovGraph(store=store).load(GovGraph.example().to_rdflib())
            178
            >>> OxigraphStore(folder.name, read_only=True).count()
            178
            >>> folder.cleanup()

        Raises:
            OSError: A disk store that cannot be flushed (see the store's own ``close``).
        """

    def abandon(self) -> None:
        """Close after a failure: a store this object created that is still empty is removed.

        The default only closes; :class:`~govgraph.store.OxigraphStore` also removes a disk store
        it created itself and that holds no triple, so a failed first load leaves the directory
        as it was before (missing or empty). Data is never removed: a SPARQL endpoint's graph,
        or a disk store that holds a triple, is only closed.

        Examples:
            >>> import tempfile
            >>> from govgraph import GovGraph
            >>> from govgraph.store import OxigraphStore
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = OxigraphStore(folder.name)
            >>> GovGraph(store=store).load(GovGraph.example().to_rdflib())
            178
            >>> store.abandon()  # it holds triples: only closed
            >>> OxigraphStore(folder.name, read_only=True).count()
            178
            >>> folder.cleanup()

        Raises:
            OSError: What :meth:`close` raises.
        """
        self.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
