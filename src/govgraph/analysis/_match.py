"""Find the same case in two releases: by identifier, web page and normalised name.

Rules (documented in ``docs/analysis.md``, "Change between releases"):

1. Same ``dct:identifier`` on both sides (each used once per release): a match.
2. Otherwise two cases are *candidates* when their normalised names are equal, or when they
   share a web page that no other case of either release uses (a ministry's home page shared
   by ten cases identifies none of them). Candidates in two different countries are never
   matched.
3. A candidate pair scores 2 for the name, 2 for the web page and 1 for the same country. A
   pair is matched when each is the other's only best-scoring candidate; this is repeated until
   nothing changes. Cases left with candidates are reported as ambiguous, never guessed.
4. Cases still without any candidate are compared by name within their country (rapidfuzz
   token set ratio, 0 to 100, on the normalised names: a typo fixed, a prefix added, words
   reordered); pairs at or above :data:`SIMILAR_NAMES` that are each other's only best are
   matched with the evidence ``similar name (NN)``; the others are reported as ambiguous.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ._cases import Case, normalise_name, normalise_url

__all__ = ["SIMILAR_NAMES", "Ambiguity", "Match", "match_cases"]


@dataclass(frozen=True)
class Match:
    """Two records of one initiative in an older and a newer release.

    Attributes:
        old: The initiative in the older release.
        new: The initiative in the newer release.
        evidence: Why: ``identifier``, ``homepage``, ``name``, ``similar name (NN)`` (token set
            ratio), ``country`` (same country), ``lead`` (same lead organisation).
    """

    old: str
    new: str
    evidence: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-friendly form."""
        return {"old": self.old, "new": self.new, "evidence": list(self.evidence)}


