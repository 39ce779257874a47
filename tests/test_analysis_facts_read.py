"""Labels and initiative facts read in bulk (``Store.triple_values``) are the queries' answers."""

from __future__ import annotations

from pathlib import Path

import pytest

import govgraph
from govgraph.analysis import Facts
from govgraph.analysis._cases import read_labels
from govgraph.analysis._vocab import _best_labels, _collect, _unique
from govgraph.store import OxigraphStore, Store

DATA = Path(__file__).parent / "data"
TRICKY = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
ex:i1 gg:ledBy ex:a ; dct:identifier "X-2", "X-10" ; gg:startYear "02019"^^xsd:integer ;
    gg:status gg:StatusPilot, "in use" ; foaf:homepage <http://b.example/> ;
    dcat:landingPage <http://a.example/> ; rdfs:seeAlso "see the annex" ;
    dct:spatial <http://publications.europa.eu/resource/authority/country/AUT> ;
    skos:prefLabel "Chatbot"@en, "Chatbot"@de ; rdfs:label "chatbot (old)" .
ex:i2 gg:hasParticipant ex:b ; dct:identifier "" ; gg:status "draft"^^ex:code .
ex:i3 gg:ledBy "a literal leader" ; dct:identifier "not an actor's" .
_:i4 gg:ledBy ex:a ; dct:identifier "anonymous" .
ex:i5 dct:identifier "led by nobody" .
ex:a skos:prefLabel "Ministry"@de, "Ministry of Finance"@en, "Ministry of Finance"@en-GB ;
    rdfs:label "MoF" .
ex:b rdfs:label "b"@fr, "B"@fr .
ex:c skos:prefLabel [ rdfs:label "not a literal" ] .
"""


#: The query the labels were read with before ``Store.triple_values``.
LABELS_QUERY = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?thing ?label ?preferred (LANG(?label) AS ?lang) WHERE {
  { ?thing skos:prefLabel ?label . BIND(1 AS ?preferred) }
  UNION
  { ?thing rdfs:label ?label . BIND(0 AS ?preferred) }
  FILTER(isIRI(?thing) && isLiteral(?label))
}"""


class _GenericStore(OxigraphStore):
    """An embedded store answering ``triple_values`` with the query a remote store runs."""

    def triple_values(self, predicates):  # type: ignore[no-untyped-def]
        return Store.triple_values(self, predicates)


def _load(store: Store, source: str | Path) -> Facts:
    kg = govgraph.GovGraph(store=store)
    if isinstance(source, Path):
        kg.load(source)
    else:
        kg.load(source, format="turtle")
    return Facts(store)


SOURCES = [TRICKY, *sorted(DATA.glob("analysis-*.ttl"))]


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: getattr(s, "name", "tricky"))
def test_labels_and_initiative_facts_are_the_queries_answers(source: str | Path) -> None:
    fast = _load(OxigraphStore(), source)
    generic = _load(_GenericStore(), source)
    # the packaged queries, as the facts were read before
    labels = _best_labels(fast.store.query_values(LABELS_QUERY))
    initiatives: dict[str, dict[str, str]] = {}
    _collect(_unique(fast.store.query_values(_initiative_query())), initiatives)
    assert fast.labels == generic.labels == labels
    assert fast.initiative_facts == generic.initiative_facts == initiatives
    # and the few-initiatives way (VALUES blocks) agrees
    few = _load(OxigraphStore(), source)
    wanted = sorted(initiatives)
    assert {i: few.initiative_facts_of(wanted)[i] for i in wanted} == initiatives
    things = sorted(labels)
    assert {t: few.labels_of(things)[t] for t in things} == labels
    # the release comparisons and adoption name things the same way
    assert read_labels(fast.store) == labels


def test_what_the_tricky_graph_gives() -> None:
    facts = _load(OxigraphStore(), TRICKY)
    ex = "http://example.org/"
    assert facts.labels[ex + "a"] == "Ministry of Finance"
    assert facts.labels[ex + "i1"] == "Chatbot"
    assert facts.labels[ex + "b"] == "B"  # no English one: the smallest of the same rank
    assert ex + "c" not in facts.labels  # a blank node is no label
    i1 = facts.initiative_facts[ex + "i1"]
    assert i1 == {
        "identifier": "X-10",
        "start_year": "02019",
        "status": "https://w3id.org/govgraph#StatusPilot",
        "status_text": "in use",
        "homepage": "http://a.example/",
        "country": "http://publications.europa.eu/resource/authority/country/AUT",
    }
    assert facts.initiative_facts[ex + "i2"] == {"identifier": "", "status_text": "draft"}
    # only initiatives with an actor IRI (as actor_initiatives): not i3, the blank node, i5
    assert set(facts.initiative_facts) == {ex + "i1", ex + "i2"}


def _initiative_query() -> str:
    from govgraph.analysis._vocab import load_query

    return load_query("initiative_facts.rq").replace("#VALUES#", "")


def test_kinds_come_from_categories_before_classes() -> None:
    from govgraph.analysis._vocab import GG, own_kinds

    cat = "https://w3id.org/govgraph/id/organisation-category/"
    kinds = own_kinds(
        {"a": {cat + "central-government"}, "b": {cat + "academic-research", cat + "ngo"}},
        {"a": {GG + "PrivatePartner"}, "c": {GG + "PrivatePartner"}, "d": {GG + "Initiative"}},
    )
    # a category wins over a class; of two categories the first kind in the fixed order
    assert kinds == {"a": "public-administration", "b": "research", "c": "company"}
