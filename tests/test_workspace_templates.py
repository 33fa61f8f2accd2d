"""The repository's own templates/: how a workspace changes the look, not the content.

The same workspace is built with its overrides (masthead, footer, colours) and
without them (the package's defaults): both build and pass every check, the pages say
the same things, and only the look differs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from spfcomms import build, load_config
from spfcomms.commands.check import check_workspace

from .conftest import REPO
from .support.axe import Axe

OVERRIDES = ("email", "web", "theme")


def test_the_repository_overrides_only_files_the_package_has() -> None:
    package = REPO / "spfcomms" / "_templates"
    overrides = [
        p.relative_to(REPO / "templates")
        for p in (REPO / "templates").rglob("*")
        if p.is_file() and p.parts[len(REPO.parts) + 1] in OVERRIDES
    ]
    assert len(overrides) >= 6
    # An override has the name of a default template, or it would never be used.
    assert [p for p in overrides if not (package / p).is_file()] == []


@pytest.fixture
def two_builds(repo_workspace: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The repository workspace built with its templates/ and without the overrides."""
    plain = tmp_path / "plain"
    shutil.copytree(repo_workspace, plain)
    for folder in OVERRIDES:
        shutil.rmtree(plain / "templates" / folder)  # the logo (templates/assets) stays
    outputs = []
    for root in (repo_workspace, plain):
        config = load_config(root)
        assert list(build(config).problems) == []
        assert list(check_workspace(config).all_problems()) == []
        outputs.append(config.output_dir)
    return outputs[0], outputs[1]


def _main(path: Path) -> str:
    main = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("main")
    assert main is not None
    return str(main)


def test_overrides_change_the_look_and_leave_the_content(two_builds: tuple[Path, Path]) -> None:
    house, plain = two_builds
    pages = sorted(p.relative_to(house) for p in house.rglob("index.html"))
    assert pages == sorted(p.relative_to(plain) for p in plain.rglob("index.html"))
    for page in pages:
        if page.parts[0] == "snippets":
            continue
        assert _main(house / page) == _main(plain / page), page
    issue = Path("issues/2023-12/index.html")
    house_page, plain_page = ((root / issue).read_text() for root in two_builds)
    assert '<header class="site-header band">' in house_page
    assert '<header class="site-header">' in plain_page
    assert "brings together NHS employers, trade unions" in house_page
    assert "brings together NHS employers, trade unions" not in plain_page
    house_css, plain_css = ((root / "assets/style.css").read_text() for root in two_builds)
    assert "--accent: #005eb8" in house_css and "--accent: #0f5f6e" in plain_css


def test_overrides_change_the_email_masthead_footer_and_colours(
    two_builds: tuple[Path, Path],
) -> None:
    house, plain = (
        (root / "issues/2023-12/email.html").read_text(encoding="utf-8") for root in two_builds
    )
    assert 'background:#003087' in house and 'background:#134e5e' in plain
    assert 'background:#00a499' in house and 'background:#00a499' not in plain
    assert "Know someone who should read this?" in house
    assert "Know someone who should read this?" not in plain
    for email in (house, plain):
        assert "In this issue" in email and "Forward" in email
        assert "Unsubscribe from the Social Partnership Forum bulletin" in email


@pytest.mark.browser
def test_the_default_look_is_accessible_too(two_builds: tuple[Path, Path], axe: Axe) -> None:
    _, plain = two_builds
    serious = [
        f"{page}: {v['id']}"
        for page in ("issues/2023-12/index.html", "partners/index.html", "topics/index.html")
        for v in axe.violations((plain / page).as_uri())
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
