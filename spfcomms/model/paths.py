"""Where a workspace's files may really live: the rule for symbolic links.

A file reached under ``issues/`` or ``templates/`` is read only when its real location
(every symbolic link followed) is inside the workspace, so a link to
``/etc/passwd`` or another user's files never ends up in a published page. A workspace
that keeps its content elsewhere on purpose sets ``[build].allow_outside_symlinks``.
Shared by the content loader (``workspace/``) and the template loader (``render/``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


def outside_target(path: Path, roots: Sequence[Path]) -> Path | None:
    """The real location of ``path`` when it lies outside every one of ``roots``, else None.

    Only a symbolic link can put it there; ``roots`` are the folders it may lie in
    (their own real locations count too).
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        return path
    for root in roots:
        for base in {root.absolute(), root.resolve()}:
            if real == base or base in real.parents:
                return None
    return real


def link_refusal(path: Path, target: Path) -> str:
    """The message for a link that leads out of the workspace."""
    return (
        f"is a link to {target}, outside the workspace; copy the file into the workspace "
        "(or set [build].allow_outside_symlinks = true if this is on purpose)"
    )


MAX_ASSET_BYTES = 5_000_000
"""The largest file the build publishes from the workspace as it is (the logo)."""


def asset_refusal(path: Path, roots: Sequence[Path] | None) -> tuple[str, str] | None:
    """Why the build may not publish the workspace file ``path`` as it is (the logo): a
    problem code and the words, or None when it may.

    It must be an ordinary file (not a folder, device or pipe), not a link out of
    ``roots`` (None: links may lead anywhere, ``[build].allow_outside_symlinks``), and
    at most ``MAX_ASSET_BYTES``.
    """
    if not path.exists():
        return "missing", "is not a file in the workspace"
    if not path.is_file():
        return "not-a-file", "is not an ordinary file (a folder, a device or a pipe)"
    target = outside_target(path, roots) if roots is not None else None
    if target is not None:
        return "outside-link", link_refusal(path, target)
    if path.stat().st_size > MAX_ASSET_BYTES:
        return "too-large", f"is larger than {MAX_ASSET_BYTES // 1_000_000} MB"
    return None


def read_asset(path: Path, roots: Sequence[Path] | None) -> bytes | None:
    """The bytes of ``path`` when ``asset_refusal`` allows it, read with a bound (the
    file may grow between the two); None when it may not be published."""
    if asset_refusal(path, roots) is not None:
        return None
    with path.open("rb") as stream:
        data = stream.read(MAX_ASSET_BYTES + 1)
    return data if len(data) <= MAX_ASSET_BYTES else None
