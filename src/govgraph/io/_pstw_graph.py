"""Writing parsed Tech Watch cases and their organisations as govgraph RDF."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from ._categories import CATEGORY_SCHEME, OrganisationCategory
from ._concepts import add_countries, add_ontology_concepts, technology_graph
from ._normalise import GG, ID, country_iri
from ._organisations import Organisation
from ._pstw_rows import Case
from .cofog import CofogIndex

__all__ = ["CC_BY_4", "build_graph"]

ORG = Namespace("http://www.w3.org/ns/org#")
CC_BY_4 = URIRef("http://creativecommons.org/licenses/by/4.0/")


def build_graph(
    cases: Sequence[Case],
    orgs: Sequence[Organisation],
    lead: Mapping[str, URIRef],
    *,
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
        ("cofog", "http://linked.data.gov.au/def/cofog/"),
        ("country", "http://publications.europa.eu/resource/authority/country/"),
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

    for org in orgs:
        iri = org.iri
        category = org.category
        label = org.label
        g.add((iri, SKOS.prefLabel, Literal(label, lang=en)))
        for other in org.names:
            if other != label:
                g.add((iri, SKOS.altLabel, Literal(other, lang=en)))
        if category is not None and category.level is not None:
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

    g.add((CATEGORY_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((CATEGORY_SCHEME, SKOS.prefLabel, Literal("PSTW organisation categories", lang=en)))
    for category in used_categories:
        g.add((category.iri, RDF.type, SKOS.Concept))
        g.add((category.iri, SKOS.prefLabel, Literal(category.label, lang=en)))
        g.add((category.iri, SKOS.inScheme, CATEGORY_SCHEME))

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
        g.add((iri, PROV.wasDerivedFrom, dataset))

    cofog.describe(g, max_level=2)
    add_ontology_concepts(g, concepts)
    add_countries(g, countries)

    counts["initiatives"] = len(cases)
    counts["organisations"] = len(orgs)
    counts["countries"] = len(case_countries)
    counts["technologies"] = len(techs)
    counts["policy_areas"] = len(areas)
    return g, dict(counts)
