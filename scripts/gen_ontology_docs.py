"""Write docs/ontology.md from ontologies/govgraph.ttl (so the reference cannot drift).

Usage::

    python scripts/gen_ontology_docs.py           # rewrite docs/ontology.md
    python scripts/gen_ontology_docs.py --check   # exit 1 if docs/ontology.md is out of date

tests/test_ontology.py checks that the committed page equals this script's output.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, XSD
from rdflib.term import Node

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontologies" / "govgraph.ttl"
SHAPES = REPO / "shapes" / "govgraph-shapes.ttl"
SH = Namespace("http://www.w3.org/ns/shacl#")
GGSH = "https://w3id.org/govgraph/shapes#"
OUTPUT = REPO / "docs" / "ontology.md"
GG_NS = "https://w3id.org/govgraph#"
ONTOLOGY_IRI = URIRef("https://w3id.org/govgraph")

PREFIXES = {
    "gg": GG_NS,
    "org": "http://www.w3.org/ns/org#",
    "cv": "http://data.europa.eu/m8g/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "esco": "http://data.europa.eu/esco/model#",
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "owl": str(OWL),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
}


def curie(node: Node) -> str:
    """Shorten an IRI with the known prefixes."""
    text = str(node)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns) and text != ns:
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>"


def _en(graph: Graph, node: Node, *predicates: URIRef) -> str:
    for predicate in predicates:
        for value in graph.objects(node, predicate):
            if isinstance(value, Literal) and value.language in ("en", None):
                return " ".join(str(value).split())
    return ""


def _items(graph: Graph, node: Node) -> list[Node]:
    return list(Collection(graph, node))


def expression(graph: Graph, node: Node) -> str:
    """Render an OWL class, property or data range expression in a Manchester-like syntax."""
    if isinstance(node, URIRef):
        return f"`{curie(node)}`"
    for predicate, word in ((OWL.unionOf, " or "), (OWL.intersectionOf, " and ")):
        members = graph.value(node, predicate)
        if members is not None:
            return "(" + word.join(expression(graph, m) for m in _items(graph, members)) + ")"
    one_of = graph.value(node, OWL.oneOf)
    if one_of is not None:
        return "{" + ", ".join(expression(graph, m) for m in _items(graph, one_of)) + "}"
    inverse = graph.value(node, OWL.inverseOf)
    if inverse is not None:
        return f"inverse({expression(graph, inverse)})"
    on_property = graph.value(node, OWL.onProperty)
    if on_property is not None:
        prop = expression(graph, on_property)
        for predicate, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only")):
            filler = graph.value(node, predicate)
            if filler is not None:
                return f"({prop} {word} {expression(graph, filler)})"
        value = graph.value(node, OWL.hasValue)
        if value is not None:
            return f"({prop} value {expression(graph, value)})"
    on_datatype = graph.value(node, OWL.onDatatype)
    if on_datatype is not None:
        facets = []
        for facet in _items(graph, graph.value(node, OWL.withRestrictions)):
            for predicate, value in graph.predicate_objects(facet):
                facets.append(f"{curie(predicate).split(':')[1]} {value}")
        return f"{expression(graph, on_datatype)}[{', '.join(facets)}]"
    raise ValueError(f"cannot render the expression at blank node {node!r}")


def _join(graph: Graph, nodes: Iterable[Node]) -> str:
    rendered = sorted(expression(graph, n) for n in nodes)
    return ", ".join(rendered) if rendered else "-"


def _gg_subjects(graph: Graph, rdf_type: URIRef) -> list[URIRef]:
    found = {
        s
        for s in graph.subjects(RDF.type, rdf_type)
        if isinstance(s, URIRef) and str(s).startswith(GG_NS)
    }
    return sorted(found, key=lambda s: str(s).lower())


def _disjoint(graph: Graph, cls: URIRef) -> list[Node]:
    result: set[Node] = set(graph.objects(cls, OWL.disjointWith))
    result |= set(graph.subjects(OWL.disjointWith, cls))
    for group in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = _items(graph, graph.value(group, OWL.members))
        if cls in members:
            result |= {m for m in members if m != cls}
    return list(result)


def _term_block(graph: Graph, term: URIRef, rows: list[tuple[str, str]]) -> list[str]:
    lines = [f"### {curie(term)}", ""]
    label = _en(graph, term, RDFS.label, SKOS.prefLabel)
    comment = _en(graph, term, RDFS.comment, SKOS.definition)
    lines.append(f"**{label}**: {comment}" if label else comment)
    lines.append("")
    lines.append("| | |")
    lines.append("|---|---|")
    lines.append(f"| IRI | `{term}` |")
    lines.extend(f"| {key} | {value} |" for key, value in rows if value and value != "-")
    lines.append("")
    return lines


def render(graph: Graph) -> str:
    """Return the Markdown page for the ontology in ``graph``."""
    title = _en(graph, ONTOLOGY_IRI, DCTERMS.title)
    out = [
        "# Ontology reference",
        "",
        "<!-- Generated from ontologies/govgraph.ttl by scripts/gen_ontology_docs.py."
        " Do not edit by hand. -->",
        "",
        f"**{title}**, version {graph.value(ONTOLOGY_IRI, OWL.versionInfo)} "
        f"(`{graph.value(ONTOLOGY_IRI, OWL.versionIRI)}`), "
        f"licence `{graph.value(ONTOLOGY_IRI, DCTERMS.license)}`.",
        "",
        _en(graph, ONTOLOGY_IRI, DCTERMS.description),
        "",
        "Namespace `https://w3id.org/govgraph#`, prefix `gg`. The ontology is OWL 2 DL and imports"
        " nothing. It declares external terms only with the kind their owners give them (SKOS,"
        " vann) and leaves `dct:title`, `dct:description` and `skos:prefLabel` undeclared (DCMI"
        " gives them no OWL kind; CPSV-AP makes them data properties), so it loads together with"
        " CPSV-AP, CPOV and DCAT 3 without a term of two kinds and stays consistent for HermiT."
        " Licence: CC BY 4.0, like the shapes. In Python every term is an attribute of the closed"
        " namespace `govgraph.namespace.GG` (for example `GG.Initiative`).",
        "",
        "Prefixes used on this page:",
        "",
        "| prefix | namespace |",
        "|---|---|",
    ]
    out.extend(f"| `{p}` | `{ns}` |" for p, ns in PREFIXES.items())
    out.append("")

    classes = _gg_subjects(graph, OWL.Class)
    defined = [c for c in classes if graph.value(c, OWL.equivalentClass) is not None]
    primitive = [c for c in classes if c not in defined]

    out += ["## Classes", ""]
    for cls in primitive:
        rows = [
            ("Sub-class of", _join(graph, graph.objects(cls, RDFS.subClassOf))),
            ("Disjoint with", _join(graph, _disjoint(graph, cls))),
            (
                "Sub-classes",
                _join(graph, (s for s in graph.subjects(RDFS.subClassOf, cls) if s in classes)),
            ),
        ]
        out += _term_block(graph, cls, rows)

    out += [
        "## Defined classes",
        "",
        "A reasoner (`govgraph reason`) classifies individuals into these classes from their"
        " definitions; nobody needs to state them in the data.",
        "",
    ]
    for cls in defined:
        rows = [("Equivalent to", _join(graph, graph.objects(cls, OWL.equivalentClass)))]
        out += _term_block(graph, cls, rows)

    for heading, rdf_type in (
        ("Object properties", OWL.ObjectProperty),
        ("Datatype properties", OWL.DatatypeProperty),
    ):
        out += [f"## {heading}", ""]
        for prop in _gg_subjects(graph, rdf_type):
            characteristics = sorted(
                curie(t)
                for t in graph.objects(prop, RDF.type)
                if t not in (OWL.ObjectProperty, OWL.DatatypeProperty)
            )
            rows = [
                ("Domain", _join(graph, graph.objects(prop, RDFS.domain))),
                ("Range", _join(graph, graph.objects(prop, RDFS.range))),
                ("Sub-property of", _join(graph, graph.objects(prop, RDFS.subPropertyOf))),
                ("Inverse of", _join(graph, graph.objects(prop, OWL.inverseOf))),
                ("Characteristics", ", ".join(characteristics)),
            ]
            out += _term_block(graph, prop, rows)

    out += ["## Concept schemes", ""]
    for scheme in _gg_subjects(graph, SKOS.ConceptScheme):
        out.append(f"### {curie(scheme)}")
        out.append("")
        out.append(
            f"**{_en(graph, scheme, SKOS.prefLabel)}**: {_en(graph, scheme, SKOS.definition)}"
        )
        out.append("")
        out.append("| concept | label | notation | definition |")
        out.append("|---|---|---|---|")
        members = sorted(set(graph.subjects(SKOS.inScheme, scheme)), key=lambda c: str(c).lower())
        rank = {m: graph.value(m, URIRef(GG_NS + "maturityRank")) for m in members}
        members.sort(key=lambda m: (rank[m] is None, int(rank[m] or 0)))
        for concept in members:
            notation = graph.value(concept, SKOS.notation) or ""
            out.append(
                f"| `{curie(concept)}` | {_en(graph, concept, SKOS.prefLabel)} | `{notation}` "
                f"| {_en(graph, concept, SKOS.definition)} |"
            )
        out.append("")

    in_schemes = set(graph.subjects(SKOS.inScheme, None))
    others = [i for i in _gg_subjects(graph, OWL.NamedIndividual) if i not in in_schemes]
    others = [i for i in others if (i, RDF.type, SKOS.ConceptScheme) not in graph]
    if others:
        out += ["## Other named individuals", ""]
        for individual in others:
            types = (t for t in graph.objects(individual, RDF.type) if t != OWL.NamedIndividual)
            out += _term_block(graph, individual, [("Type", _join(graph, types))])

    out += ["## External terms", "", "Terms of other vocabularies that the ontology declares.", ""]
    out.append("| term | kind | label |")
    out.append("|---|---|---|")
    kinds = (
        ("class", OWL.Class),
        ("object property", OWL.ObjectProperty),
        ("datatype property", OWL.DatatypeProperty),
        ("annotation property", OWL.AnnotationProperty),
    )
    for kind, rdf_type in kinds:
        external = sorted(
            (
                s
                for s in graph.subjects(RDF.type, rdf_type)
                if isinstance(s, URIRef) and not str(s).startswith(GG_NS)
            ),
            key=str,
        )
        for term in external:
            out.append(f"| `{curie(term)}` | {kind} | {_en(graph, term, RDFS.label)} |")
    out.append("")
    return "\n".join(out)


def render_shapes(shapes: Graph) -> str:
    """Return the Markdown section listing the SHACL rules of ``shapes``."""
    out = [
        "## Validation rules (SHACL shapes)",
        "",
        "`shapes/govgraph-shapes.ttl` checks data in this vocabulary (SHACL Core only; the"
        " ontology is background knowledge, so units count as organisations). **Violations**"
        " are broken structure; **warnings** are governance smells in legal data. Each rule's"
        " IRI is `https://w3id.org/govgraph/shapes#` plus the name below (the `source_shape` of"
        " a validation result).",
        "",
        "| applies to | rule | property | severity | message |",
        "|---|---|---|---|---|",
    ]
    rows = []
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        target = curie(shapes.value(node_shape, SH.targetClass))
        for shape in shapes.objects(node_shape, SH.property):
            path = shapes.value(shape, SH.path)
            if isinstance(path, BNode):
                path_text = f"inverse of `{curie(shapes.value(path, SH.inversePath))}`"
            else:
                path_text = f"`{curie(path)}`"
            severity = str(shapes.value(shape, SH.severity)).rsplit("#", 1)[-1]
            name = str(shape)[len(GGSH) :]
            message = " ".join(str(shapes.value(shape, SH.message)).split())
            rows.append((target, name, path_text, severity, message))
    for target, name, path_text, severity, message in sorted(rows):
        out.append(f"| `{target}` | `{name}` | {path_text} | {severity} | {message} |")
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args(argv)
    text = render(Graph().parse(ONTOLOGY, format="turtle"))
    text += "\n" + render_shapes(Graph().parse(SHAPES, format="turtle"))
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.exists() else ""
    if args.check:
        if text != current:
            print(
                f"{OUTPUT} is out of date: run python scripts/gen_ontology_docs.py", file=sys.stderr
            )
            return 1
        return 0
    if text != current:
        OUTPUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
