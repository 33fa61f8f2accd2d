"""Checks of the built output: each has a fixture that trips it and one that passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from spfcomms import load_config
from spfcomms.checks.contrast import contrast_ratio, parse_colour, stylesheet_contrast
from spfcomms.checks.outputs import check_html, check_outputs
from spfcomms.model.problems import SourceLocation
from spfcomms.output.writers import OutputTree

HTML = Path(__file__).parent / "data" / "checks" / "html"
CASES = sorted({p.name.split(".")[0] for p in HTML.glob("*.html")})


def _code(case: str) -> str:
    return "low-contrast" if case.startswith("low-contrast") else case


@pytest.mark.parametrize("case", CASES)
def test_check_trips_on_its_bad_fixture(case: str) -> None:
    path = HTML / f"{case}.bad.html"
    problems = check_html(path.read_text(), SourceLocation(Path(path.name)))
    assert _code(case) in {p.code for p in problems}, [str(p) for p in problems]


@pytest.mark.parametrize("case", CASES)
def test_check_passes_its_good_fixture(case: str) -> None:
    path = HTML / f"{case}.good.html"
    problems = check_html(path.read_text(), SourceLocation(Path(path.name)))
    assert [str(p) for p in problems] == []


def test_output_problem_names_the_output_file_and_line() -> None:
    path = HTML / "missing-alt.bad.html"
    problems = check_html(path.read_text(), SourceLocation(Path("_build/x/index.html")))
    assert [str(p) for p in problems] == [
        "_build/x/index.html:6: error: image chart.png has no alt attribute "
        '(use alt="" for decoration) [missing-alt]'
    ]


def test_contrast_ratio_matches_wcag_reference_values() -> None:
    white = parse_colour("#fff")
    assert white is not None
    assert contrast_ratio((0, 0, 0), white) == pytest.approx(21.0)
    # #767676 is the lightest grey that passes 4.5:1 on white; #777777 fails.
    grey_pass, grey_fail = parse_colour("#767676"), parse_colour("rgb(119, 119, 119)")
    assert grey_pass is not None and grey_fail is not None
    assert contrast_ratio(grey_pass, white) >= 4.5 > contrast_ratio(grey_fail, white)


def test_stylesheet_contrast_checks_both_palettes_through_custom_properties() -> None:
    css = (
        ":root { --text: #1d2226; --bg: #ffffff; }\n"
        "@media (prefers-color-scheme: dark) {\n"
        "  :root { --text: #3a3a3a; --bg: #16191b; }\n"
        "}\n"
        "body { color: var(--text); background: var(--bg); }\n"
    )
    findings = list(stylesheet_contrast(css))
    assert [(f.scheme, f.line) for f in findings] == [("dark", 5)]


def test_packaged_stylesheet_meets_wcag_aa_in_light_and_dark() -> None:
    css = Path(__file__).parent.parent / "spfcomms" / "_templates" / "assets" / "style.css"
    assert list(stylesheet_contrast(css.read_text())) == []


def _tree(files: dict[str, bytes | str]) -> OutputTree:
    out = OutputTree()
    for path, data in files.items():
        out.add(path, data)
    return out


def test_email_size_warns_near_and_fails_over_gmail_clipping(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    page = '<!doctype html><html lang="en"><body><p>{}</p></body></html>'
    small = page.format("x" * 10_000)
    near = page.format("x" * 95 * 1024)
    over = page.format("x" * 110 * 1024)
    out = _tree(
        {
            "issues/2024-01/email.html": small,
            "issues/2024-02/email.html": near,
            "issues/2024-03/email.html": over,
        }
    )
    # One rule for build and check: clipped is a warning that --strict or
    # [checks].severity turns into an error.
    found = {(str(p.location), p.code, p.severity.value) for p in check_outputs(out, config)
             if p.code.startswith("email-")}
    assert found == {
        ("_build/issues/2024-02/email.html", "email-size", "warning"),
        ("_build/issues/2024-03/email.html", "email-clipped", "warning"),
    }


def test_email_size_is_skipped_when_there_is_no_email(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    out = _tree({"issues/2024-01/index.html": '<!doctype html><html lang="en"><p>x</p></html>'})
    assert [p for p in check_outputs(out, config) if p.code.startswith("email-")] == []


def test_feed_size_warns_over_the_configured_limit(tmp_path: Path) -> None:
    (tmp_path / "spfcomms.toml").write_text("[checks]\nfeed_size_warning_kb = 1\n")
    config = load_config(tmp_path)
    out = _tree({"feed.xml": "<rss>" + "x" * 2048 + "</rss>", "atom.xml": "<feed/>",
                 "feed.json": '{"items": []}'})
    found = [str(p.location) for p in check_outputs(out, config) if p.code == "feed-size"]
    assert found == ["_build/feed.xml"]


def test_template_problem_repeated_on_many_pages_is_reported_once(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    page = '<!doctype html><html lang="en"><body><img src="logo.png"></body></html>'
    out = _tree({f"items/{n}/index.html": page for n in ("a", "b", "c")})
    problems = [p for p in check_outputs(out, config) if p.code == "missing-alt"]
    assert len(problems) == 1
    assert str(problems[0].location) == "_build/items/a/index.html:1"
    assert problems[0].message.endswith("(and 2 more place(s))")


def test_hidden_preheader_text_is_not_judged_for_contrast() -> None:
    markup = (
        '<!doctype html><html lang="en"><body>\n'
        '<div style="display:none;font-size:1px;color:#ffffff;max-height:0px;opacity:0;">'
        "Preview: retention, sexual safety and violence prevention</div>\n"
        '<p style="color:#ffffff">Visible white text</p>\n</body></html>'
    )
    problems = check_html(markup, SourceLocation(Path("_build/issues/2023-12/email.html")))
    assert [(p.code, p.location.line) for p in problems] == [("low-contrast", 3)]
