"""The results of the offline MQA score: one :class:`CheckResult` per check and dataset.

:func:`~govgraph.export.quality` computes them (``_quality.py``); the maximum points follow
data.europa.eu's methodology (https://data.europa.eu/mqa/methodology).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_OFFLINE",
    "MAX_POINTS",
    "NOT_CHECKED",
    "CheckResult",
    "DatasetQuality",
    "QualityReport",
]

MAX_POINTS = 405
MAX_OFFLINE = 325
NOT_CHECKED = "not checked offline"


@dataclass(frozen=True)
class CheckResult:
    """One MQA check on one dataset.

    Attributes:
        dimension: findability, accessibility, interoperability, reusability or contextuality.
        indicator: The methodology's indicator name.
        property: The DCAT property checked.
        weight: The points the methodology gives for it.
        points: Points earned, or ``None`` when not checked offline.
        status: ``passed``, ``partial``, ``failed`` or ``not checked offline``.
        detail: What was found.
    """

    dimension: str
    indicator: str
    property: str
    weight: int
    points: float | None
    status: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form.

        Examples:
            >>> import json
            >>> from govgraph.export import CheckResult
            >>> check = CheckResult("findability", "Keyword usage", "dcat:keyword", 30, 30.0,
            ...                     "passed", "keywords")
            >>> check.to_dict()["points"], check.to_dict()["status"]
            (30.0, 'passed')
            >>> unchecked = CheckResult("accessibility", "AccessURL accessibility",
            ...                         "dcat:accessURL", 50, None, "not checked offline",
            ...                         "needs an HTTP request to each access URL")
            >>> json.dumps(unchecked.to_dict()["points"])
            'null'
        """
        return dict(self.__dict__)


