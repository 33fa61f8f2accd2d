"""Our accessibility checks against the reference engine, axe-core, in real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from spfcomms import build, load_config
from spfcomms.checks.outputs import check_html
from spfcomms.model.problems import SourceLocation

from .support.axe import Axe

pytestmark = pytest.mark.browser

FIXTURES = Path(__file__).parent / "data" / "checks" / "a11y-violations"
# axe-core rule id -> the spfcomms check code that looks for the same fault.
AXE_TO_SPFCOMMS = {
    "image-alt": "missing-alt",
    "link-name": "empty-link",
    "color-contrast": "low-contrast",
    "html-has-lang": "missing-lang",
    "heading-order": "heading-skip",
}


def _is_fragment(path: Path) -> bool:
    start = path.read_text(encoding="utf-8").lstrip()[:20].lower()
    return not start.startswith(("<!doctype", "<html"))


def test_every_built_page_snippet_and_email_has_no_serious_axe_violation(
    repo_workspace: Path, axe: Axe
) -> None:
    config = load_config(repo_workspace)
    build(config)
    pages = sorted(config.output_dir.rglob("*.html"))
    assert len(pages) >= 9
    serious = []
    for page in pages:
        for violation in axe.violations(page.as_uri(), fragment=_is_fragment(page)):
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                serious.append(f"{page.relative_to(config.output_dir)}: {violation['id']} "
                               f"({violation['impact']}) {targets}")
    assert serious == []


def _axe_codes(axe: Axe, path: Path) -> set[str]:
    violations = axe.violations(path.as_uri())
    return {AXE_TO_SPFCOMMS[v["id"]] for v in violations if v["id"] in AXE_TO_SPFCOMMS}


def _our_codes(path: Path) -> set[str]:
    problems = check_html(path.read_text(encoding="utf-8"), SourceLocation(path))
    return {p.code for p in problems} & set(AXE_TO_SPFCOMMS.values())


def test_axe_and_spfcomms_flag_the_same_known_violations(axe: Axe) -> None:
    page = FIXTURES / "violations.html"
    assert _axe_codes(axe, page) == set(AXE_TO_SPFCOMMS.values())
    assert _our_codes(page) == set(AXE_TO_SPFCOMMS.values())


def test_axe_and_spfcomms_both_pass_the_corrected_page(axe: Axe) -> None:
    page = FIXTURES / "clean.html"
    assert _axe_codes(axe, page) == set()
    assert _our_codes(page) == set()
