"""The examples that need a service run against the real one, not only read.

Examples that need a SPARQL endpoint or Java are skipped by the doctest runs
(``conftest.py``, ``tests/test_method_examples.py``: the ``NEEDS_SERVICES`` markers). Here each
one runs as written: those of ``SparqlEndpointStore`` and ``GovGraph.connect`` against the
throw-away Virtuoso of ``tests/conftest.py`` (its URL replaces ``http://127.0.0.1:8890/sparql``
and a graph of its own replaces ``https://example.org/graph/gov``, so every example starts from
an empty graph, as a reader's would), those that reason with Java's HermiT. Only ``serve()``
examples stay unrun: they block until stopped (``tests/test_server.py`` starts the server).
"""

from __future__ import annotations

import doctest
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_method_examples import NEEDS_SERVICES, _functions, _methods

EXAMPLE_URL = "http://127.0.0.1:8890/sparql"
EXAMPLE_GRAPH = "https://example.org/graph/gov"


def _needing(marker: str) -> dict[str, Callable[..., Any]]:
    found = {}
    for name, func in [*_methods(), *_functions()]:
        source = "".join(
            example.source for example in doctest.DocTestParser().get_examples(func.__doc__ or "")
        )
        if marker in source and "serve(" not in source:  # serve() blocks: not run here
            found[name] = func
    return found


ENDPOINT = {**_needing("SparqlEndpointStore("), **_needing("GovGraph.connect(")}
JAVA = _needing(".reason(")


def _run(name: str, func: Callable[..., Any], text: str) -> None:
    test = doctest.DocTestParser().get_doctest(text, dict(func.__globals__), name, None, 0)
    assert test.examples, name
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)


def test_the_examples_that_need_a_service_are_found() -> None:
    assert set(NEEDS_SERVICES) == {
        "GovGraph.connect(",
        ".reason(",
        "serve(",
        "SparqlEndpointStore(",
    }
    names = {name.rsplit(".", 1)[-1] for name in ENDPOINT}
    assert {"dialect", "query", "update", "add_quads", "load_quads", "count", "connect"} <= names
    assert {name.rsplit(".", 1)[-1] for name in JAVA} >= {"reason"}
    assert len(JAVA) >= 2  # GovGraph.reason and reasoning.reason


@pytest.mark.virtuoso
@pytest.mark.parametrize("name", sorted(ENDPOINT))
def test_endpoint_example_runs_on_virtuoso(
    name: str, virtuoso: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    func = ENDPOINT[name]
    text = (func.__doc__ or "").replace(EXAMPLE_URL, virtuoso.query_url)
    text = text.replace(EXAMPLE_GRAPH, f"https://example.org/graph/example-{name}")
    _run(name, func, text)


@pytest.mark.java
@pytest.mark.parametrize("name", sorted(JAVA))
def test_reasoning_example_runs_with_java(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if shutil.which("java") is None:
        pytest.skip("needs Java for HermiT")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    _run(name, JAVA[name], JAVA[name].__doc__ or "")
