"""Rows and pictures of the report's tables: labels, synergy and learning rows, the network.

Split from :mod:`govgraph.report._build` (which gathers the sections and renders the page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..analysis import most_specific
from ..namespace import GG

#: Members listed per cluster (the size column gives the total).
MAX_MEMBERS = 15

__all__ = [
    "MAX_MEMBERS",
    "NETWORK_NODES",
    "Labeller",
    "case_row",
    "cluster_rows",
    "learning_row",
    "network_pairs",
    "pad",
    "partner_row",
    "synergy_row",
]


@dataclass
class Labeller:
    labels: dict[str, str]

    def __call__(self, iri: str | None) -> str:
        if iri is None:
            return ""
        if iri in self.labels:
            return self.labels[iri]
        tail = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
        return tail or iri


def case_row(evidence: Any) -> dict[str, Any]:
    return {
        "id": evidence.identifier or evidence.label or evidence.initiative,
        "title": " · ".join(
            str(x) for x in (evidence.label, evidence.start_year, evidence.status) if x
        ),
        "href": evidence.homepage
        if evidence.homepage and evidence.homepage.startswith(("http://", "https://"))
        else None,
    }


def _usecase_row(case: Any, areas: set[str]) -> str:
    """``chatbots in social protection``; two technologies as ``a + b``."""
    names = [str(x or i) for i, x in zip(case.items, case.labels, strict=True)]
    kinds = [i in areas for i in case.items]
    if kinds == [False, True]:
        return f"{names[0]} in {names[1]}"
    if kinds == [True, False]:
        return f"{names[1]} in {names[0]}"
    return " + ".join(names)


def use_cases_in_words(
    cases: Sequence[Any],
    areas: set[str],
    broader: Mapping[str, frozenset[str]] | None = None,
) -> list[str]:
    """Shared use cases in words, most telling first: one entry per policy area or group.

    The technologies used in one policy area read together ("searching, optimisation in
    General public services"); technologies used together in cases read as one group ("AI
    services + searching"), not as each pairing of them, and a group whose technologies are
    all named in an area's entry is left out. A hierarchy counts once in each entry
    (``broader``: "artificial intelligence" is left out beside "machine learning"), and a broader
    policy area whose technologies a narrower one lists is left out too.
    """
    label: dict[str, str] = {}
    entries: dict[tuple[str, int], list[str]] = {}  # ("area", k) / ("group", k) -> IRIs
    area_key: dict[str, tuple[str, int]] = {}
    group_of: dict[str, tuple[str, int]] = {}
    for case in cases:
        for i, y in zip(case.items, pad(case.labels, case.items), strict=True):
            label[i] = str(y or i)
        kinds = [i in areas for i in case.items]
        if len(case.items) == 2 and kinds[0] != kinds[1]:
            tech, area = case.items[::-1] if kinds[0] else case.items
            key = area_key.setdefault(area, ("area", len(entries)))
            iris = entries.setdefault(key, [area])
            if tech not in iris:
                iris.append(tech)
            continue
        keys = list(dict.fromkeys(group_of[i] for i in case.items if i in group_of))
        key = keys[0] if keys else ("group", len(entries))
        group = entries.setdefault(key, [])
        for other in keys[1:]:  # a case joining two groups makes them one
            group.extend(i for i in entries.pop(other) if i not in group)
        group.extend(i for i in case.items if i not in group)
        for i in group:
            group_of[i] = key
    in_areas = [set(iris[1:]) for (kind, _), iris in entries.items() if kind == "area"]
    up = broader or {}
    # a broader area adds nothing when a narrower one lists the same technologies
    implied = {
        area
        for (kind, _), iris in entries.items()
        if kind == "area"
        for area in up.get(iris[0], frozenset())
        if area in area_key and set(entries[area_key[area]][1:]) <= set(iris[1:])
    }
    out = []
    for (kind, _), iris in entries.items():
        if kind == "area" and iris[0] in implied:
            continue
        if kind == "area":
            techs = most_specific(iris[1:], broader)
            out.append(f"{', '.join(label[i] for i in techs)} in {label[iris[0]]}")
        elif not any(set(iris) <= named for named in in_areas):
            out.append(" + ".join(label[i] for i in most_specific(iris, broader)))
    return out


def synergy_row(
    s: Any, label: Labeller, areas: set[str], broader: Mapping[str, frozenset[str]] | None = None
) -> dict[str, Any]:
    """A synergy for the table; ``shared`` without what a narrower item listed implies.

    ``broader`` (item -> its broader items): "artificial intelligence" is left out beside
    "machine learning", as a hierarchy counts once (the synergy's ``shared`` keeps both).
    """
    specific = set(most_specific(s.shared, broader))
    return {
        "a": s.a_label or label(s.a),
        "b": s.b_label or label(s.b),
        "dimension": s.dimension.replace("_", " "),
        "shared": [
            lab or label(iri)
            for iri, lab in zip(s.shared, pad(s.shared_labels, s.shared), strict=True)
            if iri in specific
        ][:6],
        "use_cases": use_cases_in_words(s.use_cases, areas, broader)[:3],
        "a_cases": [case_row(e) for e in s.a_evidence[:4]],
        "b_cases": [case_row(e) for e in s.b_evidence[:4]],
        "score": s.score,
    }


#: Most things a side of a learning pair is shown to be ahead on.
LEARN_ON = 5


def _ahead_on(items: Sequence[Any], areas: set[str] | None) -> list[str]:
    """What a side is ahead on, in words, most telling first, each thing once.

    Technologies used in one policy area read together: "generative AI, machine learning in
    R&D General public services"; two technologies used together are listed one by one
    ("generative AI", "machine learning" rather than every pairing of them), and a technology
    already named with its area is not listed again alone. Without ``areas`` every pairing
    is "a + b".
    """
    # ("item", name) -> [] for a thing alone; ("area", name) -> the technologies used there
    entries: dict[tuple[str, str], list[str]] = {}
    in_area: set[str] = set()  # technologies named with their policy area already
    for x in items:
        names = [str(y or i) for i, y in zip(x.items, pad(x.labels, x.items), strict=True)]
        if areas is None:
            entries.setdefault(("item", " + ".join(names)), [])
        elif len(names) == 2 and (x.items[0] in areas) != (x.items[1] in areas):
            tech, area = (names[1], names[0]) if x.items[0] in areas else (names[0], names[1])
            techs = entries.setdefault(("area", area), [])
            if tech not in techs:
                techs.append(tech)
            in_area.add(tech)
        else:
            for name in names:
                entries.setdefault(("item", name), [])
    found = [
        f"{', '.join(techs)} in {name}" if kind == "area" else name
        for (kind, name), techs in entries.items()
        if kind == "area" or name not in in_area
    ]
    return found[:LEARN_ON]


def learning_row(
    p: Any,
    label: Labeller,
    broader: Mapping[str, frozenset[str]] | None = None,
    areas: set[str] | None = None,
) -> dict[str, Any]:
    """A learning pair for the table; ``on`` without what a narrower item listed implies.

    ``broader`` (item -> its broader items): "artificial intelligence" is left out of ``on``
    beside "machine learning", as a hierarchy counts once (the pair's ``on`` keeps both).
    ``areas``: the policy areas, to write a use case as "technology in area" (see
    :func:`_ahead_on`).
    """
    specific = set(most_specific(p.on, broader))
    ahead = []
    for side, actor in (("a", p.a), ("b", p.b)):
        items = [x for x in p.items if x.ahead == actor]
        if items:
            ahead.append(
                {
                    "who": (p.a_label if side == "a" else p.b_label) or label(actor),
                    "on": _ahead_on(items, areas),
                    # the first case of each item, each case once (one case often shows several)
                    "cases": [
                        case_row(e)
                        for e in list(
                            dict.fromkeys(
                                e for x in items for e in getattr(x, f"{side}_evidence")[:1]
                            )
                        )[:2]
                    ],
                }
            )
    return {
        "a": p.a_label or label(p.a),
        "b": p.b_label or label(p.b),
        "on": [
            lab or label(i)
            for i, lab in zip(p.on, pad(p.on_labels, p.on), strict=True)
            if i in specific
        ],
        "ahead": p.ahead_label if p.ahead else None,
        "progress": _progress(p),
        "learn": ahead,
    }


def _progress(p: Any) -> str:
    """The pair's ``progress`` in words (empty when someone is ahead: the rows say who)."""
    if p.progress == "equal":
        return "as far on each item"
    if p.progress == "mixed":
        return "each ahead on some items"
    if p.progress != "no-status":
        return ""
    stopped = [
        who
        for who, status in ((p.a_label, p.a_status), (p.b_label, p.b_status))
        if status == str(GG.StatusNotInUse)
    ]
    if stopped:
        return "no status to compare: no longer in use at " + " and ".join(map(str, stopped))
    return "no status to compare"


#: Most actors in the network picture (every one is labelled).
NETWORK_NODES = 30


def network_pairs(
    best: Sequence[Any], *, seed: int
) -> tuple[list[Any], dict[str, int], dict[int, str]]:
    """The best pairs that fit NETWORK_NODES labelled actors, their clusters and names.

    Clusters are Louvain communities of the drawn pairs (score-weighted, seeded), numbered
    largest first, and named by the shared items that weigh most on their pairs.
    """
    import networkx as nx

    drawn: list[Any] = []
    nodes: set[str] = set()
    for s in best:
        new = {s.a, s.b} - nodes
        if len(nodes) + len(new) > NETWORK_NODES:
            continue
        drawn.append(s)
        nodes |= new
    graph = nx.Graph()
    for s in drawn:
        graph.add_edge(s.a, s.b, weight=s.score)
    # nodes numbered (in insertion order) for Louvain: its modularity sums run over sets of
    # nodes, whose order changes with PYTHONHASHSEED for strings, not for ints
    numbered = nx.convert_node_labels_to_integers(graph, label_attribute="iri")
    found = (
        [
            {numbered.nodes[k]["iri"] for k in c}
            for c in nx.community.louvain_communities(numbered, weight="weight", seed=seed)
        ]
        if drawn
        else []
    )
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    community = {m: k for k, members in enumerate(ordered) for m in members}
    names: dict[int, str] = {}
    for k in range(len(ordered)):
        weight: dict[str, float] = defaultdict(float)
        label_of: dict[str, str] = {}
        for s in drawn:
            if community.get(s.a) == k and community.get(s.b) == k:
                for (iri, w), lab in zip(s.weights, pad(s.shared_labels, s.shared), strict=True):
                    weight[iri] += w
                    label_of[iri] = lab or iri
        top = sorted(weight, key=lambda i: (-weight[i], i))[:2]
        names[k] = " · ".join(label_of[i] for i in top) if top else f"cluster {k}"
    return drawn, community, names


def cluster_rows(
    drawn: Sequence[Any], community: dict[str, int], names: dict[int, str], label: Labeller
) -> list[dict[str, Any]]:
    members: dict[int, list[str]] = defaultdict(list)
    labels = {}
    for s in drawn:
        labels[s.a] = s.a_label or label(s.a)
        labels[s.b] = s.b_label or label(s.b)
    for actor, k in community.items():
        members[k].append(labels.get(actor, label(actor)))
    return [
        {"number": k, "name": names[k], "size": len(m), "members": sorted(m)[:MAX_MEMBERS]}
        for k, m in sorted(members.items())
        if len(m) >= 2
    ]


def partner_row(p: Any, label: Labeller) -> dict[str, Any]:
    """A partner, its public bodies and other leads (their labels carry the country code)."""

    def named(items: Sequence[str], labels: Sequence[str | None]) -> list[str]:
        return [lab or label(i) for i, lab in zip(items, pad(labels, items), strict=True)]

    return {
        "partner": p.partner_label or label(p.partner),
        "kind": p.partner_kind or "",
        "bodies": named(p.administrations, p.administrations_labels)[:6],
        "more_bodies": max(len(p.administrations) - 6, 0),
        "others": named(p.other_leads, p.other_leads_labels),
        "cases": len(p.initiatives),
        "case_names": named(p.initiatives, p.initiatives_labels)[:3],
        "technologies": named(p.technologies, p.technologies_labels)[:5],
    }


def pad(labels: Sequence[str | None], items: Sequence[str]) -> list[str | None]:
    """Labels aligned with items (``None`` where a label is missing)."""
    out = list(labels)[: len(items)]
    return out + [None] * (len(items) - len(out))
