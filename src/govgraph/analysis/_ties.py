"""Ranked lists cut at a number: whether the cut falls inside a group of ties (:func:`cut_ranked`).

Synergies of the same score and as much evidence, learning pairs of the same score and
progress, administrations needing as many skills: within such a group the order is that of
the IRIs, not a ranking. A list cut inside one shows some of the group and hides the others
for no reason a reader can see; the command line (a note on stderr) and the report (a note
under the table) say so, from the same :class:`TieCut`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ._dependence import SupplierDependence, dependence_rank
from ._partners import PartnerLink
from ._results import Synergy
from ._results_learning import LearningPair

__all__ = [
    "TIE_LOOKAHEAD",
    "TieCut",
    "cut_ranked",
    "dependence_alike",
    "limit_kept_short",
    "partner_alike",
    "rank_key",
]

_T = TypeVar("_T")

#: How many results past the cut to ask for, to tell whether the cut falls inside a tie.
TIE_LOOKAHEAD = 20


@dataclass(frozen=True, slots=True)
class TieCut:
    """A ranked list cut at ``top`` inside a group of results that tie with the last one kept.

    Attributes:
        top: How many results were kept.
        shown: How many of the kept ones tie with the last one kept (it included; at least 1).
        more: How many results past the cut tie with it, counted among the ``TIE_LOOKAHEAD``
            looked at.
        at_least: ``more`` reached ``TIE_LOOKAHEAD``: more may tie than were looked at.

    Examples:
        >>> TieCut(top=20, shown=2, more=1, at_least=False).all_shown_by
        21
    """

    top: int
    shown: int
    more: int
    at_least: bool = False

    @property
    def all_shown_by(self) -> int | None:
        """The smallest ``top`` that shows the whole group (``None`` when not known).

        Examples:
            >>> TieCut(top=10, shown=2, more=3).all_shown_by
            13
            >>> TieCut(top=10, shown=2, more=20, at_least=True).all_shown_by is None  # 20 or more
            True
        """
        return None if self.at_least else self.top + self.more

    def to_dict(self) -> dict[str, Any]:
        """The fields as a JSON-ready dict (with ``all_shown_by``).

        Examples:
            >>> kept, cut = cut_ranked([3, 2, 2, 2, 1], top=2, key=lambda score: score)
            >>> kept, cut.to_dict()
            ([3, 2], {'top': 2, 'shown': 1, 'more': 2, 'at_least': False, 'all_shown_by': 4})
        """
        return {
            "top": self.top,
            "shown": self.shown,
            "more": self.more,
            "at_least": self.at_least,
            "all_shown_by": self.all_shown_by,
        }


def rank_key(result: Any, *, learner: str | None = None) -> tuple[Hashable, ...]:
    """What ranks a result before the IRIs do: results of equal keys tie.

    As the analyses sort: a :class:`Synergy` by its score (to 9 digits) and then its evidence
    (``strength``); a :class:`LearningPair` by whether someone is ahead on a shared item (with
    ``learner``, the actor of ``mutual_learning(actor=...)``: someone other than the learner)
    and then its score; a :class:`PartnerLink` by the administrations it works with, then its
    cases (then by name); anything else by a ``score`` attribute. Pairs flagged
    ``already_collaborating`` come after the others, so the flag is part of the key.

    Raises:
        TypeError: ``result`` has no numeric ``score``.

    Examples:
        >>> rank_key(Synergy("x", "y", None, None, "technology", (), 0.5, strength=3))
        (False, 0.5, 3)
    """
    if isinstance(result, Synergy):
        return (bool(result.already_collaborating), round(result.score, 9), result.strength)
    if isinstance(result, LearningPair):
        to_learn = any(x.ahead and x.ahead != learner for x in result.items)
        return (bool(result.already_collaborating), to_learn, round(result.score, 9))
    if isinstance(result, PartnerLink):
        return (len(result.administrations), len(result.initiatives))
    if isinstance(result, SupplierDependence):
        return dependence_rank(result)
    score = getattr(result, "score", None)
    if isinstance(score, bool) or not isinstance(score, int | float):
        raise TypeError(f"cannot rank a {type(result).__name__}: it has no score; pass key=")
    return (round(float(score), 9),)


def dependence_alike(dependence: SupplierDependence) -> str:
    """What supplier dependences that tie have alike, in words: their :func:`rank_key`.

    Examples:
        >>> from govgraph.analysis import SupplierDependence
        >>> row = SupplierDependence("p", "P", "govtech", ("a",), ("c1", "c2"), (), (None,),
        ...     (None, None), (), "a", "A", None, supplier_cases=2, partnered_cases=2,
        ...     share=1.0, unnamed_partner_cases=1, cases=3)
        >>> dependence_alike(row)
        '2 cases with the supplier: all those with a named partner, of 3 cases'
    """
    cases = dependence.supplier_cases
    share = "all" if dependence.share >= 1 else f"{dependence.share:.0%} of"
    return (
        f"{cases} case{'' if cases == 1 else 's'} with the supplier: {share} those with a "
        f"named partner, of {dependence.cases} case{'' if dependence.cases == 1 else 's'}"
    )


def partner_alike(partner: PartnerLink) -> str:
    """What partners that tie have alike, in words: their :func:`rank_key` (``1 case``).

    Examples:
        >>> partner_alike(PartnerLink("p", "P", None, ("a",), ("c1", "c2"), ()))
        '1 administration, 2 cases'
    """
    served, cases = len(partner.administrations), len(partner.initiatives)
    return (
        f"{served} administration{'' if served == 1 else 's'}, "
        f"{cases} case{'' if cases == 1 else 's'}"
    )


def cut_ranked(
    found: Sequence[_T],
    *,
    top: int,
    key: Callable[[_T], Hashable] | None = None,
    lookahead: int | None = TIE_LOOKAHEAD,
) -> tuple[list[_T], TieCut | None]:
    """The first ``top`` of a ranked list, and the group of ties the cut falls in, if any.

    Ask the analysis for ``top + TIE_LOOKAHEAD`` results, then cut here: the results past
    ``top`` tell whether the last ones kept tie with ones left out.

    Args:
        found: The results, best first (at most ``top + lookahead`` are looked at).
        top: How many to keep (0 or more).
        key: What ranks a result (:func:`rank_key` by default); equal keys tie.
        lookahead: How many results past ``top`` to look at; ``None``: all of them (when
            ``found`` is the whole list, so that ``more`` is exact).

    Returns:
        The kept results and a :class:`TieCut`, or ``None`` when the cut falls between
        results that do not tie (or nothing was cut).

    Raises:
        ValueError: ``top`` or ``lookahead`` is negative.

    Examples:
        >>> ranked = [("a", 3), ("b", 2), ("c", 2), ("d", 2), ("e", 1)]
        >>> cut_ranked(ranked, top=2, key=lambda r: r[1])
        ([('a', 3), ('b', 2)], TieCut(top=2, shown=1, more=2, at_least=False))
        >>> cut_ranked(ranked, top=4, key=lambda r: r[1])[1] is None
        True
    """
    if top < 0:
        raise ValueError(f"top must be 0 or more, not {top}")
    if lookahead is not None and lookahead < 0:
        raise ValueError(f"lookahead must be 0 or more (None: all), not {lookahead}")
    rank = key or rank_key
    shown = list(found[:top])
    if not shown or len(found) <= top:
        return shown, None
    last = rank(shown[-1])
    more = 0
    end = None if lookahead is None else top + lookahead
    for result in found[top:end]:
        if rank(result) != last:
            break
        more += 1
    if not more:
        return shown, None
    tied = sum(1 for result in shown if rank(result) == last)
    at_least = lookahead is not None and more == lookahead
    return shown, TieCut(top=top, shown=tied, more=more, at_least=at_least)


def limit_kept_short(
    shown: int, *, top: int | None, limit: int | None, count_without: Callable[[int], int]
) -> bool:
    """Whether a per-actor limit, not a lack of results, kept a ranked list under ``top``.

    A list of 16 pairs under ``top=20`` with each actor in at most one pair is told apart from
    a list of 16 because only 16 pairs exist: ``count_without(n)`` says how many of the best
    ``n`` results there are without the limit (the same analysis asked for ``top=n`` and no
    limit); it is asked only when fewer than ``top`` are shown and a limit is set. The command
    line (a note on stderr) and the report (a note under the table) both ask this.

    Examples:
        >>> limit_kept_short(16, top=20, limit=1, count_without=lambda n: n)
        True
        >>> limit_kept_short(16, top=20, limit=1, count_without=lambda n: min(n, 16))
        False
        >>> limit_kept_short(20, top=20, limit=1, count_without=lambda n: n)
        False

    Raises:
        Exception: Whatever ``count_without`` raises.
    """
    if top is None or limit is None or shown >= top:
        return False
    return count_without(shown + 1) > shown
