"""A local preview: build the workspace, serve the preview folder, rebuild on change.

``PreviewServer`` builds a preview (``build(..., drafts=True)``: drafts and embargoed
content shown under a banner, feeds and snippets as published) into
``[build].preview_dir`` and serves it on 127.0.0.1 only, with the content types feed
readers expect (``application/rss+xml``, ``application/atom+xml``,
``application/feed+json``) and conditional GET (``ETag`` and ``Last-Modified``, answered
with 304), so a feed reader pointed at the preview behaves as it will in production.
A watcher thread polls the modification times of ``spfcomms.toml``, ``issues/`` and
``templates/`` and rebuilds when one changes. A failed build is reported and the
previous output stays online: the server never stops because of content. Only a first
build that fails for want of a workspace (no issues folder, bad settings) stops it, since
there would be nothing to serve.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import mimetypes
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..model.config import CONFIG_FILE_NAME, PREVIEW_PORT, Config, load_config
from ..model.exceptions import ConfigError, ServeError, SpfcommsError
from ..render.feeds import ATOM_TYPE, RSS_TYPE
from ..render.jsonfeed import MEDIA_TYPE as JSON_FEED_TYPE
from .build import BuildResult, build, check_output_dir

logger = logging.getLogger(__name__)

DEFAULT_PORT = PREVIEW_PORT
LOOPBACK = "127.0.0.1"

CONTENT_TYPES = {
    "feed.xml": f"{RSS_TYPE}; charset=utf-8",
    "atom.xml": f"{ATOM_TYPE}; charset=utf-8",
    "feed.json": f"{JSON_FEED_TYPE}; charset=utf-8",
}
_SUFFIX_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".eml": "message/rfc822",
    ".mjml": "text/plain; charset=utf-8",
}


@dataclass(frozen=True, slots=True)
class BuildReport:
    """The outcome of one (re)build: a result, or the error that stopped it."""

    result: BuildResult | None
    error: SpfcommsError | None

    @property
    def ok(self) -> bool:
        return self.error is None


BuildCallback = Callable[[BuildReport], None]


def content_type(path: Path) -> str:
    """The Content-Type served for an output file."""
    if path.name in CONTENT_TYPES:
        return CONTENT_TYPES[path.name]
    if path.suffix in _SUFFIX_TYPES:
        return _SUFFIX_TYPES[path.suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def watched_files(config: Config) -> Iterator[Path]:
    """The files whose change triggers a rebuild (hidden files and folders skipped)."""
    if config.source is not None:
        yield config.source
    else:
        yield config.root / CONFIG_FILE_NAME
    for folder in (config.issues_dir, config.templates_dir):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).parts
            if any(part.startswith(".") for part in relative) or not path.is_file():
                continue
            yield path


def snapshot(config: Config) -> dict[Path, tuple[int, int]]:
    """Modification time and size of every watched file."""
    state: dict[Path, tuple[int, int]] = {}
    for path in watched_files(config):
        try:
            info = path.stat()
        except OSError:
            continue
        state[path] = (info.st_mtime_ns, info.st_size)
    return state


class PreviewServer:
    """Build, serve and watch one workspace. Use as a context manager, or start/stop."""

    def __init__(
        self,
        config: Config,
        *,
        port: int = DEFAULT_PORT,
        watch: bool = True,
        interval: float = 0.5,
        on_build: BuildCallback | None = None,
    ) -> None:
        self._root = config.source or config.root
        self._output_dir = config.preview_dir
        self.config = config
        self.port = port
        self.watch = watch
        self.interval = interval
        self.on_build = on_build
        self.last_report: BuildReport | None = None
        self.builds = 0
        self._httpd: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()

    @property
    def output_dir(self) -> Path:
        return self._output_dir

    @property
    def url(self) -> str:
        """The server's base URL, ending in a slash."""
        return f"http://{LOOPBACK}:{self.port}/"

    def rebuild(self) -> BuildReport:
        """Reload the settings and build once; errors are reported, not raised."""
        report = self._build()
        self._report(report)
        return report

    def _build(self) -> BuildReport:
        try:
            config = load_config(self._root).with_preview_dir(self._output_dir)
            self.config = config
            report = BuildReport(result=build(config, drafts=True), error=None)
        except SpfcommsError as exc:
            # Reported to on_build (the command line prints it); logged for scripts.
            logger.info("build failed; still serving the previous output: %s", exc)
            report = BuildReport(result=None, error=exc)
        except Exception as exc:  # noqa: BLE001 - a preview must outlive any failed build
            logger.exception("build crashed; still serving the previous output")
            crashed = SpfcommsError(f"build crashed ({type(exc).__name__}: {exc})")
            report = BuildReport(result=None, error=crashed)
        return report

    def _report(self, report: BuildReport) -> None:
        self.builds += 1
        self.last_report = report
        if self.on_build is not None:
            self.on_build(report)

    def start(self) -> None:
        """Build, then serve (and watch) in background threads.

        Raises ``ForeignFolderError`` (before serving anything) when the preview folder
        is not spfcomms's to replace (someone's folder, a published site): it is neither
        built into nor served.
        """
        check_output_dir(self.config.with_preview_dir(self._output_dir), drafts=True)
        # Taken before the build, so that an edit made while it runs triggers another.
        state = snapshot(self.config)
        first = self._build()
        if isinstance(first.error, ConfigError):
            raise first.error  # nothing to serve: stop with the one message
        self._report(first)
        handler = _make_handler(lambda: self._output_dir)
        try:
            self._httpd = _QuietServer((LOOPBACK, self.port), handler)
        except OSError as exc:
            raise ServeError(f"cannot listen on {LOOPBACK}:{self.port}: {exc.strerror}") from exc
        self._httpd.daemon_threads = True
        self.port = int(self._httpd.server_address[1])
        serving = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True
        )
        self._threads = [serving]
        if self.watch:
            self._threads.append(threading.Thread(target=self._watch, args=(state,), daemon=True))
        for thread in self._threads:
            thread.start()
        logger.info("serving %s at %s", self._output_dir, self.url)

    def wait(self) -> None:
        """Block until ``stop`` is called (from another thread or a signal handler)."""
        while not self._stopping.wait(0.2):
            pass

    def stop(self) -> None:
        """Stop watching and serving."""
        self._stopping.set()
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _watch(self, state: dict[Path, tuple[int, int]]) -> None:
        while not self._stopping.wait(self.interval):
            current = snapshot(self.config)
            if current != state:
                changed = sorted(str(p) for p in set(current) ^ set(state)) or sorted(
                    str(p) for p in current if current[p] != state.get(p)
                )
                logger.info("changed: %s; rebuilding", ", ".join(changed[:3]))
                # Compared with the snapshot taken before the build, so an edit made
                # during the build is seen on the next poll.
                state = current
                self.rebuild()


