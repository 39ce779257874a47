"""Gather what the report shows and render it with a Jinja2 template (autoescaped)."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._exceptions import ConfigurationError
from ..io import write_atomic
from ..namespace import GG as GG_NS
from ..store import Store
from ._options import ReportOptions
from ._rows import (
    Labeller,
    community_rows,
    learning_row,
    network_pairs,
    pad,
    partner_row,
    specific_named,
    summary_rows,
    synergy_row,
    tie_note,
    validation_rows,
)

if TYPE_CHECKING:
    from ..validation import ValidationReport

__all__ = ["ReportOptions", "render_report", "write_report"]

GG = str(GG_NS)
DCT_SPATIAL = "http://purl.org/dc/terms/spatial"

#: Skill gaps per actor in the report's table (its largest; the heat map draws them all).
SKILL_GAPS_PER_ACTOR = 5

_COUNTRY_QUERY = """
SELECT ?org ?country WHERE {
  ?org <http://purl.org/dc/terms/spatial> ?country .
  FILTER(isIRI(?org) && isIRI(?country))
}
"""


def _groups(
    actors: Sequence[str], facts: Any, store: Store, label: Labeller
) -> tuple[dict[str, str], str]:
    """Colour groups of actors.

    The country (``dct:spatial``) when the actors span several countries, else the top
    administration of each actor (following ``org:unitOf`` up).
    """
    countries: dict[str, str] = {}
    for row in store.query(_COUNTRY_QUERY).rows:
        org, place = str(row["org"]), str(row["country"])
        countries[org] = min(place, countries.get(org, place))  # the same whatever the row order
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
        GOVERNANCE_FILTERS,
        TIE_LOOKAHEAD,
        Facts,
        clusters,
        count_synergies,
        cut_ranked,
        dependence_alike,
        governance_gaps,
        limit_kept_short,
        mutual_learning,
        no_inventory,
        partner_alike,
        partners,
        rank_key,
        skill_gaps,
        supplier_dependence,
        synergies,
    )
    from ._figures import NetworkEdge, network_svg
    from ._heatmap import heatmap_svg

    if not isinstance(store, Store):
        raise ConfigurationError(
            f"the report needs a govgraph Store (e.g. kg.store), not {type(store).__name__}"
        )
    facts = Facts(store)
    label = Labeller(dict(facts.labels))
    context: dict[str, Any] = {
        "title": options.title,
        "generated": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "triples": store.count(),
        "summary": summary_rows(store),
        "options": options,
    }
    if validation is None and options.validate:
        from ..validation import validate

        # validation picks its engine (fast SPARQL engine where it applies)
        validation = validate(store)
    context["validation"] = (
        validation_rows(validation, label, options.max_findings) if validation is not None else None
    )

    # ------------------------------------------------------------- synergies
    filters = options.filters
    # a few more than shown: they tell whether the table ends inside a group of ties
    every, cut = cut_ranked(
        synergies(
            facts,
            by=options.by,
            top=options.top + TIE_LOOKAHEAD,
            per_actor_limit=options.per_actor_limit,
            filters=filters,
        ),
        top=options.top,
    )
    context["synergy_ties"] = tie_note(
        cut, every, why=lambda s: f"score {s.score:.3f}, as much evidence", noun="pair"
    )
    context["filters"] = filters.describe() if filters else ""
    # the limit the synergy and learning tables were cut with (none for the actor asked for)
    limit = None if filters and filters.actor else options.per_actor_limit
    context["per_actor_limit"] = limit
    context["synergy_total"] = count_synergies(facts, by=options.by, filters=filters)
    areas = {item for _, item, _ in facts.item_rows("policy_area")}
    context["synergies"] = [synergy_row(s, label, areas, facts.broader) for s in every]
    drawn, community, names = network_pairs(
        synergies(facts, by=options.by, top=options.network_edges, filters=filters),
        seed=options.seed,
    )
    # the communities of the whole synergy graph (each actor's 10 best partners), not only of
    # the pairs drawn: thematic groups with whom to call first
    found = clusters(facts, by=options.by, seed=options.seed, filters=filters)
    context["clusters"] = community_rows(found, facts.country_code)
    context["cluster_total"] = len(found)
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
    # every gap counts; the table lists each actor's largest (a few each, so it names several)
    # the filters narrow the actors and their cases; between (it pairs actors) does not apply
    gap_filters = replace(filters, between=None) if filters else None
    gaps = skill_gaps(facts, filters=gap_filters)
    context["gap_filters"] = gap_filters.describe() if gap_filters else ""
    gaps_of: Counter[str] = Counter()
    listed = []
    for g in gaps:
        gaps_of[g.administration] += 1
        if gaps_of[g.administration] <= SKILL_GAPS_PER_ACTOR:
            listed.append(g)
    context["skill_gap_total"] = len(gaps)
    context["skill_gaps"] = [
        {
            "actor": g.administration_label or label(g.administration),
            "skill": g.skill_label or label(g.skill),
            "required": g.required_level,
            "held": g.held_level,
            # the technologies behind the need, each hierarchy once
            "because": specific_named(g.because, g.because_labels, label, facts.broader),
        }
        for g in listed[: options.top]
    ]
    unknown = no_inventory(facts, filters=gap_filters)
    context["no_inventory_total"] = len(unknown)
    context["no_inventory"] = [
        {
            "actor": n.administration_label or label(n.administration),
            "skills_needed": n.skills_needed,
            "technologies": specific_named(
                n.technologies, n.technologies_labels, label, facts.broader
            ),
        }
        for n in unknown[: options.top]
    ]
    cut = cut_ranked(unknown, top=options.top, key=lambda n: n.skills_needed, lookahead=None)[1]
    context["no_inventory_ties"] = tie_note(
        cut,
        unknown[: options.top],
        why=lambda n: f"{n.skills_needed} skill{'' if n.skills_needed == 1 else 's'} needed",
        noun="actor",
    )
    if gaps:
        # Skill gaps exist only for actors with a skills inventory (a competency held by them or
        # their units); the actors without one are shown below them, in grey: unknown, not
        # missing. Without any gap the map would be grey only: the tables say it better.
        per_actor: Counter[str] = Counter()
        per_skill: Counter[str] = Counter()
        cell: dict[tuple[str, str], int] = defaultdict(int)
        for g in gaps:
            per_actor[g.administration] += g.shortfall
            cell[(g.administration, g.skill)] = max(cell[(g.administration, g.skill)], g.shortfall)
        known_rows = sorted(per_actor, key=lambda a: (-per_actor[a], label(a), a))[
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
        skill_cols = sorted(per_skill, key=lambda s: (-per_skill[s], label(s), s))[
            : options.heatmap_skills
        ]
        matrix = [[cell.get((a, s), 0) for s in skill_cols] for a in actor_rows]
        context["heatmap_svg"] = heatmap_svg(
            matrix, rows=[label(a) for a in actor_rows], columns=[label(s) for s in skill_cols]
        )
        context["heatmap_caption"] = (
            f"{len(known_rows):,} of {len(per_actor):,} actors with a skills inventory and skill "
            f"gaps by {len(skill_cols)} skills; the number is how many proficiency levels "
            "(DigComp 1 to 8) are missing, largest total shortfall first. "
            + (
                f"Below them, in grey, {len(unknown_rows):,} of {len(unknown):,} actors whose "
                "technologies need these skills but who have no recorded skills inventory: "
                "their skills are unknown, not missing."
                if unknown_rows
                else ""
            )
        )
    else:
        context["heatmap_svg"] = None

    # ------------------------------------------------------- governance gaps
    # the filters that fit policies (owners' country and level, actor, policy area, start year)
    governance_filters = filters.only(GOVERNANCE_FILTERS) if filters else None
    policy_gaps = governance_gaps(facts, filters=governance_filters or None)
    context["governance_filters"] = governance_filters.describe() if governance_filters else ""
    context["governance_gaps"] = [
        {
            "kind": p.description,
            "policy": p.policy_label or label(p.policy),
            "owners": [
                lab or label(o)
                for o, lab in zip(p.owners, pad(p.owner_labels, p.owners), strict=True)
            ],
        }
        for p in policy_gaps
    ]
    context["governance_counts"] = Counter(p.kind for p in policy_gaps)

    # ------------------------------------------------------- private partners
    links = partners(facts, filters=gap_filters)  # between pairs actors: not here either
    context["partners_total"] = len(links)
    shown, cut = cut_ranked(links, top=options.top, lookahead=None)
    context["partners"] = [partner_row(p, label, facts.broader) for p in shown]
    context["partners_ties"] = tie_note(
        cut,
        shown,
        why=partner_alike,
        noun="partner",
        order="alphabetical order",
    )
    dependences = supplier_dependence(facts, filters=gap_filters)
    context["dependence_total"] = len(dependences)
    shown_dependences, cut = cut_ranked(dependences, top=options.top, lookahead=None)
    context["dependence"] = [
        {
            "administration": d.administration_label or label(d.administration),
            "supplier": d.partner_label or label(d.partner),
            "cases": f"{d.supplier_cases} of {d.partnered_cases}",
            "unnamed": d.unnamed_partner_cases,
        }
        for d in shown_dependences
    ]
    context["dependence_ties"] = tie_note(
        cut,
        shown_dependences,
        why=dependence_alike,
        noun="administration",
        order="alphabetical order",
    )

    # -------------------------------------------------------- mutual learning
    learning = mutual_learning(
        facts,
        top=options.top + TIE_LOOKAHEAD,
        per_actor_limit=options.per_actor_limit,
        filters=filters,
    )
    # with an actor, each pair's a is that actor: "something to learn" is from the other
    learner = bool(filters and filters.actor)
    pairs, cut = cut_ranked(
        learning, top=options.top, key=lambda p: rank_key(p, learner=p.a if learner else None)
    )
    context["learning_more"] = len(learning) > len(pairs)
    # fewer pairs than asked: say so when the per-actor limit, not the data, is why
    context["learning_limited"] = limit_kept_short(
        len(pairs),
        top=options.top,
        limit=limit,
        count_without=lambda n: len(
            mutual_learning(facts, top=n, desi_indicators=(), filters=filters)
        ),
    )
    context["learning_ties"] = tie_note(
        cut, pairs, why=lambda p: f"score {p.score:.3f}", noun="pair"
    )
    areas = {item for _, item, _ in facts.item_rows("policy_area")}
    context["learning"] = [learning_row(p, label, facts.broader, areas) for p in pairs]
    return context


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

    Examples:
        >>> import re
        >>> from govgraph import GovGraph
        >>> from govgraph.report import ReportOptions, render_report
        >>> html = render_report(GovGraph.example().store, ReportOptions(title="City report"))
        >>> re.search("<title>(.*)</title>", html).group(1)
        'City report'
        >>> re.findall("<h2>(.*?)</h2>", html)[:5]
        ['Summary', 'Data quality', 'Adoption', 'Synergy network', 'Top synergies']
        >>> "<script" in html  # one self-contained page: no scripts
        False

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

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph import GovGraph
        >>> from govgraph.report import ReportOptions, write_report
        >>> target = Path(tempfile.mkdtemp()) / "reports" / "governance.html"
        >>> written = write_report(GovGraph.example().store, target, ReportOptions(validate=False))
        >>> written == target, written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
        (True, True)

    Raises:
        ConfigurationError: If ``store`` is not a govgraph store or an option is invalid.
        ExportError: If the file cannot be written.
    """
    html = render_report(store, options, validation=validation, previous=previous)
    target = Path(path)
    write_atomic(target, html)  # write then rename: never a half-written page
    return target
