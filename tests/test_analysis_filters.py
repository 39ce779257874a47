"""The shared analysis filters on a small graph with known answers (tests/data/analysis-filters.ttl).

Technology sets (see the data file): ATJ {ML}, DEJ {ML}, CityDE {BC}, DG1 {ML, BC},
Firm {ML} (a company), Uni {BC} (a research body), CityAT {AI}. With plain Jaccard on
technologies and the default kind (public bodies), the pairs are ATJ-DEJ, ATJ-DG1, DEJ-DG1
(machine learning) and CityDE-DG1 (blockchain).
"""

from __future__ import annotations

import json
import typing
from dataclasses import fields
from pathlib import Path

import pytest

import govgraph
import govgraph.cli
from govgraph import ConfigurationError
from govgraph.analysis import FilterArgs, Filters

DATA = Path(__file__).parent / "data" / "analysis-filters.ttl"
EX = "http://example.org/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
GG_EU = "https://w3id.org/govgraph#EULevel"


@pytest.fixture(scope="module")
def kg() -> govgraph.GovGraph:
    graph = govgraph.GovGraph()
    graph.load(DATA)
    return graph


def names(results: list[typing.Any]) -> set[tuple[str, str]]:
    out = set()
    for r in results:
        a, b = sorted((r.a.removeprefix(EX), r.b.removeprefix(EX)))
        out.add((a, b))
    return out


DEFAULT = {("ATJ", "DEJ"), ("ATJ", "DG1"), ("DEJ", "DG1"), ("CityDE", "DG1")}


def run(kg: govgraph.GovGraph, **filters: typing.Any) -> set[tuple[str, str]]:
    return names(kg.synergies(by="technology", method="jaccard", **filters))


def test_default_pairs_public_bodies_only(kg: govgraph.GovGraph) -> None:
    assert run(kg) == DEFAULT


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (
            {"kind": "any"},
            DEFAULT
            | {("ATJ", "Firm"), ("DEJ", "Firm"), ("DG1", "Firm")}
            | {("CityDE", "Uni"), ("DG1", "Uni")},
        ),
        (
            {"kind": ["public", "company"]},
            DEFAULT | {("ATJ", "Firm"), ("DEJ", "Firm"), ("DG1", "Firm")},
        ),
        ({"kind": "company"}, set()),
        ({"country": "DEU"}, {("ATJ", "DEJ"), ("DEJ", "DG1"), ("CityDE", "DG1")}),
        ({"country": COUNTRY + "AUT"}, {("ATJ", "DEJ"), ("ATJ", "DG1")}),
        ({"country": ["AUT", "DEU"]}, DEFAULT - {("DG1", "DG1")}),
        ({"level": "local"}, {("CityDE", "DG1")}),
        ({"level": ["eu"]}, {("ATJ", "DG1"), ("DEJ", "DG1"), ("CityDE", "DG1")}),
        ({"technology": "Blockchain"}, {("CityDE", "DG1")}),
        # narrower concepts: machine learning is narrower than AI
        (
            {"technology": "Artificial intelligence"},
            {("ATJ", "DEJ"), ("ATJ", "DG1"), ("DEJ", "DG1")},
        ),
        ({"technology": EX + "ML"}, {("ATJ", "DEJ"), ("ATJ", "DG1"), ("DEJ", "DG1")}),
        # 01.1 is narrower than 01: cases 1, 2 (01.1) and 3 (01)
        ({"policy_area": "General public services"}, {("ATJ", "DEJ")}),
        ({"years": "2019-2020"}, {("ATJ", "DG1")}),
        ({"years": (2019, 2021)}, {("ATJ", "DEJ"), ("ATJ", "DG1"), ("DEJ", "DG1")}),
        ({"years": "2021-"}, set()),
        ({"status": "implemented"}, {("DEJ", "DG1")}),
        ({"status": ["pilot", "implemented"]}, {("ATJ", "DEJ"), ("ATJ", "DG1"), ("DEJ", "DG1")}),
        ({"actor": "Ministry of Justice (AT)"}, {("ATJ", "DEJ"), ("ATJ", "DG1")}),
        ({"actor": "Federal Ministry of Justice"}, {("ATJ", "DEJ"), ("ATJ", "DG1")}),
        ({"actor": EX + "CityDE"}, {("CityDE", "DG1")}),
        ({"between": ("eu", "national")}, {("ATJ", "DG1"), ("DEJ", "DG1")}),
        ({"between": "local,eu"}, {("CityDE", "DG1")}),
        ({"between": "national,local"}, set()),
        ({"country": "DEU", "between": "eu,national"}, {("DEJ", "DG1")}),
    ],
)
def test_each_filter(
    kg: govgraph.GovGraph, filters: dict[str, typing.Any], expected: set[tuple[str, str]]
) -> None:
    assert run(kg, **filters) == expected
    assert run(kg, filters=Filters(**filters)) == expected


