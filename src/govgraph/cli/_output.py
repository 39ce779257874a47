"""``--output FILE`` and ``--format xlsx`` for the analysis commands, declared once.

:func:`output_option` gives a command an ``--output/-o`` option and remembers, while the command
runs, where its results go and what to say about them (the command, its data, its filters and
options) in the readme sheet of a workbook. :func:`write_workbook` writes the workbook with
:func:`govgraph.io.write_tables`; :func:`to_output` sends printed CSV or JSON to the file.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import inspect
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, redirect_stdout
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar, get_type_hints

import typer

from .._exceptions import ConfigurationError
from ._common import err_console

__all__ = ["OutputOpt", "output_option", "output_path", "to_output", "write_workbook"]

_F = TypeVar("_F", bound=Callable[..., Any])

OutputOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of the terminal (csv, json; needed for xlsx).",
        dir_okay=False,
        show_default=False,
    ),
]


@dataclass
class _Target:
    output: Path | None
    about: dict[str, Any] = field(default_factory=dict)


_TARGET: ContextVar[_Target | None] = ContextVar("govgraph_output", default=None)
_SKIPPED = {"store", "endpoint", "update_endpoint", "graph", "raw_csv", "format", "data", "table"}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(_plain(v)) for v in value)
    return value


def output_option(command: _F) -> _F:
    """Give ``command`` an ``--output/-o`` option (it does not receive it as a parameter)."""
    signature = inspect.signature(command, eval_str=True)
    hints = get_type_hints(command, include_extras=True)
    name = command.__name__.removesuffix("_cmd")

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        output = kwargs.pop("output", None)
        data = kwargs.get("data")
        filters = kwargs.get("filters")
        about: dict[str, Any] = {"command": f"govgraph {name}"}
        source = data or kwargs.get("store") or kwargs.get("endpoint")
        if source:
            about["data"] = _plain(source)
        if "filters" in kwargs:
            about["filters"] = (filters.describe() if filters else "") or "none"
        options = {
            k: _plain(v)
            for k, v in kwargs.items()
            if k not in _SKIPPED and k != "filters" and v not in (None, False, "", [], ())
        }
        if options:
            about["options"] = "; ".join(f"{k.replace('_', '-')}={v}" for k, v in options.items())
        token = _TARGET.set(_Target(output=output, about=about))
        try:
            return command(*args, **kwargs)
        finally:
            _TARGET.reset(token)

    parameters = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in signature.parameters.values()
    ]
    parameters.append(
        inspect.Parameter(
            "output", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=OutputOpt
        )
    )
    run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {**hints, "output": OutputOpt}
    return run  # type: ignore[return-value]


def output_path() -> Path | None:
    """The ``--output`` file of the running command (``None``: the terminal)."""
    target = _TARGET.get()
    return target.output if target else None


@contextmanager
def to_output(output: Path | None = None) -> Iterator[None]:
    """Send what the block prints to ``output`` (default: ``--output``), written atomically."""
    path = output if output is not None else output_path()
    if path is None:
        yield
        return
    from ..io import open_atomic

    with open_atomic(path) as handle, redirect_stdout(handle):
        yield
    err_console.print(f"Wrote {path}")


def write_workbook(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    output: Path | None = None,
    *,
    readme: Mapping[str, Any] | None = None,
    columns: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write an xlsx workbook: a readme sheet (command, data, filters, tables), then the tables.

    Args:
        tables: Sheet name to rows.
        output: The file (default: ``--output``).
        readme: More ``{field: value}`` lines for the readme sheet.
        columns: Columns per sheet (default: the keys of its rows).

    Raises:
        ConfigurationError: No output file was given.
    """
    from .. import __version__
    from ..io import write_tables

    target = _TARGET.get()
    path = output if output is not None else (target.output if target else None)
    if path is None:
        raise ConfigurationError("--format xlsx needs --output FILE.xlsx (a spreadsheet is binary)")
    about = {
        **(target.about if target else {}),
        **(readme or {}),
        "tables": ", ".join(f"{name} ({len(rows)} rows)" for name, rows in tables.items()),
        "generated": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "written by": f"govgraph {__version__}",
    }
    write_tables(tables, path, readme=about, columns=columns)
    err_console.print(f"Wrote {len(tables)} table(s) and a readme sheet to {path}")
