"""The HTML report: contents, escaping, self-containment, and rendering in headless Chromium."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib")
pytest.importorskip("jinja2")

import govgraph as gg
from govgraph.report import ReportOptions, render_report
from govgraph.validation import Severity, ValidationReport, ValidationResult

DATA = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .

ex:ec a gg:PublicAdministration ; skos:prefLabel "European Commission"@en ;
    gg:administrativeLevel gg:EULevel .
ex:digit a gg:AdministrativeUnit ; org:unitOf ex:ec ; skos:prefLabel "DG DIGIT"@en .
ex:cnect a gg:AdministrativeUnit ; org:unitOf ex:ec ; skos:prefLabel "DG CNECT"@en .
ex:bmi a gg:PublicAdministration ;
    skos:prefLabel "Bundesministerium des Innern"@de, "German Federal Ministry of the Interior"@en ;
    gg:administrativeLevel gg:NationalLevel ; dct:spatial country:DEU .
ex:fr a gg:PublicAdministration ; skos:prefLabel "DINUM <script>alert('x')</script> & co"@en ;
    gg:administrativeLevel gg:NationalLevel ; dct:spatial country:FRA .
ex:city a gg:PublicAdministration ; skos:prefLabel "City of Barcelona"@en ;
    gg:administrativeLevel gg:LocalLevel ; dct:spatial country:ESP .

ex:ai a gg:Technology ; skos:prefLabel "Artificial intelligence"@en .
ex:nlp a gg:Technology ; skos:prefLabel "Natural language processing"@en ; skos:broader ex:ai .
ex:bc a gg:Technology ; skos:prefLabel "Blockchain"@en .
ex:ml a gg:Skill ; skos:prefLabel "Machine learning"@en .
ex:ling a gg:Skill ; skos:prefLabel "Computational linguistics"@en .
ex:crypto a gg:Skill ; skos:prefLabel "Cryptography $x$"@en .
ex:ai gg:requiresSkill ex:ml .
ex:req1 a gg:SkillRequirement ; gg:requiredBy ex:nlp ; gg:skill ex:ling ; gg:proficiencyLevel 5 .
ex:req2 a gg:SkillRequirement ; gg:requiredBy ex:bc ; gg:skill ex:crypto ; gg:proficiencyLevel 6 .
ex:c1 a gg:Competency ; gg:heldBy ex:digit ; gg:skill ex:ling ; gg:proficiencyLevel 2 .

ex:health a skos:Concept ; skos:prefLabel "Health"@en .
ex:ch1 a gg:Challenge ; skos:prefLabel "Multilingual services"@en .

ex:i1 a gg:Initiative ; skos:prefLabel "eTranslation"@en ; gg:ledBy ex:digit ;
    gg:usesTechnology ex:nlp ; gg:addressesChallenge ex:ch1 ; gg:implements ex:p2 .
ex:i2 a gg:Initiative ; skos:prefLabel "AI Watch"@en ; gg:ledBy ex:cnect ;
    gg:usesTechnology ex:ai, ex:bc ; gg:policyArea ex:health .
ex:i3 a gg:Initiative ; skos:prefLabel "Bund chatbot"@en ; gg:ledBy ex:bmi ;
    gg:usesTechnology ex:nlp ; gg:addressesChallenge ex:ch1 .
ex:i4 a gg:Initiative ; skos:prefLabel "Albert"@en ; gg:ledBy ex:fr ;
    gg:usesTechnology ex:nlp, ex:ai ; gg:policyArea ex:health .
ex:i5 a gg:Initiative ; skos:prefLabel "Ledger"@en ; gg:ledBy ex:city ; gg:usesTechnology ex:bc .

ex:p1 a gg:Policy ; skos:prefLabel "Digital Decade"@en .
ex:p2 a gg:Policy ; skos:prefLabel "Interoperable Europe"@en ; gg:ownedBy ex:digit, ex:bmi .
"""