class _QuietServer(ThreadingHTTPServer):
    """A server that logs a request that failed instead of printing a traceback on the
    terminal: a reader that hangs up early is no error of the preview's."""

    def handle_error(self, request: object, client_address: object) -> None:
        kind, error, _ = sys.exc_info()
        if kind is not None and issubclass(kind, ConnectionError | TimeoutError):
            logger.debug("%s hung up: %s", client_address, error)
        else:
            logger.warning("a request from %s failed: %r", client_address, error)


def _etag(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    return "*" in candidates or etag in candidates


def _not_modified_since(header: str, modified: datetime) -> bool:
    try:
        since = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return modified.replace(microsecond=0) <= since


def _make_handler(output_dir: Callable[[], Path]) -> type[BaseHTTPRequestHandler]:
    class PreviewHandler(BaseHTTPRequestHandler):
        server_version = "spfcomms-preview"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            logger.debug("%s %s", self.address_string(), format % args)

        def do_GET(self) -> None:
            self._answer(send_body=True)

        def do_HEAD(self) -> None:
            self._answer(send_body=False)

        def _answer(self, *, send_body: bool) -> None:
            root = output_dir().resolve()
            raw_path = urlsplit(self.path).path
            target = _resolve(root, unquote(raw_path))
            if target is not None and target.is_dir():
                if not raw_path.endswith("/"):
                    self._send(HTTPStatus.MOVED_PERMANENTLY, {"Location": raw_path + "/"}, b"")
                    return
                target = target / "index.html"
            try:
                data = target.read_bytes() if target is not None else None
                modified = (
                    datetime.fromtimestamp(target.stat().st_mtime, tz=UTC) if target else None
                )
            except OSError:
                data = None
                modified = None
            if target is None or data is None or modified is None:
                self._send(
                    HTTPStatus.NOT_FOUND,
                    {"Content-Type": "text/plain; charset=utf-8"},
                    b"not found\n",
                    send_body,
                )
                return
            etag = _etag(data)
            headers = {
                "ETag": etag,
                "Last-Modified": email.utils.format_datetime(modified, usegmt=True),
                "Cache-Control": "no-cache",
            }
            if_none_match = self.headers.get("If-None-Match")
            if_modified_since = self.headers.get("If-Modified-Since")
            # If-None-Match wins over If-Modified-Since (RFC 9110, 13.1.3).
            unchanged = (
                _matches(if_none_match, etag)
                if if_none_match is not None
                else if_modified_since is not None
                and _not_modified_since(if_modified_since, modified)
            )
            if unchanged:
                self._send(HTTPStatus.NOT_MODIFIED, headers, b"", False)
                return
            headers["Content-Type"] = content_type(target)
            self._send(HTTPStatus.OK, headers, data, send_body)

        def _send(
            self,
            status: HTTPStatus,
            headers: dict[str, str],
            body: bytes,
            send_body: bool = True,
        ) -> None:
            try:
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if status != HTTPStatus.NOT_MODIFIED:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if send_body and body:
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return PreviewHandler


def _resolve(root: Path, url_path: str) -> Path | None:
    # Only files inside the output folder are served, whatever ".." or links say.
    parts = [p for p in url_path.split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p or "\x00" in p for p in parts):
        return None
    try:
        candidate = root.joinpath(*parts).resolve() if parts else root
        if candidate != root and root not in candidate.parents:
            return None
        return candidate if candidate.exists() else None
    except (OSError, ValueError):  # a name too long for the file system, and the like
        return None
