"""The analyses answer byte for byte the same whatever the hash seed and the store's row order.

Sets and dictionaries of strings iterate in an order that changes with ``PYTHONHASHSEED``, and
every store (Oxigraph in memory, Oxigraph loaded in another order, Virtuoso) hands query rows over
in its own order. Neither may change an answer: not the pairs chosen at a cut, not the order of
tied items, not the last bit of a score (a float sum taken in another order). Regression: the
feature columns of the synergy scores were numbered in set order, so per_actor=10 on a generated
graph gave other pairs and scores under another hash seed, and the memory store and Virtuoso
disagreed at random.

Here the hash seed is varied in subprocesses, and the row order by loading the triples in another
order and by a store that hands every answer over reversed or shuffled.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from generated import determinism, generator
from govgraph import analysis as an
from govgraph.analysis import Facts
from govgraph.analysis._cases import top_concepts
from govgraph.analysis._standing import desi_observation_rows
from govgraph.store import OxigraphStore


def _stores(quads: list[ox.Quad]) -> dict[str, OxigraphStore]:
    """The same triples: loaded as given, loaded shuffled, answering reversed or shuffled."""
    stores: dict[str, OxigraphStore] = {
        "memory": OxigraphStore(),
        "loaded shuffled": OxigraphStore(),
        "rows reversed": determinism().permuted_store("reversed"),
        "rows shuffled": determinism().permuted_store("shuffled", seed=5),
    }
    for name, store in stores.items():
        if name == "loaded shuffled":
            mixed = list(quads)
            random.Random(11).shuffle(mixed)
            store.add_quads(mixed)
        else:
            store.add_quads(quads)
    return stores


def _dicts(results: Any) -> list[Any]:
    return [r.to_dict() for r in results]


def _analyses(store: OxigraphStore) -> dict[str, Any]:
    facts = Facts(store)
    out: dict[str, Any] = {}
    for by in ("technology", "challenge", "all"):
        for method in ("rarity", "jaccard"):
            out[f"synergies {by} {method} top"] = _dicts(
                an.synergies(facts, by=by, method=method, top=40)
            )
            out[f"synergies {by} {method} per_actor"] = _dicts(
                an.synergies(facts, by=by, method=method, per_actor=5)
            )
    out["synergies capped"] = _dicts(an.synergies(facts, by="all", top=30, per_actor_limit=2))
    out["learning"] = _dicts(an.mutual_learning(facts, top=40))
    out["clusters"] = _dicts(an.clusters(facts, method="rarity"))
    out["brokers"] = _dicts(an.brokers(facts, method="rarity", top=20))
    out["skill gaps"] = _dicts(an.skill_gaps(facts))
    out["no inventory"] = _dicts(an.no_inventory(facts))
    out["governance gaps"] = _dicts(an.governance_gaps(facts))
    out["partners"] = _dicts(an.partners(facts))
    out["dependence"] = _dicts(an.supplier_dependence(facts, min_share=0.5))
    out["evaluate"] = _dicts(
        an.evaluate(facts, holdout_year=2018, by="technology", methods=("popularity", "rarity"))
    )
    return out


@pytest.fixture(scope="module")
def generated() -> list[ox.Quad]:
    """About 3,000 triples: actors sharing 100 technologies, with challenges and partners."""
    text = "\n".join(generator().generate_lines(3000, seed=1, technologies=100)) + "\n"
    return list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))


@pytest.mark.slow
def test_analyses_do_not_depend_on_the_order_of_the_rows(generated: list[ox.Quad]) -> None:
    answers = {name: _analyses(store) for name, store in _stores(generated).items()}
    reference = answers.pop("memory")
    assert reference["synergies all rarity per_actor"]  # the graph has something to compare
    for name, found in answers.items():
        differ = [k for k in reference if json.dumps(reference[k]) != json.dumps(found[k])]
        assert not differ, f"{name}: {differ}"


# Facts stated twice (two kinds of partner, two broader concepts, two countries, two values of
# an observation) and challenges held outside any initiative, whose features are numbered in the
# order the actors are met: each was read in the order the rows came in.
TWICE = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix dim: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix measure: <http://purl.org/linked-data/sdmx/2009/measure#> .
@prefix c: <http://publications.europa.eu/resource/authority/country/> .
@prefix k: <https://w3id.org/govgraph/id/partner-kind/> .
@prefix x: <https://example.org/> .

x:a1 a gg:PublicAdministration ; skos:prefLabel "Agency one"@en ; gg:facesChallenge x:cb .
x:a2 a gg:PublicAdministration ; skos:prefLabel "Agency two"@en ; gg:facesChallenge x:ca .
x:a3 a gg:PublicAdministration ; skos:prefLabel "Agency three"@en ;
    gg:facesChallenge x:ca , x:cb .
x:a4 a gg:PublicAdministration ; skos:prefLabel "Agency four"@en ;
    gg:facesChallenge x:ca , x:cb ; dct:spatial c:AUT , c:BEL .
x:ca a gg:Challenge ; skos:prefLabel "Challenge A"@en .
x:cb a gg:Challenge ; skos:prefLabel "Challenge B"@en .
x:i1 a gg:Initiative ; gg:ledBy x:a1 ; gg:hasParticipant x:p ; gg:usesTechnology x:t .
x:i2 a gg:Initiative ; gg:ledBy x:a2 ; gg:hasParticipant x:p ; gg:usesTechnology x:t .
x:i3 a gg:Initiative ; gg:ledBy x:a3 .
x:i4 a gg:Initiative ; gg:ledBy x:a4 .
x:p a gg:PrivatePartner ; skos:prefLabel "Partner"@en ; org:classification k:company , k:govtech .
x:t a gg:Technology ; skos:prefLabel "Tool"@en ; skos:broader x:t1 , x:t2 .
x:t1 a gg:Technology ; skos:prefLabel "Tools"@en .
x:t2 a gg:Technology ; skos:prefLabel "Instruments"@en .
x:o1 a qb:Observation ; dim:refArea c:AUT , c:BEL ; dim:refPeriod "2022"^^xsd:gYear ;
    measure:obsValue 1.5 , 2.5 ;
    <https://w3id.org/govgraph/id/desi/dimension/indicator> x:ind .
x:ind skos:notation "1a1" , "1A1" .
"""


