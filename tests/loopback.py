"""A recording HTTP server on 127.0.0.1 for tests that prove govgraph makes no request."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Recorder:
    """The requests a :func:`loopback_server` received."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


@contextmanager
def loopback_server(
    body: bytes = b"{}", content_type: str = "application/json"
) -> Iterator[Recorder]:
    """Serve ``body`` for every GET/POST on a free loopback port and record each request path."""
    recorder = Recorder()

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            recorder.requests.append(f"{self.command} {self.path}")
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = _answer  # noqa: N815
        do_POST = _answer  # noqa: N815

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
