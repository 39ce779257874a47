"""The options of the synergy and network analyses, declared once for functions, facade and CLI.

:func:`~govgraph.analysis.synergies` takes the keyword arguments of :class:`SynergyArgs` with the
defaults of :data:`SYNERGY_DEFAULTS`; ``GovGraph.synergies(**)`` passes them through unchanged and
the CLI takes its defaults from there.

:func:`~govgraph.analysis.mutual_learning`, :func:`~govgraph.analysis.partners` and
:func:`~govgraph.analysis.supplier_dependence` likewise (:class:`LearningArgs`,
:class:`PartnerArgs`, :class:`DependenceArgs`; the defaults are the functions' own).

:func:`~govgraph.analysis.clusters`, :func:`~govgraph.analysis.brokers` and
:func:`~govgraph.analysis.to_networkx` take these keyword arguments; ``GovGraph.clusters(**)``
and friends pass them through unchanged (typed with :class:`ClusterArgs` / :class:`BrokerArgs`),
and the CLI takes its defaults from :data:`NETWORK_DEFAULTS`. One spelling and one set of
defaults everywhere: ``neighbours=0`` and ``neighbours=None`` both mean "keep every synergy".
"""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

from .._exceptions import ConfigurationError
from ._filters import FilterArgs, Filters

__all__ = [
    "NETWORK_DEFAULTS",
    "SYNERGY_DEFAULTS",
    "BrokerArgs",
    "ClusterArgs",
    "DependenceArgs",
    "LearningArgs",
    "NetworkArgs",
    "PartnerArgs",
    "SynergyArgs",
    "check_network",
]

#: Defaults of :func:`~govgraph.analysis.synergies` (and ``iter_synergies``).
SYNERGY_DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {
        "by": "technology",
        "method": "rarity",
        "min_score": 0.0,
        "top": None,
        "per_actor": None,
        "per_actor_limit": None,
        "filters": None,
    }
)

#: Defaults of the network analyses (clusters, brokers, the synergy graph).
NETWORK_DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {
        "by": "technology",
        "method": "rarity",
        "min_score": 0.0,
        "seed": 0,
        "neighbours": 10,
        "resolution": 1.0,
        "min_size": 2,
        "top": None,
        "exact_limit": 500,
        "samples": 200,
        "filters": None,
    }
)


class SynergyArgs(FilterArgs, total=False):
    """Options of :func:`~govgraph.analysis.synergies` (defaults: :data:`SYNERGY_DEFAULTS`).

    ``by``, ``method``, ``min_score``, ``top``, ``per_actor``, ``per_actor_limit``, ``filters``
    and the filters as keyword arguments (:class:`FilterArgs`).
    """

    by: str
    method: str
    min_score: float
    top: int | None
    per_actor: int | None
    per_actor_limit: int | None
    filters: Filters | None


class LearningArgs(FilterArgs, total=False):
    """Options of :func:`~govgraph.analysis.mutual_learning`.

    ``top``, ``desi_indicators``, ``per_actor_limit``, ``filters`` and the filters as keyword
    arguments (:class:`FilterArgs`); the defaults are the function's.
    """

    top: int | None
    desi_indicators: Sequence[str]
    per_actor_limit: int | None
    filters: Filters | None


class PartnerArgs(FilterArgs, total=False):
    """Options of :func:`~govgraph.analysis.partners`: ``partner_kind``, ``top``, the filters."""

    partner_kind: str | None
    top: int | None
    filters: Filters | None


class DependenceArgs(PartnerArgs, total=False):
    """Options of :func:`~govgraph.analysis.supplier_dependence`.

    Those of :class:`PartnerArgs`, ``min_cases`` and ``min_share``.
    """

    min_cases: int
    min_share: float


class NetworkArgs(FilterArgs, total=False):
    """Options of the synergy graph the network analyses run on.

    ``by`` (``technology``, ``policy_area``, ``challenge``, ``all``), ``method`` (the synergy
    score of the edges: ``jaccard``, or ``rarity`` and the other methods of
    :func:`~govgraph.analysis.synergies`), ``min_score`` (``jaccard``: 0 to 1), ``seed``,
    ``neighbours`` (each actor's strongest synergies kept; 0 or None: all), and the filters
    (``filters=`` or as keywords: the synergies they keep make the graph).
    """

    by: str
    method: str
    min_score: float
    seed: int
    neighbours: int | None
    filters: Filters | None


class ClusterArgs(NetworkArgs, total=False):
    """Options of :func:`~govgraph.analysis.clusters`: the graph's, ``resolution``, ``min_size``."""

    resolution: float
    min_size: int


class BrokerArgs(NetworkArgs, total=False):
    """Options of :func:`~govgraph.analysis.brokers`: the graph's, ``top``, ``exact_limit``, ``samples``."""

    top: int | None
    exact_limit: int
    samples: int


def check_network(
    *,
    method: str = "jaccard",
    min_score: float = 0.0,
    neighbours: int | None = None,
    top: int | None = None,
    resolution: float = 1.0,
    min_size: int = 1,
    exact_limit: int = 0,
    samples: int = 1,
) -> int | None:
    """Refuse option values outside their range; return ``neighbours`` with 0 read as None.

    Raises:
        ConfigurationError: Naming the option, the value and the range.

    Examples:
        >>> check_network(neighbours=0) is None
        True
    """
    if min_score < 0.0 or (method == "jaccard" and min_score > 1.0):
        raise ConfigurationError(
            f"min_score={min_score} is outside "
            + ("0..1; give a Jaccard score" if method == "jaccard" else "0.. (scores are >= 0)")
        )
    if neighbours is not None and neighbours < 0:
        raise ConfigurationError(f"neighbours={neighbours} must be zero (all) or more")
    if top is not None and top < 0:
        raise ConfigurationError(f"top={top} must be zero or more")
    if resolution <= 0:
        raise ConfigurationError(f"resolution={resolution} must be above 0 (1 is the default)")
    if min_size < 1:
        raise ConfigurationError(f"min_size={min_size} must be 1 or more")
    if exact_limit < 0:
        raise ConfigurationError(f"exact_limit={exact_limit} must be zero or more")
    if samples < 1:
        raise ConfigurationError(f"samples={samples} must be 1 or more")
    return neighbours or None
