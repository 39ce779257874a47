"""Regenerate the DCAT-AP background knowledge shipped in shapes/vendor/background/.

The official DCAT-AP shapes check that controlled-vocabulary values carry ``skos:inScheme`` (and
that locations have a bounding box and centroid). govgraph states those facts in every catalogue it
writes, taking them from small Turtle files derived here:

* ``data-theme.ttl``, ``file-type.ttl``, ``frequency.ttl``: every concept of the EU authority
  tables (type ``skos:Concept``, ``skos:inScheme``, English ``skos:prefLabel``, deprecation flag),
  derived from the SKOS-AP-ACT files of the Publications Office (copies in
  ``../shared/standards/eu-vocabularies``, see their SOURCES.md).
* ``country-geometry.ttl``: for each ISO 3166-1 alpha-3 code, a ``dcat:bbox`` (WKT polygon) and
  ``dcat:centroid`` (WKT point, the centre of that box) of the country's home part, from Natural
  Earth 1:50m admin-0 map subunits (public domain) as packaged by the PyPI package
  ``country-bounding-boxes`` 0.2.3 (Apache-2.0), plus ``EUR`` (European Union) as the box around
  the home parts of the 27 member states.

Usage::

    python scripts/build_dcat_background.py [--eu-vocabularies DIR] [--country-boxes DIR]

``--country-boxes`` is the unpacked ``country-bounding-boxes`` source folder (``pip download
--no-deps country-bounding-boxes==0.2.3``); when it is omitted the package must be importable.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
from pathlib import Path

from rdflib import OWL, RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, SKOS

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "shapes" / "vendor" / "background"
AUTH = "http://publications.europa.eu/resource/authority/"
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
ATOLD = Namespace("http://publications.europa.eu/resource/authority/")

TABLES = {
    "data-theme": "data-theme-skos-ap-act.rdf",
    "file-type": "filetypes-skos-ap-act.rdf",
    "frequency": "frequencies-skos-ap-act.rdf",
}

EU_MEMBERS = [
    "AUT",
    "BEL",
    "BGR",
    "HRV",
    "CYP",
    "CZE",
    "DNK",
    "EST",
    "FIN",
    "FRA",
    "DEU",
    "GRC",
    "HUN",
    "IRL",
    "ITA",
    "LVA",
    "LTU",
    "LUX",
    "MLT",
    "NLD",
    "POL",
    "PRT",
    "ROU",
    "SVK",
    "SVN",
    "ESP",
    "SWE",
]


def _english(graph: Graph, node: URIRef) -> Literal | None:
    for label in graph.objects(node, SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == "en":
            return label
    return None


def build_table(name: str, source: Path) -> Graph:
    src = Graph().parse(source, format="xml")
    scheme = URIRef(AUTH + name)
    out = Graph()
    out.bind("skos", SKOS)
    out.bind("dct", DCTERMS)
    out.bind("owl", OWL)
    out.add((scheme, RDF.type, SKOS.ConceptScheme))
    title = _english(src, scheme) or Literal(name, lang="en")
    out.add((scheme, SKOS.prefLabel, title))
    out.add((scheme, DCTERMS.title, title))
    for concept in sorted(set(src.subjects(SKOS.inScheme, scheme))):
        if not isinstance(concept, URIRef) or (concept, RDF.type, SKOS.Concept) not in src:
            continue
        label = _english(src, concept)
        if label is None:
            continue
        out.add((concept, RDF.type, SKOS.Concept))
        out.add((concept, SKOS.inScheme, scheme))
        out.add((concept, SKOS.prefLabel, label))
        if (concept, OWL.deprecated, Literal(True)) in src or (
            concept,
            OWL.deprecated,
            Literal("true"),
        ) in src:
            out.add((concept, OWL.deprecated, Literal(True)))
    return out


def _country_module(folder: Path | None) -> object:
    if folder is None:
        return importlib.import_module("country_bounding_boxes.generated")
    # Load only the generated data module (the package __init__ needs extra dependencies).
    spec = importlib.util.spec_from_file_location(
        "cbb_generated", folder / "country_bounding_boxes" / "generated.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wkt_box(west: float, south: float, east: float, north: float) -> str:
    corners = [(west, south), (east, south), (east, north), (west, north), (west, south)]
    return "POLYGON((" + ", ".join(f"{x:.4f} {y:.4f}" for x, y in corners) + "))"


def build_countries(folder: Path | None) -> Graph:
    module = _country_module(folder)
    boxes: dict[str, list[float]] = {}
    names: dict[str, str] = {"EUR": "European Union"}
    for country in module.countries:  # type: ignore[attr-defined]
        # Natural Earth leaves iso_a3 at -99 for a few countries (France, Norway): use adm0_a3.
        code = country.iso_a3 if country.iso_a3 not in ("", "-99") else country.adm0_a3
        if not code or code == "-99" or country.homepart != 1:
            continue
        west, south, east, north = country.bbox
        names.setdefault(code, country.admin)
        if code in boxes:
            box = boxes[code]
            boxes[code] = [
                min(box[0], west),
                min(box[1], south),
                max(box[2], east),
                max(box[3], north),
            ]
        else:
            boxes[code] = [west, south, east, north]
    # Countries without a home-part subunit (Belgium: three regions): box around all their
    # subunits that have no ISO code of their own (i.e. not an overseas territory).
    for country in module.countries:  # type: ignore[attr-defined]
        code = country.adm0_a3
        if code in boxes or country.iso_a3 not in ("", "-99", code):
            continue
        if any(c.adm0_a3 == code and c.homepart == 1 for c in module.countries):  # type: ignore[attr-defined]
            continue
        west, south, east, north = country.bbox
        names.setdefault(code, country.admin)
        others = [
            c.bbox
            for c in module.countries  # type: ignore[attr-defined]
            if c.adm0_a3 == code and c.iso_a3 in ("", "-99", code)
        ]
        boxes[code] = [
            min(b[0] for b in others),
            min(b[1] for b in others),
            max(b[2] for b in others),
            max(b[3] for b in others),
        ]
    members = [boxes[c] for c in EU_MEMBERS if c in boxes]
    boxes["EUR"] = [
        min(b[0] for b in members),
        min(b[1] for b in members),
        max(b[2] for b in members),
        max(b[3] for b in members),
    ]
    out = Graph()
    out.bind("dcat", DCAT)
    out.bind("geo", GEO)
    out.bind("skos", SKOS)
    for code in sorted(boxes):
        west, south, east, north = boxes[code]
        node = URIRef(AUTH + "country/" + code)
        out.add((node, SKOS.prefLabel, Literal(names[code], lang="en")))
        out.add(
            (node, DCAT.bbox, Literal(_wkt_box(west, south, east, north), datatype=GEO.wktLiteral))
        )
        centre = f"POINT({(west + east) / 2:.4f} {(south + north) / 2:.4f})"
        out.add((node, DCAT.centroid, Literal(centre, datatype=GEO.wktLiteral)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--eu-vocabularies",
        type=Path,
        default=ROOT.parent / "shared" / "standards" / "eu-vocabularies",
    )
    parser.add_argument("--country-boxes", type=Path, default=None)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    for name, filename in TABLES.items():
        graph = build_table(name, args.eu_vocabularies / filename)
        graph.serialize(OUT / f"{name}.ttl", format="turtle")
        print(f"{name}.ttl: {len(graph)} triples")
    countries = build_countries(args.country_boxes)
    countries.serialize(OUT / "country-geometry.ttl", format="turtle")
    print(f"country-geometry.ttl: {len(countries)} triples")


if __name__ == "__main__":
    main()
