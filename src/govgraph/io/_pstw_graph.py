"""Writing parsed Tech Watch cases and their organisations as govgraph RDF."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, SKOS

from ..namespace import COFOG, COUNTRY, ORG
from ._categories import CATEGORY_SCHEME, EU_CATEGORY, OrganisationCategory
from ._concepts import add_countries, add_ontology_concepts, technology_graph
from ._eu_bodies import EuBody, eu_bodies
from ._normalise import GG, ID, country_iri, is_http_iri
from ._organisations import Organisation
from ._partners import (
    COLLABORATION_SCHEME,
    FUNDING_SCHEME,
    PARTNER_KIND_SCHEME,
    Concept,
    Partner,
)
from ._pstw_rows import Case
from .cofog import CofogIndex

__all__ = ["CC_BY_4", "build_graph"]

CC_BY_4 = URIRef("http://creativecommons.org/licenses/by/4.0/")


def build_graph(
    cases: Sequence[Case],
    orgs: Sequence[Organisation],
    lead: Mapping[str, URIRef],
    *,
    partners: Mapping[str, Sequence[Partner]] | None = None,
    dataset: URIRef,
    cofog: CofogIndex,
) -> tuple[Graph, dict[str, int]]:
    """Return the graph of ``cases`` led by ``orgs`` (``lead``: case id -> organisation IRI)."""
    g = technology_graph()
    for prefix, ns in (
        ("gg", GG),
        ("org", ORG),
        ("skos", SKOS),
        ("dct", DCTERMS),
        ("prov", PROV),
        ("tech", "https://w3id.org/govgraph/id/technology/"),
        ("cofog", COFOG),
        ("country", COUNTRY),
        ("initiative", ID["initiative/"]),
        ("orgid", ID["org/"]),
    ):
        g.bind(prefix, ns)
    en = "en"
    g.add((dataset, RDF.type, PROV.Entity))
    g.add(
        (
            dataset,
            DCTERMS.title,
            Literal("Public Sector Tech Watch latest dataset of selected cases", lang=en),
        )
    )
    g.add(
        (
            dataset,
            DCTERMS.publisher,
            URIRef("http://publications.europa.eu/resource/authority/corporate-body/JRC"),
        )
    )
    g.add((dataset, DCTERMS.license, CC_BY_4))

    countries: set[str] = set()
    concepts: set[URIRef] = set()
    used_categories: set[OrganisationCategory] = set()
    counts: Counter[str] = Counter()
    parents: set[EuBody] = set()
    present = {org.iri for org in orgs}

    for org in orgs:
        iri = org.iri
        category = org.category
        label = org.label
        g.add((iri, SKOS.prefLabel, Literal(label, lang=en)))
        for other in (*org.names, *sorted(org.raw_names)):
            if other != label:
                g.add((iri, SKOS.altLabel, Literal(other, lang=en)))
        body = org.body
        if body is not None and body.authority is not None:
            g.add((iri, SKOS.exactMatch, body.authority))
        if body is not None and body.unit:
            # A Commission DG: a unit of its parent body, at EU level like it.
            parent = next((b for b in eu_bodies() if b.code == body.parent), None)
            if parent is not None:
                g.add((iri, RDF.type, GG.AdministrativeUnit))
                g.add((iri, ORG.unitOf, parent.iri))
                g.add((parent.iri, ORG.hasUnit, iri))
                g.add((iri, GG.administrativeLevel, GG.EULevel))
                concepts.add(GG.EULevel)
                parents.add(parent)
                counts["administrative_units"] += 1
        elif category is not None and category.level is not None:
            g.add((iri, RDF.type, GG.PublicAdministration))
            g.add((iri, GG.administrativeLevel, category.level))
            concepts.add(category.level)
            counts["public_administrations"] += 1
        else:
            g.add((iri, RDF.type, ORG.Organization))
            counts["other_organisations"] += 1
        if category is not None:
            g.add((iri, ORG.classification, category.iri))
            used_categories.add(category)
        if org.key[1]:
            g.add((iri, DCTERMS.spatial, country_iri(org.key[1])))
            countries.add(org.key[1])
        g.add((iri, PROV.wasDerivedFrom, dataset))

    for parent in parents - {o.body for o in orgs if o.body is not None and o.iri in present}:
        # The parent of a DG named only through its DG (no case led by the Commission itself).
        g.add((parent.iri, RDF.type, GG.PublicAdministration))
        g.add((parent.iri, SKOS.prefLabel, Literal(parent.label, lang=en)))
        g.add((parent.iri, GG.administrativeLevel, GG.EULevel))
        g.add((parent.iri, DCTERMS.spatial, country_iri("EUR")))
        g.add((parent.iri, ORG.classification, EU_CATEGORY.iri))
        used_categories.add(EU_CATEGORY)
        countries.add("EUR")
        if parent.authority is not None:
            g.add((parent.iri, SKOS.exactMatch, parent.authority))
        counts["public_administrations"] += 1

    g.add((CATEGORY_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((CATEGORY_SCHEME, SKOS.prefLabel, Literal("PSTW organisation categories", lang=en)))
    for category in used_categories:
        g.add((category.iri, RDF.type, SKOS.Concept))
        g.add((category.iri, SKOS.prefLabel, Literal(category.label, lang=en)))
        g.add((category.iri, SKOS.inScheme, CATEGORY_SCHEME))

    schemes: dict[URIRef, set[Concept]] = {}
    used_partners: dict[str, Partner] = {}
    case_countries: set[str] = set()
    techs: set[URIRef] = set()
    areas: set[URIRef] = set()
    for case in cases:
        iri = ID[f"initiative/{case.ident}"]
        g.add((iri, RDF.type, GG.Initiative))
        g.add((iri, DCTERMS.identifier, Literal(case.ident)))
        g.add((iri, SKOS.prefLabel, Literal(case.name, lang=en)))
        if case.description:
            g.add((iri, DCTERMS.description, Literal(case.description, lang=en)))
        if case.status is not None:
            g.add((iri, GG.status, case.status))
            concepts.add(case.status)
        if case.start is not None:
            g.add((iri, GG.startYear, Literal(case.start, datatype=XSD.integer)))
        if case.end is not None:
            g.add((iri, GG.endYear, Literal(case.end, datatype=XSD.integer)))
        if case.country:
            g.add((iri, DCTERMS.spatial, country_iri(case.country)))
            countries.add(case.country)
            case_countries.add(case.country)
        g.add((iri, GG.ledBy, lead[case.ident]))
        for tech in case.technologies:
            g.add((iri, GG.usesTechnology, tech))
            techs.add(tech)
        for area in case.areas:
            g.add((iri, GG.policyArea, area))
            areas.add(area)
        if case.website:
            g.add((iri, RDFS.seeAlso, URIRef(case.website)))
        if case.updated and re.fullmatch(r"\d{4}-\d{2}-\d{2}", case.updated):
            g.add((iri, DCTERMS.modified, Literal(case.updated, datatype=XSD.date)))
        if case.collaboration is not None:
            g.add((iri, GG.collaborationType, case.collaboration.iri))
            schemes.setdefault(COLLABORATION_SCHEME, set()).add(case.collaboration)
        if case.funding is not None:
            g.add((iri, GG.fundingSource, case.funding.iri))
            schemes.setdefault(FUNDING_SCHEME, set()).add(case.funding)
        if case.cross_border is not None:
            g.add((iri, GG.crossBorder, Literal(case.cross_border)))
        if case.cross_sector is not None:
            g.add((iri, GG.crossSector, Literal(case.cross_sector)))
        for partner in (partners or {}).get(case.ident, ()):
            g.add((iri, GG.hasParticipant, partner.iri))
            used_partners[partner.key] = partner
        g.add((iri, PROV.wasDerivedFrom, dataset))

    for partner in used_partners.values():
        p = partner.iri
        g.add((p, RDF.type, GG.PrivatePartner))
        if partner.organisation is None:
            g.add((p, SKOS.prefLabel, Literal(partner.label, lang=en)))
        else:
            # The node of an organisation of the same name (it leads cases too): its label
            # stays; the partner's other spellings are alternative labels.
            counts["partners_joined"] += 1
        for name in sorted(partner.names - {partner.label}):
            g.add((p, SKOS.altLabel, Literal(name, lang=en)))
        for ident in sorted(partner.ids):
            g.add((p, DCTERMS.identifier, Literal(ident)))
        if partner.homepage and is_http_iri(partner.homepage):
            g.add((p, FOAF.homepage, URIRef(partner.homepage)))
        g.add((p, ORG.classification, partner.kind.iri))
        schemes.setdefault(PARTNER_KIND_SCHEME, set()).add(partner.kind)
        g.add((p, PROV.wasDerivedFrom, dataset))
        counts["partners"] += 1
    scheme_labels = {
        COLLABORATION_SCHEME: "PSTW collaboration types",
        FUNDING_SCHEME: "PSTW funding sources",
        PARTNER_KIND_SCHEME: "Kinds of partner organisation",
    }
    for scheme, used in schemes.items():
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, SKOS.prefLabel, Literal(scheme_labels[scheme], lang=en)))
        for concept in used:
            g.add((concept.iri, RDF.type, SKOS.Concept))
            g.add((concept.iri, SKOS.prefLabel, Literal(concept.label, lang=en)))
            g.add((concept.iri, SKOS.inScheme, scheme))
    counts["eu_funded"] = sum(1 for c in cases if c.funding is not None and c.funding.code == "eu")
    cofog.describe(g, max_level=2)
    add_ontology_concepts(g, concepts)
    add_countries(g, countries)

    counts["initiatives"] = len(cases)
    counts["organisations"] = len(orgs) + len({p.iri for p in parents} - {o.iri for o in orgs})
    counts["countries"] = len(case_countries)
    counts["technologies"] = len(techs)
    counts["policy_areas"] = len(areas)
    return g, dict(counts)
