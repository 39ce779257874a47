"""Looking :class:`~govgraph.analysis.Filters` up in the data: names to IRIs, IRIs to sets."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .._exceptions import ConfigurationError
from ..io import country_code
from ._facts import Facts
from ._filter_values import KIND_GROUPS, LEVELS, STATUSES
from ._filters import Filters, Selection

__all__ = [
    "find_actor",
    "find_concepts",
    "kept_initiatives",
    "named_concepts",
    "resolve",
    "short_forms",
]


def _fold(text: str) -> str:
    """Case, accents and spacing folded away: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip().casefold()


def _closest(text: str, names: Mapping[str, list[str]], limit: int = 5) -> list[str]:
    """The ``limit`` names most like ``text``, best first (ranked as ``find`` ranks them).

    A name holding every word of ``text`` comes first ("ERNACT" finds "European Regions Network
    ... (ERNACT)"), then misspelt whole names.
    """
    from ._find import ranked_names

    return ranked_names(text, list(names), limit=limit)


#: A vocabulary this small is listed whole when a name matches nothing in it.
_LIST_ALL = 60
_PLURAL = {"technology": "technologies", "policy area": "policy areas"}

_BRACKETED = re.compile(r"^(?P<head>[^()]*?)\s*\((?P<inner>[^()]+)\)$")


def short_forms(name: str, *, country: str | None = None) -> set[str]:
    """The shorter names a name holds: the parts around a bracket, the unit after `` - ``.

    ``country``: the alpha-2 or alpha-3 code of the thing named; a bracket holding it is not a
    name of its own, nor is a bracket holding a country's name or alpha-3 code
    ("Fondazione Don Gnocchi (Italy)" is not named "Italy").

    Examples:
        >>> sorted(short_forms("Agency for Digital Italy (AGiD)"))
        ['AGiD', 'Agency for Digital Italy']
        >>> sorted(short_forms("European Commission - DG DIGIT"))
        ['DG DIGIT']
        >>> sorted(short_forms("Ministry of Justice (IT)", country="IT"))
        ['Ministry of Justice']
        >>> sorted(short_forms("Fondazione Don Gnocchi (Italy)"))
        ['Fondazione Don Gnocchi']
    """
    forms: set[str] = set()
    found = _BRACKETED.match(name.strip())
    if found and found["head"]:
        forms.add(found["head"])
        inner = found["inner"].strip()
        if (country is None or inner.upper() != country.upper()) and country_code(inner) is None:
            forms.add(inner)
    if " - " in name:
        forms.add(name.rsplit(" - ", 1)[1].strip())
    return {form for form in forms if form and form != name}


def _name_index(
    facts: Facts, iris: Iterable[str], *, with_country: bool, short: bool = False
) -> dict[str, list[str]]:
    """Folded name -> the IRIs it names (labels, alternative labels, ``label (CC)`` forms).

    ``short``: index the :func:`short_forms` of those names instead ("AgID" for "Agency for
    Digital Italy (AGiD)").
    """
    iris = list(iris)
    labels = facts.labels_of(iris)
    alts = facts.alt_labels
    index: dict[str, list[str]] = defaultdict(list)
    for iri in iris:
        names = {labels.get(iri) or "", *alts.get(iri, ())} - {""}
        code = facts.country_code(iri) if with_country else None
        if short:
            names = {form for name in names for form in short_forms(name, country=code)}
        for name in names:
            forms = {_fold(name)}
            if code:
                forms.add(_fold(f"{name} ({code})"))
            for form in forms:
                if iri not in index[form]:
                    index[form].append(iri)
    return dict(index)


def _describe(facts: Facts, iris: Iterable[str], *, with_country: bool) -> str:
    out = []
    for iri in iris:
        label = facts.display_label(iri) if with_country else (facts.label(iri) or iri)
        out.append(f"{label} <{iri}>")
    return "; ".join(out)


