"""The analysis methods of :class:`~govgraph.GovGraph` (one mixin, so the facade stays short).

Each method hands ``self.store`` to the function of :mod:`govgraph.analysis` that does the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from .store import Store

if TYPE_CHECKING:
    import networkx as nx

    from .analysis import (
        Adoption,
        Broker,
        BrokerArgs,
        CapacityGap,
        Cluster,
        ClusterArgs,
        CountryFilterArgs,
        DependenceArgs,
        FilterArgs,
        Filters,
        Found,
        FundingShare,
        GapFilterArgs,
        GovernanceFilterArgs,
        LearningArgs,
        LearningPair,
        NoInventory,
        PartnerArgs,
        PartnerLink,
        PolicyGap,
        ReleaseDiff,
        SkillGap,
        SupplierDependence,
        Synergy,
        SynergyArgs,
    )

__all__ = ["AnalysisMethods"]


class AnalysisMethods:
    """Synergies, adoption, release diffs, gaps, mutual learning and networks of ``self.store``."""

    store: Store

    # ----------------------------------------------------- analysis (issue 4)
    def synergies(self, **options: Unpack[SynergyArgs]) -> list[Synergy]:
        """Pairs of actors that share items along a dimension and do not yet collaborate.

        Pairs that already collaborate (``gg:collaboratesWith`` either way, or a common
        initiative) and pairs where one is a unit of the other (``org:unitOf``, any depth) are
        left out. See :func:`govgraph.analysis.synergies` and ``docs/analysis.md``.

        Args:
            **options: Those of :func:`govgraph.analysis.synergies`, with its defaults
                (:class:`~govgraph.analysis.SynergyArgs`): ``by`` (``technology``,
                ``policy_area``, ``challenge`` or ``all``), ``method``, ``min_score``, ``top``,
                ``per_actor``, ``per_actor_limit``, and ``filters`` (a :class:`govgraph.analysis.Filters`) or the
                same filters as keyword arguments (``country="DEU"``, ``level``, ``kind``,
                ``technology``, ``policy_area``, ``years=(2019, 2022)``, ``status``, ``actor``,
                ``between``).

        Returns:
            Synergies, best score first (then most shared items).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> best = kg.synergies(top=1)[0]
            >>> best.a_label, best.b_label, round(best.score, 3), best.shared_labels
            ('DG B', 'Ministry Y', 1.192, ('Blockchain', 'Machine learning'))
            >>> [e.label for e in best.a_evidence], [e.label for e in best.b_evidence]
            (['i4'], ['i6', 'i5'])
            >>> kg.synergies(by="colour")
            Traceback (most recent call last):
            ...
            govgraph.ConfigurationError: unknown dimension by='colour'; use technology, ...

        Raises:
            ConfigurationError: A bad option or filter value, or an unknown or ambiguous actor.
        """
        from .analysis import synergies

        return synergies(self.store, **options)

    def adoption(
        self,
        *,
        by: str | Sequence[str] = ("country", "technology"),
        dataset: str | None = None,
        filters: Filters | None = None,
        **filter_args: Unpack[FilterArgs],
    ) -> Adoption:
        """Count cases by country, technology, policy area, start year, status or level.

        See :func:`govgraph.analysis.adoption` and ``docs/change.md``.

        Args:
            by: Dimensions (``"country,technology"`` or a sequence): ``country``,
                ``technology``, ``policy_area``, ``year``, ``status``, ``level``.
            dataset: The release to count when the graph holds several.
            filters: :class:`govgraph.analysis.Filters`, or the same filters as keyword
                arguments (``country="DEU"``, ``years=(2019, 2022)`` ...; not ``between``).

        Returns:
            The :class:`~govgraph.analysis.Adoption` counts and start-year series.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> counts = kg.adoption(by="technology")
            >>> [(row["technology_label"], row["cases"]) for row in counts.rows][:2]
            [('Natural language processing', 4), ('Blockchain', 3)]

        Raises:
            ConfigurationError: An unknown dimension or filter, or several releases and no
                ``dataset``.
        """
        from .analysis import adoption

        return adoption(self.store, by=by, dataset=dataset, filters=filters, **filter_args)

    def diff(
        self,
        new: AnalysisMethods | Store,
        *,
        old_dataset: str | None = None,
        new_dataset: str | None = None,
    ) -> ReleaseDiff:
        """Compare this graph (the older release) with ``new``: what changed between releases.

        Cases are matched by identifier, web page and normalised name; see
        :func:`govgraph.analysis.diff` and ``docs/analysis.md``.

        Args:
            new: The newer release (a GovGraph or a Store; may be ``self`` when both releases
                are loaded here, then name them with the dataset options).
            old_dataset: Dataset IRI of the older release, needed when this graph holds several.
            new_dataset: Dataset IRI of the newer release, needed when ``new`` holds several.

        Returns:
            The :class:`~govgraph.analysis.ReleaseDiff`.

        Examples:
            >>> from govgraph import GovGraph
            >>> old, new = GovGraph(), GovGraph()
            >>> _ = old.import_aiwatch(), new.import_ips()  # the 2020 and 2022 releases
            >>> changes = old.diff(new)
            >>> [changes.summary[x] for x in ("old_cases", "new_cases", "matched")]
            [143, 830, 126]

        Raises:
            ConfigurationError: A graph holds several releases and none was chosen.
        """
        from .analysis import diff

        other = new if isinstance(new, Store) else new.store
        return diff(self.store, other, old_dataset=old_dataset, new_dataset=new_dataset)

    def skill_gaps(
        self,
        *,
        actor: str | None = None,
        per_actor_limit: int | None = None,
        filters: Filters | None = None,
        **filter_args: Unpack[GapFilterArgs],
    ) -> list[SkillGap]:
        """Skills actors need for their technologies but hold below the required level.

        See :func:`govgraph.analysis.skill_gaps`.

        Args:
            actor: Only this actor's gaps (an IRI).
            per_actor_limit: At most this many gaps per actor (``None``: all).
            filters: Filters (or as keyword arguments ``country=``, ``level=``, ``kind=``,
                ``technology=``, ``policy_area=``, ``years=``, ``status=``); by default
                public bodies only.

        Returns:
            Skill gaps, largest shortfall first, then those the most initiatives need.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> gaps = kg.skill_gaps(actor="http://example.org/MinX")
            >>> [(g.skill_label, g.required_level, g.held_level) for g in gaps]
            [('Statistics', 3, None), ('AI ethics', 1, None)]

        Raises:
            QueryError: ``actor`` is not an absolute IRI.
            ConfigurationError: ``per_actor_limit`` is below 1, or a bad filter.
        """
        from .analysis import skill_gaps

        return skill_gaps(
            self.store,
            actor=actor,
            per_actor_limit=per_actor_limit,
            filters=filters,
            **filter_args,
        )

    def no_inventory(
        self,
        *,
        actor: str | None = None,
        filters: Filters | None = None,
        **filter_args: Unpack[GapFilterArgs],
    ) -> list[NoInventory]:
        """Actors whose technologies need skills but whose skills inventory is unknown.

        See :func:`govgraph.analysis.no_inventory` (unknown is not missing: they have no
        skill gaps). Filters as for :meth:`skill_gaps`; by default public bodies only.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> [(n.administration_label, n.skills_needed) for n in kg.no_inventory()]
            [('DG B', 4), ('Ministry X, unit', 2)]

        Raises:
            QueryError: ``actor`` is not an absolute IRI.
            ConfigurationError: A bad filter.
        """
        from .analysis import no_inventory

        return no_inventory(self.store, actor=actor, filters=filters, **filter_args)

    def governance_gaps(
        self,
        *,
        kind: str | Iterable[str] | None = None,
        filters: Filters | None = None,
        **filter_args: Unpack[GovernanceFilterArgs],
    ) -> list[PolicyGap]:
        """Policies without owner, without implementing initiative, or without a clear lead.

        See :func:`govgraph.analysis.governance_gaps` for the filters (the owners' country and
        level, an actor and its units, the policy's area and start year).

        Args:
            kind: Only gaps of this kind or kinds (``ownership``, ``implementation``,
                ``unclear-lead``); all when ``None``.
            filters: A :class:`~govgraph.analysis.Filters` object, or the same filters as
                keyword arguments (``country="DEU"``, ``actor=...``; keywords win).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> [(g.kind, g.policy_label) for g in kg.governance_gaps()][:2]
            [('ownership', 'P2 implemented, no owner'), ('ownership', 'P5 guideline, nothing')]

        Raises:
            ConfigurationError: An unknown ``kind``, a filter that does not narrow governance
                gaps (technology, status, kind of actor, between) or a name not in the data.
        """
        from .analysis import governance_gaps

        return governance_gaps(self.store, kind=kind, filters=filters, **filter_args)

    def mutual_learning(self, **options: Unpack[LearningArgs]) -> list[LearningPair]:
        """EU-level actors paired with actors of other levels on shared challenges/technologies.

        Args:
            **options: Those of :func:`govgraph.analysis.mutual_learning`, with its defaults
                (:class:`~govgraph.analysis.LearningArgs`): ``top``, ``desi_indicators``,
                ``per_actor_limit``, and the filters of :meth:`synergies`.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> pair = kg.mutual_learning(top=1)[0]
            >>> pair.a_label, pair.b_label, pair.progress
            ('DG B', 'City Z', 'b-ahead')
            >>> [(item.labels, item.ahead) for item in pair.items][:1]
            [(('Artificial intelligence', 'Blockchain'), 'http://example.org/CityZ')]

        Raises:
            ConfigurationError: A bad filter value, an unknown DESI indicator, or an unknown or
                ambiguous actor.
        """
        from .analysis import mutual_learning

        return mutual_learning(self.store, **options)

    def to_networkx(
        self,
        *,
        kind: str = "synergy",
        by: str = "technology",
        method: str = "jaccard",
        min_score: float = 0.0,
        neighbours: int | None = None,
        filters: Filters | None = None,
    ) -> nx.Graph:
        """A networkx graph: ``actor-technology`` (bipartite), ``synergy`` or ``hierarchy``.

        See :func:`govgraph.analysis.to_networkx` (``method`` scores the synergy edges,
        ``filters`` narrow the synergy graph).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> graph = kg.to_networkx()
            >>> graph.number_of_nodes(), graph.number_of_edges()
            (8, 10)

        Raises:
            ConfigurationError: An unknown kind, an option outside its range, or filters for a
                kind other than ``synergy``.
        """
        from .analysis import to_networkx

        return to_networkx(
            self.store,
            kind=kind,
            by=by,
            method=method,
            min_score=min_score,
            neighbours=neighbours,
            filters=filters,
        )

    def clusters(self, **options: Unpack[ClusterArgs]) -> list[Cluster]:
        """Communities of actors that should coordinate (seeded Louvain on the synergy graph).

        See :func:`govgraph.analysis.clusters` for the options (``by``, ``min_score``,
        ``resolution``, ``seed``, ``min_size``, ``neighbours``, the filters) and their defaults.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> [(c.size, c.item_labels) for c in kg.clusters()]
            [(4, ('Natural language processing',)), (4, ('Machine learning', 'Blockchain'))]

        Raises:
            ConfigurationError: For an unknown dimension, an option outside its range or a bad
                filter.
        """
        from .analysis import clusters

        return clusters(self.store, **options)

    def brokers(self, **options: Unpack[BrokerArgs]) -> list[Broker]:
        """Actors linking otherwise separate actors (betweenness, sampled on large graphs).

        See :func:`govgraph.analysis.brokers` for the options (``by``, ``min_score``, ``top``,
        ``exact_limit``, ``samples``, ``seed``, ``neighbours``, the filters) and their defaults.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> [(b.actor_label, round(b.betweenness, 3)) for b in kg.brokers(top=1)]
            [('City Z', 0.595)]

        Raises:
            ConfigurationError: For an unknown dimension, an option outside its range or a bad
                filter.
        """
        from .analysis import brokers

        return brokers(self.store, **options)

    def partners(self, **options: Unpack[PartnerArgs]) -> list[PartnerLink]:
        """Companies and GovTech partners with the administrations, cases and technologies.

        Args:
            **options: Those of :func:`govgraph.analysis.partners`, with its defaults
                (:class:`~govgraph.analysis.PartnerArgs`): ``partner_kind``, ``top`` and the
                filters of :meth:`synergies` (not ``between``: use ``level=``).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> [(p.partner_label, p.administrations_labels) for p in kg.partners()]
            [('University', ('Ministry X',))]

        Raises:
            ConfigurationError: A bad filter value (or ``between``) or partner kind.
        """
        from .analysis import partners

        return partners(self.store, **options)

    def supplier_dependence(self, **options: Unpack[DependenceArgs]) -> list[SupplierDependence]:
        """The administrations whose cases with a named partner go to one supplier.

        Args:
            **options: Those of :func:`govgraph.analysis.supplier_dependence`, with its
                defaults (:class:`~govgraph.analysis.DependenceArgs`): ``min_cases``,
                ``min_share``, ``partner_kind``, ``top`` and the filters of :meth:`synergies`
                (not ``between``: use ``level=``).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> found = kg.supplier_dependence(min_cases=1)
            >>> [(d.administration_label, d.partner_label) for d in found]
            [('Ministry X', 'University')]

        Raises:
            ConfigurationError: A bad filter value (or ``between``), ``min_cases`` or
                ``min_share``.
        """
        from .analysis import supplier_dependence

        return supplier_dependence(self.store, **options)

    def funding_shares(
        self,
        *,
        by_technology: bool = False,
        filters: Filters | None = None,
        **filter_args: Unpack[CountryFilterArgs],
    ) -> list[FundingShare]:
        """Share of EU-funded initiatives per country (and technology).

        See :func:`govgraph.analysis.funding_shares` for the filters (the initiatives' country,
        technology, policy area, start years and status).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> kg.funding_shares()  # the example graph records no funding source
            []

        Raises:
            ConfigurationError: An actor filter, a bad value or a name not in the data.
        """
        from .analysis import funding_shares

        return funding_shares(
            self.store, by_technology=by_technology, filters=filters, **filter_args
        )

    def find(
        self, text: str, *, kind: str | None = None, country: str | None = None, top: int = 20
    ) -> list[Found]:
        """Find organisations, initiatives, technologies and policies by name or identifier.

        See :func:`govgraph.analysis.find`.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> [(f.label, f.score) for f in kg.find("ministry x")][:2]
            [('Ministry X', 100.0), ('Ministry X, unit', 93.8)]

        Raises:
            GovGraphError: ``text`` is empty or ``kind`` unknown.
        """
        from .analysis import find

        return find(self.store, text, kind=kind, country=country, top=top)

    def capacity_gaps(self, **options: Any) -> list[CapacityGap]:
        """Countries whose adoption of a technology outruns a DESI capacity indicator.

        See :func:`govgraph.analysis.capacity_gaps` (needs the DESI import loaded).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()

            >>> kg.capacity_gaps()  # its one DESI observation has no case of its country to compare
            []

        Raises:
            ConfigurationError: An actor filter, a bad filter value or an unknown DESI indicator.
        """
        from .analysis import capacity_gaps

        return capacity_gaps(self.store, **options)
