"""A clear error with exit code 1 (2 for a wrong command line) where a traceback was
(issue case 16)."""

from __future__ import annotations

import http.client
import shutil
from pathlib import Path

import pytest

from spfcomms import load_config
from spfcomms.commands.serve import PreviewServer

from .support.cli import run
from .support.postgres import start_postgres
from .support.smtp import free_port
from .support.workspace import CONFIG, ISSUE, NEWS, one_issue

ACCESS_LOG = (
    '203.0.113.9 - - [16/Jan/2024:10:00:00 +0000] "GET /bulletin/issues/2024-01/ HTTP/1.1" '
    '200 5120 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"\n'
)


def one_clear_line(code: int, err: str, expected: str) -> None:
    assert code == 1, err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("spfcomms: error:")]
    assert len(errors) == 1, err
    assert expected in errors[0]


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = one_issue(tmp_path / "ws", {"story": NEWS.format(id="news-story")})
    monkeypatch.chdir(root)
    (root / "access.log").write_text(ACCESS_LOG, encoding="utf-8")
    return root


# A damaged metrics store


def _damage(store: Path, how: str) -> None:
    data = store.read_bytes()
    for suffix in ("-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    if how == "zeroed header":
        store.write_bytes(bytes(100) + data[100:])
    elif how == "truncated":
        store.write_bytes(data[:3000])
    elif how == "not a database":
        store.write_text("figures,kept,by,hand\n1,2,3,4\n", encoding="utf-8")
    else:
        store.unlink()
        store.mkdir()


@pytest.mark.parametrize("how", ["zeroed header", "truncated", "not a database", "a folder"])
@pytest.mark.parametrize(
    "command",
    [["metrics", "show"], ["metrics", "import", "access.log"], ["metrics", "init"], ["report"]],
)
def test_a_damaged_sqlite_store_is_a_clear_error(
    workspace: Path, capsys: pytest.CaptureFixture[str], how: str, command: list[str]
) -> None:
    assert run(capsys, "metrics", "import", "access.log", "-q")[0] == 0
    store = workspace / ".spfcomms" / "metrics.sqlite"
    _damage(store, how)
    expected = (
        f"the metrics store {store} is a folder, not an SQLite file"
        if how == "a folder"
        else f"the metrics store {store} is not a readable SQLite database"
    )
    one_clear_line(*run(capsys, *command)[::2], expected)


def test_an_unreachable_postgresql_is_a_clear_error(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(
        "SPFCOMMS_DATABASE_URL", f"postgresql+psycopg://spf@127.0.0.1:{free_port()}/metrics"
    )
    for command in (["metrics", "init"], ["metrics", "show"], ["report"]):
        one_clear_line(*run(capsys, *command)[::2], "cannot use the metrics database")


def test_a_killed_postgresql_is_a_clear_error(
    workspace: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cluster = start_postgres()
    url = next(cluster)
    monkeypatch.setenv("SPFCOMMS_DATABASE_URL", url)
    assert run(capsys, "metrics", "import", "access.log", "-q")[0] == 0
    cluster.close()  # pg_ctl stop -m immediate: the server dies without a goodbye
    for command in (["metrics", "show"], ["metrics", "import", "access.log"], ["report"]):
        one_clear_line(*run(capsys, *command)[::2], "cannot use the metrics database")


# Output folders and ports


@pytest.mark.parametrize("output", ["story.txt/sub", "story.txt"])
def test_an_output_folder_inside_a_file_is_a_clear_error(
    workspace: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    (workspace / "story.txt").write_text("a file\n", encoding="utf-8")
    for command in ("build", "report"):
        one_clear_line(*run(capsys, command, "-o", output)[::2], "not a folder")
    assert (workspace / "story.txt").read_text("utf-8") == "a file\n"


@pytest.mark.parametrize("port", ["99999", "-1", "eighty"])
def test_a_port_out_of_range_is_a_usage_error(
    workspace: Path, capsys: pytest.CaptureFixture[str], port: str
) -> None:
    code, out, err = run(capsys, "serve", f"--port={port}")
    assert code == 2 and out == ""
    assert "argument --port:" in err and "is not a port number" in err
    assert "Traceback" not in err


def test_a_path_segment_too_long_for_the_file_system_gets_an_answer(workspace: Path) -> None:
    with PreviewServer(load_config(workspace), port=0, watch=False) as server:
        for path in ("/" + "a" * 300, "/issues/" + "%C3%A9" * 200 + "/index.html", "/%00x"):
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", path)
            response = connection.getresponse()
            assert (response.status, response.read()) == (404, b"not found\n")
            connection.close()
        # The server is still there.
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200


# Line breaks where one line belongs


@pytest.mark.parametrize("command", ["build", "check"])
@pytest.mark.parametrize("where", ["issue", "item"])
def test_a_line_break_in_a_title_is_a_problem_at_its_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], command: str, where: str
) -> None:
    folder = workspace / "issues" / "2024-01"
    if where == "issue":
        (folder / "issue.toml").write_text(
            ISSUE.format(items='["story"]').replace(
                'title = "January 2024"', 'title = "January\\r\\nBcc: everyone@example.org"'
            ),
            encoding="utf-8",
        )
        located = "issues/2024-01/issue.toml:3: error:"
    else:
        (folder / "story.md").write_text(
            NEWS.format(id="news-story").replace('"A news story"', '"A news\\nstory"'),
            encoding="utf-8",
        )
        located = "issues/2024-01/story.md:4: error:"
    code, out, err = run(capsys, command)
    assert code == 1 and "Traceback" not in err
    assert f"{located} field 'title' must be one line" in out + err
    assert "[multi-line-field]" in out + err


HEADER_SETTINGS = [
    ("site", "name"),
    ("email", "from_name"),
    ("email", "from_address"),
    ("email", "reply_to"),
    ("email", "to_address"),
    ("email", "list_id"),
    ("email", "subject_prefix"),
    ("email", "unsubscribe_url"),
    ("email", "unsubscribe_mailto"),
]


@pytest.mark.parametrize(("section", "key"), HEADER_SETTINGS)
@pytest.mark.parametrize("command", ["build", "check", "send-test"])
def test_a_line_break_in_an_email_header_setting_is_an_error_at_its_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], section: str, key: str, command: str
) -> None:
    settings = CONFIG.replace('name = "Test SPF"\n', "") + (
        f'\n[{section}]\n{key} = "bulletin@example.org\\r\\nBcc: everyone@example.org"\n'
        if section == "email"
        else ""
    )
    if section == "site":
        settings = settings.replace("[site]\n", '[site]\nname = "SPF\\nBcc: all@example.org"\n')
    (workspace / "spfcomms.toml").write_text(settings, encoding="utf-8")
    line = next(
        n for n, text in enumerate(settings.splitlines(), start=1) if text.startswith(f"{key} =")
    )
    argv = [command, *(["2024-01", "--to", "me@example.org"] if command == "send-test" else [])]
    code, out, err = run(capsys, *argv)
    assert code == 1 and "Traceback" not in err
    assert f"spfcomms.toml:{line}: [{section}].{key}: must be one line" in err


