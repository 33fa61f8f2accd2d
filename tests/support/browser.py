"""Real headless Chromium (Debian's package) driven by playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .requirements import require

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageReport:
    """What a page did when opened: console errors, dialogs, layout facts."""

    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    scroll_width: int = 0
    client_width: int = 0

    @property
    def scrolls_sideways(self) -> bool:
        return self.scroll_width > self.client_width + 1


class Browser:
    """One Chromium for the test session; a fresh context per page."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def open(
        self,
        url: str,
        viewport: dict[str, int],
        *,
        screenshot: Path | None = None,
        block_network: bool = True,
        action: Any = None,
        full_page: bool = True,
        published: tuple[str, Path] | None = None,
    ) -> PageReport:
        """Open ``url`` at ``viewport`` and report what happened.

        ``published`` is ``(base URL, build folder)``: requests for the site's published
        address (an email's logo) are answered from the build instead of the network.
        """
        context = self._browser.new_context(viewport=viewport)
        page = context.new_page()
        report = PageReport()
        if block_network:
            # Only local files and loopback servers; nothing leaves the machine.
            def route(r: Any) -> None:
                target = r.request.url
                if published is not None and target.startswith(published[0]):
                    local = published[1] / target[len(published[0]) :].split("?")[0]
                    if local.is_file():
                        r.fulfill(path=str(local))
                    else:
                        r.abort()
                elif target.startswith(
                    ("file:", "data:", "http://127.0.0.1", "http://localhost")
                ):
                    r.continue_()
                else:
                    r.abort()

            page.route("**/*", route)
        page.on(
            "console",
            lambda m: report.console_errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: report.page_errors.append(str(e)))

        def on_dialog(dialog: Any) -> None:
            report.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url, wait_until="load")
        page.wait_for_timeout(50)
        if action is not None:
            action(page)
        report.scroll_width = page.evaluate("document.documentElement.scrollWidth")
        report.client_width = page.evaluate("document.documentElement.clientWidth")
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=full_page)
        context.close()
        return report

    def evaluate(self, url: str, script: str, viewport: dict[str, int] | None = None) -> Any:
        """Open ``url`` and return the result of a JavaScript expression."""
        context = self._browser.new_context(viewport=viewport or DESKTOP)
        page = context.new_page()
        page.goto(url, wait_until="load")
        result = page.evaluate(script)
        context.close()
        return result

    def page(self, viewport: dict[str, int] | None = None) -> Any:
        """A fresh playwright page (close its context when done: page.context.close())."""
        return self._browser.new_context(viewport=viewport or DESKTOP).new_page()


def launch_browser() -> Iterator[Browser]:
    path = chromium_path()
    require(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - listed in the test extra
        require(False, "playwright is not installed")
        raise
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield Browser(browser)
        finally:
            browser.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    yield from launch_browser()
