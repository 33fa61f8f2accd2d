"""A real HTTP server on 127.0.0.1 with routes the tests define, counting requests."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# A route answers (status, headers, body) for a request (method, path, headers).
Response = tuple[int, dict[str, str], bytes]
Route = Callable[[str, str, dict[str, str]], Response]
# An API answers a request (method, path with query, headers, body), or None to pass.
Api = Callable[[str, str, dict[str, str], bytes], "Response | None"]


@dataclass
class LoopbackServer:
    """Routes by exact path; ``hits`` counts (method, path) pairs."""

    routes: dict[str, Route] = field(default_factory=dict)
    apis: list[Api] = field(default_factory=list)
    """Asked first, in order: fake APIs that route by pattern and read request bodies."""
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    url: str = ""
    in_flight: int = 0
    max_in_flight: int = 0
    """The most requests the server was answering at the same moment."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def route(self, path: str, status: int = 200, body: bytes | str = b"",
              headers: dict[str, str] | None = None, *, delay: float = 0.0) -> None:
        """A fixed answer for ``path``, given after ``delay`` seconds."""
        payload = body.encode() if isinstance(body, str) else body
        fixed = (status, headers or {"Content-Type": "text/html; charset=utf-8"}, payload)

        def answer(method: str, p: str, h: dict[str, str]) -> Response:
            if delay:
                time.sleep(delay)
            return fixed

        self.routes[path] = answer

    def redirect(self, path: str, to: str, status: int = 301) -> None:
        """``path`` redirects to ``to`` (a path on this server or an absolute URL)."""
        self.route(path, status, headers={"Location": to, "Content-Type": "text/plain"})


def serve(server_state: LoopbackServer) -> Iterator[LoopbackServer]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def _answer(self) -> None:
            path = self.path.split("?", 1)[0]
            with server_state.lock:
                server_state.hits[(self.command, path)] += 1
                server_state.in_flight += 1
                server_state.max_in_flight = max(server_state.max_in_flight,
                                                 server_state.in_flight)
            length = int(self.headers.get("Content-Length") or 0)
            sent = self.rfile.read(length) if length else b""
            try:
                answer = None
                for api in server_state.apis:
                    answer = api(self.command, self.path, dict(self.headers), sent)
                    if answer is not None:
                        break
                route = server_state.routes.get(path)
                if answer is not None:
                    status, headers, body = answer
                elif route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route(self.command, self.path, dict(self.headers))
            finally:
                with server_state.lock:
                    server_state.in_flight -= 1
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

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

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
