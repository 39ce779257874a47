"""The `govgraph validate` and `govgraph query` commands, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from govgraph.cli import main

PREFIXES = """
@prefix gg: <https://w3id.org/govgraph#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

VALID = (
    PREFIXES
    + """
ex:ec a gg:PublicAdministration ; skos:prefLabel "European Commission"@en ;
    gg:administrativeLevel gg:EULevel .
ex:cnect a gg:AdministrativeUnit ; skos:prefLabel "DG CNECT"@en ; org:unitOf ex:ec .
ex:ai a gg:Technology ; skos:prefLabel "Artificial intelligence"@en .
ex:chatbot a gg:Initiative ; skos:prefLabel "Citizen chatbot"@en ; gg:ledBy ex:cnect ;
    gg:usesTechnology ex:ai ; gg:startYear 2021 .
"""
)

# ex:orphan unit has no parent; ex:bad initiative has no lead and a string year.
INVALID = (
    VALID
    + """
ex:orphan a gg:AdministrativeUnit ; skos:prefLabel "Lost unit"@en .
ex:bad a gg:Initiative ; skos:prefLabel "Unled project"@en ; gg:startYear "2020" .
"""
)


def run(*args: str) -> tuple[int, str, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "govgraph", *args], capture_output=True, text=True, timeout=120
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    out = {}
    for name, text in {"valid": VALID, "invalid": INVALID}.items():
        path = tmp_path / f"{name}.ttl"
        path.write_text(text, encoding="utf-8")
        out[name] = path
    broken = tmp_path / "broken.ttl"
    broken.write_text(PREFIXES + "ex:a ex:b ex:c .\nex:a ex:b .\n", encoding="utf-8")
    out["broken"] = broken
    return out


@pytest.mark.slow
def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0
    assert out.startswith("govgraph ")


@pytest.mark.slow
def test_help_on_every_command() -> None:
    code, out, _ = run("--help")
    assert code == 0
    commands = [
        line.split()[1]
        for line in out.splitlines()
        if line.startswith("│ ") and len(line.split()) > 2
    ]
    assert "validate" in commands and "query" in commands
    for command in ("validate", "query"):
        assert main([command, "--help"]) == 0


@pytest.mark.slow
def test_validate_valid_data_exits_0(files: dict[str, Path]) -> None:
    code, out, err = run("validate", str(files["valid"]))
    assert code == 0, err
    assert "conforms" in out


@pytest.mark.slow
def test_validate_reports_exactly_the_broken_nodes(files: dict[str, Path]) -> None:
    code, out, err = run("validate", str(files["invalid"]), "--format", "json")
    assert code == 1, err
    report = json.loads(out)
    assert report["conforms"] is False
    violations = {
        (r["focus_node"], r["path"]) for r in report["results"] if r["severity"] == "Violation"
    }
    assert violations == {
        ("http://example.org/orphan", "http://www.w3.org/ns/org#unitOf"),
        ("http://example.org/bad", "https://w3id.org/govgraph#ledBy"),
        ("http://example.org/bad", "https://w3id.org/govgraph#startYear"),
    }
    for r in report["results"]:
        assert set(r) >= {"focus_node", "path", "value", "severity", "message", "source_shape"}
        assert r["message"]


@pytest.mark.slow
def test_validate_markdown(files: dict[str, Path]) -> None:
    code, out, _ = run("validate", str(files["invalid"]), "--format", "markdown")
    assert code == 1
    assert out.startswith("# Validation report")
    assert "Lost unit" in out


@pytest.mark.slow
def test_malformed_input_exits_2_with_file_and_line(files: dict[str, Path]) -> None:
    code, _out, err = run("validate", str(files["broken"]))
    assert code == 2
    assert f"{files['broken']}, line 8" in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


@pytest.mark.slow
def test_missing_file_exits_2(tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path / "missing.ttl"))
    assert code == 2
    assert "missing.ttl" in err and "no such file" in err


def test_no_data_exits_2() -> None:
    assert main(["validate"]) == 2


