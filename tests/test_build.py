"""The whole pipeline on the repository's own workspace."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import spfcomms
from spfcomms import ConfigError, WriteError, build, load_config
from spfcomms.model.clock import build_datetime
from spfcomms.output.ownership import MANIFEST_NAME

from .support.golden import Golden


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_repository_workspace_matches_golden_site(repo_workspace: Path, golden: Golden) -> None:
    config = load_config(repo_workspace)
    build(config)
    tree = _tree(config.output_dir)
    # The manifest lists exactly the files of the build; it is not itself a golden file,
    # so that adding an output changes one golden file, not two.
    manifest = json.loads(tree.pop(MANIFEST_NAME))
    assert (manifest["kind"], manifest["files"]) == ("site", sorted(tree))
    golden.check_tree("site", tree)


def test_two_builds_are_byte_identical(repo_workspace: Path, tmp_path: Path) -> None:
    config = load_config(repo_workspace)
    first = build(config.with_output_dir(tmp_path / "one"))
    second = build(config.with_output_dir(tmp_path / "two"))
    assert [(f.path, f.sha256) for f in first.written] == [
        (f.path, f.sha256) for f in second.written
    ]
    digest = hashlib.sha256()
    for path, data in sorted(_tree(tmp_path / "one").items()):
        digest.update(path.encode() + data)
    other = hashlib.sha256()
    for path, data in sorted(_tree(tmp_path / "two").items()):
        other.update(path.encode() + data)
    assert digest.hexdigest() == other.hexdigest()


def test_build_writes_issue_item_and_archive_pages(repo_workspace: Path) -> None:
    config = load_config(repo_workspace)
    result = build(config)
    paths = {f.path for f in result.written}
    assert "index.html" in paths
    assert "issues/2023-12/index.html" in paths
    assert "items/wider-group-2023-12-06/index.html" in paths
    assert "assets/style.css" in paths


def test_only_the_clock_module_asks_for_the_time() -> None:
    package = Path(spfcomms.__file__).parent
    offenders = [
        f"{path.relative_to(package)}: {needle}"
        for path in package.rglob("*.py")
        if path.relative_to(package).as_posix() != "model/clock.py"
        for needle in ("datetime.now(", "date.today(", "time.time(", "datetime.utcnow(")
        if needle in path.read_text("utf-8")
    ]
    assert offenders == []


def test_source_date_epoch_sets_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_datetime() == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(ConfigError, match="SOURCE_DATE_EPOCH='yesterday' is not a number"):
        build_datetime()


def test_a_build_never_replaces_its_own_workspace(repo_workspace: Path) -> None:
    config = load_config(repo_workspace)
    for output in (repo_workspace, repo_workspace.parent, repo_workspace / "issues"):
        with pytest.raises(WriteError, match="not replaced: it (is|holds|lies inside) "):
            build(config.with_output_dir(output))
    assert (repo_workspace / "issues" / "2023-12" / "issue.toml").is_file()


def test_a_single_issue_has_no_empty_pager(tmp_path: Path) -> None:
    from .support.workspace import NEWS, one_issue

    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="news-story")})
    config = load_config(root)
    build(config)
    page = (config.output_dir / "issues" / "2024-01" / "index.html").read_text("utf-8")
    assert 'class="pager"' not in page
    assert page.count("<h1>") == 1


def test_body_headings_nest_under_the_item_and_fragment_ids_are_unique(tmp_path: Path) -> None:
    import re

    from .support.workspace import MEETING, NEWS, one_issue

    story = NEWS.format(id="news-story").replace(
        "The story,", "## Background\n\nEarlier.\n\n#### Detail\n\nMore.\n\nThe story,"
    )
    root = one_issue(
        tmp_path / "ws",
        {"a": MEETING.format(id="meeting-a"), "b": MEETING.format(id="meeting-b"), "s": story},
    )
    config = load_config(root)
    build(config)
    issue_page = (config.output_dir / "issues/2024-01/index.html").read_text("utf-8")
    item_page = (config.output_dir / "items/news-story/index.html").read_text("utf-8")
    assert "<h4>Background</h4>" in issue_page and "<h5>Detail</h5>" in issue_page
    assert "<h2>Background</h2>" in item_page and "<h3>Detail</h3>" in item_page
    ids = re.findall(r' id="([^"]+)"', issue_page)
    assert len(ids) == len(set(ids))
    assert 'id="meeting-a--first-item"' in issue_page
    assert 'id="meeting-b--first-item"' in issue_page


def test_workspace_finds_an_issue_by_id_or_names_the_ones_there(
    repo_config: spfcomms.Config,
) -> None:
    workspace = spfcomms.load_workspace(repo_config)
    assert workspace.issue("2023-12").number == 53
    with pytest.raises(KeyError, match=r"no issue '2030-01' \(issues: 2023-06, 2023-12\)"):
        workspace.issue("2030-01")