@dataclass(frozen=True)
class DatasetQuality:
    """The MQA score of one dataset.

    Attributes:
        dataset: Its IRI.
        title: Its title.
        checks: Every check, in the methodology's order.
    """

    dataset: str
    title: str
    checks: tuple[CheckResult, ...]

    @property
    def points(self) -> float:
        """Points earned in the checks that run offline.

        Examples:
            >>> from govgraph.export import CheckResult, DatasetQuality
            >>> score = DatasetQuality("https://example.org/budget", "City budget", (
            ...     CheckResult("findability", "Keyword usage", "dcat:keyword", 30, 30.0,
            ...                 "passed", "keywords"),
            ...     CheckResult("findability", "Geo search", "dct:spatial", 20, 0.0,
            ...                 "failed", "no spatial coverage"),
            ...     CheckResult("accessibility", "AccessURL accessibility", "dcat:accessURL", 50,
            ...                 None, "not checked offline", "needs an HTTP request"),
            ... ))
            >>> score.points
            30.0
        """
        return round(sum(c.points or 0.0 for c in self.checks), 2)

    @property
    def max_offline(self) -> int:
        """Points reachable offline (325).

        The weights of the checks that ran (those with ``points``); 325 for a score that
        :func:`quality` made, whose two URL checks (80 points) are not run offline.

        Examples:
            >>> from govgraph.export import CheckResult, DatasetQuality
            >>> score = DatasetQuality("https://example.org/budget", "City budget", (
            ...     CheckResult("findability", "Keyword usage", "dcat:keyword", 30, 30.0,
            ...                 "passed", "keywords"),
            ...     CheckResult("findability", "Geo search", "dct:spatial", 20, 0.0,
            ...                 "failed", "no spatial coverage"),
            ...     CheckResult("accessibility", "AccessURL accessibility", "dcat:accessURL", 50,
            ...                 None, "not checked offline", "needs an HTTP request"),
            ... ))
            >>> score.max_offline  # the access URL check (50) did not run
            50
        """
        return sum(c.weight for c in self.checks if c.points is not None)

    @property
    def rating_if_reachable(self) -> str:
        """The portal's rating if the access and download URLs answer (the 80 offline points).

        The points plus the weights of the checks not run offline, rated as data.europa.eu
        does: Excellent from 351 points, Good from 221, Sufficient from 121, else Bad.

        Examples:
            >>> from govgraph.export import CheckResult, DatasetQuality
            >>> score = DatasetQuality("https://example.org/budget", "City budget", (
            ...     CheckResult("findability", "Keyword usage", "dcat:keyword", 30, 30.0,
            ...                 "passed", "keywords"),
            ...     CheckResult("findability", "Geo search", "dct:spatial", 20, 0.0,
            ...                 "failed", "no spatial coverage"),
            ...     CheckResult("accessibility", "AccessURL accessibility", "dcat:accessURL", 50,
            ...                 None, "not checked offline", "needs an HTTP request"),
            ... ))
            >>> score.points, score.rating_if_reachable  # 30 + 50 points: still Bad
            (30.0, 'Bad')
        """
        total = self.points + sum(c.weight for c in self.checks if c.points is None)
        if total >= 351:
            return "Excellent"
        if total >= 221:
            return "Good"
        if total >= 121:
            return "Sufficient"
        return "Bad"

    def dimension_points(self) -> dict[str, float]:
        """Points per dimension.

        Examples:
            >>> from govgraph.export import CheckResult, DatasetQuality
            >>> score = DatasetQuality("https://example.org/budget", "City budget", (
            ...     CheckResult("findability", "Keyword usage", "dcat:keyword", 30, 30.0,
            ...                 "passed", "keywords"),
            ...     CheckResult("findability", "Geo search", "dct:spatial", 20, 0.0,
            ...                 "failed", "no spatial coverage"),
            ...     CheckResult("accessibility", "AccessURL accessibility", "dcat:accessURL", 50,
            ...                 None, "not checked offline", "needs an HTTP request"),
            ... ))
            >>> score.dimension_points()
            {'findability': 30.0, 'accessibility': 0.0}
        """
        out: dict[str, float] = {}
        for c in self.checks:
            out[c.dimension] = round(out.get(c.dimension, 0.0) + (c.points or 0.0), 2)
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form.

        Examples:
            >>> from rdflib import Graph
            >>> from govgraph.export import quality
            >>> catalog = Graph().parse(format="turtle", data='''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/budget> a dcat:Dataset ;
            ...     dct:title "City budget"@en ; dcat:keyword "budget"@en ;
            ...     dcat:distribution <https://example.org/budget.csv> .
            ... <https://example.org/budget.csv> a dcat:Distribution ;
            ...     dcat:accessURL <https://example.org/budget.csv> ;
            ...     dcat:downloadURL <https://example.org/budget.csv> ;
            ...     dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
            ... ''')
            >>> data = quality(catalog).datasets[0].to_dict()
            >>> data["points"], data["max_offline"], data["rating_if_urls_reachable"]
            (115.0, 325, 'Sufficient')
            >>> data["dimensions"]["findability"], data["checks"][0]["indicator"]
            (30.0, 'Keyword usage')
        """
        return {
            "dataset": self.dataset,
            "title": self.title,
            "points": self.points,
            "max_offline": self.max_offline,
            "max_points": MAX_POINTS,
            "rating_if_urls_reachable": self.rating_if_reachable,
            "dimensions": self.dimension_points(),
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class QualityReport:
    """Scores of every dataset of one or more catalogues.

    Attributes:
        datasets: One score per dataset.
    """

    datasets: tuple[DatasetQuality, ...]

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"max_points": 405, "max_offline": 325, "datasets": [...]}``.

        Examples:
            >>> import json
            >>> from rdflib import Graph
            >>> from govgraph.export import quality
            >>> catalog = Graph().parse(format="turtle", data='''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/budget> a dcat:Dataset ;
            ...     dct:title "City budget"@en ; dcat:keyword "budget"@en ;
            ...     dcat:distribution <https://example.org/budget.csv> .
            ... <https://example.org/budget.csv> a dcat:Distribution ;
            ...     dcat:accessURL <https://example.org/budget.csv> ;
            ...     dcat:downloadURL <https://example.org/budget.csv> ;
            ...     dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
            ... ''')
            >>> data = quality(catalog).to_dict()
            >>> data["max_points"], data["max_offline"]
            (405, 325)
            >>> [(d["title"], d["points"]) for d in data["datasets"]]
            [('City budget', 115.0)]
            >>> json.loads(json.dumps(data)) == data
            True
        """
        return {
            "max_points": MAX_POINTS,
            "max_offline": MAX_OFFLINE,
            "datasets": [d.to_dict() for d in self.datasets],
        }

    def to_text(self) -> str:
        r"""Return a readable table of the scores and of the checks that lost points.

        Examples:
            >>> from rdflib import Graph
            >>> from govgraph.export import quality
            >>> catalog = Graph().parse(format="turtle", data='''
            ... @prefix dcat: <http://www.w3.org/ns/dcat#> .
            ... @prefix dct: <http://purl.org/dc/terms/> .
            ... <https://example.org/budget> a dcat:Dataset ;
            ...     dct:title "City budget"@en ; dcat:keyword "budget"@en ;
            ...     dcat:distribution <https://example.org/budget.csv> .
            ... <https://example.org/budget.csv> a dcat:Distribution ;
            ...     dcat:accessURL <https://example.org/budget.csv> ;
            ...     dcat:downloadURL <https://example.org/budget.csv> ;
            ...     dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> .
            ... ''')
            >>> lines = quality(catalog).to_text().splitlines()
            >>> print("\n".join(lines[:4]))
            City budget <https://example.org/budget>: 115 / 325 points checked offline ...
              findability: 30
              accessibility: 20
              interoperability: 65
            >>> [line for line in lines if "Geo search" in line]
            ['  - Geo search: 0/20: no spatial coverage']
        """
        lines = []
        for d in self.datasets:
            lines.append(
                f"{d.title} <{d.dataset}>: {d.points:g} / {d.max_offline} points checked offline "
                f"(of {MAX_POINTS}; rating if the URLs answer: {d.rating_if_reachable})"
            )
            for dim, pts in d.dimension_points().items():
                lines.append(f"  {dim}: {pts:g}")
            for c in d.checks:
                if c.status == NOT_CHECKED:
                    lines.append(f"  - {c.indicator} ({c.weight}): {NOT_CHECKED}")
                elif c.status != "passed":
                    lines.append(f"  - {c.indicator}: {c.points:g}/{c.weight}: {c.detail}")
        return "\n".join(lines)
