"""Do the analyses give byte-identical answers whatever the hash seed and the store's row order?

Each run loads one RDF file in a fresh process (under a chosen ``PYTHONHASHSEED``), runs the
main analyses and writes their results as one JSON document. The runs are then compared byte for
byte, analysis by analysis; the first difference of each is printed.

Stores (``--stores``):

    memory     the file loaded as it is into the in-memory Oxigraph store
    reversed   the same store, every query's rows handed over in reverse order
    shuffled   the same store, every query's rows handed over in a seeded random order
    loaded     the file's triples shuffled (seeded) before they are loaded

Usage::

    python benchmarks/generate.py 200000 --technologies 100 -o /tmp/gov-200k.ttl
    python benchmarks/determinism.py /tmp/gov-200k.ttl [--seeds 1,2,3]
        [--stores memory,reversed,shuffled] [--only synergies] [--keep DIR]

Each seed runs with the first store, each other store with the first seed. Prints a JSON report
(the differences: analysis, runs, how many entries differ, the first difference); exit status 0
when every run agrees, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STORES = ("memory", "reversed", "shuffled", "loaded")


def permuted_store(kind: str, seed: int = 0) -> Any:
    """An in-memory store whose query answers come in another (still valid) row order.

    ``kind``: ``reversed`` or ``shuffled`` (seeded by ``seed`` and the number of rows). The
    determinism tests use it too (``tests/generated.py``).
    """
    from govgraph.store import OxigraphStore, QueryResult, ValueRows

    class PermutedStore(OxigraphStore):
        def _order(self, rows: list[Any]) -> list[Any]:
            if kind == "reversed":
                return rows[::-1]
            rng = random.Random(f"{seed}:{len(rows)}")
            rng.shuffle(rows)
            return rows

        def query(self, sparql: str, **options: Any) -> QueryResult:
            found = super().query(sparql, **options)
            if found.kind != "select" or "ORDER BY" in sparql.upper():
                return found
            return QueryResult(
                kind=found.kind,
                variables=found.variables,
                rows=tuple(self._order(list(found.rows))),
            )

        def query_values(self, sparql: str, **options: Any) -> ValueRows:
            found = super().query_values(sparql, **options)
            if "ORDER BY" in sparql.upper():
                return found
            return ValueRows(variables=found.variables, rows=self._order(list(found.rows)))

    return PermutedStore()


def load(path: str, store_kind: str, seed: int = 7) -> Any:
    """The file's triples in a store of ``store_kind`` (see the module notes)."""
    import pyoxigraph as ox

    from govgraph.store import OxigraphStore

    store = OxigraphStore() if store_kind in ("memory", "loaded") else None
    if store is None:
        store = permuted_store(store_kind, seed)
    quads = list(ox.parse(path=path))
    if store_kind == "loaded":
        random.Random(seed).shuffle(quads)
    store.add_quads(quads)
    return store


def analyses(only: str | None = None) -> Iterator[tuple[str, Callable[[Any], Any]]]:
    """(name, function of Facts) for each analysis compared."""
    from govgraph import analysis as an

    def syn(**kw: Any) -> Callable[[Any], Any]:
        return lambda f: [s.to_dict() for s in an.synergies(f, **kw)]

    found: list[tuple[str, Callable[[Any], Any]]] = []
    for by in ("technology", "all"):
        for method in ("rarity", "jaccard"):
            found.append((f"synergies-{by}-{method}-top100", syn(by=by, method=method, top=100)))
            found.append(
                (f"synergies-{by}-{method}-per-actor10", syn(by=by, method=method, per_actor=10))
            )
    found.append(("synergies-all-rarity-top100-limit3", syn(by="all", top=100, per_actor_limit=3)))
    found += [
        ("mutual-learning", lambda f: [p.to_dict() for p in an.mutual_learning(f, top=100)]),
        ("skill-gaps", lambda f: [g.to_dict() for g in an.skill_gaps(f)]),
        ("no-inventory", lambda f: [g.to_dict() for g in an.no_inventory(f)]),
        ("governance-gaps", lambda f: [g.to_dict() for g in an.governance_gaps(f)]),
        ("clusters-jaccard", lambda f: [c.to_dict() for c in an.clusters(f)]),
        ("clusters-rarity", lambda f: [c.to_dict() for c in an.clusters(f, method="rarity")]),
        ("brokers-jaccard", lambda f: [b.to_dict() for b in an.brokers(f, top=100)]),
        ("brokers-rarity", lambda f: [b.to_dict() for b in an.brokers(f, method="rarity")]),
        ("partners", lambda f: [p.to_dict() for p in an.partners(f)]),
        ("funding", lambda f: [p.to_dict() for p in an.funding_shares(f, by_technology=True)]),
        ("supplier-dependence", lambda f: [d.to_dict() for d in an.supplier_dependence(f)]),
        ("capacity-gaps", lambda f: [c.to_dict() for c in an.capacity_gaps(f)]),
        ("count-synergies", lambda f: an.count_synergies(f, by="all")),
        ("eu-national", lambda f: [s.to_dict() for s in an.eu_national_synergies(f)]),
        (
            "evaluate",
            lambda f: [e.to_dict() for e in an.evaluate(f, holdout_year=2020, by="technology")],
        ),
        ("find", lambda f: [x.to_dict() for x in an.find(f.store, "ministry of justice")]),
        ("adoption", lambda f: an.adoption(f.store, by="country,technology").to_dict()),
    ]
    for name, run in found:
        if only is None or any(part in name for part in only.split(",")):
            yield name, run


