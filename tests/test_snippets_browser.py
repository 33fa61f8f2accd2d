"""The partner page in real headless Chromium: it renders, fits, and runs nothing of ours."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from spfcomms import build, load_config

from .support.browser import DESKTOP, PHONE, Browser
from .support.feeds import DATA
from .support.partner import PARTNER_PAGE, embed

pytestmark = pytest.mark.browser

HOSTILE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner page with hostile snippets</title>
<style>
/* include: snippets/spfcomms-snippets.css */
/* end include */
</style></head>
<body>
<!-- include: snippets/latest-issue.html -->
<!-- end include -->
<!-- include: snippets/latest.html -->
<!-- end include -->
<!-- include: snippets/items/hostile-news.html -->
<!-- end include -->
<!-- include: snippets/items/hostile-meeting.html -->
<!-- end include -->
<!-- include: snippets/items/hostile-case.html -->
<!-- end include -->
<!-- include: snippets/news.html -->
<!-- end include -->
<!-- include: snippets/tags/retention.html -->
<!-- end include -->
</body></html>
"""


def _hover_and_focus_everything(page: Any) -> None:
    # Handlers such as onmouseover or onfocus only fire on interaction: fire them all.
    page.evaluate(
        """() => {
          for (const el of document.querySelectorAll('body *')) {
            for (const type of ['mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin']) {
              el.dispatchEvent(new Event(type, {bubbles: true}));
            }
            if (typeof el.focus === 'function') el.focus();
          }
        }"""
    )
    page.keyboard.press("Tab")
    page.wait_for_timeout(50)


def _assert_nothing_ran(
    browser: Browser, url: str, viewports: tuple[dict[str, int], ...] = (PHONE, DESKTOP)
) -> None:
    flags: list[Any] = []

    def interact(page: Any) -> None:
        _hover_and_focus_everything(page)
        flags.append(page.evaluate("typeof window.__xss"))
        schemes = page.evaluate(
            "() => [...document.querySelectorAll('[href], [src]')]"
            ".map(e => (e.href || e.src || '').split(':')[0])"
        )
        # No javascript:, data: or vbscript: URL survives anywhere on the page.
        assert set(schemes) <= {"https", "http", "file", "mailto"}, (url, set(schemes))

    for viewport in viewports:
        flags.clear()
        report = browser.open(url, viewport, action=interact)
        assert report.dialogs == [], report.dialogs
        assert report.console_errors == [], report.console_errors
        assert report.page_errors == [], report.page_errors
        assert flags == ["undefined"]


@pytest.fixture
def hostile_build(tmp_path: Path) -> Path:
    workspace = tmp_path / "hostile"
    shutil.copytree(DATA / "xss", workspace)
    config = load_config(workspace)
    build(config)
    return config.output_dir


def test_partner_page_renders_at_phone_and_desktop_widths(browser: Browser, tmp_path: Path) -> None:
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        shot = tmp_path / f"partner-{name}.png"
        report = browser.open(PARTNER_PAGE.as_uri(), viewport, screenshot=shot)
        assert not report.scrolls_sideways, (name, report.scroll_width, report.client_width)
        assert report.console_errors == [] and report.page_errors == []
        assert shot.stat().st_size > 10_000
    facts = browser.evaluate(
        PARTNER_PAGE.as_uri(),
        """() => {
          const roots = [...document.querySelectorAll('.spfc')];
          const card = document.querySelector('.spfc .spfc-title a');
          return {
            roots: roots.length,
            widest: Math.max(...roots.map(r => r.getBoundingClientRect().right)),
            page: document.documentElement.clientWidth,
            font: getComputedStyle(roots[0]).fontFamily,
            listStyle: getComputedStyle(document.querySelector('.spfc-items')).listStyleType,
            linkColor: getComputedStyle(card).color,
            titleTransform: getComputedStyle(document.querySelector('.spfc-heading')).textTransform,
            titleStyle: getComputedStyle(document.querySelector('.spfc-title')).fontStyle,
            summaryAlign: getComputedStyle(document.querySelector('.spfc-summary')).textAlign,
            dateVariant: getComputedStyle(document.querySelector('.spfc time')).fontVariantCaps,
            boxSizing: getComputedStyle(document.querySelector('.spfc-item')).boxSizing,
          };
        }""",
        PHONE,
    )
    assert facts["roots"] >= 5
    assert facts["widest"] <= facts["page"]
    # The snippet stylesheet wins over the partner's forceful styles inside .spfc only.
    assert "Georgia" not in facts["font"]
    assert facts["listStyle"] == "none"
    assert facts["linkColor"] == "rgb(0, 94, 184)"
    assert facts["titleTransform"] == "none"
    assert facts["titleStyle"] == "normal"
    assert facts["summaryAlign"] == "left"
    assert facts["dateVariant"] == "normal"
    assert facts["boxSizing"] == "border-box"


def test_xss_corpus_in_content_runs_nothing_in_embedded_snippets(
    browser: Browser, hostile_build: Path, tmp_path: Path
) -> None:
    page = tmp_path / "partner.html"
    page.write_text(
        embed(HOSTILE_PAGE, lambda p: (hostile_build / p).read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    assert "hostile-news" in page.read_text(encoding="utf-8")
    _assert_nothing_ran(browser, page.as_uri())
    report = browser.open(page.as_uri(), PHONE)
    assert not report.scrolls_sideways, (report.scroll_width, report.client_width)


def test_xss_corpus_runs_nothing_on_our_own_pages(browser: Browser, hostile_build: Path) -> None:
    # The issue page carries every hostile item; the archive every hostile title.
    for relative in ("index.html", "issues/2024-05/index.html", "items/hostile-news/index.html"):
        _assert_nothing_ran(browser, (hostile_build / relative).as_uri(), (DESKTOP,))


def test_the_browser_check_does_catch_script(browser: Browser, tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text('<p onmouseover="window.__xss=1">x</p><img src="x" onerror="alert(1)">')
    with pytest.raises(AssertionError):
        _assert_nothing_ran(browser, page.as_uri(), (DESKTOP,))
