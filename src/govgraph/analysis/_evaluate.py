"""Does a synergy score point to what an actor does next? A hold-out evaluation.

The initiatives that started after a year ``Y`` are hidden. Each actor (and each country, as the
union of its actors) gets recommendations computed from the rest: the technologies, and the use
cases (a technology in a policy area), it has not adopted yet, scored by how much its best
partners (by the method's similarity) hold them; ``popularity`` recommends what most others
hold. The recommendations are checked against what the hidden initiatives did adopt:
precision@k, recall@k and mean average precision.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from .._exceptions import ConfigurationError
from ..store import Store
from ._facts import Facts
from ._filters import Filters, Selection
from ._rank import METHODS, make_space
from ._results import _as_dict
from ._select import resolve
from ._space import Space

__all__ = ["EVALUATION_METHODS", "Evaluation", "evaluate"]

#: Partner-based recommendations blended with popularity as a prior (see :func:`_blend`).
BLENDED = "rarity+popularity"
#: What ``evaluate`` compares: the baseline, every synergy method and the blend.
EVALUATION_METHODS: tuple[str, ...] = ("popularity", *METHODS, BLENDED)
#: Partners whose items are recommended.
PARTNERS = 20
#: Weight of popularity in the blend (0: partners only, 1: popularity only), chosen on the PSTW
#: hold-out years 2019-2022 (docs/analysis.md, "Measured usefulness").
PRIOR = 0.6


@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well one method's recommendations predict the hidden initiatives.

    Attributes:
        method: ``popularity`` or a synergy method.
        level: ``actor`` or ``country``: who gets recommendations.
        target: ``technology`` or ``use-case`` (a technology in a policy area).
        holdout_year: Initiatives that started after this year are hidden.
        evaluated: How many actors (countries) adopted something new after the year.
        precision_at_k: Mean share of the ``k`` recommendations that were adopted.
        recall_at_k: Mean share of the adopted items found among the ``k`` recommendations.
        map: Mean average precision at ``k``.
        k: The cut-off.
    """

    method: str
    level: str
    target: str
    holdout_year: int
    evaluated: int
    precision_at_k: float
    recall_at_k: float
    map: float
    k: int = 10

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields).

        Examples:
            >>> result = Evaluation("rarity", "actor", "technology", holdout_year=2021,
            ...                     evaluated=120, precision_at_k=0.21, recall_at_k=0.35, map=0.18)
            >>> result.to_dict()["map"], result.to_dict()["k"], list(result.to_dict())[:3]
            (0.18, 10, ['method', 'level', 'target'])
        """
        return _as_dict(self)


def _average_precision(ranked: Sequence[Any], relevant: set[Any], k: int) -> float:
    hits, total = 0, 0.0
    for n, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / n
    return total / min(len(relevant), k) if relevant else 0.0


def _targets(
    space: Space, rows: Iterable[int], technologies: set[str], areas: set[str], target: str
) -> dict[int, set[tuple[str, ...]]]:
    """Row -> its direct technologies, or its (technology, policy area) use cases."""
    out: dict[int, set[tuple[str, ...]]] = defaultdict(set)
    for r in rows:
        for initiative in space.initiatives.get(r, ()):
            items = space.initiative_items.get(initiative, frozenset())
            techs = [x for x in items if x in technologies]
            if target == "technology":
                out[r].update((t,) for t in techs)
            else:
                out[r].update((t, p) for t in techs for p in items if p in areas)
    return out


def _similarity(space: Space, method: str) -> npt.NDArray[np.float64]:
    """Dense row-by-row similarity of a (small) space under ``method``."""
    if method == "jaccard":
        binary = sp.csr_matrix(space.binary)
        # Jaccard over the directly held items only
        keep = np.fromiter((len(f) == 1 for f in space.features), dtype=bool)
        direct = binary[:, np.flatnonzero(keep)]
        inter = (direct @ direct.T).toarray()
        size = np.asarray(direct.sum(axis=1)).ravel()
        union = size[:, None] + size[None, :] - inter
        with np.errstate(divide="ignore", invalid="ignore"):
            sim = np.where(union > 0, inter / union, 0.0)
    else:
        sim = (space.matrix @ space.matrix.T).toarray()
    np.fill_diagonal(sim, 0.0)
    return np.asarray(sim, dtype=np.float64)


def _run(
    method: str,
    train: Space,
    train_sets: Mapping[int, set[tuple[str, ...]]],
    test_sets: Mapping[str, set[tuple[str, ...]]],
    k: int,
    sim: npt.NDArray[np.float64] | None,
) -> tuple[int, float, float, float]:
    popularity: dict[tuple[str, ...], int] = defaultdict(int)
    for items in train_sets.values():
        for x in items:
            popularity[x] += 1
    popular = sorted(popularity, key=lambda x: (-popularity[x], x))
    precisions, recalls, aps = [], [], []
    for entity, wanted in test_sets.items():
        r = train.index.get(entity)
        if r is None:
            continue
        held = train_sets.get(r, set())
        relevant = wanted - held
        if not relevant:
            continue
        if method == "popularity" or sim is None:
            ranked = [x for x in popular if x not in held][:k]
        else:
            scores = _partner_scores(sim, r, train_sets, held)
            if method == BLENDED:
                ranked = _blend(scores, popularity, popular, held, k)
            else:
                ranked = sorted(scores, key=lambda x: (-scores[x], -popularity[x], x))[:k]
            # fill up with the most popular, so every method recommends k items
            if len(ranked) < k:
                chosen = set(ranked)
                ranked += [x for x in popular if x not in held and x not in chosen][
                    : k - len(ranked)
                ]
        hits = sum(1 for x in ranked if x in relevant)
        precisions.append(hits / k)
        recalls.append(hits / len(relevant))
        aps.append(_average_precision(ranked, relevant, k))
    if not precisions:
        return 0, 0.0, 0.0, 0.0
    return len(precisions), float(np.mean(precisions)), float(np.mean(recalls)), float(np.mean(aps))


def _partner_scores(
    sim: npt.NDArray[np.float64],
    r: int,
    train_sets: Mapping[int, set[tuple[str, ...]]],
    held: set[tuple[str, ...]],
) -> dict[tuple[str, ...], float]:
    """Item -> summed similarity of the row's ``PARTNERS`` most similar partners holding it."""
    partners = np.argsort(-sim[r], kind="stable")[:PARTNERS]
    scores: dict[tuple[str, ...], float] = defaultdict(float)
    for p in partners.tolist():
        if sim[r, p] <= 0:
            break
        for x in train_sets.get(p, ()):
            if x not in held:
                scores[x] += float(sim[r, p])
    return scores