def run_once(path: str, store_kind: str, directory: str, only: str | None) -> None:
    """Load, run every analysis; write each answer (or error) to ``DIR/NAME.json``.

    ``DIR/digests.json`` gets each answer's SHA-256 and the seconds it took.
    """
    from govgraph.analysis import Facts

    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    store = load(path, store_kind)
    facts = Facts(store)
    digests: dict[str, Any] = {}
    for name, run in analyses(only):
        start = time.perf_counter()
        try:
            answer = run(facts)
        except Exception as exc:  # an error is an answer to compare too
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        seconds = round(time.perf_counter() - start, 2)
        text = json.dumps(answer, ensure_ascii=False, sort_keys=True)
        (out / f"{name}.json").write_text(text, encoding="utf-8")
        digests[name] = {
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "size": len(answer) if isinstance(answer, list) else 1,
            "seconds": seconds,
        }
        del answer, text
    (out / "digests.json").write_text(json.dumps(digests, indent=1), encoding="utf-8")


def _first_difference(a: Any, b: Any, where: str = "") -> str:
    if type(a) is not type(b):
        return f"{where}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key}: missing on one side"
            if a[key] != b[key]:
                return _first_difference(a[key], b[key], f"{where}.{key}")
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{where}: {len(a)} vs {len(b)} entries"
        for k, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{where}[{k}]")
    return f"{where}: {str(a)[:200]!r} vs {str(b)[:200]!r}"


def _differing_entries(a: Any, b: Any) -> int:
    """Positions at which two lists differ (1 for anything else that differs)."""
    if isinstance(a, list) and isinstance(b, list):
        return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
    return int(a != b)


def main(argv: list[str] | None = None) -> int:
    """Run every (seed, store) in its own process and compare the answers."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--seeds", default="1,2,3", help="PYTHONHASHSEED values")
    parser.add_argument("--stores", default="memory,reversed,shuffled", help=", ".join(STORES))
    parser.add_argument("--only", help="run only analyses whose names contain one of these")
    parser.add_argument("--keep", help="directory to keep each run's answers in")
    parser.add_argument("--worker", nargs=2, metavar=("STORE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_once(args.path, args.worker[0], args.worker[1], args.only)
        return 0
    seeds = [s.strip() for s in args.seeds.split(",") if s.strip()]
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    unknown = sorted(set(stores) - set(STORES))
    if unknown:
        parser.error(f"unknown store(s) {unknown}; use {', '.join(STORES)}")
    directory = Path(args.keep or tempfile.mkdtemp(prefix="govgraph-det-"))
    runs: dict[str, dict[str, Any]] = {}
    # each seed with the first store, and each other store under the first seed
    plan = [(seed, stores[0]) for seed in seeds] + [(seeds[0], s) for s in stores[1:]]
    for seed, store_kind in plan:
        name = f"seed{seed}-{store_kind}"
        command = [
            sys.executable,
            __file__,
            args.path,
            "--worker",
            store_kind,
            str(directory / name),
        ]
        if args.only:
            command += ["--only", args.only]
        start = time.perf_counter()
        subprocess.run(command, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        print(f"{name}: {time.perf_counter() - start:.1f} s", file=sys.stderr)
        runs[name] = json.loads((directory / name / "digests.json").read_text(encoding="utf-8"))
    first_name, first = next(iter(runs.items()))
    differences: list[dict[str, Any]] = []
    for name, digests in list(runs.items())[1:]:
        for analysis, found in first.items():
            if digests.get(analysis, {}).get("sha256") == found["sha256"]:
                continue
            a = json.loads((directory / first_name / f"{analysis}.json").read_text("utf-8"))
            b = json.loads((directory / name / f"{analysis}.json").read_text("utf-8"))
            differences.append(
                {
                    "analysis": analysis,
                    "runs": [first_name, name],
                    "entries": _differing_entries(a, b),
                    "first": _first_difference(a, b),
                }
            )
            del a, b
    report = {
        "path": args.path,
        "runs": list(runs),
        "differences": differences,
        "sizes": {k: v["size"] for k, v in first.items()},
        "seconds": {k: v["seconds"] for k, v in first.items()},
    }
    print(json.dumps(report, indent=1))
    if not args.keep:
        shutil.rmtree(directory, ignore_errors=True)
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
