"""The built wheel ships the ontology, shapes and data, and works without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheels = list(out.glob("govgraph-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.mark.slow
def test_wheel_contains_resources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "govgraph/ontologies/govgraph.ttl" in names
    assert "govgraph/shapes/govgraph-shapes.ttl" in names
    assert "govgraph/py.typed" in names
    assert "govgraph/cli/__init__.py" in names
    assert "govgraph/data/example/governance.ttl" in names  # GovGraph.example()
    # the links used in the source tree are not shipped as links or duplicated
    assert not any(n.startswith("src/") for n in names)


@pytest.mark.slow
def test_installed_wheel_validates_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    good = tmp_path / "good.ttl"
    good.write_text(
        "@prefix gg: <https://w3id.org/govgraph#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        '<http://example.org/t> a gg:Technology ; skos:prefLabel "Cloud"@en .\n',
        encoding="utf-8",
    )
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}

    def printed(code: str) -> str:
        """What ``python -c code`` prints with the installed wheel."""
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert printed("import govgraph; print(govgraph.__file__)").startswith(str(target))
    assert printed("import govgraph; print(len(govgraph.GovGraph.example()))") == "178"
    ok = subprocess.run(
        [sys.executable, "-m", "govgraph", "validate", str(good)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    broken = subprocess.run(
        [sys.executable, "-m", "govgraph", "validate", str(bad)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert broken.returncode == 2
    assert "bad.ttl, line 1" in broken.stderr
