"""Facts a unit inherits from above (analysis/_inherit.py): kinds and countries of units."""

from __future__ import annotations

import pytest

from govgraph.analysis._inherit import inherited


@pytest.mark.parametrize("seed", range(6))
def test_inherited_facts_with_a_memo_are_the_breadth_first_ones(seed: int) -> None:
    """Kinds and countries inherited through unit chains, several parents and cycles: the
    memo along one-parent chains gives what a breadth-first search from each unit gives."""
    import random

    rng = random.Random(seed)
    orgs = [f"o{k}" for k in range(120)]
    parents: dict[str, set[str]] = {}
    for org in orgs:
        ups = rng.choice([0, 1, 1, 1, 1, 2])  # mostly one parent, cycles allowed
        if ups:
            parents[org] = set(rng.sample(orgs, ups)) - {org}
    own = {org: rng.choice("abc") for org in rng.sample(orgs, 15)}

    def breadth_first(org: str) -> str | None:
        found = own.get(org)
        if found is not None:
            return found
        frontier, seen = sorted(parents.get(org, ())), {org}
        while frontier:
            following: list[str] = []
            for up in frontier:
                if up not in seen:
                    seen.add(up)
                    if up in own:
                        return own[up]
                    following.extend(sorted(parents.get(up, ())))
            frontier = following
        return None

    expected = {org: breadth_first(org) for org in orgs}
    assert len(set(expected.values())) > 2  # some inherited, some not
    memo: dict[str, str | None] = {}
    order = orgs[:]
    rng.shuffle(order)
    assert {org: inherited(org, own, parents, memo) for org in order} == expected
    assert {org: inherited(org, own, parents) for org in orgs} == expected
