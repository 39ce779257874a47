"""What changed between two releases of a case collection (``govgraph diff OLD NEW``).

Cases are matched with :func:`~govgraph.analysis._match.match_cases`. A matched case is
``status`` when both releases record a status and they differ, else ``unchanged``; a case only
in the newer release is ``new``, one only in the older is ``gone`` (no longer listed: that says
nothing about whether it still runs). Definitions: ``docs/analysis.md``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV

from .._exceptions import ConfigurationError
from ..store import Store
from ._cases import (
    LEVEL_LABELS,
    STATUS_LABELS,
    Case,
    Release,
    country_code,
    read_cases,
    read_labels,
    read_releases,
    status_label,
    top_concepts,
)
from ._diff_tables import (
    DIFF_DIMENSIONS,
    abandoned,
    aggregate,
    first_adoptions,
    release_year,
    scaled,
)
from ._match import match_cases

__all__ = ["CHANGES", "DIFF_DIMENSIONS", "CaseChange", "ReleaseDiff", "diff"]

#: Values of ``CaseChange.change``.
CHANGES = ("new", "gone", "unchanged", "status")
_ORDER = {label: i for i, label in enumerate(STATUS_LABELS.values())}


@dataclass(frozen=True)
class CaseChange:
    """One initiative seen in either release (or both).

    Attributes:
        initiative: Its identity: the newer record's IRI, or the older one's when gone.
        label: Its name (newer release first).
        identifier_old: ``dct:identifier`` in the older release (``None`` when new).
        identifier_new: ``dct:identifier`` in the newer release (``None`` when gone).
        change: ``new``, ``gone``, ``unchanged`` or ``status``.
        status_old: Status label in the older release (``Pilot`` ...), ``None`` if not recorded.
        status_new: Status label in the newer release.
        country: EU authority country code (``NLD``), newer release first.
        technologies: Technology IRIs (newer release first).
        technology_labels: Their labels, in the same order.
        initiative_old: The older record's IRI (``None`` when new).
        evidence: Why the two records were matched (``identifier``, ``homepage``, ``name``,
            ``similar name (NN)``, ``country``, ``lead``); empty when not matched.
        level: Administrative level of the lead (``national`` ...), if known.
        policy_areas: COFOG divisions (IRIs).
        start_year: Start year (newer release first).
    """

    initiative: str
    label: str | None
    identifier_old: str | None
    identifier_new: str | None
    change: str
    status_old: str | None
    status_new: str | None
    country: str | None
    technologies: tuple[str, ...]
    technology_labels: tuple[str, ...]
    initiative_old: str | None = None
    evidence: tuple[str, ...] = ()
    level: str | None = None
    policy_areas: tuple[str, ...] = ()
    start_year: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form (the ``cases`` items of ``govgraph diff --format json``).

        Examples:
            >>> from govgraph import GovGraph
            >>> old = GovGraph()
            >>> old.load("@prefix gg: <https://w3id.org/govgraph#> . <http://example.org/i3>"
            ...          ' a gg:Initiative ; gg:status gg:StatusPlanned ;'
            ...          ' <http://www.w3.org/2004/02/skos/core#prefLabel> "i3" .', format="turtle")
            3
            >>> change = diff(old.store, GovGraph.example().store).cases[0].to_dict()
            >>> change["change"], change["status_old"], change["status_new"], change["evidence"]
            ('status', 'Planned', 'Pilot', ['name'])
        """
        return {
            "initiative": self.initiative,
            "label": self.label,
            "identifier_old": self.identifier_old,
            "identifier_new": self.identifier_new,
            "change": self.change,
            "status_old": self.status_old,
            "status_new": self.status_new,
            "country": self.country,
            "technologies": list(self.technologies),
            "technology_labels": list(self.technology_labels),
            "initiative_old": self.initiative_old,
            "evidence": list(self.evidence),
            "level": self.level,
            "policy_areas": list(self.policy_areas),
            "start_year": self.start_year,
        }


