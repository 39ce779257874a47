"""The report's adoption section: heat map, start-year chart, status flow; checked in Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, PROV, SKOS

from govgraph import GovGraph
from govgraph.cli import main
from govgraph.report import render_report

GG = Namespace("https://w3id.org/govgraph#")
EX = Namespace("https://example.org/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
STATUSES = ("StatusPlanned", "StatusInDevelopment", "StatusPilot", "StatusImplemented")


def release(dataset: str, year: str, shift: int) -> Graph:
    """Twenty cases in four countries; the later release moves each case one status on."""
    g = Graph()
    g.add((EX[dataset], DCTERMS.issued, Literal(year)))
    for t, label in (("ai", "artificial intelligence"), ("bc", "blockchain"), ("qc", "quantum")):
        g.add((EX[t], RDF.type, GG.Technology))
        g.add((EX[t], SKOS.prefLabel, Literal(label, lang="en")))
    for n in range(20):
        iri = EX[f"{dataset}/case{n}"]
        country = ("NLD", "BEL", "DEU", "AUT")[n % 4]
        g.add((iri, RDF.type, GG.Initiative))
        g.add((iri, SKOS.prefLabel, Literal(f"Service <{n}>", lang="en")))
        g.add((iri, DCTERMS.identifier, Literal(f"{dataset}-{n}")))
        g.add((iri, DCTERMS.spatial, COUNTRY[country]))
        g.add((iri, GG.ledBy, EX[f"org{n % 7}"]))
        g.add((iri, GG.startYear, Literal(2015 + n % 8)))
        g.add((iri, GG.usesTechnology, EX[("ai", "bc", "qc")[n % 3]]))
        g.add((iri, GG.status, GG[STATUSES[min(n % 4 + shift, 3)]]))
        g.add((iri, PROV.wasDerivedFrom, EX[dataset]))
    return g


@pytest.fixture(scope="module")
def graphs() -> tuple[GovGraph, GovGraph]:
    old, new = GovGraph(), GovGraph()
    old.add(release("r2022", "2022", 0))
    new.add(release("r2025", "2025", 1))
    return old, new


@pytest.fixture(scope="module")
def html(graphs: tuple[GovGraph, GovGraph]) -> str:
    old, new = graphs
    return render_report(new.store, previous=old.store)


@pytest.mark.slow
def test_section_and_tables(html: str) -> None:
    section = html[html.index('<section id="adoption">') :]
    section = section[: section.index("</section>")]
    for figure in ("adoption-heatmap", "adoption-started", "adoption-flow"):
        assert f'id="{figure}"' in section
    assert section.count("<table") == 3  # a table under each chart
    assert "<image" not in section  # vector only: the page's CSP loads no data: images
    assert "Service <" not in section  # labels escaped (none shown here, but nothing raw)
    # 20 cases matched by name: planned -> in development ... pilot -> implemented
    assert "From pilot to production: 2022 to 2025" in section
    flow = re.search(r"<tr><td>Pilot</td>(.*?)</tr>", section)
    assert flow is not None
    cells = [int(x) for x in re.findall(r'<td class="num">(\d+)</td>', flow.group(1))]
    assert sum(cells) == 5 and 5 in cells


def test_filters_narrow_the_section(graphs: tuple[GovGraph, GovGraph]) -> None:
    from govgraph.analysis import Filters
    from govgraph.report import ReportOptions

    old, new = graphs
    page = render_report(
        new.store, ReportOptions(filters=Filters(country="NLD")), previous=old.store
    )
    section = page[page.index('<section id="adoption">') :]
    assert "<p>5 cases (country NLD)." in section  # 20 cases, one in four in the Netherlands
    assert "Of 5 cases of the 2022 release (country NLD), 5 are found again" in section


@pytest.mark.slow
def test_no_flow_without_previous(graphs: tuple[GovGraph, GovGraph]) -> None:
    page = render_report(graphs[1].store)
    assert 'id="adoption-heatmap"' in page
    assert 'id="adoption-flow"' not in page


@pytest.mark.slow
def test_cli_report_compare(tmp_path: Path, graphs: tuple[GovGraph, GovGraph]) -> None:
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_bytes(graphs[0].serialize(format="turtle"))
    new.write_bytes(graphs[1].serialize(format="turtle"))
    out = tmp_path / "report.html"
    args = ["--quiet", "report", str(new), "--compare", str(old), "-o", str(out), "--no-validate"]
    assert main(args) == 0
    assert 'id="adoption-flow"' in out.read_text(encoding="utf-8")


MEASURE = """<script>
const out = [...document.querySelectorAll("#adoption figure.chart svg")].map(svg => {
  const r = svg.getBoundingClientRect();
  return {id: svg.closest("figure").id, x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height,
          shapes: svg.querySelectorAll("path, use, text").length};
});
const pre = document.createElement("pre");
pre.id = "measure";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("GOVGRAPH_REQUIRE_SERVICES") == "1":
        pytest.fail("chromium is not installed but GOVGRAPH_REQUIRE_SERVICES=1")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _run(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--hide-scrollbars",
        f"--user-data-dir={tmp / ('profile-' + str(len(list(tmp.iterdir()))))}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.resolve().as_uri(),
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp)}
    )


@pytest.mark.slow
@pytest.mark.chromium
def test_chromium_draws_the_charts(html: str, tmp_path: Path) -> None:
    from PIL import Image

    start = html.index('<section id="adoption">')
    # the adoption section alone, at the top of the page, so the screenshot holds it
    page_html = (
        html[: html.index("<main>") + 6] + html[start : html.index("</section>", start) + 10]
    )
    page_html += "</main></body></html>"
    page = tmp_path / "adoption.html"
    page.write_text(page_html, encoding="utf-8")
    shot = Path(os.environ.get("GOVGRAPH_SCREENSHOT", tmp_path / "adoption.png"))
    size = "--window-size=1280,3600"
    result = _run(page, tmp_path, f"--screenshot={shot}", size)
    assert result.returncode == 0, result.stderr[-2000:]
    assert [line for line in result.stderr.splitlines() if ":CONSOLE" in line] == []
    probe = tmp_path / "probe.html"
    csp = re.search(r"<meta http-equiv.*?>", page_html)
    assert csp is not None
    probe.write_text(
        page_html.replace(csp.group(0), "").replace("</body>", MEASURE + "</body>"), "utf-8"
    )
    dom = _run(probe, tmp_path, "--dump-dom", size).stdout
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-500:]
    figures = {f["id"]: f for f in json.loads(found.group(1).replace("&quot;", '"'))}
    assert set(figures) == {"adoption-heatmap", "adoption-started", "adoption-flow"}
    image = Image.open(shot).convert("L")
    for name, box in figures.items():
        assert box["w"] > 250 and box["h"] > 120, (name, box)
        assert box["y"] + box["h"] <= image.height, f"{name} is below the screenshot"
        crop = image.crop(
            (int(box["x"]), int(box["y"]), int(box["x"] + box["w"]), int(box["y"] + box["h"]))
        )
        drawn = sum(crop.histogram()[:245]) / (crop.width * crop.height)
        assert drawn > 0.01, f"{name} looks empty on screen ({drawn:.3%} drawn pixels)"
