"""The filters every analysis shares: one typed object, one meaning everywhere.

:class:`Filters` holds what the user asked for, normalised but not yet looked up in the data
(country codes, level and kind names, year range...). Each analysis looks the names up in one
store's :class:`~govgraph.analysis.Facts` (``_select.resolve``) and gets a :class:`Selection`: the initiatives
kept, the actors allowed, and which pairs of actors qualify. The command line declares one option
per field (``govgraph.cli``) and the facade passes the same keyword arguments
(:class:`FilterArgs`), so a filter means the same thing in Python, on the command line and in
the report.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from typing_extensions import TypedDict, Unpack

from .._exceptions import ConfigurationError
from ._filter_values import (
    KIND_ALIASES,
    KINDS,
    LEVELS,
    STATUSES,
    parse_between,
    parse_choice,
    parse_country,
    parse_many,
    parse_years,
)

__all__ = [
    "COUNTRY_FILTERS",
    "KINDS",
    "LEVELS",
    "STATUSES",
    "CountryFilterArgs",
    "FilterArgs",
    "Filters",
    "GapFilterArgs",
    "GovernanceFilterArgs",
    "Selection",
]


class GapFilterArgs(TypedDict, total=False):
    """The filters of the per-actor gap analyses as keyword arguments (``country="DEU"``).

    Those of :class:`FilterArgs` that select actors one at a time or their initiatives:
    not ``between`` (it pairs actors) and not ``actor`` (the gap functions have an ``actor``
    argument of their own; a ``Filters`` object may still name one).
    """

    country: str | Sequence[str] | None
    level: str | Sequence[str] | None
    kind: str | Sequence[str] | None
    technology: str | Sequence[str] | None
    policy_area: str | Sequence[str] | None
    years: str | int | tuple[int | None, int | None] | None
    status: str | Sequence[str] | None


class GovernanceFilterArgs(TypedDict, total=False):
    """The filters of governance gaps as keyword arguments: what a policy has.

    Its owners (``country``, ``level``, ``actor``), its policy area and its start year.
    """

    country: str | Sequence[str] | None
    level: str | Sequence[str] | None
    actor: str | None
    policy_area: str | Sequence[str] | None
    years: str | int | tuple[int | None, int | None] | None


class CountryFilterArgs(TypedDict, total=False):
    """The filters of the counts per country of initiatives (funding shares) as keywords.

    A country's initiatives count whoever leads them, so only the initiatives' filters.
    """

    country: str | Sequence[str] | None
    technology: str | Sequence[str] | None
    policy_area: str | Sequence[str] | None
    years: str | int | tuple[int | None, int | None] | None
    status: str | Sequence[str] | None


#: The filters of the counts per country of initiatives (capacity gaps, funding shares).
COUNTRY_FILTERS = tuple(CountryFilterArgs.__annotations__)


class FilterArgs(GapFilterArgs, total=False):
    """The filters as keyword arguments (``kg.synergies(country="DEU", years=(2019, 2022))``).

    The keys are exactly the fields of :class:`Filters`, in their order (a test keeps them
    equal): those of :class:`GapFilterArgs`, then ``actor`` and ``between``.
    """

    actor: str | None
    between: str | tuple[str, str] | None


@dataclass(frozen=True)
class Filters:
    """Which actors, initiatives and pairs an analysis considers. Empty fields filter nothing.

    Values are normalised when the object is built (so bad values fail early, with the list of
    valid ones); names that need the data (technology and policy-area labels, actor labels) are
    looked up by :meth:`resolve`.

    Examples:
        >>> f = Filters(country="deu", years="2019-2022", between="eu,national")
        >>> f.country, f.years, f.between
        (('http://publications.europa.eu/resource/authority/country/DEU',), (2019, 2022), ('eu', 'national'))

    Attributes:
        country: Actors in one of these countries (EU country-table IRIs; give ISO 3166 alpha-3
            codes such as ``DEU`` or the IRIs).
        level: Actors at one of these levels: ``eu``, ``national``, ``regional``, ``local``.
        kind: Kinds of actors taking part: ``public-administration``, ``company``,
            ``research`` (university or research body), ``ngo``,
            ``international-organisation``, ``other``; ``public`` (public administrations,
            international organisations and actors of unknown kind) or ``any``. Empty: the
            analysis's default (``public`` for synergies and learning).
        technology: Initiatives using one of these technologies or a narrower one (IRIs or
            labels).
        policy_area: Initiatives in one of these policy areas or a narrower one (IRIs or labels).
        years: Initiatives whose start year is in this range (both ends included; ``None`` is
            open). Initiatives without a start year are left out when it is set.
        status: Initiatives with one of these statuses: ``planned``, ``in-development``,
            ``pilot``, ``implemented``, ``not-in-use``.
        actor: One actor (IRI or label): only its pairs.
        between: Two levels: only pairs of one actor at each (``("eu", "national")``).
    """

    country: tuple[str, ...] = ()
    level: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    technology: tuple[str, ...] = ()
    policy_area: tuple[str, ...] = ()
    years: tuple[int | None, int | None] | None = None
    status: tuple[str, ...] = ()
    actor: str | None = None
    between: tuple[str, str] | None = field(default=None)

    def __init__(self, **args: Unpack[FilterArgs]) -> None:
        unknown = set(args) - {f.name for f in fields(Filters)}
        if unknown:
            raise ConfigurationError(
                f"unknown filter(s) {', '.join(sorted(unknown))}; use "
                + ", ".join(f.name for f in fields(Filters))
            )
        kinds: list[str] = []
        for k in parse_many("kind", args.get("kind")):
            kinds.append(parse_choice("kind", k, {a: a for a in KIND_ALIASES}))
        normal = {
            "country": tuple(
                dict.fromkeys(parse_country(c) for c in parse_many("country", args.get("country")))
            ),
            "level": tuple(
                parse_choice("level", v, LEVELS) for v in parse_many("level", args.get("level"))
            ),
            "kind": tuple(dict.fromkeys(KIND_ALIASES[k] for k in kinds)),
            "technology": parse_many("technology", args.get("technology"), split=False),
            "policy_area": parse_many("policy_area", args.get("policy_area"), split=False),
            "years": parse_years(args.get("years")),
            "status": tuple(
                parse_choice("status", v, STATUSES)
                for v in parse_many("status", args.get("status"))
            ),
            "actor": (args.get("actor") or "").strip() or None,
            "between": parse_between(args.get("between")),
        }
        for name, value in normal.items():
            object.__setattr__(self, name, value)

    @classmethod
    def of(cls, filters: Filters | None = None, **args: Any) -> Filters:
        """Combine a ``Filters`` object and keyword filters (keywords win where both are set).

        Examples:
            >>> f = Filters.of(Filters(country="DEU"), status="pilot", years="2019-2022")
            >>> f.describe()
            'country DEU; started 2019–2022; status pilot'

        Raises:
            ConfigurationError: For an unknown filter name or a bad value.
        """
        given = {k: v for k, v in args.items() if v not in (None, (), [], "")}
        if filters is None:
            return cls(**given)
        if not given:
            return filters
        return cls(**{**filters.to_args(), **given})

    def to_args(self) -> dict[str, Any]:
        """The non-empty fields as keyword arguments (``Filters(**f.to_args()) == f``).

        Examples:
            >>> Filters(level="eu", years="2021-").to_args()
            {'level': ('eu',), 'years': (2021, None)}
        """
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    def only(self, names: Iterable[str]) -> Filters:
        """These filters with only the fields ``names`` kept (the others empty).

        >>> Filters(country="DEU", status="pilot").only(["status"]).to_args()
        {'status': ('pilot',)}
        """
        wanted = set(names)
        return Filters(**{k: v for k, v in self.to_args().items() if k in wanted})

    def refuse_others(self, fitting: Sequence[str], *, what: str, why: str) -> None:
        """Refuse the fields set outside ``fitting``, naming the filters to use instead.

        Examples:
            >>> Filters(level="eu").refuse_others(
            ...     ("country", "technology"), what="funding shares", why="they count every case"
            ... )
            Traceback (most recent call last):
            ...
            govgraph.ConfigurationError: level= cannot narrow funding shares: they count every ...

        Raises:
            ConfigurationError: ``level= cannot narrow {what}: {why}; use country=, ...``.
        """
        refused = [name for name in self.to_args() if name not in fitting]
        if refused:
            use = ", ".join(f"{name}=" for name in fitting[:-1]) + f" or {fitting[-1]}="
            raise ConfigurationError(
                f"{', '.join(f'{name}=' for name in refused)} cannot narrow {what}: {why}; "
                f"use {use}"
            )

    def refuse_between(self, *, why: str) -> None:
        """Refuse ``between`` where results are not pairs, naming ``level=`` to use instead.

        ``why`` says what the results are (``gaps are per actor``).

        Raises:
            ConfigurationError: ``between='eu,national' pairs actors of two levels; {why}:
                use level= (e.g. level='eu,national') instead``.

        Examples:
            >>> Filters(between="eu,national").refuse_between(why="gaps are per actor")
            Traceback (most recent call last):
            ...
            govgraph.ConfigurationError: between='eu,national' pairs actors of two levels; gaps are per actor: use level= (e.g. level='eu,national') instead
        """
        if self.between:
            both = ",".join(self.between)
            raise ConfigurationError(
                f"between={both!r} pairs actors of two levels; {why}: use level= (e.g. "
                f"level={both!r}) instead"
            )

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict of every field (tuples as lists).

        Examples:
            >>> Filters(level="eu").to_dict()["level"]
            ['eu']
        """
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = list(value) if isinstance(value, tuple) else value
        return out

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    def describe(self) -> str:
        """The filters in words, for titles and reports (``""`` when there are none).

        Examples:
            >>> Filters(country="AUT", between="eu,national").describe()
            'country AUT; between eu and national'
            >>> Filters().describe()
            ''
        """
        parts: list[str] = []
        if self.country:
            parts.append("country " + ", ".join(c.rsplit("/", 1)[-1] for c in self.country))
        if self.level:
            parts.append("level " + ", ".join(self.level))
        if self.kind:
            parts.append("kind " + ", ".join(self.kind))
        if self.technology:
            parts.append("technology " + ", ".join(self.technology))
        if self.policy_area:
            parts.append("policy area " + ", ".join(self.policy_area))
        if self.years:
            start, end = self.years
            parts.append(f"started {start or '…'}–{end or '…'}")
        if self.status:
            parts.append("status " + ", ".join(self.status))
        if self.actor:
            parts.append(f"actor {self.actor}")
        if self.between:
            parts.append(f"between {self.between[0]} and {self.between[1]}")
        return "; ".join(parts)

    @property
    def initiative_filters(self) -> bool:
        """True when a filter restricts the initiatives (technology, policy area, years, status).

        Examples:
            >>> Filters(years="2019-").initiative_filters, Filters(country="DEU").initiative_filters
            (True, False)
        """
        return bool(self.technology or self.policy_area or self.years or self.status)


