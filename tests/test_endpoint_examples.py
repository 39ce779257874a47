"""The examples of ``SparqlEndpointStore`` run against a real Virtuoso, not only read.

The docstring examples of the endpoint store need a server, so the doctest runs skip them
(``conftest.py``, ``tests/test_method_examples.py``). Here each one runs as written against the
throw-away Virtuoso of ``tests/conftest.py``: its URL replaces ``http://127.0.0.1:8890/sparql``
and a graph of its own replaces ``https://example.org/graph/gov``, so every example starts from
an empty graph as a reader's would.
"""

from __future__ import annotations

import doctest
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govgraph.store import SparqlEndpointStore

EXAMPLE_URL = "http://127.0.0.1:8890/sparql"
EXAMPLE_GRAPH = "https://example.org/graph/gov"


def _examples() -> dict[str, Callable[..., Any]]:
    found = {}
    members: dict[str, Any] = {}
    for base in reversed(SparqlEndpointStore.__mro__):  # its own and its query side's
        if base.__module__.startswith("govgraph"):
            members.update(vars(base))
    for name, member in members.items():
        func = member.fget if isinstance(member, property) else member
        if callable(func) and EXAMPLE_URL in (func.__doc__ or ""):
            found[name] = func
    return found


EXAMPLES = _examples()


def test_the_examples_that_need_an_endpoint_are_found() -> None:
    assert {"dialect", "query", "update", "add_quads", "load_quads", "count", "clear"} <= set(
        EXAMPLES
    )


@pytest.mark.virtuoso
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_endpoint_store_example_runs_on_virtuoso(
    name: str, virtuoso: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    func = EXAMPLES[name]
    text = (func.__doc__ or "").replace(EXAMPLE_URL, virtuoso.query_url)
    text = text.replace(EXAMPLE_GRAPH, f"https://example.org/graph/example-{name}")
    test = doctest.DocTestParser().get_doctest(
        text, dict(func.__globals__), f"SparqlEndpointStore.{name}", None, 0
    )
    assert test.examples, name
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
