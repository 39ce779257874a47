"""Result types of the analyses: small frozen dataclasses with ``to_dict()``.

Those of mutual learning are in ``_results_learning``.

IRIs are full strings; every IRI field has a matching ``*_label`` field (``None`` when the data
has no label), and list fields have a parallel ``*_labels`` list.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

__all__ = [
    "SYNERGY_COLUMNS",
    "Broker",
    "Cluster",
    "Evidence",
    "PolicyGap",
    "SkillGap",
    "Synergy",
    "UseCase",
]


#: The columns of a synergy as one flat row (:meth:`Synergy.to_row`), in the order CSV and
#: spreadsheet outputs write them; the first eight name the two actors of any pair.
SYNERGY_COLUMNS: tuple[str, ...] = (
    "a",
    "b",
    "a_label",
    "b_label",
    "a_country",
    "b_country",
    "a_level",
    "b_level",
    "dimension",
    "method",
    "score",
    "shared",
    "shared_labels",
    "weights",
    "use_cases",
    "a_evidence",
    "b_evidence",
    "strength",
    "already_collaborating",
)


def _as_dict(obj: Any) -> dict[str, Any]:
    """Fields of a result dataclass in declaration order, tuples turned into lists."""
    out: dict[str, Any] = {}
    for f in fields(obj):
        value = getattr(obj, f.name)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


@dataclass(frozen=True, slots=True)
class Evidence:
    """One initiative behind a pair: what a person opens to see why two actors were paired.

    Attributes:
        initiative: IRI of the initiative.
        identifier: Its identifier in the data (``dct:identifier``, e.g. ``PSTW-601``).
        label: Its name.
        start_year: Its start year (``gg:startYear``).
        status: Label of its status (``Pilot``, ``Implemented``...).
        homepage: Its web page (``foaf:homepage``, ``dcat:landingPage`` or ``rdfs:seeAlso``).
    """

    initiative: str
    identifier: str | None = None
    label: str | None = None
    start_year: int | None = None
    status: str | None = None
    homepage: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields).

        Examples:
            >>> from govgraph import GovGraph
            >>> evidence = GovGraph.example().synergies(top=1)[0].a_evidence[0].to_dict()
            >>> evidence["label"], evidence["status"], list(evidence)[-3:]
            ('i4', 'Planned', ['start_year', 'status', 'homepage'])
        """
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class UseCase:
    """A shared use case: two items that occur together in one initiative on each side.

    For example a technology applied in a policy area (chatbots in social protection).

    Attributes:
        items: The two item IRIs, sorted.
        labels: Their labels, same order.
        weight: What the use case adds to the score.
    """

    items: tuple[str, ...]
    labels: tuple[str | None, ...]
    weight: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> UseCase(("http://example.org/ML", "http://example.org/Health"),
            ...         ("Machine learning", "Health"), 0.7).to_dict()["labels"]
            ['Machine learning', 'Health']
        """
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class Synergy:
    """Two actors that share items along a dimension and do not already collaborate.

    Attributes:
        a: IRI of the first actor: the actor of ``actor=``, else the one at the first level
            of ``between=``, else the smaller IRI of the pair.
        b: IRI of the second actor.
        a_label: Label of ``a`` with its country code: ``Ministry of Justice (AT)``.
        b_label: Label of ``b``, the same way.
        dimension: ``technology``, ``policy_area``, ``challenge`` or ``all``.
        shared: The shared items (IRIs): by weight, largest first (``jaccard``: sorted IRIs).
        score: The pair's score (see ``method``): the sum of ``weights`` and of the use cases'
            weights for ``rarity``; the Jaccard index for ``jaccard``.
        shared_labels: Labels of ``shared``, same order.
        a_items: Number of items of ``a`` in the dimension.
        b_items: Number of items of ``b`` in the dimension.
        method: The scoring method (``rarity``, ``jaccard``...).
        a_country: Country of ``a`` (ISO 3166 alpha-3, ``AUT``), ``None`` if unknown.
        b_country: Country of ``b``.
        a_level: Administrative level of ``a`` (IRI), ``None`` if unknown.
        b_level: Administrative level of ``b``.
        weights: ``(item IRI, weight)`` for each shared item, same order as ``shared``
            (``dict(s.weights)``; JSON: an object).
        use_cases: The shared use cases, largest weight first (at most 10).
        a_evidence: ``a``'s initiatives behind the shared items, most telling first (at most 10).
        b_evidence: The same for ``b``.
        strength: Number of initiatives behind the pair on both sides (breaks ties).
        already_collaborating: Identifiers of the cases, one or more on each side, that look
            like one project recorded twice (the same web page and similar names): the two
            already work together. Empty when none; such pairs come
            after the others in top lists.
    """

    a: str
    b: str
    a_label: str | None
    b_label: str | None
    dimension: str
    shared: tuple[str, ...]
    score: float
    shared_labels: tuple[str | None, ...] = ()
    a_items: int = 0
    b_items: int = 0
    method: str = "jaccard"
    a_country: str | None = None
    b_country: str | None = None
    a_level: str | None = None
    b_level: str | None = None
    weights: tuple[tuple[str, float], ...] = ()
    use_cases: tuple[UseCase, ...] = ()
    a_evidence: tuple[Evidence, ...] = ()
    b_evidence: tuple[Evidence, ...] = ()
    strength: int = 0
    already_collaborating: tuple[str, ...] = ()

    def to_row(self) -> dict[str, Any]:
        """One flat row for CSV and spreadsheets (columns: :data:`SYNERGY_COLUMNS`).

        The evidence is the initiatives' identifiers (``PSTW-601``), ``weights`` a list parallel
        to ``shared`` and each use case its labels joined by ``+``.

        Examples:
            >>> from govgraph import GovGraph
            >>> row = GovGraph.example().synergies(top=1)[0].to_row()
            >>> row["a_label"], row["b_label"], row["shared_labels"], row["a_evidence"]
            ('DG B', 'Ministry Y', ['Blockchain', 'Machine learning'], ['http://example.org/i4'])
        """
        row = self.to_dict()
        row["weights"] = [w for _, w in self.weights]
        row["use_cases"] = [" + ".join(str(x) for x in u.labels) for u in self.use_cases]
        row["a_evidence"] = [e.identifier or e.initiative for e in self.a_evidence]
        row["b_evidence"] = [e.identifier or e.initiative for e in self.b_evidence]
        return row

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists, ``weights`` an object).

        Examples:
            >>> from govgraph import GovGraph
            >>> found = GovGraph.example().synergies(top=1)[0].to_dict()
            >>> found["a_label"], round(found["score"], 3), found["a_evidence"][0]["status"]
            ('DG B', 1.192, 'Planned')
        """
        return {
            "a": self.a,
            "b": self.b,
            "a_label": self.a_label,
            "b_label": self.b_label,
            "dimension": self.dimension,
            "shared": list(self.shared),
            "score": self.score,
            "shared_labels": list(self.shared_labels),
            "a_items": self.a_items,
            "b_items": self.b_items,
            "method": self.method,
            "a_country": self.a_country,
            "b_country": self.b_country,
            "a_level": self.a_level,
            "b_level": self.b_level,
            "weights": dict(self.weights),
            "use_cases": [u.to_dict() for u in self.use_cases],
            "a_evidence": [e.to_dict() for e in self.a_evidence],
            "b_evidence": [e.to_dict() for e in self.b_evidence],
            "strength": self.strength,
            "already_collaborating": list(self.already_collaborating),
        }


