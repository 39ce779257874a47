"""Skill gaps, and the actors whose skills are unknown (no inventory)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from typing_extensions import Unpack

from .._exceptions import ConfigurationError
from ..store import Store
from ._columns import from_columns
from ._facts import Facts
from ._filters import Filters, GapFilterArgs
from ._pause import gc_paused
from ._results import SkillGap, _as_dict
from ._select import resolve

__all__ = ["NoInventory", "no_inventory", "skill_gaps"]


def _check_iri(value: str) -> None:
    """Refuse an actor that is not an absolute IRI (issue 8: hostile parameters fail clearly)."""
    from rdflib import URIRef

    from .._exceptions import QueryError
    from ..store import term_to_sparql

    term_to_sparql(URIRef(value))  # QueryError for spaces, quotes, braces, angle brackets
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        raise QueryError(
            f"actor {value!r} is not an absolute IRI; give e.g. https://example.org/dg1"
        )


@dataclass(frozen=True, slots=True)
class NoInventory:
    """An actor whose technologies need skills but whose skills inventory is unknown.

    No competency is recorded for it or any of its units, so its skills are unknown, not
    missing: it is listed here instead of among the skill gaps.

    Attributes:
        administration: IRI of the actor.
        skills_needed: How many skills its technologies need.
        technologies: Its technologies that need skills, sorted.
        skills: The skills needed (IRIs, sorted).
        kind: Always ``"no-inventory"``.
        administration_label: Label of ``administration`` with its country code
            (``Ministry of Finance (MT)``).
        technologies_labels: Labels of ``technologies``, same order.
    """

    administration: str
    skills_needed: int
    technologies: tuple[str, ...]
    skills: tuple[str, ...] = ()
    kind: str = "no-inventory"
    administration_label: str | None = None
    technologies_labels: tuple[str | None, ...] = ()
    skills_labels: tuple[str | None, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> found = GovGraph.example().no_inventory()[0].to_dict()
            >>> found["administration_label"], found["skills_needed"], found["technologies_labels"]
            ('DG B', 4, ['Blockchain', 'Machine learning'])
        """
        return _as_dict(self)


def _required(facts: Facts, tech: str) -> Iterator[tuple[str, int]]:
    """``(skill, level)`` that ``tech`` requires, itself or through a broader technology."""
    requirements = facts.requirements
    for source in (tech, *facts.broader.get(tech, ())):
        yield from requirements.get(source, {}).items()


def _needs(
    facts: Facts, who: str, technologies: Mapping[str, frozenset[str]]
) -> tuple[dict[str, int], dict[str, set[str]]]:
    """The skills ``who`` needs (highest level) and the technologies behind each."""
    needs: dict[str, int] = {}
    because: dict[str, set[str]] = defaultdict(set)
    for tech in technologies.get(who, ()):
        for skill, level in _required(facts, tech):
            needs[skill] = max(level, needs.get(skill, 0))
            because[skill].add(tech)
    return needs, because


def _has_inventory(facts: Facts, who: str) -> bool:
    """Whether a competency is recorded for ``who`` or one of its units (any depth)."""
    competencies = facts.competencies
    return any(competencies.get(h) for h in (who, *facts.descendants.get(who, ())))


class _Scope:
    """The actors and technologies a gap analysis looks at, after its filters."""

    def __init__(
        self,
        facts: Facts,
        actor: str | None,
        filters: Filters | None,
        filter_args: GapFilterArgs,
    ) -> None:
        if actor is not None:
            _check_iri(str(actor))
        chosen = Filters.of(filters, **filter_args)
        chosen.refuse_between(why="gaps are per actor")
        named = actor is not None or chosen.actor is not None
        # public bodies by default ("which skills civil servants lack"); an actor asked for
        # by name is looked at whatever its kind
        selection = resolve(chosen, facts, default_kind="any" if named else "public")
        kept = selection.actors if selection.focus is None else selection.actors & selection.focus
        self.initiatives = selection.initiatives
        if self.initiatives is None:
            self.technologies: Mapping[str, frozenset[str]] = facts.items("technology")
        else:  # only the technologies of the initiatives kept
            found: dict[str, set[str]] = defaultdict(set)
            for who, tech, initiative in facts.item_rows("technology"):
                if initiative is not None and initiative in self.initiatives:
                    found[who].add(tech)
            self.technologies = {who: frozenset(techs) for who, techs in found.items()}
        every = [str(actor)] if actor is not None else sorted(self.technologies)
        self.actors = [who for who in every if who in kept]


