"""The examples in the docstrings of public methods run, as the module examples do.

pytest's ``--doctest-modules`` finds the examples of a public class (its ``__module__`` is the
public package) but not those of its methods: doctest takes a function as part of a module only
when the function's globals are that module's, and the methods are defined in the private
module behind it. An example of ``ValidationReport.to_graph`` was wrong for that reason and
nobody saw it. The methods are found from the public modules' ``__all__``; an example that
needs a service is left to the tests that start one (as in the root ``conftest.py``).
"""

from __future__ import annotations

import doctest
import functools
import importlib
import inspect
import pkgutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import govgraph

#: Text in an example that means it needs a service (as in the root conftest.py).
NEEDS_SERVICES = ("GovGraph.connect(", ".reason(", "serve(", "SparqlEndpointStore(")


def _public_modules() -> list[str]:
    names = ["govgraph"]
    for info in pkgutil.walk_packages(govgraph.__path__, "govgraph."):
        if not any(part.startswith("_") for part in info.name.split(".")[1:]):
            names.append(info.name)
    return names


def _methods(*, with_examples: bool = True) -> Iterator[tuple[str, Callable[..., Any]]]:
    """Public methods (own and from govgraph mixins); only those with examples by default."""
    seen: set[int] = set()
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            cls = getattr(module, name, None)
            if not inspect.isclass(cls) or id(cls) in seen:
                continue
            seen.add(id(cls))
            # its own methods and those of govgraph's mixins it inherits (GovGraph's imports,
            # analyses and outputs), each once
            members = {}
            for base in reversed(cls.__mro__):
                if base.__module__.startswith("govgraph"):
                    members.update(vars(base))
            for attr, member in members.items():
                func = member.__func__ if isinstance(member, staticmethod | classmethod) else member
                if isinstance(func, property):
                    func = func.fget
                if isinstance(func, functools.cached_property):  # Facts' lazily read facts
                    func = func.func
                if attr.startswith("_") or not inspect.isfunction(func):
                    continue
                if not with_examples or ">>>" in (func.__doc__ or ""):
                    yield f"{module_name}.{name}.{attr}", func


def _functions() -> Iterator[tuple[str, Any]]:
    """Public functions of the public modules (cached ones included), each once."""
    seen: set[int] = set()
    for module_name in _public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name, None)
            if inspect.isclass(obj) or not callable(obj) or id(obj) in seen:
                continue
            if inspect.isfunction(inspect.unwrap(obj)):
                seen.add(id(obj))
                yield f"{module_name}.{name}", obj


METHODS = sorted(_methods(), key=lambda m: m[0])


def test_the_methods_with_examples_are_found() -> None:
    found = {name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1] for name, _ in METHODS}
    # a few known ones: if none were found, the test below would pass on nothing
    assert {"ValidationReport.to_graph", "Store.triple_values", "Filters.only"} <= found
    assert {"GovGraph.load", "GovGraph.import_cofog"} <= found  # own and inherited methods


@pytest.mark.parametrize(("name", "method"), METHODS, ids=[m[0] for m in METHODS])
def test_method_examples_run(
    name: str, method: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # folders an example makes with tempfile go under pytest's own (cleaned up) folder
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    tests = doctest.DocTestFinder(recurse=False).find(method, name, globs=dict(method.__globals__))
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in tests:
        if any(marker in ex.source for ex in test.examples for marker in NEEDS_SERVICES):
            pytest.skip("the example needs a service; tests/ covers it with the real one")
        runner.run(test, out=report.append)
    assert runner.tries > 0
    assert runner.failures == 0, "".join(report)


def test_every_public_function_and_method_has_an_example() -> None:
    # pyoxigraph's bar: a reader of any public method sees it used, and the example runs (the
    # test above for methods, --doctest-modules for functions)
    missing = [
        name
        for name, func in [*_methods(with_examples=False), *_functions()]
        if ">>>" not in (func.__doc__ or "")
    ]
    assert missing == [], "public functions and methods without an example: " + ", ".join(missing)
    assert len(list(_functions())) > 80  # the walk finds them (a broken walk would pass)
