"""Link checking speed: 500 distinct links on a loopback server that answers in 100 ms.

Checked one after another this would take 50 s. The table compares spfcomms'
``check_links`` (with the default settings and with a wider pool) against LinkChecker
(the PyPI package ``linkchecker``), run on a local HTML page listing the same links,
with ``--check-extern`` and the same number of threads. LinkChecker is installed into
``benchmarks/_work/venv-linkchecker`` on first use.

    python3 benchmarks/bench_linkcheck.py [--links 500] [--delay 0.1] [--threads 64]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / "_work"
VENV = WORK / "venv-linkchecker"
sys.path.insert(0, str(ROOT))

from spfcomms.checks.linkcheck import check_links  # noqa: E402
from spfcomms.checks.linkextract import LinkTarget  # noqa: E402
from spfcomms.checks.linkstatus import LinkStatus  # noqa: E402
from spfcomms.model.config import LinkcheckConfig  # noqa: E402


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024
    delay = 0.1
    requests = 0
    lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients closing kept-alive connections early are not news


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self) -> None:
        with self.server.lock:
            self.server.requests += 1
        time.sleep(self.server.delay)
        body = b"<!doctype html><title>page</title><p>ok</p>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        # LinkChecker only goes beyond 10 requests a second to a host that allows it.
        self.send_header("LinkChecker", "allow")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_HEAD = _answer


@contextmanager
def serve(delay: float) -> Iterator[_Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.delay = delay
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def _url(server: _Server, n: int) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/page-{n}"


def run_spfcomms(server: _Server, count: int, config: LinkcheckConfig,
                 store: Path | None) -> tuple[float, int, int]:
    targets = [LinkTarget(_url(server, n), ()) for n in range(count)]
    before = server.requests
    started = time.perf_counter()
    results = check_links(targets, config, store_path=store)
    elapsed = time.perf_counter() - started
    ok = sum(1 for r in results if r.status is LinkStatus.OK)
    return elapsed, ok, server.requests - before


def linkchecker_path() -> Path | None:
    found = shutil.which("linkchecker")
    if found:
        return Path(found)
    binary = VENV / "bin" / "linkchecker"
    if not binary.exists():
        print("installing linkchecker into", VENV, file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "linkchecker"], check=True)
    return binary if binary.exists() else None


def run_linkchecker(server: _Server, count: int, threads: int) -> tuple[float, int, int] | None:
    binary = linkchecker_path()
    if binary is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="spfcomms-bench-"))
    # LinkChecker drops root privileges to "nobody", which must be able to read these.
    folder.chmod(0o755)
    page = folder / "links.html"
    items = "\n".join(f'<li><a href="{_url(server, n)}">page {n}</a></li>' for n in range(count))
    page.write_text(f"<!doctype html><html lang='en'><title>links</title><ul>{items}</ul></html>")
    page.chmod(0o644)
    rc = folder / "linkcheckerrc"
    rc.write_text("[checking]\nmaxrequestspersecond=1000\n")
    rc.chmod(0o644)
    before = server.requests
    started = time.perf_counter()
    result = subprocess.run(
        [str(binary), "-f", str(rc), "--check-extern", "--no-status", "--no-robots",
         "-t", str(threads), "-o", "csv", "--timeout", "10", str(page)],
        capture_output=True, text=True, env={**os.environ, "HOME": str(folder)},
    )
    elapsed = time.perf_counter() - started
    ok = sum(1 for line in result.stdout.splitlines() if "/page-" in line and ";True;" in line)
    if ok == 0:
        ok = count - sum(1 for line in result.stdout.splitlines() if "/page-" in line)
    shutil.rmtree(folder, ignore_errors=True)
    return elapsed, ok, server.requests - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=500)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--threads", type=int, default=64,
                        help="pool size for the tuned rows (both tools)")
    parser.add_argument("--skip-linkchecker", action="store_true")
    args = parser.parse_args()

    rows: list[tuple[str, float, int, int]] = []
    sequential = args.links * args.delay
    with serve(args.delay) as server, tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "links.sqlite"
        defaults = LinkcheckConfig(timeout=10.0)
        tuned = LinkcheckConfig(timeout=10.0, workers=args.threads, per_host=args.threads)
        rows.append((f"spfcomms, defaults ({defaults.workers} workers, {defaults.per_host} per "
                     "host)", *run_spfcomms(server, args.links, defaults, None)))
        rows.append((f"spfcomms, {args.threads} workers, {args.threads} per host",
                     *run_spfcomms(server, args.links, tuned, store)))
        rows.append(("spfcomms, re-run within cache_hours",
                     *run_spfcomms(server, args.links, tuned, store)))
        if not args.skip_linkchecker:
            measured = run_linkchecker(server, args.links, args.threads)
            if measured is None:
                print("linkchecker could not be installed; its row is missing", file=sys.stderr)
            else:
                rows.append((f"linkchecker 10, --check-extern -t {args.threads}", *measured))

    print(f"{args.links} distinct links, each answered after {args.delay * 1000:.0f} ms "
          f"(one after another: {sequential:.0f} s)")
    print()
    print(f"| {'tool and settings':<48} | {'time (s)':>8} | {'ok':>4} | {'requests':>8} |")
    print(f"|{'-' * 50}|{'-' * 10}|{'-' * 6}|{'-' * 10}|")
    for name, elapsed, ok, requests_made in rows:
        print(f"| {name:<48} | {elapsed:>8.2f} | {ok:>4} | {requests_made:>8} |")


if __name__ == "__main__":
    main()
