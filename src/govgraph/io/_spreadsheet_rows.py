"""Rows of an analyst's spreadsheet into triples, one kind of sheet at a time.

The builder behind :func:`govgraph.io.spreadsheet.import_spreadsheet` (split from that module to
keep each file readable): each row is checked cell by cell, and a bad cell is a
:class:`RowError` naming the column, the value and the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, SKOS

from .._exceptions import DataImportError
from ..namespace import ELI, ORG
from ._concepts import (
    LEVELS,
    STATUSES,
    technology_index,
)
from ._esco_labels import esco_labels, esco_pref_labels
from ._layouts import ORG_TYPES, SPREADSHEET_KINDS
from ._normalise import (
    GG,
    clean_text,
    country_code,
    country_iri,
    fold,
    is_http_iri,
    parse_int,
    parse_year,
    slug,
)
from ._result import ImportProblem
from ._table import Table
from .cofog import CofogIndex, cofog_index

__all__ = ["RowBuilder", "RowError"]


class RowError(Exception):
    def __init__(self, column: str, value: Any, reason: str) -> None:
        self.column, self.value, self.reason = column, value, reason


class RowBuilder:
    def __init__(self, table: Table, kind: str, *, base: Namespace, lang: str) -> None:
        self.table = table
        self.kind = kind
        self.base = base
        self.lang = lang
        self.columns = table.column_index()
        self.layout = {c.name: c for c in SPREADSHEET_KINDS[kind]}
        self.graph = Graph()
        self.problems: list[ImportProblem] = []
        self.countries: set[str] = set()
        self.concepts: set[URIRef] = set()
        self.cofog_used = False
        self.tech_used = False
        self.counts: dict[str, int] = {}
        self.minted: list[URIRef] = []
        for prefix, ns in (
            ("gg", GG),
            ("org", ORG),
            ("skos", SKOS),
            ("dct", DCTERMS),
            ("eli", ELI),
        ):
            self.graph.bind(prefix, ns)

    # ------------------------------------------------------------- cells
    def header(self, name: str) -> str:
        i = self.columns.get(name)
        return self.table.header[i] if i is not None else name

    def raw(self, cells: tuple[Any, ...], name: str) -> Any:
        i = self.columns.get(name)
        return cells[i] if i is not None and i < len(cells) else None

    def text(self, cells: tuple[Any, ...], name: str) -> str | None:
        value = clean_text(self.raw(cells, name))
        if value is None and self.layout[name].required:
            raise RowError(name, None, f"required: {self.layout[name].description}")
        return value

    def ref(self, value: str, path: str, column: str) -> URIRef:
        if is_http_iri(value):
            return URIRef(value)
        if value.startswith(("http:", "https:")) or (" " in value.strip() and "/" in value):
            raise RowError(column, value, 'not a valid IRI (no spaces or <>"{}|^` allowed)')
        return self.base[f"{path}/{slug(value)}"]

    def local_id(self, cells: tuple[Any, ...]) -> str:
        ident = self.text(cells, "id") or ""
        if not all(ch.isalnum() or ch in "-_." for ch in ident):
            raise RowError("id", ident, "use only letters, digits, '-', '_' and '.' in ids")
        return ident

    def subject(self, cells: tuple[Any, ...], path: str) -> URIRef:
        explicit = clean_text(self.raw(cells, "iri")) if "iri" in self.layout else None
        if explicit is not None:
            if not is_http_iri(explicit):
                raise RowError("iri", explicit, "not an absolute http(s) IRI")
            return URIRef(explicit)
        return self.base[f"{path}/{slug(self.local_id(cells))}"]

    def year(self, cells: tuple[Any, ...], name: str) -> int | None:
        raw = self.raw(cells, name)
        try:
            return parse_year(raw)
        except ValueError as exc:
            raise RowError(name, raw, str(exc)) from exc

    def whole(
        self, cells: tuple[Any, ...], name: str, *, low: int, high: int | None = None
    ) -> int | None:
        raw = self.raw(cells, name)
        try:
            value = parse_int(raw)
        except ValueError as exc:
            raise RowError(name, raw, f"{exc}; give a whole number") from exc
        if value is None:
            if self.layout[name].required:
                raise RowError(name, None, f"required: {self.layout[name].description}")
            return None
        if value < low or (high is not None and value > high):
            bound = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise RowError(name, raw, f"must be {bound}")
        return value

    def country(self, cells: tuple[Any, ...]) -> str | None:
        raw = self.raw(cells, "country")
        if clean_text(raw) is None:
            return None
        code = country_code(raw)
        if code is None:
            raise RowError(
                "country", raw, "unknown country; use an English name or code such as DEU or EUR"
            )
        self.countries.add(code)
        return code

    def policy_area(self, cells: tuple[Any, ...], index: CofogIndex) -> URIRef | None:
        raw = clean_text(self.raw(cells, "policy_area"))
        if raw is None:
            return None
        for concept, code in index.notations.items():
            if code == raw or code.replace(".", "") == raw.replace(".", ""):
                self.cofog_used = True
                return concept
        for level in (1, 2, 3):
            match = index.match(raw, level=level)
            if match is not None:
                self.cofog_used = True
                return match.concept
        raise RowError(
            "policy_area", raw, "no COFOG concept has this code or label (e.g. 04.1 or 'Transport')"
        )

    def split(self, cells: tuple[Any, ...], name: str) -> list[str]:
        value = clean_text(self.raw(cells, name))
        if value is None:
            return []
        return [p for p in (clean_text(x) for x in value.split(";")) if p]

    def label(self, subject: URIRef, text: str) -> None:
        self.graph.add((subject, SKOS.prefLabel, Literal(text, lang=self.lang)))

    def describe(self, subject: URIRef, cells: tuple[Any, ...]) -> None:
        description = clean_text(self.raw(cells, "description"))
        if description:
            self.graph.add((subject, DCTERMS.description, Literal(description, lang=self.lang)))

    # ------------------------------------------------------------- kinds
    def organisations(self, cells: tuple[Any, ...]) -> list[tuple[Any, Any, Any]]:
        s = self.subject(cells, "org")
        name = self.text(cells, "name") or ""
        kind = fold(self.text(cells, "type"))
        cls = ORG_TYPES.get(kind or "")
        if cls is None:
            raise RowError("type", kind, "use administration, unit or partner")
        out: list[tuple[Any, Any, Any]] = [
            (s, RDF.type, cls),
            (s, SKOS.prefLabel, Literal(name, lang=self.lang)),
        ]
        parent = clean_text(self.raw(cells, "parent"))
        if cls == GG.AdministrativeUnit:
            if parent is None:
                raise RowError(
                    "parent", None, "a unit needs the id or IRI of the organisation it belongs to"
                )
            p = self.ref(parent, "org", "parent")
            out += [(s, ORG.unitOf, p), (p, ORG.hasUnit, s)]
        elif parent is not None:
            raise RowError("parent", parent, "only a unit (type 'unit') has a parent")
        level_text = fold(self.raw(cells, "level"))
        if level_text is not None:
            level = LEVELS.get(level_text)
            if level is None:
                raise RowError("level", level_text, "use eu, national, regional or local")
            if cls != GG.PublicAdministration:
                raise RowError(
                    "level",
                    level_text,
                    "only an administration has a level (units share their parent's)",
                )
            out.append((s, GG.administrativeLevel, level))
            self.concepts.add(level)
        code = self.country(cells)
        if code:
            out.append((s, DCTERMS.spatial, country_iri(code)))
        acronym = clean_text(self.raw(cells, "acronym"))
        if acronym:
            out.append((s, SKOS.altLabel, Literal(acronym, lang=self.lang)))
        headcount = self.whole(cells, "headcount", low=0)
        if headcount is not None:
            out.append((s, GG.headcount, Literal(headcount, datatype=XSD.nonNegativeInteger)))
        homepage = clean_text(self.raw(cells, "homepage"))
        if homepage:
            if not is_http_iri(homepage):
                raise RowError("homepage", homepage, "not an http(s) address")
            out.append((s, FOAF.homepage, URIRef(homepage)))
        return out

    def policies(self, cells: tuple[Any, ...]) -> list[tuple[Any, Any, Any]]:
        s = self.subject(cells, "policy")
        name = self.text(cells, "name") or ""
        out: list[tuple[Any, Any, Any]] = [
            (s, RDF.type, GG.Policy),
            (s, SKOS.prefLabel, Literal(name, lang=self.lang)),
        ]
        owner = clean_text(self.raw(cells, "owner"))
        if owner:
            out.append((s, GG.ownedBy, self.ref(owner, "org", "owner")))
        for act in self.split(cells, "legal_basis"):
            if not is_http_iri(act):
                raise RowError(
                    "legal_basis",
                    act,
                    "give the ELI IRI of the act, e.g. http://data.europa.eu/eli/reg/2024/1689/oj",
                )
            out += [(s, GG.legalBasis, URIRef(act)), (URIRef(act), RDF.type, ELI.LegalResource)]
        area = self.policy_area(cells, cofog_index())
        if area is not None:
            out.append((s, GG.policyArea, area))
        out += self.years(cells, s)
        return out

    def years(self, cells: tuple[Any, ...], s: URIRef) -> list[tuple[Any, Any, Any]]:
        out: list[tuple[Any, Any, Any]] = []
        start, end = self.year(cells, "start_year"), self.year(cells, "end_year")
        if start is not None and end is not None and end < start:
            raise RowError("end_year", end, f"ends before it starts ({start})")
        if start is not None:
            out.append((s, GG.startYear, Literal(start, datatype=XSD.integer)))
        if end is not None:
            out.append((s, GG.endYear, Literal(end, datatype=XSD.integer)))
        return out

    def initiatives(self, cells: tuple[Any, ...]) -> list[tuple[Any, Any, Any]]:
        s = self.subject(cells, "initiative")
        name = self.text(cells, "name") or ""
        lead = self.text(cells, "lead") or ""
        out: list[tuple[Any, Any, Any]] = [
            (s, RDF.type, GG.Initiative),
            (s, SKOS.prefLabel, Literal(name, lang=self.lang)),
            (s, GG.ledBy, self.ref(lead, "org", "lead")),
        ]
        ident = self.local_id(cells)
        if ident:  # the register's own id (ILL-AI-SANDBOX), cited as the case's identifier
            out.append((s, DCTERMS.identifier, Literal(ident)))
        for p in self.split(cells, "participants"):
            out.append((s, GG.hasParticipant, self.ref(p, "org", "participants")))
        for p in self.split(cells, "implements"):
            out.append((s, GG.implements, self.ref(p, "policy", "implements")))
        index = technology_index()
        for t in self.split(cells, "technologies"):
            tech = URIRef(t) if is_http_iri(t) else index.get(fold(t) or "")
            if tech is None:
                raise RowError(
                    "technologies",
                    t,
                    "not a technology of the govgraph scheme (see ontologies/technologies.ttl)",
                )
            out.append((s, GG.usesTechnology, tech))
            self.tech_used = True
        status_text = clean_text(self.raw(cells, "status"))
        if status_text:
            status = STATUSES.get(fold(status_text) or "")
            if status is None:
                raise RowError(
                    "status",
                    status_text,
                    "use planned, in development, pilot, implemented or not in use",
                )
            out.append((s, GG.status, status))
            self.concepts.add(status)
        out += self.years(cells, s)
        code = self.country(cells)
        if code:
            out.append((s, DCTERMS.spatial, country_iri(code)))
        area = self.policy_area(cells, cofog_index())
        if area is not None:
            out.append((s, GG.policyArea, area))
        return out

    def competencies(self, cells: tuple[Any, ...]) -> list[tuple[Any, Any, Any]]:
        org_ref = self.text(cells, "organisation") or ""
        holder = self.ref(org_ref, "org", "organisation")
        skill_text = self.text(cells, "skill") or ""
        if is_http_iri(skill_text):
            skill = URIRef(skill_text)
        else:
            found = esco_labels().get(fold(skill_text) or "")
            if found is None:
                raise RowError(
                    "skill",
                    skill_text,
                    "not an ESCO skill label of the shipped collections; give the ESCO IRI",
                )
            skill = found
        level = self.whole(cells, "proficiency_level", low=1, high=8)
        headcount = self.whole(cells, "headcount", low=0)
        s = self.base[f"competency/{slug(org_ref)}-{skill.split('/')[-1][:36]}-{level}"]
        out: list[tuple[Any, Any, Any]] = [
            (s, RDF.type, GG.Competency),
            (s, GG.heldBy, holder),
            (s, GG.skill, skill),
            (s, GG.proficiencyLevel, Literal(level, datatype=XSD.integer)),
            (skill, RDF.type, GG.Skill),
        ]
        label = esco_pref_labels().get(skill)
        if label:
            out.append((skill, SKOS.prefLabel, Literal(label, lang="en")))
        if headcount is not None:
            out.append((s, GG.headcount, Literal(headcount, datatype=XSD.nonNegativeInteger)))
        note = clean_text(self.raw(cells, "note"))
        if note:
            out.append((s, SKOS.note, Literal(note, lang=self.lang)))
        return out

    # ------------------------------------------------------------- run
    def run(self) -> int:
        missing = [
            c.name
            for c in SPREADSHEET_KINDS[self.kind]
            if c.required and c.name not in self.columns
        ]
        if missing:
            expected = ", ".join(c.name for c in SPREADSHEET_KINDS[self.kind])
            raise DataImportError(
                f"{self.table.source}: row 1: missing required column(s) {missing} for "
                f"kind={self.kind!r}; the columns are: {expected} (see templates/{self.kind}.csv)",
                problems=[ImportProblem(1, m, None, "required column is missing") for m in missing],
            )
        known = set(self.layout)
        for i, header in enumerate(self.table.header):
            key = fold(header)
            if key and key not in known and self.columns.get(key) == i:
                self.problems.append(
                    ImportProblem(
                        1,
                        header,
                        None,
                        f"unknown column ignored (the {self.kind} columns are {sorted(known)})",
                        "warning",
                    )
                )
        handler: Callable[[tuple[Any, ...]], list[tuple[Any, Any, Any]]] = getattr(self, self.kind)
        seen: dict[str, int] = {}
        good = 0
        for row, cells in self.table.rows:
            try:
                triples = handler(cells)
                subject = str(triples[0][0])
                if subject in seen and self.kind != "competencies":
                    raise RowError(
                        "id",
                        clean_text(self.raw(cells, "id")),
                        f"duplicate id (first used in row {seen[subject]})",
                    )
                if subject in seen:
                    raise RowError(
                        "skill",
                        clean_text(self.raw(cells, "skill")),
                        f"the same organisation, skill and level are already in row {seen[subject]}",
                    )
                seen[subject] = row
                s = triples[0][0]
                if self.kind in ("organisations", "policies", "initiatives"):
                    self.describe(s, cells)
            except RowError as err:
                self.problems.append(
                    ImportProblem(
                        row, self.header(err.column), clean_text(err.value), err.reason, "error"
                    )
                )
                continue
            for triple in triples:
                self.graph.add(triple)
            if not ("iri" in self.layout and clean_text(self.raw(cells, "iri"))):
                self.minted.append(triples[0][0])
            good += 1
        return good