@dataclass(frozen=True)
class Selection:
    """Filters looked up in one store: what an analysis keeps.

    Attributes:
        filters: The filters this came from.
        initiatives: The initiatives kept (``None``: every initiative).
        actors: The actors allowed to take part (by kind).
        focus: The actors a pair must include one of (``None``: any allowed actor): those in the
            countries, at the levels and the actor asked for.
        sides: For ``between``: the actors allowed on each side.
        actor: The IRI of the actor asked for (``None`` when none).
    """

    filters: Filters
    initiatives: frozenset[str] | None
    actors: frozenset[str]
    focus: frozenset[str] | None
    sides: tuple[frozenset[str], frozenset[str]] | None = None
    actor: str | None = None

    def keeps_pair(self, a: str, b: str) -> bool:
        """True when the pair ``a``, ``b`` passes the actor filters (order does not matter).

        Examples:
            >>> chosen = Selection(Filters(actor="ex:a"), initiatives=None,
            ...                    actors=frozenset({"ex:a", "ex:b", "ex:c"}),
            ...                    focus=frozenset({"ex:a"}))
            >>> chosen.keeps_pair("ex:b", "ex:a"), chosen.keeps_pair("ex:b", "ex:c")  # no ex:a
            (True, False)
        """
        if a not in self.actors or b not in self.actors:
            return False
        if self.focus is not None and a not in self.focus and b not in self.focus:
            return False
        if self.sides is not None:
            left, right = self.sides
            if not ((a in left and b in right) or (b in left and a in right)):
                return False
        return True

    def keeps_initiative(self, initiative: str | None) -> bool:
        """True when ``initiative`` passes the initiative filters.

        ``None`` (facts not tied to an initiative) passes only when no initiative filter is set.

        Examples:
            >>> chosen = Selection(Filters(status="pilot"), initiatives=frozenset({"ex:i3"}),
            ...                    actors=frozenset(), focus=None)
            >>> chosen.keeps_initiative("ex:i3"), chosen.keeps_initiative("ex:i1")
            (True, False)
            >>> every = Selection(Filters(), initiatives=None, actors=frozenset(), focus=None)
            >>> chosen.keeps_initiative(None), every.keeps_initiative(None)
            (False, True)
        """
        if self.initiatives is None:
            return True
        return initiative is not None and initiative in self.initiatives
