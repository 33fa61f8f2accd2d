"""Golden files: what readers see, kept in tests/golden and refreshed on request.

``pytest --update-golden`` rewrites the files instead of comparing; review the diff
(``git diff tests/golden``) before committing it.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "golden"


class Golden:
    """Compare text or bytes with a file under tests/golden/."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, relpath: str, actual: str | bytes) -> None:
        path = GOLDEN_DIR / relpath
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
            return
        if not path.exists():
            pytest.fail(f"no golden file {path}; run 'pytest --update-golden' and review it")
        expected = path.read_bytes()
        if expected == data:
            return
        diff = difflib.unified_diff(
            expected.decode("utf-8", "replace").splitlines(),
            data.decode("utf-8", "replace").splitlines(),
            fromfile=f"golden/{relpath}",
            tofile="actual",
            lineterm="",
            n=2,
        )
        shown = "\n".join(list(diff)[:80])
        pytest.fail(
            f"{relpath} differs from its golden file "
            f"(refresh with 'pytest --update-golden' if the change is intended):\n{shown}"
        )

    def check_tree(self, prefix: str, files: dict[str, bytes]) -> None:
        """Compare a whole tree; files missing on either side fail too."""
        root = GOLDEN_DIR / prefix
        if self.update and root.exists():
            for stale in root.rglob("*"):
                rel = stale.relative_to(root).as_posix()
                if stale.is_file() and rel not in files:
                    stale.unlink()
        for relpath, data in sorted(files.items()):
            self.check(f"{prefix}/{relpath}", data)
        if not self.update:
            on_disk = {
                p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()
            }
            extra = sorted(on_disk - set(files))
            assert not extra, f"golden files no longer produced: {extra}"
