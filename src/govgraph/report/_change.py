"""The report's adoption section: heat map, start-year series, status flow between releases.

Each chart is a static SVG drawn with matplotlib (text kept as text, no script) and comes with
the table of the numbers it shows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any

from .._exceptions import ConfigurationError
from ..analysis import adoption, diff, releases
from ..store import Store
from ._figures import PALETTE, _rc, _short, _to_svg
from ._heatmap import grid

if TYPE_CHECKING:
    from ..analysis import Filters

__all__ = [
    "adoption_context",
    "adoption_heatmap_svg",
    "adoption_html",
    "flow_svg",
    "started_svg",
]

#: Status colours of the flow chart, in the order of progress.
STATUS_COLOURS = {
    "Planned": "#CDB9E3",
    "In development": "#7FB2E0",
    "Pilot": "#E69F00",
    "Implemented": "#009E73",
    "Not in use": "#D55E00",
    "no longer listed": "#BDBDBD",
    "status not recorded": "#EEEEEE",
}


def adoption_heatmap_svg(
    matrix: Sequence[Sequence[int]],
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    totals: Sequence[int],
) -> str:
    """Draw cases per country (rows) and technology (columns).

    The numbers are cases; the colour is their share of the country's cases (``totals``), so
    that a small country that uses a technology in most of its cases stands out.
    """
    import matplotlib
    from matplotlib.colors import BoundaryNorm
    from matplotlib.figure import Figure

    n_rows, n_cols = len(rows), len(columns)
    # ten steps of 10 %: a few flat colours, so the colour bar stays vector (a continuous one
    # becomes a raster image, which the report's Content-Security-Policy does not load)
    steps = [i / 10 for i in range(11)]
    cmap = matplotlib.colormaps["Blues"].resampled(10)
    norm = BoundaryNorm(steps, cmap.N)
    shares = [[v / t if t else 0.0 for v in row] for row, t in zip(matrix, totals, strict=True)]
    with matplotlib.rc_context(_rc("adoption-heatmap")):
        fig = Figure(figsize=(min(4 + 0.55 * n_cols, 13), min(2 + 0.3 * n_rows, 14)))
        ax = fig.add_subplot()
        image = grid(
            ax,
            shares,
            cmap=cmap,
            norm=norm,
            rows=rows,
            columns=columns,
            widths=(32, 30),
            columns_on_top=True,
        )
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value:
                    ax.text(
                        j + 0.5,
                        i + 0.5,
                        str(value),
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color="white" if shares[i][j] > 0.55 else "#222222",
                    )
        bar = fig.colorbar(image, ax=ax, shrink=0.5, pad=0.02, ticks=steps[::2])
        bar.ax.set_yticklabels([f"{int(x * 100)} %" for x in steps[::2]])
        bar.set_label("share of the country's cases")
        return _to_svg(fig, "adoption-heatmap")


def started_svg(series: Mapping[str, Mapping[int, int]], *, years: Sequence[int]) -> str:
    """Draw cases started per year, one line per technology."""
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc("started")):
        fig = Figure(figsize=(9, 4))
        ax = fig.add_subplot()
        for i, (name, counts) in enumerate(series.items()):
            ax.plot(
                list(years),
                [counts.get(y, 0) for y in years],
                marker="o",
                markersize=3,
                linewidth=1.8,
                color=PALETTE[i % len(PALETTE)],
                label=_short(name, 40),
            )
        ax.set_xlabel("start year")
        ax.set_ylabel("cases started")
        ax.set_xticks(list(years), [str(y) for y in years], rotation=45, fontsize=8)
        ax.grid(axis="y", color="#E5E5E5")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(frameon=False, fontsize=8, loc="upper left")
        return _to_svg(fig, "started")


def flow_svg(flows: Mapping[str, Mapping[str, int]], *, old: str, new: str) -> str:
    """Draw where the cases of each status of the older release stand in the newer one.

    One horizontal bar per old status, split by the new status (stacked), with the counts.
    """
    import matplotlib
    from matplotlib.figure import Figure

    origins = [s for s in STATUS_COLOURS if s in flows]
    targets = [s for s in STATUS_COLOURS if any(s in f for f in flows.values())]
    with matplotlib.rc_context(_rc("flow")):
        fig = Figure(figsize=(9, 1.2 + 0.55 * len(origins)))
        ax = fig.add_subplot()
        left = [0] * len(origins)
        for target in targets:
            widths = [flows[o].get(target, 0) for o in origins]
            ax.barh(
                range(len(origins)),
                widths,
                left=left,
                color=STATUS_COLOURS[target],
                edgecolor="white",
                label=target,
            )
            for y, (x0, w) in enumerate(zip(left, widths, strict=True)):
                if w >= 4:
                    ax.text(x0 + w / 2, y, str(w), ha="center", va="center", fontsize=7.5)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_yticks(range(len(origins)), [f"{o} in {old}" for o in origins])
        ax.invert_yaxis()
        ax.set_xlabel(f"cases, by their status in {new}")
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(
            frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.01, 0.5), title=new
        )
        return _to_svg(fig, "flow")


def adoption_context(
    store: Store,
    *,
    previous: Store | None = None,
    filters: Filters | None = None,
    countries: int = 25,
    technologies: int = 12,
    series: int = 6,
) -> dict[str, Any] | None:
    """What the adoption section shows, or ``None`` when the data has no case.

    Args:
        store: The data (one release).
        previous: An older release to draw the status flow against.
        filters: Filters of the counts.
        countries: Rows of the heat map (the countries with most cases).
        technologies: Columns of the heat map (the technologies with most cases).
        series: Lines of the start-year chart (the technologies with most cases).
    """
    found = releases(store)
    chosen = max(found, key=lambda r: (r.cases, r.dataset)) if len(found) > 1 else None
    dataset = chosen.dataset if chosen else None
    counted = adoption(store, by=("country", "technology"), filters=filters, dataset=dataset)
    if not counted.total:
        return None
    per_tech: dict[str, int] = defaultdict(int)
    label_of: dict[str, str] = {}
    cells: dict[tuple[str, str], int] = {}
    for r in counted.rows:
        if r["country"] is None or r["technology"] is None:
            continue
        cells[(r["country"], r["technology"])] = r["cases"]
        per_tech[r["technology"]] += r["cases"]
        label_of[r["country"]] = r["country_label"]
        label_of[r["technology"]] = r["technology_label"]
    country_cases = {
        r["country"]: r["cases"]
        for r in adoption(store, by="country", filters=filters, dataset=dataset).rows
        if r["country"] is not None
    }
    top_c = sorted(country_cases, key=lambda c: (-country_cases[c], c))[:countries]
    top_t = sorted(per_tech, key=lambda t: (-per_tech[t], t))[:technologies]
    matrix = [[cells.get((c, t), 0) for t in top_t] for c in top_c]
    context: dict[str, Any] = {
        "total": counted.total,
        "filters": filters.describe() if filters else "",
        "release": counted.release.title if counted.release else None,
        "other_releases": [
            f"{r.title or r.dataset} ({r.cases} cases)" for r in found if r is not chosen
        ]
        if chosen
        else [],
        "heatmap_svg": adoption_heatmap_svg(
            matrix,
            rows=[label_of[c] for c in top_c],
            columns=[label_of[t] for t in top_t],
            totals=[country_cases[c] for c in top_c],
        )
        if matrix and top_t
        else None,
        "heatmap_columns": [label_of[t] for t in top_t],
        "heatmap_rows": [
            {"country": label_of[c], "total": country_cases[c], "cells": row}
            for c, row in zip(top_c, matrix, strict=True)
        ],
        "countries_shown": len(top_c),
        "countries_total": len(country_cases),
    }
    started: dict[str, dict[int, int]] = defaultdict(dict)
    for r in counted.started:
        started[r["technology"]][r["year"]] = r["cases"]
    lines = top_t[:series]
    years = sorted({y for t in lines for y in started.get(t, {})})
    if years:
        years = list(range(max(years[0], years[-1] - 15), years[-1] + 1))
        context["started_svg"] = started_svg(
            {label_of[t]: started.get(t, {}) for t in lines}, years=years
        )
        context["started_years"] = years
        context["started_rows"] = [
            {"technology": label_of[t], "counts": [started.get(t, {}).get(y, 0) for y in years]}
            for t in lines
        ]
        context["without_start_year"] = counted.without_start_year
    else:
        context["started_svg"] = None
    context["flow_svg"] = None
    if previous is not None:
        changes = diff(previous, store, new_dataset=dataset)
        old = (changes.old.date or "older")[:4] if changes.old else "older release"
        new = (changes.new.date or "newer")[:4] if changes.new else "newer release"
        wanted = {c.rsplit("/", 1)[-1] for c in filters.country} if filters else set()
        levels = {x.lower() for x in filters.level} if filters else set()
        kept = [
            c
            for c in changes.cases
            if (not wanted or c.country in wanted)
            and (not levels or (c.level or "").lower() in levels)
        ]
        flows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for c in kept:
            if c.change == "new" or c.status_old is None:
                continue
            target = (
                "no longer listed"
                if c.change == "gone"
                else (c.status_new or "status not recorded")
            )
            flows[c.status_old][target] += 1
        if flows:
            context["flow_svg"] = flow_svg(flows, old=old, new=new)
            context["flow_summary"] = {
                "old_cases": sum(c.change != "new" for c in kept),
                "matched": sum(c.change in ("unchanged", "status") for c in kept),
                "gone": sum(c.change == "gone" for c in kept),
                "scaled_to_production": sum(
                    c.status_old in ("Planned", "In development", "Pilot")
                    and c.status_new == "Implemented"
                    for c in kept
                ),
                "abandoned": sum(
                    c.status_old not in (None, "Not in use") and c.status_new == "Not in use"
                    for c in kept
                ),
            }
            unused = filters and (
                filters.kind
                or filters.technology
                or filters.policy_area
                or filters.years
                or filters.status
                or filters.actor
            )
            context["flow_filters"] = (
                "country and level filters applied; the others are not"
                if unused
                else ((filters.describe() if filters else "") or "")
            )
            targets = [s for s in STATUS_COLOURS if any(s in f for f in flows.values())]
            context["flow_columns"] = targets
            context["flow_rows"] = [
                {"status": o, "cells": [flows[o].get(t, 0) for t in targets]}
                for o in STATUS_COLOURS
                if o in flows
            ]
            context["flow_old"], context["flow_new"] = old, new
    return context


def adoption_html(
    store: Store, *, previous: Store | None = None, filters: Filters | None = None
) -> str | None:
    """The adoption section as HTML (``None`` when the data has no case)."""
    import jinja2
    import markupsafe

    if filters is not None and filters.between:  # pairs only: adoption counts cases
        from ..analysis import Filters

        filters = Filters(**{k: v for k, v in filters.to_args().items() if k != "between"})
    try:
        context = adoption_context(store, previous=previous, filters=filters)
    except ConfigurationError as exc:  # e.g. two releases loaded together
        note = markupsafe.escape(str(exc))
        return (
            '<section id="adoption">\n<h2>Adoption</h2>\n'
            f'<p class="note">No adoption counts: {note}</p>\n</section>'
        )
    if context is None:
        return None
    for key in ("heatmap_svg", "started_svg", "flow_svg"):
        if context.get(key):
            # matplotlib wrote this SVG and escaped every text in it
            context[key] = markupsafe.Markup(context[key])
    text = (
        resources.files("govgraph.report")
        .joinpath("templates", "adoption.html.j2")
        .read_text("utf-8")
    )
    env = jinja2.Environment(
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True
    )
    return env.from_string(text).render(**context)
