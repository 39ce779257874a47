"""The endpoint's options and limits, declared once for the library and the CLI."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .._exceptions import ConfigurationError

__all__ = ["DEFAULT_MAX_RESULTS", "DEFAULT_TIMEOUT", "EndpointOptions"]

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RESULTS = 10_000


@dataclass(frozen=True)
class EndpointOptions:
    """What the SPARQL endpoint accepts and how long it waits (CLI: the options of ``serve``).

    Attributes:
        timeout: Seconds from a query's arrival to its answer (waiting included); after that the
            client gets ``503`` and the query's worker process is killed (``--timeout``).
        max_results: At most this many solutions or triples per answer (``--max-results``).
        allow_network: Accept ``SERVICE`` in queries (``--allow-network``).
        workers: Worker processes (threads for a remote store) running queries (``--workers``).
        per_client: Queries one client (IP address) may have running at once (``--per-client``).
        queue_per_client: Queries one client may have waiting; more get ``429``.
        queue_wait: Seconds a query may wait for a worker before ``503`` (``--queue-wait``).
        max_body: Largest request body in bytes; larger gets ``413`` (``--max-body``).
        max_query_length: Longest query in characters; longer gets ``413``
            (``--max-query-length``).
        read_timeout: Seconds a client has to send the request headers, and again the body
            (``--read-timeout``).
        allow_hosts: Host names accepted in the ``Host`` header besides ``localhost``,
            ``127.0.0.1``, ``::1`` and the bound address; ``("*",)`` accepts any
            (``--allow-host``).
        cors: Origins that browsers may read answers from (``--cors``); ``("*",)`` (the default)
            is any origin, ``()`` sends no CORS headers and refuses cross-origin requests.
        raw_csv: Write CSV cells as they are; by default a cell a spreadsheet would run as a
            formula (``=``, ``+``, ``-``, ``@``, tab, carriage return first) gets a leading ``'``
            (``--raw-csv``).

    Examples:
        >>> EndpointOptions(timeout=5).per_client
        2
    """

    timeout: float = DEFAULT_TIMEOUT
    max_results: int = DEFAULT_MAX_RESULTS
    allow_network: bool = False
    workers: int = 8
    per_client: int = 2
    queue_per_client: int = 16
    queue_wait: float = 10.0
    max_body: int = 1024 * 1024
    max_query_length: int = 256 * 1024
    read_timeout: float = 10.0
    allow_hosts: tuple[str, ...] = ()
    cors: tuple[str, ...] = ("*",)
    raw_csv: bool = False

    def __post_init__(self) -> None:
        for name in ("timeout", "queue_wait", "read_timeout"):
            if not getattr(self, name) > 0:
                raise ConfigurationError(f"{name}={getattr(self, name)} must be positive")
        for name in (
            "max_results",
            "workers",
            "per_client",
            "queue_per_client",
            "max_body",
            "max_query_length",
        ):
            if getattr(self, name) < 1:
                raise ConfigurationError(f"{name}={getattr(self, name)} must be at least 1")
        object.__setattr__(self, "allow_hosts", tuple(self.allow_hosts))
        object.__setattr__(self, "cors", tuple(self.cors))

    def replace(self, **changes: Any) -> EndpointOptions:
        """A copy with some options changed.

        Examples:
            >>> from govgraph.server import EndpointOptions
            >>> options = EndpointOptions().replace(timeout=5, cors=())
            >>> options.timeout, options.cors, options.max_results
            (5, (), 10000)
            >>> EndpointOptions().replace(time_out=5)
            Traceback (most recent call last):
            ...
            govgraph.ConfigurationError: unknown endpoint option(s) time_out; known: ...

        Raises:
            ConfigurationError: An unknown option name or a bad value.
        """
        known = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ConfigurationError(
                f"unknown endpoint option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """The options as a JSON-friendly dict.

        Examples:
            >>> import json
            >>> from govgraph.server import EndpointOptions
            >>> data = EndpointOptions(allow_hosts=("data.example.org",)).to_dict()
            >>> data["allow_hosts"], data["cors"], data["timeout"]
            (['data.example.org'], ['*'], 30.0)
            >>> json.loads(json.dumps(data)) == data
            True
        """
        data = dataclasses.asdict(self)
        data["allow_hosts"] = list(self.allow_hosts)
        data["cors"] = list(self.cors)
        return data