@dataclass(frozen=True, slots=True)
class SkillGap:
    """A skill an actor needs (through its technologies) and holds below the required level.

    Attributes:
        administration: IRI of the actor (administration or unit) with the gap.
        skill: IRI of the skill.
        required_level: Highest level any of its technologies requires (1 to 8).
        held_level: Highest level held by the actor or any of its units; ``None`` if not held.
        because: The actor's technologies that need the skill (directly or through a broader
            technology), sorted.
        kind: Always ``"skill"``.
        administration_label: Label of ``administration`` with its country code
            (``Ministry of Finance (MT)``).
        skill_label: Label of ``skill``.
        because_labels: Labels of ``because``, same order.
        initiatives: The actor's own initiatives that use those technologies (IRIs, sorted):
            the work that needs the skill.
        initiatives_labels: Labels of ``initiatives``, same order.
    """

    administration: str
    skill: str
    required_level: int
    held_level: int | None
    because: tuple[str, ...]
    kind: str = "skill"
    administration_label: str | None = None
    skill_label: str | None = None
    because_labels: tuple[str | None, ...] = ()
    initiatives: tuple[str, ...] = ()
    initiatives_labels: tuple[str | None, ...] = ()

    @property
    def shortfall(self) -> int:
        """Levels missing: ``required_level - (held_level or 0)``.

        Examples:
            >>> SkillGap("ex:dg", "ex:python", required_level=3, held_level=1, because=()).shortfall
            2
            >>> SkillGap("ex:dg", "ex:python", 3, held_level=None, because=()).shortfall  # not held
            3
        """
        return self.required_level - (self.held_level or 0)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> gap = GovGraph.example().skill_gaps()[0].to_dict()
            >>> gap["administration_label"], gap["skill_label"], gap["because_labels"]
            ('Ministry X', 'Statistics', ['Machine learning'])
        """
        return _as_dict(self)


#: Kinds of governance gaps, in the order they are reported.
GAP_KINDS = ("ownership", "implementation", "unclear-lead")

#: Each governance gap kind in words, as the CLI and the report show it.
GAP_DESCRIPTIONS = {
    "ownership": "No owner (no gg:ownedBy)",
    "implementation": "Not implemented by any initiative",
    "unclear-lead": "Several owners, no clear lead",
}


@dataclass(frozen=True, slots=True)
class PolicyGap:
    """A governance gap of a policy.

    Attributes:
        kind: ``ownership`` (no ``gg:ownedBy``), ``implementation`` (no initiative
            ``gg:implements`` it) or ``unclear-lead`` (several owners, none of which contains
            all the others as units).
        policy: IRI of the policy.
        policy_label: Label of ``policy``.
        owners: Its owners (IRIs, sorted; empty for an ownership gap).
        owner_labels: Labels of ``owners`` with their country codes, same order.
    """

    kind: str
    policy: str
    policy_label: str | None = None
    owners: tuple[str, ...] = ()
    owner_labels: tuple[str | None, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> gap = GovGraph.example().governance_gaps()[-1].to_dict()
            >>> gap["kind"], gap["policy_label"], gap["owner_labels"]
            ('unclear-lead', 'P3 two sibling owners', ['DG A', 'DG B'])
        """
        return _as_dict(self)

    @property
    def description(self) -> str:
        """What the gap is, in words (:data:`GAP_DESCRIPTIONS`); another kind as it is.

        Examples:
            >>> PolicyGap("ownership", "http://example.org/P2").description
            'No owner (no gg:ownedBy)'
        """
        return GAP_DESCRIPTIONS.get(self.kind, self.kind)


