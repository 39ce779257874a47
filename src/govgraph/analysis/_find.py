"""Find organisations, initiatives, technologies and policies by name or identifier."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, utils

from .._exceptions import ConfigurationError
from ..namespace import COUNTRY, CV, GG, ORG
from ..store import Store
from ._results import _as_dict
from ._vocab import label_key, load_query

__all__ = ["FIND_KINDS", "Found", "find", "ranked_names"]

#: Kinds of thing :func:`find` looks for, and the classes that make them.
FIND_KINDS: dict[str, tuple[str, ...]] = {
    "organisation": (
        str(GG.PublicAdministration),
        str(GG.AdministrativeUnit),
        str(GG.PrivatePartner),
        str(ORG.Organization),
        str(ORG.FormalOrganization),
        str(ORG.OrganizationalUnit),
        str(CV.PublicOrganisation),
    ),
    "initiative": (str(GG.Initiative),),
    "technology": (str(GG.Technology),),
    "policy": (str(GG.Policy), str(GG.Guideline)),
}
_KIND_OF = {cls: kind for kind, classes in FIND_KINDS.items() for cls in classes}
_KIND_RANK = {kind: rank for rank, kind in enumerate(FIND_KINDS)}
_COUNTRY_PREFIX = str(COUNTRY)


@dataclass(frozen=True, slots=True)
class Found:
    """One thing whose name, alternative name or identifier matches the text searched.

    Attributes:
        iri: IRI of the thing.
        label: Its preferred label.
        alt_labels: Its other names (``skos:altLabel``), sorted.
        kind: ``organisation``, ``initiative``, ``technology`` or ``policy``.
        country: Alpha-3 code of its country (``dct:spatial``), ``None`` when it has none.
        score: How well the best-matching name matches, 0..100: 100 for an exact name or
            identifier; 80 to 99 when every word searched is a word of the name (or the start
            of one, or one with a typo), more the more of the name they cover; below 80 a
            fuzzy match of the whole text (rapidfuzz ``token_sort_ratio``).
    """

    iri: str
    label: str | None
    alt_labels: tuple[str, ...]
    kind: str
    country: str | None
    score: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields; tuples as lists).

        Examples:
            >>> from govgraph import GovGraph
            >>> found = GovGraph.example().find("ministry x")[0].to_dict()
            >>> found["label"], found["kind"], found["score"], found["alt_labels"]
            ('Ministry X', 'organisation', 100.0, [])
        """
        return _as_dict(self)


#: Scores of names holding every word searched lie in [_WORDS, 100); fuzzy matches below.
_WORDS = 80.0


def _word_matches(word: str, candidate: str) -> bool:
    """``word`` (searched) names ``candidate`` (a word of a name): equal, its start, or a typo."""
    if word == candidate:
        return True
    if len(word) >= 3 and candidate.startswith(word):
        return True
    return len(word) >= 5 and fuzz.ratio(word, candidate) >= 85


def _scores(
    query: str,
    words: list[str],
    choices: list[str],
    min_score: float,
    identifiers: Collection[str] = (),
) -> list[tuple[int, float]]:
    """(index of the name, score) for every name scoring at least ``min_score``."""
    out: list[tuple[int, float]] = []
    fuzzy_cutoff = min(min_score, _WORDS - 1)
    for index, name in enumerate(choices):
        normal = utils.default_process(name)
        if normal == query:
            out.append((index, 100.0))
            continue
        if name in identifiers:
            continue
        tokens = normal.split()
        # characters of the name the words cover: a word's own length where it only starts one
        matched = {
            i: min(len(w), len(t)) if t.startswith(w) else len(t)
            for w in words
            for i, t in enumerate(tokens)
            if _word_matches(w, t)
        }
        if tokens and all(any(_word_matches(w, t) for t in tokens) for w in words):
            covered = sum(matched.values()) / sum(len(t) for t in tokens)
            score = min(99.0, _WORDS + 20.0 * covered)
        else:
            # a misspelt or reordered whole name (no partial matching: short texts would
            # otherwise match part of every long name)
            score = min(_WORDS - 1, fuzz.token_sort_ratio(query, normal, score_cutoff=fuzzy_cutoff))
            if score < fuzzy_cutoff or score == 0:
                continue
        if score >= min_score:
            out.append((index, round(score, 1)))
    return out


def ranked_names(text: str, names: list[str], *, limit: int, min_score: float = 50.0) -> list[str]:
    """The ``limit`` names most like ``text``, best first, ranked as :func:`find` ranks them.

    Examples:
        >>> ranked_names("ernact", ["Flemish Agency", "European Regions Network (ERNACT)"], limit=1)
        ['European Regions Network (ERNACT)']
    """
    query = utils.default_process(text or "")
    if not query:
        return []
    scored = _scores(query, query.split(), names, min_score)
    scored.sort(key=lambda pair: (-pair[1], names[pair[0]]))
    return [names[index] for index, _ in scored[:limit]]


