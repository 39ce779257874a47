"""Partners, collaboration types and funding sources of Tech Watch cases.

PSTW names the company or GovTech solution behind a case in one free-text cell ("Company name or
GovTech ID"): "Ayesa, Vodafone, Huawei, Adif", "Loriot - GTS-1084", "Theoremus
(https://theoremus.com/) GTS-1060", "GTS-1069". :func:`split_partners` splits such a cell into
partner mentions (name, GovTech identifiers, homepage); :class:`PartnerIndex` gives one node per
partner, keyed by its normalised name (an identifier alone is resolved to the one name it is
given with elsewhere).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from ._normalise import ID, clean_text, fold, slug
from ._resolve import match_key

__all__ = [
    "COLLABORATION_SCHEME",
    "COLLABORATION_TYPES",
    "FUNDING_SCHEME",
    "FUNDING_SOURCES",
    "PARTNER_KINDS",
    "PARTNER_KIND_SCHEME",
    "Concept",
    "Partner",
    "PartnerIndex",
    "PartnerMention",
    "collaboration_type",
    "funding_source",
    "split_partners",
]


@dataclass(frozen=True)
class Concept:
    """A concept of one of the importer's small schemes (collaboration types, funding...)."""

    path: str
    code: str
    label: str

    @property
    def iri(self) -> URIRef:
        """``https://w3id.org/govgraph/id/<path>/<code>``."""
        return ID[f"{self.path}/{self.code}"]


COLLABORATION_SCHEME = ID["scheme/collaboration-types"]
FUNDING_SCHEME = ID["scheme/funding-sources"]
PARTNER_KIND_SCHEME = ID["scheme/partner-kinds"]


def _c(path: str, code: str, label: str) -> Concept:
    return Concept(path, code, label)


_COLLAB = "collaboration-type"
#: Folded PSTW "Collaboration type" values -> concept.
COLLABORATION_TYPES: dict[str, Concept] = {
    "private corporation": _c(_COLLAB, "private-corporation", "Private corporation"),
    "consortium (research institutions, private sector and other pas)": _c(
        _COLLAB, "consortium", "Consortium (research institutions, private sector, other PAs)"
    ),
    "consortium": _c(
        _COLLAB, "consortium", "Consortium (research institutions, private sector, other PAs)"
    ),
    "govtech": _c(_COLLAB, "govtech", "GovTech"),
    "universities/research organisations": _c(
        _COLLAB, "research", "Universities and research organisations"
    ),
    "universities": _c(_COLLAB, "research", "Universities and research organisations"),
    "other pas": _c(_COLLAB, "other-public-administrations", "Other public administrations"),
    "fully internal": _c(_COLLAB, "internal", "Fully internal"),
    "open innovation/challenges": _c(_COLLAB, "open-innovation", "Open innovation, challenges"),
    "sandboxing": _c(_COLLAB, "sandboxing", "Sandboxing"),
}

_FUND = "funding-source"
#: Folded PSTW "Funding source" values -> concept.
FUNDING_SOURCES: dict[str, Concept] = {
    "eu-funded project": _c(_FUND, "eu", "EU-funded"),
    "national-funded project": _c(_FUND, "national", "Nationally funded"),
    "regional-funded project": _c(_FUND, "regional", "Regionally funded"),
    "local-funded project": _c(_FUND, "local", "Locally funded"),
    "funded with own resources": _c(_FUND, "own", "Own resources"),
}

#: Kinds of partner organisation (``org:classification``).
PARTNER_KINDS: dict[str, Concept] = {
    "company": _c("partner-kind", "company", "Company"),
    "govtech": _c("partner-kind", "govtech", "GovTech company or solution"),
}


def collaboration_type(value: object) -> Concept | None:
    """The collaboration-type concept of a PSTW value, or ``None`` when unknown."""
    key = fold(value)
    return COLLABORATION_TYPES.get(key) if key else None


def funding_source(value: object) -> Concept | None:
    """The funding-source concept of a PSTW value, or ``None`` when unknown."""
    key = fold(value)
    if key is None:
        return None
    return FUNDING_SOURCES.get(key) or FUNDING_SOURCES.get(f"{key} project")


@dataclass(frozen=True)
class PartnerMention:
    """One partner named in a cell.

    Attributes:
        name: The name as written (without identifiers, links and notes), or ``None`` when the
            cell gives only an identifier.
        ids: GovTech identifiers (``GTS-1060``, ``GTI-130``, ``GT-69``).
        homepage: A web address given with the name.
    """

    name: str | None
    ids: tuple[str, ...]
    homepage: str | None


_ID = re.compile(r"\b(GT[SI]?-\d+)\b")
_URL = re.compile(r"https?://[^\s(),]+")
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)


