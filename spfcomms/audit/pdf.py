"""Printing the audit page to PDF with headless Chromium, through playwright.

The page is self-contained, so Chromium opens it from memory with every request
refused: the PDF is exactly the page, printed with its own print stylesheet (A4, each
section on a new page, no table cut by a page break where it fits on one page). The
PDF is tagged (its tables are tables to a screen reader) and has an outline of the
headings.

playwright is an optional extra (``pip install 'spfcomms[pdf]'``). Chromium is the one
named by ``SPFCOMMS_CHROMIUM``, else a ``chromium`` or ``google-chrome`` on the PATH,
else playwright's own (``python -m playwright install chromium``).
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..model.exceptions import SpfcommsError

logger = logging.getLogger(__name__)

CHROMIUM_ENV = "SPFCOMMS_CHROMIUM"
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class PdfError(SpfcommsError):
    """The PDF could not be printed (no playwright, no Chromium, or Chromium failed)."""


def chromium() -> str | None:
    """The Chromium to print with, or None for playwright's own."""
    named = os.environ.get(CHROMIUM_ENV, "").strip()
    if named:
        return named
    return next((found for name in _BROWSERS if (found := shutil.which(name))), None)


def print_pdf(html: str) -> bytes:
    """The page ``html`` printed to an A4 PDF; ``PdfError`` says what to install.

    Chromium is driven from a thread of its own: playwright's synchronous API refuses
    to run in a thread that has an event loop (a notebook, an async program)."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="spfcomms-pdf") as pool:
        return pool.submit(_print, html).result()


def _print(html: str) -> bytes:
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError(
            "--pdf needs playwright: pip install 'spfcomms[pdf]', and a Chromium (Debian: "
            "apt-get install chromium; or python -m playwright install chromium)"
        ) from None
    executable = chromium()
    refused: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=_ARGS)
            try:
                page = browser.new_context().new_page()

                def refuse(route: Any) -> None:
                    refused.append(route.request.url)
                    route.abort()

                page.route("**/*", refuse)
                page.set_content(html, wait_until="load")
                page.emulate_media(media="print")
                data: bytes = page.pdf(
                    format="A4",
                    print_background=True,
                    prefer_css_page_size=True,
                    tagged=True,
                    outline=True,
                )
            finally:
                browser.close()
    except PlaywrightError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        where = executable or "playwright's own Chromium"
        raise PdfError(
            f"Chromium ({where}) could not print the audit: {first}; install Chromium "
            f"(apt-get install chromium, or python -m playwright install chromium) or name "
            f"one in {CHROMIUM_ENV}"
        ) from None
    if refused:
        logger.warning("the audit page asked for %d resource(s); none was fetched", len(refused))
    return data
