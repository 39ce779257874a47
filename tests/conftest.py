"""Shared pytest fixtures: a throw-away Virtuoso server for the SPARQL endpoint tests.

The session fixture ``virtuoso`` starts the Debian package's ``virtuoso-t`` on 127.0.0.1 with free
ports and a database in a temporary directory, grants SPARQL update, and stops it at the end of the
session (by the PID in its lock file, falling back to the process we started). When
``virtuoso-t`` is not installed the tests that need it are skipped, unless the environment variable
``GOVGRAPH_REQUIRE_SERVICES=1`` is set (as in CI), in which case they fail.

Other engineers: add fixtures in your own test modules; this file belongs to the store layer.
"""

from __future__ import annotations

import configparser
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

VIRTUOSO_BINARY = "virtuoso-t"
ISQL_BINARY = "isql-vt"
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
STARTUP_TIMEOUT = 60.0
RESULT_SET_MAX_ROWS = 1000


@dataclass(frozen=True)
class VirtuosoServer:
    """A running throw-away Virtuoso.

    Attributes:
        query_url: The SPARQL endpoint (query and update).
        update_url: The same URL (Virtuoso takes updates at /sparql once granted).
        http_port: The HTTP port on 127.0.0.1.
        sql_port: The SQL (isql) port on 127.0.0.1.
        directory: The temporary database directory.
        pid: The server's process id.
    """

    query_url: str
    update_url: str
    http_port: int
    sql_port: int
    directory: Path
    pid: int

    def isql(self, statement: str) -> str:
        """Run one SQL statement as dba through isql-vt and return its output."""
        return _isql(self.sql_port, statement)


def _services_required() -> bool:
    return os.environ.get("GOVGRAPH_REQUIRE_SERVICES", "") == "1"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _isql(sql_port: int, statement: str) -> str:
    completed = subprocess.run(
        [ISQL_BINARY, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statement}"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    output = completed.stdout + completed.stderr
    if completed.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"isql-vt failed on {statement!r}: {output.strip()}")
    return output


def _write_ini(directory: Path, http_port: int, sql_port: int) -> Path:
    config = configparser.RawConfigParser(strict=False, inline_comment_prefixes=(";",))
    config.optionxform = str  # type: ignore[assignment,method-assign]  # keep key case
    config.read(VIRTUOSO_INI, encoding="utf-8")
    db = config["Database"]
    db["DatabaseFile"] = str(directory / "virtuoso.db")
    db["ErrorLogFile"] = str(directory / "virtuoso.log")
    db["LockFile"] = str(directory / "virtuoso.lck")
    db["TransactionFile"] = str(directory / "virtuoso.trx")
    db["xa_persistent_file"] = str(directory / "virtuoso.pxa")
    temp = config["TempDatabase"]
    temp["DatabaseFile"] = str(directory / "virtuoso-temp.db")
    temp["TransactionFile"] = str(directory / "virtuoso-temp.trx")
    params = config["Parameters"]
    params["ServerPort"] = f"127.0.0.1:{sql_port}"
    params["DirsAllowed"] = f"., {directory}"
    params["NumberOfBuffers"] = "20000"
    params["MaxDirtyBuffers"] = "15000"
    params["ThreadsPerQuery"] = "2"
    http = config["HTTPServer"]
    http["ServerPort"] = f"127.0.0.1:{http_port}"
    http["ServerRoot"] = "/var/lib/virtuoso-opensource-7/vsp"
    if config.has_section("URIQA"):
        config["URIQA"]["DefaultHost"] = f"127.0.0.1:{http_port}"
    sparql = config["SPARQL"]
    # A small result limit makes every test exercise govgraph's paging of cut answers.
    sparql["ResultSetMaxRows"] = str(RESULT_SET_MAX_ROWS)
    if config.has_section("Plugins"):
        config.remove_section("Plugins")  # wiki plugins are not needed and slow the start
    ini = directory / "virtuoso.ini"
    with ini.open("w", encoding="utf-8") as handle:
        config.write(handle)
    return ini


def _lock_pid(directory: Path) -> int | None:
    lock = directory / "virtuoso.lck"
    try:
        text = lock.read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    for token in text.replace("=", " ").split():
        if token.isdigit():
            return int(token)
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Ask Linux to kill the server if the test process dies without cleaning up."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _stop(process: subprocess.Popen[bytes], directory: Path) -> None:
    pids = {process.pid}
    lock_pid = _lock_pid(directory)
    if lock_pid is not None:
        pids.add(lock_pid)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in pids if p != process.pid):
        time.sleep(0.1)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=max(0.1, deadline - time.monotonic()))
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)


def _wait_ready(url: str, process: subprocess.Popen[bytes], directory: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    last = "no answer"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            response = httpx.post(url, data={"query": "ASK { }"}, timeout=2.0)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except httpx.HTTPError as exc:
            last = str(exc)
        time.sleep(0.25)
    log = directory / "virtuoso.log"
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    raise RuntimeError(f"Virtuoso did not become ready at {url} ({last}). Log tail:\n{tail}")


@contextlib.contextmanager
def run_virtuoso(directory: Path) -> Iterator[VirtuosoServer]:
    """Start a throw-away Virtuoso with its database in ``directory``; stop it on exit."""
    http_port, sql_port = _free_port(), _free_port()
    while sql_port == http_port:
        sql_port = _free_port()
    ini = _write_ini(directory, http_port, sql_port)
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen(
        [VIRTUOSO_BINARY, "+configfile", str(ini), "+foreground"],
        cwd=directory,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        _wait_ready(url, process, directory)
        _isql(sql_port, 'GRANT SPARQL_UPDATE TO "SPARQL";')
        yield VirtuosoServer(
            query_url=url,
            update_url=url,
            http_port=http_port,
            sql_port=sql_port,
            directory=directory,
            pid=process.pid,
        )
    finally:
        _stop(process, directory)
        log.close()


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """A Virtuoso SPARQL endpoint on 127.0.0.1 for the whole test session."""
    if shutil.which(VIRTUOSO_BINARY) is None or shutil.which(ISQL_BINARY) is None:
        message = (
            "virtuoso-t / isql-vt not found: install the Debian package virtuoso-opensource "
            "(apt-get install virtuoso-opensource)"
        )
        if _services_required():
            pytest.fail(message + " (GOVGRAPH_REQUIRE_SERVICES=1)")
        pytest.skip(message)
    directory = tmp_path_factory.mktemp("virtuoso")
    try:
        with run_virtuoso(directory) as server:
            yield server
    finally:
        # the database takes 50-80 MB; pytest would keep it with its last three temp folders
        for name in os.listdir(directory):
            if name.endswith((".db", ".trx", ".pxa")):
                with contextlib.suppress(OSError):
                    os.remove(directory / name)


@pytest.fixture
def graph_iri() -> str:
    """A fresh named-graph IRI, so tests on the shared Virtuoso never see each other's data."""
    return f"urn:govgraph:test:{uuid.uuid4()}"


#: Markers of tests that need a service or an external program: all of them are slow (they start
#: Virtuoso, a Java reasoner or Chromium), so ``make check`` (``-m "not slow"``) leaves them out.
SERVICE_MARKERS = ("virtuoso", "java", "chromium")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that use a service as slow too."""
    for item in items:
        uses_virtuoso = "virtuoso" in getattr(item, "fixturenames", ())
        if uses_virtuoso or any(item.get_closest_marker(m) for m in SERVICE_MARKERS):
            item.add_marker(pytest.mark.slow)
