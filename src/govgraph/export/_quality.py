"""Offline metadata quality score following data.europa.eu's MQA methodology (405 points).

The methodology (https://data.europa.eu/mqa/methodology) scores each dataset in five dimensions:
findability 100, accessibility 100, interoperability 110, reusability 75, contextuality 20. Two
checks request the access and download URLs over HTTP (80 points); offline they are reported as
"not checked offline", so the maximum reachable here is 325. Distribution-level checks earn their
weight in proportion to the share of distributions that pass; interoperability uses the best
distribution (the methodology's "identical content in several distributions" assumption). Every
check is listed in docs/export.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF
from rdflib.term import Node

from ._read import load_graph
from ._scores import (
    MAX_OFFLINE,
    MAX_POINTS,
    NOT_CHECKED,
    CheckResult,
    DatasetQuality,
    QualityReport,
)
from ._vocab import AUTH, IANA

__all__ = [
    "MAX_OFFLINE",
    "MAX_POINTS",
    "CheckResult",
    "DatasetQuality",
    "QualityReport",
    "quality",
]


#: data.europa.eu's non-proprietary formats (EU file-type codes).
NON_PROPRIETARY = frozenset(
    [
        "BMP",
        "CSV",
        "DBF",
        "ETSI_XML",
        "GEOJSON",
        "GPKG",
        "GZIP",
        "HTML",
        "ICS",
        "JPEG2000",
        "JSON",
        "JSON_LD",
        "KML",
        "KMZ",
        "NETCDF",
        "ODS",
        "PNG",
        "RDF_N_QUADS",
        "RDF_N_TRIPLES",
        "RDF_TRIG",
        "RDF_TURTLE",
        "RDF_XML",
        "RSS",
        "RTF",
        "TAR",
        "TIFF",
        "TSV",
        "TXT",
        "WMS_SRVC",
        "XML",
        "ZIP",
    ]
)
#: The machine-readable formats of data.europa.eu's list that govgraph users meet (EU codes).
MACHINE_READABLE = frozenset(
    [
        "CSV",
        "DBF",
        "GEOJSON",
        "GML",
        "GPKG",
        "JSON",
        "JSON_LD",
        "KML",
        "N3",
        "NETCDF",
        "ODS",
        "RDF",
        "RDFA",
        "RDF_N_QUADS",
        "RDF_N_TRIPLES",
        "RDF_TRIG",
        "RDF_TURTLE",
        "RDF_XML",
        "SDMX",
        "SHP",
        "SPARQLQ",
        "SPARQLQRES",
        "TSV",
        "TXT",
        "XLS",
        "XLSX",
        "XML",
        "YAML",
    ]
)

# (dimension, indicator, property, weight)
_CHECKS = (
    ("findability", "Keyword usage", "dcat:keyword", 30),
    ("findability", "Categories", "dcat:theme", 30),
    ("findability", "Geo search", "dct:spatial", 20),
    ("findability", "Time-based search", "dct:temporal", 20),
    ("accessibility", "AccessURL accessibility", "dcat:accessURL", 50),
    ("accessibility", "DownloadURL", "dcat:downloadURL", 20),
    ("accessibility", "DownloadURL accessibility", "dcat:downloadURL", 30),
    ("interoperability", "Format", "dct:format", 20),
    ("interoperability", "Media type", "dcat:mediaType", 10),
    ("interoperability", "Format / media type from vocabulary", "dct:format, dcat:mediaType", 10),
    ("interoperability", "Non-proprietary", "dct:format", 20),
    ("interoperability", "Machine readable", "dct:format", 20),
    ("interoperability", "DCAT-AP compliance", "SHACL", 30),
    ("reusability", "Licence information", "dct:license", 20),
    ("reusability", "Licence vocabulary", "dct:license", 10),
    ("reusability", "Access restrictions", "dct:accessRights", 10),
    ("reusability", "Access restrictions vocabulary", "dct:accessRights", 5),
    ("reusability", "Contact point", "dcat:contactPoint", 20),
    ("reusability", "Publisher", "dct:publisher", 10),
    ("contextuality", "Rights", "dct:rights", 5),
    ("contextuality", "File size", "dcat:byteSize", 5),
    ("contextuality", "Date of issue", "dct:issued", 5),
    ("contextuality", "Modification date", "dct:modified", 5),
)


def _code(node: Node | None, table: str) -> str | None:
    prefix = f"{AUTH}{table}/"
    if isinstance(node, URIRef) and str(node).startswith(prefix):
        return str(node)[len(prefix) :]
    return None


def _share(passed: int, total: int, weight: int, what: str) -> tuple[float, str, str]:
    if total == 0:
        return 0.0, "failed", f"no distribution to check for {what}"
    points = round(weight * passed / total, 2)
    status = "passed" if passed == total else ("partial" if passed else "failed")
    return points, status, f"{passed} of {total} distribution(s) have {what}"


def _half_vocabulary(distribution: Node, graph: Graph) -> str:
    """What a distribution has of the vocabularies check when it earns half of it."""
    if _code(graph.value(distribution, DCTERMS.format), "file-type"):
        return "a format from the EU file-type table, but no media type from IANA's"
    return "a media type from IANA's list, but no format from the EU file-type table"


def _noncompliant(graph: Graph) -> set[Node]:
    """Focus nodes with a Violation under the shapes of the catalogue's DCAT-AP version."""
    from ._validate import SHAPES_FILES, _declared_profile, _shapes, run_shapes

    focus: set[Node] = set()
    for shapes in SHAPES_FILES[_declared_profile(graph)]:
        report = run_shapes(graph, _shapes(shapes))
        focus |= {URIRef(r.focus_node) for r in report.violations}
    return focus


