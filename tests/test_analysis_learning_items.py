"""Learning items count a hierarchy once, unless the broader item tells something more.

Regression: "artificial intelligence" was listed beside "machine learning" (and use cases twice,
once with each) in 9 of the 10 first pairs of ``govgraph learning`` on the demo (60 alias rows);
now in none.
"""

from __future__ import annotations

import govgraph

EX = "http://example.org/"
BASE = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
ex:AI a gg:Technology ; skos:prefLabel "artificial intelligence"@en .
ex:ML a gg:Technology ; skos:prefLabel "machine learning"@en ; skos:broader ex:AI .
ex:other a gg:Technology ; skos:prefLabel "other"@en .
ex:eu a gg:PublicAdministration ; skos:prefLabel "EU body"@en ;
  gg:administrativeLevel gg:EULevel .
ex:nat a gg:PublicAdministration ; skos:prefLabel "National body"@en ;
  gg:administrativeLevel gg:NationalLevel .
ex:o1 a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .
ex:o2 a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .
ex:io1 a gg:Initiative ; gg:ledBy ex:o1 ; gg:usesTechnology ex:other .
ex:io2 a gg:Initiative ; gg:ledBy ex:o2 ; gg:usesTechnology ex:other .
ex:o3 a gg:PublicAdministration ; gg:administrativeLevel gg:NationalLevel .
ex:io3 a gg:Initiative ; gg:ledBy ex:o3 ; gg:usesTechnology ex:AI .
ex:e1 a gg:Initiative ; gg:ledBy ex:eu ; gg:usesTechnology ex:ML ; gg:status gg:StatusPilot .
"""


def _items(extra: str) -> list[tuple[tuple[str, ...], str | None]]:
    kg = govgraph.GovGraph()
    kg.load(BASE + extra, format="turtle")
    (pair,) = [p for p in kg.mutual_learning() if p.b == f"{EX}nat"]
    return [(tuple(x.removeprefix(EX) for x in item.items), item.ahead) for item in pair.items]


def test_a_broader_item_with_the_same_statuses_is_not_listed_again() -> None:
    # the national body's machine-learning case is implemented: ahead on ML, and so on AI
    found = _items(
        "ex:n1 a gg:Initiative ; gg:ledBy ex:nat ; gg:usesTechnology ex:ML ; "
        "gg:status gg:StatusImplemented .\n"
    )
    assert found == [(("ML",), f"{EX}nat")]


def test_a_broader_item_that_tells_more_stays() -> None:
    # on ML both are at pilot; on AI the national body is further along, with another case
    found = _items(
        "ex:n1 a gg:Initiative ; gg:ledBy ex:nat ; gg:usesTechnology ex:ML ; "
        "gg:status gg:StatusPilot .\n"
        "ex:n2 a gg:Initiative ; gg:ledBy ex:nat ; gg:usesTechnology ex:AI ; "
        "gg:status gg:StatusImplemented .\n"
    )
    assert sorted(found) == [(("AI",), f"{EX}nat"), (("ML",), None)]
