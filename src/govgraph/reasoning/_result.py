"""Result types of OWL reasoning."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Clash", "InferredRelation", "InferredType", "ReasoningResult"]


@dataclass(frozen=True)
class InferredType:
    """A class the reasoner derived for an individual that the data did not state.

    Attributes:
        individual: IRI of the individual.
        type: IRI of the inferred named class.
    """

    individual: str
    type: str

    def to_dict(self) -> dict[str, str]:
        """Return ``{"individual": IRI, "type": IRI}``.

        Examples:
            >>> from govgraph.reasoning import InferredType
            >>> gg = "https://w3id.org/govgraph#"
            >>> found = InferredType("https://example.org/project", gg + "Initiative")
            >>> found.to_dict()["type"]
            'https://w3id.org/govgraph#Initiative'
            >>> sorted(found.to_dict())
            ['individual', 'type']
        """
        return {"individual": self.individual, "type": self.type}


@dataclass(frozen=True)
class InferredRelation:
    """An object-property value the reasoner derived (only with ``infer_property_values=True``).

    Attributes:
        subject: IRI of the subject individual.
        property: IRI of the object property.
        object: IRI of the object individual.
    """

    subject: str
    property: str
    object: str

    def to_dict(self) -> dict[str, str]:
        """Return ``{"subject": IRI, "property": IRI, "object": IRI}``.

        Examples:
            >>> from govgraph.reasoning import InferredRelation
            >>> found = InferredRelation(
            ...     subject="https://example.org/unit",
            ...     property="http://www.w3.org/ns/org#transitiveSubOrganizationOf",
            ...     object="https://example.org/commission",
            ... )
            >>> data = found.to_dict()
            >>> data["subject"], data["object"]
            ('https://example.org/unit', 'https://example.org/commission')
        """
        return {"subject": self.subject, "property": self.property, "object": self.object}


@dataclass(frozen=True)
class Clash:
    """One reason why the data is inconsistent with the ontology.

    Attributes:
        individual: IRI of the individual involved (``None`` when no single individual could be
            singled out).
        axiom: The clashing axiom in OWL functional syntax, e.g.
            ``DisjointClasses(<...#Policy> <...#Technology>)``.
        classes: The classes (or datatypes) that clash.
        message: A plain-language explanation naming where each fact comes from.
    """

    individual: str | None
    axiom: str
    classes: tuple[str, ...] = ()
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly dict (``individual``, ``axiom``, ``classes``, ``message``).

        Examples:
            >>> import json
            >>> from govgraph.reasoning import Clash
            >>> gg = "https://w3id.org/govgraph#"
            >>> clash = Clash(
            ...     individual="https://example.org/x",
            ...     axiom=f"DisjointClasses(<{gg}Challenge> <{gg}Skill>)",
            ...     classes=(gg + "Challenge", gg + "Skill"),
            ...     message="<https://example.org/x> is both a gg:Challenge and a gg:Skill",
            ... )
            >>> data = clash.to_dict()
            >>> data["classes"]  # a list: JSON has no tuples
            ['https://w3id.org/govgraph#Challenge', 'https://w3id.org/govgraph#Skill']
            >>> json.loads(json.dumps(data)) == data
            True
        """
        return {
            "individual": self.individual,
            "axiom": self.axiom,
            "classes": list(self.classes),
            "message": self.message,
        }

    def __str__(self) -> str:
        return self.message or self.axiom


@dataclass(frozen=True)
class ReasoningResult:
    """What the OWL reasoner found.

    Attributes:
        consistent: ``False`` when the data contradicts the ontology (or itself).
        explanation: Why it is inconsistent (empty when consistent): one :class:`Clash` per
            individual and clashing axiom found.
        inconsistent_individuals: IRIs of the individuals named in the explanation.
        inferred_types: Named classes the reasoner derived for individuals of the data, leaving
            out ``owl:Thing``, asserted types and their superclasses, and superclasses of other
            inferred types (see ``docs/reasoning.md``). Empty when inconsistent.
        inferred_relations: Object-property values derived by the reasoner (only when asked for
            with ``infer_property_values=True``).
        reasoner: ``"hermit"`` or ``"pellet"``.
        seconds: Wall-clock time of the reasoner run (including loading into owlready2).
    """

    consistent: bool
    explanation: tuple[Clash, ...] = ()
    inconsistent_individuals: tuple[str, ...] = ()
    inferred_types: tuple[InferredType, ...] = ()
    inferred_relations: tuple[InferredRelation, ...] = ()
    reasoner: str = "hermit"
    seconds: float = field(default=0.0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form.

        The keys ``consistent``, ``explanation`` and ``inferred_types`` are the public contract
        (issue 7); ``inconsistent_individuals``, ``inferred_relations``, ``reasoner`` and
        ``seconds`` are extras.

        Examples:
            A result as :func:`reason` returns it (built by hand here: the reasoner needs Java):

            >>> from govgraph.reasoning import InferredType, ReasoningResult
            >>> gg = "https://w3id.org/govgraph#"
            >>> result = ReasoningResult(
            ...     consistent=True,
            ...     inferred_types=(InferredType("https://example.org/p1", gg + "Initiative"),),
            ...     seconds=1.23456,
            ... )
            >>> data = result.to_dict()
            >>> list(data)[:3]  # the public contract
            ['consistent', 'explanation', 'inferred_types']
            >>> data["inferred_types"][0]["type"], data["reasoner"], data["seconds"]
            ('https://w3id.org/govgraph#Initiative', 'hermit', 1.235)
        """
        return {
            "consistent": self.consistent,
            "explanation": [c.to_dict() for c in self.explanation],
            "inferred_types": [t.to_dict() for t in self.inferred_types],
            "inconsistent_individuals": list(self.inconsistent_individuals),
            "inferred_relations": [r.to_dict() for r in self.inferred_relations],
            "reasoner": self.reasoner,
            "seconds": round(self.seconds, 3),
        }
