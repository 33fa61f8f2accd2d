"""Where load_config looks."""

from __future__ import annotations

from pathlib import Path

from spfcomms import load_config


def test_load_config_accepts_a_string_path_as_documented(repo_workspace: Path) -> None:
    # spfcomms/__init__.py shows spfcomms.load_config("path/to/workspace").
    assert load_config(str(repo_workspace)).root == repo_workspace.resolve()
