"""Top lists a person can act on: a cap on pairs per actor, and pairs already working together.

Two rules applied after scoring (the scores themselves do not change):

- ``per_actor_limit``: a ranked list in which one actor fills most rows (six chatbot cities
  paired with each other, one Directorate-General paired with every ministry) hides everybody
  else. The list is taken greedily in score order, skipping a pair once either actor already
  appears ``per_actor_limit`` times. The actor asked for with ``actor=`` is never capped.
- ``already_collaborating``: PSTW records the pilot sites of one project as separate cases
  ("UrbanistAI ...: Jyväskylä use case" and "...: Narva use case", same web page). Two actors
  whose cases are one project already work together. A pair is flagged when one case on each
  side has the same web page and similar names (rapidfuzz ``token_sort_ratio`` >= 80, or the
  same telling words at the start, over 60 % of the shorter name: "<project> in <site>"); names
  alone are not enough (generated or formulaic names such as "Initiative 3 of administration 7"
  or "Chatbot - Municipality of X" look alike). Flagged pairs are listed after the others in
  top lists, up to ``top`` of them (beyond, the flag is only reported).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz

from ._results import Evidence

__all__ = ["SIMILAR_NAME", "cap", "flag", "page_of", "same_project"]

#: Name similarity (rapidfuzz ``token_sort_ratio``, 0..100) from which two cases with the same
#: web page are one project.
SIMILAR_NAME = 80

_T = TypeVar("_T")
_Ints = npt.NDArray[np.int64]


@lru_cache(maxsize=65_536)
def page_of(url: str | None) -> str | None:
    """A web page without scheme, ``www.``, fragment and trailing slash, lower case."""
    if not url:
        return None
    page = re.sub(r"^[a-z]+://(www\.)?", "", url.strip().lower()).split("#", 1)[0].rstrip("/")
    return page or None


@lru_cache(maxsize=65_536)
def _name(label: str) -> str:
    return " ".join(sorted(label.lower().split()))


def _one_project(x: Evidence, y: Evidence) -> bool:
    if x.initiative == y.initiative:
        return True
    if not x.label or not y.label:
        return False
    page = page_of(x.homepage)
    if page is None or page != page_of(y.homepage):
        return False
    # token_sort_ratio: the ratio of the names with their words sorted
    if fuzz.ratio(_name(x.label), _name(y.label), score_cutoff=SIMILAR_NAME) > 0:
        return True
    return _same_start(x.label, y.label)


#: Share of the shorter name that two names of one project (same web page) may have in common
#: at their start, when the rest (the site, the city) makes them less alike overall.
SHARED_START = 0.6
#: Words that do not tell one project from another at the start of a case name ("Artificial
#: Intelligence for ...", "AI for ... project").
_GENERIC_WORDS = frozenset(
    """a an and the of in on for to with by at from via using use based ai artificial
    intelligence intelligent machine learning data digital smart system systems platform
    project pilot case tool solution service services public new""".split()  # noqa: SIM905
)


@lru_cache(maxsize=65_536)
def _same_start(x: str, y: str) -> bool:
    """Whether two names start with the same telling words.

    The shared start is at least :data:`SHARED_START` of the shorter name, and one of its words
    is not in :data:`_GENERIC_WORDS`. The pilot sites of one project are often named "<project>
    in <site>": "AI pilot in Public Safety Answering Point (PSAP) in Trento (Italy)" and "... in
    Ludwigshafen (Germany)" share one web page but are only 77 alike, the site names differing
    in length.

    >>> _same_start("HOLONI - Blockchain", "HOLONI - AI")
    True
    >>> _same_start("AI for faster diagnosis", "AI for better planning")
    False
    >>> _same_start("Wroclaw Intelligent lighting system", "Lupine Intelligent lighting system")
    False
    """
    a, b = x.lower().split(), y.lower().split()
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    if common == 0:
        return False
    start = a[:common]
    words = (word.strip("-,:;()[]/'\"") for word in start)
    if all(not word or word in _GENERIC_WORDS for word in words):
        return False
    return len(" ".join(start)) >= SHARED_START * min(len(x.strip()), len(y.strip()))


def same_project(a_evidence: Sequence[Evidence], b_evidence: Sequence[Evidence]) -> tuple[str, ...]:
    """Identifiers of the cases, one on each side, that look like one project (sorted).

    Examples:
        >>> from govgraph.analysis import Evidence
        >>> a = Evidence("x:1", "C-1", "UrbanTool: Alpha use case", homepage="https://ut.eu/")
        >>> b = Evidence("x:2", "C-2", "UrbanTool: Beta use case", homepage="http://www.ut.eu")
        >>> same_project([a], [b])
        ('C-1', 'C-2')
    """
    found: set[str] = set()
    for x in a_evidence:
        for y in b_evidence:
            if _one_project(x, y):
                found.add(x.identifier or x.initiative)
                found.add(y.identifier or y.initiative)
    return tuple(sorted(found))


def flag(result: _T) -> _T:
    """``result`` (a synergy or learning pair) with ``already_collaborating`` filled in."""
    r: Any = result
    found = same_project(r.a_evidence, r.b_evidence) if hasattr(r, "a_evidence") else ()
    if not found and hasattr(r, "items"):  # a learning pair: the evidence is per item
        a_evidence = [e for item in r.items for e in item.a_evidence]
        b_evidence = [e for item in r.items for e in item.b_evidence]
        found = same_project(a_evidence, b_evidence)
    return dataclasses.replace(r, already_collaborating=found) if found else result


def cap(
    ranked: Iterable[_T],
    *,
    top: int | None,
    limit: int | None,
    ends: Callable[[_T], tuple[str, str]],
    exempt: str | None = None,
) -> list[_T]:
    """The first ``top`` results of ``ranked`` with each actor in at most ``limit`` of them.

    Results flagged ``already_collaborating`` (up to ``top`` of them) do not count towards the
    cap and come after the others. ``exempt`` (the actor asked for) is never capped.
    """
    if top is None and limit is None:  # every result: only the flagged ones move
        found = list(ranked)
        if not any(getattr(r, "already_collaborating", ()) for r in found):
            return found
        return [r for r in found if not getattr(r, "already_collaborating", ())] + [
            r for r in found if getattr(r, "already_collaborating", ())
        ]
    seen: Counter[str] = Counter()
    kept: list[_T] = []
    flagged: list[_T] = []
    for result in ranked:
        if top is not None and len(kept) >= top:
            break
        # at most ``top`` flagged results are set aside (so that data where most pairs look
        # alike cannot make the search describe every pair); beyond, they count as any other
        if getattr(result, "already_collaborating", ()) and (top is None or len(flagged) < top):
            flagged.append(result)
            continue
        a, b = ends(result)
        if limit is not None and any(x != exempt and seen[x] >= limit for x in (a, b)):
            continue
        seen[a] += 1
        seen[b] += 1
        kept.append(result)
    out = kept + flagged
    return out[:top] if top is not None else out
