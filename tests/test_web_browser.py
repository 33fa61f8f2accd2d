"""Every page of the repository workspace's build, opened in real headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spfcomms import build, load_config

from .support.browser import DESKTOP, PHONE, Browser

pytestmark = pytest.mark.browser

# Facts about the page that accessibility rules are checked against.
PAGE_FACTS = """() => {
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .map(h => ({level: Number(h.tagName[1]), text: h.textContent.trim()}));
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  return {
    lang: document.documentElement.lang,
    headings,
    duplicateIds: ids.filter((id, i) => ids.indexOf(id) !== i),
    landmarks: ['header', 'main', 'footer', 'nav']
      .filter(tag => document.querySelector(tag) !== null),
    imagesWithoutAlt: [...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.src),
    brokenFragments: [...document.querySelectorAll('a[href^="#"]')]
      .map(a => a.getAttribute('href').slice(1))
      .filter(id => id && document.getElementById(id) === null),
  };
}"""


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from .conftest import REPO

    workspace = tmp_path_factory.mktemp("browser") / "workspace"
    workspace.mkdir()
    shutil.copy2(REPO / "spfcomms.toml", workspace)
    shutil.copytree(REPO / "issues", workspace / "issues")
    shutil.copytree(REPO / "templates", workspace / "templates")
    config = load_config(workspace)
    build(config)
    return config.output_dir


def _pages(site: Path) -> list[str]:
    # The site's own pages. Emails and partner snippets are not pages: they have no
    # landmarks of their own and are tested in test_email_browser / test_snippets_browser.
    return sorted(
        path
        for path in (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        if not path.endswith("/email.html") and not path.startswith("snippets/")
    )


def _skipped_levels(headings: list[dict[str, Any]]) -> list[str]:
    skipped = []
    previous = 0
    for heading in headings:
        if heading["level"] > previous + 1:
            skipped.append(f"h{previous} -> h{heading['level']} ({heading['text']})")
        previous = heading["level"]
    return skipped


def test_the_build_has_pages_to_open(built_site: Path) -> None:
    pages = _pages(built_site)
    assert "index.html" in pages
    assert "issues/2023-12/index.html" in pages
    # The partners page and the topic pages are opened like every other page.
    assert "partners/index.html" in pages
    assert "topics/index.html" in pages
    assert "topics/violence-prevention/index.html" in pages
    assert len(pages) >= 20


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-375", "desktop-1280"])
def test_every_page_fits_the_screen_without_errors_and_is_accessible(
    browser: Browser, built_site: Path, viewport: dict[str, int], tmp_path: Path
) -> None:
    failures: list[str] = []
    for relpath in _pages(built_site):
        facts: dict[str, Any] = {}
        shot = tmp_path / (relpath.replace("/", "_") + f"-{viewport['width']}.png")
        report = browser.open(
            (built_site / relpath).as_uri(),
            viewport,
            screenshot=shot,
            # Whole pages on the phone, where layout goes wrong; the first screen otherwise.
            full_page=viewport is PHONE,
            action=lambda page, facts=facts: facts.update(page.evaluate(PAGE_FACTS)),
        )
        assert shot.stat().st_size > 0
        problems = []
        if report.scrolls_sideways:
            problems.append(f"scrolls sideways ({report.scroll_width} > {report.client_width})")
        problems += [f"console error: {e}" for e in report.console_errors + report.page_errors]
        if not facts["lang"]:
            problems.append("no lang on <html>")
        h1s = [h for h in facts["headings"] if h["level"] == 1]
        if len(h1s) != 1:
            problems.append(f"{len(h1s)} h1 headings")
        problems += [f"skipped heading level {s}" for s in _skipped_levels(facts["headings"])]
        missing = {"header", "main", "footer", "nav"} - set(facts["landmarks"])
        if missing:
            problems.append(f"missing landmarks {sorted(missing)}")
        problems += [f"img without alt: {src}" for src in facts["imagesWithoutAlt"]]
        problems += [f"duplicate id: {i}" for i in facts["duplicateIds"]]
        problems += [f"link to missing fragment #{i}" for i in facts["brokenFragments"]]
        failures += [f"{relpath} at {viewport['width']} px: {p}" for p in problems]
    assert failures == []


def test_issue_page_nests_kind_item_agenda_item_and_sub_item_headings(
    browser: Browser, built_site: Path
) -> None:
    url = (built_site / "issues/2023-06/index.html").as_uri()
    levels = browser.evaluate(
        url,
        """(() => {
          const sub = document.querySelector('.agenda-subitem');
          const chain = [];
          for (let e = sub; e; e = e.parentElement.closest('section, article')) {
            const h = e.querySelector('h1,h2,h3,h4,h5,h6');
            chain.unshift(Number(h.tagName[1]));
          }
          return chain;
        })()""",
    )
    # issue (h1) > kind (h2) > item (h3) > agenda item (h4) > sub-item (h5)
    assert levels == [1, 2, 3, 4, 5]


def test_page_with_a_bad_page_would_fail_the_checks(browser: Browser, tmp_path: Path) -> None:
    # The checks above can fail: a page that is too wide and logs an error is caught.
    page = tmp_path / "wide.html"
    page.write_text(
        "<!doctype html><html><body><div style='width:2000px'>wide</div>"
        "<script>console.error('boom')</script></body></html>",
        encoding="utf-8",
    )
    report = browser.open(page.as_uri(), PHONE)
    assert report.scrolls_sideways
    assert report.console_errors == ["boom"]
