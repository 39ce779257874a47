"""Import ESCO skills (CSV export, v1.2.0 layout) as ``gg:Skill`` concepts.

Reads, from one directory, whichever of these files are present (at least one collection):

- ``digitalSkillsCollection_en.csv``, ``digCompSkillsCollection_en.csv``,
  ``transversalSkillsCollection_en.csv``: the skills, each collection also written as a
  ``skos:Collection``;
- ``skillGroups_en.csv``: labels of the skill groups above them;
- ``broaderRelationsSkillPillar_en.csv``: the skill hierarchy (``skos:broader``).

Skills keep their ESCO IRIs. The shipped subset (``data/esco``) is described in
``data/SOURCES.md``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from .._exceptions import DataImportError
from .._resources import data_path
from ._normalise import GG, ID, clean_text, is_http_iri
from ._result import ImportProblem, ImportResult

__all__ = ["ESCO_COLLECTIONS", "ESCO_SKILLS_SCHEME", "import_esco"]

ESCO_SKILLS_SCHEME = URIRef("http://data.europa.eu/esco/concept-scheme/skills")
ESCO_LICENCE = URIRef("https://eur-lex.europa.eu/eli/dec/2011/833/oj")

#: Collection key -> (file name, collection label).
ESCO_COLLECTIONS: dict[str, tuple[str, str]] = {
    "digital": ("digitalSkillsCollection_en.csv", "ESCO digital skills collection"),
    "digcomp": ("digCompSkillsCollection_en.csv", "ESCO DigComp skills collection"),
    "transversal": ("transversalSkillsCollection_en.csv", "ESCO transversal skills collection"),
}
GROUPS_FILE = "skillGroups_en.csv"
BROADER_FILE = "broaderRelationsSkillPillar_en.csv"


def _split(value: str | None) -> list[str]:
    if not value:
        return []
    parts = value.replace(" | ", "\n").split("\n")
    return [p for p in (clean_text(x) for x in parts) if p]


def _read(path: Path, problems: list[ImportProblem]) -> list[tuple[int, dict[str, str]]]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = []
            for record in reader:
                rows.append(
                    (reader.line_num, {k: v for k, v in record.items() if isinstance(k, str)})
                )
            return rows
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataImportError(f"{path}: cannot read the ESCO CSV file: {exc}") from exc


def import_esco(
    directory: str | Path | None = None,
    *,
    collections: tuple[str, ...] = ("digital", "digcomp", "transversal"),
    strict: bool = False,
) -> ImportResult:
    r"""Import ESCO skills, their hierarchy and the skill collections.

    Each skill becomes ``gg:Skill`` under its ESCO IRI with ``skos:prefLabel``, ``skos:altLabel``
    and ``skos:definition`` (English), ``skos:inScheme`` the ESCO skills pillar and
    ``skos:broader`` links. The ancestors of the skills (ESCO skill groups and broader skills) are
    included with their labels, so the hierarchy can be walked in the output alone; a broader
    concept whose label is not in the files is left out and counted in
    ``counts["unlabelled_broader"]``. Each collection becomes a ``skos:Collection``
    (``https://w3id.org/govgraph/id/esco-collection/digital`` ...) with ``skos:member`` links.

    Args:
        directory: Folder of the ESCO CSV files; default: the subset shipped with govgraph.
        collections: Which collections to read: ``digital``, ``digcomp``, ``transversal``.
        strict: Raise when any row was rejected.

    Returns:
        The :class:`ImportResult` (counts: ``skills``, ``skill_groups``, ``broader_links``,
        per-collection member counts, ``unlabelled_broader``).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from rdflib import URIRef
        >>> from rdflib.namespace import SKOS
        >>> from govgraph.io import import_esco
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     _ = (Path(folder) / "digitalSkillsCollection_en.csv").write_text(
        ...         "conceptUri,preferredLabel,broaderConceptUri,broaderConceptPT\n"
        ...         "http://data.europa.eu/esco/skill/s1,Haskell,"
        ...         "http://data.europa.eu/esco/skill/g1,computer programming\n"
        ...         ",Python,,\n",
        ...         encoding="utf-8",
        ...     )
        ...     result = import_esco(folder)
        >>> [result.counts[k] for k in ("skills", "digital_members", "broader_links")]
        [1, 1, 1]
        >>> parent = result.graph.value(URIRef("http://data.europa.eu/esco/skill/s1"), SKOS.broader)
        >>> str(result.graph.value(parent, SKOS.prefLabel))
        'computer programming'
        >>> [str(problem) for problem in result.problems]
        ["row 3, column 'conceptUri': missing or invalid ESCO IRI; row skipped"]

    Raises:
        DataImportError: The folder holds none of the requested collections, a file is
            unreadable, or ``strict`` is set and rows were rejected.
    """
    folder = Path(directory) if directory is not None else data_path("esco")
    if not folder.is_dir():
        raise DataImportError(f"{folder}: not a directory; give the folder of the ESCO CSV files.")
    unknown = [c for c in collections if c not in ESCO_COLLECTIONS]
    if unknown:
        raise DataImportError(
            f"unknown ESCO collection(s) {unknown}; choose from {list(ESCO_COLLECTIONS)}"
        )
    present = [c for c in collections if (folder / ESCO_COLLECTIONS[c][0]).is_file()]
    if not present:
        wanted = [ESCO_COLLECTIONS[c][0] for c in collections]
        raise DataImportError(
            f"{folder}: none of {wanted} found; download the ESCO CSV export (EN)."
        )

    problems: list[ImportProblem] = []
    g = Graph()
    g.bind("gg", GG)
    g.bind("skos", SKOS)
    g.bind("esco", "http://data.europa.eu/esco/skill/")
    skills: dict[URIRef, dict[str, str]] = {}
    labels: dict[URIRef, str] = {}
    broader: dict[URIRef, set[URIRef]] = {}
    counts: dict[str, int] = {}

    for key in present:
        file_name, title = ESCO_COLLECTIONS[key]
        collection = ID[f"esco-collection/{key}"]
        g.add((collection, RDF.type, SKOS.Collection))
        g.add((collection, SKOS.prefLabel, Literal(title, lang="en")))
        g.add(
            (collection, DCTERMS.source, URIRef("https://esco.ec.europa.eu/en/use-esco/download"))
        )
        g.add((collection, DCTERMS.license, ESCO_LICENCE))
        members = 0
        for line, row in _read(folder / file_name, problems):
            uri = clean_text(row.get("conceptUri"))
            label = clean_text(row.get("preferredLabel"))
            if uri is None or not is_http_iri(uri):
                problems.append(
                    ImportProblem(
                        line, "conceptUri", uri, "missing or invalid ESCO IRI; row skipped"
                    )
                )
                continue
            if label is None:
                problems.append(
                    ImportProblem(
                        line, "preferredLabel", None, "skill without a label; row skipped"
                    )
                )
                continue
            iri = URIRef(uri)
            skills[iri] = row
            labels[iri] = label
            g.add((collection, SKOS.member, iri))
            members += 1
            parents = [p for p in _split(row.get("broaderConceptUri")) if is_http_iri(p)]
            parent_labels = _split(row.get("broaderConceptPT"))
            for parent, parent_label in zip(parents, parent_labels, strict=False):
                labels.setdefault(URIRef(parent), parent_label)
            broader.setdefault(iri, set()).update(URIRef(p) for p in parents)
        counts[f"{key}_members"] = members

    groups: set[URIRef] = set()
    group_rows: dict[URIRef, dict[str, str]] = {}
    if (folder / GROUPS_FILE).is_file():
        for _line, group in _read(folder / GROUPS_FILE, problems):
            group_uri = clean_text(group.get("conceptUri"))
            group_label = clean_text(group.get("preferredLabel"))
            if group_uri and group_label and is_http_iri(group_uri):
                labels[URIRef(group_uri)] = group_label
                group_rows[URIRef(group_uri)] = group
    if (folder / BROADER_FILE).is_file():
        for _line, rel in _read(folder / BROADER_FILE, problems):
            child_uri = clean_text(rel.get("conceptUri"))
            parent_uri = clean_text(rel.get("broaderUri"))
            if child_uri and parent_uri and is_http_iri(child_uri) and is_http_iri(parent_uri):
                broader.setdefault(URIRef(child_uri), set()).add(URIRef(parent_uri))

    # Walk up from the skills: every labelled ancestor is written; unlabelled ones are dropped.
    written: set[URIRef] = set()
    unlabelled: set[URIRef] = set()
    stack = list(skills)
    links = 0
    while stack:
        node = stack.pop()
        if node in written:
            continue
        written.add(node)
        g.add((node, RDF.type, GG.Skill))
        g.add((node, SKOS.prefLabel, Literal(labels[node], lang="en")))
        g.add((node, SKOS.inScheme, ESCO_SKILLS_SCHEME))
        record = skills.get(node) or group_rows.get(node)
        if node in group_rows:
            groups.add(node)
        if record is not None:
            for alt in _split(record.get("altLabels")):
                if alt != labels[node]:
                    g.add((node, SKOS.altLabel, Literal(alt, lang="en")))
            definition = clean_text(record.get("description"))
            if definition:
                g.add((node, SKOS.definition, Literal(definition, lang="en")))
            skill_type = clean_text(record.get("skillType"))
            if skill_type:
                g.add((node, DCTERMS.type, Literal(skill_type)))
        for parent in sorted(broader.get(node, ())):
            if parent not in labels:
                unlabelled.add(parent)
                continue
            g.add((node, SKOS.broader, parent))
            links += 1
            if parent not in written:
                stack.append(parent)

    g.add((ESCO_SKILLS_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((ESCO_SKILLS_SCHEME, SKOS.prefLabel, Literal("ESCO skills pillar", lang="en")))
    g.add((ESCO_SKILLS_SCHEME, DCTERMS.license, ESCO_LICENCE))
    g.add(
        (
            ESCO_SKILLS_SCHEME,
            RDFS.comment,
            Literal("ESCO v1.2.0. ESCO © European Union.", lang="en"),
        )
    )

    result_counts = {
        "skills": len(skills),
        "skill_groups": len(groups),
        "ancestor_skills": len(written) - len(skills) - len(groups),
        "broader_links": links,
        **counts,
        "unlabelled_broader": len(unlabelled),
        "problems": len(problems),
    }
    result = ImportResult(
        graph=g, kind="esco", source=str(folder), counts=result_counts, problems=tuple(problems)
    )
    if strict:
        result.raise_for_problems(include_warnings=True)
    return result
