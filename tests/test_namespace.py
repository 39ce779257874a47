"""The closed GG namespace and the ontology list exactly the same terms."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rdflib import Graph, Literal, URIRef

from govgraph import namespace
from govgraph._resources import ontology_path
from govgraph.namespace import GG

REPO = Path(__file__).resolve().parents[1]
GG_NS = "https://w3id.org/govgraph#"


def _load_script(name: str) -> ModuleType:
    path = REPO / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_govgraph_script_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def test_gg_lists_exactly_the_ontology_terms(ontology: Graph) -> None:
    in_ontology = {
        str(s)[len(GG_NS) :]
        for s in ontology.subjects()
        if isinstance(s, URIRef) and str(s).startswith(GG_NS)
    }
    in_module = set(GG.__annotations__)
    assert in_module == in_ontology


def test_gg_is_closed() -> None:
    assert GG.Initiative == URIRef(GG_NS + "Initiative")
    assert GG.skill != GG.Skill
    with pytest.raises(AttributeError):
        _ = GG.Initiatve
    with pytest.raises(AttributeError):
        _ = GG["ledby"]


def test_generated_block_is_up_to_date(ontology: Graph) -> None:
    generator = _load_script("gen_namespace")
    source = Path(namespace.__file__).read_text(encoding="utf-8")
    assert generator.updated_module(source, generator.render(ontology)) == source


def test_reexported_namespaces() -> None:
    assert str(namespace.ORG) == "http://www.w3.org/ns/org#"
    assert namespace.CV.PublicOrganisation == URIRef("http://data.europa.eu/m8g/PublicOrganisation")
    assert namespace.ELI.LegalResource == URIRef("http://data.europa.eu/eli/ontology#LegalResource")
    assert namespace.ESCO.Skill == URIRef("http://data.europa.eu/esco/model#Skill")
    assert (
        URIRef("http://publications.europa.eu/resource/authority/country/DEU")
        == namespace.COUNTRY.DEU
    )
    assert namespace.COFOG["07"] == URIRef("http://linked.data.gov.au/def/cofog/07")
    for name in namespace.__all__:
        assert hasattr(namespace, name), name


def test_bind_prefixes_serialises_with_gg_prefix() -> None:
    graph = namespace.bind_prefixes(Graph())
    graph.add((URIRef("http://example.org/i"), GG.ledBy, URIRef("http://example.org/o")))
    text = graph.serialize(format="turtle")
    assert "@prefix gg: <https://w3id.org/govgraph#> ." in text
    assert "gg:ledBy" in text


def test_bind_prefixes_replaces_prefixes_already_used() -> None:
    """Regression: names computed before (rdflib caches them) kept rdflib's prefix, dcterms."""
    graph = Graph()
    graph.add((URIRef("http://example.org/i"), namespace.DCTERMS.title, Literal("A")))
    assert "dcterms:title" in graph.serialize(format="turtle")  # rdflib's own prefix
    text = namespace.bind_prefixes(graph).serialize(format="turtle")
    assert "dct:title" in text and "dcterms" not in text
    assert graph.qname(namespace.DCTERMS.title) == "dct:title"
