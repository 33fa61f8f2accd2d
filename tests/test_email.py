"""The email bulletin: MJML, HTML, plain text and .eml, from the content model."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from mjml import mjml2html

from spfcomms import Config, load_config, load_issues
from spfcomms.checks.sizes import size_problems
from spfcomms.commands.build import build
from spfcomms.model.exceptions import ContentError, MJMLError
from spfcomms.render import Site
from spfcomms.render.email import mjml_to_html, render_email
from spfcomms.render.eml import RenderedEmail, build_message, message_bytes
from spfcomms.render.mjml_check import MJMLStructureError, check_mjml
from spfcomms.workspace.collect import load_workspace

from .support.bulletins import LONG_WORD, write_workspace
from .support.golden import Golden
from .support.site import site_for

MAX_KB_PER_AGENDA_ITEM = 1.3
"""HTML per agenda item (docs/email.md): a 30-item bulletin stays near 50 KB."""


def _site(config: Config) -> Site:
    return site_for(config)


def _render(config: Config, issue_id: str) -> tuple[RenderedEmail, Site]:
    site = _site(config)
    issue = next(i for i in site.issues if i.id == issue_id)
    return render_email(issue, site), site


def test_mjml_python_is_the_mrml_binding() -> None:
    # Two PyPI packages install the import name "mjml"; only mjml-python has mjml2html.
    assert "<html" in mjml2html("<mjml><mj-body></mj-body></mjml>")


@pytest.mark.parametrize("issue_id", ["2023-06", "2023-12"])
def test_repository_emails_match_golden_files(
    repo_config: Config, golden: Golden, issue_id: str
) -> None:
    site = _site(repo_config)
    issue = next(i for i in site.issues if i.id == issue_id)
    rendered = render_email(issue, site)
    golden.check(f"email/{issue_id}.mjml", rendered.mjml)
    # The parts a build writes have their golden files in the site tree (test_build).
    built = f"site/issues/{issue_id}"
    golden.check(f"{built}/email.html", rendered.html)
    golden.check(f"{built}/email.txt", rendered.text)
    golden.check(f"{built}/email.eml", message_bytes(build_message(rendered, issue, repo_config)))


def test_build_writes_html_text_and_eml_per_issue(repo_config: Config) -> None:
    from spfcomms import build

    paths = {f.path for f in build(repo_config).written}
    for issue_id in ("2023-06", "2023-12"):
        for name in ("email.html", "email.txt", "email.eml"):
            assert f"issues/{issue_id}/{name}" in paths


def test_html_is_accessible_by_construction(repo_config: Config) -> None:
    rendered, _ = _render(repo_config, "2023-12")
    html = rendered.html
    assert '<html lang="en-GB" dir="ltr"' in html
    assert '<meta name="color-scheme" content="light dark"' in html
    assert "fonts.googleapis" not in html
    tables = re.findall(r"<table\b[^>]*>", html)
    assert tables and all('role="presentation"' in t for t in tables)
    headings = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
    assert headings[0] == 1 and headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(headings, headings[1:], strict=False)), headings
    assert all(" alt=" in img for img in re.findall(r"<img\b[^>]*>", html))
    for text in re.findall(r"<a\b[^>]*>(.*?)</a>", html):
        assert text.strip().lower() not in {"read more", "click here", "here", "more"}
    assert "Read more about Creating the North East SPF" in html
    assert "View this bulletin in your browser" in html
    assert "Unsubscribe from the Social Partnership Forum bulletin" in html


def test_agenda_items_show_presenters_and_organisations(repo_config: Config) -> None:
    rendered, _ = _render(repo_config, "2023-12")
    assert '<h3 id="wider-group-2023-12-06--retention-exemplars">Retention exemplars</h3>' in (
        rendered.html
    )
    assert "<strong>Em Wilkinson-Brice</strong> (NHS England)" in rendered.html
    assert "Presented by Em Wilkinson-Brice (NHS England) and Ronke Akerele (NHS England)" in (
        rendered.text
    )


def test_own_links_get_utm_tags_and_others_do_not(repo_config: Config) -> None:
    rendered, _ = _render(repo_config, "2023-12")
    hrefs = re.findall(r'href="([^"]+)"', rendered.html)
    # A feed's address is what readers subscribe to: it stays the same everywhere.
    own = [
        h
        for h in hrefs
        if "socialpartnershipforum.org/bulletin/" in h
        and "unsubscribe" not in h
        and not h.endswith("feed.xml")
    ]
    assert own and all(
        h.endswith("utm_source=spf-bulletin&amp;utm_medium=email&amp;utm_campaign=2023-12")
        for h in own
    )
    third_party = [h for h in hrefs if "england.nhs.uk" in h or "whiteribbon" in h]
    assert third_party and not any("utm_" in h for h in third_party)


def test_text_part_is_wrapped_underlined_and_numbers_its_links(repo_config: Config) -> None:
    rendered, _ = _render(repo_config, "2023-12")
    lines = rendered.text.splitlines()
    too_long = [line for line in lines if len(line) > 78 and "://" not in line]
    assert not too_long
    title = "December 2023: retention, sexual safety and violence prevention"
    index = lines.index(title)
    assert lines[index - 1] == lines[index + 1] == "=" * len(title)
    assert lines[lines.index("Retention exemplars") + 1] == "-" * len("Retention exemplars")
    assert "seven elements of the NHS People Promise [1]." in rendered.text
    assert (
        "[1] https://www.england.nhs.uk/our-nhs-people/online-version/lfaop/"
        "our-nhs-people-promise/the-promise/" in lines
    )
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\] ", rendered.text, re.MULTILINE)]
    assert numbers == list(range(1, len(numbers) + 1))
    assert "<" not in rendered.text  # built from the content, not scraped from HTML


def test_eml_is_multipart_alternative_with_list_headers(repo_config: Config) -> None:
    site = _site(repo_config)
    issue = site.issues[-1]
    rendered = render_email(issue, site)
    raw = message_bytes(build_message(rendered, issue, repo_config))
    assert raw == message_bytes(build_message(render_email(issue, site), issue, repo_config))
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg.get_content_type() == "multipart/alternative"
    parts = [p.get_content_type() for p in msg.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert msg["From"] == "Social Partnership Forum <bulletin@socialpartnershipforum.org>"
    assert msg["To"] == "SPF bulletin <bulletin-list@socialpartnershipforum.org>"
    assert msg["Subject"] == issue.title
    assert msg["Date"] == "Thu, 14 Dec 2023 09:00:00 +0000"
    assert re.fullmatch(r"<2023-12\.[0-9a-f]{16}@socialpartnershipforum\.org>", msg["Message-ID"])
    assert msg["List-Id"] == "SPF bulletin <bulletin.socialpartnershipforum.org>"
    assert msg["List-Unsubscribe"] == (
        "<mailto:bulletin-unsubscribe@socialpartnershipforum.org>, "
        "<https://www.socialpartnershipforum.org/newsletter/unsubscribe>"
    )
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = (p.get_content() for p in msg.iter_parts())
    assert text.replace("\r\n", "\n") == rendered.text
    assert html.replace("\r\n", "\n") == rendered.html
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))


def test_eml_without_https_unsubscribe_has_mailto_only(tmp_path: Path) -> None:
    root = write_workspace(tmp_path)
    toml = root / "spfcomms.toml"
    toml.write_text(
        toml.read_text().replace(
            'unsubscribe_url = "https://forum.example.org/newsletter/unsubscribe/"\n', ""
        )
    )
    config = load_config(root)
    site = _site(config)
    rendered = render_email(site.issues[0], site)
    msg = build_message(rendered, site.issues[0], config)
    assert msg["List-Unsubscribe"] == "<mailto:bulletin@forum.example.org?subject=unsubscribe>"
    assert msg["List-Unsubscribe-Post"] is None
    assert msg["To"] == "undisclosed-recipients:;"
    assert 'href="mailto:bulletin@forum.example.org?subject=unsubscribe"' in rendered.html


@pytest.mark.parametrize(
    ("source", "message", "line"),
    [
        (
            "<mjml><mj-body><mj-section><mj-colum></mj-colum></mj-section></mj-body></mjml>",
            "unknown MJML tag <mj-colum>",
            1,
        ),
        (
            "<mjml>\n<mj-body>\n<mj-text>hi</mj-text>\n</mj-body></mjml>",
            "<mj-text> is not allowed in <mj-body>",
            3,
        ),
        (
            "<mjml><mj-body><mj-section><mj-column>\n</mj-section></mj-body></mjml>",
            "</mj-section> does not close an open tag (expected </mj-column>)",
            2,
        ),
        ("<mjml><mj-body>", "<mj-body> opened here is never closed", 1),
        ("<mjml><mj-body><p>loose</p></mj-body></mjml>", "<p> outside an mj-text", 1),
        ("", "no <mjml> element", 1),
    ],
)
def test_mjml_check_reports_what_mrml_would_silently_drop(
    source: str, message: str, line: int
) -> None:
    with pytest.raises(MJMLStructureError) as caught:
        check_mjml(source)
    assert message in str(caught.value)
    assert caught.value.line == line


def test_mjml_failures_name_the_template() -> None:
    with pytest.raises(MJMLError) as caught:
        mjml_to_html("<mjml><mj-body><mj-foo/></mj-body></mjml>", template="email/x.mjml")
    assert str(caught.value) == (
        "email/x.mjml: invalid MJML: unknown MJML tag <mj-foo> (line 1 of the rendered MJML: "
        "'<mjml><mj-body><mj-foo/></mj-body></mjml>')"
    )
    with pytest.raises(MJMLError, match="email/y.mjml: the rendered email has an empty body"):
        mjml_to_html("<mjml><mj-body></mj-body></mjml>", template="email/y.mjml")


def test_mrml_value_errors_become_mjml_errors_naming_the_template() -> None:
    # mj-include passes the structure check, but mjml-python has no loader for it.
    source = '<mjml><mj-body><mj-include path="parts.mjml" /></mj-body></mjml>'
    with pytest.raises(MJMLError) as caught:
        mjml_to_html(source, template="email/z.mjml")
    assert str(caught.value).startswith("email/z.mjml: mjml-python refused the MJML: ")
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_broken_workspace_template_stops_the_build_naming_it(tmp_path: Path) -> None:
    root = write_workspace(tmp_path)
    override = root / "templates" / "email"
    override.mkdir(parents=True)
    (override / "_news.mjml").write_text("<mj-section><mj-txt>oops</mj-txt></mj-section>\n")
    with pytest.raises(MJMLError) as caught:
        build(load_config(root))
    assert "email/bulletin.mjml" in str(caught.value)
    assert "unknown MJML tag <mj-txt> (line " in str(caught.value)
    assert "<mj-section><mj-txt>oops</mj-txt>" in str(caught.value)


def test_empty_mrml_output_is_an_error_never_a_blank_email(tmp_path: Path) -> None:
    root = write_workspace(tmp_path)
    override = root / "templates" / "email"
    override.mkdir(parents=True)
    (override / "bulletin.mjml").write_text("<mjml><mj-body></mj-body></mjml>\n")
    config = load_config(root)
    issues, _ = load_issues(config.issues_dir)
    site = site_for(config, issues)
    with pytest.raises(MJMLError, match="empty body"):
        render_email(issues[0], site)


def _kb_per_item(tmp_path: Path, counts: tuple[int, ...]) -> dict[int, int]:
    sizes = {}
    for count in counts:
        root = write_workspace(tmp_path / str(count), agenda_items=count)
        config = load_config(root)
        site = _site(config)
        sizes[count] = render_email(site.issues[0], site).size
    return sizes


def test_each_agenda_item_costs_at_most_1_3_kb_of_html(tmp_path: Path) -> None:
    # Each agenda item adds its heading, presenters, text and links, and its line in
    # the contents list; the rest of the email is paid once.
    sizes = _kb_per_item(tmp_path, (10, 20, 30))
    per_item = (sizes[30] - sizes[10]) / 20 / 1024
    assert per_item <= MAX_KB_PER_AGENDA_ITEM, f"{per_item:.2f} KB per agenda item"
    assert sizes[30] / 1024 < 60, "a 30-item bulletin must stay well under Gmail's 102 KB"


def test_size_warnings_follow_the_configured_limits(tmp_path: Path) -> None:
    root = write_workspace(tmp_path, agenda_items=5)
    config = load_config(root)
    site = _site(config)
    issue = site.issues[0]
    rendered = render_email(issue, site)
    assert size_problems(rendered, issue, config) == []
    from dataclasses import replace

    kb = rendered.size // 1024
    near = replace(config, email=replace(config.email, size_warning_kb=kb - 1))
    assert [p.code for p in size_problems(rendered, issue, near)] == ["email-size"]
    over = replace(near, email=replace(near.email, size_error_kb=kb - 1))
    problems = size_problems(rendered, issue, over)
    assert [p.code for p in problems] == ["email-clipped"]
    assert "Gmail clips emails over" in problems[0].message


def test_an_oversized_email_fails_a_strict_build(tmp_path: Path) -> None:
    root = write_workspace(tmp_path, agenda_items=3)
    toml = root / "spfcomms.toml"
    toml.write_text(
        toml.read_text().replace("[email]\n", "[email]\nsize_warning_kb = 1\nsize_error_kb = 2\n")
    )
    config = load_config(root)
    assert [p.code for p in build(config).problems] == ["email-clipped"]
    (config.output_dir / "index.html").write_text("previous build")
    with pytest.raises(ContentError, match=r"\[email-clipped\]"):
        build(config, strict=True)
    assert (config.output_dir / "index.html").read_text() == "previous build"


def test_hostile_content_is_escaped_and_made_harmless(tmp_path: Path) -> None:
    root = write_workspace(tmp_path, hostile=True)
    config = load_config(root)
    # Validation refuses the javascript: links; render anyway to prove the renderer is safe.
    with pytest.raises(ContentError, match="unsafe-link"):
        load_workspace(config)
    issues, _ = load_issues(config.issues_dir)
    site = site_for(config, issues)
    rendered = render_email(issues[0], site)
    html = rendered.html
    assert "<script" not in html.lower()
    assert "<iframe" not in html.lower() and "<img src=x" not in html.lower()
    # The only javascript: left is inside text the reader sees, never in an attribute.
    assert not re.search(r"""<[^>]*javascript:""", html, re.IGNORECASE)
    assert not re.search(r'href="\s*javascript:', html, re.IGNORECASE)
    assert "&lt;script&gt;alert(" in html
    assert "🎉 مرحبا بالعالم" in html and "😀 שלום עולם" in html
    assert LONG_WORD in html and LONG_WORD in rendered.text
    assert "overflow-wrap: anywhere" in html