@dataclass(frozen=True)
class Ambiguity:
    """Cases of the two releases that could be one initiative but cannot be told apart.

    Attributes:
        old: Initiatives of the older release involved.
        new: Initiatives of the newer release involved.
        reason: What they share.
    """

    old: tuple[str, ...]
    new: tuple[str, ...]
    reason: str

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-friendly form."""
        return {"old": list(self.old), "new": list(self.new), "reason": self.reason}


def _score(o: Case, n: Case, by_name: bool, by_page: bool) -> tuple[int, tuple[str, ...]]:
    evidence = []
    score = 0
    if by_page:
        evidence.append("homepage")
        score += 2
    if by_name:
        evidence.append("name")
        score += 2
    if o.country is not None and o.country == n.country:
        evidence.append("country")
        score += 1
    return score, tuple(evidence)


def match_cases(old: Sequence[Case], new: Sequence[Case]) -> tuple[list[Match], list[Ambiguity]]:
    """Match the cases of an older and a newer release (rules in the module notes).

    Returns:
        The matches (each case in at most one) and the ambiguities left unresolved.
    """
    matches: list[Match] = []
    done_old: set[str] = set()
    done_new: set[str] = set()

    # 1. identifiers used once on each side.
    ids_old = Counter(c.identifier for c in old if c.identifier)
    ids_new = Counter(c.identifier for c in new if c.identifier)
    new_by_id = {c.identifier: c for c in new if c.identifier and ids_new[c.identifier] == 1}
    for o in old:
        if o.identifier and ids_old[o.identifier] == 1 and o.identifier in new_by_id:
            n = new_by_id[o.identifier]
            _, extra = _score(
                o,
                n,
                bool(normalise_name(o.label))
                and normalise_name(o.label) == normalise_name(n.label),
                False,
            )
            matches.append(Match(o.iri, n.iri, ("identifier", *extra)))
            done_old.add(o.iri)
            done_new.add(n.iri)

    # 2. candidates by name and by a web page specific to one case on each side.
    rest_old = [c for c in old if c.iri not in done_old]
    rest_new = [c for c in new if c.iri not in done_new]
    page_old = Counter(k for c in old for k in {normalise_url(h) for h in c.homepages} if k)
    page_new = Counter(k for c in new for k in {normalise_url(h) for h in c.homepages} if k)
    new_by_name: dict[str, list[Case]] = defaultdict(list)
    new_by_page: dict[str, Case] = {}
    for n in rest_new:
        key = normalise_name(n.label)
        if key:
            new_by_name[key].append(n)
        for h in n.homepages:
            page = normalise_url(h)
            if page and page_new[page] == 1 and page_old[page] == 1:
                new_by_page[page] = n
    by_iri_new = {c.iri: c for c in rest_new}
    cand: dict[str, dict[str, tuple[int, tuple[str, ...]]]] = defaultdict(dict)
    cand_new: dict[str, set[str]] = defaultdict(set)
    for o in rest_old:
        found: dict[str, tuple[bool, bool]] = {}
        for n in new_by_name.get(normalise_name(o.label), []) if normalise_name(o.label) else []:
            found[n.iri] = (True, False)
        for h in o.homepages:
            n2 = new_by_page.get(normalise_url(h))
            if n2 is not None:
                found[n2.iri] = (found.get(n2.iri, (False, False))[0], True)
        for iri, (by_name, by_page) in found.items():
            n = by_iri_new[iri]
            if o.country is not None and n.country is not None and o.country != n.country:
                continue
            cand[o.iri][iri] = _score(o, n, by_name, by_page)
            cand_new[iri].add(o.iri)

    # 3. mutual unique best candidates, repeated until stable.
    changed = True
    while changed:
        changed = False
        for o_iri in sorted(cand):
            if o_iri in done_old:
                continue
            live = {n: s for n, s in cand[o_iri].items() if n not in done_new}
            if not live:
                continue
            top = max(s[0] for s in live.values())
            best = [n for n, s in live.items() if s[0] == top]
            if len(best) != 1:
                continue
            n_iri = best[0]
            rivals = [
                cand[x][n_iri][0] for x in cand_new[n_iri] if x not in done_old and x != o_iri
            ]
            if any(r >= top for r in rivals):
                continue
            matches.append(Match(o_iri, n_iri, live[n_iri][1]))
            done_old.add(o_iri)
            done_new.add(n_iri)
            changed = True

    # 4. similar names in the same country, among the cases without any candidate so far.
    similar = _similar_names(
        [c for c in old if c.iri not in done_old and c.iri not in cand],
        [c for c in new if c.iri not in done_new and c.iri not in cand_new],
    )
    for o_iri, n_iri, evidence in similar.matches:
        matches.append(Match(o_iri, n_iri, evidence))
        done_old.add(o_iri)
        done_new.add(n_iri)

    # Ambiguities: connected groups of candidates where something stayed unmatched.
    ambiguous: list[Ambiguity] = []
    seen: set[str] = set()
    for o_iri in sorted(cand):
        if o_iri in done_old or o_iri in seen:
            continue
        group_old, group_new, stack = {o_iri}, set(), [o_iri]
        while stack:
            x = stack.pop()
            for n_iri in cand[x]:
                if n_iri in done_new or n_iri in group_new:
                    continue
                group_new.add(n_iri)
                for y in cand_new[n_iri]:
                    if y not in done_old and y not in group_old:
                        group_old.add(y)
                        stack.append(y)
        seen |= group_old
        if not group_new:
            continue  # every candidate was matched to a better partner
        kinds = sorted(
            {e for x in group_old for n in group_new if n in cand[x] for e in cand[x][n][1]}
        )
        ambiguous.append(
            Ambiguity(
                tuple(sorted(group_old)),
                tuple(sorted(group_new)),
                f"{len(group_old)} case(s) of the older and {len(group_new)} of the newer release "
                f"share {', '.join(kinds)} and cannot be told apart",
            )
        )
    ambiguous.extend(similar.ambiguous)
    matches.sort(key=lambda m: (m.old, m.new))
    return matches, ambiguous


#: Least similarity (rapidfuzz token set ratio, 0-100) of two names to be candidates.
SIMILAR_NAMES = 85


@dataclass
class _Similar:
    matches: list[tuple[str, str, tuple[str, ...]]]
    ambiguous: list[Ambiguity]


#: How much more alike (plain ratio) a pair must be than the next one when the token set ratio
#: ties ("X in Dronten" / "X in Dronten (SyRI)" against "X in Leudal (SyRI)": about 20).
CLEAR_MARGIN = 10.0


def _clearly(best: tuple[float, float], other: tuple[float, float]) -> bool:
    """True when ``best`` beats ``other`` by token set ratio, or ties it and wins by a margin."""
    return best[0] > other[0] or (best[0] == other[0] and best[1] - other[1] >= CLEAR_MARGIN)


def _similar_names(old: Sequence[Case], new: Sequence[Case]) -> _Similar:
    """Rule 4: names alike (token set ratio >= SIMILAR_NAMES) in the same country.

    Pairs are ranked by token set ratio, then by plain ratio (so "X in Dronten" prefers "X in
    Dronten (SyRI)" to "X in Maastricht (SyRI)"). A pair is matched when each is clearly the
    other's best candidate (a higher token set ratio, or the same and a plain ratio higher by
    :data:`CLEAR_MARGIN`: "Parking app" is as like "Parking app Bonn" as "Parking app Berlin"),
    repeated until nothing changes (a generic name left with one candidate
    after the specific ones are paired is matched to it). Its evidence says ``similar name
    (NN)`` with the token set ratio, and ``lead`` when the lead organisation is the same. Cases
    left with candidates are reported as ambiguous.
    """
    from rapidfuzz import fuzz

    by_country: dict[str, list[Case]] = defaultdict(list)
    for n in new:
        if n.country and normalise_name(n.label):
            by_country[n.country].append(n)
    scores: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    back: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    for o in old:
        key = normalise_name(o.label)
        if not o.country or not key:
            continue
        for n in by_country.get(o.country, []):
            other = normalise_name(n.label)
            score = fuzz.token_set_ratio(key, other)
            if score >= SIMILAR_NAMES:
                pair = (score, fuzz.ratio(key, other))
                scores[o.iri][n.iri] = pair
                back[n.iri][o.iri] = pair
    by_old = {c.iri: c for c in old}
    by_new = {c.iri: c for c in new}
    out = _Similar([], [])
    done_old: set[str] = set()
    done_new: set[str] = set()
    changed = True
    while changed:
        changed = False
        for o_iri in sorted(scores):
            if o_iri in done_old:
                continue
            live = {n: v for n, v in scores[o_iri].items() if n not in done_new}
            if not live:
                continue
            n_iri = max(live, key=lambda k: (live[k], k))
            top = live[n_iri]
            if not all(_clearly(top, v) for k, v in live.items() if k != n_iri):
                continue
            rivals = [v for x, v in back[n_iri].items() if x != o_iri and x not in done_old]
            if not all(_clearly(top, v) for v in rivals):
                continue
            o, n = by_old[o_iri], by_new[n_iri]
            evidence = [f"similar name ({round(top[0])})", "country"]
            if o.lead is not None and o.lead == n.lead:
                evidence.append("lead")
            out.matches.append((o_iri, n_iri, tuple(evidence)))
            done_old.add(o_iri)
            done_new.add(n_iri)
            changed = True
    for o_iri in sorted(scores):
        left = sorted(n for n in scores[o_iri] if n not in done_new)
        if o_iri in done_old or not left:
            continue
        out.ambiguous.append(
            Ambiguity(
                (o_iri,),
                tuple(left),
                f"the name is similar to {len(left)} case(s) of the newer release in the same "
                "country, none of them clearly the best",
            )
        )
    return out
