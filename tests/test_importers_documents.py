"""Every fixture document, in every format, read exactly as it must be.

The fixtures are Key comms, case studies and news pages in the shapes the SPF has
published them: web pages with their furniture, month-only titles, presenters before
or after the title, agendas in tables or numbered lists. tests/support/documents.py
holds what each one must give; here each is imported from .txt, .md, .html and .docx,
and each web page also from a real HTTP server on 127.0.0.1.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from spfcomms.cli import main
from spfcomms.importers import (
    AnyImported,
    ImportedCaseStudy,
    ImportedMeeting,
    ImportResult,
    import_source,
    import_text,
    render_item,
)
from spfcomms.importers.writer import describe

from .conftest import REPO
from .support.documents import (
    CASE_STUDIES,
    DOCUMENTS,
    EXPECTED,
    FORMATS,
    WEB_PAGES,
    Expected,
    source,
)
from .support.fixture_copies import copies
from .support.golden import Golden
from .support.http import LoopbackServer


def _issue(expected: Expected) -> str:
    return f"{expected.date:%Y-%m}" if expected.into == "auto" else expected.into


def _check(result: ImportResult, expected: Expected, fmt: str) -> AnyImported:
    (item,) = result.items
    assert (item.kind.value, item.id, item.title, item.date) == (
        expected.kind,
        expected.id,
        expected.title,
        expected.date,
    )
    if isinstance(item, ImportedMeeting):
        assert (item.group, item.meeting_date, item.day_known) == (
            expected.group,
            expected.meeting_date,
            expected.day_known,
        )
        agenda = tuple(
            (0 if a in item.agenda else 1, a.title, a.presenters) for a in item.all_agenda_items()
        )
        assert agenda == expected.agenda_for(fmt)
    else:
        assert expected.agenda == ()
    if isinstance(item, ImportedCaseStudy):
        assert item.organisations == expected.organisations
        assert item.region == expected.region
        assert tuple(s.title for s in item.sections) == expected.sections
        assert item.contacts == expected.contacts
    assert tuple(m.code for m in result.warnings) == expected.warnings_for(fmt)
    assert tuple(link.url for link in item.links) == expected.links_for(fmt)
    text = render_item(item)
    for phrase in expected.text:
        assert phrase in text
    return item


CASES = [(name, fmt) for name in sorted(EXPECTED) for fmt in FORMATS]


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_each_fixture_is_read_exactly_in_each_format(name: str, fmt: str, tmp_path: Path) -> None:
    expected = EXPECTED[name]
    result = import_source(source(name, fmt, tmp_path), issue_id=_issue(expected))
    _check(result, expected, fmt)


@pytest.mark.parametrize(
    "name", [n for n in sorted(EXPECTED) if (DOCUMENTS / f"{n}.html").exists()]
)
def test_each_html_fixture_reads_the_same_from_a_loopback_url(
    name: str, http_server: LoopbackServer
) -> None:
    expected = EXPECTED[name]
    http_server.route(f"/{name}", body=(DOCUMENTS / f"{name}.html").read_bytes())
    result = import_source(f"{http_server.url}/{name}", issue_id=_issue(expected))
    assert result.source == f"{http_server.url}/{name}"
    _check(result, expected, "html")


def test_the_copies_of_each_fixture_are_made_from_its_original() -> None:
    stale = [
        path.name for path, text in copies().items() if path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "run 'python3 -m tests.support.fixture_copies' and review the diff"


def test_the_fixture_set_covers_every_shape_in_every_format() -> None:
    assert len(EXPECTED) >= 30
    assert len(WEB_PAGES) >= 8 and len(CASE_STUDIES) >= 8
    for name in EXPECTED:
        for fmt in ("txt", "md", "html"):
            assert (DOCUMENTS / f"{name}.{fmt}").is_file(), f"{name}.{fmt}"
    on_disk = {p.stem for p in DOCUMENTS.iterdir() if p.suffix in (".txt", ".md", ".html")}
    assert on_disk == set(EXPECTED), "every fixture document has its expectations"


@pytest.mark.parametrize("name", WEB_PAGES)
def test_no_page_furniture_reaches_the_item(name: str, tmp_path: Path) -> None:
    for fmt in FORMATS:
        expected = EXPECTED[name]
        (item,) = import_source(source(name, fmt, tmp_path), issue_id=_issue(expected)).items
        text = render_item(item)
        for furniture in (
            "cookies",
            "Skip to main content",
            "Share this page",
            "Facebook",
            "LinkedIn",
            "Privacy",
            "Accessibility",
            "Social Partnership Forum 20",
            "Promoting partnership working",
            "External link icon",
            "Meeting notes",
            "Case Study",
            "You are here",
            "Home ›",
        ):
            assert furniture not in text, (fmt, furniture)


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_dry_run_output_of_each_fixture_is_golden(
    name: str,
    fmt: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    golden: Golden,
) -> None:
    """What ``import --dry-run -v`` says, so a change in what is recognised shows in review."""
    workspace = tmp_path / "ws"
    (workspace / "issues").mkdir(parents=True)
    shutil.copy2(REPO / "spfcomms.toml", workspace / "spfcomms.toml")
    path = source(name, fmt, tmp_path)
    expected = EXPECTED[name]
    code = main(
        ["-c", str(workspace), "import", str(path), "--into", expected.into, "-v", "--dry-run"]
    )
    assert code == 0
    captured = capsys.readouterr()
    text = f"$ spfcomms import {path.name} --into {expected.into} --dry-run -v\n"
    text += captured.out + "--- standard error\n" + captured.err
    for folder, label in ((workspace, "WS"), (path.parent, "documents"), (tmp_path, "TMP")):
        text = text.replace(str(folder), label)
    assert not list((workspace / "issues").iterdir()), "a dry run writes nothing"
    golden.check(f"import/{name}.{fmt}.txt", text)


@pytest.mark.parametrize("name", WEB_PAGES)
def test_a_browser_copy_without_bullets_reads_the_same(name: str) -> None:
    # Some browsers copy list items, menus among them, as plain lines.
    expected = EXPECTED[name]
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    plain = import_text(
        re.sub(r"(?m)^[ \t]*• ", "", text), name=f"{name}.txt", issue_id=_issue(expected)
    )
    (item,) = plain.items
    (with_bullets,) = import_source(DOCUMENTS / f"{name}.txt", issue_id=_issue(expected)).items
    assert (item.id, item.title, item.date) == (expected.id, expected.title, expected.date)
    # The same agenda, presenters, sections and contacts; only lists become paragraphs.
    assert describe([item]) == describe([with_bullets])
