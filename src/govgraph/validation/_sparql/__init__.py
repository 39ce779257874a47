"""Fast SHACL validation: SHACL Core shapes compiled to SPARQL queries the store answers.

pyshacl stays the reference engine. This package compiles SHACL Core shapes into a few SPARQL 1.1
SELECT queries per shape (one pass each), runs them on any :class:`~govgraph.store.Store`
(Oxigraph in memory or on disk, or a remote SPARQL endpoint) and builds the same
:class:`~govgraph.validation.ValidationResult` objects pyshacl's report gives: same focus node,
path, value, severity, message (the shape's ``sh:message`` or pyshacl's own wording), source
shape and constraint component.

The modules follow pySHACL's split of the constraint components by family (SHACL section 4):
:mod:`.value_type`, :mod:`.cardinality`, :mod:`.value_range`, :mod:`.string_based`,
:mod:`.property_pair`, :mod:`.logical`, :mod:`.other`; :mod:`.targets` and :mod:`.paths` give
focus and value nodes; ``_compile`` drives the compilation, ``_run`` the queries.

Semantics follow pyshacl on an rdflib graph, including its quirks:

* The ontology is background knowledge exactly as for the reference engine
  (:func:`~govgraph.validation.background`: every ontology triple between named terms, such as the
  class hierarchy and the types of the ontology's own individuals like ``gg:EULevel``). Those
  triples are injected into the queries as ``VALUES`` blocks, so the store needs no ontology
  triples. ``sh:targetClass`` and ``sh:class`` use the ``rdfs:subClassOf*`` closure over ontology
  and data, computed in Python.
* Plain literals: Oxigraph types them ``xsd:string`` (RDF 1.1), rdflib leaves them untyped;
  ``sh:datatype xsd:string`` accepts both, as pyshacl does on an rdflib graph.
* Value checks whose outcome depends on rdflib's datatype handling (ill-typed literals, range
  comparisons, Python regular expressions) are pre-filtered in SPARQL with a condition that never
  misses a violation, and the few candidates are decided in Python with pyshacl's own rules.
* Findings on ontology nodes that the data does not describe are dropped, as in
  :func:`~govgraph.validation.validate_graph`.

Shapes that use anything the compiler does not handle raise :class:`NotCompilableError`, and
:func:`govgraph.validation.validate` with ``engine="auto"`` falls back to pyshacl. Nothing is
silently skipped.
"""

from ._common import NotCompilableError
from ._compile import CompiledShapes, compile_shapes, validate_store

__all__ = [
    "CompiledShapes",
    "NotCompilableError",
    "compile_shapes",
    "validate_store",
]