FINDINGS = ValidationReport(
    conforms=False,
    results=(
        ValidationResult(
            focus_node="https://example.org/u9",
            path="http://www.w3.org/ns/org#unitOf",
            value=None,
            severity=Severity.VIOLATION,
            message="A unit must belong to exactly one organisation: add org:unitOf.",
            source_shape="https://w3id.org/govgraph/shapes#UnitShape",
            focus_label="Orphan unit",
        ),
    ),
)


class _Page(HTMLParser):
    """Collects visible text, tags and URL-bearing attributes of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []
        self.urls: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("style", "title"):
            self._skip += 1
        for name, value in attrs:
            if name in ("src", "href", "xlink:href", "action", "poster", "data") and value:
                self.urls.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.text.append(data.strip())


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def kg() -> gg.GovGraph:
    graph = gg.GovGraph()
    graph.load(DATA, format="turtle")
    return graph


@pytest.fixture(scope="module")
def html(kg: gg.GovGraph) -> str:
    # every pair (the default lists each actor once: see test_per_actor_limit)
    options = ReportOptions(validate=False, per_actor_limit=None)
    return render_report(kg.store, options, validation=FINDINGS)


def _section(html: str, ident: str) -> str:
    match = re.search(rf'<section id="{ident}">(.*?)</section>', html, re.DOTALL)
    assert match, ident
    return match.group(1)


@pytest.mark.slow
def test_summary_counts(html: str) -> None:
    summary = " ".join(_parse(_section(html, "summary")).text)
    for expected in (
        "4 Administrations",
        "2 Administrative units",
        "5 Initiatives",
        "3 Technologies",
        "3 Skills",
        "2 Policies",
        "1 Challenges",
    ):
        assert expected in summary


def test_labels_not_iris_and_english_preferred(html: str) -> None:
    page = _parse(html)
    visible = " ".join(page.text)
    assert "example.org" not in visible
    assert "German Federal Ministry of the Interior" in visible
    assert "Bundesministerium" not in visible


def test_text_is_escaped(html: str) -> None:
    assert "<script" not in html.lower()
    assert "DINUM &lt;script&gt;alert(" in html
    # a $ in a label is printed, not read as mathtext
    assert "Cryptography $x$" in html


def test_control_characters_are_shown_not_written() -> None:
    graph = gg.GovGraph()
    graph.load(
        DATA.replace('"Blockchain"@en', '"Block\\u0000chain\\u001B[31m red\\u0085 \\u007F"@en'),
        format="turtle",
    )
    html = render_report(graph.store, ReportOptions(validate=False))
    for raw in ("\x00", "\x1b", "\x85", "\x7f"):
        assert raw not in html, repr(raw)
    assert "Block\u2400chain\u241b[31m red\\u0085 \u2421" in html


def test_self_contained(html: str) -> None:
    page = _parse(html)
    for tag in ("script", "link", "img", "iframe", "object", "embed"):
        assert tag not in page.tags
    # only in-document references (the contents, #marker ids of the SVG)
    assert page.urls and all(u.startswith("#") for u in page.urls), page.urls
    assert "data:" not in html  # the pictures are vector graphics, not embedded rasters
    assert "@import" not in html and "url(http" not in html
    assert "default-src 'none'" in html
    # ids are unique in the page (two SVGs share it) and every in-page reference resolves
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    refs = set(re.findall(r"url\(#([^)]+)\)", html)) | {u[1:] for u in page.urls}
    assert refs <= set(ids)


def test_pictures_are_inline_svg_with_content(html: str) -> None:
    network = _section(html, "network")
    heatmap = _section(html, "skills")
    for part, words in (
        (network, ["DG DIGIT", "German Federal Ministry", "City of Barcelona"]),
        (heatmap, ["Computational linguistics", "Machine learning", "DG CNECT"]),
    ):
        assert part.count("<svg") == 1
        assert len(re.findall(r"<(path|use|text)\b", part)) > 10
        for word in words:
            assert word in part
    # EU-level units have no country but are coloured as such in the country legend
    assert "EU level" in network


def test_top_synergy_row(html: str, kg: gg.GovGraph) -> None:
    # BMI and DG DIGIT both have exactly {NLP, Multilingual services}, the rarest: ranked first
    rows = re.findall(r"<tr>(.*?)</tr>", _section(html, "synergies"), re.DOTALL)
    first = " ".join(_parse(rows[1]).text)
    assert "German Federal Ministry of the Interior" in first and "DG DIGIT" in first
    assert "Multilingual services; Natural language processing" in first
    assert first.endswith(f"{kg.synergies(by='all', top=1)[0].score:.2f}")


def test_gaps_and_learning_sections(html: str) -> None:
    skills = " ".join(_parse(_section(html, "skills")).text)
    # DG DIGIT holds Computational linguistics at 2, NLP needs 5 (plus ML from broader AI)
    assert "DG DIGIT Computational linguistics 5 2 Natural language processing" in skills
    governance = " ".join(_parse(_section(html, "governance")).text)
    assert "Digital Decade No owner" in governance
    assert "Interoperable Europe Several owners, no clear lead" in governance
    learning = " ".join(_parse(_section(html, "learning")).text)
    assert "DG CNECT City of Barcelona (ES) Blockchain" in learning


def test_learning_names_a_side_no_longer_in_use() -> None:
    # CNECT's AI Watch is implemented, Barcelona's ledger no longer in use: not comparable,
    # and the row says why rather than only "no status".
    graph = gg.GovGraph()
    graph.load(
        DATA + "ex:i2 gg:status gg:StatusImplemented . ex:i5 gg:status gg:StatusNotInUse .",
        format="turtle",
    )
    html = render_report(graph.store, ReportOptions(validate=False, per_actor_limit=None))
    learning = " ".join(_parse(_section(html, "learning")).text)
    assert "no longer in use at City of Barcelona (ES)" in learning


def test_learning_lists_a_case_once_when_it_shows_several_items() -> None:
    graph = gg.GovGraph()
    graph.load(
        DATA
        + """ex:ml2 a gg:Technology ; skos:prefLabel "Speech recognition"@en .
        ex:i8 a gg:Initiative ; skos:prefLabel "Voice pilot"@en ; gg:ledBy ex:cnect ;
            gg:usesTechnology ex:nlp, ex:ml2 ; gg:status gg:StatusPilot .
        ex:i9 a gg:Initiative ; skos:prefLabel "Voice service"@en ; gg:ledBy ex:city ;
            gg:usesTechnology ex:nlp, ex:ml2 ; gg:status gg:StatusImplemented .""",
        format="turtle",
    )
    html = render_report(graph.store, ReportOptions(validate=False, per_actor_limit=None))
    rows = [r for r in _section(html, "learning").split("<tr>") if "Voice service" in r]
    assert rows
    for row in rows:
        assert row.count(">Voice service<") == 1, row


def test_partners_section_names_public_bodies_apart_from_other_leads(html: str) -> None:
    assert "No private-sector partners are named in the cases." in _section(html, "partners")
    graph = gg.GovGraph()
    graph.load(
        DATA
        + """ex:acme a gg:PrivatePartner ; skos:prefLabel "Acme AI"@en ;
            org:classification <https://w3id.org/govgraph/id/partner-kind/company> .
        ex:uni org:classification <https://example.org/category/academic-research> ;
            skos:prefLabel "University of Trento"@en .
        ex:i3 gg:hasParticipant ex:acme . ex:i5 gg:hasParticipant ex:acme .
        ex:i6 a gg:Initiative ; skos:prefLabel "Tutor bot"@en ; gg:ledBy ex:uni ;
            gg:hasParticipant ex:acme ; gg:usesTechnology ex:nlp .
        ex:i7 a gg:Initiative ; skos:prefLabel "Acme's own pilot"@en ; gg:ledBy ex:acme ;
            gg:hasParticipant ex:acme .""",
        format="turtle",
    )
    html = render_report(graph.store, ReportOptions(validate=False))
    partners = " ".join(_parse(_section(html, "partners")).text)
    assert (
        "Acme AI company German Federal Ministry of the Interior (DE); City of Barcelona (ES) "
        "other leads: University of Trento 4:"
    ) in partners
    assert "Natural language processing" in partners
    assert "Acme AI (" not in partners  # never its own public body or lead
    assert 'href="#partners"' in html


def test_per_actor_limit(kg: gg.GovGraph, html: str) -> None:
    page = render_report(kg.store, ReportOptions(validate=False), validation=FINDINGS)
    for section, every in (("synergies", 7), ("learning", 5)):
        rows = re.findall(r"<tr><td.*?</tr>", _section(page, section), re.DOTALL)
        assert len(re.findall(r"<tr><td.*?</tr>", _section(html, section), re.DOTALL)) == every
        # by default each actor is in one row: DG DIGIT + BMI, DG CNECT + DINUM
        assert len(rows) == 2, section
        text = " ".join(_parse(_section(page, section)).text)
        assert text.count("DG CNECT") == 1 and text.count("DG DIGIT") == 1
    # the network still draws every pair
    assert _section(page, "network") == _section(html, "network")
    with pytest.raises(gg.ConfigurationError, match="per_actor_limit"):
        ReportOptions(per_actor_limit=0)


def test_validation_findings_in_plain_words(html: str) -> None:
    text = " ".join(_parse(_section(html, "validation")).text)
    assert "1 structural error(s) that should be fixed" in text
    assert "Orphan unit" in text
    assert "add org:unitOf" in text


def test_layout_is_reproducible(kg: gg.GovGraph, html: str) -> None:
    again = render_report(
        kg.store, ReportOptions(validate=False, per_actor_limit=None), validation=FINDINGS
    )
    assert _section(again, "network") == _section(html, "network")


def test_empty_graph_has_no_pictures() -> None:
    page = render_report(gg.GovGraph().store, ReportOptions(validate=False))
    assert "<svg" not in page
    assert "No synergies were found" in page


@pytest.mark.slow
def test_facade_and_cli_write_the_file(kg: gg.GovGraph, tmp_path: Path) -> None:
    from govgraph.cli import main

    written = kg.report(tmp_path / "sub" / "r.html", validate=False, title="My <title>")
    assert written.is_file()
    assert "<title>My &lt;title&gt;</title>" in written.read_text(encoding="utf-8")

    data = tmp_path / "data.ttl"
    data.write_text(DATA, encoding="utf-8")
    out = tmp_path / "cli.html"
    assert main(["report", str(data), "-o", str(out), "--no-validate", "--by", "technology"]) == 0
    assert "<svg" in out.read_text(encoding="utf-8")
    # an existing file is kept unless --force is given
    out.write_text("keep me", encoding="utf-8")
    assert main(["report", str(data), "-o", str(out), "--no-validate"]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    assert main(["report", str(data), "-o", str(out), "--no-validate", "--force"]) == 0
    assert "<svg" in out.read_text(encoding="utf-8")


# ------------------------------------------------------------------ Chromium


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("GOVGRAPH_REQUIRE_SERVICES") == "1":
        pytest.fail("chromium is not installed but GOVGRAPH_REQUIRE_SERVICES=1")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def _run_chromium(page: Path, tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    profile = tmp / f"profile-{len(list(tmp.iterdir()))}"
    command = [
        _chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.resolve().as_uri(),
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=120, env={**os.environ, "HOME": str(tmp)}
    )


def _console_messages(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


MEASURE = """<script>
const out = [...document.querySelectorAll("figure.chart svg")].map(svg => {
  const r = svg.getBoundingClientRect();
  return {id: svg.closest("figure").id, x: r.x, y: r.y + window.scrollY, w: r.width, h: r.height,
          shapes: svg.querySelectorAll("path, use, text").length};
});
const pre = document.createElement("pre");
pre.id = "measure";
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


