"""Entity resolution of organisation names: one node per organisation within a country and level.

Names are compared on a *match key* (:func:`match_key`): ASCII, lower case, punctuation removed,
an acronym in brackets set aside, stop words ("of", "the", legal forms) and the name or adjective
of the country dropped, synonyms unified ("City Council" = "Municipality"), tokens sorted (word
order does not count). Two names of one block (same country, same administrative level) are the
same organisation when their keys are equal, or when their *generic* words (ministry, agency,
municipality...) are the same and their remaining words are similar enough by rapidfuzz's
``token_sort_ratio`` (typos: "Fedeal" / "Federal"). Every merge is recorded with the rows and the
similarity behind it; an aliases file overrides the rules.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from ._name_rows import name_key, read_name_rows
from ._normalise import clean_text, fold, tidy_name
from ._resolve_words import (
    COUNTRY_WORDS,
    FUZZY_DROP,
    GENERIC,
    LEGAL,
    STOP,
    SYNONYMS,
    spelled,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "AliasTable",
    "MatchKey",
    "Merge",
    "cluster_names",
    "match_key",
    "read_aliases",
]

#: Similarity (0..100, rapidfuzz ``token_sort_ratio`` of the distinctive words) from which two
#: names of one block are merged.
DEFAULT_THRESHOLD = 90.0
#: The same for names whose generic words say they are a place (municipality, region,
#: province, county): place names differ by few letters ("Trento", "Trieste").
PLACE_THRESHOLD = 94.0
_PLACES = frozenset(["municipality", "region", "province", "county"])

_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&.]{0,11}$")
_BRACKETS = re.compile(r"\(([^()]*)\)?")


@dataclass(frozen=True)
class MatchKey:
    """The comparable form of a name.

    Attributes:
        key: All kept words, sorted and joined by spaces (equal keys: same organisation).
        generic: The generic words (``ministry``, ``municipality``...), sorted.
        distinctive: The other words, sorted and joined by spaces.
        acronym: An acronym given in brackets (``"NVWA"``), or ``None``.
    """

    key: str
    generic: tuple[str, ...]
    distinctive: str
    acronym: str | None


_TRANSLIT = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "đ": "d", "ł": "l", "Ł": "L", "œ": "oe"}
)


def _ascii(text: str) -> str:
    text = text.translate(_TRANSLIT)
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


@lru_cache(maxsize=32768)  # pure; the partners are keyed once per block of organisations
def match_key(name: str, country: str | None = None) -> MatchKey:
    """Return the match key of an organisation name seen in ``country`` (alpha-3 code).

    >>> match_key("Ministry of Justice Austria", "AUT").key
    'justice ministry'
    >>> match_key("Fedeal Ministry of Justice", "AUT").key
    'justice ministry'
    >>> match_key("AMA (Agência para a Modernização Administrativa)", "PRT").key
    'administrativa agency modernizacao para'
    """
    text = clean_text(name) or ""
    acronym = None
    outside = _BRACKETS.sub(" ", text).strip(" -,:;")
    inside = [m.group(1).strip() for m in _BRACKETS.finditer(text)]
    if inside and _ACRONYM.match(outside) and len(inside[0].split()) > 1:
        # "AMA (Agência para a Modernização Administrativa)": the name is in the brackets.
        acronym, text = outside, inside[0]
    else:
        kept = []
        for part in inside:
            if _ACRONYM.match(part) and part.upper() == part:
                acronym = acronym or part
            else:
                kept.append(part)
        text = " ".join([outside, *kept])
    words = re.findall(r"[a-z0-9]+", _ascii(text).lower())
    drop = set(STOP) | LEGAL | set(COUNTRY_WORDS.get(country or "", ()))
    tokens: set[str] = set()
    for word in words:
        word = SYNONYMS.get(spelled(word), spelled(word))
        if word in drop:
            continue
        if len(word) >= 5 and any(fuzz.ratio(word, d) >= 85 for d in FUZZY_DROP):
            continue
        tokens.add(word)
    generic = tuple(sorted(t for t in tokens if t in GENERIC))
    distinctive = " ".join(sorted(t for t in tokens if t not in GENERIC))
    return MatchKey(" ".join(sorted(tokens)), generic, distinctive, acronym)


@dataclass(frozen=True)
class Merge:
    """One name merged into an organisation, with the evidence.

    Attributes:
        organisation: The IRI of the organisation node (filled in when minted).
        label: The name kept as ``skos:prefLabel``.
        name: The merged name (kept as ``skos:altLabel``).
        matched: The name it was found similar to.
        similarity: rapidfuzz similarity 0..100 of the two match keys (100: equal keys).
        rule: ``"normalised"`` (equal match keys), ``"similar"`` (fuzzy), ``"acronym"`` (a
            bare acronym that another name gives in brackets), ``"alias"`` (the aliases file),
            ``"eu-body"`` (the EU corporate-body table) or ``"partner"`` (a partner named in a
            case that is this organisation, matched by the rules above).
        rows: The rows of the merged name.
        country: The ISO 3166 alpha-3 code of the block (``None``: no country).
    """

    organisation: str
    label: str
    name: str
    matched: str
    similarity: float
    rule: str
    rows: tuple[int, ...]
    country: str | None = None

    def to_dict(self) -> dict[str, Any]:
        r"""Return the merge as a JSON-ready dict.

        Examples:
            >>> import json, tempfile
            >>> from pathlib import Path
            >>> from govgraph.io import import_pstw
            >>> with tempfile.TemporaryDirectory() as folder:
            ...     sheet = Path(folder) / "cases.csv"
            ...     _ = sheet.write_text(
            ...         "PSTW ID,Name,Responsible organisation,Geographical coverage (country)\n"
            ...         "X-1,Chatbot,Municipality of Utrecht,Netherlands\n"
            ...         "X-2,Sensor,Gemeente Utrecht,Netherlands\n",
            ...         encoding="utf-8",
            ...     )
            ...     (merge,) = import_pstw(sheet).merges
            >>> found = merge.to_dict()
            >>> found["name"], found["label"], found["rule"], found["rows"], found["country"]
            ('Gemeente Utrecht', 'Municipality of Utrecht', 'normalised', [3], 'NLD')
            >>> json.loads(json.dumps(found)) == found
            True
        """
        return {
            "organisation": self.organisation,
            "label": self.label,
            "name": self.name,
            "matched": self.matched,
            "similarity": round(self.similarity, 1),
            "rule": self.rule,
            "rows": list(self.rows),
            "country": self.country,
        }


@dataclass
class AliasTable:
    """Overrides read from an aliases CSV (see :func:`read_aliases`).

    Attributes:
        same_as: ``(folded name, country or "")`` -> folded name to merge it into.
        keep_apart: ``(folded name, country or "")`` of names never merged by similarity.
        source: The file read.
        written: Folded target name -> the target as written (its match key keeps an acronym
            in brackets apart: "Police and Border Guard Board (PPA)"); a target missing here
            is keyed as folded.
    """

    same_as: dict[tuple[str, str], str] = field(default_factory=dict)
    keep_apart: set[tuple[str, str]] = field(default_factory=set)
    source: str | None = None
    written: dict[str, str] = field(default_factory=dict)

    def overridden_by(self, other: AliasTable) -> AliasTable:
        """This table with ``other``'s rows on top (a name ``other`` keeps apart is not merged)."""
        same_as = {k: v for k, v in self.same_as.items() if k not in other.keep_apart}
        same_as.update(other.same_as)
        keep_apart = (self.keep_apart - set(other.same_as)) | other.keep_apart
        written = {**self.written, **other.written}
        return AliasTable(
            same_as=same_as, keep_apart=keep_apart, source=other.source, written=written
        )

    def target(self, name: str, country: str | None) -> str | None:
        """The folded name ``name`` is merged into, or ``None``.

        A row of ``country`` wins over a row without country: a name kept apart in its
        country is not merged by a row that holds in every country. Rows are followed to the
        end ("A" -> "B" and "B" -> "C": "A" joins "C"); names whose rows go round in a circle
        are one body, and join the first of them in alphabetical order.

        >>> table = AliasTable(same_as={("a", ""): "b", ("b", ""): "c", ("x", ""): "y",
        ...     ("y", ""): "x"})
        >>> table.target("A", None), table.target("B", "AUT"), table.target("C", None)
        ('c', 'c', None)
        >>> table.target("X", None), table.target("Y", None)
        ('x', 'x')
        """
        key = fold(name) or ""
        path = [key]
        found = self._step(key, country)
        while found is not None:
            if found in path:  # a circle: every name on it joins the same one
                return min(path[path.index(found) :])
            path.append(found)
            following = self._step(found, country)
            if following is None:
                return found
            found = following
        return None

    def _step(self, key: str, country: str | None) -> str | None:
        """The target of the row of folded ``key`` (one step), or ``None``."""
        here = (key, country or "")
        if here in self.same_as:
            return self.same_as[here]
        if here in self.keep_apart:
            return None
        return self.same_as.get((key, ""))

    def target_key(self, target: str, country: str | None) -> str:
        """The match key of a (folded) target name, from the target as written."""
        return match_key(self.written.get(target, target), country).key

    def name_of(self, spellings: Sequence[str], country: str | None) -> str | None:
        """The name the table gives the organisation of ``spellings`` (``None``: no row).

        A group that holds an alias (a name with a ``same_as``) or its target is named after
        the target: its spelling in the group when the file spells it (folded), else the
        target as the table writes it (of the first spelling that has one). So one body gets
        one name, and so one IRI, in every file that names it, whichever of its spellings
        the file uses and however many rows each has.

        >>> table = AliasTable(same_as={("ria", "EST"): "information system authority"},
        ...     written={"information system authority": "Information System Authority"})
        >>> table.name_of(["RIA"], "EST")
        'Information System Authority'
        >>> table.name_of(["RIA", "information system authority"], "EST")
        'information system authority'
        >>> table.name_of(["ERR"], "EST") is None
        True
        """
        targets = [t for t in (self.target(n, country) for n in spellings) if t is not None]
        if not targets:
            # No alias here; a spelling may still be the target of a row of this country.
            here = {t for (_, cc), t in self.same_as.items() if cc in ("", country or "")}
            return next((n for n in spellings if fold(n) in here), None)
        spelt = next((n for t in targets for n in spellings if fold(n) == t), None)
        return spelt or self.written.get(targets[0], targets[0])

    def apart(self, name: str, country: str | None) -> bool:
        """Whether ``name`` must not be merged by similarity."""
        key = fold(name) or ""
        return (key, country or "") in self.keep_apart or (key, "") in self.keep_apart


