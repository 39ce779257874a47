"""OWL reasoning (owlready2 + HermiT) and light rule-based materialization (owlrl).

* :func:`reason` checks that data makes sense against the govgraph ontology (a thing cannot be
  both a policy and a technology) and reports the types the ontology implies.
* :func:`materialize` adds RDFS or OWL 2 RL entailments (types from domains and ranges,
  transitive closures) to a store, so analyses give the same answers whether or not the data
  spells out those redundant triples.
"""

from .._public import publish as _publish
from ._explain import find_clashes
from ._materialize import PROFILES, inferred_triples, materialize
from ._owl import DEFAULT_JAVA_MEMORY, DEFAULT_TIMEOUT, reason, reasoning_input
from ._result import Clash, InferredRelation, InferredType, ReasoningResult

__all__ = [
    "DEFAULT_JAVA_MEMORY",
    "DEFAULT_TIMEOUT",
    "PROFILES",
    "Clash",
    "InferredRelation",
    "InferredType",
    "ReasoningResult",
    "find_clashes",
    "inferred_triples",
    "materialize",
    "reason",
    "reasoning_input",
]

_publish(globals())