def test_ambiguous_and_unknown_actor_names_list_candidates(kg: govgraph.GovGraph) -> None:
    with pytest.raises(ConfigurationError) as ambiguous:
        kg.synergies(actor="ministry of JUSTICE")
    message = str(ambiguous.value)
    assert "names 2 actors" in message
    assert "Ministry of Justice (AT)" in message and "Ministry of Justice (DE)" in message
    with pytest.raises(ConfigurationError) as unknown:
        kg.synergies(actor="Ministry of Justise")
    assert "closest" in str(unknown.value) and EX + "ATJ" in str(unknown.value)
    # a name like none of a short vocabulary ("chatbot" for the PSTW technologies) lists it
    # whole, to choose from (it said only "no technology has this name")
    with pytest.raises(ConfigurationError) as none_alike:
        kg.synergies(technology="Quantum computing")
    assert str(none_alike.value).endswith(
        "no technology has this name; the technologies of the data are: "
        "Artificial intelligence; Blockchain; Machine learning"
    )
    with pytest.raises(ConfigurationError) as area:
        kg.synergies(policy_area="zzzq")
    assert "the policy areas of the data are: Executive and legislative organs; General " in (
        str(area.value)
    )


def test_learning_takes_the_same_filters(kg: govgraph.GovGraph) -> None:
    # City A's AI is broader than the machine learning of DG One: partial credit
    pairs = kg.mutual_learning()
    assert names(pairs) == {("ATJ", "DG1"), ("DEJ", "DG1"), ("CityDE", "DG1"), ("CityAT", "DG1")}
    assert names(kg.mutual_learning(country="AUT")) == {("ATJ", "DG1"), ("CityAT", "DG1")}
    assert names(kg.mutual_learning(between=("eu", "local"))) == {
        ("CityDE", "DG1"),
        ("CityAT", "DG1"),
    }
    assert names(kg.mutual_learning(status="implemented")) == {("DEJ", "DG1")}


def test_filters_normalise_and_reject_bad_values() -> None:
    f = Filters(country="deu,AUT", level="EU", years="2019-2022", between="eu, national")
    assert f.country == (COUNTRY + "DEU", COUNTRY + "AUT")
    assert f.level == ("eu",) and f.years == (2019, 2022) and f.between == ("eu", "national")
    assert Filters(years=2020).years == (2020, 2020)
    assert Filters(years="-2020").years == (None, 2020)
    assert Filters(kind="University").kind == ("research",)
    assert not Filters() and Filters(status="pilot")
    assert Filters(**f.to_args()) == f
    assert Filters.of(f, level="local").level == ("local",)
    for bad, match in [
        ({"country": "AT"}, "alpha-3"),
        ({"country": "https://example.org/x"}, "country-table IRI"),
        ({"level": "federal"}, "eu, national, regional, local"),
        ({"years": "2022-2019"}, "after"),
        ({"years": "recent"}, "range"),
        ({"between": "eu"}, "two levels"),
        ({"status": "done"}, "implemented"),
        ({"kind": "church"}, "unknown kind"),
        ({"colour": "red"}, "unknown filter"),
    ]:
        with pytest.raises(ConfigurationError, match=match):
            Filters(**bad)


def test_keyword_arguments_are_the_fields() -> None:
    assert list(typing.get_type_hints(FilterArgs)) == [f.name for f in fields(Filters)]