@pytest.mark.slow
def test_extra_shapes(files: dict[str, Path], tmp_path: Path) -> None:
    extra = tmp_path / "extra.ttl"
    extra.write_text(
        PREFIXES
        + """@prefix sh: <http://www.w3.org/ns/shacl#> .
ex:NeedsEnd a sh:NodeShape ; sh:targetClass gg:Initiative ;
  sh:property [ sh:path gg:endYear ; sh:minCount 1 ; sh:severity sh:Warning ;
                sh:message "Add the year the initiative ends (gg:endYear)." ] .
""",
        encoding="utf-8",
    )
    code, out, _ = run("validate", str(files["valid"]), "--shapes", str(extra), "--format", "json")
    assert code == 0
    results = json.loads(out)["results"]
    from_extra = [
        (r["focus_node"], r["severity"], r["message"])
        for r in results
        if r["source_shape"] != "" and r["path"] == "https://w3id.org/govgraph#endYear"
    ]
    assert from_extra == [
        (
            "http://example.org/chatbot",
            "Warning",
            "Add the year the initiative ends (gg:endYear).",
        )
    ]


@pytest.mark.slow
def test_query_formats(files: dict[str, Path], tmp_path: Path) -> None:
    q = "PREFIX gg: <https://w3id.org/govgraph#> SELECT ?i ?org WHERE { ?i gg:ledBy ?org }"
    code, out, _ = run("query", str(files["valid"]), q, "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {"i": "http://example.org/chatbot", "org": "http://example.org/cnect"}
    ]
    rq = tmp_path / "q.rq"
    rq.write_text(q, encoding="utf-8")
    code, out, _ = run("query", str(files["valid"]), str(rq), "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["i,org", "http://example.org/chatbot,http://example.org/cnect"]


@pytest.mark.slow  # over 2 s on a loaded machine
def test_construct_output_names_the_govgraph_namespace_gg(files: dict[str, Path]) -> None:
    q = (
        "PREFIX gg: <https://w3id.org/govgraph#> "
        "CONSTRUCT { ?i gg:ledBy ?org } WHERE { ?i gg:ledBy ?org }"
    )
    code, out, _ = run("query", str(files["valid"]), q)
    assert code == 0
    assert "@prefix gg: <https://w3id.org/govgraph#> ." in out
    assert "gg:ledBy" in out and "ns1" not in out
    assert [line for line in out.splitlines() if line.startswith("@prefix")] == [
        "@prefix gg: <https://w3id.org/govgraph#> ."
    ]
    code, out, _ = run("query", str(files["valid"]), q, "--format", "json")
    assert code == 0
    assert json.loads(out)["@context"] == {"gg": "https://w3id.org/govgraph#"}


def test_query_csv_neutralises_formulas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "f.ttl"
    data.write_text(
        PREFIXES + 'ex:a skos:prefLabel "=HYPERLINK(\\"http://evil.example\\")" .\n',
        encoding="utf-8",
    )
    q = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l { ?s skos:prefLabel ?l }"
    assert main(["query", str(data), q, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == '"\'=HYPERLINK(""http://evil.example"")"'
    assert main(["query", str(data), q, "--format", "csv", "--raw-csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == '"=HYPERLINK(""http://evil.example"")"'


@pytest.mark.slow
def test_query_refuses_service(files: dict[str, Path]) -> None:
    code, _, err = run(
        "query", str(files["valid"]), "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    )
    assert code == 2
    assert "SERVICE" in err and "--allow-network" in err


@pytest.mark.slow
def test_query_syntax_error_exits_2(files: dict[str, Path]) -> None:
    code, _, err = run("query", str(files["valid"]), "SELECT WHERE {")
    assert code == 2
    assert "syntax" in err.lower()


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [["validate", "--nope"], ["validate", "x.ttl", "--format", "yaml"], ["no-such-command"]],
)
def test_usage_errors_exit_2_without_traceback(args: list[str]) -> None:
    # regression: typer >= 0.29 raises its vendored click's exceptions, which escaped main()
    code, _, err = run(*args)
    assert code == 2
    assert "Traceback" not in err
    assert "Error" in err


def test_find_says_to_quote_several_words(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # regression: "ministry" was read as a file, and the error said only that it did not exist
    assert main(["find", str(files["valid"]), "citizen", "chat", "bot"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "citizen, chat: no such file; to look for several words, quote them" in err
    assert '"citizen chat bot"' in err
    assert main(["find", str(files["valid"]), "citizen chatbot", "-f", "json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found[0]["label"] == "Citizen chatbot"
    # a missing file with a suffix is still a missing file
    assert main(["find", str(files["valid"]), "missing.ttl", "chatbot"]) == 2
    assert "missing.ttl: cannot read RDF: no such file" in capsys.readouterr().err
