"""What the compiler produces: checks of one shape, their constraints and raw findings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .._report import Severity
from ._common import NotCompilableError
from ._context import _Context


@dataclass(frozen=True)
class _Target:
    kind: str  # "class" | "node" | "subjectsOf" | "objectsOf"
    term: Node


#: A SHACL path as a tree: ``("iri", p)``, ``("inv", e)``, ``("seq", (e, ...))``,
#: ``("alt", (e, ...))``, ``("*", e)``, ``("+", e)``, ``("?", e)``.
PathExpr = tuple[Any, ...]


@dataclass(frozen=True)
class _Path:
    node: Node  # the sh:path object in the shapes graph
    text: str  # the result path text (bare IRI, or SPARQL property path syntax)
    expr: PathExpr


@dataclass(eq=False)
class _Focus:
    """Where a check's focus nodes come from: targets, or the value nodes of another check."""

    targets: tuple[_Target, ...] = ()
    parent: _Check | None = None

    def key(self) -> object:
        """Equal for checks that have the same focus nodes (they share queries)."""
        if self.parent is None:
            return ("targets", self.targets)
        if self.parent.path is None:
            return self.parent.focus.key()
        return ("values", id(self.parent))


@dataclass
class _ValueConstraint:
    """A per-value-node constraint: a SPARQL pre-filter plus pyshacl's exact rule."""

    component: URIRef
    prefilter: Callable[[_Context], str]  # SPARQL expression over ?v, true for candidates
    violates: Callable[[Node], bool]  # exact decision on an rdflib term
    message: Callable[[Node, Node, Graph], str]  # generic message (focus, value, prefixes)
    #: For sh:or / sh:and / sh:not: the member shapes' own value constraints.
    members: list[list[_ValueConstraint]] | None = None
    logic: str = ""

    def leaves(self) -> list[_ValueConstraint]:
        """The simple constraints whose pre-filters become flag columns of the query."""
        if self.members is None:
            return [self]
        return [leaf for member in self.members for leaf in member]

    def candidate(self, flags: list[str]) -> str:
        """SPARQL condition (over this constraint's flag variables) that keeps a row."""
        if self.members is None:
            return flags[0]
        parts: list[str] = []
        i = 0
        for member in self.members:
            names = flags[i : i + len(member)]
            i += len(member)
            parts.append("(" + " || ".join(names) + ")" if names else "false")
        if self.logic == "or":
            return " && ".join(parts)
        if self.logic == "and":
            return " || ".join(parts)
        return "true"

    def decide(self, flags: list[bool], value: Node) -> bool:
        """Exact decision from the flag values of this constraint's leaves."""
        if self.members is None:
            return flags[0] and self.violates(value)
        violated: list[bool] = []
        i = 0
        for member in self.members:
            bad = False
            for leaf in member:
                if flags[i] and leaf.violates(value):
                    bad = True
                i += 1
            violated.append(bad)
        if self.logic == "or":
            return all(violated)
        if self.logic == "and":
            return any(violated)
        return not violated[0]


@dataclass
class _Check:
    """One shape (node or property) with its focus nodes and compiled constraints."""

    shape: Node
    path: _Path | None
    focus: _Focus
    severity: Severity
    messages: tuple[str, ...]
    severity_node: Node | None = None
    min_count: Literal | None = None
    max_count: Literal | None = None
    count_message: Callable[[Node, str, Graph], str] | None = None
    values: list[_ValueConstraint] = field(default_factory=list)
    has_values: list[Node] = field(default_factory=list)
    has_value_message: Callable[[Node, Graph], str] | None = None
    unique_lang: bool = False
    pairs: list[_PairConstraint] = field(default_factory=list)
    #: sh:node, sh:and/or/not/xone over whole shapes, qualified value shapes
    shape_refs: list[_ShapeRef] = field(default_factory=list)
    #: sh:closed: the predicates allowed (``None``: the shape is not closed)
    closed: frozenset[Node] | None = None
    #: the checks of the shapes under sh:property (their focus nodes are this one's values)
    children: list[_Check] = field(default_factory=list)

    def descendants(self) -> list[_Check]:
        """This check and every check under it through sh:property."""
        found = [self]
        for child in self.children:
            found.extend(child.descendants())
        return found


@dataclass
class _ShapeRef:
    """A constraint whose members are whole shapes, checked on this check's value nodes.

    ``members`` are the compiled member shapes (a value conforms to a member when the member's
    checks, run with the value as focus node, find nothing).
    """

    component: URIRef
    kind: str  # "node" | "and" | "or" | "not" | "xone" | "qualified"
    members: list[_Check]
    message: Callable[[Node, Node, Graph], str]
    min_count: int | None = None
    max_count: int | None = None
    #: qualified value shapes of sibling property shapes (sh:qualifiedValueShapesDisjoint)
    siblings: list[_Check] = field(default_factory=list)


@dataclass
class _PairConstraint:
    """Value nodes against another property's values (SHACL 4.5)."""

    component: URIRef
    predicate: URIRef
    or_equal: bool
    message: Callable[[Node, Node, Graph], str]
    kind: str = "lessThan"  # "lessThan" | "equals" | "disjoint"

    def violates(self, value: Node, other: Node) -> bool:
        """Pyshacl's ``_compare_lt`` / ``_compare_ltoe`` for one pair."""
        if isinstance(value, BNode) or isinstance(other, BNode):
            raise NotCompilableError(
                "sh:lessThan(OrEquals) met a blank node; pyshacl reports this as an error"
            )
        a: Any = value
        b: Any = other
        a_str = b_str = False
        if isinstance(a, URIRef):
            a, a_str = str(a), True
        elif isinstance(a, Literal) and isinstance(a.value, str):
            a, a_str = a.value, True
        if isinstance(b, URIRef):
            b, b_str = str(b), True
        elif isinstance(b, Literal) and isinstance(b.value, str):
            b, b_str = b.value, True
        if a_str != b_str:
            return True
        return not (a <= b if self.or_equal else a < b)


@dataclass(frozen=True)
class _Raw:
    focus: Node
    value: Node | None
    component: URIRef
    message: str
    #: the result path when it is not the check's path (sh:closed names the predicate)
    path: str | None = None
