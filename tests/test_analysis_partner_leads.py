"""Partners: the public bodies they work with apart from the other leads, never themselves."""

from __future__ import annotations

import govgraph

DATA = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .
@prefix cat: <https://w3id.org/govgraph/id/organisation-category/> .
ex:ministry a gg:PublicAdministration ; skos:prefLabel "Ministry of Health"@en .
ex:oecd org:classification cat:international-organisation ; skos:prefLabel "OECD"@en .
ex:council skos:prefLabel "County Council"@en .
ex:uni org:classification cat:academic-research ; skos:prefLabel "University of Trento"@en .
ex:acme a gg:PrivatePartner ; skos:prefLabel "Acme"@en .
ex:other a gg:PrivatePartner ; skos:prefLabel "Other Ltd"@en .
ex:i1 a gg:Initiative ; gg:ledBy ex:ministry ; gg:hasParticipant ex:acme .
ex:i2 a gg:Initiative ; gg:ledBy ex:uni ; gg:hasParticipant ex:acme .
ex:i3 a gg:Initiative ; gg:ledBy ex:acme ; gg:hasParticipant ex:acme .
ex:i4 a gg:Initiative ; gg:ledBy ex:oecd, ex:council ; gg:hasParticipant ex:acme .
ex:i5 a gg:Initiative ; gg:ledBy ex:acme ; gg:hasParticipant ex:other .
"""
EX = "http://example.org/"


def _partners(**kwargs):  # type: ignore[no-untyped-def]
    kg = govgraph.GovGraph()
    kg.load(DATA, format="turtle")
    return {p.partner: p for p in kg.partners(**kwargs)}


def test_administrations_are_public_bodies_and_the_rest_other_leads() -> None:
    acme = _partners()[EX + "acme"]
    # public administration, international organisation and a lead of unknown kind
    assert acme.administrations == (EX + "council", EX + "ministry", EX + "oecd")
    assert acme.administrations_labels == (
        "County Council",
        "Ministry of Health",
        "OECD (international)",
    )
    # the university leads one of its cases; Acme itself leads another and is neither
    assert acme.other_leads == (EX + "uni",)
    assert acme.other_leads_labels == ("University of Trento",)
    assert len(acme.initiatives) == 4
    assert acme.to_dict()["other_leads_labels"] == ["University of Trento"]


def test_a_company_leading_a_case_is_another_lead_of_its_partner() -> None:
    other = _partners()[EX + "other"]
    assert other.administrations == ()
    assert other.other_leads == (EX + "acme",)


def test_partners_with_public_bodies_come_first() -> None:
    kg = govgraph.GovGraph()
    kg.load(DATA, format="turtle")
    assert [p.partner for p in kg.partners()] == [EX + "acme", EX + "other"]


def test_the_kind_filter_chooses_the_leads() -> None:
    acme = _partners(kind="research")[EX + "acme"]
    assert acme.administrations == ()
    assert acme.other_leads == (EX + "uni",)
    assert acme.initiatives == (EX + "i2",)