def _facts_stated_twice(store: OxigraphStore) -> dict[str, Any]:
    facts = Facts(store)
    return {
        "challenges": _dicts(an.synergies(facts, by="challenge")),
        "partners": _dicts(an.partners(facts)),
        "find": _dicts(an.find(store, "agency four")),
        "top concepts": sorted(top_concepts(store).items()),
        "observations": desi_observation_rows(facts),
    }


def test_facts_stated_twice_are_read_the_same_whatever_the_row_order() -> None:
    quads = list(ox.parse(TWICE.encode("utf-8"), format=ox.RdfFormat.TURTLE))
    answers = {name: _facts_stated_twice(store) for name, store in _stores(quads).items()}
    reference = answers.pop("memory")
    assert reference["partners"][0]["partner_kind"] == "company"  # the smallest stated
    assert reference["find"][0]["country"] == "AUT"
    assert reference["top concepts"] == [("https://example.org/t", "https://example.org/t1")]
    country = "http://publications.europa.eu/resource/authority/country/"
    assert reference["observations"] == [
        (country + "AUT", "https://example.org/ind", "1A1", "2022", "1.5", None)
    ]
    # the two challenges weigh the same; a3 and a4 share both, listed in one fixed order
    (pair,) = [p for p in reference["challenges"] if len(p["shared"]) == 2]
    first, second = pair["weights"].values()
    assert first == second > 0
    for name, found in answers.items():
        assert json.dumps(found) == json.dumps(reference), name


_PROGRAM = """
import json, sys
from govgraph import GovGraph
from govgraph.analysis import Facts, clusters, mutual_learning, synergies

kg = GovGraph()
kg.load(sys.argv[1])
facts = Facts(kg.store)
out = {
    "technology per_actor": synergies(facts, by="technology", per_actor=10),
    "all top": synergies(facts, by="all", top=100),
    "all jaccard top": synergies(facts, by="all", method="jaccard", top=100),
    "learning": mutual_learning(facts, top=50),
    "clusters": clusters(facts, method="rarity"),
}
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump({k: [r.to_dict() for r in v] for k, v in out.items()}, f, sort_keys=True)
"""


@pytest.mark.slow
def test_analyses_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """Two processes with different ``PYTHONHASHSEED`` write the same bytes.

    On these 3,000 generated triples (actors sharing 100 technologies) the seeds 1 and 2 gave
    other per_actor=10 pairs, another top 100 and other learning pairs before the feature columns
    were numbered in key order.
    """
    data = tmp_path / "graph.ttl"
    data.write_text("\n".join(generator().generate_lines(3000, seed=1, technologies=100)))
    answers = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.json"
        subprocess.run(
            [sys.executable, "-c", _PROGRAM, str(data), str(out)],
            check=True,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        answers.append(json.loads(out.read_text(encoding="utf-8")))
    first, second = answers
    assert len(first["technology per_actor"]) > 300
    differ = [k for k in first if first[k] != second[k]]
    assert not differ, differ
