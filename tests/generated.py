"""Benchmark scripts the tests use: the generator (``benchmarks/generate.py``) for tests that
need generated graphs, ``benchmarks/determinism.py`` for its stores that hand query answers
over in another row order, and ``benchmarks/evaluate_tables.py`` for the tables of
``govgraph evaluate`` in the docs.

They are scripts, not part of the package; this module loads each once under one name.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

__all__ = ["determinism", "evaluate_tables", "generator"]

_BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@cache
def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        f"govgraph_bench_{name}", _BENCHMARKS / f"{name}.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def generator() -> ModuleType:
    """The module ``benchmarks/generate.py`` (``generate_lines``, ``generate_text``...)."""
    return _script("generate")


def determinism() -> ModuleType:
    """The module ``benchmarks/determinism.py`` (``permuted_store``...)."""
    return _script("determinism")


def evaluate_tables() -> ModuleType:
    """The module ``benchmarks/evaluate_tables.py`` (``tables``)."""
    return _script("evaluate_tables")