def _split_outside_brackets(text: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if depth == 0 and ch in ",;":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    out: list[str] = []
    for part in parts:
        # " and " only outside brackets: mask bracketed text first.
        masked = re.sub(r"\([^()]*\)?", lambda m: "\0" * len(m.group(0)), part)
        start = 0
        for m in _AND.finditer(masked):
            out.append(part[start : m.start()])
            start = m.end()
        out.append(part[start:])
    return [p for p in (x.strip() for x in out) if p]


def split_partners(cell: object) -> list[PartnerMention]:
    """Split a "Company name or GovTech ID" cell into partner mentions.

    >>> [m.name for m in split_partners("Ayesa, Vodafone and Huawei")]
    ['Ayesa', 'Vodafone', 'Huawei']
    >>> split_partners("Theoremus (https://theoremus.com/) GTS-1060")[0].ids
    ('GTS-1060',)
    >>> split_partners("GTS-1069")[0].name is None
    True
    """
    text = clean_text(cell)
    if text is None:
        return []
    mentions = []
    for part in _split_outside_brackets(text):
        ids = tuple(dict.fromkeys(_ID.findall(part)))
        url = _URL.search(part)
        rest = _URL.sub(" ", _ID.sub(" ", part))
        # Drop notes in brackets ("(responsible for the design ...)") and empty brackets.
        rest = re.sub(r"\([^()]*\)?", " ", rest)
        name = clean_text(rest.strip(" -–,:;.!()")) if rest.strip(" -–,:;.!()") else None
        if name is None and not ids:
            continue
        mentions.append(PartnerMention(name, ids, url.group(0).rstrip(".") if url else None))
    return mentions


@dataclass
class Partner:
    """One partner organisation node."""

    key: str
    label: str
    local: str = ""
    ids: set[str] = field(default_factory=set)
    homepage: str | None = None
    govtech: bool = False
    names: set[str] = field(default_factory=set)
    rows: list[int] = field(default_factory=list)
    #: The organisation node of the import this partner is (same name: a company that leads
    #: cases and partners in others), or ``None``.
    organisation: URIRef | None = None

    @property
    def iri(self) -> URIRef:
        """``https://w3id.org/govgraph/id/partner/<slug of its first name>``.

        The IRI of the organisation it is, when it is one (:attr:`organisation`).
        """
        if self.organisation is not None:
            return self.organisation
        return ID[f"partner/{self.local or slug(self.key or 'x')}"]

    @property
    def kind(self) -> Concept:
        """The partner kind (company or GovTech)."""
        return PARTNER_KINDS["govtech" if self.govtech else "company"]


class PartnerIndex:
    """Collects partner mentions row by row and resolves them to partner nodes."""

    def __init__(self) -> None:
        self.partners: dict[str, Partner] = {}
        self._pending: list[tuple[int, str, PartnerMention, bool]] = []
        self._id_names: dict[str, set[str]] = defaultdict(set)
        #: identifier -> name key -> (the first name written with it, its rows)
        self._id_rows: dict[str, dict[str, tuple[str, list[int]]]] = defaultdict(dict)

    def add(self, row: int, ident: str, mention: PartnerMention, *, govtech: bool) -> None:
        """Record a mention in ``row`` of case ``ident``."""
        self._pending.append((row, ident, mention, govtech))
        if mention.name is not None:
            key = match_key(mention.name).key or fold(mention.name) or ""
            for gid in mention.ids:
                self._id_names[gid].add(key)
                self._id_rows[gid].setdefault(key, (mention.name, []))[1].append(row)

    def resolve(self) -> tuple[dict[str, list[Partner]], list[tuple[int, str]]]:
        """Return the partners of each case identifier, and ``(row, message)`` notes."""
        notes: list[tuple[int, str]] = []
        by_case: dict[str, list[Partner]] = defaultdict(list)
        for gid, keys in sorted(self._id_names.items()):
            if len(keys) > 1:
                notes.append(_id_note(gid, self._id_rows[gid]))
        for row, ident, mention, govtech in self._pending:
            if mention.name is not None:
                key = match_key(mention.name).key or fold(mention.name) or ""
                label = mention.name
            else:
                known = {k for gid in mention.ids for k in self._id_names.get(gid, set())}
                if len(known) == 1:
                    key = next(iter(known))
                    label = ""
                else:
                    key = fold(" ".join(mention.ids)) or ""
                    label = f"GovTech solution {' '.join(mention.ids)}"
                    notes.append(
                        (row, f"partner identified only by {', '.join(mention.ids)}; no name")
                    )
            partner = self.partners.get(key)
            if partner is None:
                partner = self.partners[key] = Partner(key=key, label=label)
            if not partner.label and label:
                partner.label = label
            if mention.name is not None:
                partner.names.add(mention.name)
            partner.ids.update(mention.ids)
            partner.homepage = partner.homepage or mention.homepage
            partner.govtech = partner.govtech or govtech
            partner.rows.append(row)
            if partner not in by_case[ident]:
                by_case[ident].append(partner)
        taken: set[str] = set()
        for partner in self.partners.values():
            if not partner.label:
                partner.label = sorted(partner.names)[0] if partner.names else partner.key
            local = slug(partner.label)
            while local in taken:
                local = f"{slug(partner.label)}-{len(taken)}"
            taken.add(local)
            partner.local = local
        return dict(by_case), notes


def _id_note(gid: str, names: dict[str, tuple[str, list[int]]]) -> tuple[int, str]:
    """The note on a GovTech identifier given with several names: which, in which rows."""
    listed = sorted(names.values(), key=lambda x: (min(x[1]), x[0]))
    said = ", ".join(
        f"'{name}' ({'row' if len(rows) == 1 else 'rows'} {', '.join(map(str, sorted(rows)))})"
        for name, rows in listed
    )
    return (
        min(listed[0][1]),
        f"GovTech identifier {gid} is given with {len(listed)} names: {said}; they stay "
        f"{len(listed)} partners (correct the identifier or the name in the source)",
    )