def _lookup(
    facts: Facts, text: str, iris: Iterable[str], *, what: str, option: str, with_country: bool
) -> list[str]:
    """IRIs named by ``text`` (an IRI of ``iris`` or a label); raise when none match."""
    pool = set(iris)
    if text in pool:
        return [text]
    index = _name_index(facts, sorted(pool), with_country=with_country)
    found = index.get(_fold(text), [])
    if found:
        return sorted(found)
    # no whole name: a shorter name one holds ("AgID", "DG DIGIT" in "European Commission -
    # DG DIGIT"); a short form several things hold names them all (the caller says so)
    found = _name_index(facts, sorted(pool), with_country=with_country, short=True).get(
        _fold(text), []
    )
    if found:
        return sorted(found)
    if "://" in text:
        raise ConfigurationError(f"{option}={text!r}: no {what} with this IRI in the data")
    candidates = [iri for name in _closest(text, index) for iri in index[name]]
    unique = list(dict.fromkeys(candidates))[:5]
    hint = f"; closest: {_describe(facts, unique, with_country=with_country)}" if unique else ""
    if not unique and what != "actor":
        # nothing alike ("chatbot"): a short vocabulary is listed whole, to choose from; a
        # longer one (the COFOG areas) by its broadest concepts
        plural = _PLURAL.get(what, what + "s")
        shown, lead = pool, f"the {plural} of the data are"
        if len(pool) > _LIST_ALL:
            broader = facts.broader
            shown = {i for i in pool if not broader.get(i, frozenset()) & pool}
            lead = f"the broadest {plural} of the data are"
        if len(shown) <= _LIST_ALL:
            names = sorted({facts.label(i) or i for i in shown}, key=str.casefold)
            hint = f"; {lead}: {'; '.join(names)}"
    code = country_code(text) if what == "actor" else None
    if code is not None:
        hint += f"; {text.strip()} is a country: to keep the actors in it give country={code!r}"
    raise ConfigurationError(f"{option}={text!r}: no {what} has this name{hint}")


def find_actor(facts: Facts, text: str, *, among: Iterable[str] | None = None) -> str:
    """The actor named by ``text``: its IRI, its label, an alternative label or ``label (CC)``.

    When no whole name matches, a shorter name a name holds does (:func:`short_forms`): the
    acronym or the name in a bracket, the unit after `` - ``.

    ``among``: the organisations to choose from (default: those with initiatives).

    Raises:
        ConfigurationError: No actor has that name (the closest ones are listed), or several do
            (they are listed, with their IRIs and countries).
    """
    pool = facts.actor_initiatives if among is None else among
    found = _lookup(facts, text, pool, what="actor", option="actor", with_country=True)
    if len(found) > 1:
        raise ConfigurationError(
            f"actor={text!r} names {len(found)} actors: "
            f"{_describe(facts, found[:10], with_country=True)}"
            f"{' ...' if len(found) > 10 else ''}; give the IRI or the label with its country, "
            f"e.g. {facts.display_label(found[0])!r}"
        )
    return found[0]


def _concepts(facts: Facts, dimension: str, extra: Iterable[str] = ()) -> set[str]:
    """The concepts of a dimension: those held (and ``extra``) and every broader one."""
    held = {item for _, item, _ in facts.item_rows(dimension)} | set(extra)
    broader = facts.broader
    known = set(held)
    for item in held:
        known |= broader.get(item, frozenset())
    return known


def named_concepts(
    facts: Facts,
    texts: Iterable[str],
    dimension: str,
    option: str,
    known: set[str] | None = None,
) -> set[str]:
    """The concepts named by ``texts`` (IRIs or labels), without the narrower ones.

    A text is one name, or else several separated by commas: ``"General economic, commercial
    and labour affairs"`` names one COFOG group, ``"blockchain, natural language processing"`` two
    technologies.

    ``known``: the concepts of the dimension, when the caller has them already.

    Raises:
        ConfigurationError: A name that no concept of the dimension has (closest ones listed).
    """
    texts = list(texts)
    if not texts:
        return set()
    if known is None:
        known = _concepts(facts, dimension)
    what = "technology" if dimension == "technology" else "policy area"
    wanted: set[str] = set()
    for text in texts:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        whole = text in known or _fold(text) in _name_index(facts, known, with_country=False)
        # "blockchain, natural language processing": two names (when no concept has the whole)
        texts_of = parts if len(parts) > 1 and not whole else [text]
        for one in texts_of:
            wanted.update(_lookup(facts, one, known, what=what, option=option, with_country=False))
    return wanted


