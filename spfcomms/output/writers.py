"""Writing the build output safely.

``OutputTree`` gathers every file of a build in memory and refuses paths that escape
the output folder or are written twice. ``commit`` then writes the whole tree into a
fresh sibling folder and swaps it into place, so a failed build never leaves a
half-written ``_build/`` behind, and readers of the old one never see a mix.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..model.exceptions import WriteError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """One output file: path relative to the output folder, size and digest."""

    path: str
    size: int
    sha256: str


class OutputTree:
    """The files of one build, keyed by relative POSIX path."""

    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}

    def add(self, relpath: str, data: str | bytes) -> None:
        """Add a file; text is written as UTF-8. Refuses unsafe paths and double writes."""
        key = _safe_relpath(relpath)
        if key in self._files:
            raise WriteError(f"{key}: written twice in one build (two items share a path?)")
        self._files[key] = data.encode("utf-8") if isinstance(data, str) else data

    def __contains__(self, relpath: str) -> bool:
        return relpath in self._files

    def __len__(self) -> int:
        return len(self._files)

    def get(self, relpath: str) -> bytes:
        """The content of a file already added."""
        return self._files[relpath]

    @property
    def paths(self) -> list[str]:
        return sorted(self._files)

    def commit(self, output_dir: Path) -> list[WrittenFile]:
        """Write everything to ``output_dir``, replacing its old content atomically."""
        output_dir = output_dir.resolve()
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        _refuse_foreign_folder(output_dir)
        staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
        try:
            # mkdtemp makes the folder private (0700); a published site must be readable
            # by the web server, so give it the permissions of an ordinary folder.
            staging.chmod(_folder_mode())
            written = [self._write(staging, key) for key in self.paths]
            _swap_into_place(staging, output_dir)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise WriteError(f"{output_dir}: cannot write the build: {exc}") from exc
        logger.info("wrote %d files to %s", len(written), output_dir)
        return written

    def _write(self, root: Path, key: str) -> WrittenFile:
        data = self._files[key]
        target = root.joinpath(*PurePosixPath(key).parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return WrittenFile(key, len(data), hashlib.sha256(data).hexdigest())


def _folder_mode() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o777 & ~umask


# Files every spfcomms build writes; a folder holding none of them is not ours to replace.
BUILD_MARKERS = ("index.html", "assets/style.css")


def _refuse_foreign_folder(output_dir: Path) -> None:
    # commit() replaces the whole folder: make sure it is an earlier build (or empty),
    # so that a mistyped --output never deletes someone's documents.
    if not output_dir.is_dir() or not any(output_dir.iterdir()):
        if output_dir.exists() and not output_dir.is_dir():
            raise WriteError(f"{output_dir}: exists and is not a folder")
        return
    if not any((output_dir / marker).is_file() for marker in BUILD_MARKERS):
        raise WriteError(
            f"{output_dir}: this folder is not empty and does not look like an earlier "
            "spfcomms build, so it will not be replaced; choose a new or empty output folder"
        )


def _safe_relpath(relpath: str) -> str:
    path = PurePosixPath(relpath)
    if path.is_absolute() or not path.parts or any(p in ("..", ".", "") for p in path.parts):
        raise WriteError(f"{relpath}: refusing to write outside the output folder")
    if "\\" in relpath or "\x00" in relpath:
        raise WriteError(f"{relpath!r}: refusing a path with a backslash or NUL")
    return str(path)


def _swap_into_place(staging: Path, output_dir: Path) -> None:
    # Rename the old tree aside, move the new one in, then delete the old one: each
    # rename is atomic, and if the second fails the old tree is put back.
    old = None
    if output_dir.exists():
        old = output_dir.with_name(f".{output_dir.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        output_dir.rename(old)
    try:
        staging.rename(output_dir)
    except OSError:
        if old is not None:
            old.rename(output_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_file_atomic(path: Path, data: str | bytes) -> None:
    """Write one file through a temporary file and a rename (for CLI outputs).

    A file that is replaced keeps its permissions (the temporary file starts as 0600).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o7777)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
