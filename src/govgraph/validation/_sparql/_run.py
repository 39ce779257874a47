"""The runner: compiled checks to SPARQL queries, their answers to validation results."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from .._report import ValidationReport, ValidationResult
from ._common import _BATCH, _int, _is_true, _message, _select, _sparql_term, _values
from ._context import _background, _Context
from ._model import _Check, _Path, _Raw, _ValueConstraint
from .cardinality import _run_counts
from .other import _run_closed, _run_has_values
from .paths import _path_pattern
from .property_pair import _run_pairs
from .shape_based import _run_shape_refs
from .string_based import _run_unique_lang
from .targets import _focus_pattern
from .written import matching, resolvable, rewrites, written_forms

if TYPE_CHECKING:
    from ...store import Store


def _group_key(check: _Check) -> tuple[object, object]:
    return check.focus.key(), check.path.expr if check.path is not None else None


#: The flag column of answers that stand for a literal written in another form.
REWRITTEN = "?_rewritten"


def _flag_rows(
    store: Store,
    ctx: _Context,
    focus: str,
    path: _Path | None,
    binds: list[str],
    names: list[list[str]],
    values: list[tuple[_Check, _ValueConstraint]],
) -> list[tuple[Node, Node, dict[str, bool]]]:
    """Candidate (focus, value) rows and which leaf pre-filters each one meets.

    On an embedded (Oxigraph) store one query returns every flag as a projected boolean. A remote
    endpoint gets one plain ``FILTER`` query per leaf instead: Virtuoso, for one, returns wrong
    values for booleans bound with ``BIND`` in such queries, while its ``FILTER`` is right.
    """
    pattern = f"{focus} {_path_pattern(ctx, path)}"
    flat = [n for mine in names for n in mine]
    if store.embedded:
        keep = " || ".join(
            f"({constraint.candidate(mine)})"
            for (_, constraint), mine in zip(values, names, strict=True)
        )
        extra = []
        if ctx.rewritten:  # which answers stand for a literal written in another form
            function = ctx.rewritten.removeprefix(" || ")
            extra = [f"BIND(COALESCE({function}, false) AS {REWRITTEN})"]
        query = (
            f"SELECT DISTINCT ?this ?v {' '.join(flat)} {REWRITTEN if extra else ''} WHERE {{ "
            f"{pattern} {' '.join([*binds, *extra])} FILTER({keep}) }}"
        )
        return [
            (row["this"], row["v"], {n: _is_true(row.get(n[1:])) for n in [*flat, REWRITTEN]})
            for row in _select(store, query)
        ]
    found: dict[tuple[Node, Node], dict[str, bool]] = {}
    for name, bind in zip(flat, binds, strict=True):
        condition = bind[len("BIND(") : bind.rindex(" AS ")]
        query = f"SELECT DISTINCT ?this ?v WHERE {{ {pattern} FILTER({condition}) }}"
        for row in _select(store, query):
            found.setdefault((row["this"], row["v"]), dict.fromkeys(flat, False))[name] = True
    return [(this, value, flags) for (this, value), flags in found.items()]


def _run_group(
    store: Store,
    ctx: _Context,
    checks: list[_Check],
    nonconforming: Callable[[_Check], set[Node]],
) -> Iterator[tuple[_Check, _Raw]]:
    """Evaluate every check that shares focus nodes and path, with as few passes as possible."""
    prefixes = ctx.background.prefixes
    focus = _focus_pattern(ctx, checks[0].focus)
    path = checks[0].path

    # cardinality: one pass for all min/max counts of the group
    yield from _run_counts(store, ctx, focus, path, checks)

    # per-value constraints: one pass returning candidates and the pre-filters they failed
    values = [(c, v) for c in checks for v in c.values]
    if values:
        binds: list[str] = []
        names: list[list[str]] = []
        for _, constraint in values:
            mine = []
            for leaf in constraint.leaves():
                name = f"?c{len(binds)}"
                binds.append(f"BIND(COALESCE(({leaf.prefilter(ctx)}), true) AS {name})")
                mine.append(name)
            names.append(mine)
        rows = _flag_rows(store, ctx, focus, path, binds, names, values)
        lossless = rewrites(store)
        pending: list[tuple[_Check, _ValueConstraint, list[bool], Node, Node]] = []
        for this, value, flagged in rows:
            for (check, constraint), mine in zip(values, names, strict=True):
                flags = [flagged[n] for n in mine]
                if constraint.decide(flags, value):
                    if lossless and flagged.get(REWRITTEN, True) and resolvable(value, path):
                        pending.append((check, constraint, flags, this, value))
                        continue
                    generic = constraint.message(this, value, prefixes)
                    yield check, _Raw(this, value, constraint.component, _message(check, generic))
        if pending:
            assert path is not None
            forms = written_forms(store, {(p[3], path.expr[1]) for p in pending})
            for check, constraint, flags, this, value in pending:
                for form in matching(forms, this, path, value):
                    if constraint.decide(flags, form):
                        generic = constraint.message(this, form, prefixes)
                        raw = _Raw(this, form, constraint.component, _message(check, generic))
                        yield check, raw

    for check in checks:
        yield from _run_pairs(store, ctx, focus, path, check)
        yield from _run_has_values(store, ctx, focus, path, check)
        yield from _run_closed(store, ctx, focus, path, check)
        yield from _run_shape_refs(store, ctx, focus, path, check, nonconforming)
    yield from _run_unique_lang(store, ctx, focus, path, checks)


class _Runner:
    """Decides which nodes do not conform to a shape used inside another (sh:node, sh:or...)."""

    def __init__(self, store: Store, ctx: _Context) -> None:
        self.store = store
        self.ctx = ctx
        self._memo: dict[int, set[Node]] = {}

    def nonconforming(self, check: _Check) -> set[Node]:
        """The focus nodes of ``check`` that break it or a shape under it (any severity)."""
        found = self._memo.get(id(check))
        if found is not None:
            return found
        bad = {
            raw.focus for _, raw in _run_group(self.store, self.ctx, [check], self.nonconforming)
        }
        for child in check.children:
            child_bad = self.nonconforming(child)
            if not child_bad:
                continue
            if check.path is None:
                bad |= child_bad
                continue
            focus = _focus_pattern(self.ctx, check.focus)
            query = f"SELECT DISTINCT ?this ?v WHERE {{ {focus} {_path_pattern(self.ctx, check.path)} }}"
            bad |= {row["this"] for row in _select(self.store, query) if row["v"] in child_bad}
        self._memo[id(check)] = bad
        return bad


def _batches(items: Sequence[Node], size: int = _BATCH) -> Iterator[Sequence[Node]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _described_in_data(store: Store, nodes: set[Node]) -> set[Node]:
    named = sorted(n for n in nodes if isinstance(n, URIRef))
    found: set[Node] = set()
    for batch in _batches(named):
        query = f"SELECT DISTINCT ?s WHERE {{ {_values('s', batch)} ?s ?p ?o }}"
        found.update(row["s"] for row in _select(store, query))
    return found


def _labels(store: Store, nodes: set[Node]) -> dict[Node, str]:
    named = sorted(n for n in nodes if isinstance(n, URIRef))
    found: dict[Node, list[tuple[int, int, str]]] = {}
    for batch in _batches(named):
        values = _values("s", batch)
        query = (
            f"SELECT ?s ?r ?l WHERE {{ {{ {values} ?s {_sparql_term(SKOS.prefLabel)} ?l "
            f"BIND(0 AS ?r) }} UNION {{ {values} ?s {_sparql_term(RDFS.label)} ?l BIND(1 AS ?r) }} }}"
        )
        for row in _select(store, query):
            label = row["l"]
            rank_p = _int(row["r"])
            lang = getattr(label, "language", None)
            rank_l = 0 if lang in ("en", None) else 1
            found.setdefault(row["s"], []).append((rank_p, rank_l, str(label)))
    return {node: min(options)[2] for node, options in found.items()}


def _data_subclass_edges(store: Store) -> list[tuple[Node, Node]]:
    query = f"SELECT ?a ?b WHERE {{ ?a {_sparql_term(RDFS.subClassOf)} ?b }}"
    return [(row["a"], row["b"]) for row in _select(store, query)]


def _run(checks: list[_Check], store: Store, ontology: Graph | None) -> ValidationReport:
    from .._pyshacl import default_ontology

    ont = ontology if ontology is not None else default_ontology()
    background = _background(ont)
    ctx = _Context(background, _data_subclass_edges(store))
    ctx.embedded = store.embedded
    if store.rewrites_literals:
        from ...store import REWRITTEN_FUNCTION

        ctx.rewritten = f" || <{REWRITTEN_FUNCTION}>(?v)"
    runner = _Runner(store, ctx)
    groups: dict[object, list[_Check]] = {}
    for check in checks:
        groups.setdefault(_group_key(check), []).append(check)
    raws: list[tuple[_Check, _Raw]] = []
    for group in groups.values():
        raws.extend(_run_group(store, ctx, group, runner.nonconforming))
    focus_nodes = {raw.focus for _, raw in raws}
    ontology_focus = {n for n in focus_nodes if n in background.ontology_subjects}
    if ontology_focus:
        keep = _described_in_data(store, ontology_focus)
        raws = [(c, r) for c, r in raws if r.focus not in ontology_focus or r.focus in keep]
    labels = _labels(store, {raw.focus for _, raw in raws})
    found: set[ValidationResult] = set()
    for check, raw in raws:
        found.add(
            ValidationResult(
                focus_node=str(raw.focus),
                path=raw.path or (check.path.text if check.path is not None else None),
                value=str(raw.value) if raw.value is not None else None,
                severity=check.severity,
                message=raw.message,
                source_shape=str(check.shape),
                focus_label=labels.get(raw.focus),
                constraint=str(raw.component),
                focus_term=raw.focus,
                value_term=raw.value,
                shape_term=check.shape,
                severity_term=check.severity_node,
            )
        )
    ordered = tuple(
        sorted(found, key=lambda r: (r.severity.rank, r.focus_node, r.path or "", r.message))
    )
    # SHACL: a graph conforms when validation gives no result at all, whatever the severity
    return ValidationReport(conforms=not ordered, results=ordered, engine="sparql")
