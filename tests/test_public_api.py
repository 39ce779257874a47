"""The public API, derived from the packages themselves (no copied list of names).

Every public package (``govgraph`` and each subpackage without a private component) declares
its names in ``__all__``; its namespace holds nothing else that looks public; each exported class
and function shows its public home in ``__module__`` (so ``repr``, ``help()`` and pickles name
``govgraph.analysis.Synergy``, not a private module), has a docstring, and every exported
exception belongs to the documented tree under :class:`govgraph.GovGraphError`.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pytest

import govgraph

ROOT = Path(__file__).resolve().parents[1]


def _is_private(name: str) -> bool:
    return any(p.startswith("_") and not p.startswith("__") for p in name.split("."))


def _public_packages() -> list[ModuleType]:
    found = [govgraph]
    for info in pkgutil.walk_packages(govgraph.__path__, prefix="govgraph."):
        if info.ispkg and not _is_private(info.name):
            found.append(importlib.import_module(info.name))
    return found


PACKAGES = _public_packages()
IDS = [p.__name__ for p in PACKAGES]


def test_the_public_packages_are_found() -> None:
    names = set(IDS)
    for expected in ("govgraph.io", "govgraph.store", "govgraph.analysis", "govgraph.cli"):
        assert expected in names


@pytest.mark.parametrize("package", PACKAGES, ids=IDS)
def test_all_is_the_public_namespace(package: ModuleType) -> None:
    exported = list(package.__all__)
    assert len(exported) == len(set(exported)), "duplicates in __all__"
    for name in exported:
        assert hasattr(package, name), f"{package.__name__}.{name} is in __all__ but missing"
    looks_public = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    declared = {name for name in exported if not name.startswith("_")}  # __version__ is dunder
    assert looks_public == declared, (
        f"{package.__name__}: names that look public but are not in __all__: "
        f"{sorted(looks_public - declared)}; in __all__ only: {sorted(declared - looks_public)}"
    )


@pytest.mark.parametrize("package", PACKAGES, ids=IDS)
def test_exported_names_show_their_public_module(package: ModuleType) -> None:
    for name in package.__all__:
        obj = getattr(package, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        module = obj.__module__
        if not module.startswith("govgraph"):
            continue  # a re-exported third-party name (rdflib namespaces)
        assert not _is_private(module), f"{package.__name__}.{name}.__module__ is {module}"
        assert not _is_private(repr(obj).split(" at 0x")[0]), repr(obj)
        if module == package.__name__:
            continue
        home = importlib.import_module(module)  # re-exported from another public package
        assert getattr(home, name, None) is obj, f"{module}.{name} is not {package.__name__}.{name}"


def _public_modules() -> list[ModuleType]:
    found = [govgraph]
    for info in pkgutil.walk_packages(govgraph.__path__, prefix="govgraph."):
        if not _is_private(info.name):
            found.append(importlib.import_module(info.name))
    return found


@pytest.mark.parametrize("module", _public_modules(), ids=lambda m: m.__name__)
def test_no_exported_name_shows_a_private_module(module: ModuleType) -> None:
    """Public modules too (govgraph.io.pstw), and cached functions (functools.cache)."""
    for name in getattr(module, "__all__", ()):
        obj = getattr(module, name)
        home = getattr(obj, "__module__", None)
        if not isinstance(home, str) or not home.startswith("govgraph"):
            continue  # instances of a class, third-party names
        if inspect.isclass(obj) or callable(obj):
            assert not _is_private(home), f"{module.__name__}.{name}.__module__ is {home}"
            shown = repr(obj).split(" at 0x")[0]
            assert "govgraph" not in shown or not _is_private(shown), shown


@pytest.mark.parametrize("package", PACKAGES, ids=IDS)
def test_exported_names_are_documented(package: ModuleType) -> None:
    assert package.__doc__, f"{package.__name__} has no docstring"
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{package.__name__}.{name} has no docstring"


@pytest.mark.parametrize("name", ["govgraph.demo", "govgraph.namespace"])
def test_public_modules_export_documented_names(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    for exported in module.__all__:
        obj = getattr(module, exported)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name}.{exported} has no docstring"


@pytest.mark.parametrize("package", PACKAGES, ids=IDS)
def test_exceptions_belong_to_the_documented_tree(package: ModuleType) -> None:
    for name in package.__all__:
        obj = getattr(package, name)
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            assert issubclass(obj, govgraph.GovGraphError), f"{package.__name__}.{name}"


def test_every_exception_of_the_tree_is_exported_at_the_top() -> None:
    def tree(cls: type) -> set[type]:
        return {cls}.union(*(tree(sub) for sub in cls.__subclasses__()))

    exported = {getattr(govgraph, n) for n in govgraph.__all__}
    for cls in tree(govgraph.GovGraphError):
        if cls.__module__.startswith("govgraph") and not _is_private(cls.__module__):
            assert cls in exported or cls.__module__ != "govgraph", cls


def test_facade_methods_are_documented() -> None:
    methods = [n for n in dir(govgraph.GovGraph) if not n.startswith("_")]
    assert {"load", "query", "synergies", "clusters", "report", "serve"} <= set(methods)
    for name in methods:
        member = getattr(govgraph.GovGraph, name)
        if callable(member):
            assert inspect.getdoc(member), f"GovGraph.{name} has no docstring"


def test_api_page_covers_every_public_package() -> None:
    page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: (govgraph[\w.]*)$", page, flags=re.M))
    for package in PACKAGES:
        if package.__name__ == "govgraph.cli":
            continue  # documented in docs/cli.md (generated)
        assert package.__name__ in documented, f"docs/api.md lacks ::: {package.__name__}"


def test_version_comes_from_metadata() -> None:
    from importlib.metadata import version

    assert govgraph.__version__ == version("govgraph")
