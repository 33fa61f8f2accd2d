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
from .support.documents import DOCUMENTS
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
    assert "presenter: Catherine Hinwood, NHSE" in captured.out
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


# ---- month-only Key comms pages, and importing many sources at once ----


@pytest.mark.parametrize(
    ("name", "into", "issue", "item"),
    [
        ("web-kc-wider-2026-03.html", "2026-03", "2026-03", "wider-group-2026-03-11"),
        ("web-kc-wider-2026-03.txt", "auto", "2026-03", "wider-group-2026-03-11"),
        ("web-kc-wider-2025-11.html", "auto", "2025-12", "wider-group-2025-11"),
        ("web-kc-wider-2025-11.md", "2025-12", "2025-12", "wider-group-2025-11"),
    ],
)
def test_a_month_only_key_comms_page_imports_into_its_month_and_builds(
    workspace: Path, name: str, into: str, issue: str, item: str
) -> None:
    assert _import(workspace, str(DOCUMENTS / name), "--into", into) == 0
    text = (workspace / "issues" / issue / f"{item}.md").read_text()
    assert "Key comms: SPF Wider Group, " in text
    result = build(load_config(workspace))
    assert [p for p in result.problems if p.is_error] == []
    assert f"items/{item}/index.html" in {f.path for f in result.written}
    page = (workspace / f"_build/items/{item}/index.html").read_text()
    assert "Rebecca Smith" in page or "Jo Achebe" in page


BATCH = [
    "web-kc-wider-2026-03.html",
    "web-cs-example-valley.md",
    "web-news-staff-survey.html",
    "doc-kc-executive-undated.md",  # no date at all: cannot be filed with --into auto
    "missing.txt",
    "doc-kc-wider-2024-06.txt",
]


def _batch(workspace: Path, *extra: str) -> int:
    return _import(workspace, *(str(DOCUMENTS / n) for n in BATCH), "--into", "auto", *extra)