def test_a_workspace_copy_still_builds(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The checks above refuse bad values only: the plain workspace is untouched by them.
    shutil.copytree(workspace, workspace.parent / "copy")
    assert run(capsys, "build", "-c", str(workspace.parent / "copy"))[0] == 0


def test_a_link_with_a_port_out_of_range_is_a_problem_in_check_and_no_crash_elsewhere(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    story = workspace / "issues/2024-01/story.md"
    story.write_text(
        story.read_text("utf-8").replace("https://example.org/source", "https://example.org:99999/x"),
        "utf-8",
    )
    code, out, err = run(capsys, "check")
    assert code == 1 and "Traceback" not in err
    assert "issues/2024-01/story.md:9: error:" in out + err
    assert "[malformed-link]" in out + err
    code, out, err = run(capsys, "build")
    assert code == 1 and "[malformed-link]" in out + err and "Traceback" not in err
    # A metrics import reads the workspace too: the same problem, not a traceback.
    code, out, err = run(capsys, "metrics", "import", "access.log")
    assert code == 1 and "[malformed-link]" in err and "Traceback" not in err


@pytest.mark.parametrize("url", ["https://example.org:99999/x", "https://[::1/x"])
def test_url_matching_takes_a_malformed_address_as_written(url: str) -> None:
    from spfcomms.checks.linkextract import normalise_url
    from spfcomms.metrics.urls import match_key

    assert normalise_url(url) == url
    key, fragment = match_key(url + "#part")
    assert fragment == "part" and key.startswith("example.org:99999" if "99999" in url else "[")
