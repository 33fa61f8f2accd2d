"""axe-core, the reference accessibility engine, run inside the test Chromium.

axe-core comes from npm. It is looked for, in order, at ``$SPFCOMMS_AXE_JS``, in
``~/.cache/spfcomms-tests/axe/node_modules/axe-core/axe.min.js``, and otherwise installed
there with ``npm install axe-core`` (once; later runs reuse it). Without npm the tests
that need it skip, and fail under CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .requirements import require

AXE_VERSION = "4"
CACHE = Path.home() / ".cache" / "spfcomms-tests" / "axe"
SCRIPT = CACHE / "node_modules" / "axe-core" / "axe.min.js"
# Rules about a whole document, meaningless for a fragment (a snippet) shown on its own.
DOCUMENT_RULES = ("html-has-lang", "document-title", "landmark-one-main", "region",
                  "page-has-heading-one")


def find_axe() -> Path | None:
    """The axe.min.js to inject, installing it with npm when missing."""
    configured = os.environ.get("SPFCOMMS_AXE_JS")
    if configured and Path(configured).is_file():
        return Path(configured)
    if SCRIPT.is_file():
        return SCRIPT
    npm = shutil.which("npm")
    if npm is None:
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(CACHE),
         f"axe-core@{AXE_VERSION}"],
        check=False, capture_output=True, timeout=300,
    )
    return SCRIPT if SCRIPT.is_file() else None


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe.min.js."""
    path = find_axe()
    require(path is not None, "axe-core is not available (install Node.js and npm)")
    assert path is not None
    return path.read_text(encoding="utf-8")


class Axe:
    """One Chromium page with axe-core injected into every document it opens."""

    def __init__(self, browser: Any, source: str) -> None:
        self._page = browser.page()
        # An init script is parsed once per document without a round trip per page,
        # which is several times faster than add_script_tag after each navigation.
        self._page.context.add_init_script(script=source)

    def violations(self, url: str, *, fragment: bool = False) -> list[dict[str, Any]]:
        """axe's violations for the page at ``url`` (document-level rules off for fragments)."""
        self._page.goto(url, wait_until="load")
        options: dict[str, Any] = {"resultTypes": ["violations"]}
        if fragment:
            options["rules"] = {rule: {"enabled": False} for rule in DOCUMENT_RULES}
        result = self._page.evaluate("options => axe.run(document, options)", options)
        found: list[dict[str, Any]] = result["violations"]
        return found

    def close(self) -> None:
        self._page.context.close()


@pytest.fixture(scope="session")
def axe(browser: Any, axe_source: str) -> Iterator[Axe]:
    """axe-core ready to run in the session's Chromium."""
    runner = Axe(browser, axe_source)
    try:
        yield runner
    finally:
        runner.close()
