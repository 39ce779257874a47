"""A fork server for query workers: one small process that forks new workers fast.

Starting a Python worker from scratch takes seconds (importing govgraph); a worker killed at the
time limit must be replaced at once. The zygote (a ``python`` running :func:`main`) imports
the worker code once, stays single-threaded, and forks a worker per request. Each worker gets one
end of a new socket pair; the other end goes back to the server over a Unix socket
(``SCM_RIGHTS``), so the server talks to its workers directly. Unlike multiprocessing's fork
server, nothing of the caller's ``__main__`` module is re-run in the workers.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._worker import WorkerSettings

__all__ = ["Zygote", "main", "shared_zygote"]


class Zygote:
    """The server's handle on a running zygote process (thread-safe)."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from govgraph.server._zygote import main; sys.exit(main())",
                str(theirs.fileno()),
            ],
            pass_fds=[theirs.fileno()],
            env=env,
            stdin=subprocess.DEVNULL,
        )
        theirs.close()
        self.control = ours
        self._lock = threading.Lock()

    def alive(self) -> bool:
        """True while the zygote process runs."""
        return self.process.poll() is None

    def fork(self, store_dir: str, settings: WorkerSettings) -> tuple[int, socket.socket]:
        """Fork a worker (blocking); return its pid and the server's end of its socket.

        Raises:
            OSError: The zygote is gone.
        """
        request = pickle.dumps((store_dir, settings))
        with self._lock:
            self.control.sendall(len(request).to_bytes(4, "big") + request)
            message, fds, _, _ = socket.recv_fds(self.control, 64, 1)
        if not fds or not message:
            raise OSError("the worker fork server did not answer")
        return int(message.decode()), socket.socket(fileno=fds[0])

    def close(self) -> None:
        """Stop the zygote (its workers stop when their pipes close)."""
        self.control.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


_shared: Zygote | None = None
_shared_lock = threading.Lock()


def shared_zygote() -> Zygote:
    """The zygote of this process, started (or restarted) when needed."""
    global _shared
    with _shared_lock:
        if _shared is None or not _shared.alive():
            _shared = Zygote()
        return _shared


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def main(argv: list[str] | None = None) -> int:
    """Zygote main loop: fork a worker for each request until the control socket closes."""
    from ._worker import serve_jobs

    args = sys.argv[1:] if argv is None else argv
    control = socket.socket(fileno=int(args[0]))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped automatically
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    while True:
        try:
            size = int.from_bytes(_read_exactly(control, 4), "big")
            store_dir, settings = pickle.loads(_read_exactly(control, size))
        except (EOFError, OSError):
            return 0
        server_end, worker_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                control.close()
                server_end.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                serve_jobs(worker_end, store_dir, settings)
            except BaseException:  # never return into the zygote's loop
                code = 1
            finally:
                os._exit(code)
        worker_end.close()
        socket.send_fds(control, [str(pid).encode()], [server_end.fileno()])
        server_end.close()


if __name__ == "__main__":
    sys.exit(main())
