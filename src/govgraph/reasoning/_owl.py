"""OWL 2 DL reasoning with owlready2 (HermiT by default, Pellet on request).

The ontology and the data go into a *temporary* owlready2 ``World`` (never the default world),
loaded from an N-Triples serialization of an rdflib graph with every ``owl:imports`` triple
removed, so nothing is fetched from the network or read from other files. owlready2 writes that
world to a temporary file and runs the reasoner in a Java subprocess; we give that subprocess a
time limit and a heap size, and turn Java's failures into :class:`~govgraph.ReasonerError`
subclasses with advice instead of Java stack traces.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from .._exceptions import (
    ConfigurationError,
    JavaMemoryError,
    JavaNotFoundError,
    ReasonerError,
    ReasonerTimeoutError,
)
from ._explain import Schema, find_clashes
from ._result import Clash, InferredRelation, InferredType, ReasoningResult

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["DEFAULT_JAVA_MEMORY", "DEFAULT_TIMEOUT", "reason", "reasoning_input"]

#: Default Java heap for the reasoner, in MB (owlready2's own default).
DEFAULT_JAVA_MEMORY = 2000
#: Default time limit of a reasoner run, in seconds.
DEFAULT_TIMEOUT = 600.0

_REASONERS = ("hermit", "pellet")
_DATA_ONTOLOGY_IRI = "urn:x-govgraph:reasoning-input"
_INFERENCES_IRI = "http://inferrences/"  # sic: the name owlready2 uses
# owlready2 keeps the heap size and the subprocess options in module globals
_LOCK = threading.Lock()
_TEMP_ARG = re.compile(r"^(?:file:/+)?(/.*)$")

JAVA_INSTALL_ADVICE = (
    "install a Java runtime (version 17 or newer), e.g. `sudo apt-get install "
    "openjdk-17-jre-headless` on Debian/Ubuntu, or set owlready2.JAVA_EXE to the java executable"
)


def _as_graph(source: Store | Graph) -> Graph:
    if isinstance(source, Graph):
        return source
    to_rdflib = getattr(source, "to_rdflib", None)
    if to_rdflib is None:
        raise ConfigurationError(
            f"reason() needs a govgraph Store or an rdflib Graph, not {type(source).__name__}"
        )
    graph: Graph = to_rdflib()
    return graph


def _ontology_graph() -> Graph:
    from ..validation import default_ontology

    return default_ontology()


def reasoning_input(data: Graph, *, ontology: Graph | None = None) -> Graph:
    """Return the graph the reasoner sees: the govgraph ontology plus the data, without imports.

    Every ``owl:imports`` triple is dropped (of the ontology and of the data), so no reasoner
    follows them.

    Args:
        data: The data graph.
        ontology: The background ontology (default: the shipped govgraph ontology).

    Returns:
        A new rdflib graph.

    Examples:
        >>> from rdflib import Graph
        >>> from rdflib.namespace import OWL
        >>> from govgraph.reasoning import reasoning_input
        >>> data = Graph().parse(format="turtle", data='''
        ... @prefix owl: <http://www.w3.org/2002/07/owl#> .
        ... @prefix gg: <https://w3id.org/govgraph#> .
        ... <https://example.org/data> owl:imports <https://example.org/elsewhere> .
        ... <https://example.org/x> a gg:Skill .
        ... ''')
        >>> merged = reasoning_input(data)
        >>> len(merged) > len(data)  # the ontology's axioms are in
        True
        >>> list(merged.triples((None, OWL.imports, None)))  # no import is left to follow
        []
    """
    merged = Graph()
    background = _ontology_graph() if ontology is None else ontology
    for prefix, namespace in background.namespaces():
        merged.bind(prefix, namespace, override=False)
    for graph in (background, data):
        for triple in graph:
            if triple[1] != OWL.imports:
                merged.add(triple)
    return merged


def _java_executable() -> str:
    import owlready2

    java = str(owlready2.JAVA_EXE or "java")
    found = java if os.path.isabs(java) and os.access(java, os.X_OK) else shutil.which(java)
    if not found:
        raise JavaNotFoundError(
            f"Java was not found ({java!r} is not on PATH): {JAVA_INSTALL_ADVICE}."
        )
    return found


def _java_version(java: str) -> str:
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, timeout=30, check=False
        ).stderr.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    match = re.search(r'version "([^"]+)"', out)
    return match.group(1) if match else "unknown"


def _temp_file_of(exc: BaseException | None) -> str | None:
    """Return the temporary input file of a failed reasoner command (owlready2 leaves it)."""
    while exc is not None:
        cmd = getattr(exc, "cmd", None)
        if isinstance(cmd, list | tuple):
            for arg in cmd[1:]:
                match = _TEMP_ARG.match(str(arg))
                if match and os.path.dirname(match.group(1)) == tempfile.gettempdir():
                    return match.group(1)
        exc = exc.__context__
    return None


def _remove_temp(exc: BaseException) -> None:
    path = _temp_file_of(exc)
    if path and os.path.basename(path).startswith("tmp") and os.path.isfile(path):
        with contextlib.suppress(OSError):
            os.unlink(path)


def _java_failure(output: str, *, reasoner: str, java_memory: int) -> ReasonerError:
    """Turn the text of a failed Java run into a govgraph error (never the stack trace)."""
    if "OutOfMemoryError" in output or "GC overhead limit" in output:
        return JavaMemoryError(
            f"the reasoner ({reasoner}) ran out of Java memory with a heap of {java_memory} MB; "
            f"give it more (java_memory={java_memory * 2}) or reason over a smaller graph."
        )
    if re.search(
        r"(Too small (initial|maximum) heap|Could not reserve enough space|Invalid maximum heap)",
        output,
    ):
        return JavaMemoryError(
            f"Java could not start with a heap of {java_memory} MB; choose another java_memory "
            "(at least 16 MB, and less than the free memory of this machine)."
        )
    version = re.search(r"UnsupportedClassVersionError: .*class file version ([\d.]+)", output)
    if version:
        import owlready2

        needed = {"69.0": "25", "68.0": "24", "67.0": "23", "66.0": "22", "65.0": "21"}.get(
            version.group(1), f"newer than this one (class file version {version.group(1)})"
        )
        java = _java_version(_java_executable())
        advice = (
            'use the default HermiT reasoner (reasoner="hermit")'
            if reasoner == "pellet"
            else "install a newer Java"
        )
        extra = (
            "; Pellet runs on Java 17 with owlready2 0.47 to 0.49 (`pip install 'owlready2<0.50'`)"
            if reasoner == "pellet"
            else ""
        )
        return ReasonerError(
            f"the {reasoner} reasoner bundled with owlready2 {owlready2.VERSION} needs Java {needed}, "
            f"but this Java is {java}: {advice}, or install Java {needed}{extra}."
        )
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    cause = next(
        (ln for ln in lines if re.search(r"(Exception|Error)\b", ln) and not ln.startswith("at ")),
        lines[0] if lines else "no output",
    )
    cause = re.sub(r"^Exception in thread \"[^\"]*\"\s*", "", cause)
    return ReasonerError(
        f"the {reasoner} reasoner failed: {cause[:500]} ("
        "check that the data is valid RDF and the ontology is OWL 2 DL)."
    )


def _run_owlready(
    world: Any,
    *,
    reasoner: str,
    java_memory: int,
    timeout: float | None,
    infer_property_values: bool,
) -> None:
    """Run the reasoner on ``world`` with a heap size and a time limit; raise govgraph errors."""
    import owlready2
    import owlready2.reasoning as owl_reasoning

    with _LOCK:
        saved_memory = owl_reasoning.JAVA_MEMORY
        saved_kwargs = owl_reasoning._subprocess_kargs
        owl_reasoning.JAVA_MEMORY = int(java_memory)
        # owlready2 passes these to subprocess.run/check_output: a timeout kills Java when it expires
        owl_reasoning._subprocess_kargs = dict(saved_kwargs)
        if timeout is not None:
            owl_reasoning._subprocess_kargs["timeout"] = float(timeout)
        try:
            if reasoner == "hermit":
                owlready2.sync_reasoner_hermit(
                    world,
                    infer_property_values=infer_property_values,
                    debug=0,
                    ignore_unsupported_datatypes=True,
                )
            else:
                owlready2.sync_reasoner_pellet(
                    world, infer_property_values=infer_property_values, debug=0
                )
        except subprocess.TimeoutExpired as exc:
            _remove_temp(exc)
            raise ReasonerTimeoutError(
                f"the {reasoner} reasoner did not finish within {timeout:g} s and was stopped; "
                "allow more time (timeout=...), or reason over a smaller graph."
            ) from None
        except owlready2.OwlReadyInconsistentOntologyError:
            raise
        except owlready2.OwlReadyJavaError as exc:
            _remove_temp(exc)
            raise _java_failure(str(exc), reasoner=reasoner, java_memory=java_memory) from None
        except FileNotFoundError as exc:  # java vanished between the check and the run
            raise JavaNotFoundError(
                f"Java could not be started ({exc}): {JAVA_INSTALL_ADVICE}."
            ) from None
        finally:
            owl_reasoning.JAVA_MEMORY = saved_memory
            owl_reasoning._subprocess_kargs = saved_kwargs


def _inferred_triples(world: Any) -> Iterable[tuple[str, str, str]]:
    """Yield the (subject, predicate, object) IRIs the reasoner added to the world."""
    onto = world.get_ontology(_INFERENCES_IRI)
    for s, p, o in onto.get_triples():
        if not (isinstance(s, int) and isinstance(o, int)) or s < 0 or o < 0:
            continue  # blank nodes and literals
        s_iri, p_iri, o_iri = (world._unabbreviate(x) for x in (s, p, o))
        if s_iri and p_iri and o_iri:
            yield s_iri, p_iri, o_iri


def _data_nodes(data: Graph) -> set[Node]:
    nodes: set[Node] = set()
    for s, p, o in data:
        if isinstance(s, URIRef):
            nodes.add(s)
        if isinstance(o, URIRef) and p != RDF.type:
            nodes.add(o)
    return nodes


def _new_types(
    candidates: dict[URIRef, set[URIRef]], schema: Schema, merged: Graph
) -> list[InferredType]:
    """Keep inferred types that tell something new (see docs/reasoning.md, "Inferred types").

    HermiT reports the most specific types of each individual; we add their named superclasses
    (told and inferred hierarchy), then drop ``owl:Thing``, the asserted types and everything
    the asserted types already imply through the class hierarchy.
    """
    result: list[InferredType] = []
    for individual, direct in candidates.items():
        asserted: set[Node] = set()
        for c in merged.objects(individual, RDF.type):
            asserted |= schema.superclasses(c)
        implied: set[Node] = set()
        for c in direct:
            implied |= schema.superclasses(c)
        fresh = {
            c for c in implied if isinstance(c, URIRef) and c not in asserted and c != OWL.Thing
        }
        result.extend(InferredType(individual=str(individual), type=str(c)) for c in fresh)
    result.sort(key=lambda t: (t.individual, t.type))
    return result


def _inconsistent(clashes: list[Clash], *, reasoner: str, started: float) -> ReasoningResult:
    if not clashes:
        clashes = [
            Clash(
                individual=None,
                axiom="",
                message=(
                    f"{reasoner} found the data inconsistent with the govgraph ontology, but not "
                    "through a simple disjointness, datatype or functional-property clash; look "
                    "for owl:sameAs / owl:differentFrom statements, cardinality restrictions and "
                    "defined classes, or reason over parts of the data to narrow it down."
                ),
            )
        ]
    named = sorted({c.individual for c in clashes if c.individual})
    return ReasoningResult(
        consistent=False,
        explanation=tuple(clashes),
        inconsistent_individuals=tuple(named),
        reasoner=reasoner,
        seconds=time.perf_counter() - started,
    )


def reason(
    source: Store | Graph,
    *,
    reasoner: Literal["hermit", "pellet"] | str = "hermit",
    java_memory: int = DEFAULT_JAVA_MEMORY,
    timeout: float | None = DEFAULT_TIMEOUT,
    infer_property_values: bool = False,
    ontology: Graph | None = None,
) -> ReasoningResult:
    """Check the data for consistency with the govgraph ontology and derive implied types.

    The ontology and the data are loaded into a temporary owlready2 world (the default world is
    never touched, ``owl:imports`` are never followed) and classified by HermiT (or Pellet).

    Examples:
        >>> from govgraph import GovGraph, reasoning
        >>> result = reasoning.reason(GovGraph.example().store)  # needs Java
        >>> result.consistent, result.explanation
        (True, ())
        >>> sorted(t.type.rsplit("#")[-1] for t in result.inferred_types
        ...        if t.individual == "http://example.org/DG_A")  # what its data implies
        ['EULevelOrganisation', 'InitiativeLeader']

    Args:
        source: A govgraph :class:`~govgraph.store.Store` (e.g. ``kg.store``) or an rdflib graph
            with the data.
        reasoner: ``"hermit"`` (default, bundled with owlready2) or ``"pellet"``.
        java_memory: Java heap of the reasoner in MB.
        timeout: Seconds before the reasoner is stopped (``None``: no limit).
        infer_property_values: Also derive object-property values (e.g. the transitive
            ``org:transitiveSubOrganizationOf`` links of nested units); slower on large graphs.
        ontology: Background ontology (default: the shipped govgraph ontology).

    Returns:
        A :class:`ReasoningResult`; when the data is inconsistent, ``explanation`` names the
        individuals and the axioms they break.

    Raises:
        JavaNotFoundError: No Java runtime was found (the message says how to install one).
        JavaMemoryError: Java ran out of memory (raise ``java_memory`` / ``--java-memory``).
        ReasonerTimeoutError: The reasoner ran longer than ``timeout`` seconds.
        ReasonerError: The reasoner failed otherwise (its cause, without a Java stack trace).
        ConfigurationError: An unknown reasoner or a bad option.
    """
    reasoner = str(reasoner).lower()
    if reasoner not in _REASONERS:
        raise ConfigurationError(f"unknown reasoner {reasoner!r}; use 'hermit' or 'pellet'")
    if java_memory < 16:
        raise ConfigurationError(f"java_memory={java_memory} MB is too small; give at least 16 MB")
    if timeout is not None and timeout <= 0:
        raise ConfigurationError("timeout must be a positive number of seconds (or None)")
    _java_executable()

    import owlready2
    import owlready2.namespace as owl_namespace

    started = time.perf_counter()
    data = _as_graph(source)
    merged = reasoning_input(data, ontology=ontology)
    schema = Schema(merged)

    ill_typed = {
        s for s, _, o in data if isinstance(o, RdfLiteral) and getattr(o, "ill_typed", False)
    }
    if ill_typed:
        # A malformed literal ("abc"^^xsd:integer) denotes no value, which makes an OWL 2 DL
        # ontology inconsistent; owlready2 cannot even load it, so report it without the reasoner.
        return _inconsistent(find_clashes(schema, data), reasoner=reasoner, started=started)

    ntriples = merged.serialize(format="nt", encoding="utf-8")
    # A caller's `with some_ontology:` block would make owlready2 refuse to create our world and
    # put the inferences into the caller's ontology: step out of it while we work.
    namespaces_token = owl_namespace.CURRENT_NAMESPACES.set(None)
    world = owlready2.World()  # temporary, in memory
    try:
        try:
            world.get_ontology(_DATA_ONTOLOGY_IRI).load(
                fileobj=io.BytesIO(ntriples), format="ntriples"
            )
        except owlready2.OwlReadyOntologyParsingError as exc:
            raise ReasonerError(
                f"owlready2 could not read the data ({exc.__cause__ or exc}); check the literals "
                "and IRIs of the data (govgraph validate shows malformed values)."
            ) from None
        try:
            _run_owlready(
                world,
                reasoner=reasoner,
                java_memory=java_memory,
                timeout=timeout,
                infer_property_values=infer_property_values,
            )
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            _remove_temp(exc)
            return _inconsistent(find_clashes(schema, data), reasoner=reasoner, started=started)

        nodes = _data_nodes(data)
        candidates: dict[URIRef, set[URIRef]] = {}
        relations: list[InferredRelation] = []
        rdf_type, subclass_of = str(RDF.type), str(RDFS.subClassOf)
        for s, p, o in _inferred_triples(world):
            subject = URIRef(s)
            if p == subclass_of:
                merged.add((subject, RDFS.subClassOf, URIRef(o)))  # classified hierarchy
            if subject not in nodes:
                continue
            if p == rdf_type:
                candidates.setdefault(subject, set()).add(URIRef(o))
            elif infer_property_values and URIRef(o) in nodes:
                relations.append(InferredRelation(subject=s, property=p, object=o))
        inferred = _new_types(candidates, Schema(merged), merged)
        relations.sort(key=lambda r: (r.subject, r.property, r.object))
        return ReasoningResult(
            consistent=True,
            inferred_types=tuple(inferred),
            inferred_relations=tuple(relations),
            reasoner=reasoner,
            seconds=time.perf_counter() - started,
        )
    finally:
        world.close()
        owl_namespace.CURRENT_NAMESPACES.reset(namespaces_token)
