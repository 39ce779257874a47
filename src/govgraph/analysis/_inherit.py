"""What a unit inherits from the organisations above it: a kind, a country."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["inherited"]


def inherited(
    org: str,
    own: Mapping[str, str],
    parents: Mapping[str, set[str]],
    memo: dict[str, str | None] | None = None,
) -> str | None:
    """``own[org]``, else that of the nearest ancestor that has one (sorted, breadth first).

    ``parents`` maps a unit to the organisations it is directly a unit of. ``memo`` keeps the
    answers along chains of units with one parent each (their answer is their parent's), for
    calls with the same ``own`` and ``parents``.

    Examples:
        >>> parents = {"unit": {"office"}, "office": {"ministry", "agency"}}
        >>> inherited("unit", {"ministry": "AT", "agency": "DE"}, parents)
        'DE'
        >>> inherited("unit", {"ministry": "AT"}, parents), inherited("ministry", {}, parents)
        ('AT', None)
    """
    chain: list[str] = []
    node, found = org, own.get(org)
    while found is None:
        if memo is not None and node in memo:
            found = memo[node]
            break
        chain.append(node)
        ups = parents.get(node, ())
        if len(ups) != 1:
            found = _nearest(node, own, parents) if ups else None
            break
        (node,) = ups
        found = own.get(node)
        if node in chain:  # a cycle of units
            break
    if memo is not None:
        memo.update(dict.fromkeys(chain, found))
    return found


def _nearest(org: str, own: Mapping[str, str], parents: Mapping[str, set[str]]) -> str | None:
    """Breadth-first search of :func:`inherited` above ``org`` (one with several parents)."""
    frontier = sorted(parents.get(org, ()))
    seen = {org}
    while frontier:
        following: list[str] = []
        for up in frontier:
            if up in seen:
                continue
            seen.add(up)
            found = own.get(up)
            if found is not None:
                return found
            following.extend(sorted(parents.get(up, ())))
        frontier = following
    return None
