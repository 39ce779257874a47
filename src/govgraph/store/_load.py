"""Loading triples into a SPARQL endpoint: batches, retries, isolation of refused triples.

Loads into an endpoint are **not atomic**: triples are sent in batches of N-Triples
``INSERT DATA`` requests, each retried with back-off on transient errors, and a batch the endpoint
refuses is split until the offending triples are isolated. :func:`load_quads` returns a
:class:`LoadReport` saying exactly what was written and what was not.

Virtuoso refuses blank nodes in ``INSERT DATA`` ("not allowed in a constant clause"): batches
with blank nodes are sent as ``INSERT { ... } WHERE { }`` and all triples sharing a blank node go
in the same request, so the node stays one node.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyoxigraph as ox

from ._http import FATAL_STATUS, Transport, endpoint_error, is_transient, one_line
from ._results import plain_ox

__all__ = ["LoadFailure", "LoadReport", "load_quads", "skolemize"]


@dataclass(frozen=True)
class LoadFailure:
    """Triples an endpoint did not accept during a load.

    Attributes:
        batch: The 1-based number of the batch they belonged to.
        triples: How many triples were not written.
        reason: The endpoint's message (or the network error).
        first_triple: The first of those triples in N-Triples, to find it in the data.
    """

    batch: int
    triples: int
    reason: str
    first_triple: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form.

        Examples:
            >>> import json
            >>> from govgraph.store import LoadFailure
            >>> xsd = "http://www.w3.org/2001/XMLSchema#"
            >>> bad = f'<http://example.org/P1> <http://example.org/year> "20x1"^^<{xsd}integer> .'
            >>> failure = LoadFailure(batch=2, triples=1, first_triple=bad,
            ...                       reason="HTTP 500: SR341: bad integer")
            >>> sorted(failure.to_dict())
            ['batch', 'first_triple', 'reason', 'triples']
            >>> json.loads(json.dumps(failure.to_dict()))["reason"]
            'HTTP 500: SR341: bad integer'
        """
        return {
            "batch": self.batch,
            "triples": self.triples,
            "reason": self.reason,
            "first_triple": self.first_triple,
        }


