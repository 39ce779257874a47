"""The filter options (``--country``, ``--level`` ...), declared once for every command.

:func:`filter_options` adds one option per field of :class:`govgraph.analysis.Filters` to a
command, in place of its ``filters`` parameter, and hands the command the ``Filters`` built from
them, so every command spells and reads the filters the same way as the library does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer

from ..analysis import COUNTRY_FILTERS, GOVERNANCE_FILTERS, KINDS, LEVELS, STATUSES, Filters
from ._common import err_console
from ._groups import option_group

__all__ = [
    "capacity_filters",
    "country_filter_options",
    "filter_options",
    "gap_filter_options",
    "gaps_title",
    "governance_filters",
    "partner_filter_options",
]

_PANEL = "Filters"


def _option(flag: str, help: str, *, many: bool = True) -> Any:
    """One filter option: repeatable (values also comma-separated) unless ``many=False``."""
    kind = list[str] | None if many else str | None
    option = typer.Option(flag, help=help, rich_help_panel=_PANEL, show_default=False)
    return Annotated[kind, option]


#: One typer option per field of Filters (same names; multiple values repeat the option or
#: are separated by commas).
FILTER_OPTIONS: dict[str, Any] = {
    "country": _option(
        "--country",
        "Actors in these countries: ISO 3166 alpha-3 codes (DEU) or EU country IRIs.",
    ),
    "level": _option("--level", f"Actors at these levels: {', '.join(LEVELS)}."),
    "kind": _option(
        "--kind", f"Kinds of actors taking part: {', '.join(KINDS)}; public (default) or any."
    ),
    "technology": _option(
        "--technology", "Initiatives using this technology or a narrower one (IRI or label)."
    ),
    "policy_area": _option(
        "--policy-area", "Initiatives in this policy area or a narrower one (IRI or label)."
    ),
    "years": _option(
        "--years",
        "Initiatives started in these years: 2019-2022, 2019-, -2022 or 2020.",
        many=False,
    ),
    "status": _option("--status", f"Initiatives with this status: {', '.join(STATUSES)}."),
    "actor": _option(
        "--actor", "Only this actor's pairs (IRI or label; 'Ministry of Justice (AT)').", many=False
    ),
    "between": _option(
        "--between", "Only pairs of one actor at each of two levels, e.g. eu,national.", many=False
    ),
}

#: Give a command the filter options; it receives them as ``filters: Filters``.
filter_options = option_group("filters", FILTER_OPTIONS, Filters.of, last=True)

#: The filters of the partner listings (``govgraph partners``, with ``--dependence`` too): no
#: ``--between`` (it pairs actors; partners and dependence are listed one by one).
PARTNER_FILTER_OPTIONS: dict[str, Any] = {
    **{name: option for name, option in FILTER_OPTIONS.items() if name != "between"},
    "actor": _option("--actor", "Only the cases this actor leads (IRI or label).", many=False),
}

#: Give ``govgraph partners`` its filter options; it receives them as ``filters: Filters``.
partner_filter_options = option_group("filters", PARTNER_FILTER_OPTIONS, Filters.of, last=True)

#: The filters of the per-actor gap listings (``govgraph gaps``): no ``--between`` (it pairs
#: actors), and the kind of actor is ``--actor-kind`` there (``--kind`` chooses the gaps).
GAP_FILTER_OPTIONS: dict[str, Any] = {
    "country": FILTER_OPTIONS["country"],
    "level": FILTER_OPTIONS["level"],
    "actor_kind": _option(
        "--actor-kind",
        f"Kinds of actors listed: {', '.join(KINDS)}; public (default) or any.",
    ),
    "technology": _option(
        "--technology",
        "Only the skills that initiatives using this technology (or a narrower one) need.",
    ),
    "policy_area": FILTER_OPTIONS["policy_area"],
    "years": FILTER_OPTIONS["years"],
    "status": FILTER_OPTIONS["status"],
    "actor": _option(
        "--actor", "Only this actor (IRI or label; 'Ministry of Justice (AT)').", many=False
    ),
}


def _gap_filters(*, actor_kind: list[str] | None = None, **others: Any) -> Filters:
    """The ``Filters`` of the gap options (``--actor-kind`` is the ``kind`` filter)."""
    return Filters.of(kind=actor_kind, **others)


#: Give ``govgraph gaps`` its filter options; it receives them as ``filters: Filters``.
gap_filter_options = option_group("filters", GAP_FILTER_OPTIONS, _gap_filters, last=True)


#: The filters of the listings per country of initiatives (``govgraph funding``): a country's
#: initiatives whoever leads them, so no actor filters.
COUNTRY_FILTER_OPTIONS: dict[str, Any] = {
    "country": _option(
        "--country",
        "Initiatives in these countries: ISO 3166 alpha-3 codes (DEU) or EU country IRIs.",
    ),
    "technology": FILTER_OPTIONS["technology"],
    "policy_area": FILTER_OPTIONS["policy_area"],
    "years": FILTER_OPTIONS["years"],
    "status": FILTER_OPTIONS["status"],
}

#: Give a per-country listing its filter options; it receives them as ``filters: Filters``.
country_filter_options = option_group("filters", COUNTRY_FILTER_OPTIONS, Filters.of, last=True)


def _fitting_filters(
    filters: Filters | None, fitting: Sequence[str], gaps: str, why: str
) -> Filters | None:
    """The filters of ``gaps`` among ``fitting``; a note on stderr names the others."""
    if not filters:
        return None
    given = filters.to_args()
    dropped = [name for name in given if name not in fitting]
    if dropped:
        flags = ", ".join(
            "--actor-kind" if n == "kind" else f"--{n.replace('_', '-')}" for n in dropped
        )
        it = "it" if len(dropped) == 1 else "them"
        err_console.print(f"{flags}: not for {gaps} ({why}); the {gaps} are listed without {it}.")
    return filters.only(fitting) or None


def capacity_filters(filters: Filters | None) -> Filters | None:
    """The filters of ``gaps`` that narrow capacity gaps; a note names the others."""
    return _fitting_filters(
        filters,
        COUNTRY_FILTERS,
        "capacity gaps",
        "they compare countries, counting every case of a country whoever leads it",
    )


def governance_filters(filters: Filters | None) -> Filters | None:
    """The filters of ``gaps`` that narrow governance gaps; a note names the others."""
    return _fitting_filters(
        filters,
        GOVERNANCE_FILTERS,
        "governance gaps",
        "a policy has owners, a policy area and a start year, no technology, status or kind",
    )


def gaps_title(
    skills: Filters | None, capacity: Filters | None, governance: Filters | None = None
) -> str:
    """``Gaps`` with the filters that narrowed each list."""
    parts = []
    if skills:
        parts.append(f"skill gaps and no inventory: {skills.describe()}")
    if capacity:
        parts.append(f"capacity: {capacity.describe()}")
    if governance:
        parts.append(f"governance: {governance.describe()}")
    return "Gaps" + (f" ({'; '.join(parts)})" if parts else "")
