"""Knowing which output folders are ours to replace.

Replacing an output folder deletes everything in it, so spfcomms only replaces a folder
it wrote itself. Every folder it writes holds a manifest, ``.spfcomms-manifest.json``:
the kind of output (a ``site`` build or an ``audit``) and every file written. The
guard itself (``claim_output_folder``) lives beside the folder swap in ``writers.py``;
this module holds what it reads:

- ``Manifest``: the manifest's format, written with every tree and read back;
- ``ProtectedPath`` and ``protected_paths``: the workspace's own files (the workspace,
  ``issues/``, ``templates/``, the config file, the metrics store, the link cache),
  which no output folder may be, contain or (for the folders) lie inside;
- ``looks_like_earlier_output``: the rule for folders written before manifests
  existed (see docs/cli.md, "Which folders spfcomms replaces").
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from ..model.config import DATABASE_URL_ENV, Config

MANIFEST_NAME = ".spfcomms-manifest.json"
"""The file, at the top of every folder spfcomms writes, that says what it wrote."""
_MANIFEST_FORMAT = 1


class OutputKind(StrEnum):
    """What an output folder holds; a folder of one kind is never replaced by another."""

    SITE = "site"
    """``spfcomms build``: web pages, emails, feeds, snippets, as published."""
    AUDIT = "audit"
    """``spfcomms report``: the communications audit."""
    PREVIEW = "preview"
    """``spfcomms build --drafts`` and ``serve``: a site with held-back content under a
    banner, which must never be taken for (or replace) a published site."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """The kind of an output folder and the files spfcomms wrote into it."""

    kind: OutputKind
    files: tuple[str, ...]

    def to_bytes(self) -> bytes:
        """The manifest as written: sorted, no dates, so two builds are byte-identical."""
        data = {
            "written_by": "spfcomms",
            "format": _MANIFEST_FORMAT,
            "kind": self.kind.value,
            "files": sorted(self.files),
        }
        return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")

    @classmethod
    def read(cls, folder: Path) -> Manifest | None:
        """The manifest of ``folder``, or None when it has none spfcomms could have written."""
        path = folder / MANIFEST_NAME
        try:
            if path.is_symlink() or not path.is_file():
                return None
            data = json.loads(path.read_bytes()[:50_000_000])
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("written_by") != "spfcomms":
            return None
        files = data.get("files")
        try:
            kind = OutputKind(str(data.get("kind")))
        except ValueError:
            return None
        if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
            return None
        return cls(kind, tuple(files))

    def folders(self) -> set[str]:
        """Every folder the listed files imply (``a/b/c.html`` implies ``a`` and ``a/b``)."""
        implied: set[str] = set()
        for name in self.files:
            implied.update(str(parent) for parent in PurePosixPath(name).parents)
        implied.discard(".")
        return implied


@dataclass(frozen=True, slots=True)
class ProtectedPath:
    """A path of the workspace that replacing an output folder must never touch."""

    path: Path
    what: str
    """In words, for the error message: ``the workspace's issues folder``."""
    folder_inside_forbidden: bool = True
    """Also refuse output folders inside this one (``issues/2024-01`` as output)."""


def protected_paths(config: Config) -> list[ProtectedPath]:
    """The workspace's sources and stores, which no output folder may replace."""
    protected = [
        # The output folder normally lies inside the workspace (_build), so only the
        # workspace itself and the folders above it are refused.
        ProtectedPath(config.root, "the workspace", folder_inside_forbidden=False),
        ProtectedPath(config.issues_dir, "the workspace's issues folder"),
        ProtectedPath(config.templates_dir, "the workspace's templates folder"),
        ProtectedPath(config.link_cache_path, "the link-check cache"),
    ]
    if config.source is not None:
        protected.append(ProtectedPath(config.source, "the settings file"))
    store = metrics_sqlite_file(config)
    if store is not None:
        protected.append(ProtectedPath(store, "the metrics store"))
    return protected