@dataclass(frozen=True)
class LoadReport:
    """What a load into a SPARQL endpoint wrote. Endpoint loads are not atomic: read this.

    Attributes:
        endpoint: The update endpoint URL.
        graph: The named graph written to (``None``: the endpoint's default graph).
        triples: Triples given to the load.
        batches: Batches the triples were split into.
        written: Triples in requests the endpoint accepted.
        retries: Requests repeated after a transient error (time-out, 5xx, connection reset).
        failures: Triples the endpoint refused or that could not be sent, with the reason.
        not_attempted: Triples never sent because the load stopped early.
        stopped: True when the load stopped early (endpoint unreachable after retries,
            authentication refused, no such service).
        count_before: Triples in the graph before the load (``None`` if it could not be counted).
        count_after: Triples in the graph after the load (``None`` if it could not be counted).
        seconds: Wall time of the load.
    """

    endpoint: str
    graph: str | None
    triples: int
    batches: int
    written: int
    retries: int
    failures: tuple[LoadFailure, ...] = ()
    not_attempted: int = 0
    stopped: bool = False
    count_before: int | None = None
    count_after: int | None = None
    seconds: float = 0.0

    @property
    def complete(self) -> bool:
        """True when every triple was written.

        Examples:
            >>> from govgraph.store import LoadFailure, LoadReport
            >>> xsd = "http://www.w3.org/2001/XMLSchema#"
            >>> bad = f'<http://example.org/P1> <http://example.org/year> "20x1"^^<{xsd}integer> .'
            >>> failure = LoadFailure(batch=2, triples=1, first_triple=bad,
            ...                       reason="HTTP 500: SR341: bad integer")
            >>> report = LoadReport(
            ...     endpoint="http://127.0.0.1:8890/sparql", graph="https://example.org/gov",
            ...     triples=10, batches=2, written=9, retries=1, failures=(failure,),
            ...     count_before=0, count_after=9,
            ... )
            >>> report.complete
            False
            >>> LoadReport(endpoint="http://127.0.0.1:8890/sparql", graph=None, triples=178,
            ...            batches=1, written=178, retries=0).complete
            True
        """
        return self.written == self.triples and not self.failures

    @property
    def failed(self) -> int:
        """Triples the endpoint refused or that could not be sent after retries.

        Triples never sent because the load stopped early count in ``not_attempted``.

        Examples:
            >>> from govgraph.store import LoadFailure, LoadReport
            >>> first = "<http://example.org/P1> <http://example.org/year> 2021 ."
            >>> failure = LoadFailure(batch=2, triples=4, reason="HTTP 401", first_triple=first)
            >>> report = LoadReport(
            ...     endpoint="http://127.0.0.1:8890/sparql", graph="https://example.org/gov",
            ...     triples=12, batches=3, written=4, retries=0, failures=(failure,),
            ...     not_attempted=4, stopped=True,
            ... )
            >>> report.written, report.failed, report.not_attempted
            (4, 4, 4)
        """
        return sum(f.triples for f in self.failures)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-friendly form (with ``complete`` and ``failed`` computed).

        Examples:
            >>> import json
            >>> from govgraph.store import LoadFailure, LoadReport
            >>> xsd = "http://www.w3.org/2001/XMLSchema#"
            >>> bad = f'<http://example.org/P1> <http://example.org/year> "20x1"^^<{xsd}integer> .'
            >>> failure = LoadFailure(batch=2, triples=1, first_triple=bad,
            ...                       reason="HTTP 500: SR341: bad integer")
            >>> report = LoadReport(
            ...     endpoint="http://127.0.0.1:8890/sparql", graph="https://example.org/gov",
            ...     triples=10, batches=2, written=9, retries=1, failures=(failure,),
            ...     count_before=0, count_after=9,
            ... )
            >>> found = report.to_dict()
            >>> found["complete"], found["written"], found["failed"], found["failures"][0]["batch"]
            (False, 9, 1, 2)
            >>> json.loads(json.dumps(found)) == found
            True
        """
        return {
            "endpoint": self.endpoint,
            "graph": self.graph,
            "complete": self.complete,
            "triples": self.triples,
            "batches": self.batches,
            "written": self.written,
            "failed": self.failed,
            "not_attempted": self.not_attempted,
            "stopped": self.stopped,
            "retries": self.retries,
            "count_before": self.count_before,
            "count_after": self.count_after,
            "seconds": round(self.seconds, 3),
            "failures": [f.to_dict() for f in self.failures],
        }

    def summary(self) -> str:
        """Return a one-paragraph plain-language summary.

        Examples:
            >>> from govgraph.store import LoadFailure, LoadReport
            >>> xsd = "http://www.w3.org/2001/XMLSchema#"
            >>> bad = f'<http://example.org/P1> <http://example.org/year> "20x1"^^<{xsd}integer> .'
            >>> failure = LoadFailure(batch=2, triples=1, first_triple=bad,
            ...                       reason="HTTP 500: SR341: bad integer")
            >>> report = LoadReport(
            ...     endpoint="http://127.0.0.1:8890/sparql", graph="https://example.org/gov",
            ...     triples=10, batches=2, written=9, retries=1, failures=(failure,),
            ...     count_before=0, count_after=9,
            ... )
            >>> print(report.summary())
            9 of 10 triple(s) written to graph <https://example.org/gov> at ... NOT written:
              batch 2: 1 triple(s), first <http://example.org/P1> ...: HTTP 500: SR341: bad integer
        """
        where = f"graph <{self.graph}>" if self.graph else "the default graph"
        text = (
            f"{self.written} of {self.triples} triple(s) written to {where} at {self.endpoint} "
            f"in {self.batches} batch(es), {self.retries} retr{'y' if self.retries == 1 else 'ies'}"
        )
        if self.count_before is not None and self.count_after is not None:
            text += f"; the graph went from {self.count_before} to {self.count_after} triple(s)"
        text += "."
        if self.failures:
            text += f" {self.failed} triple(s) were NOT written:"
            for f in self.failures[:10]:
                text += f"\n  batch {f.batch}: {f.triples} triple(s), first {f.first_triple}: {f.reason}"
            if len(self.failures) > 10:
                text += f"\n  ... and {len(self.failures) - 10} more failure(s)"
        if self.stopped:
            text += f"\nThe load stopped early; {self.not_attempted} triple(s) were not attempted."
        return text


class _Fatal(Exception):
    """A request that no retry or split will fix (auth refused, endpoint missing)."""


@dataclass
class _Unit:
    """Triples that must travel in one request (those sharing blank nodes), as N-Triples lines."""

    lines: list[str] = field(default_factory=list)
    has_bnode: bool = False


@dataclass
class _LoadState:
    written: int = 0
    retries: int = 0
    failures: list[LoadFailure] = field(default_factory=list)


def _size(units: Sequence[_Unit]) -> int:
    return sum(len(u.lines) for u in units)


def load_quads(
    transport: Transport,
    quads: Iterable[ox.Quad],
    *,
    url: str,
    graph: str | None,
    batch_size: int,
    progress: Callable[[int], object] | None = None,
    count: Callable[[], int | None] | None = None,
) -> LoadReport:
    """Write triples to ``url`` in batches and report what was written (see the module text).

    Args:
        transport: The connection to the endpoint.
        quads: The triples (graph names are ignored).
        url: The update endpoint.
        graph: The named graph to write into (``None``: the endpoint's default graph).
        batch_size: Triples per request.
        progress: Called with the number of triples handled after each batch.
        count: Counts the graph before and after the load, for the report.

    Returns:
        The :class:`LoadReport`. Nothing is rolled back: check ``report.complete``.
    """
    started = time.monotonic()
    units = _units(quads)
    total = _size(units)
    batches = _pack(units, batch_size)
    before = count() if count is not None else None
    state = _LoadState()
    not_attempted = 0
    stopped = False
    for number, batch in enumerate(batches, start=1):
        try:
            _send(transport, url, _insert_text(batch, graph), batch, graph, number, state)
        except _Fatal as exc:
            rest = sum(_size(b) for b in batches[number - 1 :])
            state.failures.append(LoadFailure(number, _size(batch), str(exc), batch[0].lines[0]))
            not_attempted = rest - _size(batch)
            stopped = True
            break
        if progress is not None:
            progress(_size(batch))
    return LoadReport(
        endpoint=url,
        graph=graph,
        triples=total,
        batches=len(batches),
        written=state.written,
        retries=state.retries,
        failures=tuple(state.failures),
        not_attempted=not_attempted,
        stopped=stopped,
        count_before=before,
        count_after=count() if count is not None else None,
        seconds=time.monotonic() - started,
    )


def skolemize(quads: Iterable[ox.Quad], base: str) -> list[ox.Quad]:
    """Replace blank nodes with stable Skolem IRIs, so that loading the same data twice is a no-op.

    Each blank node becomes ``{base}{digest}-{n}``: ``digest`` is a hash of the whole input with
    its blank nodes numbered in order of first appearance, ``n`` that number. The same data
    (same triples in the same order, whatever labels the parser gave its blank nodes) gives the
    same IRIs, so a re-run after a failed load completes the graph instead of duplicating every
    blank node; different data gives different IRIs.

    Args:
        quads: The triples (graph names are ignored).
        base: Prefix of the IRIs, ending with :data:`GENID_MARK`.

    Returns:
        The quads as a list: as given when there is no blank node, else rebuilt in the default
        graph with the Skolem IRIs.

    Examples:
        >>> import pyoxigraph as ox
        >>> from govgraph.store import skolemize
        >>> data = "@prefix ex: <http://example.org/> . ex:P1 ex:budget [ ex:eur 5 ] ."
        >>> base = "https://example.org/.well-known/genid/"
        >>> first = skolemize(ox.parse(data, format=ox.RdfFormat.TURTLE), base)
        >>> again = skolemize(ox.parse(data, format=ox.RdfFormat.TURTLE), base)
        >>> first == again  # the parser named its blank nodes differently each time
        True
        >>> budget = first[1].object.value
        >>> budget.startswith(base), budget.endswith("-0")
        (True, True)

    Raises:
        ValueError: ``base`` does not make valid IRIs (pyoxigraph's check).
    """
    numbers: dict[str, int] = {}
    items = list(quads)
    digest = hashlib.sha256()
    for q in items:
        parts = []
        for term in (q.subject, q.predicate, q.object):
            if isinstance(term, ox.BlankNode):
                parts.append(f"_:{numbers.setdefault(term.value, len(numbers))}")
            else:
                parts.append(str(term))
        digest.update((" ".join(parts) + "\n").encode("utf-8"))
    if not numbers:
        return items
    prefix = f"{base}{digest.hexdigest()[:32]}-"

    def iri(term: Any) -> Any:
        if isinstance(term, ox.BlankNode):
            return ox.NamedNode(f"{prefix}{numbers[term.value]}")
        return term

    return [ox.Quad(iri(q.subject), q.predicate, iri(q.object)) for q in items]


def _insert_text(batch: Sequence[_Unit], graph: str | None) -> str:
    body = "\n".join(line for unit in batch for line in unit.lines)
    if graph is not None:
        body = f"GRAPH <{graph}> {{\n{body}\n}}"
    if any(unit.has_bnode for unit in batch):
        # Blank nodes are refused in INSERT DATA by Virtuoso; a template keeps them one node.
        return f"INSERT {{\n{body}\n}} WHERE {{ }}"
    return f"INSERT DATA {{\n{body}\n}}"


def _send(
    transport: Transport,
    url: str,
    text: str,
    batch: list[_Unit],
    graph: str | None,
    number: int,
    state: _LoadState,
) -> None:
    """Send one batch; split it when refused; record failures. Raises _Fatal to stop."""
    attempts = transport.max_retries + 1
    delay = transport.backoff
    reason = ""
    for attempt in range(attempts):
        if attempt:
            state.retries += 1
            time.sleep(delay)
            delay *= 2
        try:
            response = transport.send(url, {"update": text}, "*/*")
        except httpx.TimeoutException:
            reason = f"no answer within {transport.timeout:g} s"
            continue
        except httpx.TransportError as exc:
            reason = f"cannot reach the endpoint ({exc})"
            continue
        if response.status_code < 300:
            state.written += _size(batch)
            return
        message = one_line(response.text)
        if response.status_code in FATAL_STATUS:
            raise _Fatal(str(endpoint_error(url, response.status_code, message)))
        if is_transient(response.status_code, message):
            reason = f"HTTP {response.status_code}: {message}"
            continue
        # Refused for its content: isolate the triples the endpoint does not accept.
        if len(batch) > 1:
            half = len(batch) // 2
            for part in (batch[:half], batch[half:]):
                _send(transport, url, _insert_text(part, graph), part, graph, number, state)
            return
        state.failures.append(
            LoadFailure(
                number,
                len(batch[0].lines),
                f"HTTP {response.status_code}: {message}",
                batch[0].lines[0],
            )
        )
        return
    raise _Fatal(f"{url}: {reason} (after {attempts} attempt(s))")


def _units(quads: Iterable[ox.Quad]) -> list[_Unit]:
    """Group triples into request units: one per plain triple, one per blank-node component."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    units: list[_Unit] = []
    with_bnodes: list[tuple[str, str]] = []  # (component key, line)
    for q in quads:
        s, p, o = q.subject, q.predicate, plain_ox(q.object)
        line = f"{s} {p} {o} ."
        keys = [str(t) for t in (s, o) if isinstance(t, ox.BlankNode)]
        if not keys:
            units.append(_Unit([line]))
            continue
        for key in keys:
            find(key)
        if len(keys) == 2:
            a, b = find(keys[0]), find(keys[1])
            if a != b:
                parent[a] = b
        with_bnodes.append((keys[0], line))
    groups: dict[str, _Unit] = {}
    for key, line in with_bnodes:
        groups.setdefault(find(key), _Unit(has_bnode=True)).lines.append(line)
    units.extend(groups.values())
    return units


def _pack(units: list[_Unit], size: int) -> list[list[_Unit]]:
    batches: list[list[_Unit]] = []
    current: list[_Unit] = []
    filled = 0
    for unit in units:
        if current and filled + len(unit.lines) > size:
            batches.append(current)
            current, filled = [], 0
        current.append(unit)
        filled += len(unit.lines)
    if current:
        batches.append(current)
    return batches
