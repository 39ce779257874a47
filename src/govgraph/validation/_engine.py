"""The choice of validation engine: compiled SPARQL where the shapes allow it, pyshacl otherwise."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph

from .._exceptions import ConfigurationError
from ._pyshacl import default_shapes, validate_graph
from ._report import ValidationReport

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["ENGINES", "validate"]

#: The accepted values of ``engine``.
ENGINES = ("auto", "sparql", "pyshacl")


def validate(
    store: Store,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    engine: str = "auto",
) -> ValidationReport:
    """Validate the data of a store against SHACL shapes.

    The ontology is background knowledge (its class hierarchy counts for ``sh:class`` and
    ``sh:targetClass``), but findings on its own nodes are never reported.

    Args:
        store: Any govgraph store (Oxigraph in memory or on disk, or a SPARQL 1.1 endpoint).
        shapes: The shapes graph (see :func:`load_shapes`); the govgraph shapes when ``None``.
        ontology: Background ontology; the govgraph ontology when ``None``.
        engine: ``"sparql"`` compiles the SHACL Core shapes into SPARQL queries the store answers
            (fast, runs on every store, same results as pyshacl); ``"pyshacl"`` runs the reference
            engine on an rdflib copy of the data; ``"auto"`` (default) uses the SPARQL engine when
            every shape compiles and pyshacl otherwise, and also when the store holds literals
            written in several forms of one value (``"1.0"`` and ``"1.00"`` on one subject and
            predicate), which SPARQL would count as one.

    Returns:
        The report; its ``engine`` says which engine ran.

    Raises:
        ConfigurationError: ``engine`` is unknown, the shapes cannot be used, or
            ``engine="sparql"`` and a shape uses a feature the SPARQL engine does not compile
            (the message names the shape and the feature).

    Examples:
        >>> from govgraph.store import OxigraphStore
        >>> validate(OxigraphStore()).conforms
        True
    """
    from ._sparql import NotCompilableError, compile_shapes

    if engine not in ENGINES:
        raise ConfigurationError(
            f"unknown validation engine {engine!r}; use 'auto', 'sparql' or 'pyshacl'"
        )
    shapes_graph = shapes if shapes is not None else default_shapes()
    # Literals written in several forms of one value ("1.0" and "1.00") are one triple to
    # SPARQL but two to SHACL: counts (sh:maxCount, sh:minCount, qualified counts) would be
    # wrong on the SPARQL engine, so "auto" judges such data on the triples as written.
    collapsed = engine == "auto" and getattr(store, "collapsed_literals", 0) > 0
    if engine != "pyshacl" and not collapsed:
        try:
            return compile_shapes(shapes_graph).validate(store, ontology=ontology)
        except NotCompilableError:
            if engine == "sparql":
                raise
    return validate_graph(store.to_rdflib(), shapes=shapes_graph, ontology=ontology)
