"""Ranked lists cut at ``--top``, saying when the cut falls inside a group of ties."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ._common import err_console

__all__ = ["TIE_LOOKAHEAD", "cut_ties", "top_of_each_kind"]

#: How many results past ``--top`` are fetched to tell whether ``--top`` cuts inside a tie.
TIE_LOOKAHEAD = 20


def cut_ties(
    found: Sequence[Any],
    *,
    top: int,
    key: Callable[[Any], tuple[Any, ...]],
    alike: Callable[[Any], str] | None = None,
    noun: str = "pair",
) -> list[Any]:
    """The first ``top`` results of ``found`` (asked for with ``top + TIE_LOOKAHEAD``).

    When ``--top`` cuts inside a group of results that tie with the last one kept (the same
    ``key(result)``), says so on stderr: which of them are shown then follows only the order
    of their IRIs, not a ranking. ``alike(result)`` says what they tie on (default: the score,
    the first element of the key).
    """
    shown = list(found[:top])
    if not shown or len(found) <= top:
        return shown
    last = key(shown[-1])
    tied = 0
    for result in found[top:]:
        if key(result) != last:
            break
        tied += 1
    if tied:
        above = sum(1 for result in shown if key(result) == last)
        lead = f"the {noun} shown last ties" if above == 1 else f"the last {above} shown tie"
        if tied == TIE_LOOKAHEAD:
            more, hint = f"at least {tied} more", "a larger --top shows more of them"
        else:
            more, hint = f"{tied} more", f"--top {top + tied} shows them all"
        why = alike(shown[-1]) if alike is not None else f"score {round(last[0], 3)}"
        err_console.print(
            f"Note: {lead} with {more} ({why}); which of them --top {top} shows follows only "
            f"the order of their IRIs: {hint}."
        )
    return shown


def top_of_each_kind(records: Sequence[Mapping[str, Any]], *, top: int) -> list[Any]:
    """The first ``top`` records of each ``kind`` (gaps), in their order, saying what was cut.

    Administrations without inventory come by the skills they need, then by IRI: a cut inside
    a group of the same number is said as by :func:`cut_ties`.
    """
    seen: dict[str, int] = {}
    kept = []
    for r in records:
        seen[r["kind"]] = seen.get(r["kind"], 0) + 1
        if seen[r["kind"]] <= top:
            kept.append(r)
    if len(kept) < len(records):
        err_console.print(
            f"Showing the first {top} of each kind ({len(kept)} of {len(records)}); "
            "use --top N or --all."
        )
    cut_ties(
        [r for r in records if r["kind"] == "no-inventory"],
        top=top,
        key=lambda r: (r["skills_needed"],),
        alike=lambda r: f"{r['skills_needed']} skills needed",
        noun="administration",
    )
    return kept
