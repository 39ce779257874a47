"""Facts the analyses share, each fetched with one SPARQL query from ``queries/``.

Labels and initiative facts, read in bulk, come from :meth:`Store.triple_values` instead (the
triples of a few predicates: an embedded store reads them from its indexes, faster than the
query; a remote one runs the same SPARQL).

Every query here is plain SPARQL 1.1 without engine-specific functions, so it runs unchanged on
the embedded Oxigraph store and on a remote endpoint such as Virtuoso. Queries return direct facts
(one row per actor and item, per hierarchy link...); transitive closures and set arithmetic are
done here in Python, which is linear in the number of rows and avoids the differences between
engines in evaluating ``+``/``*`` property paths with both ends unbound.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property

from rdflib import URIRef

from ._facts_core import FactsCore

__all__ = ["Facts", "short_code"]

from ._inherit import inherited
from ._vocab import (
    _LEVEL_NAMES,
    INITIATIVE_FACT_PREDICATES,
    LABEL_PREDICATES,
    LABELS_OF_LIMIT,
    _best_labels,
    _collect,
    _collect_triples,
    _label_rows,
    load_query,
    organisation_facts,
    own_kinds,
    short_code,
    year_of,
)


@dataclass
class Facts(FactsCore):
    """Lazily fetched facts of one store, shared by several analyses.

    Each fact (actors, item sets, hierarchy, labels...) is fetched with one query the first time
    it is needed and then kept: create a new ``Facts`` after the data changes.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import skill_gaps, synergies
        >>> facts = Facts(GovGraph.example().store)  # read once, shared by the analyses
        >>> [(s.a_label, s.b_label) for s in synergies(facts, top=2)]
        [('DG B', 'Ministry Y'), ('City Z', 'DG A, unit 1')]
        >>> gap = skill_gaps(facts)[0]
        >>> gap.administration_label, gap.skill_label, gap.required_level, gap.held_level
        ('Ministry X', 'Statistics', 3, None)

    Args:
        store: The store to query.
    """

    # ---------------------------------------------------------------- labels
    @cached_property
    def labels(self) -> dict[str, str]:
        """IRI -> label (skos:prefLabel over rdfs:label; English, then untagged, then any).

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.labels['http://example.org/BC']
            'Blockchain'
        """
        return _best_labels(_label_rows(self.store.triple_values(LABEL_PREDICATES)))

    def labels_of(self, iris: Iterable[str]) -> Mapping[str, str]:
        """Labels of some IRIs: fetched for those IRIs only, unless all labels are known already.

        Few IRIs (up to ``LABELS_OF_LIMIT``) are looked up with ``VALUES`` blocks of safely
        written IRIs; more fetch every label once (:attr:`labels`). The mapping returned may
        hold the labels of other IRIs too.

        Examples:
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.labels_of(["http://example.org/EC"])["http://example.org/EC"]  # English first
            'European Commission'

        Raises:
            QueryError: An IRI cannot be written in SPARQL, or the store fails to answer.
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        if "labels" in self.__dict__:
            return self.labels
        wanted = sorted(set(iris) - self._looked_up)
        if len(wanted) > LABELS_OF_LIMIT:
            return self.labels
        from ..store import term_to_sparql

        template = load_query("labels_of.rq")
        for start in range(0, len(wanted), 200):
            chunk = wanted[start : start + 200]
            values = " ".join(term_to_sparql(URIRef(i)) for i in chunk)
            text = template.replace("#VALUES#", f"VALUES ?thing {{ {values} }}")
            self._partial_labels.update(_best_labels(self.store.query_values(text)))
            self._looked_up.update(chunk)
        return self._partial_labels

    def label(self, iri: str | None) -> str | None:
        """The label of ``iri`` or ``None``.

        Examples:
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.label("http://example.org/NLP"), facts.label("http://example.org/nothing")
            ('Natural language processing', None)

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        return self.labels.get(iri) if iri is not None else None

    def label_list(self, iris: Iterable[str]) -> list[str | None]:
        """Labels of several IRIs (``None`` where unlabelled), in the same order.

        Examples:
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.label_list(["http://example.org/MinY", "http://example.org/nothing"])
            ['Ministry Y', None]

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        labels = self.labels
        return [labels.get(i) for i in iris]

    # ------------------------------------------------- organisations (filters)
    @cached_property
    def _organisation_facts(self) -> tuple[dict[str, set[str]], ...]:
        """Organisation -> its categories, its classes, its own countries (three mappings)."""
        return organisation_facts(self.values("organisation_facts.rq"))  # sets: repeats vanish

    @cached_property
    def _own_kinds(self) -> dict[str, str]:
        """Organisation -> the kind its own categories (else its classes) give."""
        categories, types, _ = self._organisation_facts
        return own_kinds(categories, types)

    @cached_property
    def kinds(self) -> dict[str, str]:
        """Actor -> its kind of organisation (``public-administration``, ``company``, ...).

        Taken from its ``org:classification`` (the PSTW organisation category), else its class
        (``gg:PublicAdministration``, ``gg:PrivatePartner``...), else from its nearest ancestor.
        Actors of unknown kind are missing.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.kinds['http://example.org/CityZ']
            'public-administration'
        """
        own = self._own_kinds
        result: dict[str, str] = {}
        memo: dict[str, str | None] = {}
        for actor in self.actor_initiatives:
            kind = inherited(actor, own, self.parents, memo)
            if kind is not None:
                result[actor] = kind
        return result

    @cached_property
    def _country_memo(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def _own_countries(self) -> dict[str, str]:
        """Organisation -> its own country (the smallest IRI when it states several)."""
        return {org: min(found) for org, found in self._organisation_facts[2].items()}

    @cached_property
    def countries(self) -> dict[str, str]:
        """Actor -> its country (EU country-table IRI).

        Its own ``dct:spatial``, else its nearest ancestor's, else the one country all its
        initiatives are in.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> kg = GovGraph()
            >>> _ = kg.load('''
            ... @prefix gg: <https://w3id.org/govgraph#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... @prefix org: <http://www.w3.org/ns/org#> .
            ... <http://example.org/Min> a gg:PublicAdministration ;
            ...     dct:spatial <http://publications.europa.eu/resource/authority/country/AUT> .
            ... <http://example.org/Unit> org:unitOf <http://example.org/Min> .
            ... <http://example.org/i1> gg:ledBy <http://example.org/Unit> .
            ... ''', format='turtle')
            >>> Facts(kg.store).countries['http://example.org/Unit']  # its ministry's
            'http://publications.europa.eu/resource/authority/country/AUT'
        """
        result: dict[str, str] = {}
        for actor in self.actor_initiatives:
            country = self._country(actor, lambda: self.initiative_facts)
            if country is not None:
                result[actor] = country
        return result

    def countries_of(self, actors: Iterable[str]) -> dict[str, str]:
        """:attr:`countries` of some actors only (the facts of their initiatives fetched alone).

        Many actors (more than ``LABELS_OF_LIMIT``) take every country at once. Actors without
        a known country, and IRIs that are not actors, are left out.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()
            >>> kg.load("<http://example.org/MinX> <http://purl.org/dc/terms/spatial> <http://"
            ...         "publications.europa.eu/resource/authority/country/AUT> .", format="turtle")
            1
            >>> facts = Facts(kg.store)
            >>> ex = "http://example.org/"
            >>> found = facts.countries_of([ex + "MinX_Unit", ex + "EC"])  # EC: no country
            >>> {actor[len(ex) :]: country[-3:] for actor, country in found.items()}
            {'MinX_Unit': 'AUT'}

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        wanted = [a for a in actors if a in self.actor_initiatives]
        if "countries" in self.__dict__ or len(wanted) > LABELS_OF_LIMIT:
            every = self.countries
            return {a: every[a] for a in wanted if a in every}
        initiatives = self.actor_initiatives

        def about() -> Mapping[str, dict[str, str]]:
            return self.initiative_facts_of(x for a in wanted for x in initiatives[a])

        result: dict[str, str] = {}
        for actor in wanted:
            country = self._country(actor, about)
            if country is not None:
                result[actor] = country
        return result

    def _country(self, actor: str, about: Callable[[], Mapping[str, dict[str, str]]]) -> str | None:
        """One actor's :attr:`countries` entry; ``about()`` gives its initiatives' facts."""
        country = inherited(actor, self._own_countries, self.parents, self._country_memo)
        if country is None:
            facts = about()
            places = {facts.get(i, {}).get("country") for i in self.actor_initiatives[actor]}
            places.discard(None)
            if len(places) == 1:
                country = places.pop()
        return country

    def organisation_country(self, org: str) -> str | None:
        """Any organisation's own country, else its nearest ancestor's (even without cases).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()
            >>> kg.load("<http://example.org/MinX> <http://purl.org/dc/terms/spatial> <http://"
            ...         "publications.europa.eu/resource/authority/country/AUT> .", format="turtle")
            1
            >>> facts = Facts(kg.store)
            >>> facts.organisation_country("http://example.org/MinX_Unit")  # from its ministry
            'http://publications.europa.eu/resource/authority/country/AUT'
            >>> facts.organisation_country("http://example.org/EC") is None
            True

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        return inherited(org, self._own_countries, self.parents, self._country_memo)

    def country_code(self, actor: str) -> str | None:
        """The actor's country as a short code for labels (``AT``; alpha-3 when not known).

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()
            >>> kg.load("<http://example.org/MinX> <http://purl.org/dc/terms/spatial> <http://"
            ...         "publications.europa.eu/resource/authority/country/AUT> .", format="turtle")
            1
            >>> facts = Facts(kg.store)
            >>> facts.country_code("http://example.org/MinX_Unit")  # from its ministry
            'AT'

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        country = self.countries.get(actor)
        if country is None and actor not in self.actor_initiatives:
            country = self.organisation_country(actor)
        return short_code(country)

    def level_name(self, actor: str) -> str | None:
        """The actor's level as a filter name (``eu``, ``national``...), ``None`` if unknown.

        Examples:
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> [facts.level_name("http://example.org/" + x) for x in ("DG_A", "CityZ", "Univ")]
            ['eu', 'local', None]

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        level = self.levels.get(actor)
        return _LEVEL_NAMES.get(level) if level is not None else None

    def display_label(self, actor: str) -> str:
        """Label with the country code a person needs: ``Ministry of Justice (AT)``.

        An international organisation (Council of Europe, EPO, OECD) is marked
        ``(international)``: the EU-wide coverage of its cases does not make it an EU body.
        Without a label, the IRI.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph.example()
            >>> kg.load("<http://example.org/MinX> <http://purl.org/dc/terms/spatial> <http://"
            ...         "publications.europa.eu/resource/authority/country/AUT> .", format="turtle")
            1
            >>> facts = Facts(kg.store)
            >>> facts.display_label("http://example.org/MinX_Unit")
            'Ministry X, unit (AT)'
            >>> facts.display_label("http://example.org/EC")  # no country in the data
            'European Commission'

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        label = self.labels_of([actor]).get(actor) or actor
        if self.kinds.get(actor) == "international-organisation":
            return f"{label} (international)"
        code = self.country_code(actor)
        return f"{label} ({code})" if code else label

    def actor_label(self, actor: str) -> str | None:
        """:meth:`display_label` of a labelled actor, ``None`` for one without a label.

        The ``*_label`` fields of the results that name actors use it, so namesakes in several
        countries (a ministry of finance) are told apart everywhere.

        Examples:
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.actor_label("http://example.org/MinX")
            'Ministry X'
            >>> facts.actor_label("http://example.org/unlabelled") is None
            True

        Raises:
            QueryError: The store fails to answer (on the first read of the facts needed).
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        return self.display_label(actor) if self.labels_of([actor]).get(actor) else None

    # ------------------------------------------------------------- initiatives
    def initiative_facts_of(self, iris: Iterable[str]) -> Mapping[str, dict[str, str]]:
        """:attr:`initiative_facts` of some initiatives only, fetched for those (``VALUES``).

        The mapping returned may hold the facts of other initiatives too.

        Examples:
            >>> from govgraph import GovGraph
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.initiative_facts_of(["http://example.org/i3"])["http://example.org/i3"]
            {'status': 'https://w3id.org/govgraph#StatusPilot'}

        Raises:
            QueryError: An IRI cannot be written in SPARQL, or the store fails to answer.
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        if "initiative_facts" in self.__dict__:
            return self.initiative_facts
        known = self._partial_initiatives
        wanted = sorted({i for i in iris if i not in known})
        if len(wanted) > LABELS_OF_LIMIT:
            return self.initiative_facts
        from ..store import term_to_sparql

        template = load_query("initiative_facts.rq")
        for start in range(0, len(wanted), 200):
            chunk = wanted[start : start + 200]
            values = " ".join(term_to_sparql(URIRef(i)) for i in chunk)
            text = template.replace("#VALUES#", f"VALUES ?initiative {{ {values} }}")
            for initiative in chunk:
                self._partial_initiatives.setdefault(initiative, {})
            # repeated rows need no dropping: the smallest value of each fact is kept
            _collect(self.store.query_values(text), self._partial_initiatives)
        return self._partial_initiatives

    @cached_property
    def initiative_facts(self) -> dict[str, dict[str, str]]:
        """Initiative -> ``identifier``, ``start_year``, ``status``, ``homepage``, ``country``.

        Where the data states several values, the smallest is kept.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.initiative_facts['http://example.org/i2']
            {'status': 'https://w3id.org/govgraph#StatusInDevelopment'}
        """
        result: dict[str, dict[str, str]] = {}
        initiatives = set().union(*self.actor_initiatives.values())
        rows = self.store.triple_values(list(INITIATIVE_FACT_PREDICATES))
        _collect_triples(rows, initiatives, result)
        return result

    def start_year(self, initiative: str) -> int | None:
        """The initiative's start year, ``None`` when not stated or not a year.

        Examples:
            >>> from govgraph import GovGraph
            >>> kg = GovGraph()
            >>> kg.load("@prefix gg: <https://w3id.org/govgraph#> . <http://example.org/i1>"
            ...         " gg:ledBy <http://example.org/city> ; gg:startYear 2019 .",
            ...         format="turtle")
            2
            >>> Facts(kg.store).start_year("http://example.org/i1")
            2019

        Raises:
            QueryError: The IRI cannot be written in SPARQL, or the store fails to answer.
            EndpointError: A remote endpoint refuses the query or cannot be reached.
        """
        known = self.__dict__.get("initiative_facts")
        facts = known if known is not None else self.initiative_facts_of([initiative])
        return year_of(facts.get(initiative, {}).get("start_year"))

    @cached_property
    def alt_labels(self) -> dict[str, tuple[str, ...]]:
        """IRI -> its ``skos:altLabel`` texts.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.analysis import Facts
            >>> facts = Facts(GovGraph.example().store)
            >>> facts.alt_labels['http://example.org/EC']
            ('Commission',)
        """
        result: dict[str, list[str]] = defaultdict(list)
        for thing, label in self.values("alt_labels.rq").rows:
            if thing is not None and label is not None:
                result[thing].append(label.strip())
        return {k: tuple(sorted(set(v))) for k, v in result.items()}