def test_a_batch_files_each_source_by_month_and_reports_the_bad_ones(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    news = str(DOCUMENTS / "doc-news-flexible-retirement.md")
    assert _import(workspace, news, "--into", "2024-01") == 0
    capsys.readouterr()
    assert _batch(workspace) == 1
    captured = capsys.readouterr()
    issues = workspace / "issues"
    listed = {
        folder.name: tomllib.loads((folder / "issue.toml").read_text())
        for folder in sorted(issues.iterdir())
    }
    assert {k: (v["number"], v["title"], v["items"]) for k, v in listed.items()} == {
        "2024-01": (
            1,
            "January 2024 bulletin",
            ["news-2024-01-new-guidance-on-flexible-retirement"],
        ),
        "2024-06": (2, "June 2024 bulletin", ["wider-group-2024-06-05"]),
        "2025-05": (
            3,
            "May 2025 bulletin",
            ["case-study-partnership-approach-to-safe-staffing"],
        ),
        "2026-03": (
            4,
            "March 2026 bulletin",
            ["wider-group-2026-03-11", "news-2026-03-staff-survey-shows-progress-on-flexible"],
        ),
    }
    assert str(listed["2026-03"]["date"]) == "2026-03-26"
    assert "6 sources: 4 imported into 3 issue(s) (4 created), 2 failed" in captured.out
    failures = [line for line in captured.err.splitlines() if line.startswith("failed: ")]
    assert len(failures) == 2
    assert "doc-kc-executive-undated.md: found no meeting date" in failures[0]
    assert "missing.txt: no such file" in failures[1]
    result = build(load_config(workspace))
    assert [p for p in result.problems if p.is_error] == []


def test_running_the_same_batch_again_changes_nothing(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _batch(workspace) == 1
    before = {p: p.read_bytes() for p in (workspace / "issues").rglob("*") if p.is_file()}
    capsys.readouterr()
    assert _batch(workspace) == 1
    after = {p: p.read_bytes() for p in (workspace / "issues").rglob("*") if p.is_file()}
    assert after == before
    assert "(4 unchanged), 2 failed" in capsys.readouterr().out


def test_a_failed_write_puts_everything_back(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from spfcomms.importers import workspace as importer_workspace

    real = importer_workspace.write_file_atomic
    written: list[Path] = []

    def full_disk(path: Path, data: str | bytes) -> None:
        if path.name == "issue.toml" and written:
            raise OSError(28, "No space left on device")
        written.append(path)
        real(path, data)

    monkeypatch.setattr(importer_workspace, "write_file_atomic", full_disk)
    assert _batch(workspace) == 1
    assert len(written) == 4  # every item file was written before the disk filled up ...
    assert list((workspace / "issues").iterdir()) == []  # ... and all were taken back
    err = capsys.readouterr().err
    assert "issue.toml: could not write (No space left on device); nothing was changed" in err


def test_the_same_document_twice_in_a_batch_is_imported_once(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(DOCUMENTS / "doc-kc-roles.md")
    assert _import(workspace, source, source, "--into", "auto") == 0
    issue = tomllib.loads((workspace / "issues/2024-12/issue.toml").read_text())
    assert issue["items"] == ["wider-group-2024-12-11"]
    assert "2 sources: 2 imported into 1 issue(s) (1 created, 1 unchanged), 0 failed" in (
        capsys.readouterr().out
    )


def test_two_different_documents_with_one_id_are_not_both_written(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The plain-text copy of this page lost the download link, so its item differs.
    first, second = (str(DOCUMENTS / f"web-kc-wider-2026-03.{ext}") for ext in ("html", "txt"))
    assert _import(workspace, first, second, "--into", "auto") == 1
    assert "'wider-group-2026-03-11' is also what" in capsys.readouterr().err
    text = (workspace / "issues/2026-03/wider-group-2026-03-11.md").read_text()
    assert "wider-group-key-comms-march-2026.pdf" in text


def test_batch_progress_is_reported_per_source(workspace: Path, tmp_path: Path) -> None:
    from spfcomms.commands.import_into import import_batch

    calls: list[tuple[int, int, str]] = []
    sources = [DOCUMENTS / "doc-kc-roles.md", tmp_path / "nope.md", DOCUMENTS / "doc-kc-roles.txt"]
    report = import_batch(
        load_config(workspace),
        sources,
        "2024-12",
        dry_run=True,
        progress=lambda done, total, name: calls.append((done, total, Path(name).name)),
    )
    assert calls == [(1, 3, "doc-kc-roles.md"), (2, 3, "nope.md"), (3, 3, "doc-kc-roles.txt")]
    assert [r.failed for r in report.sources] == [False, True, False]
    assert not (workspace / "issues/2024-12").exists()


def test_into_auto_or_a_month_is_required(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import(workspace, str(DOCUMENTS / "doc-kc-roles.md"), "--into", "later") == 2
    assert "must be YEAR-MONTH, such as 2024-01, or auto" in capsys.readouterr().err


def test_items_of_one_new_issue_are_dated_like_it_so_a_second_import_changes_nothing(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two meetings in June 2024, neither stating a publication date: both are dated like
    # the issue they create (its latest date), as they are when the issue already exists.
    other = tmp_path / "strategic.txt"
    other.write_text(
        "Key comms\n\nSPF Strategic Group\n\n20 June 2024\n\n"
        "Pay - Al Kerr, GMB\n\nAl set out the timetable.\n",
        encoding="utf-8",
    )
    sources = [str(DOCUMENTS / "doc-kc-wider-2024-06.md"), str(other)]
    assert _import(workspace, *sources, "--into", "auto") == 0
    folder = workspace / "issues/2024-06"
    before = {p.name: p.read_text() for p in folder.iterdir()}
    assert "\ndate = 2024-06-20\n" in before["wider-group-2024-06-05.md"]
    assert "\nmeeting_date = 2024-06-05\n" in before["wider-group-2024-06-05.md"]
    assert str(tomllib.loads(before["issue.toml"])["date"]) == "2024-06-20"
    capsys.readouterr()
    assert _import(workspace, *sources, "--into", "auto") == 0
    assert {p.name: p.read_text() for p in folder.iterdir()} == before
    assert "(2 unchanged), 0 failed" in capsys.readouterr().out


def test_an_old_prose_report_is_news_unless_a_meeting_summary_is_asked_for(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(DOCUMENTS / "web-news-wider-group-2018.html")
    assert _import(workspace, source, "--into", "auto", "--dry-run") == 0
    captured = capsys.readouterr()
    assert "news 'news-2018-03-wider-group-meets-to-discuss-the-nhs'" in captured.out
    assert "has no agenda items (no headings naming the items); imported as a news item" in (
        captured.err
    )
    assert _import(workspace, source, "--into", "2018-03", "--kind", "meeting-summary") == 1
    assert "found no agenda items" in capsys.readouterr().err
    assert not (workspace / "issues/2018-03").exists()


def test_a_page_of_nothing_but_furniture_is_a_clear_error(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "menu.txt"
    page.write_text(
        "Skip to main content\n\nHome\n\nAbout us\n\nNews\n\nContact us\n\n"
        "© Social Partnership Forum 2026\n",
        encoding="utf-8",
    )
    assert _import(workspace, str(page), "--into", "2026-03") == 1
    assert "menu.txt: nothing but page furniture (menus, footer)" in capsys.readouterr().err


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


def test_json_option_names_each_failed_source_of_a_batch(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "batch.jsonl"
    assert _batch(workspace, "--json", str(report)) == 1
    rows = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    failed = [row for row in rows if row["severity"] == "error"]
    assert [(Path(r["file"]).name, r["code"], r["line"]) for r in failed] == [
        ("doc-kc-executive-undated.md", "import-failed", None),
        ("missing.txt", "import-failed", None),
    ]
    assert failed[0]["message"].startswith("found no meeting date")
    printed = [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line]
    warnings = [f"{r['location']}: warning: {r['message']} [{r['code']}]" for r in rows]
    assert printed and set(printed) <= set(warnings)


def test_import_into_is_a_batch_of_one_for_scripts(workspace: Path) -> None:
    from spfcomms.commands.import_into import import_into
    from spfcomms.model.exceptions import ImportSourceError

    config = load_config(workspace)
    done = import_into(config, DOCUMENTS / "doc-kc-wider-2024-06.md", "auto")
    assert done.folder == workspace / "issues/2024-06"
    assert [(w.path.name, w.outcome.value) for w in done.written] == [
        ("wider-group-2024-06-05.md", "created"),
        ("issue.toml", "created"),
    ]
    assert done.changed
    again = import_into(config, DOCUMENTS / "doc-kc-wider-2024-06.md", "2024-06")
    assert [w.outcome.value for w in again.written] == ["unchanged"] and not again.changed
    with pytest.raises(ImportSourceError, match="missing.md: no such file"):
        import_into(config, DOCUMENTS / "missing.md", "2024-06")
    with pytest.raises(ImportSourceError, match="is already in issue 2024-06"):
        import_into(config, DOCUMENTS / "doc-kc-wider-2024-06.md", "2024-07", force=True)
    assert not (workspace / "issues/2024-07").exists()