def _score(graph: Graph, dataset: Node, bad: set[Node]) -> DatasetQuality:
    title = str(graph.value(dataset, DCTERMS.title) or dataset)
    dists = list(graph.objects(dataset, DCAT.distribution))
    n = len(dists)
    results: list[CheckResult] = []

    def add(index: int, points: float | None, status: str, detail: str) -> None:
        dim, indicator, prop, weight = _CHECKS[index]
        results.append(CheckResult(dim, indicator, prop, weight, points, status, detail))

    def has(prop: URIRef, weight: int, index: int, what: str) -> None:
        ok = graph.value(dataset, prop) is not None
        add(
            index,
            float(weight) if ok else 0.0,
            "passed" if ok else "failed",
            what if ok else f"no {what}",
        )

    has(DCAT.keyword, 30, 0, "keywords")
    has(DCAT.theme, 30, 1, "themes")
    has(DCTERMS.spatial, 20, 2, "spatial coverage")
    has(DCTERMS.temporal, 20, 3, "temporal coverage")
    # the URL checks need HTTP requests; with nothing to request they fail, offline too
    access = sum(1 for d in dists if graph.value(d, DCAT.accessURL) is not None)
    downloads = sum(1 for d in dists if graph.value(d, DCAT.downloadURL) is not None)
    if access:
        add(4, None, NOT_CHECKED, "needs an HTTP request to each access URL")
    else:
        add(4, 0.0, "failed", "no access URL to request (no distribution has one)")
    add(5, *_share(downloads, n, 20, "a download URL"))
    if downloads:
        add(6, None, NOT_CHECKED, "needs an HTTP request to each download URL")
    else:
        add(6, 0.0, "failed", "no download URL to request (no distribution has one)")

    # interoperability: the best distribution counts
    best: list[tuple[float, ...]] = []
    for d in dists:
        fmt = graph.value(d, DCTERMS.format)
        media = graph.value(d, DCAT.mediaType)
        code = _code(fmt, "file-type")
        vocab = (5.0 if code else 0.0) + (
            5.0 if media is not None and str(media).startswith(IANA) else 0.0
        )
        best.append(
            (
                20.0 if fmt is not None else 0.0,
                10.0 if media is not None else 0.0,
                vocab,
                20.0 if code in NON_PROPRIETARY else 0.0,
                20.0 if code in MACHINE_READABLE else 0.0,
            )
        )
    at = max(range(len(best)), key=lambda k: sum(best[k])) if best else None
    top = best[at] if at is not None else (0.0, 0.0, 0.0, 0.0, 0.0)
    labels = (
        "a format",
        "a media type",
        "format and media type from the EU and IANA vocabularies",
        "a non-proprietary format",
        "a machine-readable format",
    )
    for offset, (points, label) in enumerate(zip(top, labels, strict=True)):
        weight = _CHECKS[7 + offset][3]
        status = "passed" if points == weight else ("partial" if points else "failed")
        if status == "partial" and at is not None:  # the vocabularies check, half of it
            label = _half_vocabulary(dists[at], graph)
        add(
            7 + offset,
            points,
            status,
            f"best distribution has {label}" if points else f"no distribution has {label}",
        )
    related = {dataset, *dists}
    compliant = not (related & bad)
    add(
        12,
        30.0 if compliant else 0.0,
        "passed" if compliant else "failed",
        "no DCAT-AP violation on the dataset or its distributions"
        if compliant
        else "DCAT-AP violations on the dataset or its distributions (run validate-dcat)",
    )

    add(
        13,
        *_share(
            sum(1 for d in dists if graph.value(d, DCTERMS.license) is not None), n, 20, "a licence"
        ),
    )
    add(
        14,
        *_share(
            sum(1 for d in dists if _code(graph.value(d, DCTERMS.license), "licence")),
            n,
            10,
            "a licence from the EU licence table",
        ),
    )
    has(DCTERMS.accessRights, 10, 15, "access rights")
    ok = _code(graph.value(dataset, DCTERMS.accessRights), "access-right") is not None
    add(
        16,
        5.0 if ok else 0.0,
        "passed" if ok else "failed",
        "access rights from the EU access-right table"
        if ok
        else "access rights not from the EU table",
    )
    has(DCAT.contactPoint, 20, 17, "contact point")
    has(DCTERMS.publisher, 10, 18, "publisher")
    add(
        19,
        *_share(
            sum(1 for d in dists if graph.value(d, DCTERMS.rights) is not None), n, 5, "rights"
        ),
    )
    add(
        20,
        *_share(
            sum(1 for d in dists if graph.value(d, DCAT.byteSize) is not None), n, 5, "a byte size"
        ),
    )
    has(DCTERMS.issued, 5, 21, "date of issue")
    has(DCTERMS.modified, 5, 22, "modification date")
    return DatasetQuality(str(dataset), title, tuple(results))


