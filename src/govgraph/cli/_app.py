"""The typer application, error handling and command registration.

The CLI only parses arguments and prints; the work is done by the library. Exit codes follow
pySHACL: 0 success / conforms, 1 findings (violations, inconsistency), 2 any error. Errors are one
readable line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import click
import typer

from .. import __version__
from .._exceptions import GovGraphError

__all__ = ["app", "main", "state", "with_flags"]

# Typer >= 0.29 vendors its own copy of click (``typer._click``); catch both families.
_USAGE_ERRORS: tuple[type[Exception], ...] = (click.ClickException,)
_EXITS: tuple[type[Exception], ...] = (click.exceptions.Exit, typer.Exit)
_ABORTS: tuple[type[BaseException], ...] = (click.exceptions.Abort, typer.Abort)
try:  # pragma: no cover - depends on the installed typer
    from typer._click import exceptions as _vendored

    _USAGE_ERRORS += (_vendored.ClickException,)
except ImportError:  # pragma: no cover
    pass

app = typer.Typer(
    name="govgraph",
    help="Knowledge graphs for public governance: validate, analyse, reason, publish.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class _State:
    debug: bool = False
    quiet: bool = False


state = _State()


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"govgraph {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or decorations.")
    ] = False,
) -> None:
    """Knowledge graphs for public governance: validate, analyse, reason, publish."""
    state.debug = debug
    state.quiet = quiet


# Command modules register themselves on ``app`` when imported. Add yours here.
_COMMAND_MODULES = [
    "govgraph.cli.core",
    "govgraph.cli.load",
    "govgraph.cli.serve",
    "govgraph.cli.report",
    "govgraph.cli.analysis",
    "govgraph.cli.gaps",
    "govgraph.cli.learning",
    "govgraph.cli.partners",
    "govgraph.cli.change",
    "govgraph.cli.export",
    "govgraph.cli.reason",
    "govgraph.cli.imports",
    "govgraph.cli.demo",
]


def _register() -> None:
    for name in _COMMAND_MODULES:
        importlib.import_module(name)
    # A module imported earlier (a test, a plugin) registers its commands first; list them in
    # the order of _COMMAND_MODULES all the same, so --help and docs/cli.md never depend on it.
    order = {name: i for i, name in enumerate(_COMMAND_MODULES)}
    app.registered_commands.sort(
        key=lambda info: order.get(getattr(info.callback, "__module__", ""), len(order))
    )
    groups = [group.typer_instance for group in app.registered_groups if group.typer_instance]
    for info in [c for t in (app, *groups) for c in t.registered_commands]:
        if info.help is None and info.callback is not None:
            info.help = reflow(inspect.getdoc(info.callback) or "")


def reflow(text: str) -> str:
    r"""Join the lines of each paragraph of a command's docstring, so the terminal wraps them.

    Typer keeps a help text's single line breaks, so a docstring wrapped at 100 columns came out
    ragged in an 80-column terminal. List items (``- ``) keep their own lines; a paragraph
    with lines indented by four spaces (an example) or starting with ``\b`` is kept as written,
    as is what follows ``\f``.

    Examples:
        >>> reflow("Find pairs.\n\nPairs that work together\nare left out.\n- one\n  more")
        'Find pairs.\n\nPairs that work together are left out.\n- one more'
    """
    head, cut, tail = text.partition("\f")
    paragraphs: list[str] = []
    for paragraph in head.split("\n\n"):
        lines = paragraph.split("\n")
        if paragraph.startswith("\b") or any(line.startswith("    ") for line in lines):
            paragraphs.append(paragraph)  # written line by line on purpose, or an example
            continue
        joined: list[str] = []
        for line in lines:
            stripped = line.strip()
            if joined and not stripped.startswith("- "):
                # a path or list cut after its slash (JSON-LD/ RDF/XML) joins without a space
                joined[-1] += ("" if joined[-1].endswith("/") else " ") + stripped
            else:
                joined.append(stripped)
        paragraphs.append("\n".join(joined))
    return "\n\n".join(paragraphs) + cut + tail


#: Python options whose command-line flag is not the option name with hyphens.
_FLAG_ALIASES = {
    "catalog_config": "--catalog",
    "allow_hosts": "--allow-host",
    "desi_indicators": "--desi-indicator",
}
_PYTHON_OPTION = re.compile(r"(?<![\w.])([a-z][a-z0-9_]*)=")


def _command_flags(args: tuple[str, ...]) -> frozenset[str]:
    """The long flags of the command ``args`` run (every command's when none is named)."""
    _register()
    command: Any = typer.main.get_command(app)
    for token in args:
        sub = getattr(command, "commands", {}).get(token)
        if sub is not None:
            command = sub
        elif not token.startswith("-"):
            break
    todo, flags = [command], set()
    while todo:
        current = todo.pop()
        flags |= {o for p in getattr(current, "params", ()) for o in getattr(p, "opts", ())}
        todo += getattr(current, "commands", {}).values()
    return frozenset(f for f in flags if f.startswith("--"))


def with_flags(message: str, args: Sequence[str] = ()) -> str:
    """Add the command-line flags of the Python options a library error names (``name=``).

    Library errors name Python options (``force=True``), never flags: the library does not
    know how it was called. The command line adds the flags (of the command ``args`` run) when
    it reports them.

    Examples:
        >>> with_flags("3 files exist; pass force=True to overwrite", ["export"])
        '3 files exist; pass force=True to overwrite (on the command line: --force)'
    """
    known = _command_flags(tuple(args))
    flags: list[str] = []
    for name in _PYTHON_OPTION.findall(message):
        flag = _FLAG_ALIASES.get(name, "--" + name.replace("_", "-"))
        if flag in known and flag not in flags and flag not in message:
            flags.append(flag)
    return f"{message} (on the command line: {', '.join(flags)})" if flags else message


def _fail(message: str) -> int:
    sys.stderr.write(f"govgraph: error: {message}\n")
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (also used as the console script).

    Errors are printed as one line on stderr (``govgraph: error: ...``) and give exit code 2;
    findings (violations, an inconsistent ontology) give 1.

    Args:
        argv: The arguments after ``govgraph``; ``None`` reads ``sys.argv`` and exits with the
            code instead of returning it.

    Returns:
        The exit code: 0 success, 1 findings, 2 any error.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from govgraph.cli import main
        >>> main(["--version"])
        govgraph ...
        0
        >>> data = Path(tempfile.mkdtemp()) / "data.ttl"
        >>> _ = data.write_text('<https://example.org/a> <https://example.org/b> "c" .')
        >>> main(["query", str(data), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "-f", "csv"])
        n
        1
        0
        >>> main(["query", str(data), "SELEC nothing"])  # the error goes to stderr
        2

    Raises:
        SystemExit: When ``argv`` is ``None`` (the console script), with the exit code.
        GovGraphError: With ``--debug``, a library error is raised (with its traceback)
            instead of printed; so are ``OSError``, ``ValueError``, ``RuntimeError``,
            ``MemoryError`` and ``RecursionError``.
    """
    _register()
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    try:
        result = app(args=args, prog_name="govgraph", standalone_mode=False)
    except _EXITS as exc:
        code = int(getattr(exc, "exit_code", 0))
    except _ABORTS:
        code = _fail("aborted")
    except _USAGE_ERRORS as exc:
        # usage errors: keep click's own formatting (it names the bad option)
        exc.show()  # type: ignore[attr-defined]
        code = 2
    except GovGraphError as exc:
        if debug:
            raise
        code = _fail(with_flags(str(exc), args))
    except KeyboardInterrupt:
        code = _fail("interrupted")
    except (OSError, ValueError, RuntimeError, MemoryError, RecursionError) as exc:
        if debug:
            raise
        code = _fail(f"{type(exc).__name__}: {exc} (run with --debug for details)")
    else:
        code = result if isinstance(result, int) else 0
    if argv is None:
        sys.exit(code)
    return code