@gc_paused()  # the gaps are many small objects without cycles
def skill_gaps(
    store: Store | Facts,
    *,
    actor: str | None = None,
    per_actor_limit: int | None = None,
    filters: Filters | None = None,
    **filter_args: Unpack[GapFilterArgs],
) -> list[SkillGap]:
    """Find the skills actors need for their technologies but do not hold at the level required.

    An actor needs every skill its technologies require (``gg:requiresSkill``: level 1; a
    ``gg:SkillRequirement``: its ``gg:proficiencyLevel``), including the skills required by
    broader technologies (``skos:broader``, any depth). It holds a skill at the highest level held
    by itself or by any of its units (``org:unitOf``, any depth); a unit does not draw on its
    parent. **Unknown is not missing**: only actors with a skills inventory (a competency
    recorded for them or one of their units) can have gaps; the others are listed by
    :func:`no_inventory`.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import skill_gaps
        >>> kg = GovGraph.example()
        >>> gap = skill_gaps(kg.store)[0]  # the largest: a skill needed at 3, not held at all
        >>> gap.administration_label, gap.skill_label, gap.required_level, gap.held_level
        ('Ministry X', 'Statistics', 3, None)
        >>> gap.because_labels, gap.initiatives_labels  # the technology and case that need it
        (('Machine learning',), ('i5',))
        >>> [(g.skill_label, g.required_level, g.held_level)
        ...  for g in skill_gaps(kg.store, actor="http://example.org/DG_A")]
        [('Statistics', 3, 2)]

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        actor: Only report gaps of this actor (an IRI), whatever its kind.
        per_actor_limit: Keep at most this many gaps of each actor (its largest), so that a
            short list names several actors; ``None`` keeps every gap.
        filters: A :class:`Filters` object; the same filters can be given as keyword
            arguments (:class:`GapFilterArgs`). The actor filters (``country=``, ``level=``,
            ``kind=``) choose the actors: by default public bodies only (``kind="public"``;
            ``kind="any"`` for every kind). The initiative filters (``technology=``,
            ``policy_area=``, ``years=``, ``status=``) choose the initiatives whose
            technologies count: ``years=(2021, 2023)`` gives the skills the cases started in
            those years need. ``between=`` pairs actors and is refused here.

    Returns:
        Gaps, largest first: by shortfall (required minus held level, not held counting as
        0), then required level, then the number of the actor's initiatives that need the
        skill (``initiatives``) and of its technologies that do (``because``), all descending;
        then skills specific to few technologies of the data before skills most technologies
        need ("blockchain signature schemes" before "computer programming"); then actor IRI,
        skill label and skill IRI.

    Raises:
        QueryError: ``actor`` is not an absolute IRI or contains spaces, quotes, braces or angle
            brackets.
        ConfigurationError: ``per_actor_limit`` is below 1, or a bad filter (an unknown
            country, kind, technology...; ``between``).
    """
    if per_actor_limit is not None and per_actor_limit < 1:
        raise ConfigurationError(
            f"per_actor_limit={per_actor_limit} keeps nothing; give 1 or more, or None for all"
        )
    facts = store if isinstance(store, Facts) else Facts(store)
    scope = _Scope(facts, actor, filters, filter_args)
    competencies = facts.competencies
    descendants = facts.descendants
    cases = _cases_by_technology(facts, scope.initiatives)
    spread = _spread(facts)
    labels = facts.labels
    gaps: list[tuple[Any, ...]] = []
    for who in scope.actors:
        if not _has_inventory(facts, who):
            continue
        needs, because = _needs(facts, who, scope.technologies)
        holders = (who, *descendants.get(who, ()))
        for skill, required in needs.items():
            held = max(
                (competencies[h][skill] for h in holders if skill in competencies.get(h, {})),
                default=None,
            )
            if held is None or held < required:
                techs = sorted(because[skill])
                behind = sorted({i for t in techs for i in cases.get((who, t), ())})
                key = (
                    -(required - (held or 0)),
                    -required,
                    -len(behind),
                    -len(techs),
                    spread.get(skill, 0),
                    who,
                    (labels.get(skill) or "").casefold(),
                    skill,
                )
                gaps.append((key, required, who, skill, held, techs, behind))
    gaps.sort(key=lambda g: g[0])
    if per_actor_limit is not None:
        kept: dict[str, int] = defaultdict(int)
        listed = []
        for g in gaps:
            kept[g[2]] += 1
            if kept[g[2]] <= per_actor_limit:
                listed.append(g)
        gaps = listed
    # many small objects (a million-triple graph has about 190,000 gaps): built column by column
    names = {who: facts.actor_label(who) for who in {g[2] for g in gaps}}
    techs_of = [tuple(g[5]) for g in gaps]
    behind_of = [tuple(g[6]) for g in gaps]
    return from_columns(
        SkillGap,
        {
            "administration": [g[2] for g in gaps],
            "skill": [g[3] for g in gaps],
            "required_level": [g[1] for g in gaps],
            "held_level": [g[4] for g in gaps],
            "because": techs_of,
            "kind": ["skill"] * len(gaps),
            "administration_label": [names[g[2]] for g in gaps],
            "skill_label": [labels.get(g[3]) for g in gaps],
            "because_labels": [tuple(map(labels.get, t)) for t in techs_of],
            "initiatives": behind_of,
            "initiatives_labels": [tuple(map(labels.get, b)) for b in behind_of],
        },
    )