def test_cli_filter_options(capsys: pytest.CaptureFixture[str]) -> None:
    code = govgraph.cli.main(
        [
            "synergies",
            str(DATA),
            "--method",
            "jaccard",
            "--years",
            "2019-2021",
            "-f",
            "json",
            "--per-actor-limit",
            "0",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert names([typing.cast(typing.Any, type("R", (), r)) for r in rows]) == {
        ("ATJ", "DEJ"),
        ("ATJ", "DG1"),
        ("DEJ", "DG1"),
    }
    code = govgraph.cli.main(
        [
            "synergies",
            str(DATA),
            "--method",
            "jaccard",
            "--between",
            "eu,local",
            "-f",
            "json",
            "--country",
            "DEU",
            "--kind",
            "public",
        ]
    )
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    # a is the actor of the first level of --between (the EU one), not the smaller IRI
    assert [(r["a"], r["b"]) for r in rows] == [(EX + "DG1", EX + "CityDE")]
    code = govgraph.cli.main(["learning", str(DATA), "--actor", "Ministry of Justice"])
    assert code == 2
    assert "names 2 actors" in capsys.readouterr().err


def test_kind_of_pstw_categories() -> None:
    from govgraph.analysis._vocab import _category_kind

    base = "https://w3id.org/govgraph/id/org-category/"
    assert {
        code: _category_kind(base + code)
        for code in (
            "central-government",
            "eu-institution-agency",
            "non-governmental",
            "community-led",
            "academic-research",
            "private-sector",
            "state-owned-enterprise",
            "consortium",
            "international-organisation",
        )
    } == {
        "central-government": "public-administration",
        "eu-institution-agency": "public-administration",
        "non-governmental": "ngo",
        "community-led": "ngo",
        "academic-research": "research",
        "private-sector": "company",
        "state-owned-enterprise": "company",
        "consortium": "other",
        "international-organisation": "international-organisation",
    }


def test_an_international_organisation_is_not_labelled_eu() -> None:
    """Regression: the EPO showed as "European Patent Office (EU)" from its EU-wide case."""
    data = (
        DATA.read_text(encoding="utf-8")
        + """
ex:EPO a org:Organization ; skos:prefLabel "Patent Office"@en ;
    org:classification cat:international-organisation .
ex:i8 gg:ledBy ex:EPO ; skos:prefLabel "Case 8"@en ; gg:usesTechnology ex:ML ;
    dct:spatial country:EUR ; gg:startYear 2020 ; gg:status gg:StatusPilot .
"""
    )
    graph = govgraph.GovGraph()
    graph.load(data, format="turtle")
    pairs = graph.synergies(by="technology", kind="any", actor=EX + "EPO")
    assert pairs
    for pair in pairs:
        label = pair.a_label if pair.a == EX + "EPO" else pair.b_label
        assert label == "Patent Office (international)"


def _named(*names: str, country: str | None = "ITA") -> govgraph.GovGraph:
    """Actors ``ex:o0``, ``ex:o1``... with these labels (in ``country``), a case each."""
    place = f" ; dct:spatial country:{country}" if country else ""
    rows = "".join(
        f'ex:o{i} a gg:PublicAdministration ; skos:prefLabel "{name}"@en{place} .\n'
        f"ex:c{i} gg:ledBy ex:o{i} ; gg:usesTechnology ex:ML .\n"
        for i, name in enumerate(names)
    )
    graph = govgraph.GovGraph()
    graph.load(
        "@prefix gg: <https://w3id.org/govgraph#> .\n"
        "@prefix dct: <http://purl.org/dc/terms/> .\n"
        f"@prefix country: <{COUNTRY}> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"@prefix ex: <{EX}> .\n" + rows,
        format="turtle",
    )
    return graph


def test_an_acronym_lists_the_actor_that_has_it_first() -> None:
    """Regression: actor="ERNACT" listed DFID, a Flemish agency and INTRASOFT as closest."""
    names = [
        "Department for International Development (DFID)",
        "Flemish Domestic Governance Agency",
        "INTRASOFT International SA",
        "European Regions Network for the Application of Communications Technology (ERNACT)",
    ]
    graph = _named(*names, country=None)
    with pytest.raises(ConfigurationError) as error:
        graph.synergies(actor="ERNAC")
    closest = str(error.value).split("closest: ", 1)[1]
    assert closest.startswith(names[3] + " <" + EX + "o3>"), closest
    # the acronym itself names it (a short form of its name, see the next test)
    found = graph.synergies(actor="ERNACT", method="jaccard")
    assert set.intersection(*({r.a, r.b} for r in found)) == {EX + "o3"}


def test_a_shorter_name_a_name_holds_finds_the_actor() -> None:
    """Regression: "Agency for Digital Italy", "AgID" and "DG DIGIT" (on the PSTW import,
    where DG DIGIT's other name is "European Commission - DG DIGIT") named no actor."""
    graph = _named(
        "Agency for Digital Italy (AGiD)",
        "European Commission - DG DIGIT",
        "DG DIGIT",
        "Ministry of Justice (IT)",
        "Ministry of Justice (Italy)",
        "Municipality of Rome (MR)",
        "Region of Rome (MR)",
    )

    def actor(text: str) -> str:
        # (every actor holds the one technology: only plain Jaccard pairs them)
        found = graph.synergies(actor=text, method="jaccard")
        (one,) = set.intersection(*({r.a, r.b} for r in found))
        return one.removeprefix(EX)

    assert actor("Agency for Digital Italy") == "o0"
    assert actor("agid") == "o0"
    assert actor("AgID (IT)") == "o0"  # with the country code, as labels are printed
    assert actor("DG DIGIT") == "o2"  # a whole name wins over a shorter one
    assert actor("European Commission - DG DIGIT") == "o1"
    with pytest.raises(ConfigurationError, match="no actor has this name"):
        graph.synergies(actor="IT")  # a bracket holding the country code is not a name
    # nor is a bracket holding a country's name ("Ministry of Justice (Italy)" answered to
    # "Italy" before 2026-12-01, as "ETAPAS project: Fondazione Don Gnocchi (Italy)" did on
    # the PSTW import); a country's name gets the filter that keeps its actors instead
    with pytest.raises(ConfigurationError, match=r"Italy is a country: .* country='ITA'"):
        graph.synergies(actor="Italy")
    with pytest.raises(ConfigurationError) as several:
        graph.synergies(actor="MR")
    assert "names 2 actors" in str(several.value)
    assert EX + "o5" in str(several.value) and EX + "o6" in str(several.value)
    with pytest.raises(ConfigurationError, match="names 2 actors"):
        graph.synergies(actor="Ministry of Justice")


@pytest.mark.parametrize("method", ["jaccard", "rarity"])
def test_the_actor_asked_for_and_the_first_level_of_between_are_a(
    kg: govgraph.GovGraph, method: str
) -> None:
    """Regression: in the DG-to-national view, a national body was ``a`` whenever its IRI was
    the smaller (rows 13 and 17 of the demo's top 20); with ``actor=X``, X was ``b`` as often."""

    def ends(found: list[typing.Any]) -> list[tuple[str, str]]:
        return [(r.a.removeprefix(EX), r.b.removeprefix(EX)) for r in found]

    # (jaccard pairs every actor sharing something; with rarity, ML shared by all public bodies
    # weighs nothing, so fewer pairs remain: the ends are checked on whatever comes)
    found = kg.synergies(method=method, between=("eu", "national"))
    assert found and all(a == "DG1" for a, _ in ends(found))
    assert all(r.a_level == GG_EU and r.b_level != GG_EU for r in found)
    again = kg.synergies(method=method, between=("national", "eu"))
    assert ends(again) == [(b, a) for a, b in ends(found)]
    # every field of an end moves with it
    for one, other in zip(found, again, strict=True):
        for suffix in ("", "_label", "_items", "_country", "_level", "_evidence"):
            assert getattr(one, "a" + suffix) == getattr(other, "b" + suffix)
        assert (one.score, one.shared, one.weights) == (other.score, other.shared, other.weights)
    found = kg.synergies(method=method, actor="Ministry of Justice (DE)")
    assert found and all(a == "DEJ" for a, _ in ends(found))
    streamed = list(govgraph.analysis.iter_synergies(kg.store, method=method, actor=EX + "DG1"))
    assert streamed and all(a == "DG1" for a, _ in ends(streamed))
    # without them, a is the smaller IRI
    assert all(r.a < r.b for r in kg.synergies(method=method))


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("Germany", "(Germany is DEU)"),
        ("it", "(it is ITA)"),
        ("UK", "(alpha-2 codes are not accepted: AT is AUT)"),
        ("Atlantis", "code; give e.g. DEU"),
    ],
)
def test_a_country_given_by_name_or_alpha_2_code_is_refused_with_its_code(
    given: str, hint: str
) -> None:
    with pytest.raises(ConfigurationError) as refused:
        Filters(country=given)
    message = str(refused.value)
    assert message.startswith(f"country={given!r} is not an ISO 3166 alpha-3 code")
    assert hint in message
