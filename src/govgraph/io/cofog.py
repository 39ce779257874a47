"""COFOG (UN Classification of the Functions of Government) as a SKOS scheme, and label matching.

The shipped ``data/cofog/cofog.ttl`` (CSIRO linked-data edition, CC BY 4.0) has the ten divisions
(``01`` .. ``10``) as top concepts, 69 groups and 109 classes. :func:`import_cofog` writes a clean
English subset; :class:`CofogIndex` matches free-text labels such as PSTW's
"Functions of Government (COFOG level II)" column to the concepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .._exceptions import DataImportError
from .._resources import data_path
from ._normalise import fold
from ._result import ImportResult

__all__ = ["COFOG_SCHEME", "CofogIndex", "CofogMatch", "cofog_index", "import_cofog"]

COFOG_SCHEME = URIRef("http://linked.data.gov.au/def/cofog")
_SUFFIX = re.compile(r"\s*\((CS|IS)\)\s*$")
#: A truncated label must keep at least this many characters to be matched by prefix.
MIN_PREFIX = 20


def _key(label: str) -> str:
    """Matching key: folded, without a trailing period (``"Unemployment."`` -> ``unemployment``)."""
    key = fold(label) or ""
    return key.rstrip(". ").strip()


def _clean_label(label: str) -> str:
    text = _SUFFIX.sub("", label)
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class CofogMatch:
    """A COFOG concept found for a label.

    Attributes:
        concept: The COFOG concept IRI.
        notation: Its code (``"04.1"``).
        how: ``"exact"`` (after trimming, case folding, trailing period) or ``"prefix"`` (a
            truncated label that starts exactly one concept's label).
    """

    concept: URIRef
    notation: str
    how: str


@lru_cache(maxsize=4)
def _parse(path: str) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser-specific errors
        raise DataImportError(f"{path}: cannot parse COFOG Turtle: {exc}") from exc
    return graph


def _source_graph(path: str | Path | None) -> tuple[str, Graph]:
    source = str(path) if path is not None else str(data_path("cofog", "cofog.ttl"))
    if not Path(source).is_file():
        raise DataImportError(f"{source}: no such file; give the COFOG SKOS Turtle file.")
    return source, _parse(source)


class CofogIndex:
    """Label lookup over COFOG divisions (level I), groups (level II) and classes (level III)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.labels: dict[URIRef, str] = {}
        self.notations: dict[URIRef, str] = {}
        self.broader: dict[URIRef, URIRef] = {}
        self._by_level: dict[int, dict[str, URIRef]] = {1: {}, 2: {}, 3: {}}
        for concept, notation in graph.subject_objects(SKOS.notation):
            if not isinstance(concept, URIRef):
                continue
            code = str(notation)
            level = code.count(".") + 1
            if level not in self._by_level:
                continue
            self.notations[concept] = code
            label = next(
                (
                    str(lbl)
                    for lbl in graph.objects(concept, SKOS.prefLabel)
                    if isinstance(lbl, Literal) and lbl.language == "en"
                ),
                code,
            )
            self.labels[concept] = _clean_label(label)
            self._by_level[level][_key(self.labels[concept])] = concept
            parent = graph.value(concept, SKOS.broader)
            if isinstance(parent, URIRef):
                self.broader[concept] = parent

    def level(self, concept: URIRef) -> int:
        """Return 1 (division), 2 (group) or 3 (class).

        Examples:
            >>> from govgraph.io.cofog import cofog_index
            >>> from govgraph.namespace import COFOG
            >>> index = cofog_index()
            >>> [(index.notations[COFOG[c]], index.level(COFOG[c])) for c in ("07", "072", "0721")]
            [('07', 1), ('07.2', 2), ('07.2.1', 3)]

        Raises:
            KeyError: The concept is not a division, group or class of the index.
        """
        return self.notations[concept].count(".") + 1

    def division(self, concept: URIRef) -> URIRef:
        """Return the division (level I) a concept belongs to.

        A concept with no broader concept is its own division.

        Examples:
            >>> from govgraph.io.cofog import cofog_index
            >>> from govgraph.namespace import COFOG
            >>> index = cofog_index()
            >>> index.labels[COFOG["0721"]]
            'General medical services'
            >>> top = index.division(COFOG["0721"])
            >>> index.notations[top], index.labels[top]
            ('07', 'Health')
        """
        while concept in self.broader:
            concept = self.broader[concept]
        return concept

    def match(self, label: str, *, level: int, within: URIRef | None = None) -> CofogMatch | None:
        """Find the concept of ``level`` whose English label is ``label``.

        Matching: trim, collapse white space, case-fold, drop a trailing period, then compare
        with the concept labels treated the same way. When that fails, a label of at least 20
        characters that is the beginning of exactly one concept label at that level (preferring
        concepts under ``within``) matches "by prefix": PSTW truncates "General economic,
        commercial and labour affairs" to "...affair".

        Args:
            label: The text to look up.
            level: 1 (division), 2 (group) or 3 (class).
            within: A division; prefix matches inside it win.

        Returns:
            The match, or ``None`` when nothing (or more than one concept) matches.

        Examples:
            >>> from govgraph.io.cofog import cofog_index
            >>> index = cofog_index()
            >>> found = index.match("  HEALTH ", level=1)
            >>> found.notation, found.how, str(found.concept)
            ('07', 'exact', 'http://linked.data.gov.au/def/cofog/07')
            >>> found = index.match("General economic, commercial and labour affair", level=2)
            >>> found.notation, found.how, index.labels[found.concept]
            ('04.1', 'prefix', 'General economic, commercial and labour affairs')
            >>> index.match("Health", level=2) is None  # a division, not a group
            True
        """
        key = _key(label)
        if not key:
            return None
        table = self._by_level.get(level, {})
        if key in table:
            concept = table[key]
            return CofogMatch(concept, self.notations[concept], "exact")
        if len(key) < MIN_PREFIX:
            return None
        candidates = [c for k, c in table.items() if k.startswith(key)]
        if within is not None and len(candidates) > 1:
            inside = [c for c in candidates if self.division(c) == within]
            if inside:
                candidates = inside
        if len(candidates) == 1:
            return CofogMatch(candidates[0], self.notations[candidates[0]], "prefix")
        return None

    def describe(self, graph: Graph, *, max_level: int = 2) -> int:
        """Add the scheme and its concepts down to ``max_level`` with English labels.

        Returns:
            The number of concepts written.

        Examples:
            >>> from rdflib import Graph
            >>> from rdflib.namespace import SKOS
            >>> from govgraph.io.cofog import cofog_index
            >>> from govgraph.namespace import COFOG
            >>> graph = Graph()
            >>> cofog_index().describe(graph, max_level=1)  # the ten divisions
            10
            >>> str(graph.value(COFOG["07"], SKOS.prefLabel)), (COFOG["072"], None, None) in graph
            ('Health', False)
        """
        graph.add((COFOG_SCHEME, RDF.type, SKOS.ConceptScheme))
        graph.add(
            (
                COFOG_SCHEME,
                SKOS.prefLabel,
                Literal("Classification of the Functions of Government (COFOG)", lang="en"),
            )
        )
        graph.add(
            (
                COFOG_SCHEME,
                DCTERMS.source,
                URIRef("https://unstats.un.org/unsd/classifications/Family/Detail/4"),
            )
        )
        written = 0
        for concept, code in sorted(self.notations.items(), key=lambda kv: kv[1]):
            level = code.count(".") + 1
            if level > max_level:
                continue
            written += 1
            graph.add((concept, RDF.type, SKOS.Concept))
            graph.add((concept, SKOS.prefLabel, Literal(self.labels[concept], lang="en")))
            graph.add((concept, SKOS.notation, Literal(code)))
            graph.add((concept, SKOS.inScheme, COFOG_SCHEME))
            if level == 1:
                graph.add((concept, SKOS.topConceptOf, COFOG_SCHEME))
                graph.add((COFOG_SCHEME, SKOS.hasTopConcept, concept))
            elif concept in self.broader:
                graph.add((concept, SKOS.broader, self.broader[concept]))
        return written


@lru_cache(maxsize=4)
def _index(path: str) -> CofogIndex:
    return CofogIndex(_parse(path))


def cofog_index(path: str | Path | None = None) -> CofogIndex:
    """Return the (cached) :class:`CofogIndex` of a COFOG file (default: the shipped one).

    Examples:
        >>> from govgraph.io.cofog import cofog_index
        >>> from govgraph.namespace import COFOG
        >>> index = cofog_index()
        >>> len(index.notations), index.labels[COFOG["10"]]
        (188, 'Social protection')
        >>> cofog_index() is index  # read once
        True

    Raises:
        DataImportError: The file is missing or is not valid Turtle.
    """
    source, _ = _source_graph(path)
    return _index(source)


def import_cofog(path: str | Path | None = None, *, max_level: int = 3) -> ImportResult:
    """Import COFOG as a clean SKOS scheme with English labels.

    Labels lose the source's "(CS)"/"(IS)" suffixes and doubled spaces; the hierarchy is kept as
    ``skos:broader``; divisions are ``skos:topConceptOf`` the scheme
    ``http://linked.data.gov.au/def/cofog``.

    Args:
        path: A COFOG SKOS Turtle file; by default the copy shipped with govgraph.
        max_level: 1 (divisions), 2 (groups) or 3 (classes, the default).

    Returns:
        The :class:`ImportResult` (counts: ``divisions``, ``groups``, ``classes``, ``concepts``).

    Examples:
        >>> from rdflib.namespace import SKOS
        >>> from govgraph.io import import_cofog
        >>> from govgraph.namespace import COFOG
        >>> result = import_cofog(max_level=1)
        >>> dict(result.counts)
        {'divisions': 10, 'groups': 0, 'classes': 0, 'concepts': 10}
        >>> str(result.graph.value(COFOG["10"], SKOS.prefLabel))
        'Social protection'

    Raises:
        DataImportError: The file is missing or is not valid Turtle, or ``max_level`` is not 1, 2
            or 3.
    """
    if max_level not in (1, 2, 3):
        raise DataImportError(f"max_level must be 1, 2 or 3, not {max_level!r}")
    source, _ = _source_graph(path)
    index = _index(source)
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("cofog", "http://linked.data.gov.au/def/cofog/")
    written = index.describe(graph, max_level=max_level)
    levels = [index.level(c) for c in index.notations]
    counts = {
        "divisions": levels.count(1),
        "groups": levels.count(2) if max_level >= 2 else 0,
        "classes": levels.count(3) if max_level >= 3 else 0,
        "concepts": written,
    }
    return ImportResult(graph=graph, kind="cofog", source=source, counts=counts)
