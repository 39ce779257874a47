"""COFOG import and label matching."""

from __future__ import annotations

from rdflib import RDF, URIRef
from rdflib.namespace import SKOS

from govgraph.io import import_cofog
from govgraph.io.cofog import COFOG_SCHEME, cofog_index

COFOG = "http://linked.data.gov.au/def/cofog/"


def test_import_has_ten_divisions_with_clean_labels() -> None:
    result = import_cofog()
    g = result.graph
    assert result.counts["divisions"] == 10 and result.counts["concepts"] == 188
    tops = set(g.objects(COFOG_SCHEME, SKOS.hasTopConcept))
    assert len(tops) == 10
    assert (
        str(g.value(URIRef(COFOG + "0111"), SKOS.prefLabel)) == "Executive and legislative organs"
    )
    assert (URIRef(COFOG + "041"), SKOS.broader, URIRef(COFOG + "04")) in g
    assert (URIRef(COFOG + "04"), RDF.type, SKOS.Concept) in g
    assert import_cofog(max_level=1).counts["concepts"] == 10


def test_matching_rules() -> None:
    index = cofog_index()
    assert index.match("Unemployment.", level=2).concept == URIRef(COFOG + "105")
    assert index.match("  police SERVICES ", level=2).concept == URIRef(COFOG + "031")
    assert index.match("Economic affairs n.e.c", level=2).concept == URIRef(COFOG + "049")
    truncated = index.match("General economic, commercial and labour affair", level=2)
    assert truncated is not None and truncated.how == "prefix" and truncated.notation == "04.1"
    assert index.match("General", level=2) is None  # too short for a prefix match
    assert index.match("Spells", level=2) is None
    assert index.match("recreation, culture and religion", level=1).notation == "08"