def read_aliases(path: str | Path) -> AliasTable:
    """Read an aliases CSV: columns ``name``, ``same_as`` and optionally ``country``.

    A row with ``same_as`` merges ``name`` into the organisation of that name (in ``country``,
    or in any country when empty); a row with an empty ``same_as`` keeps ``name`` apart from
    every other name (no similarity merge).

    Raises:
        DataImportError: The file is missing or lacks the columns, or a row has an empty name,
            an unknown country or a name a row above gives in the same country.
    """
    source = Path(path)
    table = AliasTable(source=str(source))
    for row in read_name_rows(
        source, what="aliases", columns=("name", "same_as"), optional="country"
    ):
        target = name_key(row.cells.get("same_as"))
        if target is None:
            table.keep_apart.add((row.name, row.country))
        else:
            table.same_as[(row.name, row.country)] = target
            table.written[target] = tidy_name(clean_text(row.cells.get("same_as")) or target)
    return table


def cluster_names(
    names: Mapping[str, Sequence[int]],
    *,
    country: str | None,
    threshold: float = DEFAULT_THRESHOLD,
    aliases: AliasTable | None = None,
) -> list[tuple[list[str], dict[str, tuple[str, float, str]]]]:
    """Group the distinct spellings of one block into organisations.

    Args:
        names: Each spelling (as written) and the rows it occurs in.
        country: The alpha-3 country code of the block.
        threshold: Similarity from which two names are merged.
        aliases: Overrides.

    Returns:
        One entry per organisation: its spellings (most rows first) and, for each spelling
        after the first, ``(matched spelling, similarity, rule)``.
    """
    # Most rows first; a spelling with unbalanced brackets (truncated) never gives the label.
    # A bare acronym ("NVWA") gives the label only when nothing longer names the organisation.
    spellings = sorted(
        names,
        key=lambda n: (
            n.count("(") != n.count(")"),
            bool(_ACRONYM.match(n.strip())) and n.strip().upper() == n.strip(),
            -len(names[n]),
            min(names[n]),
            n,
        ),
    )
    parent = {n: n for n in spellings}
    evidence: dict[str, tuple[str, float, str]] = {}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def union(a: str, b: str, similarity: float, rule: str) -> None:
        ra, rb = find(a), find(b)
        if ra == rb:
            return
        # The root with more rows stays the root (it gives the label).
        if spellings.index(rb) < spellings.index(ra):
            ra, rb, a, b = rb, ra, b, a
        parent[rb] = ra
        evidence[rb] = (a, similarity, rule if rb == b else f"{rule}, via {b!r}")

    keys = {n: match_key(n, country) for n in spellings}
    free = [n for n in spellings if aliases is None or not aliases.apart(n, country)]
    if aliases is not None:
        # An alias joins its target's organisation: the target as spelt, or else a spelling
        # with the target's match key ("Police and Border Guard Board (PPA)" for "... Board"),
        # which the rules below would join to the target anyway; or else, when the target is
        # not in the block, the first alias of that target (two aliases of one target name
        # one body: IPS "State Information Systems Board RIA" and "Information System
        # Authority" are both the "Estonian Information System Authority").
        claimed: dict[str, str] = {}
        by_fold: dict[str, str] = {}
        for n in spellings:
            by_fold.setdefault(fold(n) or "", n)
        by_match: dict[str, str] = {}
        for n in free:
            if keys[n].key:
                by_match.setdefault(keys[n].key, n)
        for n in spellings:
            target = aliases.target(n, country)
            if target is None:
                continue
            owner = (
                by_fold.get(target)
                or by_match.get(aliases.target_key(target, country))
                or claimed.setdefault(target, n)
            )
            if owner != n:
                union(owner, n, 100.0, "alias")
    by_key: dict[str, str] = {}
    for n in free:
        k = keys[n].key
        if not k:
            continue
        if k in by_key:
            union(by_key[k], n, 100.0, "normalised")
        else:
            by_key[k] = n
    # "NVWA" alone is the organisation that another name gives as "(NVWA)".
    by_acronym: dict[str, set[str]] = {}
    for n in free:
        acronym = keys[n].acronym
        if acronym is not None:
            by_acronym.setdefault(acronym.upper(), set()).add(find(n))
    for n in free:
        bare = (clean_text(n) or "").strip()
        if _ACRONYM.match(bare) and bare.upper() == bare:
            owners = by_acronym.get(bare, set())
            if len(owners) == 1:
                union(next(iter(owners)), n, 100.0, "acronym")
    reps = list(by_key.values())
    for i, j, score in _similar_pairs([keys[n] for n in reps], threshold):
        union(reps[i], reps[j], score, "similar")
    groups: dict[str, list[str]] = {}
    for n in spellings:
        groups.setdefault(find(n), []).append(n)
    return [
        (members, {m: evidence[m] for m in members[1:] if m in evidence})
        for members in groups.values()
    ]


