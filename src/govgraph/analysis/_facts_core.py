"""The base of :class:`~govgraph.analysis.Facts`: actors, cases, items, hierarchy, levels, skills.

Split from :mod:`._facts` to keep each file readable; ``Facts`` adds labels, places and
initiative facts on top. See :mod:`._facts` for how the facts are fetched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from rdflib.term import Node

from ..store import Store, ValueRows

__all__ = ["FactsCore"]

from ._vocab import (
    _DIMENSION_QUERIES,
    EU_LEVEL,
    _closure,
    _int_value,
    _status_rank_value,
    _unique,
    is_not_in_use,
    load_query,
)


@dataclass
class FactsCore:
    """The facts of actors, their initiatives and items, hierarchy, collaborations and levels.

    The base class of :class:`~govgraph.analysis.Facts` (use that one).

    Args:
        store: The store to query.
    """

    store: Store
    _dimension_rows: dict[str, list[tuple[str, str, str | None]]] = field(
        default_factory=dict, repr=False
    )
    _dimension_items: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict, repr=False)
    _partial_labels: dict[str, str] = field(default_factory=dict, repr=False)
    _looked_up: set[str] = field(default_factory=set, repr=False)
    _partial_initiatives: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)

    def rows(
        self, name: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[Mapping[str, Node], ...]:
        """Run the packaged query ``name`` and return its rows (rdflib terms).

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from rdflib import URIRef
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> rows = facts.rows("hierarchy.rq", {"unit": URIRef("http://example.org/DG_A")})
            >>> [str(row["parent"]) for row in rows]
            ['http://example.org/EC']

        Raises:
            FileNotFoundError: No query of that name in ``queries/``.
            QueryError: The store fails to answer.
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        return self.store.query(load_query(name), bindings=bindings).rows

    def values(self, name: str, *, unique: bool = False) -> ValueRows:
        """Run the packaged query ``name`` and return its rows as plain strings (fast).

        ``unique``: drop repeated rows, keeping the first of each (for the large queries that
        leave out ``DISTINCT``: Oxigraph's is slower than doing it here).

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> rows = facts.values("hierarchy.rq")
            >>> rows.variables, sorted(rows.rows)[0]
            (('unit', 'parent'), ('http://example.org/DG_A', 'http://example.org/EC'))

        Raises:
            FileNotFoundError: No query of that name in ``queries/``.
            QueryError: The store fails to answer.
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        rows = self.store.query_values(load_query(name))
        return _unique(rows) if unique else rows

    @cached_property
    def _actor_initiative_rows(self) -> ValueRows:
        return self.values("actor_initiatives.rq", unique=True)

    # ---------------------------------------------------------------- actors
    @cached_property
    def actor_initiatives(self) -> dict[str, set[str]]:
        """Actor IRI -> the initiatives it leads or participates in.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> sorted(facts.actor_initiatives['http://example.org/CityZ'])
            ['http://example.org/i7']
        """
        result: dict[str, set[str]] = defaultdict(set)
        for actor, initiative, *_ in self._actor_initiative_rows.rows:
            if actor is not None and initiative is not None:
                result[actor].add(initiative)
        return dict(result)

    @cached_property
    def initiative_status(self) -> dict[str, int]:
        """Initiative IRI -> the rank of its status (highest when several are stated).

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.initiative_status['http://example.org/i1']  # implemented
            4
        """
        result: dict[str, int] = {}
        for (
            _,
            initiative,
            status,
            rank_value,
            status_type,
            rank_type,
        ) in self._actor_initiative_rows.rows:
            if initiative is None:
                continue
            stated = _int_value(rank_value, rank_type)
            rank = (
                stated
                if stated is not None and stated > 0
                else _status_rank_value(status, status_type)
            )
            if rank is not None:
                result[initiative] = max(rank, result.get(initiative, 0))
        return result

    @cached_property
    def stopped_initiatives(self) -> frozenset[str]:
        """Initiatives whose only stated status is ``gg:StatusNotInUse`` (no longer in use).

        Such a status has no rank, so these are absent from :attr:`initiative_status`; this
        says why, where a comparison of progress needs to.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> kg = GovGraph()
            >>> _ = kg.load('''
            ... @prefix gg: <https://w3id.org/govgraph#> .
            ... <http://example.org/i1> gg:ledBy <http://example.org/City> ;
            ...     gg:status gg:StatusNotInUse .
            ... ''', format='turtle')
            >>> sorted(Facts(kg.store).stopped_initiatives)
            ['http://example.org/i1']
        """
        ranked = self.initiative_status
        return frozenset(
            initiative
            for _, initiative, status, _, status_type, _ in self._actor_initiative_rows.rows
            if initiative is not None
            and initiative not in ranked
            and is_not_in_use(status, status_type)
        )

    @property
    def actors(self) -> frozenset[str]:
        """Every actor (organisation leading or participating in an initiative).

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> len(facts.actors), "http://example.org/Agency" in facts.actors  # no initiative
            (9, False)

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        return frozenset(self.actor_initiatives)

    def item_rows(self, dimension: str) -> list[tuple[str, str, str | None]]:
        """``(actor, item, initiative or None)`` rows of one dimension, actors only.

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> sorted(facts.item_rows("technology"))[0]
            ('http://example.org/CityZ', 'http://example.org/BC', 'http://example.org/i7')

        Raises:
            KeyError: ``dimension`` is not ``technology``, ``policy_area`` or ``challenge``.
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        if dimension not in self._dimension_rows:
            actors = self.actor_initiatives
            rows = self.values(_DIMENSION_QUERIES[dimension], unique=True)
            actor_at, item_at, initiative_at = (
                rows.column("actor"),
                rows.column("item"),
                rows.column("initiative"),
            )
            out: list[tuple[str, str, str | None]] = [
                (row[actor_at], row[item_at], row[initiative_at])  # type: ignore[misc]
                for row in rows.rows
                if row[actor_at] in actors and row[item_at] is not None
            ]
            self._dimension_rows[dimension] = out
        return self._dimension_rows[dimension]

    def items(self, dimension: str) -> dict[str, frozenset[str]]:
        """Actor -> its items in ``dimension`` (only actors with at least one item).

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> sorted(facts.items("technology")["http://example.org/DG_B"])
            ['http://example.org/BC', 'http://example.org/ML']

        Raises:
            KeyError: ``dimension`` is not ``technology``, ``policy_area`` or ``challenge``.
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        if dimension not in self._dimension_items:
            sets: dict[str, set[str]] = defaultdict(set)
            for actor, item, _ in self.item_rows(dimension):
                sets[actor].add(item)
            self._dimension_items[dimension] = {a: frozenset(s) for a, s in sets.items()}
        return self._dimension_items[dimension]

    # ------------------------------------------------------------- hierarchy
    @cached_property
    def parents(self) -> dict[str, set[str]]:
        """Unit -> the organisations it is directly a unit of.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.parents['http://example.org/DG_A_Unit1']
            {'http://example.org/DG_A'}
        """
        result: dict[str, set[str]] = defaultdict(set)
        for unit, parent in self.values("hierarchy.rq").rows:
            if unit is not None and parent is not None:
                result[unit].add(parent)
        return dict(result)

    @cached_property
    def ancestors(self) -> dict[str, frozenset[str]]:
        """Unit -> every organisation it is a unit of, at any depth (``org:unitOf+``).

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> sorted(facts.ancestors['http://example.org/DG_A_Unit1'])
            ['http://example.org/DG_A', 'http://example.org/EC']
        """
        return _closure(self.parents)

    @cached_property
    def descendants(self) -> dict[str, frozenset[str]]:
        """Organisation -> every unit within it, at any depth.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> sorted(facts.descendants['http://example.org/DG_A'])
            ['http://example.org/DG_A_Unit1']
        """
        result: dict[str, set[str]] = defaultdict(set)
        for unit, ups in self.ancestors.items():
            for up in ups:
                result[up].add(unit)
        return {k: frozenset(v) for k, v in result.items()}

    def related_in_hierarchy(self, a: str, b: str) -> bool:
        """True if one of ``a``, ``b`` is a unit (at any depth) of the other.

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> ex = "http://example.org/"
            >>> facts.related_in_hierarchy(ex + "EC", ex + "DG_A_Unit1")  # a unit of a DG of it
            True
            >>> facts.related_in_hierarchy(ex + "DG_A", ex + "DG_B")  # siblings
            False

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        return b in self.ancestors.get(a, ()) or a in self.ancestors.get(b, ())

    # --------------------------------------------------------- collaboration
    @cached_property
    def collaborations(self) -> frozenset[tuple[str, str]]:
        """Stated collaborations, both directions.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> ('http://example.org/CityZ', 'http://example.org/DG_B') in facts.collaborations
            True
        """
        pairs = set()
        for a, b in self.values("collaborations.rq").rows:
            if a is not None and b is not None:
                pairs.add((a, b))
                pairs.add((b, a))
        return frozenset(pairs)

    def already_collaborate(self, a: str, b: str) -> bool:
        """True if ``a`` and ``b`` collaborate (stated either way, or a common initiative).

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> ex = "http://example.org/"
            >>> facts.already_collaborate(ex + "DG_A", ex + "MinY")  # MinY states it
            True
            >>> facts.already_collaborate(ex + "MinX", ex + "MinY")  # both in initiative i5
            True
            >>> facts.already_collaborate(ex + "MinX", ex + "CityZ")
            False

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        if (a, b) in self.collaborations:
            return True
        ia = self.actor_initiatives.get(a, set())
        ib = self.actor_initiatives.get(b, set())
        return not ia.isdisjoint(ib)

    # ---------------------------------------------------------------- levels
    @cached_property
    def levels(self) -> dict[str, str]:
        """Organisation -> its administrative level, inherited from the nearest ancestor.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.levels['http://example.org/CityZ']
            'https://w3id.org/govgraph#LocalLevel'
        """
        result = {org: min(levels) for org, levels in self._own_levels.items()}

        def inherited(org: str, seen: frozenset[str]) -> str | None:
            if org in result:
                return result[org]
            for parent in sorted(self.parents.get(org, ())):
                if parent not in seen:
                    level = inherited(parent, seen | {org})
                    if level is not None:
                        return level
            return None

        for unit in self.parents:
            level = inherited(unit, frozenset())
            if level is not None:
                result.setdefault(unit, level)
        return result

    def is_eu_level(self, org: str) -> bool:
        """True for an administration at ``gg:EULevel`` or any unit within one.

        Examples:
            >>> from govgraph.analysis import Facts
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.is_eu_level("http://example.org/DG_A_Unit1")  # a unit of a DG of the EC
            True
            >>> facts.is_eu_level("http://example.org/MinX")
            False

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        if EU_LEVEL in self._own_levels.get(org, ()):
            return True
        return any(EU_LEVEL in self._own_levels.get(up, ()) for up in self.ancestors.get(org, ()))

    @cached_property
    def _own_levels(self) -> dict[str, set[str]]:
        own: dict[str, set[str]] = defaultdict(set)
        for organisation, level in self.values("levels.rq").rows:
            if organisation is not None and level is not None:
                own[organisation].add(level)
        return dict(own)

    # ---------------------------------------------------------------- skills
    @cached_property
    def broader(self) -> dict[str, frozenset[str]]:
        """Concept -> every broader concept at any depth (``skos:broader+``).

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> sorted(facts.broader['http://example.org/NLP'])
            ['http://example.org/AI']
        """
        edges: dict[str, set[str]] = defaultdict(set)
        for narrower, broader in self.values("broader.rq").rows:
            if narrower is not None and broader is not None:
                edges[narrower].add(broader)
        return _closure(edges)

    @cached_property
    def requirements(self) -> dict[str, dict[str, int]]:
        """Technology -> skill -> minimum level (plain ``gg:requiresSkill``: 1).

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.requirements['http://example.org/ML']['http://example.org/S_stats']
            3
        """
        result: dict[str, dict[str, int]] = defaultdict(dict)
        for tech, skill, level_value, level_type in self.values("skill_requirements.rq").rows:
            if tech is None or skill is None:
                continue
            level = _int_value(level_value, level_type) or 1
            result[tech][skill] = max(level, result[tech].get(skill, 0))
        return dict(result)

    @cached_property
    def competencies(self) -> dict[str, dict[str, int]]:
        """Holder -> skill -> highest level it holds itself (a competency without level: 1).

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.competencies['http://example.org/MinX']
            {'http://example.org/S_py': 5}
        """
        result: dict[str, dict[str, int]] = defaultdict(dict)
        for holder, skill, level_value, level_type in self.values("competencies.rq").rows:
            if holder is None or skill is None:
                continue
            level = _int_value(level_value, level_type) or 1
            result[holder][skill] = max(level, result[holder].get(skill, 0))
        return dict(result)
