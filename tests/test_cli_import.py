"""``spfcomms import``: writing items into a workspace, then checking and building it."""

from __future__ import annotations

import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from spfcomms import ContentError, build, load_config
from spfcomms.cli import main
from spfcomms.workspace.collect import load_workspace

from .conftest import REPO
from .support.importers import IMPORT_DATA


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh workspace: the repository's settings and templates, no issues yet."""
    root = tmp_path / "ws"
    (root / "issues").mkdir(parents=True)
    shutil.copy2(REPO / "spfcomms.toml", root / "spfcomms.toml")
    shutil.copytree(REPO / "templates", root / "templates")
    return root


def _import(workspace: Path, *args: str) -> int:
    return main(["-c", str(workspace), "import", *args])


def test_import_creates_the_issue_and_the_build_has_no_errors(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(IMPORT_DATA / "keycomms_variants.txt")
    assert _import(workspace, source, "--into", "2024-01") == 0
    for extra in ("case_study.txt", "news.html"):
        assert _import(workspace, str(IMPORT_DATA / extra), "--into", "2024-01") == 0
    folder = workspace / "issues" / "2024-01"
    issue = tomllib.loads((folder / "issue.toml").read_text())
    assert issue["items"] == [
        "wider-group-2024-01-10",
        "case-study-building-a-joint-wellbeing-offer-in-the-south-west",
        "news-2024-01-new-guidance-on-flexible-retirement",
    ]
    assert issue["number"] == 1 and str(issue["date"]) == "2024-01-18"
    result = build(load_config(workspace))
    assert [p for p in result.workspace.problems if p.is_error] == []
    paths = {f.path for f in result.written}
    assert "items/wider-group-2024-01-10/index.html" in paths
    assert "issues/2024-01/index.html" in paths
    page = (workspace / "_build/items/wider-group-2024-01-10/index.html").read_text()
    assert "Tomasz Wright" in page and "Flexible working in practice" in page
    out = capsys.readouterr().out
    assert "wider-group-2024-01-10.md: created" in out


def test_seed_import_then_check_reports_only_the_placeholder_links(
    workspace: Path, seeds: Path
) -> None:
    (seed,) = sorted(seeds.glob("000_*.txt"))
    assert _import(workspace, str(seed), "--into", "2023-12") == 0
    item_file = workspace / "issues/2023-12/wider-group-2023-12-06.md"
    lines = item_file.read_text().splitlines()
    with pytest.raises(ContentError) as caught:
        load_workspace(load_config(workspace))
    errors = [p for p in caught.value.problems if p.is_error]
    assert {p.code for p in errors} == {"placeholder-link"}
    assert len(errors) == 5
    for problem in errors:
        assert problem.location.path == item_file
        assert "](#)" in lines[(problem.location.line or 0) - 1]
    others = [p.code for p in caught.value.problems if not p.is_error]
    assert others == ["presenter-without-organisation"]


def test_case_study_seed_imports_and_builds_with_no_errors(workspace: Path, seeds: Path) -> None:
    (seed,) = sorted(seeds.glob("004_*.txt"))
    assert _import(workspace, str(seed), "--into", "2024-01") == 0
    result = build(load_config(workspace))
    assert [p for p in result.problems if p.is_error] == []
    (issue,) = result.workspace.issues
    (item,) = issue.items
    assert item.kind.value == "case-study"
    assert f"{item.path}index.html" in {f.path for f in result.written}
    assert f"{issue.path}email.html" in {f.path for f in result.written}


def test_seed_import_builds_once_placeholders_are_filled_in(workspace: Path, seeds: Path) -> None:
    (seed,) = sorted(seeds.glob("001_*.txt"))
    assert _import(workspace, str(seed), "--into", "2023-06") == 0
    item_file = workspace / "issues/2023-06/wider-group-2023-06-21.md"
    text = item_file.read_text().replace("](#)", "](https://www.socialpartnershipforum.org/)")
    item_file.write_text(text)
    result = build(load_config(workspace))
    assert [p for p in result.workspace.problems if p.is_error] == []
    assert "items/wider-group-2023-06-21/index.html" in {f.path for f in result.written}


def test_reimport_is_idempotent(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(IMPORT_DATA / "keycomms_variants.md")
    assert _import(workspace, source, "--into", "2024-01") == 0
    folder = workspace / "issues/2024-01"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    capsys.readouterr()
    assert _import(workspace, source, "--into", "2024-01") == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    out = capsys.readouterr().out
    assert "wider-group-2024-01-10.md: unchanged" in out
    assert "issue.toml" not in out


def test_an_edited_file_is_only_replaced_with_force(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(IMPORT_DATA / "keycomms_variants.txt")
    assert _import(workspace, source, "--into", "2024-01") == 0
    item_file = workspace / "issues/2024-01/wider-group-2024-01-10.md"
    edited = item_file.read_text().replace("short notice", "very short notice")
    item_file.write_text(edited)
    capsys.readouterr()
    assert _import(workspace, source, "--into", "2024-01") == 1
    assert item_file.read_text() == edited
    err = capsys.readouterr().err
    assert "already exists and differs from this import" in err and "--force" in err
    assert _import(workspace, source, "--into", "2024-01", "--force") == 0
    assert "very short notice" not in item_file.read_text()


def test_items_are_appended_to_an_existing_issue_file(workspace: Path) -> None:
    folder = workspace / "issues/2024-01"
    folder.mkdir()
    (folder / "issue.toml").write_text(
        '# January\nnumber = 60\ndate = 2024-01-25\ntitle = "January 2024"\n'
        'items = [\n  "news-x",  # the lead story\n]\nintro = "Hello."\n'
    )
    assert _import(workspace, str(IMPORT_DATA / "keycomms_variants.txt"), "--into", "2024-01") == 0
    text = (folder / "issue.toml").read_text()
    assert tomllib.loads(text)["items"] == ["news-x", "wider-group-2024-01-10"]
    assert text.startswith("# January\nnumber = 60\n") and 'intro = "Hello."' in text


def test_an_undated_item_takes_the_existing_issue_date(workspace: Path) -> None:
    folder = workspace / "issues/2024-01"
    folder.mkdir()
    (folder / "issue.toml").write_text('number = 2\ndate = 2024-01-25\ntitle = "J"\nitems = []\n')
    assert _import(workspace, str(IMPORT_DATA / "case_study.txt"), "--into", "2024-01") == 0
    text = (folder / "case-study-building-a-joint-wellbeing-offer-in-the-south-west.md").read_text()
    assert "\ndate = 2024-01-25\n" in text


def test_dry_run_prints_items_presenters_links_and_warnings_and_writes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str], seeds: Path
) -> None:
    (seed,) = sorted(seeds.glob("000_*.txt"))
    assert _import(workspace, str(seed), "--into", "2023-12", "--dry-run") == 0
    assert not (workspace / "issues/2023-12").exists()
    captured = capsys.readouterr()
    assert "meeting-summary 'wider-group-2023-12-06'" in captured.out
    assert "presenter: Catherine Hinwood, NHS England" in captured.out
    assert "link: letter -> # [line 29]  PLACEHOLDER" in captured.out
    assert "wider-group-2023-12-06.md: would be created" in captured.out
    assert "1 item(s), 6 warning(s); nothing was written (--dry-run)" in captured.out
    assert re.search(r"000_\w+\.txt:29: warning: placeholder link 'letter'", captured.err)


def test_dry_run_show_prints_the_file(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(IMPORT_DATA / "keycomms_variants.txt")
    assert _import(workspace, source, "--into", "2024-01", "--dry-run", "--show") == 0
    assert 'kind = "meeting-summary"' in capsys.readouterr().out


def test_a_bad_issue_id_is_a_usage_error(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(workspace, str(IMPORT_DATA / "news.html"), "--into", "January") == 2
    assert "must be YEAR-MONTH" in capsys.readouterr().err


def test_an_unreadable_source_is_an_error_with_the_reason(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(workspace, str(workspace / "missing.docx"), "--into", "2024-01") == 1
    assert "missing.docx: no such file" in capsys.readouterr().err


def test_kind_can_be_forced(workspace: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = str(IMPORT_DATA / "case_study.txt")
    assert _import(workspace, source, "--into", "2024-01", "--kind", "news", "--dry-run") == 0
    assert "news 'news-2024-01-" in capsys.readouterr().out


def test_an_item_already_in_another_issue_is_refused(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(IMPORT_DATA / "keycomms_variants.txt")
    assert _import(workspace, source, "--into", "2024-01") == 0
    assert _import(workspace, source, "--into", "2024-02", "--force") == 1
    assert "is already in issue 2024-01" in capsys.readouterr().err
    assert not (workspace / "issues/2024-02").exists()


def test_json_option_writes_the_import_problems_as_json_lines(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = IMPORT_DATA / "keycomms_variants.txt"
    report = tmp_path / "import.jsonl"
    assert _import(workspace, str(source), "--into", "2024-01", "--json", str(report)) == 0
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    printed = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    warnings = [row for row in rows if row["severity"] == "warning"]
    assert len(warnings) == len(printed) > 0
    assert {row["type"] for row in rows} == {"problem"}
    assert all(row["file"] == str(source) and isinstance(row["line"], int) for row in warnings)
    assert [f"{r['location']}: warning: {r['message']} [{r['code']}]" for r in warnings] == printed
    assert {row["severity"] for row in rows} <= {"warning", "note"}
