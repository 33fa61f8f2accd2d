"""Writing the build output safely.

``OutputTree`` gathers every file of a build in memory and refuses paths that escape
the output folder or are written twice. ``commit`` then writes the whole tree into a
fresh sibling folder and swaps it into place, so a failed build never leaves a
half-written ``_build/`` behind, and readers of the old one never see a mix.

Replacing a folder deletes it, so ``claim_output_folder`` (the one guard every command
that writes a folder goes through) first makes sure the folder is spfcomms's own: see
``ownership.py`` for the manifest and the paths it protects.
"""

from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..model.exceptions import WriteError
from .ownership import (
    MANIFEST_NAME,
    Manifest,
    OutputKind,
    ProtectedPath,
    foreign_entries,
    looks_like_earlier_output,
    refusal,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """One output file: path relative to the output folder, size and digest."""

    path: str
    size: int
    sha256: str


class OutputTree:
    """The files of one build, keyed by relative POSIX path, and the kind of output."""

    def __init__(self, kind: OutputKind = OutputKind.SITE) -> None:
        self._files: dict[str, bytes] = {}
        self.kind = kind

    def add(self, relpath: str, data: str | bytes) -> None:
        """Add a file; text is written as UTF-8. Refuses unsafe paths and double writes."""
        key = _safe_relpath(relpath)
        if key == MANIFEST_NAME:
            raise WriteError(f"{key}: this name is spfcomms's own record of the output folder")
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

    def commit(
        self, output_dir: Path, *, protected: Sequence[ProtectedPath] = ()
    ) -> list[WrittenFile]:
        """Write everything to ``output_dir``, replacing its old content atomically.

        The folder is replaced only when ``claim_output_folder`` allows it; the new one
        holds a manifest of what was written. ``protected`` names the workspace paths
        the folder must not touch (``protected_paths(config)``).
        """
        output_dir = _absolute(output_dir)
        claim_output_folder(output_dir, self.kind, protected=protected)
        output_dir = output_dir.resolve()
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(output_dir)
        staging = Path(
            tempfile.mkdtemp(prefix=f".{output_dir.name}.new-{os.getpid()}-", dir=output_dir.parent)
        )
        try:
            # mkdtemp makes the folder private (0700); a published site must be readable
            # by the web server, so give it the permissions of an ordinary folder.
            staging.chmod(_folder_mode())
            written = [self._write(staging, key) for key in self.paths]
            manifest = Manifest(self.kind, tuple(self.paths))
            (staging / MANIFEST_NAME).write_bytes(manifest.to_bytes())
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
    return 0o777 & ~_umask()


def _umask() -> int:
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


BUILD_MARKERS = ("index.html", "assets/style.css")
"""Files every site build writes (kept for the old ``spfcomms.writers`` path; which
folders are replaced is decided by ``claim_output_folder``)."""


class ForeignFolderError(WriteError):
    """An output folder that spfcomms will not replace: it is not (only) its own output."""


def claim_output_folder(
    output_dir: Path, kind: OutputKind, *, protected: Sequence[ProtectedPath] = ()
) -> None:
    """Raise ``ForeignFolderError`` unless spfcomms may replace ``output_dir`` with ``kind``.

    The one guard of every command that writes a folder. A folder may be replaced when
    it is absent or empty, or holds a manifest of the same kind that accounts for every
    entry in it, or (written before manifests) looks exactly like an earlier spfcomms
    output of that kind. It is never replaced when it is, holds or (for the workspace's
    folders) lies inside one of the ``protected`` paths. The message is one line: why,
    and what to do.
    """
    output = _absolute(output_dir)
    blocker = next((p for p in (output, *output.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        what = "is a file" if blocker == output else f"lies inside the file {blocker}"
        raise ForeignFolderError(f"{output}: {what}, not a folder; choose an output folder")
    output = output.resolve()
    reason = refusal(output, protected)
    if reason is not None:
        raise ForeignFolderError(reason)
    if not output.exists() or not any(output.iterdir()):
        return
    manifest = Manifest.read(output)
    if manifest is None:
        strangers = looks_like_earlier_output(output, kind)
        if strangers:
            raise ForeignFolderError(
                f"{output}: not replaced: it was not written by spfcomms ({_some(strangers)}); "
                "choose a new or empty output folder, or move its content elsewhere"
            )
        logger.info("%s: an earlier spfcomms output, without a manifest; replacing it", output)
        return
    if manifest.kind is not kind:
        raise ForeignFolderError(
            f"{output}: not replaced: it holds a spfcomms {manifest.kind.value} output, not "
            f"{'an' if kind is OutputKind.AUDIT else 'a'} {kind.value}; choose another folder"
        )
    strangers = foreign_entries(output, manifest)
    if strangers:
        raise ForeignFolderError(
            f"{output}: not replaced: it holds files spfcomms did not write ({_some(strangers)}); "
            "move them out of the folder, or choose another output folder"
        )


def _some(names: Sequence[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


_STAGING = re.compile(r"^\.(?P<name>.+)\.(?:new|old)-(?P<pid>\d+)?")


def remove_leftovers(output_dir: Path) -> list[Path]:
    """Delete staging folders (``.<name>.new-*``, ``.<name>.old-*``) left by killed runs.

    A folder whose name carries the id of a running process belongs to a build still
    under way, and stays.
    """
    removed: list[Path] = []
    prefix = f".{output_dir.name}."
    for candidate in sorted(output_dir.parent.glob(f"{glob.escape(prefix)}[no][el][wd]-*")):
        match = _STAGING.match(candidate.name)
        if match is None or match.group("name") != output_dir.name or candidate.is_symlink():
            continue
        pid = match.group("pid")
        if pid is not None and _running(int(pid)):
            continue
        logger.info("removing %s, left by an interrupted run", candidate)
        if candidate.is_dir():
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


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
        old = Path(
            tempfile.mkdtemp(prefix=f".{output_dir.name}.old-{os.getpid()}-", dir=output_dir.parent)
        )
        output_dir.replace(old)
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

    A file that already exists keeps its permissions; a new one gets those of any new
    file (0666 less the umask), not the private 0600 of the temporary file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = path.stat().st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