def metrics_sqlite_file(config: Config) -> Path | None:
    """The SQLite file of the metrics store, or None when the store is another database."""
    url = os.environ.get(DATABASE_URL_ENV, "").strip() or config.metrics.database_url
    if not url:
        return config.metrics_sqlite_path
    scheme, sep, rest = url.partition(":///")
    if not sep or not scheme.startswith("sqlite"):
        return None
    name = rest.partition("?")[0]
    if not name or name == ":memory:":
        return None
    return Path(name) if Path(name).is_absolute() else Path.cwd() / name


def is_within(path: Path, folder: Path) -> bool:
    """True when ``path`` is ``folder`` or lies somewhere inside it."""
    return path == folder or folder in path.parents


def refusal(output: Path, protected: Iterable[ProtectedPath]) -> str | None:
    """Why ``output`` (resolved) may not be replaced, or None when no protected path is hit."""
    for entry in protected:
        path = _resolved(entry.path)
        if is_within(path, output):
            verb = "is" if path == output else "holds"
            return (
                f"{output}: not replaced: it {verb} {entry.what} ({path}); use an output "
                f"folder that holds none of the workspace's own files, such as _build"
            )
        if entry.folder_inside_forbidden and is_within(output, path):
            return (
                f"{output}: not replaced: it lies inside {entry.what} ({path}); use an "
                "output folder of its own, such as _build"
            )
    return None


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # pragma: no cover - a symlink loop
        return path.absolute()


def foreign_entries(folder: Path, manifest: Manifest) -> list[str]:
    """Paths in ``folder`` (relative, POSIX; folders end in /) that ``manifest`` does not
    account for; a foreign folder is named without its content."""
    files = set(manifest.files) | {MANIFEST_NAME}
    folders = manifest.folders()
    return _outermost(
        relative + ("/" if is_dir else "")
        for relative, is_dir in _entries(folder)
        if relative not in (folders if is_dir else files)
    )


def _outermost(paths: Iterable[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(outer) for outer in kept if outer.endswith("/")):
            kept.append(path)
    return kept


# What spfcomms wrote before output folders had a manifest: its top-level names and the
# suffixes of its files. An earlier output is recognised by these alone (see
# looks_like_earlier_output), so this list describes the past and never grows.
_EARLIER_OUTPUT: dict[OutputKind, frozenset[str]] = {
    OutputKind.SITE: frozenset(
        {
            "index.html",
            "assets",
            "feed.xml",
            "atom.xml",
            "feed.json",
            "feeds",
            "issues",
            "items",
            "snippets",
        }
    ),
    OutputKind.AUDIT: frozenset({"index.html", "issues.csv", "items.csv", "charts"}),
    # Previews came with manifests: a preview folder without one is never ours.
    OutputKind.PREVIEW: frozenset(),
}
_EARLIER_SUFFIXES = frozenset(
    {".html", ".css", ".xml", ".json", ".txt", ".eml", ".mjml", ".svg", ".csv"}
)


def looks_like_earlier_output(folder: Path, kind: OutputKind) -> list[str]:
    """What stops ``folder`` (without a manifest) passing for an earlier spfcomms output.

    It passes when it has an ``index.html`` at the top (every kind of output does), and
    every file in it has a name an earlier spfcomms wrote: a top-level entry of that
    kind of output, a suffix spfcomms writes, no symbolic links. Returns the paths that
    do not fit (empty when the folder passes).
    """
    strangers: list[str] = []
    for relative, is_dir in _entries(folder):
        top = relative.split("/", 1)[0]
        if top not in _EARLIER_OUTPUT[kind]:
            strangers.append(relative + ("/" if is_dir else ""))
        elif not is_dir and PurePosixPath(relative).suffix not in _EARLIER_SUFFIXES:
            strangers.append(relative)
    if not (folder / "index.html").is_file():
        strangers.insert(0, "no index.html")
    return _outermost(strangers)


def _entries(folder: Path) -> Iterator[tuple[str, bool]]:
    # Every entry below folder, relative and POSIX; symbolic links count as files (they
    # are never followed, and spfcomms never writes one).
    for current, dirs, files in os.walk(folder):
        base = Path(current).relative_to(folder)
        for name in sorted(dirs):
            entry = Path(current, name)
            yield (base / name).as_posix(), not entry.is_symlink()
        yield from (((base / name).as_posix(), False) for name in sorted(files))
        dirs[:] = sorted(d for d in dirs if not Path(current, d).is_symlink())