@pytest.mark.slow
@pytest.mark.chromium
def test_console_detector_catches_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>x</p><script>console.error('boom')</script>", "utf-8")
    result = _run_chromium(bad, tmp_path, "--dump-dom")
    assert any("boom" in line for line in _console_messages(result.stderr))


@pytest.mark.slow
@pytest.mark.chromium
def test_chromium_renders_report(kg: gg.GovGraph, html: str, tmp_path: Path) -> None:
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    # GOVGRAPH_SCREENSHOT=/some/file.png keeps the screenshot to look at
    shot = Path(os.environ.get("GOVGRAPH_SCREENSHOT", tmp_path / "report.png"))
    size = "--window-size=1280,3400"

    result = _run_chromium(page, tmp_path, f"--screenshot={shot}", size)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _console_messages(result.stderr) == []  # no errors, no blocked network loads
    assert shot.is_file()

    # where the pictures are: measured on a copy with a script (the report itself has none and
    # its Content-Security-Policy forbids scripts)
    probe = tmp_path / "probe.html"
    probe.write_text(
        html.replace(re.search(r"<meta http-equiv.*?>", html).group(0), "").replace(  # type: ignore[union-attr]
            "</body>", MEASURE + "</body>"
        ),
        encoding="utf-8",
    )
    dom = _run_chromium(probe, tmp_path, "--dump-dom", size).stdout
    found = re.search(r'<pre id="measure">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-500:]
    figures = {f["id"]: f for f in json.loads(found.group(1).replace("&quot;", '"'))}
    assert set(figures) == {"synergy-network", "skills-heatmap"}

    image = Image.open(shot).convert("L")
    assert image.size == (1280, 3400)
    histogram = image.histogram()
    assert sum(histogram[:200]) / (image.width * image.height) > 0.01  # not a blank page
    for name, box in figures.items():
        assert box["w"] > 300 and box["h"] > 200, (name, box)
        assert box["shapes"] > 10, (name, box)
        assert box["y"] + box["h"] <= image.height, f"{name} is below the screenshot"
        crop = image.crop(
            (int(box["x"]), int(box["y"]), int(box["x"] + box["w"]), int(box["y"] + box["h"]))
        )
        drawn = sum(crop.histogram()[:245]) / (crop.width * crop.height)  # not white
        assert drawn > 0.01, f"{name} looks empty on screen ({drawn:.3%} drawn pixels)"


def test_synergy_section_shows_evidence_countries_and_named_clusters(html: str) -> None:
    rows = re.findall(r"<tr>(.*?)</tr>", _section(html, "synergies"), re.DOTALL)
    first = " ".join(_parse(rows[1]).text)
    # the cases behind the pair, one per side (their names: the data has no identifiers)
    assert "Bund chatbot" in first and "eTranslation" in first
    assert "German Federal Ministry of the Interior (DE)" in first
    # each case is kept on one line (PSTW-2004 was broken at its hyphen in a narrow column)
    assert rows[1].count('class="case"') >= 2 and ".case { white-space: nowrap; }" in html
    clusters = " ".join(_parse(_section(html, "clusters")).text)
    assert "cluster 0" not in clusters and "Multilingual services" in clusters


def test_clusters_section_lists_the_communities_of_the_whole_data(
    kg: gg.GovGraph, html: str
) -> None:
    """Regression: the section listed the communities of the 80 pairs drawn, mostly pairs of
    two that repeated the top-synergies table; it lists the clusters of ``clusters()`` now,
    with what sets each apart, its countries and whom to call first."""
    from govgraph.analysis import Facts, clusters
    from govgraph.report._rows import MAX_CENTRAL, MAX_CLUSTERS

    facts = Facts(kg.store)
    found = clusters(facts, by="all")
    assert found
    rows = re.findall(r"<tr>(.*?)</tr>", _section(html, "clusters"), re.DOTALL)[1:]
    assert len(rows) == min(len(found), MAX_CLUSTERS)
    for row, cluster in zip(rows, found, strict=False):
        name, size, countries, central = _parse(row).text
        assert name == " · ".join(cluster.item_labels[:3])
        assert int(size) == cluster.size
        codes = {facts.country_code(m) for m in cluster.members} - {None}
        assert int(countries) == len(codes)
        # whom to call first, each with its cases on the cluster's name (none: not said)
        shown = [
            label + (f": {n} case{'s' if n != 1 else ''}" if n else "")
            for label, n in zip(cluster.central_labels, cluster.central_cases, strict=True)
        ]
        assert central == "; ".join(shown[:MAX_CENTRAL])
    assert any(re.search(r": \d+ cases?\b", row) for row in rows)


def test_report_filters_narrow_the_synergies(kg: gg.GovGraph) -> None:
    from govgraph.analysis import Filters

    page = render_report(
        kg.store, ReportOptions(validate=False, filters=Filters(country="ESP")), validation=FINDINGS
    )
    section = _section(page, "synergies")
    rows = re.findall(r"<tr>(.*?)</tr>", section, re.DOTALL)[1:]
    assert rows and all("(ES)" in " ".join(_parse(r).text) for r in rows)
    assert "Filters: country ESP" in section
    # the clusters are those of the synergies the filters keep (pairs with a Spanish actor)
    assert "Filters: country ESP" in _section(page, "clusters")


def _learning_pair(**fields: Any) -> Any:
    """A mutual-learning pair of an EU body and a national body, as the report reads it."""
    from types import SimpleNamespace

    base: dict[str, Any] = {
        "a": "ex:eu",
        "b": "ex:nat",
        "a_label": "EU body",
        "b_label": "National body",
        "items": (),
        "ahead": None,
        "ahead_label": None,
        "progress": "equal",
        "a_status": None,
        "b_status": None,
    }
    return SimpleNamespace(**{**base, **fields})


def test_learning_on_column_counts_a_hierarchy_once() -> None:
    """Regression: "artificial intelligence" led the On column beside "machine learning"."""
    from govgraph.report._rows import learning_row

    pair = _learning_pair(
        on=("ex:AI", "ex:ML", "ex:ledger"),
        on_labels=("artificial intelligence", "machine learning", "blockchain"),
    )
    label = str
    assert learning_row(pair, label)["on"] == [
        "artificial intelligence",
        "machine learning",
        "blockchain",
    ]
    broader = {"ex:ML": frozenset({"ex:AI"})}
    assert learning_row(pair, label, broader)["on"] == ["machine learning", "blockchain"]


def test_who_can_show_what_lists_things_not_every_pairing() -> None:
    """Regression: "generative AI + natural language processing; generative AI + machine
    learning; machine learning + natural language processing" (the demo's first learning row,
    EDIC and the Dutch ministry of economic affairs) for one case using three technologies."""
    from types import SimpleNamespace

    from govgraph.report._rows import learning_row

    def item(*pairs: tuple[str, str]) -> SimpleNamespace:
        return SimpleNamespace(
            items=tuple(i for i, _ in pairs),
            labels=tuple(lab for _, lab in pairs),
            ahead="ex:nat",
            a_evidence=(),
            b_evidence=(),
        )

    gen, nlp, ml = ("ex:gen", "generative AI"), ("ex:nlp", "NLP"), ("ex:ml", "machine learning")
    safety = ("ex:03", "Public order and safety")
    pair = _learning_pair(
        on=("ex:gen", "ex:ml", "ex:nlp"),
        on_labels=("generative AI", "machine learning", "NLP"),
        items=(
            item(gen, nlp),
            item(gen, ml),
            item(ml, nlp),
            item(ml, safety),
            item(ml),
            item(safety, gen),
        ),
        ahead="ex:nat",
        ahead_label="National body",
        progress="b-ahead",
    )
    (row,) = learning_row(pair, str, None, {"ex:03"})["learn"]
    assert row["who"] == "National body"
    # the technologies of one area together; generative AI and machine learning are not
    # listed alone as well: "... in Public order and safety" says them
    assert row["on"] == ["NLP", "machine learning, generative AI in Public order and safety"]
    # without the policy areas known, each pairing as before
    (row,) = learning_row(pair, str)["learn"]
    assert row["on"][:2] == ["generative AI + NLP", "generative AI + machine learning"]


def test_shared_use_cases_read_as_areas_and_groups() -> None:
    """Regression: "AI services + searching; natural language processing + searching; AI
    services + natural language processing" (Bonn and Oslo, #2 of the demo's top synergies)."""
    from types import SimpleNamespace

    from govgraph.analysis import use_cases_in_words

    def case(*pairs: tuple[str, str]) -> SimpleNamespace:
        return SimpleNamespace(items=tuple(i for i, _ in pairs), labels=tuple(x for _, x in pairs))

    ai, ml = ("ex:AI", "artificial intelligence"), ("ex:ML", "machine learning")
    srch, nlp, cv = ("ex:S", "searching"), ("ex:NLP", "NLP"), ("ex:CV", "computer vision")
    gps, gps_nec = ("ex:01", "General public services"), ("ex:01.3", "General services")
    areas = {"ex:01", "ex:01.3"}
    broader = {"ex:ML": frozenset({"ex:AI"}), "ex:01.3": frozenset({"ex:01"})}
    found = use_cases_in_words(
        [
            case(ml, srch),
            case(nlp, srch),
            case(srch, gps),  # the group {ML, searching, NLP} is not all in an area: kept
            case(ml, nlp),
            case(gps, ai),
            case(gps, ml),  # AI left out beside ML in one entry
            case(cv, ("ex:X", "x-ray")),
        ],
        areas,
        broader,
    )
    assert found == [
        "machine learning + searching + NLP",
        "searching, machine learning in General public services",
        "computer vision + x-ray",
    ]
    # a group all of whose technologies an area names is left out; so is a broader area whose
    # technologies a narrower one lists
    found = use_cases_in_words(
        [case(nlp, srch), case(srch, gps), case(nlp, gps), case(srch, gps_nec), case(gps_nec, nlp)],
        areas,
        broader,
    )
    assert found == ["searching, NLP in General services"]
    # two groups that one case joins are one
    found = use_cases_in_words([case(ml, srch), case(nlp, cv), case(srch, cv)], areas, broader)
    assert found == ["machine learning + searching + NLP + computer vision"]


def test_technology_lists_name_each_hierarchy_once() -> None:
    """Partners, skill gaps and administrations without inventory list technologies as the
    synergy table does: "artificial intelligence" left out beside a narrower one, order kept."""
    from govgraph.report._rows import Labeller, specific_named

    broader = {"ex:cv": frozenset({"ex:ai"}), "ex:deep": frozenset({"ex:ml", "ex:ai"})}
    broader["ex:ml"] = frozenset({"ex:ai"})
    label = Labeller({"ex:bc": "blockchain"})
    items = ["ex:ai", "ex:cv", "ex:ml", "ex:bc", "ex:deep"]
    labels = ["AI", "Computer vision", "ML", None, "Deep learning"]
    assert specific_named(items, labels, label, broader) == [
        "Computer vision",
        "blockchain",
        "Deep learning",
    ]
    assert specific_named(["ex:ai"], ["AI"], label, broader) == ["AI"]  # alone, it stays
    assert specific_named(items, labels, label, None) == [
        "AI",
        "Computer vision",
        "ML",
        "blockchain",
        "Deep learning",
    ]
