"""The examples in examples/ keep working."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from spfcomms.cli import main

from .conftest import REPO

EXAMPLES = REPO / "examples"


def test_the_minimal_workspace_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "minimal"
    shutil.copytree(EXAMPLES / "minimal", workspace, ignore=shutil.ignore_patterns("_build"))
    monkeypatch.chdir(workspace)
    assert main(["build", "--strict"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert re.match(r"Built 1 issue with 2 items: \d+ files in _build", out)
    built = sorted(
        p.relative_to(workspace / "_build").as_posix()
        for p in (workspace / "_build").rglob("*.html")
    )
    assert {
        "index.html",
        "issues/2024-01/index.html",
        "issues/2024-01/email.html",
        "items/example-meeting-2024-01-10/index.html",
        "items/example-news-first-bulletin/index.html",
        "snippets/latest.html",
    } <= set(built)


def test_the_api_example_script_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "api_example.py"), "--output", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "Example Regional SPF: 1 issue(s)"
    assert "      - Staff wellbeing update (A. Example, Example NHS Trust)" in lines
    assert lines[-3] == (
        "Organisations presenting: Example Community Trust, Example NHS Trust, Example Union"
    )
    assert re.fullmatch(rf"Wrote \d+ files to {re.escape(str(tmp_path / 'site'))}", lines[-1])
    assert (tmp_path / "site" / "issues" / "2024-01" / "index.html").is_file()


def test_the_api_example_reports_content_problems(tmp_path: Path) -> None:
    workspace = tmp_path / "broken"
    shutil.copytree(REPO / "tests" / "data" / "broken", workspace)
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "api_example.py"), str(workspace)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert result.returncode == 1
    assert f"{workspace}/issues/2024-03/placeholder_link.md:9: error: " in result.stdout