def _blend(
    scores: Mapping[tuple[str, ...], float],
    popularity: Mapping[tuple[str, ...], int],
    popular: Sequence[tuple[str, ...]],
    held: set[tuple[str, ...]],
    k: int,
) -> list[tuple[str, ...]]:
    """Partner scores and popularity, each scaled to 0..1, mixed with weight ``PRIOR``.

    Every item not held is a candidate: a popular item no partner holds still gets its prior,
    and among equally popular items the partners decide.
    """
    top_score = max(scores.values(), default=0.0) or 1.0
    top_count = max(popularity.values(), default=0) or 1
    blended = {
        x: (1 - PRIOR) * scores.get(x, 0.0) / top_score + PRIOR * popularity[x] / top_count
        for x in popular
        if x not in held
    }
    return sorted(blended, key=lambda x: (-blended[x], -popularity[x], x))[:k]


def evaluate(
    store: Store | Facts,
    *,
    holdout_year: int,
    k: int = 10,
    methods: Sequence[str] = EVALUATION_METHODS,
    by: str = "all",
    filters: Filters | None = None,
) -> list[Evaluation]:
    """Hide the initiatives that started after ``holdout_year`` and score the recommendations.

    Examples:
        In 2019 two ministries run chatbots, a third runs a ledger and a digital twin, and a
        city a ledger; in 2022 the city starts a digital twin. Recommending what most others use
        (a chatbot) misses it; recommending what the city's closest partner uses finds it:

        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import evaluate
        >>> kg = GovGraph()
        >>> _ = kg.load('''@prefix gg: <https://w3id.org/govgraph#> .
        ...     @prefix ex: <http://example.org/> .
        ...     ex:MinA a gg:PublicAdministration . ex:MinB a gg:PublicAdministration .
        ...     ex:MinD a gg:PublicAdministration . ex:CityC a gg:PublicAdministration .
        ...     ex:a1 a gg:Initiative ; gg:ledBy ex:MinA ; gg:usesTechnology ex:chatbot ;
        ...         gg:startYear 2019 .
        ...     ex:b1 a gg:Initiative ; gg:ledBy ex:MinB ; gg:usesTechnology ex:chatbot ;
        ...         gg:startYear 2019 .
        ...     ex:d1 a gg:Initiative ; gg:ledBy ex:MinD ; gg:usesTechnology ex:ledger, ex:twin ;
        ...         gg:startYear 2019 .
        ...     ex:c1 a gg:Initiative ; gg:ledBy ex:CityC ; gg:usesTechnology ex:ledger ;
        ...         gg:startYear 2019 .
        ...     ex:c2 a gg:Initiative ; gg:ledBy ex:CityC ; gg:usesTechnology ex:twin ;
        ...         gg:startYear 2022 .''', format="turtle")
        >>> found = evaluate(kg.store, holdout_year=2020, k=1, methods=["popularity", "rarity"])
        >>> [(e.method, e.evaluated, e.precision_at_k) for e in found
        ...  if e.level == "actor" and e.target == "technology"]
        [('popularity', 1, 0.0), ('rarity', 1, 1.0)]

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        holdout_year: The last year whose initiatives are used; later ones are the test set.
        k: Recommendations per actor or country.
        methods: ``popularity`` and synergy methods (see :data:`EVALUATION_METHODS`).
        by: The items the similarity is computed on (``all``: technologies, policy areas and
            challenges).
        filters: Other filters (``years`` is set by the evaluation and may not be given).

    Returns:
        One :class:`Evaluation` per method, level (actor, country) and target (technology,
        use case).

    Raises:
        ConfigurationError: An unknown method or dimension (``by``), ``k`` below 1, ``years``
            among the filters, or a bad filter value.
    """
    unknown = [m for m in methods if m not in EVALUATION_METHODS]
    if unknown:
        raise ConfigurationError(
            f"unknown method(s) {', '.join(unknown)}; use {', '.join(EVALUATION_METHODS)}"
        )
    if k < 1:
        raise ConfigurationError(f"k={k} must be 1 or more")
    base = filters or Filters()
    if base.years:
        raise ConfigurationError("evaluate sets the years itself; leave out the years filter")
    facts = store if isinstance(store, Facts) else Facts(store)
    train_sel = resolve(Filters.of(base, years=(None, holdout_year)), facts)
    test_sel = resolve(Filters.of(base, years=(holdout_year + 1, None)), facts)
    technologies = {item for _, item, _ in facts.item_rows("technology")}
    areas = {item for _, item, _ in facts.item_rows("policy_area")}
    results: list[Evaluation] = []
    countries = {a: c for a, c in facts.countries.items()}
    for level, group_by in (("actor", None), ("country", countries)):
        test_space = _space(facts, by, test_sel, "rarity", group_by)
        spaces: dict[str, Space] = {}
        for method in methods:
            name = "rarity" if method in ("popularity", "jaccard", BLENDED) else method
            if name not in spaces:
                spaces[name] = _space(facts, by, train_sel, name, group_by)
        for target in ("technology", "use-case"):
            test_rows = _targets(
                test_space, range(len(test_space.actors)), technologies, areas, target
            )
            test_sets = {test_space.actors[r]: items for r, items in test_rows.items()}
            for method in methods:
                name = "rarity" if method in ("popularity", "jaccard", BLENDED) else method
                train = spaces[name]
                train_sets = _targets(train, range(len(train.actors)), technologies, areas, target)
                sim = (
                    None
                    if method == "popularity"
                    else _similarity(train, "rarity" if method == BLENDED else method)
                )
                n, p, r, m = _run(method, train, train_sets, test_sets, k, sim)
                results.append(
                    Evaluation(
                        method=method,
                        level=level,
                        target=target,
                        holdout_year=holdout_year,
                        evaluated=n,
                        precision_at_k=p,
                        recall_at_k=r,
                        map=m,
                        k=k,
                    )
                )
    return results


def _space(
    facts: Facts, by: str, selection: Selection, method: str, group_by: Mapping[str, str] | None
) -> Space:
    from ._vocab import normalise_dimension

    return make_space(facts, normalise_dimension(by), selection, method, group_by=group_by)
