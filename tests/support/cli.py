"""Running the command line in-process, in a small workspace of one issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from spfcomms.cli import main

from .workspace import NEWS, one_issue


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``spfcomms argv...``: the exit code, standard output and standard error."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def news_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace (``tmp_path/ws``) with issue 2024-01 holding one news item, made the
    current folder (for a module's ``workspace`` fixture)."""
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="news-story")})
    monkeypatch.chdir(root)
    return root