@dataclass(frozen=True, slots=True)
class Cluster:
    """A community of actors in the synergy graph (they should coordinate).

    Attributes:
        id: Number of the cluster (0 = largest).
        members: Actor IRIs, sorted.
        member_labels: Labels of ``members`` with their country codes
            (``Ministry of Finance (MT)``), same order.
        size: Number of members.
        items: What sets the cluster apart: items held by at least two members and by a
            larger share of its members than of all actors, most characteristic first (up to
            10; see ``docs/analysis.md``).
        item_labels: Labels of ``items``, same order.
        dimension: The synergy dimension the graph was built on.
        central: Whom to call first: up to 10 members, those with the most cases on what names
            the cluster (its first three ``items``, or a narrower concept) first, then those
            with the strongest ties inside it (summed scores of their synergies with other
            members).
        central_labels: Labels of ``central``, same order.
        central_cases: How many cases each of ``central`` has on the cluster's first three
            ``items``, same order.
    """

    id: int
    members: tuple[str, ...]
    member_labels: tuple[str | None, ...]
    size: int
    items: tuple[str, ...] = ()
    item_labels: tuple[str | None, ...] = ()
    dimension: str = "technology"
    central: tuple[str, ...] = ()
    central_labels: tuple[str | None, ...] = ()
    central_cases: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> cluster = GovGraph.example().clusters()[1].to_dict()
            >>> cluster["size"], cluster["item_labels"], cluster["central_labels"][0]
            (4, ['Machine learning', 'Blockchain'], 'Ministry Y')
        """
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class Broker:
    """An actor that links otherwise separate actors in the synergy graph.

    Attributes:
        actor: IRI of the actor.
        actor_label: Its label with its country code (``Ministry of Finance (MT)``).
        betweenness: Normalised betweenness centrality (sampled on large graphs).
        degree: Number of synergy partners.
        exact: ``False`` when betweenness was estimated from a seeded sample of sources.
        dimension: The synergy dimension the graph was built on.
        clusters: What it links: the clusters its partners are in (their ``id`` in
            :func:`~govgraph.analysis.clusters` with the same arguments), most partners first.
        cluster_names: Names of ``clusters``: up to three of the items that set each apart.
        cluster_partners: How many of its partners are in each of ``clusters``.
    """

    actor: str
    actor_label: str | None
    betweenness: float
    degree: int
    exact: bool = True
    dimension: str = "technology"
    clusters: tuple[int, ...] = ()
    cluster_names: tuple[str, ...] = ()
    cluster_partners: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> broker = GovGraph.example().brokers(top=1)[0].to_dict()
            >>> broker["actor_label"], broker["degree"], broker["cluster_partners"]
            ('City Z', 4, [3, 1])
        """
        return _as_dict(self)
