"""Turning scored pairs into :class:`Synergy` results a person can check.

Each pair gets its countries and levels, the shared items and use cases with their weights, and
the initiatives behind them on both sides (identifier, name, start year, status, web page).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ._cases import status_label
from ._columns import from_columns
from ._facts import Facts, short_code
from ._results import Evidence, Synergy, UseCase
from ._space import Space
from ._vocab import LABELS_OF_LIMIT, year_of

__all__ = ["EVIDENCE_LIMIT", "Describer"]

#: Initiatives listed per side of a pair, and use cases per pair.
EVIDENCE_LIMIT = 10

_Ints = npt.NDArray[np.int64]
#: The fields of :class:`Synergy`, in the order :meth:`Describer._row` gives their values
#: (``from_columns`` refuses columns that do not name exactly the fields).
_FIELDS = (
    "a",
    "b",
    "a_label",
    "b_label",
    "dimension",
    "shared",
    "score",
    "shared_labels",
    "a_items",
    "b_items",
    "method",
    "a_country",
    "b_country",
    "a_level",
    "b_level",
    "weights",
    "use_cases",
    "a_evidence",
    "b_evidence",
    "strength",
)


class Describer:
    """Builds results for pairs of rows of one :class:`Space`.

    Everything a pair's result is made of is looked up once and kept: each row's features and
    each initiative's (as sets), each initiative's :class:`Evidence`, each actor's label, each
    use case. Building one result is then set and dictionary work on a pair's few features, so
    that every actor's best partners (hundreds of thousands of pairs) stay cheap.
    """

    def __init__(self, facts: Facts, space: Space, *, method: str) -> None:
        self.facts = facts
        self.space = space
        self.method = method
        self._labels: dict[str, str | None] = {}
        self._weight: list[float] = space.weight.tolist()
        self._held: dict[int, frozenset[int]] = {}
        self._initiative_held: dict[str, frozenset[int]] = {}
        self._evidence: dict[str, Evidence] = {}
        self._actor_labels: dict[str, str] = {}
        self._cases: dict[int, UseCase] = {}
        # rank of each feature in the order results list them: weight, largest first, then id
        order = np.lexsort((np.arange(len(space.weight)), -space.weight))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        #: Rank of each feature column in the order results list them.
        self.feature_rank = rank
        self._rank: list[int] = rank.tolist()
        self._positive: dict[int, frozenset[int]] = {}
        self._row_initiatives: dict[int, list[tuple[str, frozenset[int]]]] = {}
        self._described: dict[frozenset[int], tuple[Any, ...]] = {}
        self._actors: dict[int, tuple[Any, ...]] = {}
        self._countries: dict[str, str | None] = {}
        self._sides: dict[tuple[int, frozenset[int]], tuple[tuple[Evidence, ...], int]] = {}
        #: Initiatives listed per side of a pair (and use cases per pair).
        self.evidence_limit = EVIDENCE_LIMIT

    def prepare(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Fetch the labels the given pairs will need, in one go."""
        pairs = list(pairs)
        rows = self._rows(pairs)
        features: set[int] = set()
        for i, j in pairs:
            features.update(self._common(i, j))
        self.prepare_rows(rows, features=features)

    def prepare_rows(self, rows: Iterable[int], *, features: Iterable[int] | None = None) -> None:
        """Fetch the labels and facts that results about these rows need, in one go.

        ``features``: the shared feature columns whose items are described (``None``: any).
        """
        space, facts = self.space, self.facts
        rows = list(rows)
        needed: set[str] = set()
        for r in rows:
            needed.add(space.actors[r])
            needed.update(space.initiatives.get(r, ()))
        if features is None or len(needed) > LABELS_OF_LIMIT:
            # every label is fetched anyway: no need to look at the features
            needed.update(x for key in space.features for x in key)
        else:
            for f in features:
                needed.update(space.features[f])
        initiatives = [x for r in rows for x in space.initiatives.get(r, ())]
        about = facts.initiative_facts_of(initiatives)
        actors = [space.actors[r] for r in rows]
        found = facts.countries_of(actors)
        self._countries.update({a: found.get(a) for a in actors})
        statuses = {about.get(x, {}).get("status") for x in initiatives} - {None}
        needed |= {s for s in statuses if s is not None}
        self._labels.update(facts.labels_of(needed))

    @staticmethod
    def _rows(pairs: Iterable[tuple[int, int]]) -> set[int]:
        return {r for pair in pairs for r in pair}

    def label(self, iri: str) -> str | None:
        """Label of an IRI (prepared, else looked up)."""
        labels = self._labels
        if iri in labels:
            return labels[iri]
        found = self.facts.labels_of([iri]).get(iri)
        labels[iri] = found
        return found

    def actor_label(self, actor: str) -> str:
        """``Ministry of Justice (AT)``."""
        found = self._actor_labels.get(actor)
        if found is None:
            label = self.label(actor) or actor
            if self.facts.kinds.get(actor) == "international-organisation":
                found = f"{label} (international)"  # EU-wide cases do not make it an EU body
            else:
                code = short_code(self.country(actor))
                found = f"{label} ({code})" if code else label
            self._actor_labels[actor] = found
        return found

    def country(self, actor: str) -> str | None:
        """The actor's country (prepared, else looked up)."""
        if actor in self._countries:
            return self._countries[actor]
        found = self._countries[actor] = self.facts.countries_of([actor]).get(actor)
        return found

    def _held_by(self, row: int) -> frozenset[int]:
        found = self._held.get(row)
        if found is None:
            binary = self.space.binary
            columns = binary.indices[binary.indptr[row] : binary.indptr[row + 1]]
            found = self._held[row] = frozenset(columns.tolist())
        return found

    def _features_of(self, initiative: str) -> frozenset[int]:
        found = self._initiative_held.get(initiative)
        if found is None:
            columns = self.space.initiative_features[initiative]
            found = self._initiative_held[initiative] = frozenset(columns.tolist())
        return found

    def _common(self, i: int, j: int) -> list[int]:
        """Feature columns both rows hold, ascending (as :meth:`Space.shared`)."""
        return sorted(self._held_by(i) & self._held_by(j))

    def _positive_of(self, row: int) -> frozenset[int]:
        """The row's features that weigh something."""
        found = self._positive.get(row)
        if found is None:
            weight = self._weight
            found = frozenset(f for f in self._held_by(row) if weight[f] > 0)
            self._positive[row] = found
        return found

    def _initiatives_of(self, row: int) -> list[tuple[str, frozenset[int]]]:
        found = self._row_initiatives.get(row)
        if found is None:
            found = [(x, self._features_of(x)) for x in self.space.initiatives.get(row, ())]
            self._row_initiatives[row] = found
        return found

    def _contributions(self, row: int, shared: Collection[int]) -> list[tuple[str, float]]:
        """:meth:`Space.contributions` (same weights, same order), on sets."""
        if not shared:
            return []
        weight = self._weight
        shared = shared if isinstance(shared, (set, frozenset)) else set(shared)
        out = []
        for initiative, held in self._initiatives_of(row):
            common = held & shared
            if common:
                out.append((initiative, _sum([weight[f] for f in sorted(common)])))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out

    def _hits(self, row: int, shared: Collection[int], *, positive: bool = False) -> list[str]:
        """The row's initiatives behind ``shared``, most telling first.

        ``positive``: every feature of ``shared`` weighs something, so an initiative holding one
        contributes; its weight is then only needed to order two or more initiatives.
        """
        if positive:
            if not shared:
                return []
            hits = [x for x, held in self._initiatives_of(row) if not held.isdisjoint(shared)]
            if len(hits) > 1:
                hits = [x for x, w in self._contributions(row, shared) if w > 0]
            return hits
        return [x for x, w in self._contributions(row, shared) if w > 0]

    def _evidence_of(
        self, row: int, shared: Collection[int], *, positive: bool = False
    ) -> tuple[tuple[Evidence, ...], int]:
        """The row's initiatives behind ``shared`` as evidence (the first few), and how many."""
        hits = self._hits(row, shared, positive=positive)
        known = self._evidence
        return tuple(
            [known[x] if x in known else self.initiative(x) for x in hits[:EVIDENCE_LIMIT]]
        ), len(hits)

    def evidence(self, row: int, shared: _Ints) -> tuple[tuple[Evidence, ...], int]:
        """The row's initiatives behind ``shared`` (at most EVIDENCE_LIMIT) and how many."""
        return self._evidence_of(row, shared.tolist())

    def initiatives(self, iris: Collection[str]) -> dict[str, Evidence]:
        """Several initiatives as :class:`Evidence` (their facts fetched together).

        Many new ones are built column by column (:func:`from_columns`): the same objects as
        one by one, faster.
        """
        known = self._evidence
        missing = list(dict.fromkeys(x for x in iris if x not in known))
        if missing:
            about = self.facts.initiative_facts_of(missing)
            empty: Mapping[str, str] = {}
            rows = [about.get(x, empty) for x in missing]
            statuses: dict[tuple[str | None, str | None], str | None] = {}
            for row in rows:
                key = (row.get("status"), row.get("status_text"))
                if key not in statuses:
                    statuses[key] = self._status_label(row)
            made = from_columns(
                Evidence,
                {
                    "initiative": missing,
                    "identifier": [row.get("identifier") for row in rows],
                    "label": [self.label(x) for x in missing],
                    "start_year": [year_of(row.get("start_year")) for row in rows],
                    "status": [statuses[(r.get("status"), r.get("status_text"))] for r in rows],
                    "homepage": [row.get("homepage") for row in rows],
                },
            )
            known.update(zip(missing, made, strict=True))
        return {x: known[x] for x in iris}

    def initiative(self, initiative: str) -> Evidence:
        """One initiative as :class:`Evidence`."""
        found = self._evidence.get(initiative)
        return found if found is not None else self.initiatives([initiative])[initiative]

    def _status_label(self, facts: Mapping[str, str]) -> str | None:
        """The status of an initiative in words: its label, else its name, else the text.

        The name is the one diff and adoption give it (``In development``, not the IRI's
        ``InDevelopment``).
        """
        status = facts.get("status")
        if status is not None:
            return self.label(status) or status_label(status)
        return facts.get("status_text")

    def use_case(self, feature: int) -> UseCase:
        """The use case of a feature column (two items)."""
        found = self._cases.get(feature)
        if found is None:
            key = self.space.features[feature]
            found = self._cases[feature] = UseCase(
                items=key, labels=tuple(self.label(x) for x in key), weight=self._weight[feature]
            )
        return found

    def synergy(
        self,
        i: int,
        j: int,
        score: float,
        *,
        shared_items: Sequence[str] | None = None,
    ) -> Synergy:
        """The result for rows ``i`` and ``j`` (``a`` is the smaller IRI).

        ``shared_items`` (plain Jaccard) lists the shared items to report, each weighing an
        equal part of the score; otherwise the shared features of the space with a positive
        weight are reported with their weights.
        """
        return Synergy(**dict(zip(_FIELDS, self._row(i, j, score, shared_items), strict=True)))

    def describe_shared(self, shared: frozenset[int]) -> tuple[Any, ...]:
        """Items, their labels, ``(item, weight)`` and use cases of a set of shared features."""
        found = self._described.get(shared)
        if found is None:
            weight, features = self._weight, self.space.features
            items: list[str] = []
            weights: list[float] = []
            cases: list[UseCase] = []
            for f in sorted(shared, key=self._rank.__getitem__):
                key = features[f]
                if len(key) == 1:
                    items.append(key[0])
                    weights.append(weight[f])
                elif len(cases) < EVIDENCE_LIMIT:
                    cases.append(self.use_case(f))
            found = self._described[shared] = (
                tuple(items),
                tuple(self.label(x) for x in items),
                tuple(zip(items, weights, strict=True)),
                tuple(cases),
            )
        return found

    def actor_facts(self, row: int) -> tuple[Any, ...]:
        """Actor IRI, label, country code, level and item count of a row."""
        found = self._actors.get(row)
        if found is None:
            actor = self.space.actors[row]
            facts = self.facts
            found = self._actors[row] = (
                actor,
                self.actor_label(actor),
                _code(self.country(actor)),
                facts.levels.get(actor),
                self.space.item_count(row),
            )
        return found

    def _side(self, row: int, shared: frozenset[int]) -> tuple[tuple[Evidence, ...], int]:
        """:meth:`_evidence_of` for positive features, kept per (row, shared features)."""
        key = (row, shared)
        found = self._sides.get(key)
        if found is None:
            found = self._sides[key] = self._evidence_of(row, shared, positive=True)
        return found

    def _row(
        self, i: int, j: int, score: float, shared_items: Sequence[str] | None
    ) -> tuple[Any, ...]:
        """The field values of :class:`Synergy` for one pair, in declaration order."""
        space = self.space
        actors = space.actors
        if actors[j] < actors[i]:
            i, j = j, i
        a, a_label, a_country, a_level, a_items = self.actor_facts(i)
        b, b_label, b_country, b_level, b_items = self.actor_facts(j)
        if shared_items is not None:
            ids = [space.feature_index.get((x,)) for x in shared_items]
            common = sorted(k for k in ids if k is not None)
            items = tuple(shared_items)
            labels = tuple(self.label(x) for x in items)
            part = score / len(items) if items else 0.0
            weights = tuple((x, part) for x in items)
            cases: tuple[UseCase, ...] = ()
            a_evidence, a_count = self._evidence_of(i, common)
            b_evidence, b_count = self._evidence_of(j, common)
        else:
            shared = self._positive_of(i) & self._positive_of(j)
            items, labels, weights, cases = self.describe_shared(shared)
            a_evidence, a_count = self._side(i, shared)
            b_evidence, b_count = self._side(j, shared)
        return (
            a,
            b,
            a_label,
            b_label,
            space.dimension,
            items,
            score,
            labels,
            a_items,
            b_items,
            self.method,
            a_country,
            b_country,
            a_level,
            b_level,
            weights,
            cases,
            a_evidence,
            b_evidence,
            a_count + b_count,
        )

    def strength(self, i: int, j: int) -> int:
        """Number of initiatives behind the pair on both sides."""
        shared = self._positive_of(i) & self._positive_of(j)
        return sum(len(self._hits(r, shared, positive=True)) for r in (i, j))


def _sum(values: list[float]) -> float:
    """The values added one after the other (as :meth:`Space.contributions` and the bulk path)."""
    total = 0.0
    for value in values:
        total += value
    return total


def _code(country: str | None) -> str | None:
    return country.rsplit("/", 1)[-1] if country else None
