"""Groups of options declared once and handed to a command as one object.

A command declares one parameter (``filters: Filters | None``, ``source: Source``);
:func:`option_group` replaces it, in the same place, by one typer option per field and hands the
command the object built from them. Every command then spells, documents and reads the options
of a group the same way.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, get_type_hints

__all__ = ["option_group"]

_F = TypeVar("_F", bound=Callable[..., Any])


def option_group(
    parameter: str, options: Mapping[str, Any], build: Callable[..., Any], *, last: bool = False
) -> Callable[[_F], _F]:
    """A decorator that gives a command the ``options`` in place of its ``parameter``.

    Args:
        parameter: The command's parameter that receives ``build(**options given)``.
        options: Option name to its ``Annotated[type, typer.Option(...)]``; each defaults to
            ``None``.
        build: Makes the object from the options (by keyword).
        last: Put the options after every other parameter (options with a help panel of their
            own) instead of where ``parameter`` stands.

    Raises:
        TypeError: When the command has no such parameter (a programming error).
    """

    def decorate(command: _F) -> _F:
        signature = inspect.signature(command, eval_str=True)
        if parameter not in signature.parameters:
            raise TypeError(f"{command.__name__} needs a {parameter!r} parameter")
        hints = get_type_hints(command, include_extras=True)
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=a)
            for name, a in options.items()
        ]
        parameters: list[inspect.Parameter] = []
        for p in signature.parameters.values():
            if p.name != parameter:
                parameters.append(p.replace(kind=inspect.Parameter.KEYWORD_ONLY))
            elif not last:
                parameters += added
        if last:
            parameters += added

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            kwargs[parameter] = build(**{name: kwargs.pop(name, None) for name in options})
            return command(*args, **kwargs)

        run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        hints.pop(parameter, None)
        run.__annotations__ = {**hints, **options}
        return run  # type: ignore[return-value]

    return decorate
