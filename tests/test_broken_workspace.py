"""A workspace with one defect per file: one run reports them all and writes nothing."""
# ruff: noqa: E501  (the expected report lines are kept whole, as the editor sees them)

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from spfcomms import ContentError, build, load_config, load_workspace
from spfcomms.cli import main

from .conftest import DATA, REPO

BROKEN = DATA / "broken"

# Paths are relative to the workspace, where the command runs. Sorted by file and line.
EXPECTED = [
    "issues/2024-03/case_study_bad_front_matter.md:7: error: invalid TOML in front matter: Unterminated string [bad-front-matter]",
    "issues/2024-03/date_outside_month.md:5: error: date 2024-04-02 is outside the issue's month 2024-03; date it in 2024-03 or move the item to the issue of its month [date-outside-issue]",
    "issues/2024-03/duplicate_id.md:3: error: id 'good-news' is already used by issues/2024-03/good_news.md:3; give this item its own id [duplicate-id]",
    "issues/2024-03/image_without_alt.md:11: error: image https://example.org/chart.png has no alt text; describe it: ![what it shows](https://example.org/chart.png) [missing-alt]",
    "issues/2024-03/issue.toml:20: error: item 'listed_but_missing' is listed but listed_but_missing.md does not exist; check the spelling or remove it from 'items' [missing-item-file]",
    "issues/2024-03/javascript_link.md:9: error: link 'this link' uses an unsafe scheme (javascript:alert('hi')); use an https:// address [unsafe-link]",
    "issues/2024-03/meeting_with_empty_agenda_item.md:19: error: agenda item 'Workforce plan' has no text [empty-section]",
    "issues/2024-03/news_without_date.md:1: error: missing required field 'date' (add date = 2023-12-06) [missing-field]",
    "issues/2024-03/not_utf8.md:10: error: not UTF-8 text (byte 0xe9); save the file as UTF-8 [bad-encoding]",
    "issues/2024-03/placeholder_link.md:9: error: placeholder link 'the forum's report' (#): replace it with the real URL [placeholder-link]",
    "issues/2024-03/presenter_without_organisation.md:13: warning: presenter 'Bo Sample' has no organisation; write it as 'Name (Organisation)' [presenter-without-organisation]",
    "issues/2024-03/relative_link.md:9: error: link 'our about page' (/about/) is relative; emails and feeds need an absolute https:// URL [relative-link]",
    "issues/2024-03/unknown_field.md:7: error: unknown field 'auther' (known fields: date, draft, id, kind, link, publish_at, slug, summary, tags, title, updated) [unknown-field]",
    "issues/2024-03/unknown_kind.md:2: error: unknown kind 'blog-post' (use meeting-summary, case-study, news) [bad-kind]",
    "issues/2024-03/unlisted_draft.md: warning: not listed in issue.toml 'items', so it is not published [unlisted-item]",
    "issues/march-2024: error: issue folder 'march-2024' must be named YEAR-MONTH, such as 2023-12 [bad-issue-id]",
    "spfcomms: 14 errors, 2 warnings; nothing was written",
]


def _snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def broken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    workspace = tmp_path / "broken"
    shutil.copytree(BROKEN, workspace)
    monkeypatch.chdir(workspace)
    return workspace


def test_every_defect_file_is_named_after_its_defect() -> None:
    names = {p.stem for p in (BROKEN / "issues" / "2024-03").glob("*.md")}
    reported = {line.split(":")[0].rsplit("/", 1)[-1].removesuffix(".md") for line in EXPECTED}
    # Every file but the one good item (the original of the duplicate id) is reported.
    assert names - reported == {"good_news"}


def test_build_reports_every_problem_with_file_and_line_in_one_run(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A good build first, into the broken workspace's own output folder.
    build(load_config(REPO).with_output_dir(broken / "_build"))
    before = _snapshot(broken / "_build")
    assert "index.html" in before

    code = main(["build"])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.splitlines() == EXPECTED
    # The previous build is untouched, byte for byte, and nothing was left beside it.
    assert _snapshot(broken / "_build") == before
    assert sorted(p.name for p in broken.iterdir()) == ["_build", "issues", "spfcomms.toml"]


def test_check_reports_the_same_problems(broken: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[:-1] == EXPECTED[:-1]
    assert lines[-1] == "spfcomms: 14 errors, 2 warnings; fix them and run again"


def test_the_python_api_raises_one_content_error_with_every_problem(broken: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_workspace(load_config(broken))
    problems = caught.value.problems
    assert len(problems) == len(EXPECTED) - 1
    assert sum(p.is_error for p in problems) == 14
    assert all(p.location.path.is_absolute() for p in problems)
