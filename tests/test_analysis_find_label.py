"""find() names a thing by the label the rest of govgraph gives it.

Regression: ``find`` took the preferred label that sorts first whatever its language, so the
example graph's European Commission (``"European Commission"@en`` and ``"Commission
européenne"@fr``) was found as "Commission européenne", its English name in neither ``label``
nor ``alt_labels``; ``Facts.labels`` prefers skos:prefLabel over rdfs:label, then English, then
untagged, then any language.
"""

from __future__ import annotations

import govgraph
from govgraph.analysis import Facts, find

EX = "http://example.org/"

LABELS = """
@prefix gg: <https://w3id.org/govgraph#> . @prefix ex: <http://example.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:agency a gg:PublicAdministration ; rdfs:label "Agence"@fr , "Agency label" ;
    skos:prefLabel "Tax agency"@de , "Tax agency"@en .
ex:office a gg:PublicAdministration ; rdfs:label "Office, Belastingdienst"@nl ,
    "Office, tax" .
"""


def test_find_labels_in_english_as_facts_does() -> None:
    kg = govgraph.GovGraph.example()
    found = find(kg.store, "commission", kind="organisation")
    assert [(f.label, f.alt_labels) for f in found] == [("European Commission", ("Commission",))]
    assert found[0].label == Facts(kg.store).labels[EX + "EC"]


def test_find_prefers_skos_pref_label_then_english_then_untagged() -> None:
    kg = govgraph.GovGraph()
    kg.load(LABELS, format="turtle")
    labels = {f.iri: f.label for f in find(kg.store, "tax", min_score=0)}
    assert labels == {EX + "agency": "Tax agency", EX + "office": "Office, tax"}
    assert labels == {iri: Facts(kg.store).labels[iri] for iri in labels}
