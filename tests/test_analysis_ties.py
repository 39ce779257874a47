"""``cut_ranked`` and ``rank_key``: where a ranked list is cut inside a group of ties."""

from __future__ import annotations

import pytest

from govgraph.analysis import (
    TIE_LOOKAHEAD,
    LearningItem,
    LearningPair,
    PartnerLink,
    Synergy,
    TieCut,
    cut_ranked,
    rank_key,
)


def _synergy(name: str, score: float, strength: int, together: tuple[str, ...] = ()) -> Synergy:
    return Synergy(
        name, name + "2", None, None, "technology", (), score, strength=strength,
        already_collaborating=together,
    )  # fmt: skip


def test_a_cut_inside_a_tie_counts_both_sides() -> None:
    found = [_synergy("a", 3.0, 2), _synergy("b", 2.0, 2), _synergy("c", 2.0, 2)]
    found += [_synergy("d", 2.0, 2), _synergy("e", 2.0, 1)]
    shown, cut = cut_ranked(found, top=3)
    assert shown == found[:3]
    assert cut == TieCut(top=3, shown=2, more=1, at_least=False)
    assert cut.all_shown_by == 4
    assert cut.to_dict() == {"top": 3, "shown": 2, "more": 1, "at_least": False, "all_shown_by": 4}


@pytest.mark.parametrize("top", [0, 1, 4, 5, 9])
def test_no_cut_between_different_keys_or_past_the_end(top: int) -> None:
    found = [_synergy("a", 3.0, 2), _synergy("b", 2.0, 2), _synergy("c", 2.0, 2)]
    found += [_synergy("d", 2.0, 2), _synergy("e", 2.0, 1)]
    shown, cut = cut_ranked(found, top=top)
    assert shown == found[:top] and cut is None


def test_more_evidence_or_a_collaboration_is_no_tie() -> None:
    # the same score: less evidence ranks lower; a pair already working together comes last
    assert rank_key(_synergy("a", 2.0, 3)) != rank_key(_synergy("b", 2.0, 2))
    assert rank_key(_synergy("a", 2.0, 2)) != rank_key(_synergy("b", 2.0, 2, ("PSTW-1",)))
    # scores equal to 9 digits tie (sums of weights in another order)
    assert rank_key(_synergy("a", 0.1 + 0.2, 2)) == rank_key(_synergy("b", 0.3, 2))


def test_at_least_when_every_result_looked_at_ties() -> None:
    found = [_synergy(str(k), 1.0, 1) for k in range(3 + TIE_LOOKAHEAD + 5)]
    shown, cut = cut_ranked(found, top=3)
    assert len(shown) == 3
    assert cut == TieCut(top=3, shown=3, more=TIE_LOOKAHEAD, at_least=True)
    assert cut.all_shown_by is None


def _pair(a: str, score: float, ahead: str | None) -> LearningPair:
    return LearningPair(
        a, a + "-other", (), None, score=score, items=(LearningItem(("t",), (None,), 1.0, ahead),)
    )


def test_learning_pairs_rank_by_something_to_learn_then_score() -> None:
    ahead_a, ahead_b, none = _pair("x", 2.0, "x"), _pair("y", 2.0, "y-other"), _pair("z", 2.0, None)
    assert rank_key(ahead_a) == rank_key(ahead_b) != rank_key(none)
    # for one learner (the pairs' a), only what others are ahead on is something to learn
    assert rank_key(ahead_a, learner="x") == rank_key(none, learner="z")
    assert rank_key(ahead_b, learner="y") != rank_key(ahead_a, learner="x")


def test_other_results_rank_by_score_or_need_a_key() -> None:
    class Scored:
        score = 2

    assert rank_key(Scored()) == (2.0,)
    with pytest.raises(TypeError, match="has no score; pass key="):
        rank_key(object())
    shown, cut = cut_ranked([("a", 2), ("b", 1), ("c", 1)], top=2, key=lambda r: r[1])
    assert shown == [("a", 2), ("b", 1)]
    assert cut == TieCut(top=2, shown=1, more=1)


def test_a_negative_top_is_refused() -> None:
    with pytest.raises(ValueError, match="top must be 0 or more"):
        cut_ranked([], top=-1)


def test_lookahead_none_counts_every_tie_and_is_exact() -> None:
    found = [_synergy(str(k), 1.0, 1) for k in range(3 + TIE_LOOKAHEAD + 5)]
    shown, cut = cut_ranked(found, top=3, lookahead=None)
    assert len(shown) == 3
    assert cut == TieCut(top=3, shown=3, more=TIE_LOOKAHEAD + 5, at_least=False)
    assert cut.all_shown_by == len(found)
    # a lookahead of 2 sees two of them and says "at least"
    assert cut_ranked(found, top=3, lookahead=2)[1] == TieCut(3, 3, 2, at_least=True)
    with pytest.raises(ValueError, match="lookahead must be 0 or more"):
        cut_ranked(found, top=3, lookahead=-1)


def test_partners_rank_by_administrations_then_cases() -> None:
    def link(name: str, administrations: int, cases: int) -> PartnerLink:
        return PartnerLink(
            name, name, None,
            tuple(f"a{k}" for k in range(administrations)), tuple(f"c{k}" for k in range(cases)), (),
        )  # fmt: skip

    assert rank_key(link("x", 2, 2)) == rank_key(link("y", 2, 2)) == (2, 2)
    assert rank_key(link("x", 2, 3)) != rank_key(link("y", 2, 2))
    assert rank_key(link("x", 1, 2)) != rank_key(link("y", 2, 2))
