"""Output folders are replaced only when spfcomms wrote them (issue cases 1 to 3).

Every data-loss test takes a snapshot of every byte around the output folder first and
asserts, after the command, that all of it is still there.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from spfcomms import WriteError, load_config
from spfcomms.cli import main, make_parser
from spfcomms.commands.build import build
from spfcomms.output.writers import OutputTree

from .conftest import REPO
from .support.cli import news_workspace, run
from .support.http import LoopbackServer
from .support.mailchimp import API_KEY, FakeMailchimp
from .support.mailing_tools import LISTMONK_TOKEN, LISTMONK_USER, FakeListmonk
from .support.smtp import SmtpServer
from .support.workspace import CONFIG


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return news_workspace(tmp_path, monkeypatch)


Snapshot = dict[str, bytes | None]
MANIFEST_NAME = ".spfcomms-manifest.json"


def snapshot(root: Path) -> Snapshot:
    """Every file's bytes and every folder (None) under ``root``, by relative path."""
    found: Snapshot = {}
    for current, dirs, files in os.walk(root):
        base = Path(current)
        for name in dirs:
            found[(base / name).relative_to(root).as_posix() + "/"] = None
        for name in files:
            path = base / name
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def refused_in_one_line(code: int, err: str) -> str:
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("spfcomms: error: ") and "not replaced" in lines[0]
    return lines[0]


def user_folder(path: Path) -> Path:
    """A folder of someone's own that happens to hold an index.html."""
    (path / "photos").mkdir(parents=True)
    (path / "index.html").write_text("<h1>My home page</h1>\n", encoding="utf-8")
    (path / "photos" / "holiday.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (path / "thesis.docx").write_bytes(b"PK\x03\x04 four years of work")
    return path


# Case 1: report -o . in a workspace whose root holds an index.html


def test_report_into_the_workspace_root_deletes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "metrics", "init", "-q")[0] == 0
    (workspace / "index.html").write_text("<p>the team's landing page</p>\n", encoding="utf-8")
    (workspace / "examples").mkdir()
    (workspace / "examples" / "notes.txt").write_text("keep me\n", encoding="utf-8")
    before = snapshot(workspace)
    assert ".spfcomms/metrics.sqlite" in before and "issues/2024-01/story.md" in before

    line = refused_in_one_line(*run(capsys, "report", "-o", ".")[::2])
    assert f"{workspace}: not replaced: it is the workspace" in line
    assert snapshot(workspace) == before


# Case 2: build -o S and report -o S replace any folder holding an index.html


