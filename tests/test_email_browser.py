"""The emails in real headless Chromium, at phone (375 px) and desktop (600 px) widths."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from spfcomms import Config, build, load_config, load_issues
from spfcomms.render.email import render_email
from spfcomms.workspace.collect import load_workspace

from .support.browser import Browser
from .support.bulletins import write_workspace
from .support.http import LoopbackServer
from .support.site import site_for

pytestmark = pytest.mark.browser
WIDTHS = (375, 600)

# Text elements whose colour contrast against their nearest background must be >= 4.5.
CONTRAST = """() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bg = el => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const el of document.querySelectorAll('p, li, h1, h2, h3, h4, a, strong')) {
    if (!el.textContent.trim() || el.closest('[style*="display:none"]')) continue;
    const a = lum(parse(getComputedStyle(el).color)), b = lum(bg(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < 4.5) worst.push([el.tagName, el.textContent.slice(0, 40), ratio.toFixed(2)]);
  }
  return worst;
}"""


def _write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / f"{name}.html"
    path.write_text(html, encoding="utf-8")
    return path


def _check(
    browser: Browser, path: Path, tmp_path: Path, published: tuple[str, Path] | None = None
) -> None:
    for width in WIDTHS:
        # Saved with the test's files (pytest's tmp_path) for a person to look at.
        shot = tmp_path / f"{path.stem}-{width}.png"
        report = browser.open(
            path.as_uri(), {"width": width, "height": 800}, screenshot=shot, published=published
        )
        assert not report.scrolls_sideways, f"{path.name} scrolls sideways at {width}px"
        assert not report.dialogs and not report.page_errors
        assert shot.stat().st_size > 10_000
    page = browser.page({"width": 600, "height": 800})
    try:
        page.goto(path.as_uri())
        images = page.evaluate("[...document.images].map(i => i.getAttribute('alt'))")
        assert all(alt is not None for alt in images)
        assert page.evaluate(CONTRAST) == []
        page.emulate_media(color_scheme="dark")
        assert page.evaluate(CONTRAST) == [], "dark mode"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != (
            "rgb(255, 255, 255)"
        )
        assert page.evaluate("document.querySelectorAll('script').length") == 0
    finally:
        page.context.close()


def test_repository_emails_fit_phone_and_desktop(
    browser: Browser, repo_config: Config, tmp_path: Path
) -> None:
    build(repo_config)
    published = (repo_config.url_for(""), repo_config.output_dir)
    for issue in load_workspace(repo_config).issues:
        email = repo_config.output_dir / issue.path / "email.html"
        _check(browser, email, tmp_path / issue.id, published)


def test_masthead_logo_loads_and_the_cards_line_up(
    browser: Browser, repo_config: Config
) -> None:
    build(repo_config)
    published = (repo_config.url_for(""), repo_config.output_dir)
    email = (repo_config.output_dir / "issues/2023-12/email.html").as_uri()
    facts: dict[str, Any] = {}
    for width in WIDTHS:
        browser.open(
            email,
            {"width": width, "height": 800},
            published=published,
            action=lambda page: facts.update(page.evaluate(LAYOUT)),
        )
        # The logo came from the build (the published address), at its set size.
        assert facts["logo"] == [52, 52], width
        # Case studies and news are cards of the same width with their text at the
        # same distance from the edge.
        case_study, news = facts["cards"]
        assert case_study == news, (width, facts["cards"])
        assert facts["title"]["right"] <= width


LAYOUT = """() => {
  const logo = document.querySelector('img');
  const card = id => {
    const h = document.getElementById(id), td = h.closest('td');
    const box = td.getBoundingClientRect();
    const text = h.getBoundingClientRect();
    return [Math.round(box.left), Math.round(box.width), Math.round(text.left)];
  };
  const title = document.querySelector('h1').getBoundingClientRect();
  return {
    logo: logo.complete && logo.naturalWidth ? [logo.width, logo.height] : null,
    cards: [card('north-east-spf'), card('news-2023-12-communications-review')],
    title: {right: Math.round(title.right)},
  };
}"""


def test_logo_url_is_decoration_beside_the_name_and_fits(
    browser: Browser, tmp_path: Path, http_server: LoopbackServer
) -> None:
    root = write_workspace(tmp_path / "ws", agenda_items=2)
    toml = root / "spfcomms.toml"
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5b1e1de0000000049454e44ae426082"
    )
    http_server.route("/logo.png", body=png, headers={"Content-Type": "image/png"})
    toml.write_text(
        toml.read_text().replace(
            'base_url = "https://forum.example.org/bulletin/"',
            'base_url = "https://forum.example.org/bulletin/"\n'
            f'logo_url = "{http_server.url}/logo.png"',
        )
    )
    config = load_config(root)
    workspace = load_workspace(config)
    site = site_for(config, workspace.issues)
    html = render_email(workspace.issues[0], site).html
    # The name is written beside the logo, so the logo says nothing more (alt=""),
    # and with images blocked the masthead still reads "Test Forum".
    masthead = re.search(r"<img [^>]*></td><td [^>]*>Test Forum</td>", html)
    assert masthead is not None and 'alt=""' in masthead.group(0)
    assert f'src="{http_server.url}/logo.png"' in masthead.group(0)
    _check(browser, _write(tmp_path, "logo", html), tmp_path)


def test_hostile_email_neither_runs_script_nor_scrolls_sideways(
    browser: Browser, tmp_path: Path
) -> None:
    root = write_workspace(tmp_path / "ws", hostile=True)
    config = load_config(root)
    issues, _ = load_issues(config.issues_dir)
    site = site_for(config, issues)
    html = render_email(issues[0], site).html
    _check(browser, _write(tmp_path, "hostile", html), tmp_path)
    page = browser.page({"width": 375, "height": 800})
    try:
        page.goto(_write(tmp_path, "hostile2", html).as_uri())
        hrefs = page.evaluate("[...document.links].map(a => a.href)")
        assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    finally:
        page.context.close()
