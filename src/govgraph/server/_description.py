"""The SPARQL 1.1 Service Description of the endpoint (``GET /sparql`` without a query)."""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from ._negotiation import negotiate

__all__ = ["DESCRIPTION_MEDIA", "describe_service"]

#: Media type -> pyoxigraph format of the service description.
DESCRIPTION_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
_NAMES = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "json-ld": "application/ld+json",
    "jsonld": "application/ld+json",
    "xml": "application/rdf+xml",
    "rdfxml": "application/rdf+xml",
    "nt": "application/n-triples",
}
_PREFIXES = {
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "fmt": "http://www.w3.org/ns/formats/",
}


def _turtle(endpoint: str, allow_network: bool) -> str:
    endpoint = endpoint.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    feature = "\n    sd:feature sd:BasicFederatedQuery ;" if allow_network else ""
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix fmt: <http://www.w3.org/ns/formats/> .

<#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat fmt:SPARQL_Results_JSON, fmt:SPARQL_Results_XML, fmt:SPARQL_Results_CSV,
        fmt:SPARQL_Results_TSV, fmt:Turtle, fmt:N-Triples, fmt:JSON-LD, fmt:RDF_XML ;{feature}
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""


def describe_service(
    endpoint: str, *, allow_network: bool, forced: Sequence[str], accept: str | None
) -> tuple[bytes, str]:
    """The service description of the endpoint at ``endpoint``: body and media type.

    Negotiated like the answers: ``format=`` first, then Accept (Turtle by default).

    Raises:
        HTTPProblem: 406 when none of Turtle, JSON-LD, RDF/XML or N-Triples is acceptable.
    """
    media = None
    for value in forced:
        key = value.split(";")[0].strip().lower()
        media = _NAMES.get(key) or (key if key in DESCRIPTION_MEDIA else None)
        if media is not None:
            break
    if media is None:
        media = negotiate(accept, {m: m for m in DESCRIPTION_MEDIA}, "text/turtle")
    turtle = _turtle(endpoint, allow_network)
    fmt = DESCRIPTION_MEDIA[media]
    if fmt == ox.RdfFormat.TURTLE:
        return turtle.encode(), "text/turtle; charset=utf-8"
    triples = [q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE, base_iri=endpoint)]
    body = ox.serialize(triples, format=fmt, prefixes=_PREFIXES)
    assert body is not None
    return body, {
        ox.RdfFormat.JSON_LD: "application/ld+json",
        ox.RdfFormat.RDF_XML: "application/rdf+xml",
    }.get(fmt, "application/n-triples")