@pytest.mark.parametrize("command", ["build", "report"])
def test_a_folder_of_someone_elses_is_never_replaced(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    mine = user_folder(tmp_path / "S")
    before = snapshot(tmp_path)
    line = refused_in_one_line(*run(capsys, command, "-o", str(mine))[::2])
    assert "it was not written by spfcomms (photos/, thesis.docx)" in line
    assert "choose a new or empty output folder" in line
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["build", "report"])
def test_files_added_to_an_output_folder_stop_the_next_run(
    workspace: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    output = workspace / "out"
    assert run(capsys, command, "-o", str(output))[0] == 0
    (output / "photos").mkdir()
    (output / "photos" / "team.jpg").write_bytes(b"\xff\xd8 a photo someone put here")
    (output / "minutes.docx").write_bytes(b"PK\x03\x04 minutes")
    before = snapshot(output)
    line = refused_in_one_line(*run(capsys, command, "-o", str(output))[::2])
    assert "it holds files spfcomms did not write (minutes.docx, photos/)" in line
    assert "move them out of the folder" in line
    assert snapshot(output) == before


def test_a_site_and_an_audit_never_replace_each_other(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "build")[0] == 0
    assert run(capsys, "report")[0] == 0
    site, audit = snapshot(workspace / "_build"), snapshot(workspace / "_audit")
    line = refused_in_one_line(*run(capsys, "report", "-o", "_build")[::2])
    assert "it holds a spfcomms site output, not an audit" in line
    line = refused_in_one_line(*run(capsys, "build", "-o", "_audit")[::2])
    assert "it holds a spfcomms audit output, not a site" in line
    assert (snapshot(workspace / "_build"), snapshot(workspace / "_audit")) == (site, audit)


# Case 3: a metrics store inside the output folder


def test_a_metrics_store_inside_the_output_folder_is_never_deleted(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workspace / "spfcomms.toml").write_text(
        CONFIG + '\n[metrics]\nsqlite_path = "_build/metrics.sqlite"\n', encoding="utf-8"
    )
    assert run(capsys, "metrics", "init", "-q")[0] == 0
    before = snapshot(workspace)
    line = refused_in_one_line(*run(capsys, "build")[::2])
    store = workspace / "_build" / "metrics.sqlite"
    assert f"it holds the metrics store ({store})" in line
    assert snapshot(workspace) == before


def test_a_store_created_in_an_earlier_build_is_never_deleted(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(capsys, "build")[0] == 0
    monkeypatch.setenv("SPFCOMMS_DATABASE_URL", f"sqlite:///{workspace}/_build/figures.db")
    assert run(capsys, "metrics", "init", "-q")[0] == 0
    before = snapshot(workspace / "_build")
    line = refused_in_one_line(*run(capsys, "build")[::2])
    assert "it holds the metrics store" in line
    assert snapshot(workspace / "_build") == before


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        (".", "it is the workspace"),
        ("..", "it holds the workspace"),
        ("issues", "it is the workspace's issues folder"),
        ("issues/2024-01", "it lies inside the workspace's issues folder"),
        ("templates", "it is the workspace's templates folder"),
        ("templates/email", "it lies inside the workspace's templates folder"),
        (".spfcomms", "it holds the link-check cache"),
        ("spfcomms.toml", "is a file, not a folder"),
        ("spfcomms.toml/sub", "lies inside the file"),
    ],
)
def test_the_workspace_and_its_files_are_protected(
    workspace: Path, capsys: pytest.CaptureFixture[str], output: str, reason: str
) -> None:
    (workspace / "templates" / "email").mkdir(parents=True)
    (workspace / ".spfcomms").mkdir()
    (workspace / ".spfcomms" / "linkcheck.sqlite").write_bytes(b"SQLite format 3\x00")
    before = snapshot(workspace.parent)
    for command in ("build", "report"):
        code, out, err = run(capsys, command, "-o", output)
        assert code == 1 and out == ""
        assert reason in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert snapshot(workspace.parent) == before


