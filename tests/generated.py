"""The benchmark generator (``benchmarks/generate.py``) for tests that need generated graphs.

It is a script, not part of the package; this module loads it once under one name.
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

__all__ = ["generator"]

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@cache
def generator() -> ModuleType:
    """The module ``benchmarks/generate.py`` (``generate_lines``, ``generate_text``...)."""
    spec = importlib.util.spec_from_file_location("govgraph_bench_generate", _PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
