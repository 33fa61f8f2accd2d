"""The command line: commands, messages and exit codes (0 ok, 1 error, 2 usage)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import spfcomms
from spfcomms.cli import main

from .conftest import REPO
from .support.workspace import NEWS, one_issue


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="news-story")})
    monkeypatch.chdir(root)
    return root


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "--version") == (0, f"spfcomms {spfcomms.__version__}\n", "")


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    for command in ("build", "check", "new", "publish"):
        assert f"    {command} " in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("deploy",), "invalid choice: 'deploy'"),
        (("publish", "2024-01"), "the following arguments are required: --to"),
        (("build", "--colour"), "unrecognized arguments: --colour"),
        (("new",), "the following arguments are required: issue"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert message in err


def test_build_writes_the_site_and_says_where(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    code, out, err = _run(capsys, "build")
    assert (code, err) == (0, "")
    first, email, last = out.splitlines()
    # Web pages, emails, feeds and snippets: the count follows from the workspace.
    assert re.fullmatch(
        rf"Built 1 issue with 1 item: \d+ files in _build{re.escape(os.sep)}", first
    )
    assert re.fullmatch(r"Email 2024-01: \d+\.\d KB of HTML \(Gmail clips at 102 KB\)", email)
    assert last == f"Open {Path('_build') / 'index.html'} in a browser to read the archive."
    assert (workspace / "_build" / "items" / "news-story" / "index.html").is_file()


def test_build_with_an_output_folder_and_a_config_path(
    capsys: pytest.CaptureFixture[str], workspace: Path, tmp_path: Path
) -> None:
    os.chdir(tmp_path)
    code, out, _ = _run(capsys, "build", "-c", str(workspace), "-o", "site")
    assert code == 0
    assert re.search(r"\d+ files in site", out)
    assert (tmp_path / "site" / "index.html").is_file()


def test_build_refuses_to_write_over_the_workspace(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    code, out, err = _run(capsys, "build", "-o", ".")
    assert (code, out) == (1, "")
    assert err.startswith("spfcomms: error: ")
    assert "not replaced: it is the workspace" in err
    assert (workspace / "issues" / "2024-01" / "story.md").is_file()


@pytest.mark.parametrize("position", ["before", "after"])
def test_quiet_before_or_after_the_command_silences_the_summary(
    capsys: pytest.CaptureFixture[str], workspace: Path, position: str
) -> None:
    argv = ["-q", "build"] if position == "before" else ["build", "-q"]
    assert _run(capsys, *argv) == (0, "", "")


@pytest.mark.parametrize("argv", [["-v", "build"], ["build", "-v"], ["-v", "build", "-v"]])
def test_verbose_before_or_after_the_command_logs_progress(
    capsys: pytest.CaptureFixture[str], workspace: Path, argv: list[str]
) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 0
    assert "INFO: built 1 issues into" in err
    assert ("DEBUG: loaded 1 issues" in err) == (argv.count("-v") == 2)


def test_check_reports_no_errors(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    code, out, err = _run(capsys, "check")
    assert (code, err) == (0, "")
    # Without --links only the site's own links are followed; the rest are unchecked.
    assert out.splitlines()[-1] == "Checked 1 issue with 1 item: no errors."
    assert not (workspace / "_build").exists()


def test_check_reports_every_problem_with_a_relative_path_and_exits_1(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    story = workspace / "issues" / "2024-01" / "story.md"
    story.write_text(
        story.read_text("utf-8")
        .replace("(https://example.org/source)", "(#)")
        .replace("2024-01-15", "2024-03-01"),
        "utf-8",
    )
    code, out, err = _run(capsys, "check")
    assert (code, err) == (1, "")
    assert out.splitlines()[:2] + out.splitlines()[-1:] == [
        "issues/2024-01/story.md:5: error: date 2024-03-01 is outside the issue's month "
        "2024-01; date it in 2024-01 or move the item to the issue of its month "
        "[date-outside-issue]",
        "issues/2024-01/story.md:9: error: placeholder link 'a source' (#): replace it with "
        "the real URL [placeholder-link]",
        "Checked 1 issue with 1 item: 2 errors, 0 warnings.",
    ]


def test_warnings_are_shown_and_strict_makes_them_fail(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    story = workspace / "issues" / "2024-01" / "story.md"
    story.write_text(story.read_text("utf-8").replace("https://example.org", "http://example.org"))
    code, out, err = _run(capsys, "build")
    assert code == 0
    assert err.splitlines()[-1] == "0 errors, 1 warning"
    code, out, err = _run(capsys, "build", "--strict")
    assert code == 1
    assert err.splitlines()[-1] == "spfcomms: 0 errors, 1 warning; nothing was written"


def test_a_config_error_exits_1_with_the_key(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    (workspace / "spfcomms.toml").write_text("[site]\nbase_url = 3\n", "utf-8")
    code, out, err = _run(capsys, "build")
    assert code == 1
    assert err == (
        f"spfcomms: error: {workspace / 'spfcomms.toml'}:2: [site].base_url: "
        "expected a string, got 3\n"
    )


def test_a_workspace_without_issues_says_how_to_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spfcomms.toml").write_text('[site]\nname = "Forum"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "build")
    assert code == 1
    assert "no issues folder; create it or run 'spfcomms new YYYY-MM'" in err


def test_new_scaffolds_an_issue_that_fails_build_until_its_text_is_written(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    code, out, err = _run(capsys, "new", "2024-02")
    assert (code, err) == (0, "")
    folder = Path("issues") / "2024-02"
    assert out.splitlines() == [
        f"Created {folder / 'issue.toml'}",
        f"Created {folder / 'news-2024-02-february.md'}",
        "Replace every 'TODO:' text, list the items in issue.toml, then run 'spfcomms check'.",
    ]
    toml = (workspace / folder / "issue.toml").read_text("utf-8")
    assert toml.startswith("number = 2\ndate = 2024-02-01")
    # One rule set: check and build report the same placeholders, and build stops.
    code, out, _ = _run(capsys, "check")
    assert code == 1
    checked = [line for line in out.splitlines() if "error:" in line]
    code, _, err = _run(capsys, "build")
    assert code == 1
    assert [line for line in err.splitlines() if "error:" in line] == checked
    assert len(checked) == 5
    assert err.splitlines()[-1] == "spfcomms: 5 errors, 0 warnings; nothing was written"


def test_new_refuses_an_existing_issue_and_a_bad_id(
    capsys: pytest.CaptureFixture[str], workspace: Path
) -> None:
    before = (workspace / "issues" / "2024-01" / "issue.toml").read_bytes()
    code, out, err = _run(capsys, "new", "2024-01")
    assert (code, out) == (1, "")
    assert err == (
        f"spfcomms: error: {workspace / 'issues' / '2024-01' / 'issue.toml'} already exists; "
        "edit it instead\n"
    )
    assert (workspace / "issues" / "2024-01" / "issue.toml").read_bytes() == before
    code, _, err = _run(capsys, "new", "2024-13")
    assert code == 1
    assert "'2024-13' is not an issue id: use YEAR-MONTH, such as 2024-01" in err


def test_new_in_a_workspace_without_issues_starts_at_number_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "spfcomms.toml").write_text('[site]\nname = "Forum"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run(capsys, "new", "2025-07")
    assert (code, err) == (0, "")
    assert (tmp_path / "issues/2025-07/issue.toml").read_text("utf-8").startswith("number = 1\n")


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "spfcomms", "--version"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"spfcomms {spfcomms.__version__}\n")
    result = subprocess.run(
        [sys.executable, "-m", "spfcomms", "frobnicate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
