"""Rows and pictures of the report's tables: labels, synergy and learning rows, the network.

Split from :mod:`govgraph.report._build` (which gathers the sections and renders the page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..analysis import TieCut, items_in_words, most_specific, use_cases_in_words
from ..namespace import GG

if TYPE_CHECKING:
    from ..store import Store
    from ..validation import ValidationReport

#: Clusters listed in the report (the largest; ``govgraph clusters`` lists them all).
MAX_CLUSTERS = 12
#: Members named per cluster as whom to call first (the most cases on what names it first).
MAX_CENTRAL = 5

__all__ = [
    "MAX_CENTRAL",
    "MAX_CLUSTERS",
    "NETWORK_NODES",
    "Labeller",
    "case_row",
    "community_rows",
    "learning_row",
    "network_pairs",
    "pad",
    "partner_row",
    "specific_named",
    "summary_rows",
    "synergy_row",
    "tie_note",
    "validation_rows",
]


#: Summary rows: (label, class IRI).
SUMMARY_CLASSES = (
    ("Administrations", str(GG) + "PublicAdministration"),
    ("Administrative units", str(GG) + "AdministrativeUnit"),
    ("Initiatives", str(GG) + "Initiative"),
    ("Technologies", str(GG) + "Technology"),
    ("Skills", str(GG) + "Skill"),
    ("Policies", str(GG) + "Policy"),
    ("Challenges", str(GG) + "Challenge"),
)


_COUNT_QUERY = """
SELECT ?class (COUNT(DISTINCT ?thing) AS ?n) WHERE {
  VALUES ?class { %s }
  ?thing a ?class .
} GROUP BY ?class
"""


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


def tie_note(
    cut: TieCut | None,
    shown: Sequence[Any],
    *,
    why: Callable[[Any], str],
    noun: str,
    order: str = "the order of their IRIs",
    command: str = "--top",
) -> str | None:
    """Under a table cut inside a group of ties (:class:`~govgraph.analysis.TieCut`): say so.

    ``why(last row's result)`` says what they tie on; ``order`` what orders them within the
    group; ``command`` what shows more of them. ``None`` when the cut falls between results
    that do not tie.
    """
    if cut is None or not shown:
        return None
    lead = f"The {noun} shown last ties" if cut.shown == 1 else f"The last {cut.shown} shown tie"
    more = f"at least {cut.more} more" if cut.at_least else f"{cut.more} more"
    hint = (
        f"a larger {command} shows more of them"
        if cut.all_shown_by is None
        else f"{command} {cut.all_shown_by} shows them all"
    )
    return (
        f"{lead} with {more} ({why(shown[-1])}): which of them are shown follows only "
        f"{order}, not a ranking ({hint})."
    )


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


def synergy_row(
    s: Any, label: Labeller, areas: set[str], broader: Mapping[str, frozenset[str]] | None = None
) -> dict[str, Any]:
    """A synergy for the table; ``shared`` without what a narrower item listed implies.

    ``broader`` (item -> its broader items): "artificial intelligence" is left out beside
    "machine learning", as a hierarchy counts once (the synergy's ``shared`` keeps both).
    """
    return {
        "a": s.a_label or label(s.a),
        "b": s.b_label or label(s.b),
        "dimension": s.dimension.replace("_", " "),
        "shared": specific_named(s.shared, s.shared_labels, label, broader)[:6],
        "use_cases": use_cases_in_words(s.use_cases, areas, broader)[:3],
        "a_cases": [case_row(e) for e in s.a_evidence[:4]],
        "b_cases": [case_row(e) for e in s.b_evidence[:4]],
        "score": s.score,
    }


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
    :func:`govgraph.analysis.items_in_words`).
    """
    ahead = []
    for side, actor in (("a", p.a), ("b", p.b)):
        items = [x for x in p.items if x.ahead == actor]
        if items:
            ahead.append(
                {
                    "who": (p.a_label if side == "a" else p.b_label) or label(actor),
                    "on": items_in_words(items, areas),
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
        "on": specific_named(p.on, p.on_labels, label, broader),
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


def community_rows(
    found: Sequence[Any], country_of: Callable[[str], str | None]
) -> list[dict[str, Any]]:
    """The largest clusters (``govgraph.analysis.Cluster``) as report rows.

    Each row: what sets the cluster apart (its first three items), its size, the countries of
    its members (``country_of(actor)``: a code or ``None``) and whom to call first, each with
    its cases on those items ("Isle of Man (GB): 2 cases").
    """
    rows = []
    for c in found[:MAX_CLUSTERS]:
        named = [
            lab or item for item, lab in zip(c.items, pad(c.item_labels, c.items), strict=True)
        ]
        labels = pad(c.central_labels, c.central)
        cases = [*c.central_cases, *[0] * (len(c.central) - len(c.central_cases))]
        central = [
            (lab or actor) + (f": {n} case{'s' if n != 1 else ''}" if n else "")
            for actor, lab, n in zip(c.central, labels, cases, strict=True)
        ]
        countries = {code for code in map(country_of, c.members) if code}
        rows.append(
            {
                "name": " · ".join(named[:3]) or f"cluster {c.id + 1}",
                "size": c.size,
                "countries": len(countries),
                "central": central[:MAX_CENTRAL],
            }
        )
    return rows


def partner_row(
    p: Any, label: Labeller, broader: Mapping[str, frozenset[str]] | None = None
) -> dict[str, Any]:
    """A partner, its public bodies and other leads (their labels carry the country code).

    ``technologies`` without what a narrower one listed implies ("artificial intelligence" is
    left out beside "computer vision"; the partner's ``technologies`` keep both).
    """

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
        "technologies": specific_named(p.technologies, p.technologies_labels, label, broader)[:5],
    }


def specific_named(
    items: Sequence[str],
    labels: Sequence[str | None],
    label: Labeller,
    broader: Mapping[str, frozenset[str]] | None,
) -> list[str]:
    """Labels of the items no narrower item listed implies, in their order.

    A hierarchy counts once: not "artificial intelligence" beside "computer vision".
    """
    specific = set(most_specific(items, broader))
    return [
        lab or label(i) for i, lab in zip(items, pad(labels, items), strict=True) if i in specific
    ]


def pad(labels: Sequence[str | None], items: Sequence[str]) -> list[str | None]:
    """Labels aligned with items (``None`` where a label is missing)."""
    out = list(labels)[: len(items)]
    return out + [None] * (len(items) - len(out))


def summary_rows(store: Store) -> list[dict[str, Any]]:
    """The summary table: how many of each main class the data holds."""
    values = " ".join(f"<{iri}>" for _, iri in SUMMARY_CLASSES)
    counts = {str(r["class"]): int(r["n"]) for r in store.query(_COUNT_QUERY % values).rows}  # type: ignore[call-overload]
    return [{"label": label, "count": counts.get(iri, 0)} for label, iri in SUMMARY_CLASSES]


def validation_rows(report: ValidationReport, label: Labeller, limit: int) -> dict[str, Any]:
    """The validation section: the verdict, counts and the first ``limit`` findings."""
    counts = report.counts()
    findings = [
        {
            "severity": r.severity.value,
            "item": r.focus_label or label(r.focus_node),
            "iri": r.focus_node,
            "property": label(r.path)
            if r.path and not r.path.startswith(("[", "(", "^"))
            else (r.path or ""),
            "message": r.message,
        }
        for r in report.results[:limit]
    ]
    return {
        "conforms": not report.violations,  # the verdict about structural errors
        "counts": counts,
        "findings": findings,
        "hidden": max(0, len(report.results) - limit),
    }