def find(
    store: Store,
    text: str,
    *,
    kind: str | None = None,
    country: str | None = None,
    top: int = 20,
    min_score: float = 70.0,
) -> list[Found]:
    """Find things by label, alternative label or identifier, ranked by similarity.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import find
        >>> kg = GovGraph.example()
        >>> [(f.label, f.score) for f in find(kg.store, "ministry")]
        [('Ministry X', 97.8), ('Ministry Y', 97.8), ('Ministry X, unit', 92.3)]
        >>> hit = find(kg.store, "commission", kind="organisation")[0]  # its alternative name
        >>> hit.label, hit.alt_labels, hit.score
        ('European Commission', ('Commission',), 100.0)
        >>> [f.label for f in find(kg.store, "machine lerning")]  # a typo
        ['Machine learning']

    Args:
        store: The store to search.
        text: What to look for ("ministry of justice", "PSTW-12", "DG DIGIT").
        kind: Only ``organisation``, ``initiative``, ``technology`` or ``policy``.
        country: Only things in this country (alpha-3 code, e.g. ``"AUT"``).
        top: At most this many results.
        min_score: Drop matches below this similarity (0..100).

    Returns:
        The best matches first (ties: more names first, then by label), each with the label
        :attr:`Facts.labels` gives it (``skos:prefLabel`` over ``rdfs:label``; English,
        untagged, then any language).

    Raises:
        ConfigurationError: ``text`` is empty, ``kind`` is unknown or ``top`` is below 1.
        QueryError: The store cannot answer the query.
    """
    query = utils.default_process(text or "")
    if not query:
        raise ConfigurationError("find: give a non-empty text to look for")
    if kind is not None and kind not in FIND_KINDS:
        raise ConfigurationError(
            f"find: unknown kind {kind!r}; choose one of {', '.join(FIND_KINDS)}"
        )
    if top < 1:
        raise ConfigurationError(f"find: top={top} must be 1 or more")
    rows = store.query_values(load_query("find.rq")).rows
    kinds: dict[str, str] = {}
    labels: dict[str, str] = {}
    label_keys: dict[str, tuple[int, int, str]] = {}
    alts: dict[str, set[str]] = defaultdict(set)
    names: dict[str, set[str]] = defaultdict(set)
    identifiers: set[str] = set()  # matched exactly only (PSTW-12 is not PSTW-120)
    countries: dict[str, str] = {}
    for thing, cls, name, which, spatial, lang in rows:
        if thing is None or cls not in _KIND_OF:
            continue
        found_kind = _KIND_OF[cls]
        # a thing of several kinds is of the first in FIND_KINDS (an organisation stays one),
        # whatever order the rows come in
        known = kinds.get(thing)
        if known is None or _KIND_RANK[found_kind] < _KIND_RANK[known]:
            kinds[thing] = found_kind
        if name:
            names[thing].add(name)
            if which == "id":
                identifiers.add(name)
            if which in ("pref", "label"):
                # the label Facts.labels gives: skos:prefLabel over rdfs:label; English,
                # untagged, then any language (not the French name that sorts first)
                key = label_key((thing, name, "1" if which == "pref" else "0", lang))
                if thing not in label_keys or key < label_keys[thing]:
                    label_keys[thing], labels[thing] = key, name
            elif which == "alt":
                alts[thing].add(name)
        if spatial and spatial.startswith(_COUNTRY_PREFIX):
            code = spatial[len(_COUNTRY_PREFIX) :]
            countries[thing] = min(code, countries.get(thing, code))
    wanted_country = country.upper() if country else None
    choices: list[str] = []
    owners: list[str] = []
    for thing, thing_names in names.items():
        if kind is not None and kinds.get(thing) != kind:
            continue
        if wanted_country is not None and countries.get(thing) != wanted_country:
            continue
        for name in thing_names:
            choices.append(name)
            owners.append(thing)
    best: dict[str, float] = {}
    words = query.split()
    for index, score in _scores(query, words, choices, min_score, identifiers):
        thing = owners[index]
        if score > best.get(thing, -1.0):
            best[thing] = score
    ranked = sorted(
        best, key=lambda t: (-best[t], -len(names[t]), (labels.get(t) or "").casefold(), t)
    )
    return [
        Found(
            iri=thing,
            label=labels.get(thing),
            alt_labels=tuple(sorted(alts[thing] - {labels.get(thing, "")})),
            kind=kinds[thing],
            country=countries.get(thing),
            score=round(best[thing], 1),
        )
        for thing in ranked[:top]
    ]
