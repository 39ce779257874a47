"""Doctests of ``src/govgraph`` run under pytest (``--doctest-modules``, see pyproject.toml).

Examples that need a service (a SPARQL endpoint, Java for the OWL reasoner, a running server)
are skipped here; the test suite under ``tests/`` covers those with the real services.
"""

from __future__ import annotations

import doctest
import tempfile

import pytest

#: Text in an example that means it needs a service this run may not have.
NEEDS_SERVICES = ("GovGraph.connect(", ".reason(", "serve(", "SparqlEndpointStore(")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip the doctests that need a service."""
    for item in items:
        if not isinstance(item, pytest.DoctestItem):
            continue
        source = "".join(example.source for example in item.dtest.examples)  # type: ignore[union-attr]
        if any(marker in source for marker in NEEDS_SERVICES):
            for example in item.dtest.examples:  # type: ignore[union-attr]
                example.options[doctest.SKIP] = True  # as "# doctest: +SKIP" in the docstring


@pytest.fixture(autouse=True)
def _examples_write_under_pytest_tmp(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Folders an example makes with ``tempfile`` go under pytest's own (cleaned up) folder."""
    if isinstance(request.node, pytest.DoctestItem):
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path_factory.mktemp("example")))