@dataclass(frozen=True)
class ReleaseDiff:
    """The changes between an older and a newer release.

    Attributes:
        old: The older release (``None`` when its cases name no dataset).
        new: The newer release.
        cases: One :class:`CaseChange` per initiative, new and changed first.
        transitions: ``{"from", "to", "count"}`` per pair of statuses of the matched cases that
            record a status in both releases (equal statuses included).
        aggregates: Per dimension value: cases in each release, matched, new, gone, changed,
            scaled (planned/in development/pilot to implemented) and abandoned (to not in use).
        first_adoptions: Country and technology pairs with cases in the newer release and none
            in the older one (only technologies the older release records at all), with the
            earliest start year and whether it is after the older release's year (a real new
            adoption) or not (a case the older release did not list).
        ambiguous: Cases that could be one initiative but could not be told apart.
        summary: Totals.
    """

    old: Release | None
    new: Release | None
    cases: tuple[CaseChange, ...]
    transitions: tuple[dict[str, Any], ...]
    aggregates: tuple[dict[str, Any], ...]
    first_adoptions: tuple[dict[str, Any], ...]
    ambiguous: tuple[dict[str, Any], ...]
    summary: Mapping[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form printed by ``govgraph diff --format json``.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.store import OxigraphStore
            >>> found = diff(OxigraphStore(), GovGraph.example().store).to_dict()  # all new
            >>> list(found)[:3], found["summary"]["new"], found["cases"][0]["status_new"]
            (['releases', 'summary', 'cases'], 8, 'Implemented')
        """
        return {
            "releases": {
                "old": self.old.to_dict() if self.old else None,
                "new": self.new.to_dict() if self.new else None,
            },
            "summary": dict(self.summary),
            "cases": [c.to_dict() for c in self.cases],
            "transitions": [dict(t) for t in self.transitions],
            "aggregates": [dict(a) for a in self.aggregates],
            "first_adoptions": [dict(f) for f in self.first_adoptions],
            "ambiguous": [dict(a) for a in self.ambiguous],
        }

    def to_rdf(self) -> Graph:
        """The matches as PROV-O: the newer record ``prov:wasRevisionOf`` the older one.

        Each match also gets a ``prov:Revision`` (``prov:qualifiedRevision``) whose
        ``rdfs:comment`` names the evidence, so the link can be reviewed and loaded next to the
        two releases.

        Examples:
            >>> from govgraph.store import OxigraphStore
            >>> len(diff(OxigraphStore(), OxigraphStore()).to_rdf())
            0
        """
        g = Graph()
        g.bind("prov", PROV)
        for c in self.cases:
            if c.initiative_old is None or c.change == "gone":
                continue
            new, old = URIRef(c.initiative), URIRef(c.initiative_old)
            g.add((new, PROV.wasRevisionOf, old))
            revision = BNode()
            g.add((new, PROV.qualifiedRevision, revision))
            g.add((revision, RDF.type, PROV.Revision))
            g.add((revision, PROV.entity, old))
            g.add(
                (
                    revision,
                    RDFS.comment,
                    Literal(
                        f"{c.identifier_old} matched to {c.identifier_new} by "
                        + ", ".join(c.evidence),
                        lang="en",
                    ),
                )
            )
        return g

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The result as flat tables (one per spreadsheet sheet), lists joined by ``; ``.

        Examples:
            >>> from govgraph import GovGraph
            >>> from govgraph.store import OxigraphStore
            >>> tables = diff(OxigraphStore(), GovGraph.example().store).tables()
            >>> case = tables["cases"][2]
            >>> list(tables)[:3], case["label"], case["technology_labels"]
            (['summary', 'transitions', 'cases'], 'i3', 'Artificial intelligence; Machine learning')
        """

        def flat(row: Mapping[str, Any]) -> dict[str, Any]:
            return {
                k: "; ".join(str(x) for x in v) if isinstance(v, list | tuple) else v
                for k, v in row.items()
            }

        return {
            "summary": [{"figure": k, "count": v} for k, v in self.summary.items()],
            "transitions": [flat(t) for t in self.transitions],
            "cases": [flat(c.to_dict()) for c in self.cases],
            "aggregates": [flat(a) for a in self.aggregates],
            "first_adoptions": [flat(f) for f in self.first_adoptions],
            "ambiguous": [flat(a) for a in self.ambiguous],
        }


def _pick_release(store: Store, dataset: str | None, which: str) -> Release | None:
    releases = read_releases(store)
    if dataset is not None:
        for r in releases:
            if r.dataset == dataset:
                return r
        known = ", ".join(r.dataset for r in releases) or "none"
        raise ConfigurationError(
            f"no initiative of the {which} data is derived from {dataset} "
            f"(prov:wasDerivedFrom); its releases are: {known}"
        )
    if len(releases) > 1:
        listed = ", ".join(f"{r.dataset} ({r.date or 'undated'})" for r in releases)
        raise ConfigurationError(
            f"the {which} data holds several releases ({listed}); choose one with "
            f"{which}_dataset=IRI"
        )
    return releases[0] if releases else None


def diff(
    old: Store,
    new: Store,
    *,
    old_dataset: str | None = None,
    new_dataset: str | None = None,
) -> ReleaseDiff:
    """Compare two releases: new, gone and matched cases, status transitions, aggregates.

    ``old`` and ``new`` may be the same store holding both releases; then name them with
    ``old_dataset`` and ``new_dataset`` (the IRIs the cases are ``prov:wasDerivedFrom``).

    Examples:
        >>> from govgraph import GovGraph
        >>> from govgraph.analysis import diff
        >>> head = '''@prefix gg: <https://w3id.org/govgraph#> . @prefix ex: <http://example.org/> .
        ...     @prefix dct: <http://purl.org/dc/terms/> .
        ...     @prefix skos: <http://www.w3.org/2004/02/skos/core#> .'''
        >>> old, new = GovGraph(), GovGraph()
        >>> _ = old.load(head + '''
        ...     ex:a a gg:Initiative ; dct:identifier "C-1" ; skos:prefLabel "Chatbot" ;
        ...         gg:status gg:StatusPilot .
        ...     ex:b a gg:Initiative ; dct:identifier "C-2" ; skos:prefLabel "Register" ;
        ...         gg:status gg:StatusPlanned .''', format="turtle")
        >>> _ = new.load(head + '''
        ...     ex:a a gg:Initiative ; dct:identifier "C-1" ; skos:prefLabel "Chatbot" ;
        ...         gg:status gg:StatusImplemented .
        ...     ex:c a gg:Initiative ; dct:identifier "C-3" ; skos:prefLabel "Translation tool" .
        ...     ''', format="turtle")
        >>> changes = diff(old.store, new.store)
        >>> for case in changes.cases:  # matched by identifier
        ...     print(case.label, case.change, case.status_old, case.status_new, sep=" | ")
        Chatbot | status | Pilot | Implemented
        Translation tool | new | None | None
        Register | gone | Planned | None
        >>> changes.summary["scaled_to_production"]  # the chatbot, from pilot to implemented
        1

    Args:
        old: Store holding the older release.
        new: Store holding the newer release.
        old_dataset: The older release's dataset IRI, needed when ``old`` holds several.
        new_dataset: The newer release's dataset IRI, needed when ``new`` holds several.

    Returns:
        The :class:`ReleaseDiff`.

    Raises:
        ConfigurationError: A store holds several releases and none was chosen, or a chosen
            dataset has no cases, or both sides are the same release.
    """
    old_release = _pick_release(old, old_dataset, "old")
    new_release = _pick_release(new, new_dataset, "new")
    if old is new and old_release == new_release:
        raise ConfigurationError("OLD and NEW are the same release; name two different datasets")
    old_cases = read_cases(old, dataset=old_release.dataset if old_release else None)
    new_cases = read_cases(new, dataset=new_release.dataset if new_release else None)
    labels = read_labels(new)
    for k, v in read_labels(old).items():
        labels.setdefault(k, v)
    top = top_concepts(new)
    for k, v in top_concepts(old).items():
        top.setdefault(k, v)
    matches, ambiguous = match_cases(old_cases, new_cases)
    by_old = {c.iri: c for c in old_cases}
    by_new = {c.iri: c for c in new_cases}
    pairs: list[tuple[Case | None, Case | None, tuple[str, ...]]] = [
        (by_old[m.old], by_new[m.new], m.evidence) for m in matches
    ]
    matched_old = {m.old for m in matches}
    matched_new = {m.new for m in matches}
    pairs += [(None, c, ()) for c in new_cases if c.iri not in matched_new]
    pairs += [(c, None, ()) for c in old_cases if c.iri not in matched_old]

    changes: list[CaseChange] = []
    transitions: Counter[tuple[str, str]] = Counter()
    unknown = 0
    for o, n, evidence in pairs:
        main = n or o
        assert main is not None
        s_old = status_label(o.status) if o else None
        s_new = status_label(n.status) if n else None
        if o is None:
            change = "new"
        elif n is None:
            change = "gone"
        elif s_old is not None and s_new is not None:
            transitions[(s_old, s_new)] += 1
            change = "status" if s_old != s_new else "unchanged"
        else:
            unknown += 1
            change = "unchanged"
        techs = tuple(main.technologies)
        changes.append(
            CaseChange(
                initiative=main.iri,
                label=(n.label if n else None) or (o.label if o else None),
                identifier_old=o.identifier if o else None,
                identifier_new=n.identifier if n else None,
                change=change,
                status_old=s_old,
                status_new=s_new,
                country=country_code((n.country if n else None) or (o.country if o else None)),
                technologies=techs,
                technology_labels=tuple(labels.get(t, t) for t in techs),
                initiative_old=o.iri if o else None,
                evidence=evidence,
                level=LEVEL_LABELS.get(main.level or "", None),
                policy_areas=tuple(sorted({top.get(a, a) for a in main.policy_areas})),
                start_year=(n.start if n else None) or (o.start if o else None),
            )
        )
    rank = {"status": 0, "new": 1, "gone": 2, "unchanged": 3}
    changes.sort(key=lambda c: (rank[c.change], c.country or "~", c.label or "", c.initiative))
    trans = tuple(
        {"from": a, "to": b, "count": k}
        for (a, b), k in sorted(
            transitions.items(),
            key=lambda kv: (_ORDER.get(kv[0][0], 9), _ORDER.get(kv[0][1], 9), kv[0]),
        )
    )
    summary = {
        "old_cases": len(old_cases),
        "new_cases": len(new_cases),
        "matched": len(matches),
        "new": sum(c.change == "new" for c in changes),
        "gone": sum(c.change == "gone" for c in changes),
        "unchanged": sum(c.change == "unchanged" for c in changes),
        "status": sum(c.change == "status" for c in changes),
        "status_not_comparable": unknown,
        "scaled_to_production": sum(scaled(c) for c in changes),
        "abandoned": sum(abandoned(c) for c in changes),
        "ambiguous": len(ambiguous),
    }
    ambiguous_rows = tuple(
        {
            "old": list(a.old),
            "old_identifiers": [by_old[i].identifier for i in a.old],
            "old_labels": [by_old[i].label for i in a.old],
            "new": list(a.new),
            "new_identifiers": [by_new[i].identifier for i in a.new],
            "new_labels": [by_new[i].label for i in a.new],
            "reason": a.reason,
        }
        for a in ambiguous
    )
    return ReleaseDiff(
        old=old_release,
        new=new_release,
        cases=tuple(changes),
        transitions=trans,
        aggregates=tuple(aggregate(pairs, changes, labels, top)),
        first_adoptions=tuple(
            first_adoptions(old_cases, new_cases, labels, release_year(old_release))
        ),
        ambiguous=ambiguous_rows,
        summary=summary,
    )
