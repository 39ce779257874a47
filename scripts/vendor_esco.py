"""Copy the ESCO v1.2.0 subset govgraph ships into data/esco/ (documented in data/SOURCES.md).

Usage::

    python scripts/vendor_esco.py ESCO_DIR [--out data/esco]

ESCO_DIR holds the official ESCO v1.2.0 CSV (EN) export plus the derived
``occupation_skill_relations_derived.csv.gz``. Copied unchanged: the digital, DigComp and
transversal skills collections. Trimmed (rows kept unchanged, others dropped):

- ``skillGroups_en.csv``: the skill groups that are ancestors of a collection skill;
- ``broaderRelationsSkillPillar_en.csv``: the broader links of collection skills and their
  ancestors;
- ``occupation_skill_relations_technologies.csv``: the occupation-skill rows of the occupations
  and anchor skills that ``scripts/derive_technology_skills.py`` uses.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from derive_technology_skills import TECHNOLOGY_SOURCES

COLLECTIONS = (
    "digitalSkillsCollection_en.csv",
    "digCompSkillsCollection_en.csv",
    "transversalSkillsCollection_en.csv",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("esco_dir", type=Path)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "esco"
    )
    args = parser.parse_args()
    src: Path = args.esco_dir
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    skills: set[str] = set()
    for name in COLLECTIONS:
        shutil.copyfile(src / name, out / name)
        with open(src / name, encoding="utf-8", newline="") as fh:
            skills.update(r["conceptUri"] for r in csv.DictReader(fh))

    with open(src / "broaderRelationsSkillPillar_en.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        relations = list(reader)
    broader: dict[str, set[str]] = {}
    for r in relations:
        broader.setdefault(r["conceptUri"], set()).add(r["broaderUri"])
    keep = set(skills)
    stack = list(skills)
    while stack:
        for parent in broader.get(stack.pop(), ()):
            if parent not in keep:
                keep.add(parent)
                stack.append(parent)
    with open(out / "broaderRelationsSkillPillar_en.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r for r in relations if r["conceptUri"] in keep)

    with open(src / "skillGroups_en.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        groups = [r for r in reader if r["conceptUri"] in keep]
    with open(out / "skillGroups_en.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(groups)

    occupations = {
        o.casefold() for spec in TECHNOLOGY_SOURCES.values() for o in spec["occupations"]
    }
    anchors = {s.casefold() for spec in TECHNOLOGY_SOURCES.values() for s in spec["skills"]}
    with gzip.open(src / "occupation_skill_relations_derived.csv.gz", "rt", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames or []
        rows = [
            r
            for r in reader
            if r["occupationLabel"].strip().casefold() in occupations
            or r["skillLabel"].strip().casefold() in anchors
        ]
    with open(
        out / "occupation_skill_relations_technologies.csv", "w", encoding="utf-8", newline=""
    ) as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(
        f"skills {len(skills)}, ancestors {len(keep) - len(skills)}, groups {len(groups)}, relations {len(rows)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
