"""Papercuts a new user met on the way to publishing; each test failed before its fix.

The network tests run spfcomms in a network namespace of its own (``unshare -rn``):
nothing it sends can leave the machine, and name lookups and connections fail as they
do on a laptop with no network.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from spfcomms.cli import main

from .support.importers import IMPORT_DATA
from .support.requirements import require


def _spfcomms(
    *argv: str, cwd: Path, offline: bool = False, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "spfcomms", *argv]
    if offline:
        command = ["unshare", "--user", "--map-root-user", "--net", *command]
    env = {k: v for k, v in os.environ.items() if not k.startswith("SPFCOMMS_")}
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def _require_unshare() -> None:
    usable = (
        shutil.which("unshare") is not None
        and subprocess.run(
            ["unshare", "--user", "--map-root-user", "--net", "true"],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    require(usable, "unshare cannot make a network namespace here")


def test_check_links_offline_says_unchecked_and_records_nothing_as_broken(
    repo_workspace: Path,
) -> None:
    _require_unshare()
    done = _spfcomms("check", "--links", "--json", "links.jsonl", cwd=repo_workspace, offline=True)
    assert done.returncode == 0, done.stdout + done.stderr
    rows = [json.loads(line) for line in (repo_workspace / "links.jsonl").read_text().splitlines()]
    external = [r for r in rows if r["type"] == "link" and r["status"] != "ok"]
    assert external and all(r["status"] == "unchecked" for r in external), external
    fetched = [r for r in external if r["uri"].startswith("http")]
    assert fetched and all(
        r["message"] == "unchecked (offline): cannot resolve the host name" for r in fetched
    )
    assert "broken:" not in done.stdout
    store = repo_workspace / ".spfcomms" / "linkcheck.sqlite"
    with sqlite3.connect(store) as db:
        assert db.execute("select count(*) from link_results").fetchone() == (0,)


def test_an_offline_import_says_why_in_words(tmp_path: Path) -> None:
    _require_unshare()
    (tmp_path / "spfcomms.toml").write_text('[site]\nname = "Forum"\n')
    (tmp_path / "issues").mkdir()
    done = _spfcomms(
        "import",
        "https://www.socialpartnershipforum.org/news/",
        "--into",
        "2024-01",
        cwd=tmp_path,
        offline=True,
    )
    assert done.returncode == 1
    assert done.stderr == (
        "spfcomms: error: https://www.socialpartnershipforum.org/news/: cannot connect "
        "(cannot resolve the host name)\n"
    )


def test_check_before_any_build_names_source_files_that_exist(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert not (repo_workspace / "_build").exists()
    assert (
        main(["-c", str(repo_workspace), "-v", "check", "--json", str(repo_workspace / "c.jsonl")])
        == 0
    )
    rows = [json.loads(line) for line in (repo_workspace / "c.jsonl").read_text().splitlines()]
    places = {place for r in rows if r["type"] == "link" for place in r["locations"]}
    missing = sorted(p for p in places if not (repo_workspace / p.split(":")[0]).is_file())
    assert missing == []
    unsubscribe = next(r for r in rows if r.get("uri", "").endswith("/newsletter/unsubscribe"))
    toml_lines = (repo_workspace / "spfcomms.toml").read_text().splitlines()
    line = next(n for n, text in enumerate(toml_lines, 1) if text.startswith("unsubscribe_url"))
    assert unsubscribe["locations"] == [f"spfcomms.toml:{line}"]
    assert "_build/" not in capsys.readouterr().out


def test_the_advice_for_a_folder_without_issue_toml_works(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_workspace)
    folder = repo_workspace / "issues" / "2024-02"
    folder.mkdir()
    story = (repo_workspace / "issues/2023-12/news-2023-12-communications-review.md").read_text()
    (folder / "news-2024-02-survey.md").write_text(
        story.replace(
            'id = "news-2023-12-communications-review"', 'id = "news-2024-02-survey"'
        ).replace("date = 2023-12-14", "date = 2024-02-01")
    )
    assert main(["check"]) == 1
    assert "missing issue.toml; run 'spfcomms new 2024-02'" in capsys.readouterr().out
    assert main(["new", "2024-02"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:2] == [
        "Created issues/2024-02/issue.toml",
        "Listed the item files already there (news-2024-02-survey); put them in reading "
        "order in issue.toml.",
    ]
    issue = (folder / "issue.toml").read_text()
    assert 'items = ["news-2024-02-survey"]' in issue
    assert sorted(p.name for p in folder.iterdir()) == ["issue.toml", "news-2024-02-survey.md"]
    main(["check"])
    assert "no-issue-file" not in capsys.readouterr().out


@pytest.mark.parametrize("where", ["issue.toml", "item"])
def test_an_impossible_date_is_called_that(
    repo_workspace: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if where == "issue.toml":
        path = repo_workspace / "issues/2023-12/issue.toml"
        path.write_text(path.read_text().replace("date = 2023-12-14", "date = 2023-12-32"))
    else:
        path = repo_workspace / "issues/2023-12/north-east-spf.md"
        path.write_text(path.read_text().replace("\ndate = 2023-12-", "\ndate = 2023-12-32\n#", 1))
    assert main(["-c", str(repo_workspace), "check"]) == 1
    out = capsys.readouterr().out
    assert "'date': 2023-12-32 is not a valid date; write it as YYYY-MM-DD, such as " in out
    assert "Expected newline" not in out


@pytest.mark.parametrize(
    "argv",
    [
        ("check",),
        ("build",),
        ("metrics", "show"),
        ("serve", "--port", "0"),
        ("new", "2024-01"),
        ("publish", "2024-01", "--to", "mailchimp"),
    ],
)
def test_outside_a_workspace_every_command_refuses_in_one_line(
    tmp_path: Path, argv: tuple[str, ...]
) -> None:
    done = _spfcomms(*argv, cwd=tmp_path, timeout=30)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"spfcomms: error: no spfcomms.toml in {tmp_path} or any folder above: this is not a "
        "spfcomms workspace. Run spfcomms in the workspace folder, name it with -c, or create "
        "spfcomms.toml there with a [site] name and base_url\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_serve_without_issues_stops_with_one_message(tmp_path: Path) -> None:
    (tmp_path / "spfcomms.toml").write_text('[site]\nname = "Forum"\n')
    done = _spfcomms("serve", "--port", "0", cwd=tmp_path, timeout=30)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"spfcomms: error: {tmp_path / 'issues'}: no issues folder; create it or run "
        "'spfcomms new YYYY-MM'\n"
    )


def test_no_internal_steps_or_argparse_defaults_are_shown(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-c", str(repo_workspace), "metrics", "show"]) == 1
    err = capsys.readouterr().err
    assert "->" not in err and "schema" not in err
    for command in ("serve", "build"):
        assert main([command, "--help"]) == 0
        shown = capsys.readouterr().out
        assert "(default: True)" not in shown and "(default: False)" not in shown


def test_quiet_quietens_new_and_import(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-c", str(repo_workspace), "-q", "new", "2024-02"]) == 0
    assert capsys.readouterr().out == ""
    source = str(IMPORT_DATA / "news.html")
    assert main(["-c", str(repo_workspace), "-q", "import", source, "--into", "2024-03"]) == 0
    assert capsys.readouterr().out == ""
    assert (repo_workspace / "issues/2024-03/issue.toml").is_file()
