"""Result types of mutual learning: who is ahead on what, and on which DESI indicators.

Small frozen dataclasses with ``to_dict()``, as in ``_results`` (one module per group of
results, to keep files short); public as ``govgraph.analysis.LearningPair`` and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._results import Evidence, _as_dict

__all__ = ["DesiStanding", "LearningItem", "LearningPair"]


@dataclass(frozen=True, slots=True)
class DesiStanding:
    """The two countries of a learning pair on one DESI indicator.

    Attributes:
        indicator: IRI of the DESI indicator.
        indicator_label: Its name (``"Digital public services for citizens"``).
        notation: Its DESI code (``"4a3"``).
        edition: The DESI edition (year) both values come from: the latest with both.
        a_country: Alpha-3 code of ``a``'s country (``"EUR"``: the EU as a whole).
        b_country: Alpha-3 code of ``b``'s country.
        a_value: The indicator for ``a_country``, as in the workbook (shares are fractions).
        b_value: The indicator for ``b_country``.
        ahead: The country code with the higher value, or ``None`` when they are equal.
        because: The figures in words.
    """

    indicator: str
    indicator_label: str | None
    notation: str | None
    edition: int
    a_country: str
    b_country: str
    a_value: float
    b_value: float
    ahead: str | None
    because: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (the fields).

        Examples:
            >>> standing = DesiStanding("http://example.org/4a3", "Digital public services", "4a3",
            ...                         2022, "AUT", "DEU", 0.8, 0.7, "AUT", "AUT 80 vs DEU 70")
            >>> standing.to_dict()["ahead"], list(standing.to_dict())[:3]
            ('AUT', ['indicator', 'indicator_label', 'notation'])
        """
        return _as_dict(self)


@dataclass(frozen=True, slots=True)
class LearningItem:
    """One shared technology, challenge or use case of a learning pair, and who is ahead on it.

    Attributes:
        items: The item IRI, or the two item IRIs of a use case (a technology in a policy area).
        labels: Their labels, same order.
        weight: Its weight in the pair's score (rarer weighs more).
        ahead: The actor further along on it (``a`` or ``b``); ``None`` when equal or unknown.
        a_status: Label of the most advanced status of ``a``'s initiatives on it; "not in use"
            when all of them are no longer in use; ``None`` when none has a status.
        b_status: The same for ``b``.
        a_evidence: ``a``'s initiatives on it, most advanced first (at most 3).
        b_evidence: The same for ``b``.
    """

    items: tuple[str, ...]
    labels: tuple[str | None, ...]
    weight: float
    ahead: str | None = None
    a_status: str | None = None
    b_status: str | None = None
    a_evidence: tuple[Evidence, ...] = ()
    b_evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (tuples as lists, evidence as dicts).

        Examples:
            >>> from govgraph import GovGraph
            >>> item = GovGraph.example().mutual_learning(top=1)[0].items[1].to_dict()
            >>> item["labels"], item["ahead"], item["b_evidence"][0]["label"]
            (['Blockchain'], 'http://example.org/CityZ', 'i7')
        """
        out = _as_dict(self)
        out["a_evidence"] = [e.to_dict() for e in self.a_evidence]
        out["b_evidence"] = [e.to_dict() for e in self.b_evidence]
        return out


@dataclass(frozen=True, slots=True)
class LearningPair:
    """Two actors of different levels working on the same things, and who is further along.

    Attributes:
        a: IRI of the EU-level actor (or of the first level of ``between``, or the ``actor``).
        b: IRI of the other actor.
        on: Shared challenges and technologies (IRIs, sorted), including broader ones shared
            through narrower ones.
        ahead: The actor ahead on the items (``a`` or ``b``): on at least one, and the other
            on none; ``None`` otherwise (see ``progress``).
        a_label: Label of ``a`` with its country code.
        b_label: Label of ``b`` with its country code.
        on_labels: Labels of ``on``, same order.
        ahead_label: Label of ``ahead``.
        a_status: Most advanced status of ``a``'s initiatives on the shared items (IRI);
            ``gg:StatusNotInUse`` when those with a status are all no longer in use.
        b_status: Same for ``b``.
        a_level: Administrative level of ``a`` (IRI).
        b_level: Administrative level of ``b`` (IRI).
        progress: Taken from the items on which both sides have a ranked status: ``a-ahead``
            or ``b-ahead`` (only that side is ahead on some), ``mixed`` (each is ahead on
            some), ``equal`` (as far on each), or ``no-status`` when there is no such item.
        score: Rarity score of what the two share (as for synergies).
        a_country: Country of ``a`` (ISO 3166 alpha-3).
        b_country: Country of ``b``.
        items: Per shared technology, challenge or use case (largest weight first, at most 10):
            who is ahead and the initiatives that show it.
        desi: When DESI observations are loaded and the two actors are in different countries
            (an EU-level actor counts as the EU): which country is ahead on each DESI
            indicator, with both values and the edition. Empty otherwise.
        already_collaborating: Identifiers of cases on both sides that look like one project
            (as :attr:`Synergy.already_collaborating`); such pairs come after the others.
    """

    a: str
    b: str
    on: tuple[str, ...]
    ahead: str | None
    a_label: str | None = None
    b_label: str | None = None
    on_labels: tuple[str | None, ...] = ()
    ahead_label: str | None = None
    a_status: str | None = None
    b_status: str | None = None
    a_level: str | None = None
    b_level: str | None = None
    progress: str = "no-status"
    score: float = 0.0
    a_country: str | None = None
    b_country: str | None = None
    items: tuple[LearningItem, ...] = ()
    desi: tuple[DesiStanding, ...] = ()
    already_collaborating: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (tuples as lists, items and DESI standings as dicts).

        Examples:
            >>> import json
            >>> from govgraph import GovGraph
            >>> pair = GovGraph.example().mutual_learning(top=1)[0].to_dict()
            >>> pair["a_label"], pair["b_label"], pair["progress"], pair["items"][0]["labels"]
            ('DG B', 'City Z', 'b-ahead', ['Artificial intelligence', 'Blockchain'])
            >>> json.loads(json.dumps(pair)) == pair  # JSON-ready
            True
        """
        out = _as_dict(self)
        out["items"] = [x.to_dict() for x in self.items]
        out["desi"] = [x.to_dict() for x in self.desi]
        return out
