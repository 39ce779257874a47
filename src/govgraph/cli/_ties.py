"""Ranked lists cut at ``--top``, saying when the cut falls inside a group of ties."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from ..analysis import TIE_LOOKAHEAD, TieCut, cut_ranked, limit_kept_short
from ._common import err_console

__all__ = ["BY_IRI", "TIE_LOOKAHEAD", "cut_ties", "say_limited", "tie_note", "top_of_each_kind"]


#: How the results of a tie group are ordered, unless told otherwise.
BY_IRI = "the order of their IRIs"


def tie_note(
    cut: TieCut, *, why: str, noun: str = "pair", option: str = "--top", order: str = BY_IRI
) -> str:
    """The sentence that says where a cut falls inside a group of ties (:class:`TieCut`).

    ``order``: what orders the results within the group (``the order of their IRIs``).
    """
    lead = f"the {noun} shown last ties" if cut.shown == 1 else f"the last {cut.shown} shown tie"
    if cut.at_least:
        more, hint = f"at least {cut.more} more", f"a larger {option} shows more of them"
    else:
        more, hint = f"{cut.more} more", f"{option} {cut.all_shown_by} shows them all"
    return (
        f"{lead} with {more} ({why}); which of them {option} {cut.top} shows follows only "
        f"{order}: {hint}."
    )


def cut_ties(
    found: Sequence[Any],
    *,
    top: int,
    key: Callable[[Any], Hashable] | None = None,
    alike: Callable[[Any], str] | None = None,
    noun: str = "pair",
    order: str = BY_IRI,
    lookahead: int | None = TIE_LOOKAHEAD,
) -> list[Any]:
    """The first ``top`` results of ``found`` (asked for with ``top + TIE_LOOKAHEAD``).

    When ``--top`` cuts inside a group of results that tie with the last one kept (the same
    key, :func:`govgraph.analysis.rank_key` by default), says so on stderr: which of them are
    shown then follows only the order of their IRIs (``order``), not a ranking.
    ``alike(result)`` says what they tie on (default: the score); ``lookahead=None`` when
    ``found`` is the whole list (the count of ties is then exact).
    """
    shown, cut = cut_ranked(found, top=top, key=key, lookahead=lookahead)
    if cut is not None:
        last = shown[-1]
        why = alike(last) if alike is not None else f"score {round(last.score, 3)}"
        err_console.print(f"Note: {tie_note(cut, why=why, noun=noun, order=order)}")
    return shown


def say_limited(
    shown: int,
    *,
    top: int | None,
    limit: int | None,
    count_without: Callable[[int], int],
    noun: str = "pair",
) -> None:
    """Say on stderr when ``--per-actor-limit``, not a lack of results, kept a list under --top.

    ``count_without(n)``: how many of the best ``n`` results there are without the limit (the
    same analysis asked for ``top=n`` and no limit); asked only when fewer than ``top`` are
    shown. A list of 16 pairs under ``--top 20``, each actor in at most one, is then told apart
    from a list of 16 because only 16 pairs exist.
    """
    if not limit_kept_short(shown, top=top, limit=limit, count_without=count_without):
        return
    nouns = noun if shown == 1 else noun + "s"
    err_console.print(
        f"Note: {shown} {nouns}, fewer than --top {top}: each actor is in at most {limit} of "
        f"the {noun}s listed (--per-actor-limit {limit}); --per-actor-limit 0 lists more."
    )


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
        alike=lambda r: (
            f"{r['skills_needed']} skill{'' if r['skills_needed'] == 1 else 's'} needed"
        ),
        noun="administration",
    )
    return kept
