"""Shapes that cannot be used give a govgraph error saying so, whichever engine runs them.

Regression: a malformed constraint (``sh:minCount "many"``) or a SHACL-SPARQL query that does
not parse escaped as pyshacl's ``ConstraintLoadError`` or pyparsing's ``ParseException``,
outside the documented exception tree (``validate()`` promises a ``ConfigurationError``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import govgraph
from govgraph import ConfigurationError
from govgraph.cli import main
from govgraph.validation import validate_graph

DATA = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://example.org/i> a gg:Initiative ; skos:prefLabel "Chatbot"@en .
"""
HEAD = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix gg: <https://w3id.org/govgraph#> .
<http://example.org/S> a sh:NodeShape ; sh:targetClass gg:Initiative ;
"""
BAD = {
    "min-count": (HEAD + 'sh:property [ sh:path gg:endYear ; sh:minCount "many" ] .', "minCount"),
    "sparql": (
        HEAD + 'sh:sparql [ sh:select "SELECT $this WHERE { $this <x> " ] .',
        "SHACL-SPARQL query does not parse",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_validate_graph_says_the_shapes_cannot_be_used(name: str) -> None:
    shapes, words = BAD[name]
    data = Graph().parse(data=DATA, format="turtle")
    with pytest.raises(ConfigurationError, match="the shapes cannot be used") as caught:
        validate_graph(data, shapes=Graph().parse(data=shapes, format="turtle"))
    assert words in str(caught.value)


@pytest.mark.parametrize("engine", ["auto", "pyshacl"])
@pytest.mark.parametrize("name", sorted(BAD))
def test_validate_with_extra_shapes(name: str, engine: str, tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(BAD[name][0], encoding="utf-8")
    kg = govgraph.GovGraph()
    kg.load(DATA, format="turtle")
    with pytest.raises(ConfigurationError, match="the shapes cannot be used"):
        kg.validate(shapes=[extra], engine=engine)


def test_cli_exits_2_with_the_reason(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    extra = tmp_path / "extra.ttl"
    extra.write_text(BAD["min-count"][0], encoding="utf-8")
    assert main(["validate", str(data), "--shapes", str(extra)]) == 2
    err = capsys.readouterr().err
    assert "the shapes cannot be used" in err and "minCount" in err
    assert "Traceback" not in err
