"""The skills-gap heat map of the report (static SVG, matplotlib)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ._figures import _rc, _short, _to_svg

__all__ = ["grid", "heatmap_svg"]


def grid(
    ax: Any,
    values: Any,
    *,
    cmap: Any,
    norm: Any,
    rows: Sequence[str],
    columns: Sequence[str],
    widths: tuple[int, int],
    columns_on_top: bool = False,
) -> Any:
    """Draw the cells of a heat map on ``ax``, rows top down, with shortened row and column names.

    ``widths`` are the characters kept of the row and of the column names. Column names go
    below, slanted to the left (``columns_on_top``: above, slanted to the right). Returns the mesh
    (for a colour bar).
    """
    n_rows, n_cols = len(rows), len(columns)
    # vector cells (pcolormesh), not a raster image: crisp on screen and in print
    image = ax.pcolormesh(values, cmap=cmap, norm=norm, edgecolors="#E0E0E0", linewidth=0.5)
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    if columns_on_top:
        ax.xaxis.tick_top()
    ax.set_xticks(
        [x + 0.5 for x in range(n_cols)],
        [_short(c, widths[1]) for c in columns],
        rotation=40 if columns_on_top else 55,
        ha="left" if columns_on_top else "right",
        rotation_mode="anchor",
        fontsize=8.5,
    )
    ax.set_yticks(
        [y + 0.5 for y in range(n_rows)], [_short(r, widths[0]) for r in rows], fontsize=8.5
    )
    return image


def heatmap_svg(
    matrix: Sequence[Sequence[int]],
    *,
    rows: Sequence[str],
    columns: Sequence[str],
) -> str:
    """Draw the skills-gap heat map: actors (rows) by skills (columns), coloured by shortfall.

    Args:
        matrix: ``matrix[i][j]`` = levels missing for actor ``i`` and skill ``j`` (0: no gap;
            negative: the actor needs the skill but has no skills inventory, so whether it
            holds it is unknown: drawn grey with a "?").
        rows: Actor labels.
        columns: Skill labels.

    Returns:
        The ``<svg>`` element as text.
    """
    import matplotlib
    import numpy as np
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.figure import Figure

    n_rows, n_cols = len(rows), len(columns)
    top = max(1, max((max(r) for r in matrix if r), default=1))
    unknown = any(v < 0 for r in matrix for v in r)
    colours = [
        "#FFFFFF",
        "#FDD49E",
        "#FDBB84",
        "#FC8D59",
        "#EF6548",
        "#D7301F",
        "#B30000",
        "#7F0000",
        "#4D0000",
    ]
    cmap = ListedColormap(colours[: top + 1]).with_extremes(bad="#BDBDBD")
    norm = BoundaryNorm([x - 0.5 for x in range(top + 2)], cmap.N)
    width = min(5 + 0.34 * n_cols, 14)
    height = min(2.2 + 0.32 * n_rows, 14)
    with matplotlib.rc_context(_rc("heatmap")):
        fig = Figure(figsize=(width, height))
        ax = fig.add_subplot()
        image = grid(
            ax,
            np.ma.masked_less([[float(v) for v in row] for row in matrix], 0),
            cmap=cmap,
            norm=norm,
            rows=rows,
            columns=columns,
            widths=(40, 36),
        )
        if n_rows * n_cols <= 300:  # numbers in the cells when they stay readable (and fast)
            for i, row in enumerate(matrix):
                for j, value in enumerate(row):
                    if value:
                        ax.text(
                            j + 0.5,
                            i + 0.5,
                            "?" if value < 0 else str(value),
                            ha="center",
                            va="center",
                            fontsize=8,
                            color="white" if value > top / 2 else "#222222",
                        )
        bar = fig.colorbar(image, ax=ax, ticks=range(top + 1), shrink=0.6, pad=0.02)
        bar.set_label(
            "proficiency levels missing (0 = no gap)"
            + ("; grey ? = needed, unknown (no skills inventory)" if unknown else "")
        )
        return _to_svg(fig, "heatmap")
