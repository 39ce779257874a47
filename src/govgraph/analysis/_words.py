"""Shared use cases and learning items in words a reader can take in at a glance.

A use case is two items used in one initiative: a technology in a policy area ("chatbots in
social protection") or two technologies together. Listing every pairing reads badly ("generative
AI + natural language processing; generative AI + machine learning; ..."), so these helpers
group them: the technologies of one policy area together, technologies used together as one
group, a hierarchy once. The results keep every use case; this is for tables and reports.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ._hierarchy import most_specific

__all__ = ["items_in_words", "use_cases_in_words"]


def _names(case: Any) -> list[str]:
    """The labels of a use case's (or item's) ``items``, the IRI where a label is missing."""
    labels = list(case.labels)[: len(case.items)]
    labels += [None] * (len(case.items) - len(labels))
    return [str(y or i) for i, y in zip(case.items, labels, strict=True)]


def items_in_words(
    items: Sequence[Any], areas: set[str] | None = None, *, limit: int = 5
) -> list[str]:
    """Learning items (or use cases) in words, in their order, each thing once.

    Technologies used in one policy area read together ("generative AI, machine learning in
    R&D General public services"); two technologies used together are listed one by one
    ("generative AI", "machine learning" rather than every pairing of them), and a technology
    already named with its area is not listed again alone. Without ``areas`` every pairing
    is "a + b".

    Args:
        items: Objects with ``items`` (one or two IRIs) and ``labels``, such as
            :class:`LearningItem` (what one side is ahead on) or :class:`UseCase`.
        areas: The policy-area IRIs (to tell "in an area" from "with a technology").
        limit: At most this many entries.

    Examples:
        >>> from govgraph.analysis import UseCase
        >>> cases = [UseCase(("x:gen", "x:01"), ("generative AI", "General services"), 2.0),
        ...          UseCase(("x:ml", "x:01"), ("machine learning", "General services"), 1.5),
        ...          UseCase(("x:ml",), ("machine learning",), 1.0)]
        >>> items_in_words(cases, {"x:01"})
        ['generative AI, machine learning in General services']
    """
    # ("item", name) -> [] for a thing alone; ("area", name) -> the technologies used there
    entries: dict[tuple[str, str], list[str]] = {}
    in_area: set[str] = set()  # technologies named with their policy area already
    for x in items:
        names = _names(x)
        if areas is None:
            entries.setdefault(("item", " + ".join(names)), [])
        elif len(names) == 2 and (x.items[0] in areas) != (x.items[1] in areas):
            tech, area = (names[1], names[0]) if x.items[0] in areas else (names[0], names[1])
            techs = entries.setdefault(("area", area), [])
            if tech not in techs:
                techs.append(tech)
            in_area.add(tech)
        else:
            for name in names:
                entries.setdefault(("item", name), [])
    found = [
        f"{', '.join(techs)} in {name}" if kind == "area" else name
        for (kind, name), techs in entries.items()
        if kind == "area" or name not in in_area
    ]
    return found[:limit]


def use_cases_in_words(
    cases: Sequence[Any],
    areas: set[str],
    broader: Mapping[str, frozenset[str]] | None = None,
) -> list[str]:
    """Shared use cases in words, most telling first: one entry per policy area or group.

    The technologies used in one policy area read together ("searching, optimisation in
    General public services"); technologies used together in cases read as one group ("AI
    services + searching"), not as each pairing of them, and a group whose technologies are
    all named in an area's entry is left out. A hierarchy counts once in each entry
    (``broader``: "artificial intelligence" is left out beside "machine learning"), and a broader
    policy area whose technologies a narrower one lists is left out too.

    Args:
        cases: The use cases (:attr:`Synergy.use_cases`), most telling first.
        areas: The policy-area IRIs.
        broader: Item -> its broader items (:attr:`Facts.broader`), for the hierarchies.

    Examples:
        >>> from govgraph.analysis import UseCase
        >>> cases = [UseCase(("x:ai", "x:s"), ("AI services", "searching"), 3.0),
        ...          UseCase(("x:nlp", "x:s"), ("NLP", "searching"), 2.5),
        ...          UseCase(("x:s", "x:01"), ("searching", "General services"), 2.0)]
        >>> use_cases_in_words(cases, {"x:01"})
        ['AI services + searching + NLP', 'searching in General services']
    """
    label: dict[str, str] = {}
    entries: dict[tuple[str, int], list[str]] = {}  # ("area", k) / ("group", k) -> IRIs
    area_key: dict[str, tuple[str, int]] = {}
    group_of: dict[str, tuple[str, int]] = {}
    for case in cases:
        label.update(zip(case.items, _names(case), strict=True))
        kinds = [i in areas for i in case.items]
        if len(case.items) == 2 and kinds[0] != kinds[1]:
            tech, area = case.items[::-1] if kinds[0] else case.items
            key = area_key.setdefault(area, ("area", len(entries)))
            iris = entries.setdefault(key, [area])
            if tech not in iris:
                iris.append(tech)
            continue
        keys = list(dict.fromkeys(group_of[i] for i in case.items if i in group_of))
        key = keys[0] if keys else ("group", len(entries))
        group = entries.setdefault(key, [])
        for other in keys[1:]:  # a case joining two groups makes them one
            group.extend(i for i in entries.pop(other) if i not in group)
        group.extend(i for i in case.items if i not in group)
        for i in group:
            group_of[i] = key
    in_areas = [set(iris[1:]) for (kind, _), iris in entries.items() if kind == "area"]
    up = broader or {}
    # a broader area adds nothing when a narrower one lists the same technologies
    implied = {
        area
        for (kind, _), iris in entries.items()
        if kind == "area"
        for area in up.get(iris[0], frozenset())
        if area in area_key and set(entries[area_key[area]][1:]) <= set(iris[1:])
    }
    out = []
    for (kind, _), iris in entries.items():
        if kind == "area" and iris[0] in implied:
            continue
        if kind == "area":
            techs = most_specific(iris[1:], broader)
            out.append(f"{', '.join(label[i] for i in techs)} in {label[iris[0]]}")
        elif not any(set(iris) <= named for named in in_areas):
            out.append(" + ".join(label[i] for i in most_specific(iris, broader)))
    return out
