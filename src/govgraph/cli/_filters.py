"""The filter options (``--country``, ``--level`` ...), declared once for every command.

:func:`filter_options` adds one option per field of :class:`govgraph.analysis.Filters` to a
command and hands the command a ``filters`` argument built from them, so every command spells and
reads the filters the same way as the library does.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, TypeVar, get_type_hints

import typer

from ..analysis import KINDS, LEVELS, STATUSES, Filters

__all__ = ["filter_options"]

_F = TypeVar("_F", bound=Callable[..., Any])
_PANEL = "Filters"

#: One typer option per field of Filters (same names; multiple values repeat the option or
#: are separated by commas).
FILTER_OPTIONS: dict[str, Any] = {
    "country": Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            help="Actors in these countries: ISO 3166 alpha-3 codes (DEU) or EU country IRIs.",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "level": Annotated[
        list[str] | None,
        typer.Option(
            "--level",
            help=f"Actors at these levels: {', '.join(LEVELS)}.",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "kind": Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help=f"Kinds of actors taking part: {', '.join(KINDS)}; public (default) or any.",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "technology": Annotated[
        list[str] | None,
        typer.Option(
            "--technology",
            help="Initiatives using this technology or a narrower one (IRI or label).",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "policy_area": Annotated[
        list[str] | None,
        typer.Option(
            "--policy-area",
            help="Initiatives in this policy area or a narrower one (IRI or label).",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "years": Annotated[
        str | None,
        typer.Option(
            "--years",
            help="Initiatives started in these years: 2019-2022, 2019-, -2022 or 2020.",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "status": Annotated[
        list[str] | None,
        typer.Option(
            "--status",
            help=f"Initiatives with this status: {', '.join(STATUSES)}.",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "actor": Annotated[
        str | None,
        typer.Option(
            "--actor",
            help="Only this actor's pairs (IRI or label; 'Ministry of Justice (AT)').",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
    "between": Annotated[
        str | None,
        typer.Option(
            "--between",
            help="Only pairs of one actor at each of two levels, e.g. eu,national.",
            rich_help_panel=_PANEL,
            show_default=False,
        ),
    ],
}


def filter_options(command: _F) -> _F:
    """Give ``command`` the filter options; it receives them as ``filters: Filters``.

    Raises:
        TypeError: When ``command`` has no ``filters`` parameter (a programming error).
    """
    signature = inspect.signature(command, eval_str=True)
    if "filters" not in signature.parameters:
        raise TypeError(f"{command.__name__} needs a 'filters' parameter")
    hints = get_type_hints(command, include_extras=True)
    kept = [p for p in signature.parameters.values() if p.name != "filters"]
    added = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=hint)
        for name, hint in FILTER_OPTIONS.items()
    ]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        given = {name: kwargs.pop(name, None) for name in FILTER_OPTIONS}
        kwargs["filters"] = Filters.of(**given)
        return command(*args, **kwargs)

    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[
            *[p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in kept],
            *added,
        ]
    )
    hints.pop("filters", None)
    run.__annotations__ = {**hints, **FILTER_OPTIONS}
    return run  # type: ignore[return-value]