def quality(catalog: Graph | str | Path | Sequence[str | Path]) -> QualityReport:
    """Score every dataset of a DCAT-AP catalogue with the data.europa.eu MQA methodology.

    Args:
        catalog: A catalogue file, several files, or an rdflib graph.

    Returns:
        One :class:`DatasetQuality` per dataset (sorted by IRI); the two URL checks (80 points)
        are "not checked offline", so a perfect catalogue scores 325.

    Examples:
        A catalogue written by :func:`export_dcat_ap` loses only the geographic search
        points when the data names no country:

        >>> import datetime as dt
        >>> import tempfile
        >>> from govgraph import GovGraph
        >>> from govgraph.export import export_dcat_ap, quality
        >>> result = export_dcat_ap(
        ...     GovGraph.example().store,
        ...     tempfile.mkdtemp(),
        ...     base_url="https://data.example.org/",
        ...     publisher="http://publications.europa.eu/resource/authority/corporate-body/DIGIT",
        ...     publisher_name="DG DIGIT",
        ...     issued=dt.date(2026, 1, 31),
        ... )
        >>> score = quality(result.catalog[0].path).datasets[0]
        >>> score.title, score.points, score.max_offline, score.rating_if_reachable
        ('Public governance knowledge graph', 305.0, 325, 'Excellent')
        >>> [c.indicator for c in score.checks if c.status == "failed"]
        ['Geo search']

    Raises:
        ParseError: A catalogue file is missing or does not parse.
    """
    sources = [catalog] if isinstance(catalog, Graph | str | Path) else list(catalog)
    out = []
    for source in sources:
        graph = load_graph(source)
        bad = _noncompliant(graph)
        for dataset in sorted(set(graph.subjects(RDF.type, DCAT.Dataset)), key=str):
            out.append(_score(graph, dataset, bad))
    return QualityReport(tuple(out))
