"""The stylesheet: text colours readable in light and dark mode (WCAG AA), with the
package's default colours and with the repository's own (templates/theme/colours.j2)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from spfcomms.model.config import Config
from spfcomms.render.templating import make_environment, render_template

from .conftest import REPO


def _stylesheet(root: Path) -> str:
    """The web pages' stylesheet as a build of the workspace at ``root`` renders it."""
    return render_template(make_environment(Config(root=root)), "assets/style.css")


# The package's defaults (a folder without templates/) and the SPF's own colours.
STYLESHEETS = {"default": _stylesheet(Path(__file__).parent), "repository": _stylesheet(REPO)}
CSS = STYLESHEETS["default"]


def _variables(block: str) -> dict[str, str]:
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", block))


def _palettes(css: str = CSS) -> dict[str, dict[str, str]]:
    light = _variables(css.split("@media (prefers-color-scheme: dark)")[0])
    dark_block = css.split("@media (prefers-color-scheme: dark)")[1].split("}\n}")[0]
    return {"light": light, "dark": {**light, **_variables(dark_block)}}


def test_the_two_stylesheets_differ_only_where_the_workspace_says() -> None:
    default, spf = _palettes(STYLESHEETS["default"]), _palettes(STYLESHEETS["repository"])
    assert default["light"]["accent"] != spf["light"]["accent"]
    assert spf["light"]["masthead"] == "#003087"
    assert ".site-header.band" in STYLESHEETS["repository"]
    assert ".site-header.band" not in STYLESHEETS["default"]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("stylesheet", sorted(STYLESHEETS))
@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("text", ["text", "muted", "accent", "accent-visited"])
@pytest.mark.parametrize("background", ["bg", "panel"])
def test_text_colours_have_at_least_4_5_to_1_contrast(
    stylesheet: str, mode: str, text: str, background: str
) -> None:
    palette = _palettes(STYLESHEETS[stylesheet])[mode]
    assert contrast(palette[text], palette[background]) >= 4.5


@pytest.mark.parametrize("stylesheet", sorted(STYLESHEETS))
def test_masthead_text_is_readable_on_the_masthead(stylesheet: str) -> None:
    palette = _palettes(STYLESHEETS[stylesheet])["light"]
    assert contrast(palette["masthead-text"], palette["masthead"]) >= 4.5


def test_the_focus_style_is_visible_on_both_backgrounds() -> None:
    focus = re.search(r"a:focus-visible \{([^}]*)\}", CSS)
    assert focus is not None
    background = re.search(r"background: (#[0-9a-f]{6})", focus.group(1))
    colour = re.search(r"color: (#[0-9a-f]{6})", focus.group(1))
    assert background and colour
    assert contrast(colour.group(1), background.group(1)) >= 4.5
    for palette in _palettes().values():
        # The focus highlight must stand out from the page (non-text contrast, 3:1) in
        # at least one of its two parts, the yellow fill or the dark underline.
        assert (
            max(
                contrast(background.group(1), palette["bg"]),
                contrast(colour.group(1), palette["bg"]),
            )
            >= 3
        )
