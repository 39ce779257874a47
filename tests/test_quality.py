"""MQA quality score: weights of the published methodology, full export = 325 offline."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph
from rdflib.namespace import DCAT, DCTERMS

import govgraph as gg
from govgraph.export import MAX_OFFLINE, MAX_POINTS, export_dcat_ap, quality
from govgraph.export._quality import _CHECKS
from test_export_dcat import DIGIT, graph_full


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory):
    kg = gg.GovGraph()
    kg.add(graph_full())
    out = tmp_path_factory.mktemp("q")
    result = export_dcat_ap(
        kg.store,
        out,
        base_url="https://d.example.org/",
        publisher=DIGIT,
        publisher_name="DIGIT",
        contact_email="a@example.org",
        extra_tables={"t": [{"x": 1}]},
        issued=dt.date(2026, 1, 1),
        modified=dt.date(2026, 1, 2),
    )
    return result.catalog[0].path


def test_weights_are_the_published_ones():
    per_dimension: dict[str, int] = {}
    for dimension, _indicator, _prop, weight in _CHECKS:
        per_dimension[dimension] = per_dimension.get(dimension, 0) + weight
    assert per_dimension == {
        "findability": 100,
        "accessibility": 100,
        "interoperability": 110,
        "reusability": 75,
        "contextuality": 20,
    }
    assert sum(per_dimension.values()) == MAX_POINTS == 405
    url_checks = [w for _d, i, _p, w in _CHECKS if i.endswith("URL accessibility")]
    assert MAX_POINTS - sum(url_checks) == MAX_OFFLINE == 325


def test_full_export_scores_the_offline_maximum(catalog):
    report = quality(catalog)
    assert len(report.datasets) == 2
    for ds in report.datasets:
        assert (ds.points, ds.max_offline) == (325, 325)
        skipped = [c.indicator for c in ds.checks if c.points is None]
        assert skipped == ["AccessURL accessibility", "DownloadURL accessibility"]
        assert all(c.status == "not checked offline" for c in ds.checks if c.points is None)
        assert ds.rating_if_reachable == "Excellent"


def test_missing_properties_lose_their_weight(catalog, tmp_path):
    g = Graph().parse(catalog)
    graph_ds = next(s for s in g.subjects(DCAT.distribution, None) if str(s).endswith("/graph"))
    g.remove((graph_ds, DCAT.keyword, None))
    g.remove((graph_ds, DCTERMS.temporal, None))
    dists = sorted(g.objects(graph_ds, DCAT.distribution))
    g.remove((dists[0], DCAT.byteSize, None))  # 1 of 4 distributions: 5 * 3/4
    path = tmp_path / "c.ttl"
    g.serialize(path, format="turtle")
    (graph_score,) = [d for d in quality(path).datasets if d.dataset == str(graph_ds)]
    assert graph_score.points == 325 - 30 - 20 - 1.25
    failed = {c.indicator for c in graph_score.checks if c.status in ("failed", "partial")}
    assert failed == {"Keyword usage", "Time-based search", "File size"}


def test_a_dataset_without_files_cannot_pass_the_url_checks(catalog, tmp_path):
    # regression: with no distribution there is nothing to request, so the 80 points of the
    # URL checks cannot come: "rating if the URLs answer" counted them all the same
    g = Graph().parse(catalog)
    graph_ds = next(s for s in g.subjects(DCAT.distribution, None) if str(s).endswith("/graph"))
    for dist in list(g.objects(graph_ds, DCAT.distribution)):
        g.remove((graph_ds, DCAT.distribution, dist))
    path = tmp_path / "c.ttl"
    g.serialize(path, format="turtle")
    (score,) = [d for d in quality(path).datasets if d.dataset == str(graph_ds)]
    url_checks = {c.indicator: c for c in score.checks if c.indicator.endswith("accessibility")}
    assert {(c.points, c.status) for c in url_checks.values()} == {(0.0, "failed")}
    assert all("no " in c.detail and "URL to request" in c.detail for c in url_checks.values())
    assert score.max_offline == MAX_POINTS  # every check ran
    assert all(c.points is not None for c in score.checks)
    total = score.points
    expected = (
        "Excellent"
        if total >= 351
        else "Good"
        if total >= 221
        else "Sufficient"
        if total >= 121
        else "Bad"
    )
    assert score.rating_if_reachable == expected  # no points assumed for URLs that do not exist


def test_half_of_the_vocabularies_check_says_which_half(catalog, tmp_path):
    g = Graph().parse(catalog)
    graph_ds = next(s for s in g.subjects(DCAT.distribution, None) if str(s).endswith("/graph"))
    for dist in g.objects(graph_ds, DCAT.distribution):
        g.remove((dist, DCAT.mediaType, None))  # the EU file type stays, IANA's media type goes
    path = tmp_path / "c.ttl"
    g.serialize(path, format="turtle")
    (score,) = [d for d in quality(path).datasets if d.dataset == str(graph_ds)]
    (vocab,) = [c for c in score.checks if c.indicator == "Format / media type from vocabulary"]
    assert vocab.status == "partial" and vocab.points == vocab.weight / 2
    assert "EU file-type table" in vocab.detail and "no media type from IANA" in vocab.detail
