"""What goes into the report (:class:`ReportOptions`), checked when the options are made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._exceptions import ConfigurationError

if TYPE_CHECKING:
    from ..analysis import Filters

__all__ = ["ReportOptions"]


@dataclass(frozen=True)
class ReportOptions:
    """What goes into the report.

    Attributes:
        title: Page title.
        by: Synergy dimension (``technology``, ``policy_area``, ``challenge``, ``all``).
        top: Rows in the top-synergies, gaps and learning tables.
        per_actor_limit: Each actor in at most this many rows of the top-synergies and learning
            tables (``None``: no limit; the network is not limited).
        network_edges: At most this many synergies (the strongest) are drawn in the network.
        heatmap_actors: At most this many actors (largest total shortfall) in the heat map.
        heatmap_skills: At most this many skills in the heat map.
        validate: Run SHACL validation and include its findings.
        max_findings: At most this many validation findings are listed.
        seed: Seed of the network layout and of the community detection.
        filters: Narrow the synergy and learning sections (``Filters(country="DEU")``).
    """

    title: str = "Governance knowledge graph report"
    by: str = "all"
    top: int = 25
    per_actor_limit: int | None = 1
    network_edges: int = 80
    heatmap_actors: int = 25
    heatmap_skills: int = 30
    validate: bool = True
    max_findings: int = 100
    seed: int = 0
    filters: Filters | None = None

    def __post_init__(self) -> None:
        for name in ("top", "network_edges", "heatmap_actors", "heatmap_skills", "max_findings"):
            if getattr(self, name) < 1:
                raise ConfigurationError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.per_actor_limit is not None and self.per_actor_limit < 1:
            raise ConfigurationError(
                f"per_actor_limit must be at least 1 (None: no limit), got {self.per_actor_limit}"
            )

    def to_dict(self) -> dict[str, Any]:
        """Return the options as a dict.

        The filters become their own dict (``None`` when there are none), so the result is
        JSON-ready.

        Examples:
            >>> import json
            >>> from govgraph.analysis import Filters
            >>> from govgraph.report import ReportOptions
            >>> options = ReportOptions(top=10, filters=Filters(country="DEU"))
            >>> data = options.to_dict()
            >>> data["top"], data["by"], data["per_actor_limit"]
            (10, 'all', 1)
            >>> data["filters"] == Filters(country="DEU").to_dict()
            True
            >>> json.loads(json.dumps(data)) == data
            True
        """
        out = dict(self.__dict__)
        out["filters"] = self.filters.to_dict() if self.filters else None
        return out
