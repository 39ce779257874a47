"""Turning scored pairs into :class:`Synergy` results a person can check.

Each pair gets its countries and levels, the shared items and use cases with their weights, and
the initiatives behind them on both sides (identifier, name, start year, status, web page).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from ._facts import Facts
from ._results import Evidence, Synergy, UseCase
from ._space import Space

__all__ = ["EVIDENCE_LIMIT", "Describer"]

#: Initiatives listed per side of a pair, and use cases per pair.
EVIDENCE_LIMIT = 10

_Ints = npt.NDArray[np.int64]


class Describer:
    """Builds results for pairs of rows of one :class:`Space`."""

    def __init__(self, facts: Facts, space: Space, *, method: str) -> None:
        self.facts = facts
        self.space = space
        self.method = method
        self._labels: dict[str, str] = {}

    def prepare(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Fetch the labels the given pairs will need, in one go."""
        space, facts = self.space, self.facts
        needed: set[str] = set()
        pairs = list(pairs)
        for i, j in pairs:
            for r in (i, j):
                needed.add(space.actors[r])
                needed.update(space.initiatives.get(r, ()))
            for f in space.shared(i, j).tolist():
                needed.update(space.features[f])
        initiatives = [x for r in self._rows(pairs) for x in space.initiatives.get(r, ())]
        about = facts.initiative_facts_of(initiatives)
        statuses = {about.get(x, {}).get("status") for x in initiatives} - {None}
        needed |= {s for s in statuses if s is not None}
        self._labels.update(facts.labels_of(needed))

    @staticmethod
    def _rows(pairs: Iterable[tuple[int, int]]) -> set[int]:
        return {r for pair in pairs for r in pair}

    def label(self, iri: str) -> str | None:
        """Label of an IRI (prepared, else looked up)."""
        found = self._labels.get(iri)
        if found is None:
            found = self.facts.labels_of([iri]).get(iri)
            if found is not None:
                self._labels[iri] = found
        return found

    def actor_label(self, actor: str) -> str:
        """``Ministry of Justice (AT)``."""
        label = self.label(actor) or actor
        code = self.facts.country_code(actor)
        return f"{label} ({code})" if code else label

    def evidence(self, row: int, shared: _Ints) -> tuple[tuple[Evidence, ...], int]:
        """The row's initiatives behind ``shared`` (at most EVIDENCE_LIMIT) and how many."""
        found = [x for x, w in self.space.contributions(row, shared) if w > 0]
        return tuple(self.initiative(x) for x in found[:EVIDENCE_LIMIT]), len(found)

    def initiative(self, initiative: str) -> Evidence:
        """One initiative as :class:`Evidence`."""
        facts = self.facts.initiative_facts_of([initiative]).get(initiative, {})
        status = facts.get("status")
        status_label = facts.get("status_text")
        if status is not None:
            status_label = self.label(status) or _local(status).removeprefix("Status")
        return Evidence(
            initiative=initiative,
            identifier=facts.get("identifier"),
            label=self.label(initiative),
            start_year=self.facts.start_year(initiative),
            status=status_label,
            homepage=facts.get("homepage"),
        )

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
        common = space.shared(i, j)
        if shared_items is not None:
            ids = [space.feature_index.get((x,)) for x in shared_items]
            common = np.asarray(sorted(k for k in ids if k is not None), dtype=np.int64)
            items = list(shared_items)
            weights = [score / len(items) if items else 0.0] * len(items)
            cases: list[UseCase] = []
        else:
            common = common[space.weight[common] > 0]
            common = common[np.lexsort((common, -space.weight[common]))]
            items, weights, cases = [], [], []
            for f in common.tolist():
                key = space.features[f]
                w = float(space.weight[f])
                if len(key) == 1:
                    items.append(key[0])
                    weights.append(w)
                elif len(cases) < EVIDENCE_LIMIT:
                    cases.append(
                        UseCase(items=key, labels=tuple(self.label(x) for x in key), weight=w)
                    )
        a_evidence, a_count = self.evidence(i, common)
        b_evidence, b_count = self.evidence(j, common)
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
            a_country=_code(facts.countries.get(a)),
            b_country=_code(facts.countries.get(b)),
            a_level=facts.levels.get(a),
            b_level=facts.levels.get(b),
            weights=tuple(zip(items, weights, strict=True)),
            use_cases=tuple(cases),
            a_evidence=a_evidence,
            b_evidence=b_evidence,
            strength=a_count + b_count,
        )

    def strength(self, i: int, j: int) -> int:
        """Number of initiatives behind the pair on both sides."""
        common = self.space.shared(i, j)
        common = common[self.space.weight[common] > 0]
        return sum(1 for r in (i, j) for _, w in self.space.contributions(r, common) if w > 0)


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _code(country: str | None) -> str | None:
    return country.rsplit("/", 1)[-1] if country else None
