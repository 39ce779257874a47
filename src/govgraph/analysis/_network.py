"""networkx views of the graph and network measures on the synergy graph."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from typing_extensions import Unpack

from .._exceptions import ConfigurationError
from ..store import Store
from ._clusters import NAME_ITEMS, case_sets, cases_on, central, characteristic, holders
from ._facts import Facts
from ._filters import FilterArgs, Filters, Selection
from ._options import check_network
from ._results import Broker, Cluster
from ._synergy import _item_sets, synergy_pairs
from ._vocab import normalise_dimension

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NETWORK_KINDS", "brokers", "clusters", "to_networkx"]

#: The graphs :func:`to_networkx` can build.
NETWORK_KINDS = ("actor-technology", "synergy", "hierarchy")


def _actor_technology(facts: Facts) -> nx.Graph:
    import networkx as nx

    labels = facts.labels
    weights: Counter[tuple[str, str]] = Counter()
    for actor, tech, _initiative in facts.item_rows("technology"):
        weights[(actor, tech)] += 1
    graph = nx.Graph(kind="actor-technology")
    for actor in sorted({a for a, _ in weights}):
        graph.add_node(actor, kind="actor", bipartite=0, label=labels.get(actor))
    for tech in sorted({t for _, t in weights}):
        graph.add_node(tech, kind="technology", bipartite=1, label=labels.get(tech))
    for (actor, tech), weight in sorted(weights.items()):
        graph.add_edge(actor, tech, weight=weight)
    return graph


def _synergy_graph(
    facts: Facts,
    by: str,
    min_score: float,
    neighbours: int | None = None,
    selection: Selection | None = None,
) -> nx.Graph:
    import networkx as nx
    import numpy as np

    pairs = synergy_pairs(facts, by, selection)
    keep = np.nonzero(pairs.score >= min_score)[0]
    if neighbours is not None:
        keep = pairs.strongest(neighbours, keep)
    graph = nx.Graph(kind="synergy", dimension=pairs.dimension, method="jaccard")
    found = (pairs.i[keep].tolist(), pairs.j[keep].tolist(), pairs.score[keep].tolist())
    return _add_pairs(graph, facts, pairs.actors, found, lambda v: int(pairs.sizes[v]))


def _add_pairs(
    graph: nx.Graph,
    facts: Facts,
    actors: Sequence[str],
    pairs: tuple[list[int], list[int], list[float]],
    items: Callable[[int], int],
) -> nx.Graph:
    """Add the pairs ``(i, j, score)`` of rows of ``actors``, as labelled nodes and scores."""
    i, j, scores = pairs
    labels = facts.labels
    for v in sorted(set(i) | set(j)):
        graph.add_node(actors[v], label=labels.get(actors[v]), items=items(v))
    graph.add_weighted_edges_from(
        (actors[a], actors[b], score) for a, b, score in zip(i, j, scores, strict=True)
    )
    return graph


def _scored_graph(
    facts: Facts,
    by: str,
    method: str,
    min_score: float,
    neighbours: int | None,
    selection: Selection | None = None,
) -> nx.Graph:
    """The synergy graph scored by ``method`` (not ``jaccard``).

    Each actor keeps its ``neighbours`` best partners (a top-n sparse product), or every pair.
    """
    import networkx as nx
    import numpy as np

    from ._rank import METHODS, make_space
    from ._select import resolve
    from ._topk import all_pairs, best_pairs, excluded_partners

    if method not in METHODS:
        raise ConfigurationError(f"unknown method={method!r}; use {', '.join(METHODS)}")
    dimension = normalise_dimension(by)
    if selection is None:
        selection = resolve(Filters(), facts)
    space = make_space(facts, dimension, selection, method)
    excluded = excluded_partners(facts, space)
    if neighbours is not None:
        i, j, s = best_pairs(space, selection, excluded, k=neighbours, min_score=min_score)
    else:
        blocks = list(all_pairs(space, selection, excluded, min_score=min_score))
        i = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
        j = np.concatenate([b[1] for b in blocks]) if blocks else np.zeros(0, dtype=np.int64)
        s = np.concatenate([b[2] for b in blocks]) if blocks else np.zeros(0)
    keep = (s > 0) & (s >= min_score)
    i, j, s = i[keep], j[keep], s[keep]
    order = np.lexsort((j, i))
    graph = nx.Graph(kind="synergy", dimension=dimension, method=method)
    found = (i[order].tolist(), j[order].tolist(), s[order].tolist())
    return _add_pairs(graph, facts, space.actors, found, space.item_count)


def _communities(
    facts: Facts,
    graph: nx.Graph,
    *,
    resolution: float,
    seed: int,
    min_size: int,
    selection: Selection | None = None,
) -> list[tuple[list[str], list[str]]]:
    """Louvain communities of ``graph`` (members sorted), largest first, with their items."""
    import networkx as nx

    # on nodes numbered in graph order: networkx sums modularity over sets of nodes, and sets
    # of strings iterate in an order that changes with PYTHONHASHSEED (sets of ints do not)
    numbered = nx.convert_node_labels_to_integers(graph, label_attribute="iri")
    communities = [
        {numbered.nodes[k]["iri"] for k in found}
        for found in nx.community.louvain_communities(
            numbered, weight="weight", resolution=resolution, seed=seed
        )
    ]
    groups = sorted(
        (sorted(c) for c in communities if len(c) >= min_size), key=lambda g: (-len(g), g[0])
    )
    # each actor's items: those of the initiatives the filters keep (all without filters)
    sets = _item_sets(facts, graph.graph["dimension"], selection)
    population = sorted(graph.nodes)
    held = holders(sets, population)  # once for every cluster
    return [(g, characteristic(g, sets, population, facts.broader, held=held)) for g in groups]


def _hierarchy(facts: Facts) -> nx.DiGraph:
    import networkx as nx

    labels = facts.labels
    levels = facts.levels
    graph = nx.DiGraph(kind="hierarchy")
    nodes = sorted(set(facts.parents) | {p for ps in facts.parents.values() for p in ps})
    for node in nodes:
        graph.add_node(node, label=labels.get(node), level=levels.get(node))
    for unit in sorted(facts.parents):
        for parent in sorted(facts.parents[unit]):
            graph.add_edge(unit, parent, relation="unitOf")
    return graph


def _pair_graph(
    facts: Facts,
    by: str,
    method: str,
    min_score: float,
    neighbours: int | None,
    selection: Selection | None = None,
) -> nx.Graph:
    """The synergy graph clusters and brokers run on, of the pairs ``selection`` keeps.

    Jaccard-weighted for ``method="jaccard"``, else scored by ``method``.
    """
    if method == "jaccard":
        return _synergy_graph(facts, by, min_score, neighbours, selection)
    return _scored_graph(facts, by, method, min_score, neighbours, selection)


def _selection(facts: Facts, filters: Filters | None, args: Mapping[str, Any]) -> Selection | None:
    """The filters looked up in ``facts`` (``None`` when there are none)."""
    from ._select import resolve

    chosen = Filters.of(filters, **args)
    return resolve(chosen, facts) if chosen else None


def to_networkx(
    store: Store | Facts,
    *,
    kind: str = "synergy",
    by: str = "technology",
    method: str = "jaccard",
    min_score: float = 0.0,
    neighbours: int | None = None,
    filters: Filters | None = None,
) -> Any:
    """Build a networkx graph of the data.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import to_networkx
        >>> kg = GovGraph.example()
        >>> graph = to_networkx(kg.store)  # actors, an edge per synergy (Jaccard)
        >>> graph.number_of_nodes(), graph.number_of_edges()
        (8, 10)
        >>> edge = graph["http://example.org/DG_B"]["http://example.org/MinY"]
        >>> edge["weight"]  # DG B and Ministry Y use the same two technologies
        1.0
        >>> tree = to_networkx(kg.store, kind="hierarchy")  # an edge unit -> organisation
        >>> [tree.nodes[n]["label"] for n in tree.successors("http://example.org/DG_A_Unit1")]
        ['DG A']
        >>> uses = to_networkx(kg.store, kind="actor-technology")
        >>> sorted(uses.nodes[t]["label"] for t in uses["http://example.org/CityZ"])
        ['Blockchain', 'Natural language processing']

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        kind: ``actor-technology`` (bipartite ``Graph``: actors ``bipartite=0``, technologies
            ``bipartite=1``, edge ``weight`` = number of the actor's initiatives using it),
            ``synergy`` (``Graph`` of actors, one edge per synergy with ``weight`` = score) or ``hierarchy`` (``DiGraph`` with an edge unit -> organisation
            for each ``org:unitOf``). Nodes are IRIs with a ``label`` attribute.
        by: Synergy dimension for ``kind="synergy"``.
        method: The score of the synergy edges for ``kind="synergy"``: ``jaccard`` (default,
            the Jaccard index), or ``rarity`` and the other methods of :func:`synergies`.
            ``method="rarity", neighbours=10`` is the graph :func:`clusters` and
            :func:`brokers` run on by default.
        min_score: Minimum synergy score for ``kind="synergy"`` (``jaccard``: 0 to 1).
        neighbours: For ``kind="synergy"``: keep only each actor's ``neighbours`` strongest
            synergies (an edge stays if it is among the best of either end); ``None`` or 0 keeps
            all.
        filters: For ``kind="synergy"``: only the synergies these :class:`Filters` keep, with
            their meaning for :func:`synergies` (``Filters(country="DEU")``: the pairs with a
            German actor). Refused for the other kinds.

    Returns:
        A ``networkx.Graph`` or ``networkx.DiGraph``.

    Raises:
        ConfigurationError: For an unknown kind, an unknown method or dimension or a bad filter
            (``kind="synergy"``), an option outside its range, or filters for a kind other
            than ``synergy``.
    """
    neighbours = check_network(method=method, min_score=min_score, neighbours=neighbours)
    facts = store if isinstance(store, Facts) else Facts(store)
    key = kind.strip().lower().replace("_", "-")
    if filters and key != "synergy":
        raise ConfigurationError(
            f"filters= apply to kind='synergy' only (the synergies they keep), not {kind!r}"
        )
    if key in ("actor-technology", "bipartite"):
        return _actor_technology(facts)
    if key == "synergy":
        selection = _selection(facts, filters, {})
        return _pair_graph(facts, by, method, min_score, neighbours, selection)
    if key == "hierarchy":
        return _hierarchy(facts)
    raise ConfigurationError(f"unknown kind={kind!r}; use one of {', '.join(NETWORK_KINDS)}")


def clusters(
    store: Store | Facts,
    *,
    by: str = "technology",
    method: str = "rarity",
    min_score: float = 0.0,
    resolution: float = 1.0,
    seed: int = 0,
    min_size: int = 2,
    neighbours: int | None = 10,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> list[Cluster]:
    """Find communities of actors that should coordinate (Louvain on the synergy graph).

    The synergy graph's edges are weighted by score. On real data most actors share a few very
    common items (nearly every PSTW actor uses artificial intelligence), which makes the full
    synergy graph dense and its communities blurred (docs/analysis.md); so each actor keeps its
    ``neighbours`` strongest synergies by default (a k-nearest-neighbour graph). Louvain is
    seeded, and nodes and edges are added in a fixed order: the same data and arguments always
    give the same clusters.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import clusters
        >>> kg = GovGraph.example()
        >>> found = clusters(kg.store)
        >>> [(c.size, c.item_labels) for c in found]  # what sets each cluster apart
        [(4, ('Natural language processing',)), (4, ('Machine learning', 'Blockchain'))]
        >>> found[1].member_labels
        ('DG A', 'DG B', 'Ministry X', 'Ministry Y')
        >>> found[1].central_labels[0]  # whom to call first
        'Ministry Y'

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        by: Synergy dimension (``technology``, ``policy_area``, ``challenge``, ``all``).
        method: The synergy score of the edges: ``rarity`` (default, as for
            :func:`synergies`: clusters gather actors around rare shared use cases), the
            other methods of
            :func:`synergies`, or ``jaccard`` (the plain Jaccard index, which ties whole
            groups of actors with the same few items at 1.0). Either way a cluster's ``items``
            are those that set it apart (:func:`characteristic`).
        min_score: Ignore synergies below this score (``jaccard``: 0 to 1).
        resolution: Louvain resolution (above 1: more, smaller clusters).
        seed: Random seed of the Louvain method.
        min_size: Leave out clusters with fewer members.
        neighbours: Keep each actor's strongest synergies only (``None`` or 0: all synergies).
        filters: A :class:`Filters` object, or the same filters as keyword arguments: the
            graph is that of the synergies they keep, with their meaning for
            :func:`synergies` (``country="DEU"``: the pairs with a German actor, so the
            clusters around German actors and their partners; ``technology=``, ``years=``...:
            the actors' items are those of the initiatives kept, which also name the clusters).

    Returns:
        Clusters, largest first (ties by first member IRI), numbered from 0. Each lists whom
        to call first (``central``): the members with the most cases on its first three items,
        then those with the strongest ties inside it (:func:`._clusters.central`).

    Raises:
        ConfigurationError: For an unknown dimension or method, an option outside its range or
            a bad filter (a name not in the data lists the closest ones).
    """
    neighbours = check_network(
        method=method,
        min_score=min_score,
        neighbours=neighbours,
        resolution=resolution,
        min_size=min_size,
    )
    facts = store if isinstance(store, Facts) else Facts(store)
    selection = _selection(facts, filters, filter_args)
    graph = _pair_graph(facts, by, method, min_score, neighbours, selection)
    dimension = graph.graph["dimension"]
    if graph.number_of_nodes() == 0:
        return []
    labels = facts.labels
    out = []
    cases = case_sets(facts, dimension, selection)  # whom to call first: cases on the name
    for number, (members, common) in enumerate(
        _communities(
            facts, graph, resolution=resolution, seed=seed, min_size=min_size, selection=selection
        )
    ):
        counts = cases_on(members, common[:NAME_ITEMS], cases)
        hubs = central(graph, members, cases=counts)
        out.append(
            Cluster(
                id=number,
                members=tuple(members),
                member_labels=tuple(facts.actor_label(m) for m in members),
                size=len(members),
                items=tuple(common),
                item_labels=tuple(labels.get(i) for i in common),
                dimension=dimension,
                central=tuple(hubs),
                central_labels=tuple(facts.actor_label(m) for m in hubs),
                central_cases=tuple(counts[m] for m in hubs),
            )
        )
    return out


def brokers(
    store: Store | Facts,
    *,
    by: str = "technology",
    method: str = "rarity",
    min_score: float = 0.0,
    top: int | None = None,
    exact_limit: int = 500,
    samples: int = 200,
    seed: int = 0,
    neighbours: int | None = 10,
    filters: Filters | None = None,
    **filter_args: Unpack[FilterArgs],
) -> list[Broker]:
    """Find actors that link otherwise separate actors (betweenness on the synergy graph).

    Betweenness is exact up to ``exact_limit`` actors; above, it is estimated from ``samples``
    source actors drawn with ``seed`` (networkx's ``k`` sampling), which keeps large graphs fast
    and the answer reproducible. As for :func:`clusters`, each actor keeps only its
    ``neighbours`` strongest synergies by default. Each broker says what it links: the clusters
    of its partners, numbered and named as :func:`clusters` with the same arguments (and the
    default resolution) numbers and names them.

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import brokers
        >>> kg = GovGraph.example()
        >>> best = brokers(kg.store, top=3)
        >>> [(b.actor_label, round(b.betweenness, 2)) for b in best]
        [('City Z', 0.6), ('Ministry Y', 0.57), ('DG B', 0.48)]
        >>> best[0].cluster_names  # the clusters City Z links, named as clusters() names them
        ('Natural language processing', 'Machine learning · Blockchain')

    Args:
        store: The store holding the data (or shared :class:`Facts` of one).
        by: Synergy dimension.
        method: The synergy score of the edges (``rarity``, the default, ``jaccard``...; as
            for :func:`clusters`).
        min_score: Ignore synergies below this score (``jaccard``: 0 to 1).
        top: Return only the best ``top`` brokers (``None``: every actor, as for the other
            analyses).
        exact_limit: Largest number of actors for exact betweenness.
        samples: Number of sampled sources above ``exact_limit``.
        seed: Random seed of the sampling.
        neighbours: Keep each actor's strongest synergies only (``None`` or 0: all synergies).
        filters: A :class:`Filters` object, or the same filters as keyword arguments: the
            graph is that of the synergies they keep (as for :func:`clusters`).

    Returns:
        Brokers by betweenness (descending), then degree (descending), then IRI.

    Raises:
        ConfigurationError: For an unknown dimension or method, an option outside its range or
            a bad filter.
    """
    import networkx as nx

    neighbours = check_network(
        method=method,
        min_score=min_score,
        neighbours=neighbours,
        top=top,
        exact_limit=exact_limit,
        samples=samples,
    )
    facts = store if isinstance(store, Facts) else Facts(store)
    selection = _selection(facts, filters, filter_args)
    graph = _pair_graph(facts, by, method, min_score, neighbours, selection)
    n = graph.number_of_nodes()
    if n == 0:
        return []
    exact = n <= exact_limit
    centrality = nx.betweenness_centrality(
        graph, k=None if exact else min(samples, n), seed=seed, normalized=True
    )
    ranked = sorted(graph.nodes, key=lambda v: (-centrality[v], -graph.degree[v], v))
    if top is not None:
        ranked = ranked[:top]
    dimension = graph.graph["dimension"]
    # what each broker links: the clusters (as :func:`clusters` numbers and names them) of
    # its partners, most partners first
    found = _communities(facts, graph, resolution=1.0, seed=seed, min_size=2, selection=selection)
    cluster_of = {m: k for k, (members, _) in enumerate(found) for m in members}
    labels = facts.labels
    names = [" · ".join(labels.get(i) or i for i in items[:3]) for _, items in found]
    out = []
    for v in ranked:
        counts = Counter(cluster_of[o] for o in graph[v] if o in cluster_of)
        linked = sorted(counts, key=lambda k: (-counts[k], k))
        out.append(
            Broker(
                actor=v,
                actor_label=facts.actor_label(v),
                betweenness=centrality[v],
                degree=graph.degree[v],
                exact=exact,
                dimension=dimension,
                clusters=tuple(linked),
                cluster_names=tuple(names[k] for k in linked),
                cluster_partners=tuple(counts[k] for k in linked),
            )
        )
    return out