def _cases_by_technology(
    facts: Facts, kept: frozenset[str] | None
) -> dict[tuple[str, str], set[str]]:
    """``(actor, technology)`` -> the actor's initiatives that use it (of ``kept``, if given)."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for who, tech, initiative in facts.item_rows("technology"):
        if initiative is not None and (kept is None or initiative in kept):
            found[(who, tech)].add(initiative)
    return found


def _spread(facts: Facts) -> dict[str, int]:
    """Skill -> how many technologies of the data need it (directly or through a narrower one)."""
    needed_by: dict[str, set[str]] = defaultdict(set)
    used = {t for techs in facts.items("technology").values() for t in techs}
    for tech in used:
        for skill, _ in _required(facts, tech):
            needed_by[skill].add(tech)
    return {skill: len(techs) for skill, techs in needed_by.items()}


def no_inventory(
    store: Store | Facts,
    *,
    actor: str | None = None,
    filters: Filters | None = None,
    **filter_args: Unpack[GapFilterArgs],
) -> list[NoInventory]:
    """List the actors whose technologies need skills but whose skills inventory is unknown.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import no_inventory
        >>> kg = GovGraph.example()
        >>> unknown = no_inventory(kg.store)  # no competency recorded for them or their units
        >>> [(n.administration_label, n.skills_needed) for n in unknown]
        [('DG B', 4), ('Ministry X, unit', 2)]
        >>> unknown[0].technologies_labels, unknown[0].skills_labels[:2]
        (('Blockchain', 'Machine learning'), ('AI ethics', 'Distributed ledgers'))

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        actor: Only this actor (an IRI), whatever its kind.
        filters: As for :func:`skill_gaps`: by default public bodies only (``kind="any"``
            lists companies, universities and the others too).

    Returns:
        Actors needing the most skills first, then by IRI.

    Raises:
        QueryError: ``actor`` is not an absolute IRI.
        ConfigurationError: A bad filter (as :func:`skill_gaps`).
    """
    facts = store if isinstance(store, Facts) else Facts(store)
    scope = _Scope(facts, actor, filters, filter_args)
    found: list[tuple[int, str, list[str], list[str]]] = []
    for who in scope.actors:
        if _has_inventory(facts, who):
            continue
        needs, because = _needs(facts, who, scope.technologies)
        if needs:
            techs = sorted({t for ts in because.values() for t in ts})
            found.append((len(needs), who, techs, sorted(needs)))
    found.sort(key=lambda f: (-f[0], f[1]))
    labels = facts.labels
    return [
        NoInventory(
            administration=who,
            skills_needed=n,
            technologies=tuple(techs),
            skills=tuple(skills),
            administration_label=facts.actor_label(who),
            technologies_labels=tuple(labels.get(t) for t in techs),
            skills_labels=tuple(labels.get(k) for k in skills),
        )
        for n, who, techs, skills in found
    ]