def find_concepts(
    facts: Facts, texts: Iterable[str], dimension: str, option: str, extra: Iterable[str] = ()
) -> set[str]:
    """The concepts named by ``texts`` (IRIs or labels) with every narrower concept.

    ``extra``: concepts to know besides those the actors' initiatives hold (the policy areas
    of policies).

    Raises:
        ConfigurationError: A name that no concept of the dimension has (closest ones listed).
    """
    known = _concepts(facts, dimension, extra)
    wanted = named_concepts(facts, texts, dimension, option, known)
    broader = facts.broader
    return {item for item in known if item in wanted or wanted & broader.get(item, frozenset())}


def kept_initiatives(
    filters: Filters, facts: Facts, among: Iterable[str] | None = None
) -> frozenset[str] | None:
    """The initiatives the initiative filters keep (``None`` when none is set).

    ``among``: the initiatives to choose from (default: those of the actors).

    Raises:
        ConfigurationError: A technology or policy area that names nothing in the data.
    """
    if not filters.initiative_filters:
        return None
    kept: set[str] = (
        {i for ins in facts.actor_initiatives.values() for i in ins}
        if among is None
        else set(among)
    )
    for dimension, texts, option in (
        ("technology", filters.technology, "technology"),
        ("policy_area", filters.policy_area, "policy_area"),
    ):
        if texts:
            concepts = find_concepts(facts, texts, dimension, option)
            kept &= {
                i for _, item, i in facts.item_rows(dimension) if i is not None and item in concepts
            }
    if filters.years:
        start, end = filters.years
        facts.initiative_facts_of(kept)  # in one go (``start_year`` would ask one by one)
        kept = {
            i
            for i in kept
            if (year := facts.start_year(i)) is not None
            and (start is None or year >= start)
            and (end is None or year <= end)
        }
    if filters.status:
        statuses = {STATUSES[s] for s in filters.status}
        kept = {i for i in kept if facts.initiative_facts.get(i, {}).get("status") in statuses}
    return frozenset(kept)


def resolve(filters: Filters, facts: Facts, *, default_kind: str = "public") -> Selection:
    """Look ``filters`` up in ``facts`` (see :meth:`Filters.resolve`)."""
    initiatives = kept_initiatives(filters, facts)
    kinds: set[str] = set()
    for kind in filters.kind or (default_kind,):
        kinds.update(KIND_GROUPS.get(kind, (kind,)))
    actor_kinds = facts.kinds
    actors = {
        a
        for a, ins in facts.actor_initiatives.items()
        if actor_kinds.get(a, "unknown") in kinds
        and (initiatives is None or not initiatives.isdisjoint(ins))
    }
    levels = facts.levels
    focus: set[str] | None = None
    if filters.country:
        wanted = set(filters.country)
        focus = {a for a in actors if facts.countries.get(a) in wanted}
    if filters.level:
        wanted = {LEVELS[x] for x in filters.level}
        at = {a for a in actors if levels.get(a) in wanted}
        focus = at if focus is None else focus & at
    actor = None
    if filters.actor:
        actor = find_actor(facts, filters.actor)
        focus = {actor} if focus is None else focus & {actor}
    sides = None
    if filters.between:
        left, right = (
            frozenset(a for a in actors if levels.get(a) == LEVELS[x]) for x in filters.between
        )
        sides = (left, right)
    return Selection(
        filters=filters,
        initiatives=initiatives,
        actors=frozenset(actors),
        focus=frozenset(focus) if focus is not None else None,
        sides=sides,
        actor=actor,
    )
