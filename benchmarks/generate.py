"""Seeded generator of realistic governance graphs in the govgraph core vocabulary.

The graph has public administrations (with a level, a headcount and English, sometimes also
French, names) and their units (``org:unitOf``, sometimes nested), policies owned by them,
initiatives led by them with partners, technologies (a three-level ``skos:broader`` hierarchy
whose leaves grow with the graph), skills, skill requirements, competencies held by
administrations and units, challenges and collaborations. A fraction of the records (``broken``,
3 % by default) is deliberately broken in the ways the govgraph shapes catch: missing or untagged
names, wrong datatypes, units with no or two parents, leads that are not organisations,
proficiency levels out of range, end years before start years, duplicate languages...

Technologies used by an administration are drawn near its own position in the technology pool,
so each technology is shared by a roughly constant number of actors whatever the size: the graph
grows like a real federation of administrations, not like one ever denser clique.

Usage::

    python benchmarks/generate.py 100000 -o /tmp/gov-100k.ttl [--seed 1] [--broken 0.03]
        [--technologies 100] [--initiatives 3-5]

or ``from generate import generate_text`` (the differential validation test does this).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

GG = "https://w3id.org/govgraph#"
BASE = "https://example.org/govgraph-bench/"

PREFIXES = """@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix cofog: <http://linked.data.gov.au/def/cofog/> .
@prefix ex: <https://example.org/govgraph-bench/> .
"""

LEVELS = ["gg:EULevel", "gg:NationalLevel", "gg:RegionalLevel", "gg:LocalLevel"]
STATUSES = [
    "gg:StatusPlanned",
    "gg:StatusInDevelopment",
    "gg:StatusPilot",
    "gg:StatusImplemented",
    "gg:StatusNotInUse",
]
COFOG = [f"cofog:{d:02d}" for d in range(1, 11)] + [
    f"cofog:{d:02d}{s}" for d in range(1, 11) for s in range(1, 6)
]
TOP_TECHNOLOGIES = [
    "Artificial intelligence",
    "Blockchain",
    "Cloud computing",
    "Internet of Things",
    "Big data and analytics",
    "Robotic process automation",
    "Extended reality",
    "Quantum computing",
    "Cybersecurity",
    "Digital identity",
    "Open data platforms",
    "Geospatial systems",
]
MINISTRIES = [
    "Finance",
    "Justice",
    "Health",
    "Education",
    "Interior",
    "Transport",
    "Environment",
    "Digital Affairs",
    "Agriculture",
    "Labour",
    "Culture",
    "Defence",
]
UNIT_KINDS = ["Directorate", "Unit", "Department", "Office", "Agency"]

#: Approximate number of triples per administration block (for sizing the pools), with the
#: default 3 to 5 initiatives; each initiative more adds about TRIPLES_PER_INITIATIVE.
TRIPLES_PER_BLOCK = 120
TRIPLES_PER_INITIATIVE = 11.5


def _lit(text: str, lang: str | None = "en") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"@{lang}' if lang else f'"{escaped}"'


def _int(value: int, datatype: str = "xsd:integer") -> str:
    return f'"{value}"^^{datatype}'


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def add(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"{s} {p} {o} .")
        self.count += 1


class _Generator:
    def __init__(
        self,
        target: int,
        seed: int,
        broken: float,
        technologies: int | None = None,
        initiatives: tuple[int, int] = (3, 5),
    ) -> None:
        self.target = target
        self.initiatives = initiatives
        extra = (sum(initiatives) / 2 - 4) * TRIPLES_PER_INITIATIVE
        self.per_block = max(40, round(TRIPLES_PER_BLOCK + extra))
        self.rng = random.Random(seed)
        self.broken = broken
        self.w = _Writer()
        blocks = max(4, target // self.per_block)
        # a fixed pool (``technologies``) makes the graph dense: every technology is shared by
        # more and more actors as the graph grows (the hard case for pairing actors)
        self.n_leaves = technologies if technologies else max(24, blocks // 2)
        self.n_skills = max(30, blocks // 2)
        self.n_challenges = max(10, blocks // 10)
        self.admins: list[str] = []
        self.orgs: list[str] = []

    def breaks(self) -> bool:
        return self.broken > 0 and self.rng.random() < self.broken

    def label(self, subject: str, text: str, *, required: bool = True) -> None:
        """Name a thing; broken: no name, an untagged name or two English names."""
        if self.breaks():
            kind = self.rng.randrange(3)
            if kind == 0 and required:
                return
            if kind == 1:
                self.w.add(subject, "skos:prefLabel", _lit(text, None))
                return
            self.w.add(subject, "skos:prefLabel", _lit(text))
            self.w.add(subject, "skos:prefLabel", _lit(text + " (duplicate)"))
            return
        self.w.add(subject, "skos:prefLabel", _lit(text))
        if self.rng.random() < 0.2:
            self.w.add(subject, "skos:prefLabel", _lit(text + " (fr)", "fr"))

    def year(self, subject: str, predicate: str, value: int) -> None:
        if self.breaks():
            kind = self.rng.randrange(2)
            if kind == 0:
                self.w.add(subject, predicate, f'"{value}-01-01"^^xsd:date')
            else:
                self.w.add(subject, predicate, _lit(str(value), None))
            return
        self.w.add(subject, predicate, _int(value))

    # ------------------------------------------------------------------ pools
    def pools(self) -> None:
        w, rng = self.w, self.rng
        self.skills = [f"ex:skill-{i}" for i in range(self.n_skills)]
        for i, skill in enumerate(self.skills):
            w.add(skill, "rdf:type", "gg:Skill")
            self.label(skill, f"Skill {i}")
        self.challenges = [f"ex:challenge-{i}" for i in range(self.n_challenges)]
        for i, challenge in enumerate(self.challenges):
            w.add(challenge, "rdf:type", "gg:Challenge")
            self.label(challenge, f"Challenge {i}")
        tops = [f"ex:technology-top-{i}" for i in range(len(TOP_TECHNOLOGIES))]
        for top, name in zip(tops, TOP_TECHNOLOGIES, strict=True):
            w.add(top, "rdf:type", "gg:Technology")
            self.label(top, name)
        n_mid = max(len(tops), self.n_leaves // 8)
        mids = [f"ex:technology-mid-{i}" for i in range(n_mid)]
        for i, mid in enumerate(mids):
            w.add(mid, "rdf:type", "gg:Technology")
            self.label(mid, f"{TOP_TECHNOLOGIES[i % len(tops)]} family {i}")
            w.add(mid, "skos:broader", tops[i % len(tops)])
            w.add(mid, "gg:requiresSkill", rng.choice(self.skills))
        self.leaves = [f"ex:technology-{i}" for i in range(self.n_leaves)]
        for i, leaf in enumerate(self.leaves):
            w.add(leaf, "rdf:type", "gg:Technology")
            self.label(leaf, f"Technology {i}", required=True)
            w.add(leaf, "skos:broader", mids[(i * n_mid) // self.n_leaves])
            near = (i * self.n_skills) // self.n_leaves
            w.add(leaf, "gg:requiresSkill", self.skills[(near + rng.randrange(5)) % self.n_skills])
            if rng.random() < 0.6:
                req = f"ex:requirement-{i}"
                w.add(req, "rdf:type", "gg:SkillRequirement")
                if not self.breaks():
                    w.add(req, "gg:requiredBy", leaf)
                w.add(req, "gg:skill", self.skills[(near + rng.randrange(8)) % self.n_skills])
                w.add(req, "gg:proficiencyLevel", _int(rng.randint(2, 6)))

    # ------------------------------------------------------------------ blocks
    def block(self, b: int, n_blocks: int) -> None:
        w, rng = self.w, self.rng
        admin = f"ex:admin-{b}"
        self.admins.append(admin)
        w.add(admin, "rdf:type", "gg:PublicAdministration")
        self.label(admin, f"Ministry of {MINISTRIES[b % len(MINISTRIES)]} {b}")
        w.add(admin, "gg:administrativeLevel", LEVELS[b % len(LEVELS)])
        headcount = rng.randint(50, 20000)
        if self.breaks():
            w.add(admin, "gg:headcount", rng.choice(['"many"', '"-5"^^xsd:nonNegativeInteger']))
        else:
            w.add(admin, "gg:headcount", _int(headcount, "xsd:nonNegativeInteger"))
        w.add(admin, "gg:facesChallenge", rng.choice(self.challenges))
        units: list[str] = []
        for u in range(rng.randint(3, 5)):
            unit = f"ex:admin-{b}-unit-{u}"
            w.add(unit, "rdf:type", "gg:AdministrativeUnit")
            self.label(unit, f"{UNIT_KINDS[u % len(UNIT_KINDS)]} {u} of administration {b}")
            parent = rng.choice(units) if units and rng.random() < 0.3 else admin
            if self.breaks():
                kind = rng.randrange(3)
                if kind == 1:  # two parents
                    w.add(unit, "org:unitOf", parent)
                    w.add(unit, "org:unitOf", rng.choice(self.admins))
                elif kind == 2:  # a parent that is not an organisation
                    w.add(unit, "org:unitOf", rng.choice(self.leaves))
                # kind 0: no parent
            else:
                w.add(unit, "org:unitOf", parent)
            units.append(unit)
        orgs = [admin, *units]
        self.orgs.extend(orgs)
        # where this administration sits in the technology pool
        centre = (b * self.n_leaves) // n_blocks
        policies: list[str] = []
        for p in range(rng.randint(1, 2)):
            policy = f"ex:admin-{b}-policy-{p}"
            policies.append(policy)
            w.add(policy, "rdf:type", "gg:Policy")
            self.label(policy, f"Policy {p} of administration {b}")
            if self.breaks():
                if rng.random() < 0.5:
                    w.add(policy, "gg:ownedBy", rng.choice(orgs))
                    w.add(policy, "gg:ownedBy", rng.choice(self.admins))
            else:
                w.add(policy, "gg:ownedBy", rng.choice(orgs))
            w.add(policy, "gg:policyArea", rng.choice(COFOG))
            self.year(policy, "gg:startYear", rng.randint(2010, 2024))
        for i in range(rng.randint(*self.initiatives)):
            initiative = f"ex:admin-{b}-initiative-{i}"
            w.add(initiative, "rdf:type", "gg:Initiative")
            self.label(initiative, f"Initiative {i} of administration {b}")
            lead = rng.choice(orgs)
            if self.breaks():
                kind = rng.randrange(3)
                if kind == 1:  # two leads
                    w.add(initiative, "gg:ledBy", lead)
                    w.add(initiative, "gg:ledBy", rng.choice(self.orgs))
                elif kind == 2:  # a lead that is not an organisation
                    w.add(initiative, "gg:ledBy", rng.choice(policies))
            else:
                w.add(initiative, "gg:ledBy", lead)
            partners = {
                self.orgs[max(0, len(self.orgs) - 1 - rng.randrange(min(60, len(self.orgs))))]
                for _ in range(rng.randint(0, 2))
            }
            for partner in sorted(partners - {lead}):
                w.add(initiative, "gg:hasParticipant", partner)
            techs = {
                self.leaves[(centre + rng.randint(-6, 6)) % self.n_leaves]
                for _ in range(rng.randint(1, 3))
            }
            for tech in sorted(techs):
                w.add(initiative, "gg:usesTechnology", tech)
            if rng.random() < 0.8:
                w.add(initiative, "gg:implements", rng.choice(policies))
            if self.breaks():
                w.add(initiative, "gg:status", _lit("pilot", None))
            else:
                w.add(initiative, "gg:status", rng.choice(STATUSES))
            start = rng.randint(2012, 2024)
            self.year(initiative, "gg:startYear", start)
            end = start - rng.randint(1, 3) if self.breaks() else start + rng.randint(0, 5)
            w.add(initiative, "gg:endYear", _int(end))
            w.add(initiative, "gg:policyArea", rng.choice(COFOG))
            if rng.random() < 0.3:
                w.add(initiative, "gg:addressesChallenge", rng.choice(self.challenges))
        for c in range(rng.randint(4, 8)):
            competency = f"ex:admin-{b}-competency-{c}"
            w.add(competency, "rdf:type", "gg:Competency")
            holder = rng.choice(orgs)
            near = (centre * self.n_skills) // self.n_leaves
            skill = self.skills[(near + rng.randrange(10)) % self.n_skills]
            level = rng.randint(1, 8)
            if self.breaks():
                kind = rng.randrange(4)
                if kind == 0:
                    w.add(competency, "gg:skill", skill)
                    w.add(competency, "gg:proficiencyLevel", _int(rng.choice([0, 9, 12])))
                    w.add(competency, "gg:heldBy", holder)
                elif kind == 1:
                    w.add(competency, "gg:skill", skill)
                    w.add(competency, "gg:proficiencyLevel", _lit("high", None))
                    w.add(competency, "gg:heldBy", holder)
                elif kind == 2:  # no holder
                    w.add(competency, "gg:skill", skill)
                    w.add(competency, "gg:proficiencyLevel", _int(level))
                else:  # a level written as a decimal, and no skill
                    w.add(competency, "gg:proficiencyLevel", f'"{level}.5"^^xsd:decimal')
                    w.add(competency, "gg:heldBy", holder)
                continue
            w.add(competency, "gg:heldBy", holder)
            w.add(competency, "gg:skill", skill)
            w.add(competency, "gg:proficiencyLevel", _int(level))
        if b > 0 and rng.random() < 0.5:
            w.add(admin, "gg:collaboratesWith", self.admins[rng.randrange(b)])

    def run(self) -> _Writer:
        self.pools()
        n_blocks = max(1, (self.target - self.w.count) // self.per_block)
        b = 0
        while self.w.count < self.target:
            self.block(b, n_blocks)
            b += 1
        return self.w


def generate_lines(
    target: int,
    *,
    seed: int = 1,
    broken: float = 0.03,
    technologies: int | None = None,
    initiatives: tuple[int, int] = (3, 5),
) -> Iterator[str]:
    """Yield the Turtle text of a graph of about ``target`` triples, line by line.

    ``technologies`` fixes the number of (leaf) technologies instead of letting it grow with the
    graph; ``initiatives`` is the range of initiatives per administration (more: fewer actors
    for the same number of triples).
    """
    writer = _Generator(target, seed, broken, technologies, initiatives).run()
    yield PREFIXES
    yield from writer.lines


def generate_text(target: int, *, seed: int = 1, broken: float = 0.03) -> str:
    """Return the Turtle text of a graph of about ``target`` triples."""
    return "\n".join(generate_lines(target, seed=seed, broken=broken)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("triples", type=int, help="approximate number of triples")
    parser.add_argument("-o", "--output", type=Path, help="Turtle file to write (default: stdout)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--broken", type=float, default=0.03, help="share of broken records")
    parser.add_argument(
        "--technologies",
        type=int,
        default=None,
        help="fixed number of leaf technologies (dense sharing; default: grows with the graph)",
    )
    parser.add_argument(
        "--initiatives",
        default="3-5",
        help="initiatives per administration, as MIN-MAX (default 3-5; more: fewer actors for "
        "the same number of triples)",
    )
    args = parser.parse_args(argv)
    low, _, high = args.initiatives.partition("-")
    try:
        initiatives = (int(low), int(high or low))
    except ValueError:
        parser.error(f"--initiatives {args.initiatives!r}: give MIN-MAX, e.g. 20-40")
    if not 1 <= initiatives[0] <= initiatives[1]:
        parser.error(f"--initiatives {args.initiatives!r}: give 1 <= MIN <= MAX")
    out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for line in generate_lines(
            args.triples,
            seed=args.seed,
            broken=args.broken,
            technologies=args.technologies,
            initiatives=initiatives,
        ):
            out.write(line)
            out.write("\n")
    finally:
        if args.output:
            out.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
