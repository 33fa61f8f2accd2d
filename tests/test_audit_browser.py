"""The audit page in real Chromium: phones, desktops, print, axe-core, and its PDF.

The page must read on a 375 px phone without the page scrolling sideways (a wide table
or chart scrolls in its own box), with chart text of 11 px or more; open with no console
error and no request for anything (counted); pass axe-core with no serious or critical
violation; and print to a PDF of A4 pages with each section on a new page and no table
cut by a page break. The PDF is checked through its tags: Chromium tags every table,
and each piece of a table's content records the page it was drawn on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .support.audit_fixture import fourteen_months, main
from .support.axe import Axe
from .support.browser import DESKTOP, PHONE, Browser
from .support.pdf import outline, page_count, table_pages

pytestmark = pytest.mark.browser

SECTIONS = [
    "1. Objectives and targets",
    "2. What we published",
    "3. Whom it reached",
    "4. What people engaged with",
    "5. Change over time",
    "6. Health of the bulletin",
    "7. Data quality and sources",
    "8. Findings and recommendations",
]


@pytest.fixture(scope="module")
def audit_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture's audit with its PDF, written by the command line."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        patch.delenv("SPFCOMMS_DATABASE_URL", raising=False)
        root = fourteen_months(tmp_path_factory.mktemp("audit-browser") / "workspace")
        out = root.parent / "audit"
        argv = ["-q", "-c", str(root), "audit", "--from", "2024-01", "--to", "2024-07",
                "--pdf", "-o", str(out)]  # fmt: skip
        assert main(argv) == 0
        yield out


CHART_TEXT = """() => [...document.querySelectorAll('svg.chart-svg text')].map(t => {
  const size = parseFloat(getComputedStyle(t).fontSize);
  const scale = t.getScreenCTM().a;
  return [t.textContent, size * scale];
})"""
BOXES = """() => [...document.querySelectorAll('.table-wrap, .chart-box')].map(
  b => [b.scrollWidth > b.clientWidth + 1, getComputedStyle(b).overflowX])"""


def _visit(browser: Browser, url: str, viewport: dict[str, int], shot: Path) -> dict[str, Any]:
    page = browser.page(viewport)
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url == url else r.abort())
    page.goto(url, wait_until="load")
    page.wait_for_timeout(100)
    found = {
        "requests": [r for r in requests if r != url],
        "errors": errors,
        "widths": page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        ),
        "chart_text": page.evaluate(CHART_TEXT),
        "boxes": page.evaluate(BOXES),
    }
    page.screenshot(path=str(shot), full_page=True)
    page.context.close()
    return found


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_the_page_reads_on_a_phone_and_a_desktop_and_asks_for_nothing(
    audit_dir: Path, browser: Browser, tmp_path: Path, name: str, viewport: dict[str, int]
) -> None:
    url = (audit_dir / "index.html").as_uri()
    shot = tmp_path / f"audit-{name}-{viewport['width']}.png"
    seen = _visit(browser, url, viewport, shot)
    assert seen["requests"] == []  # counted: not one request beyond the page itself
    assert seen["errors"] == []
    scroll, client = seen["widths"]
    assert scroll <= client + 1, f"the page scrolls sideways at {viewport['width']} px"
    sizes = [size for _, size in seen["chart_text"]]
    assert len(sizes) > 100
    assert min(sizes) >= 11, [t for t in seen["chart_text"] if t[1] < 11][:5]
    assert shot.stat().st_size > 50_000
    if name == "phone":
        # The wide tables scroll inside their own box, which can scroll.
        scrolling = [overflow for wide, overflow in seen["boxes"] if wide]
        assert scrolling and set(scrolling) == {"auto"}


def test_axe_core_finds_no_serious_or_critical_violation(audit_dir: Path, axe: Axe) -> None:
    found = axe.violations((audit_dir / "index.html").as_uri())
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_the_pdf_has_every_section_each_on_a_new_page_and_no_table_cut(audit_dir: Path) -> None:
    pdf = audit_dir / "audit.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    entries = outline(pdf)
    sections = [e for e in entries if e.title[:2] in {f"{n}." for n in range(1, 9)} and
                e.depth == 1]  # fmt: skip
    assert [e.title for e in sections] == SECTIONS
    starts = [e.page for e in sections]
    assert starts == sorted(set(starts)) and starts[0] >= 1  # each on a page of its own
    tables = table_pages(pdf)
    assert len(tables) >= 25
    cut = [n for n, pages in enumerate(tables) if len(pages) != 1]
    assert cut == [], f"tables cut by a page break: {[sorted(tables[n]) for n in cut]}"
    assert page_count(pdf) >= len(SECTIONS) + 1
