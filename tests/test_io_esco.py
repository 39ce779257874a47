"""ESCO import and the technology -> ESCO skill derivation, against the CSV files read directly."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from govgraph import DataImportError
from govgraph._resources import data_path, ontology_path
from govgraph.cli import main
from govgraph.io import import_esco

GG = Namespace("https://w3id.org/govgraph#")
ROOT = Path(__file__).resolve().parents[1]
FILES = (
    "digitalSkillsCollection_en.csv",
    "digCompSkillsCollection_en.csv",
    "transversalSkillsCollection_en.csv",
)


def read(name: str) -> list[dict[str, str]]:
    with open(data_path("esco", name), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def esco() -> Graph:
    return import_esco().graph


@pytest.mark.slow
def test_every_collection_skill_is_a_labelled_gg_skill(esco: Graph) -> None:
    rows = {r["conceptUri"]: r for name in FILES for r in read(name)}
    assert len(rows) == 1377
    for uri, row in rows.items():
        s = URIRef(uri)
        assert (s, RDF.type, GG.Skill) in esco
        labels = list(esco.objects(s, SKOS.prefLabel))
        assert [str(lab) for lab in labels] == [row["preferredLabel"].strip()]
        assert labels[0].language == "en"
    python = URIRef("http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d")
    alts = {str(a) for a in esco.objects(python, SKOS.altLabel)}
    assert alts  # "Python (computer programming)" has alternative labels in ESCO


def test_collections_and_hierarchy(esco: Graph) -> None:
    digital = URIRef("https://w3id.org/govgraph/id/esco-collection/digital")
    digcomp = URIRef("https://w3id.org/govgraph/id/esco-collection/digcomp")
    assert (digital, RDF.type, SKOS.Collection) in esco
    assert len(set(esco.objects(digital, SKOS.member))) == len(read(FILES[0])) == 1284
    assert len(set(esco.objects(digcomp, SKOS.member))) == 25
    haskell = URIRef("http://data.europa.eu/esco/skill/000f1d3d-220f-4789-9c0a-cc742521fb02")
    parents = set(esco.objects(haskell, SKOS.broader))
    assert (
        URIRef("http://data.europa.eu/esco/skill/21d2f96d-35f7-4e3f-9745-c533d2dd6e97") in parents
    )
    # Every broader concept written has a label (the hierarchy can be read in the output alone).
    for parent in set(esco.objects(None, SKOS.broader)):
        assert esco.value(parent, SKOS.prefLabel) is not None


def test_missing_directory_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(DataImportError):
        import_esco(tmp_path)
    assert main(["import", "esco", str(tmp_path), "-o", str(tmp_path / "e.ttl")]) == 2


def test_technology_skills_are_derived_reproducibly() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "derive_technology_skills.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    tech = Graph().parse(ontology_path("technologies.ttl"))
    skills = {
        str(tech.value(s, SKOS.prefLabel))
        for s in tech.objects(GG.ArtificialIntelligence, GG.requiresSkill)
    }
    # Essential skills of ESCO "artificial intelligence engineer" / "data scientist".
    rel = read("occupation_skill_relations_technologies.csv")
    expected = {
        r["skillLabel"]
        for r in rel
        if r["occupationLabel"] in {"artificial intelligence engineer", "data scientist"}
        and r["relationType"] == "essential"
        and r["skillUri"]
    }
    assert skills == expected and "principles of artificial intelligence" in skills
    blockchain = URIRef("https://w3id.org/govgraph/id/technology/blockchain")
    assert len(set(tech.objects(blockchain, GG.requiresSkill))) > 20
