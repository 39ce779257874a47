"""Turning scored pairs into :class:`Synergy` results a person can check.

Each pair gets its countries and levels, the shared items and use cases with their weights, and
the initiatives behind them on both sides (identifier, name, start year, status, web page).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np
import numpy.typing as npt

from ._facts import Facts
from ._results import Evidence, Synergy, UseCase
from ._space import Space
from ._vocab import LABELS_OF_LIMIT

__all__ = ["EVIDENCE_LIMIT", "Describer"]

#: Initiatives listed per side of a pair, and use cases per pair.
EVIDENCE_LIMIT = 10

_Ints = npt.NDArray[np.int64]


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

    def prepare(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Fetch the labels the given pairs will need, in one go."""
        space, facts = self.space, self.facts
        needed: set[str] = set()
        pairs = list(pairs)
        rows = self._rows(pairs)
        for r in rows:
            needed.add(space.actors[r])
            needed.update(space.initiatives.get(r, ()))
        if len(needed) > LABELS_OF_LIMIT:
            # every label is fetched anyway: no need to find each pair's shared features
            needed.update(x for key in space.features for x in key)
        else:
            for i, j in pairs:
                for f in self._common(i, j):
                    needed.update(space.features[f])
        initiatives = [x for r in rows for x in space.initiatives.get(r, ())]
        about = facts.initiative_facts_of(initiatives)
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
            code = self.facts.country_code(actor)
            found = self._actor_labels[actor] = f"{label} ({code})" if code else label
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

    def _contributions(self, row: int, shared: Collection[int]) -> list[tuple[str, float]]:
        """:meth:`Space.contributions` (same weights, same order), on sets."""
        if not shared:
            return []
        weight = self._weight
        out = []
        for initiative in self.space.initiatives.get(row, ()):
            held = self._features_of(initiative)
            common = sorted(f for f in shared if f in held)
            if common:
                out.append((initiative, _sum([weight[f] for f in common])))
        out.sort(key=lambda x: (-x[1], x[0]))
        return out

    def _evidence_of(self, row: int, shared: Collection[int]) -> tuple[tuple[Evidence, ...], int]:
        found = [x for x, w in self._contributions(row, shared) if w > 0]
        return tuple(self.initiative(x) for x in found[:EVIDENCE_LIMIT]), len(found)

    def evidence(self, row: int, shared: _Ints) -> tuple[tuple[Evidence, ...], int]:
        """The row's initiatives behind ``shared`` (at most EVIDENCE_LIMIT) and how many."""
        return self._evidence_of(row, shared.tolist())

    def initiative(self, initiative: str) -> Evidence:
        """One initiative as :class:`Evidence`."""
        found = self._evidence.get(initiative)
        if found is not None:
            return found
        facts = self.facts.initiative_facts_of([initiative]).get(initiative, {})
        status = facts.get("status")
        status_label = facts.get("status_text")
        if status is not None:
            status_label = self.label(status) or _local(status).removeprefix("Status")
        found = self._evidence[initiative] = Evidence(
            initiative=initiative,
            identifier=facts.get("identifier"),
            label=self.label(initiative),
            start_year=self.facts.start_year(initiative),
            status=status_label,
            homepage=facts.get("homepage"),
        )
        return found

    def _use_case(self, feature: int) -> UseCase:
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
        space, facts = self.space, self.facts
        a, b = space.actors[i], space.actors[j]
        if b < a:
            i, j, a, b = j, i, b, a
        weight = self._weight
        items: list[str]
        weights: list[float]
        cases: list[UseCase] = []
        if shared_items is not None:
            ids = [space.feature_index.get((x,)) for x in shared_items]
            common = sorted(k for k in ids if k is not None)
            items = list(shared_items)
            weights = [score / len(items) if items else 0.0] * len(items)
        else:
            common = [f for f in self._common(i, j) if weight[f] > 0]
            common.sort(key=lambda f: (-weight[f], f))
            items, weights = [], []
            features = space.features
            for f in common:
                key = features[f]
                if len(key) == 1:
                    items.append(key[0])
                    weights.append(weight[f])
                elif len(cases) < EVIDENCE_LIMIT:
                    cases.append(self._use_case(f))
        a_evidence, a_count = self._evidence_of(i, common)
        b_evidence, b_count = self._evidence_of(j, common)
        countries, levels = facts.countries, facts.levels
        return Synergy(
            a=a,
            b=b,
            a_label=self.actor_label(a),
            b_label=self.actor_label(b),
            dimension=space.dimension,
            shared=tuple(items),
            score=score,
            shared_labels=tuple(self.label(x) for x in items),
            a_items=space.item_count(i),
            b_items=space.item_count(j),
            method=self.method,
            a_country=_code(countries.get(a)),
            b_country=_code(countries.get(b)),
            a_level=levels.get(a),
            b_level=levels.get(b),
            weights=tuple(zip(items, weights, strict=True)),
            use_cases=tuple(cases),
            a_evidence=a_evidence,
            b_evidence=b_evidence,
            strength=a_count + b_count,
        )

    def strength(self, i: int, j: int) -> int:
        """Number of initiatives behind the pair on both sides."""
        weight = self._weight
        common = [f for f in self._common(i, j) if weight[f] > 0]
        return sum(1 for r in (i, j) for _, w in self._contributions(r, common) if w > 0)


def _sum(values: list[float]) -> float:
    """``float(np.asarray(values).sum())`` bit for bit: numpy adds fewer than 8 in order."""
    if len(values) >= 8:
        return float(np.asarray(values, dtype=np.float64).sum())
    total = 0.0
    for value in values:
        total += value
    return total


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _code(country: str | None) -> str | None:
    return country.rsplit("/", 1)[-1] if country else None
