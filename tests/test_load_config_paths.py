"""load_config accepts the path forms the package documentation shows."""

from __future__ import annotations

from pathlib import Path

from spfcomms import load_config


def test_load_config_takes_a_string_as_the_package_docstring_shows(
    repo_workspace: Path,
) -> None:
    assert load_config(str(repo_workspace)).root == repo_workspace.resolve()


def test_load_config_takes_the_toml_file_itself(repo_workspace: Path) -> None:
    config = load_config(repo_workspace / "spfcomms.toml")
    assert config.site.short_name == "SPF"
