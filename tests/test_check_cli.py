"""``spfcomms check`` end to end on copies of the repository's workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from spfcomms import ContentError, load_config
from spfcomms.cli import main
from spfcomms.commands.check import check_workspace
from spfcomms.render.site import render_site
from spfcomms.workspace.collect import load_workspace

from .support.http import LoopbackServer

NEWS = Path("issues/2023-12/news-2023-12-communications-review.md")
# Tests reach no address outside loopback: every other link is ignored.
OFFLINE = "\n[linkcheck]\ntimeout = 2.0\nignore = ['^https?://(?!127\\.0\\.0\\.1)']\n"
FEEDS = ("feed.xml", "atom.xml", "feed.json")


def _append(workspace: Path, relpath: Path, text: str) -> int:
    """Append lines to a content file; return the line number of the first one."""
    path = workspace / relpath
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines) + "\n" + text)
    return len(lines) + 1


def _settings(workspace: Path, text: str) -> None:
    with (workspace / "spfcomms.toml").open("a") as stream:
        stream.write(text)


def test_repository_workspace_passes_every_check(repo_workspace: Path) -> None:
    config = load_config(repo_workspace)
    report = check_workspace(config)
    # Feeds are linked from every page; until the feed renderer is in the build their
    # absence is the one thing allowed to be reported.
    out = render_site(load_workspace(config))
    missing = [name for name in FEEDS if name not in out]
    allowed = [f"] {config.url_for(name)} — " for name in missing]
    unexpected = [
        str(p)
        for p in report.all_problems()
        if not (p.code == "broken-link" and any(a in p.message for a in allowed))
    ]
    assert unexpected == []


def test_unfinished_text_is_reported_at_the_markdown_line(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _append(
        repo_workspace,
        NEWS,
        "Figures for 2023 TODO.\n\nLorem ipsum dolor sit.\n\nRead the minutes at [link].\n",
    )
    code = main(["check", "-c", str(repo_workspace)])
    output = capsys.readouterr().out
    assert code == 1
    assert f"{NEWS}:{line}: error: unfinished text: 'Figures for 2023 TODO.' [todo]" in output
    assert f"{NEWS}:{line + 2}: error: placeholder text 'lorem ipsum'" in output
    assert f"{NEWS}:{line + 4}: error: placeholder '[link]'" in output
    # Found in the content, so not reported again at the pages it appears on.
    assert "_build/" not in "".join(
        row for row in output.splitlines() if "[todo]" in row or "[lorem-ipsum]" in row
    )


def test_severity_override_turns_an_error_into_a_warning(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _append(repo_workspace, NEWS, "Venue TBC.\n")
    _settings(
        repo_workspace, '\n[checks]\nseverity = { todo = "warning", broken-link = "ignore" }\n'
    )
    assert main(["check", "-c", str(repo_workspace)]) == 0
    output = capsys.readouterr().out
    assert f"{NEWS}:{line}: warning: unfinished text: 'Venue TBC.' [todo]" in output
    assert "[broken]" not in output
    assert main(["check", "--strict", "-c", str(repo_workspace)]) == 1


def test_ignore_severity_drops_the_problem(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(repo_workspace, NEWS, "Venue TBC.\n")
    _settings(
        repo_workspace, '\n[checks]\nseverity = { todo = "ignore", broken-link = "ignore" }\n'
    )
    assert main(["check", "-c", str(repo_workspace)]) == 0
    assert "[todo]" not in capsys.readouterr().out


@pytest.fixture
def linked_workspace(repo_workspace: Path, http_server: LoopbackServer) -> tuple[Path, int]:
    http_server.route("/minutes", 200, "<p>minutes</p>")
    line = _append(
        repo_workspace,
        NEWS,
        f"The [minutes]({http_server.url}/minutes) and the "
        f"[old agenda]({http_server.url}/old-agenda) are online.\n",
    )
    _settings(repo_workspace, OFFLINE + '\n[checks]\nseverity = { insecure-link = "ignore" }\n')
    return repo_workspace, line


def test_links_option_reports_broken_link_at_its_source_line(
    linked_workspace: tuple[Path, int],
    http_server: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    workspace, line = linked_workspace
    report = tmp_path / "check.jsonl"
    code = main(["check", "--links", "--json", str(report), "-c", str(workspace)])
    output = capsys.readouterr().out
    assert code == 1
    assert (
        f"{NEWS}:{line}: error: [broken] {http_server.url}/old-agenda — 404 Not Found"
        in output.splitlines()
    )
    assert "broken: " in output
    rows = [json.loads(row) for row in report.read_text().splitlines()]
    links = {row["uri"]: row for row in rows if row["type"] == "link"}
    entry = links[f"{http_server.url}/old-agenda"]
    assert set(entry) >= {"uri", "status", "code", "message", "locations", "checked_at"}
    assert (entry["status"], entry["code"], entry["locations"]) == (
        "broken",
        404,
        [f"{NEWS}:{line}"],
    )
    assert links[f"{http_server.url}/minutes"]["status"] == "ok"


def test_second_check_makes_no_request_for_fresh_results(
    linked_workspace: tuple[Path, int],
    http_server: LoopbackServer,
) -> None:
    workspace, _ = linked_workspace
    main(["check", "--links", "-q", "-c", str(workspace)])
    hits = sum(http_server.hits.values())
    assert hits >= 2
    main(["check", "--links", "-q", "-c", str(workspace)])
    assert sum(http_server.hits.values()) == hits
    assert (workspace / ".spfcomms" / "linkcheck.sqlite").is_file()


def test_without_links_option_nothing_is_requested(
    linked_workspace: tuple[Path, int],
    http_server: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    workspace, _ = linked_workspace
    main(["check", "-c", str(workspace)])
    assert sum(http_server.hits.values()) == 0
    assert "unchecked" in capsys.readouterr().out


def test_issue_argument_limits_the_report_to_that_issue(repo_workspace: Path) -> None:
    _append(repo_workspace, NEWS, "Venue TBC.\n")
    config = load_config(repo_workspace)
    other = check_workspace(config, issue_id="2023-06")
    assert not [p for p in other.problems if p.code == "todo"]
    assert all("2023-12" not in str(loc) for r in other.link_results for loc in r.locations)
    this = check_workspace(config, issue_id="2023-12")
    assert [p.code for p in this.problems if p.code == "todo"] == ["todo"]


def test_unknown_issue_is_an_error(
    repo_workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "2031-01", "-c", str(repo_workspace)]) == 1
    assert "no issue '2031-01'" in capsys.readouterr().err


def test_check_reads_dates_in_the_workspace_time_zone_as_build_does(tmp_path: Path) -> None:
    # 23:30 in New York on 31 January is already 1 February in London.
    (tmp_path / "spfcomms.toml").write_text(
        '[site]\nbase_url = "https://example.org/b/"\ntimezone = "Europe/London"\n'
    )
    folder = tmp_path / "issues" / "2024-01"
    folder.mkdir(parents=True)
    (folder / "issue.toml").write_text(
        'number = 1\ndate = 2024-01-15\ntitle = "January"\nitems = ["late"]\n'
    )
    (folder / "late.md").write_text(
        '+++\nkind = "news"\nid = "late"\ntitle = "Late news"\n'
        'date = 2024-01-31T23:30:00-05:00\nsummary = "Filed late."\n+++\n\nThe story.\n'
    )
    config = load_config(tmp_path)
    with pytest.raises(ContentError) as built:
        load_workspace(config)
    report = check_workspace(config)
    codes = [p.code for p in built.value.problems]
    assert codes == ["date-outside-issue"]
    assert [p.code for p in report.all_problems() if p.is_error] == codes
