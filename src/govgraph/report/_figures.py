"""The report's pictures: matplotlib figures rendered to inline SVG (no pyplot, no global backend).

Text stays text in the SVG (``svg.fonttype = none``, generic sans-serif font, so nothing has to
be downloaded); mathtext is off so a ``$`` in a label is printed as it is; matplotlib escapes all
text it writes into the SVG.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["network_svg"]

#: Colour-blind-friendly qualitative palette (Okabe-Ito + Tableau extras).
PALETTE = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#8C564B",
    "#17BECF",
    "#7F7F7F",
)
OTHER_COLOUR = "#C8C8C8"
_COMMUNITY_FILLS = ("#4C72B0", "#DD8452", "#55A868", "#C44E52", "#8172B3", "#937860", "#DA8BC3")


def _rc(salt: str) -> Any:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": f"govgraph-{salt}",
        "text.parse_math": False,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
        "font.size": 9,
        "axes.titlesize": 11,
    }


def _to_svg(fig: Any, prefix: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    # keep only the <svg> element: the XML declaration and DOCTYPE are not allowed inline
    start = text.find("<svg")
    svg = text[start:] if start >= 0 else text
    # ids must be unique in the page, which holds several figures ("figure_1", "patch_1"...)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', svg)
    # natural size on wide screens; the page's CSS (max-width: 100%, height: auto) shrinks it
    return svg


def _wrap(text: str, width: int = 24, lines: int = 2) -> str:
    """Wrap a node label on at most ``lines`` lines (the last one shortened with an ellipsis)."""
    import textwrap

    parts = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], _short(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def _short(text: str, limit: int = 32) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class NetworkEdge:
    """One drawn synergy (labels already resolved)."""

    a: str
    b: str
    score: float


def _padded_hull(points: Sequence[tuple[float, float]], pad: float) -> list[tuple[float, float]]:
    """Convex hull of ``points`` grown by ``pad`` (monotone chain on circles around each point)."""
    cloud = sorted(
        {
            (round(x + pad * math.cos(a), 6), round(y + pad * math.sin(a), 6))
            for x, y in points
            for a in (k * math.pi / 8 for k in range(16))
        }
    )

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in cloud:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(cloud):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _induced(graph: Any, nodes: Sequence[str]) -> Any:
    """The subgraph on ``nodes``, its nodes in that order.

    Not ``graph.subgraph(nodes)``: that view walks a set of the nodes when they are fewer than
    half the graph, in an order that changes with PYTHONHASHSEED, and the layout follows it.
    """
    import networkx as nx

    inside = set(nodes)
    found = nx.Graph()
    found.add_nodes_from(nodes)
    found.add_edges_from((a, b, data) for a in nodes for b, data in graph[a].items() if b in inside)
    return found


def _community_layout(
    graph: Any, communities: Mapping[str, int], seed: int
) -> dict[str, tuple[float, float]]:
    """Place each community in its own disc, the discs laid out by the links between them.

    Communities are laid out first (a spring layout of the graph of communities, weighted by
    the synergies between them, then pushed apart until their discs do not overlap); the
    members of each are laid out inside their disc. Shaded areas then never cover each other.
    """
    import networkx as nx

    nodes = sorted(graph.nodes)
    key_of: dict[str, tuple[int, str]] = {
        n: (communities[n], "") if n in communities else (-1, n) for n in nodes
    }
    members: dict[tuple[int, str], list[str]] = {}
    for n in nodes:
        members.setdefault(key_of[n], []).append(n)
    keys = sorted(members)
    radius = {k: 0.11 * math.sqrt(len(members[k])) for k in keys}
    quotient = nx.Graph()
    quotient.add_nodes_from(keys)
    for a, b, data in graph.edges(data=True):
        ka, kb = key_of[a], key_of[b]
        if ka != kb:
            old = quotient.get_edge_data(ka, kb, {"weight": 0.0})["weight"]
            quotient.add_edge(ka, kb, weight=old + data["weight"])
    if len(keys) == 1:
        centre = {keys[0]: (0.0, 0.0)}
    else:
        raw = nx.spring_layout(quotient, weight="weight", seed=seed, iterations=100)
        centre = {k: (float(raw[k][0]), float(raw[k][1])) for k in keys}
        # push overlapping discs apart (a few relaxation rounds, deterministic order)
        for _ in range(80):
            moved = False
            for i, ka in enumerate(keys):
                for kb in keys[i + 1 :]:
                    (xa, ya), (xb, yb) = centre[ka], centre[kb]
                    dx, dy = xb - xa, yb - ya
                    dist = math.hypot(dx, dy) or 1e-6
                    need = radius[ka] + radius[kb] + 0.08
                    if dist < need:
                        shift = (need - dist) / 2
                        ux, uy = (dx, dy) if dist > 1e-6 else (1.0, 0.0)
                        norm = math.hypot(ux, uy)
                        ux, uy = ux / norm, uy / norm
                        centre[ka] = (xa - ux * shift, ya - uy * shift)
                        centre[kb] = (xb + ux * shift, yb + uy * shift)
                        moved = True
            if not moved:
                break
    pos: dict[str, tuple[float, float]] = {}
    for k in keys:
        group = members[k]
        cx, cy = centre[k]
        if len(group) == 1:
            pos[group[0]] = (cx, cy)
            continue
        inner = nx.spring_layout(
            _induced(graph, group),
            weight=None,
            k=2.0 / math.sqrt(len(group)),
            seed=seed,
            iterations=100,
        )
        span = max(max(abs(float(v[0])), abs(float(v[1]))) for v in inner.values()) or 1.0
        scale = (radius[k] - 0.02) / span
        for n in group:
            pos[n] = (cx + float(inner[n][0]) * scale, cy + float(inner[n][1]) * scale)
    return pos


def network_svg(
    edges: Sequence[NetworkEdge],
    *,
    labels: Mapping[str, str],
    groups: Mapping[str, str],
    communities: Mapping[str, int],
    group_title: str,
    seed: int = 7,
    community_names: Mapping[int, str] | None = None,
) -> str:
    """Draw the synergy network.

    Args:
        edges: The synergies to draw (node ids are IRIs).
        labels: Node id -> label shown next to the node.
        groups: Node id -> group name (administration or country) that sets the node colour.
        communities: Node id -> community number; communities of two or more drawn nodes get a
            shaded, numbered area.
        group_title: Legend title (``Administration`` or ``Country``).
        seed: Seed of the spring layout (same data, same picture).
        community_names: Community number -> the name shown on its area (default
            ``cluster N``).

    Returns:
        The ``<svg>`` element as text.
    """
    import matplotlib
    import networkx as nx
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    graph = nx.Graph()
    for edge in sorted(edges, key=lambda e: (e.a, e.b)):
        graph.add_edge(edge.a, edge.b, weight=edge.score)
    nodes = sorted(graph.nodes)
    pos = _community_layout(graph, communities, seed)

    counts: dict[str, int] = {}
    for n in nodes:
        counts[groups.get(n, "unknown")] = counts.get(groups.get(n, "unknown"), 0) + 1
    ranked = sorted(counts, key=lambda g: (-counts[g], g))
    colour_of = {g: PALETTE[i] for i, g in enumerate(ranked[: len(PALETTE) - 1])}

    with matplotlib.rc_context(_rc("network")):
        fig = Figure(figsize=(10, 7.5))
        ax = fig.add_subplot()
        ax.set_axis_off()
        # community areas
        members: dict[int, list[str]] = {}
        for n in nodes:
            if n in communities:
                members.setdefault(communities[n], []).append(n)
        names: list[Any] = []
        for number, group in sorted(members.items()):
            if len(group) < 2:
                continue
            named = community_names is None or len(group) >= 3  # a pair is its own line
            hull = _padded_hull([pos[n] for n in group], pad=0.03)
            fill = _COMMUNITY_FILLS[number % len(_COMMUNITY_FILLS)]
            ax.add_patch(
                Polygon(hull, closed=True, facecolor=fill, alpha=0.10, edgecolor=fill, lw=1)
            )
            top = max(hull, key=lambda p: p[1])
            if not named:
                continue
            names.append(
                ax.annotate(
                    _short((community_names or {}).get(number, f"cluster {number}"), 40),
                    (top[0], top[1]),
                    xytext=(0, 3),
                    textcoords="offset points",
                    color=fill,
                    fontsize=8,
                    ha="center",
                    va="bottom",
                    fontweight="bold",
                    zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
                )
            )
        # edges weighted by score
        for a, b, data in sorted(graph.edges(data=True), key=lambda e: e[2]["weight"]):
            score = data["weight"]
            ax.plot(
                [pos[a][0], pos[b][0]],
                [pos[a][1], pos[b][1]],
                color="#444444",
                linewidth=0.4 + 4.0 * score,
                alpha=0.25 + 0.6 * score,
                solid_capstyle="round",
                zorder=1,
            )
        degree = dict(graph.degree(weight="weight"))
        top_degree = max(degree.values(), default=1.0) or 1.0
        xs = [pos[n][0] for n in nodes]
        ys = [pos[n][1] for n in nodes]
        colours = [colour_of.get(groups.get(n, "unknown"), OTHER_COLOUR) for n in nodes]
        sizes = [60 + 340 * degree[n] / top_degree for n in nodes]
        ax.scatter(xs, ys, s=sizes, c=colours, edgecolors="white", linewidths=1.0, zorder=2)
        # labels: all when few nodes, else the best-connected ones
        shown = nodes if len(nodes) <= 30 else sorted(nodes, key=lambda n: (-degree[n], n))[:30]
        texts = [
            ax.annotate(
                _wrap(labels.get(n, n)),
                (pos[n][0], pos[n][1]),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=7.5,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7},
            )
            for n in shown
        ]
        radius = {n: math.sqrt(size) / 2 for n, size in zip(nodes, sizes, strict=True)}
        _place_labels(
            fig,
            ax,
            [(name, 0.0) for name in names]
            + [(x, radius[n]) for x, n in zip(texts, shown, strict=True)],
            [(pos[n][0], pos[n][1], radius[n]) for n in nodes],
        )
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=8,
                color=colour_of[g],
                label=_short(g, 34),
            )
            for g in ranked[: len(PALETTE) - 1]
        ]
        if len(ranked) > len(PALETTE) - 1:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=8,
                    color=OTHER_COLOUR,
                    label=f"{len(ranked) - len(PALETTE) + 1} others",
                )
            )
        ax.legend(
            handles=handles,
            title=group_title,
            loc="upper left",
            bbox_to_anchor=(1.0, 1.0),
            frameon=False,
            fontsize=8,
        )
        ax.margins(0.08)
        return _to_svg(fig, "network")


#: Where a label may go around its point: direction (scaled by the marker's radius plus a gap,
#: in points), horizontal and vertical alignment; tried in this order.
_LABEL_SPOTS = (
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.7, 0.7, "left", "bottom"),
    (-0.7, 0.7, "right", "bottom"),
    (0.7, -0.7, "left", "top"),
    (-0.7, -0.7, "right", "top"),
    (0.0, 2.2, "center", "bottom"),
    (0.0, -2.2, "center", "top"),
)


def _place_labels(
    fig: Any,
    ax: Any,
    texts: Sequence[tuple[Any, float]],
    points: Sequence[tuple[float, float, float]],
) -> None:
    """Move each label to the first spot around its point that overlaps nothing placed before.

    ``texts`` are (annotation, radius of its marker in points), placed in order (cluster names
    first); ``points`` are the markers (x, y in data units, radius in points), which count as
    occupied. A label that fits nowhere takes the spot with the least overlap.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.transforms import Bbox

    renderer = FigureCanvasAgg(fig).get_renderer()
    pixels = fig.dpi / 72.0
    dots = []
    for x, y, radius in points:
        px, py = ax.transData.transform((x, y))
        r = radius * pixels
        dots.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
    placed: list[Any] = []

    def overlap(box: Any) -> float:
        total = 0.0
        for other in [*placed, *dots]:
            w = min(box.x1, other.x1) - max(box.x0, other.x0)
            h = min(box.y1, other.y1) - max(box.y0, other.y0)
            if w > 0 and h > 0:
                total += w * h
        return total

    for text, radius in texts:
        gap = radius + 2.0
        best: tuple[float, tuple[float, float, str, str], Any] | None = None
        for dx, dy, ha, va in _LABEL_SPOTS:
            spot = (dx * gap, dy * gap, ha, va)
            text.xyann = spot[:2]
            text.set_ha(ha)
            text.set_va(va)
            box = text.get_window_extent(renderer)
            cost = overlap(box)
            if best is None or cost < best[0]:
                best = (cost, spot, box)
            if cost == 0:
                break
        assert best is not None
        dx, dy, ha, va = best[1]
        text.xyann = (dx, dy)
        text.set_ha(ha)
        text.set_va(va)
        placed.append(best[2])
