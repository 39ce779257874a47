"""Derive the gg:requiresSkill links of ontologies/technologies.ttl from ESCO occupations.

Usage::

    python scripts/derive_technology_skills.py            # rewrite the generated block
    python scripts/derive_technology_skills.py --check    # exit 1 if the file is out of date

Rule (see docs/import.md, "What technologies require"): a technology requires

1. every ESCO skill that is *essential* for one of the ESCO occupations listed for it below
   (e.g. artificial intelligence: "artificial intelligence engineer" and "data scientist"), and
2. the "anchor" skills listed for it, found by their exact ESCO preferred label (e.g. quantum
   computing: "quantum technology"), for technologies that no ESCO occupation specialises in,

restricted to skills that carry an ESCO IRI in the shipped ESCO collections (digital, DigComp,
transversal). Narrower technologies inherit the skills of broader ones (ontology rule), so they
only list what is specific to them. Input: data/esco/occupation_skill_relations_technologies.csv
(a trimmed copy of the ESCO v1.2.0 derived occupation-skill relations, see data/SOURCES.md);
``--relations`` reads the full ``occupation_skill_relations_derived.csv.gz`` instead and gives
the same result.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from pathlib import Path
from typing import TypedDict

ROOT = Path(__file__).resolve().parents[1]
TECH_FILE = ROOT / "ontologies" / "technologies.ttl"
ESCO_DIR = ROOT / "data" / "esco"
RELATIONS = ESCO_DIR / "occupation_skill_relations_technologies.csv"
COLLECTIONS = (
    "digitalSkillsCollection_en.csv",
    "digCompSkillsCollection_en.csv",
    "transversalSkillsCollection_en.csv",
)
BEGIN = "# BEGIN generated gg:requiresSkill (scripts/derive_technology_skills.py)"
END = "# END generated gg:requiresSkill"


class Source(TypedDict):
    occupations: list[str]
    skills: list[str]


#: Technology (CURIE in technologies.ttl) -> ESCO occupations (essential skills) + anchor skills.
TECHNOLOGY_SOURCES: dict[str, Source] = {
    "gg:ArtificialIntelligence": {
        "occupations": ["artificial intelligence engineer", "data scientist"],
        "skills": [],
    },
    "tech:machine-learning": {
        "occupations": [],
        "skills": ["machine learning", "utilise machine learning"],
    },
    "tech:natural-language-processing": {
        "occupations": ["language engineer"],
        "skills": ["natural language processing"],
    },
    "tech:computer-vision": {
        "occupations": ["computer vision engineer"],
        "skills": ["develop computer vision system"],
    },
    "tech:robotics-and-automation": {"occupations": ["robotics engineer"], "skills": []},
    "tech:connected-automated-vehicles": {
        "occupations": ["autonomous driving specialist"],
        "skills": [],
    },
    "tech:blockchain": {
        "occupations": ["blockchain developer", "blockchain architect"],
        "skills": [],
    },
    "tech:cloud-computing": {"occupations": ["cloud engineer", "cloud architect"], "skills": []},
    "tech:internet-of-things": {"occupations": ["IoT developer"], "skills": ["Internet of Things"]},
    "tech:digital-twins": {
        "occupations": [],
        "skills": ["digital twin technology", "Internet of Things"],
    },
    "tech:quantum-computing": {"occupations": [], "skills": ["quantum technology"]},
    "tech:ar-vr": {"occupations": [], "skills": ["augmented reality", "virtual reality"]},
    "tech:virtual-worlds": {"occupations": [], "skills": ["virtual reality"]},
    "tech:5g-edge-computing": {"occupations": ["ICT network engineer"], "skills": []},
}


def _read_relations(path: Path) -> list[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", newline="") as fh:  # type: ignore[operator]
        return list(csv.DictReader(fh))


def _read_skills(esco_dir: Path) -> dict[str, str]:
    """ESCO skill IRI -> preferred label, from the shipped collections."""
    out: dict[str, str] = {}
    for name in COLLECTIONS:
        with open(esco_dir / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                out[row["conceptUri"]] = row["preferredLabel"].strip()
    return out


def derive(relations: list[dict[str, str]], skills: dict[str, str]) -> dict[str, list[str]]:
    """Apply the rule: technology CURIE -> sorted ESCO skill IRIs."""
    by_label: dict[str, str] = {}
    for iri, label in sorted(skills.items()):
        by_label.setdefault(label.casefold(), iri)
    result: dict[str, list[str]] = {}
    for tech, spec in TECHNOLOGY_SOURCES.items():
        wanted = {o.casefold() for o in spec["occupations"]}
        found: set[str] = set()
        for row in relations:
            if (
                row["occupationLabel"].strip().casefold() in wanted
                and row["relationType"] == "essential"
                and row["skillUri"] in skills
            ):
                found.add(row["skillUri"])
        for label in spec["skills"]:
            iri = by_label.get(label.casefold())
            if iri is None:
                raise SystemExit(f"anchor skill {label!r} of {tech} is not in the ESCO collections")
            found.add(iri)
        missing = wanted - {r["occupationLabel"].strip().casefold() for r in relations}
        if missing:
            raise SystemExit(f"occupation(s) {sorted(missing)} of {tech} not in the relations file")
        result[tech] = sorted(found)
    return result


def render(derived: dict[str, list[str]], skills: dict[str, str]) -> str:
    lines = [BEGIN]
    lines.append(
        "# Rule: essential skills of the listed ESCO v1.2.0 occupations + named anchor skills."
    )
    for tech, spec in TECHNOLOGY_SOURCES.items():
        iris = derived[tech]
        if not iris:
            continue
        source = "; ".join(
            [f"occupations: {', '.join(spec['occupations'])}"] * bool(spec["occupations"])
            + [f"anchor skills: {', '.join(spec['skills'])}"] * bool(spec["skills"])
        )
        lines.append(f"# {tech} <- {source}")
        objects = ",\n        ".join(f"<{iri}>" for iri in iris)
        lines.append(f"{tech} gg:requiresSkill\n        {objects} .")
        lines.append("")
    used = sorted({iri for iris in derived.values() for iri in iris})
    lines.append("# The ESCO skills referenced above, with their ESCO preferred labels.")
    for iri in used:
        label = skills[iri].replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'<{iri}> a gg:Skill ; skos:prefLabel "{label}"@en .')
    lines.append(END)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=Path, default=RELATIONS)
    parser.add_argument("--esco-dir", type=Path, default=ESCO_DIR)
    parser.add_argument("--file", type=Path, default=TECH_FILE)
    parser.add_argument("--check", action="store_true", help="Exit 1 if the file is out of date.")
    args = parser.parse_args()
    skills = _read_skills(args.esco_dir)
    derived = derive(_read_relations(args.relations), skills)
    text = args.file.read_text(encoding="utf-8")
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0:
        print(f"{args.file}: markers {BEGIN!r} / {END!r} not found", file=sys.stderr)
        return 2
    new = text[:start] + render(derived, skills) + text[end + len(END) :]
    if args.check:
        if new != text:
            print(
                f"{args.file} is out of date; run scripts/derive_technology_skills.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.file} is up to date")
        return 0
    args.file.write_text(new, encoding="utf-8")
    for tech, iris in derived.items():
        print(f"{tech}: {len(iris)} skills")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