# Staging folders left by a killed run


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_staging_folders_of_killed_runs_are_removed_by_the_next_run(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pid = dead_pid()
    left = [f"._build.new-{pid}-k2j3h4", f"._build.old-{pid}-x8y9", "._build.new-q1w2e3r4"]
    for name in left:
        (workspace / name / "items").mkdir(parents=True)
        (workspace / name / "items" / "index.html").write_text("half", encoding="utf-8")
    # A run still under way (this process) and names that are not staging folders stay.
    kept = [f"._build.new-{os.getpid()}-a1b2", "._build.notes", "._audit.new-1-x", "_build.old-1"]
    for name in kept:
        (workspace / name).mkdir()
    assert run(capsys, "build")[0] == 0
    assert not [name for name in left if (workspace / name).exists()]
    assert all((workspace / name).is_dir() for name in kept)


def test_a_killed_build_leaves_nothing_the_next_build_keeps(workspace: Path) -> None:
    # Kill a real build while it writes (SIGKILL, as the OOM killer or kill -9 would).
    script = (
        "import os, signal, sys\n"
        "from spfcomms.output import writers\n"
        "from spfcomms import build, load_config\n"
        "def die(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "writers._swap_into_place = die\n"
        "build(load_config(sys.argv[1]))\n"
    )
    killed = subprocess.run([sys.executable, "-c", script, str(workspace)], check=False)
    assert killed.returncode == -9
    [leftover] = [p.name for p in workspace.iterdir() if p.name.startswith("._build.new-")]
    assert (workspace / leftover / MANIFEST_NAME).is_file()
    build(load_config(workspace))
    assert sorted(p.name for p in workspace.iterdir() if "_build" in p.name) == ["_build"]


# Folders written before manifests existed


def test_an_earlier_build_without_a_manifest_is_still_replaced(workspace: Path) -> None:
    config = load_config(workspace)
    build(config)
    (config.output_dir / MANIFEST_NAME).unlink()
    # Builds without a manifest came before the topic and partners pages and the
    # sitemap: an earlier build is one without them.
    for name in ("partners", "topics"):
        shutil.rmtree(config.output_dir / name)
    for name in ("sitemap.xml", "robots.txt"):
        (config.output_dir / name).unlink()
    # An item that has since been removed from the workspace: still an earlier output.
    stale = config.output_dir / "items" / "removed-item" / "index.html"
    stale.parent.mkdir()
    stale.write_text("<p>old</p>", encoding="utf-8")
    build(config)
    assert not stale.exists()
    assert json.loads((config.output_dir / MANIFEST_NAME).read_text("utf-8"))["kind"] == "site"


def test_an_earlier_audit_without_a_manifest_is_still_replaced(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    audit = workspace / "_audit"
    (audit / "charts").mkdir(parents=True)
    for name in ("index.html", "issues.csv", "items.csv", "charts/reach.svg"):
        (audit / name).write_text("earlier", encoding="utf-8")
    assert run(capsys, "report")[0] == 0
    assert not (audit / "charts" / "reach.svg").exists()
    assert json.loads((audit / MANIFEST_NAME).read_text("utf-8"))["kind"] == "audit"


@pytest.mark.parametrize(
    "extra",
    ["notes.txt", "photos/me.jpg", "items/a/draft.docx", ".htaccess", "feeds/partner.pdf"],
)
def test_an_earlier_build_with_anything_else_in_it_is_refused(workspace: Path, extra: str) -> None:
    config = load_config(workspace)
    build(config)
    (config.output_dir / MANIFEST_NAME).unlink()
    (config.output_dir / extra).parent.mkdir(parents=True, exist_ok=True)
    (config.output_dir / extra).write_bytes(b"someone's")
    before = snapshot(config.output_dir)
    with pytest.raises(WriteError, match="it was not written by spfcomms"):
        build(config)
    assert snapshot(config.output_dir) == before


def test_a_manifest_that_spfcomms_did_not_write_does_not_count(tmp_path: Path) -> None:
    from spfcomms.output.ownership import OutputKind
    from spfcomms.output.writers import ForeignFolderError, claim_output_folder

    folder = user_folder(tmp_path / "S")
    (folder / MANIFEST_NAME).write_text('{"kind": "site", "files": []}', encoding="utf-8")
    with pytest.raises(ForeignFolderError, match="not written by spfcomms"):
        claim_output_folder(folder, OutputKind.SITE)


def test_an_absent_or_empty_folder_is_always_ours(tmp_path: Path) -> None:
    from spfcomms.output.ownership import MANIFEST_NAME as NAME
    from spfcomms.output.ownership import Manifest, OutputKind

    assert NAME == MANIFEST_NAME
    (tmp_path / "empty").mkdir()
    for folder in (tmp_path / "empty", tmp_path / "absent" / "deeper"):
        tree = OutputTree(OutputKind.AUDIT)
        tree.add("index.html", "x")
        tree.commit(folder)
        assert Manifest.read(folder) == Manifest(OutputKind.AUDIT, ("index.html",))


def test_a_symlink_in_an_output_folder_is_not_ours(tmp_path: Path) -> None:
    tree = OutputTree()
    tree.add("index.html", "x")
    tree.commit(tmp_path / "out")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "keep.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "out" / "linked").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(WriteError, match="did not write \\(linked\\)"):
        tree.commit(tmp_path / "out")
    assert (tmp_path / "elsewhere" / "keep.txt").read_text("utf-8") == "mine"


# Every command that writes a folder goes through the guard


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[str]:
    """Every command name of the parser, subcommands as ``metrics import``."""
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        yield prefix.strip()
        return
    for name, sub in actions[0].choices.items():
        yield from leaf_commands(sub, f"{prefix} {name}")


# How to point each command that writes a folder at ``out``.
FOLDER_WRITERS: dict[str, Callable[[Path, Path], list[str]]] = {
    "build": lambda ws, out: ["build", "-o", str(out)],
    "audit": lambda ws, out: ["audit", "-o", str(out)],
    "report": lambda ws, out: ["report", "-o", str(out)],
    "serve": lambda ws, out: [
        "serve",
        "--no-watch",
        "--port",
        "0",
        "-c",
        str(_aimed(ws, preview=out)),
    ],
}
# Options of those commands that make them write another folder.
FOLDER_WRITER_VARIANTS: dict[str, Callable[[Path, Path], list[str]]] = {
    "build --drafts": lambda ws, out: ["build", "--drafts", "-o", str(out)],
}


@dataclass
class Services:
    """Loopback servers the commands talk to, and the test's environment."""

    smtp: SmtpServer
    mailchimp: FakeMailchimp
    monkeypatch: pytest.MonkeyPatch


def _pull_from(ws: Path, services: Services) -> Path:
    services.monkeypatch.setenv("SPFCOMMS_MAILCHIMP_API_KEY", API_KEY)
    settings = ws / "spfcomms.toml"
    settings.write_text(
        CONFIG + f'[metrics]\nmailchimp_api_url = "{services.mailchimp.base_url}"\n', "utf-8"
    )
    return ws


def _publish_to(ws: Path, services: Services) -> Path:
    tool = FakeListmonk(services.mailchimp.server).install()
    services.monkeypatch.setenv("SPFCOMMS_LISTMONK_TOKEN", LISTMONK_TOKEN)
    (ws / "spfcomms.toml").write_text(
        CONFIG + f'[listmonk]\nurl = "{tool.base_url}"\napi_user = "{LISTMONK_USER}"\n'
        "list_ids = [3, 7]\n",
        "utf-8",
    )
    return ws


# The others, with arguments that make them do their work; none may replace a folder.
OTHER_COMMANDS: dict[str, Callable[[Path, Services], list[str]]] = {
    "publish": lambda ws, services: [
        "publish",
        "2024-01",
        "--to",
        "listmonk",
        "-c",
        str(_publish_to(ws, services)),
    ],
    "new": lambda ws, services: ["new", "2024-02"],
    "import": lambda ws, services: ["import", str(ws / "story.txt"), "--into", "2024-01"],
    "check": lambda ws, services: ["check", "--json", str(ws / "problems.jsonl")],
    "metrics pull": lambda ws, services: [
        "metrics",
        "pull",
        "mailchimp",
        "-c",
        str(_pull_from(ws, services)),
    ],
    "send-test": lambda ws, services: [
        "send-test",
        "2024-01",
        "--to",
        "me@example.org",
        "-c",
        str(_aimed(ws, smtp_port=services.smtp.port)),
    ],
    "metrics init": lambda ws, services: ["metrics", "init"],
    "metrics import": lambda ws, services: ["metrics", "import", str(ACCESS_LOG)],
    "metrics show": lambda ws, services: [
        "metrics",
        "show",
        "--csv",
        *([] if main(["metrics", "import", str(ACCESS_LOG)]) else []),
    ],
}
ACCESS_LOG = REPO / "examples" / "metrics" / "access-2023-12.log"


def _aimed(
    workspace: Path,
    output: Path | None = None,
    smtp_port: int = 25,
    *,
    preview: Path | None = None,
) -> Path:
    """The workspace, its settings rewritten with the output (or preview) folder and
    SMTP port."""
    text = CONFIG
    if output is not None or preview is not None:
        text += "[build]\n"
    if output is not None:
        text += f'output_dir = "{output}"\n'
    if preview is not None:
        text += f'preview_dir = "{preview}"\n'
    text += f'[email]\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\nsmtp_security = "none"\n'
    (workspace / "spfcomms.toml").write_text(text, encoding="utf-8")
    return workspace


def test_every_command_is_known_to_write_a_folder_or_not() -> None:
    commands = set(leaf_commands(make_parser()))
    assert commands == set(FOLDER_WRITERS) | set(OTHER_COMMANDS), (
        "a command was added or removed: list it in FOLDER_WRITERS (with how to point it "
        "at a folder) or in OTHER_COMMANDS"
    )


def _run_with_deadline(argv: list[str], seconds: float = 120) -> int:
    # serve blocks while it serves; a guard that let it start would hang, so give up.
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(main(argv)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{argv[0]} started on a folder it does not own"
    return result[0]


@pytest.mark.parametrize("command", sorted(FOLDER_WRITERS | FOLDER_WRITER_VARIANTS))
def test_every_folder_writer_refuses_folders_it_does_not_own(
    workspace: Path, tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for target in (user_folder(tmp_path / "S"), workspace, workspace / "issues"):
        argv = (FOLDER_WRITERS | FOLDER_WRITER_VARIANTS)[command](workspace, target)
        before = snapshot(tmp_path)
        code = _run_with_deadline(argv)
        refused_in_one_line(code, capsys.readouterr().err)
        assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", sorted(OTHER_COMMANDS))
def test_no_other_command_replaces_a_folder(
    workspace: Path,
    smtp_server: SmtpServer,
    http_server: LoopbackServer,
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (workspace / "story.txt").write_text(
        "Partnership pays off\n\nA trust and its unions agreed a new rota together.\n",
        encoding="utf-8",
    )
    services = Services(smtp_server, FakeMailchimp(http_server).load_fixtures(), monkeypatch)
    argv = OTHER_COMMANDS[command](workspace, services)
    folders = {p: p.stat().st_ino for p in workspace.rglob("*") if p.is_dir()}
    code = main(argv)
    assert code == 0, capsys.readouterr().err
    # Every folder that was there is still there, and is the same folder, not a new copy.
    assert {p: p.stat().st_ino for p in folders if p.is_dir()} == folders


# A preview (build --drafts, serve) is an output of its own kind: drafts never land in a
# published site's folder, and a published build never replaces a preview.


def test_a_preview_never_replaces_a_published_site_and_the_reverse(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, preview = tmp_path / "public", tmp_path / "review"
    assert run(capsys, "build", "-o", str(site))[0] == 0
    assert run(capsys, "build", "--drafts", "-o", str(preview))[0] == 0
    assert json.loads((preview / MANIFEST_NAME).read_bytes())["kind"] == "preview"
    before = snapshot(tmp_path)
    line = refused_in_one_line(*run(capsys, "build", "--drafts", "-o", str(site))[::2])
    assert "it holds a spfcomms site output, not a preview" in line
    line = refused_in_one_line(*run(capsys, "build", "-o", str(preview))[::2])
    assert "it holds a spfcomms preview output, not a site" in line
    assert snapshot(tmp_path) == before
    # Each kind still replaces its own.
    assert run(capsys, "build", "--drafts", "-o", str(preview))[0] == 0
    assert run(capsys, "build", "-o", str(site))[0] == 0


@pytest.mark.parametrize("where", ["_build", "_build/preview", "."])
def test_a_preview_is_not_the_published_folder_nor_inside_or_around_it(
    workspace: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    assert run(capsys, "build")[0] == 0
    before = snapshot(workspace)
    line = refused_in_one_line(*run(capsys, "build", "--drafts", "-o", where)[::2])
    assert "not replaced" in line
    assert snapshot(workspace) == before


def test_a_preview_folder_of_someone_elses_is_never_replaced(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Previews always had a manifest: without one, even a folder that looks like a
    # site is not taken for a preview.
    mine = tmp_path / "looks-built"
    mine.mkdir()
    (mine / "index.html").write_text("<h1>Our intranet page</h1>\n", encoding="utf-8")
    before = snapshot(tmp_path)
    line = refused_in_one_line(*run(capsys, "build", "--drafts", "-o", str(mine))[::2])
    assert "it was not written by spfcomms (index.html)" in line
    assert snapshot(tmp_path) == before
