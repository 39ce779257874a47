"""What a cluster is about and whom to call first in it.

A cluster of the synergy graph is named by the items that set it apart (:func:`characteristic`)
and its members are listed by what they can tell the others (:func:`central`): first the members
with the most cases on what names the cluster, then those with the strongest ties inside it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ._facts import Facts
from ._filters import Selection
from ._hierarchy import most_specific
from ._vocab import DIMENSIONS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NAME_ITEMS", "case_sets", "cases_on", "central", "characteristic", "holders"]

#: How many of a cluster's items name it (the report's name, "blockchain · ..."); the cases on
#: them say whom to call first.
NAME_ITEMS = 3


def characteristic(
    members: list[str],
    sets: Mapping[str, frozenset[str]],
    population: list[str],
    broader: Mapping[str, frozenset[str]] | None = None,
    limit: int = 10,
    held: Mapping[str, int] | None = None,
) -> list[str]:
    """The items that set a cluster apart: held by many of its members and few other actors.

    An item held by ``c`` of the ``n`` members and by ``df`` of the ``N`` actors of the
    population scores ``p * log(p / q)``, with ``p = c / n`` and ``q = df / N`` (its share of
    the cluster's members against its share of all actors, weighted by the share itself: the
    cluster's term of the relative entropy, a standard cluster-labelling measure). Only items of
    two members or more, over-represented in the cluster (``p > q``), are listed, best first
    (ties: more members, then IRI). As in the synergy scores, a hierarchy counts once: an item
    broader (``broader``: item -> its broader items) than another one listed adds nothing and is
    left out ("machine learning", not also "artificial intelligence"). When no item is
    over-represented (a cluster of everyone), the items most widely held by its members are
    listed instead.

    Examples:
        >>> sets = {"a": frozenset({"AI", "ledger"}), "b": frozenset({"AI", "ledger"}),
        ...         "c": frozenset({"AI"}), "d": frozenset({"AI"})}
        >>> characteristic(["a", "b"], sets, ["a", "b", "c", "d"])
        ['ledger']
        >>> sets["c"] = frozenset({"AI", "ML"})
        >>> sets["d"] = frozenset({"AI", "ML"})
        >>> characteristic(["c", "d"], sets, ["a", "b", "c", "d"], {"ML": frozenset({"AI"})})
        ['ML']
    """
    counts: Counter[str] = Counter()
    for member in members:
        counts.update(sets.get(member, ()))
    if held is None:  # how many actors of the population hold each item (pass it for many)
        held = holders(sets, population)
    n, total = len(members), len(population)
    score: dict[str, float] = {}
    for item, c in counts.items():
        p, q = c / n, held[item] / total if total else 1.0
        if c >= 2 and p > q:
            score[item] = p * math.log(p / q)
    if score:
        found = sorted(score, key=lambda i: (-score[i], -counts[i], i))
    else:
        found = sorted((i for i, c in counts.items() if c >= 2), key=lambda i: (-counts[i], i))
    return most_specific(found, broader)[:limit]


def holders(sets: Mapping[str, frozenset[str]], population: list[str]) -> Counter[str]:
    """Item -> how many actors of ``population`` hold it."""
    held: Counter[str] = Counter()
    for actor in population:
        held.update(sets.get(actor, ()))
    return held


def case_sets(
    facts: Facts, dimension: str, selection: Selection | None = None
) -> dict[str, list[frozenset[str]]]:
    """Actor -> the items of each of its initiatives, with their broader concepts.

    Only the initiatives ``selection`` keeps count (every one without it); items not tied to an
    initiative (an actor's own adoption) are no case and are left out.
    """
    broader = facts.broader
    dims = DIMENSIONS if dimension == "all" else (dimension,)
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for dim in dims:
        for actor, item, initiative in facts.item_rows(dim):
            if initiative is None:
                continue
            if selection is not None and (
                actor not in selection.actors or not selection.keeps_initiative(initiative)
            ):
                continue
            items = found[(actor, initiative)]
            items.add(item)
            items.update(broader.get(item, ()))
    out: dict[str, list[frozenset[str]]] = defaultdict(list)
    for (actor, _), items in found.items():
        out[actor].append(frozenset(items))
    return dict(out)


def cases_on(
    members: Sequence[str], items: Sequence[str], cases: Mapping[str, list[frozenset[str]]]
) -> dict[str, int]:
    """Member -> how many of its cases hold one of ``items`` (or a narrower concept).

    Examples:
        >>> cases = {"a": [frozenset({"ledger"}), frozenset({"ML", "AI"})], "b": [frozenset({"AI"})]}
        >>> cases_on(["a", "b"], ["ledger", "ML"], cases)
        {'a': 2, 'b': 0}
    """
    wanted = frozenset(items)
    return {m: sum(1 for held in cases.get(m, ()) if not held.isdisjoint(wanted)) for m in members}


def central(
    graph: nx.Graph,
    members: list[str],
    limit: int = 10,
    *,
    cases: Mapping[str, int] | None = None,
) -> list[str]:
    """Whom to call first in a cluster: the most cases on what names it, then the strongest ties.

    ``cases`` gives each member's number of cases on the cluster's first items
    (:func:`cases_on`); the members with the most come first, and among as many cases (or
    without ``cases``) those with the strongest ties inside the cluster (their summed edge
    weights to other members). Ties are broken by IRI.

    Ties alone say little: on the k-nearest-neighbour graph, where dozens of actors with the same
    single item tie with one another, the few that every one of them keeps at its cut get the
    most edges (on the PSTW import, ten blockchain bodies in IRI order had 120 edges each, while
    the bodies with three or four blockchain cases had 10).

    Examples:
        >>> import networkx as nx
        >>> g = nx.Graph()
        >>> g.add_weighted_edges_from([("a", "b", 0.5), ("a", "c", 0.4), ("b", "c", 0.1)])
        >>> central(g, ["a", "b", "c"])
        ['a', 'b', 'c']
        >>> central(g, ["a", "b", "c"], cases={"c": 3, "b": 1})
        ['c', 'b', 'a']
    """
    inside = set(members)
    strength = {
        m: sum(float(graph[m][o].get("weight", 1.0)) for o in sorted(graph[m]) if o in inside)
        for m in members
    }
    count = cases or {}
    return sorted(members, key=lambda m: (-count.get(m, 0), -strength[m], m))[:limit]
