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
