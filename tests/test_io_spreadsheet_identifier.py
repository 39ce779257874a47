"""A register's own ids travel with its initiatives (``dct:identifier``), so evidence cites them.

Regression: the spreadsheet importer used an initiative's ``id`` only for its IRI (and dropped it
when an ``iri`` column was given), so the evidence of synergies and learning had no identifier
for the Commission's ILLUSTRATIVE initiatives: 31 of the 85 cases cited in the demo's
DG-to-national synergies.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

from govgraph.io import import_spreadsheet

HEADER = "id,name,lead,technologies,iri\n"


def test_the_id_is_the_identifier_whatever_the_iri(tmp_path: Path) -> None:
    path = tmp_path / "initiatives.csv"
    path.write_text(
        HEADER
        + "INIT-1,Chatbot,dg-a,natural language processing,\n"
        + "INIT-2,Ledger,dg-a,blockchain,https://example.org/case/ledger\n",
        encoding="utf-8",
    )
    g = import_spreadsheet(path, kind="initiatives").graph
    found = {str(s): str(o) for s, o in g.subject_objects(DCTERMS.identifier)}
    assert found["https://example.org/case/ledger"] == "INIT-2"  # the id is kept beside the IRI
    (first,) = [s for s, o in found.items() if o == "INIT-1"]
    assert first.endswith("initiative/init-1")
    assert (URIRef(first), DCTERMS.identifier, Literal("INIT-1")) in g
