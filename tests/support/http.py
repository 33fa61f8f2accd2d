"""A real HTTP server on 127.0.0.1 with routes the tests define, counting requests."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A route answers (status, headers, body) for a request (method, path, headers).
Response = tuple[int, dict[str, str], bytes]
Route = Callable[[str, str, dict[str, str]], Response]


@dataclass
class LoopbackServer:
    """Routes by exact path; ``hits`` counts (method, path) pairs."""

    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    url: str = ""

    def route(self, path: str, status: int = 200, body: bytes | str = b"",
              headers: dict[str, str] | None = None) -> None:
        """A fixed answer for ``path``."""
        payload = body.encode() if isinstance(body, str) else body
        fixed = (status, headers or {"Content-Type": "text/html; charset=utf-8"}, payload)
        self.routes[path] = lambda method, p, h: fixed


def serve(server_state: LoopbackServer) -> Iterator[LoopbackServer]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _answer(self) -> None:
            path = self.path.split("?", 1)[0]
            server_state.hits[(self.command, path)] += 1
            route = server_state.routes.get(path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            else:
                status, headers, body = route(self.command, self.path, dict(self.headers))
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        do_GET = do_HEAD = do_POST = _answer

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01},
                              daemon=True)
    thread.start()
    server_state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield server_state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
