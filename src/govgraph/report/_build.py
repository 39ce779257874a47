"""Gather what the report shows and render it with a Jinja2 template (autoescaped)."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._exceptions import ConfigurationError
from ..io import write_atomic
from ..namespace import GG as GG_NS
from ..store import Store

if TYPE_CHECKING:
    from ..analysis import Filters
    from ..validation import ValidationReport

__all__ = ["ReportOptions", "render_report", "write_report"]

GG = str(GG_NS)
DCT_SPATIAL = "http://purl.org/dc/terms/spatial"

#: Summary rows: (label, class IRI).
SUMMARY_CLASSES = (
    ("Administrations", GG + "PublicAdministration"),
    ("Administrative units", GG + "AdministrativeUnit"),
    ("Initiatives", GG + "Initiative"),
    ("Technologies", GG + "Technology"),
    ("Skills", GG + "Skill"),
    ("Policies", GG + "Policy"),
    ("Challenges", GG + "Challenge"),
)

#: Members listed per cluster (the size column gives the total).
MAX_MEMBERS = 15

_COUNT_QUERY = """
SELECT ?class (COUNT(DISTINCT ?thing) AS ?n) WHERE {
  VALUES ?class { %s }
  ?thing a ?class .
} GROUP BY ?class
"""

_COUNTRY_QUERY = """
SELECT ?org ?country WHERE {
  ?org <http://purl.org/dc/terms/spatial> ?country .
  FILTER(isIRI(?org) && isIRI(?country))
}
"""


@dataclass(frozen=True)
class ReportOptions:
    """What goes into the report.

    Attributes:
        title: Page title.
        by: Synergy dimension (``technology``, ``policy_area``, ``challenge``, ``all``).
        top: Rows in the top-synergies, gaps and learning tables.
        network_edges: At most this many synergies (the strongest) are drawn in the network.
        heatmap_actors: At most this many actors (largest total shortfall) in the heat map.
        heatmap_skills: At most this many skills in the heat map.
        validate: Run SHACL validation and include its findings.
        max_findings: At most this many validation findings are listed.
        seed: Seed of the network layout and of the community detection.
        filters: Narrow the synergy and learning sections (``Filters(country="DEU")``).
    """

    title: str = "Governance knowledge graph report"
    by: str = "all"
    top: int = 25
    network_edges: int = 80
    heatmap_actors: int = 25
    heatmap_skills: int = 30
    validate: bool = True
    max_findings: int = 100
    seed: int = 0
    filters: Filters | None = None

    def __post_init__(self) -> None:
        for name in ("top", "network_edges", "heatmap_actors", "heatmap_skills", "max_findings"):
            if getattr(self, name) < 1:
                raise ConfigurationError(f"{name} must be at least 1, got {getattr(self, name)}")

    def to_dict(self) -> dict[str, Any]:
        """Return the options as a dict."""
        out = dict(self.__dict__)
        out["filters"] = self.filters.to_dict() if self.filters else None
        return out


@dataclass
class _Labeller:
    labels: dict[str, str]

    def __call__(self, iri: str | None) -> str:
        if iri is None:
            return ""
        if iri in self.labels:
            return self.labels[iri]
        tail = iri.rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]
        return tail or iri


def _summary(store: Store) -> list[dict[str, Any]]:
    values = " ".join(f"<{iri}>" for _, iri in SUMMARY_CLASSES)
    counts = {str(r["class"]): int(r["n"]) for r in store.query(_COUNT_QUERY % values).rows}  # type: ignore[call-overload]
    return [{"label": label, "count": counts.get(iri, 0)} for label, iri in SUMMARY_CLASSES]


def _validation(report: ValidationReport, label: _Labeller, limit: int) -> dict[str, Any]:
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


def _groups(
    actors: Sequence[str], facts: Any, store: Store, label: _Labeller
) -> tuple[dict[str, str], str]:
    """Colour groups of actors.

    The country (``dct:spatial``) when the actors span several countries, else the top
    administration of each actor (following ``org:unitOf`` up).
    """
    countries: dict[str, str] = {}
    for row in store.query(_COUNTRY_QUERY).rows:
        countries.setdefault(str(row["org"]), str(row["country"]))
    ancestors = facts.ancestors
    parents = facts.parents

    def root(actor: str) -> str:
        tops = sorted(a for a in ancestors.get(actor, ()) if not parents.get(a))
        return tops[0] if tops else actor

    def country(actor: str) -> str | None:
        for who in (actor, *sorted(ancestors.get(actor, ()))):
            if who in countries:
                return countries[who]
        return None

    by_country = {a: country(a) for a in actors}
    if len({c for c in by_country.values() if c is not None}) >= 2:
        groups = {
            a: label(c) if c else ("EU level" if facts.is_eu_level(a) else "no country")
            for a, c in by_country.items()
        }
        return groups, "Country"
    return {a: label(root(a)) for a in actors}, "Administration"


def _gather(
    store: Store, options: ReportOptions, validation: ValidationReport | None
) -> dict[str, Any]:
    from ..analysis import (
        Facts,
        count_synergies,
        governance_gaps,
        mutual_learning,
        no_inventory,
        skill_gaps,
        synergies,
    )
    from ._figures import NetworkEdge, heatmap_svg, network_svg

    if not isinstance(store, Store):
        raise ConfigurationError(
            f"the report needs a govgraph Store (e.g. kg.store), not {type(store).__name__}"
        )
    facts = Facts(store)
    label = _Labeller(dict(facts.labels))
    context: dict[str, Any] = {
        "title": options.title,
        "generated": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "triples": store.count(),
        "summary": _summary(store),
        "options": options,
    }
    if validation is None and options.validate:
        from ..validation import validate

        # validation picks its engine (fast SPARQL engine where it applies)
        validation = validate(store)
    context["validation"] = (
        _validation(validation, label, options.max_findings) if validation is not None else None
    )

    # ------------------------------------------------------------- synergies
    filters = options.filters
    every = synergies(facts, by=options.by, top=options.top, filters=filters)
    context["filters"] = filters.describe() if filters else ""
    context["synergy_total"] = count_synergies(facts, by=options.by, filters=filters)
    areas = {item for _, item, _ in facts.item_rows("policy_area")}
    context["synergies"] = [_synergy_row(s, label, areas) for s in every]
    drawn, community, names = _network_pairs(
        synergies(facts, by=options.by, top=options.network_edges, filters=filters),
        seed=options.seed,
    )
    context["clusters"] = _cluster_rows(drawn, community, names, label)
    if drawn:
        actors = sorted({s.a for s in drawn} | {s.b for s in drawn})
        groups, group_title = _groups(actors, facts, store, label)
        context["network_svg"] = network_svg(
            # line widths relative to the strongest drawn pair (rarity scores are not 0..1)
            [NetworkEdge(s.a, s.b, s.score / max(x.score for x in drawn)) for s in drawn],
            labels={a: facts.display_label(a) for a in actors},
            groups=groups,
            communities=community,
            group_title=group_title,
            seed=options.seed,
            community_names=names,
        )
        context["network_caption"] = (
            f"The {len(drawn)} strongest synergies ({options.by.replace('_', ' ')}) between "
            f"{len(actors)} actors, every one labelled; colour: {group_title.lower()}, line "
            "width: score, shaded areas: clusters, named by what their pairs share most."
        )
    else:
        context["network_svg"] = None

    # ------------------------------------------------------------ skill gaps
    gaps = skill_gaps(facts)
    context["skill_gap_total"] = len(gaps)
    context["skill_gaps"] = [
        {
            "actor": g.administration_label or label(g.administration),
            "skill": g.skill_label or label(g.skill),
            "required": g.required_level,
            "held": g.held_level,
            "because": [
                lab or label(t)
                for t, lab in zip(g.because, _pad(g.because_labels, g.because), strict=True)
            ],
        }
        for g in gaps[: options.top]
    ]
    unknown = no_inventory(facts)
    context["no_inventory_total"] = len(unknown)
    context["no_inventory"] = [
        {
            "actor": n.administration_label or label(n.administration),
            "skills_needed": n.skills_needed,
            "technologies": [
                lab or label(t)
                for t, lab in zip(
                    n.technologies, _pad(n.technologies_labels, n.technologies), strict=True
                )
            ],
        }
        for n in unknown[: options.top]
    ]
    if gaps or unknown:
        # Skill gaps exist only for actors with a skills inventory (a competency held by them or
        # their units); the actors without one are shown below them, in grey: unknown, not
        # missing.
        per_actor: Counter[str] = Counter()
        per_skill: Counter[str] = Counter()
        cell: dict[tuple[str, str], int] = defaultdict(int)
        for g in gaps:
            per_actor[g.administration] += g.shortfall
            cell[(g.administration, g.skill)] = max(cell[(g.administration, g.skill)], g.shortfall)
        known_rows = sorted(per_actor, key=lambda a: (-per_actor[a], label(a)))[
            : options.heatmap_actors
        ]
        room = max(options.heatmap_actors - len(known_rows), min(5, len(unknown)))
        unknown_rows = [n.administration for n in unknown[:room]]
        for n in unknown[:room]:
            for skill in n.skills:
                cell[(n.administration, skill)] = -1
        actor_rows = known_rows + unknown_rows
        for (a, s), v in cell.items():
            if a in actor_rows:
                per_skill[s] += max(v, 0) * 10 + 1
        skill_cols = sorted(per_skill, key=lambda s: (-per_skill[s], label(s)))[
            : options.heatmap_skills
        ]
        matrix = [[cell.get((a, s), 0) for s in skill_cols] for a in actor_rows]
        context["heatmap_svg"] = heatmap_svg(
            matrix, rows=[label(a) for a in actor_rows], columns=[label(s) for s in skill_cols]
        )
        context["heatmap_caption"] = (
            f"{len(known_rows)} of {len(per_actor)} actors with a skills inventory and skill gaps "
            f"by {len(skill_cols)} skills; the number is how many proficiency levels (DigComp 1 "
            "to 8) are missing, largest total shortfall first. "
            + (
                f"Below them, in grey, {len(unknown_rows)} of {len(unknown)} actors whose "
                "technologies need these skills but who have no recorded skills inventory: "
                "their skills are unknown, not missing."
                if unknown_rows
                else ""
            )
        )
    else:
        context["heatmap_svg"] = None

    # ------------------------------------------------------- governance gaps
    policy_gaps = governance_gaps(facts)
    context["governance_gaps"] = [
        {
            "kind": p.description,
            "policy": p.policy_label or label(p.policy),
            "owners": [
                lab or label(o)
                for o, lab in zip(p.owners, _pad(p.owner_labels, p.owners), strict=True)
            ],
        }
        for p in policy_gaps
    ]
    context["governance_counts"] = Counter(p.kind for p in policy_gaps)

    # -------------------------------------------------------- mutual learning
    pairs = mutual_learning(facts, top=options.top, filters=filters)
    context["learning_total"] = len(pairs)
    context["learning"] = [_learning_row(p, label) for p in pairs]
    return context


def _case(evidence: Any) -> dict[str, Any]:
    return {
        "id": evidence.identifier or evidence.label or evidence.initiative,
        "title": " · ".join(
            str(x) for x in (evidence.label, evidence.start_year, evidence.status) if x
        ),
        "href": evidence.homepage
        if evidence.homepage and evidence.homepage.startswith(("http://", "https://"))
        else None,
    }


def _use_case(case: Any, areas: set[str]) -> str:
    """``chatbots in social protection``; two technologies as ``a + b``."""
    names = [str(x or i) for i, x in zip(case.items, case.labels, strict=True)]
    kinds = [i in areas for i in case.items]
    if kinds == [False, True]:
        return f"{names[0]} in {names[1]}"
    if kinds == [True, False]:
        return f"{names[1]} in {names[0]}"
    return " + ".join(names)


def _synergy_row(s: Any, label: _Labeller, areas: set[str]) -> dict[str, Any]:
    return {
        "a": s.a_label or label(s.a),
        "b": s.b_label or label(s.b),
        "dimension": s.dimension.replace("_", " "),
        "shared": [
            lab or label(iri)
            for iri, lab in zip(s.shared, _pad(s.shared_labels, s.shared), strict=True)
        ][:6],
        "use_cases": [_use_case(u, areas) for u in s.use_cases[:3]],
        "a_cases": [_case(e) for e in s.a_evidence[:4]],
        "b_cases": [_case(e) for e in s.b_evidence[:4]],
        "score": s.score,
    }


def _learning_row(p: Any, label: _Labeller) -> dict[str, Any]:
    ahead = []
    for side, actor in (("a", p.a), ("b", p.b)):
        items = [x for x in p.items if x.ahead == actor]
        if items:
            ahead.append(
                {
                    "who": (p.a_label if side == "a" else p.b_label) or label(actor),
                    "on": list(
                        dict.fromkeys(" + ".join(str(y or "") for y in x.labels) for x in items)
                    )[:3],
                    "cases": [
                        _case(e) for x in items[:2] for e in getattr(x, f"{side}_evidence")[:1]
                    ],
                }
            )
    return {
        "a": p.a_label or label(p.a),
        "b": p.b_label or label(p.b),
        "on": [lab or label(i) for i, lab in zip(p.on, _pad(p.on_labels, p.on), strict=True)],
        "ahead": p.ahead_label if p.ahead else None,
        "progress": {
            "equal": "both as far",
            "no-status": "no status to compare",
        }.get(p.progress, ""),
        "learn": ahead,
    }


#: Most actors in the network picture (every one is labelled).
NETWORK_NODES = 30


def _network_pairs(
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
    found = nx.community.louvain_communities(graph, weight="weight", seed=seed) if drawn else []
    ordered = sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))
    community = {m: k for k, members in enumerate(ordered) for m in members}
    names: dict[int, str] = {}
    for k in range(len(ordered)):
        weight: dict[str, float] = defaultdict(float)
        label_of: dict[str, str] = {}
        for s in drawn:
            if community.get(s.a) == k and community.get(s.b) == k:
                for (iri, w), lab in zip(s.weights, _pad(s.shared_labels, s.shared), strict=True):
                    weight[iri] += w
                    label_of[iri] = lab or iri
        top = sorted(weight, key=lambda i: (-weight[i], i))[:2]
        names[k] = " · ".join(label_of[i] for i in top) if top else f"cluster {k}"
    return drawn, community, names


def _cluster_rows(
    drawn: Sequence[Any], community: dict[str, int], names: dict[int, str], label: _Labeller
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


def _pad(labels: Sequence[str | None], items: Sequence[str]) -> list[str | None]:
    """Labels aligned with items (``None`` where a label is missing)."""
    out = list(labels)[: len(items)]
    return out + [None] * (len(items) - len(out))


def render_report(
    store: Store,
    options: ReportOptions | None = None,
    *,
    validation: ValidationReport | None = None,
    previous: Store | None = None,
) -> str:
    """Build the report as one self-contained HTML page (inline CSS and SVG, no scripts).

    Args:
        store: The store to report on (``kg.store`` of a :class:`~govgraph.GovGraph`).
        options: What to include; defaults to :class:`ReportOptions()`.
        validation: A validation report of this data to show instead of validating again
            (shown even when ``options.validate`` is false).
        previous: The store of an older release: the adoption section then shows how the
            statuses of its cases changed (``govgraph diff``).

    Returns:
        The HTML text.

    Raises:
        ConfigurationError: If ``store`` is not a govgraph store or an option is invalid.
    """
    import jinja2
    import markupsafe

    options = options or ReportOptions()
    context = _gather(store, options, validation)
    from ._change import adoption_html

    section = adoption_html(store, previous=previous, filters=options.filters)
    context["adoption_html"] = markupsafe.Markup(section) if section else None
    template_text = (
        resources.files("govgraph.report")
        .joinpath("templates", "report.html.j2")
        .read_text("utf-8")
    )
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    env.filters["score"] = lambda x: f"{x:.2f}"
    for key in ("network_svg", "heatmap_svg"):
        if context.get(key):
            # matplotlib wrote this SVG and escaped every text in it
            context[key] = markupsafe.Markup(context[key])
    return visible_controls(env.from_string(template_text).render(**context))


#: C0 controls other than tab, line feed and carriage return; DEL; the C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def visible_controls(html: str) -> str:
    r"""Replace control characters from the data by visible symbols (NUL by ␀, ESC by ␛).

    HTML does not allow them, and a NUL or an ESC sequence could reach a terminal that prints
    the file. C0 controls become their Unicode control pictures, DEL ␡, C1 controls ``\u0085``.

    >>> visible_controls("a\x00b\x1b[31mc\x85d\te")
    'a␀b␛[31mc\\u0085d\te'
    """

    def show(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code < 0x20:
            return chr(0x2400 + code)
        return "\u2421" if code == 0x7F else f"\\u{code:04X}"

    return _CONTROLS.sub(show, html)


def write_report(
    store: Store,
    path: str | Path,
    options: ReportOptions | None = None,
    *,
    validation: ValidationReport | None = None,
    previous: Store | None = None,
) -> Path:
    """Write the HTML report to ``path`` (parent folders are created).

    Args:
        store: The store to report on (``kg.store`` of a :class:`~govgraph.GovGraph`).
        path: The output file, e.g. ``report.html``.
        options: What to include.
        validation: A validation report of this data to reuse (see :func:`render_report`).
        previous: An older release to compare with (see :func:`render_report`).

    Returns:
        The path written.

    Raises:
        ConfigurationError: If ``store`` is not a govgraph store or an option is invalid.
        ExportError: If the file cannot be written.
    """
    html = render_report(store, options, validation=validation, previous=previous)
    target = Path(path)
    write_atomic(target, html)  # write then rename: never a half-written page
    return target