#: Cells of one similarity matrix computed at once (bounds the memory of a large block).
_MATRIX_CELLS = 1_000_000


def _similar_pairs(keys: Sequence[MatchKey], threshold: float) -> list[tuple[int, int, float]]:
    """``(i, j, similarity)`` for ``i < j`` whose keys are similar enough, in ``(i, j)`` order.

    Two keys are compared when both have distinctive words and their generic words are the
    same; they are similar from ``threshold`` (:data:`PLACE_THRESHOLD` for places) by
    rapidfuzz ``token_sort_ratio`` of the distinctive words. The keys with the same generic
    words are compared in rapidfuzz matrices (``process.cdist``), a bounded number of rows at a
    time; the similarity of each pair found is recomputed with ``fuzz.token_sort_ratio``.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, key in enumerate(keys):
        if key.distinctive:
            groups.setdefault(key.generic, []).append(i)
    pairs: list[tuple[int, int, float]] = []
    for generic, members in groups.items():
        if len(members) < 2:
            continue
        needed = max(threshold, PLACE_THRESHOLD) if _PLACES & set(generic) else threshold
        texts = [keys[i].distinctive for i in members]
        step = max(1, _MATRIX_CELLS // len(texts))
        for start in range(0, len(texts), step):
            matrix = process.cdist(
                texts[start : start + step],
                texts,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=needed,
                dtype=np.float64,
            )
            for row, col in zip(*np.nonzero(matrix >= needed), strict=True):
                a, b = start + int(row), int(col)
                if a < b:
                    score = fuzz.token_sort_ratio(texts[a], texts[b])
                    if score >= needed:
                        pairs.append((members[a], members[b], score))
    pairs.sort()
    return pairs
