"""Campaign tags on our own links only."""

from __future__ import annotations

import string
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from hypothesis import given
from hypothesis import strategies as st

from spfcomms import load_config
from spfcomms.model.config import config_from_mapping
from spfcomms.render.utm import UtmTagger

SITE = {"site": {"base_url": "https://www.example.org/bulletin/"}}


def _tagger(**utm: object) -> UtmTagger:
    config = config_from_mapping({**SITE, "utm": utm}, root=Path("."))
    return UtmTagger.for_issue(config, "2023-12")


def test_own_site_links_are_tagged_in_a_fixed_order() -> None:
    assert _tagger().tag("https://www.example.org/items/a/") == (
        "https://www.example.org/items/a/"
        "?utm_source=spf-bulletin&utm_medium=email&utm_campaign=2023-12"
    )


def test_existing_query_and_fragment_are_kept() -> None:
    assert _tagger().tag("https://www.example.org/p?b=2&a=1#part") == (
        "https://www.example.org/p?b=2&a=1"
        "&utm_source=spf-bulletin&utm_medium=email&utm_campaign=2023-12#part"
    )


def test_third_party_mailto_and_tel_links_are_never_tagged() -> None:
    tagger = _tagger()
    for url in (
        "https://www.england.nhs.uk/x/",
        "https://example.org.evil.net/",
        "mailto:someone@www.example.org",
        "tel:+441234",
        "/relative/path",
    ):
        assert tagger.tag(url) == url


def test_links_already_tagged_are_left_alone() -> None:
    url = "https://www.example.org/?utm_source=partner"
    assert _tagger().tag(url) == url


def test_opt_out_marker_is_removed_and_stops_tagging() -> None:
    tagger = _tagger()
    assert tagger.tag("https://www.example.org/a/#no-utm") == "https://www.example.org/a/"
    assert tagger.tag("https://www.example.org/a/#top~no-utm") == "https://www.example.org/a/#top"
    assert tagger.tag("https://other.net/#no-utm") == "https://other.net/"


def test_configured_domains_include_subdomains_and_campaign_template() -> None:
    tagger = _tagger(domains=["example.org"], campaign="bulletin-{issue}", source="news")
    assert tagger.tag("https://sub.example.org/") == (
        "https://sub.example.org/?utm_source=news&utm_medium=email&utm_campaign=bulletin-2023-12"
    )


def test_disabled_tagging_changes_nothing_but_still_drops_the_marker() -> None:
    tagger = _tagger(enabled=False)
    assert tagger.tag("https://www.example.org/") == "https://www.example.org/"
    assert tagger.tag("https://www.example.org/#no-utm") == "https://www.example.org/"


def test_html_links_are_tagged_with_entities_handled() -> None:
    html = '<p><a href="https://www.example.org/?a=1&amp;b=2">ours</a> <a href="https://x.net/">x</a></p>'
    assert _tagger().tag_html(html) == (
        '<p><a href="https://www.example.org/?a=1&amp;b=2&amp;utm_source=spf-bulletin&amp;'
        'utm_medium=email&amp;utm_campaign=2023-12">ours</a> <a href="https://x.net/">x</a></p>'
    )


def test_default_domain_is_the_base_url_host(tmp_path: Path) -> None:
    assert UtmTagger.for_issue(load_config(tmp_path), "x").domains == ("example.org",)


_SEGMENT = st.text(alphabet=string.ascii_letters + string.digits + "-._~", min_size=1, max_size=12)


@given(
    path=st.lists(_SEGMENT, max_size=4).map("/".join),
    query=st.lists(st.tuples(_SEGMENT, _SEGMENT), max_size=3),
    fragment=st.one_of(st.just(""), _SEGMENT),
)
def test_tagging_keeps_the_link_and_is_idempotent(
    path: str, query: list[tuple[str, str]], fragment: str
) -> None:
    query = [(k, v) for k, v in query if not k.lower().startswith("utm_")]
    url = urlunsplit(("https", "www.example.org", "/" + path, urlencode(query), fragment))
    tagged = _TAGGER.tag(url)
    parts = urlsplit(tagged)
    assert (parts.netloc, parts.path, parts.fragment) == ("www.example.org", "/" + path, fragment)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    assert pairs[: len(query)] == query
    assert pairs[len(query) :] == [
        ("utm_source", "spf-bulletin"),
        ("utm_medium", "email"),
        ("utm_campaign", "2023-12"),
    ]
    assert _TAGGER.tag(tagged) == tagged
    other = url.replace("www.example.org", "partner.example.net")
    assert _TAGGER.tag(other) == other


_TAGGER = _tagger()


def test_the_opt_out_marker_is_honoured_in_email_and_never_shown_to_readers(
    tmp_path: Path,
) -> None:
    from spfcomms import build

    from .support.bulletins import write_workspace

    root = write_workspace(tmp_path)
    meeting = root / "issues" / "2024-01" / "meeting.md"
    meeting.write_text(
        meeting.read_text()
        + "\nSee [the untracked page](https://forum.example.org/bulletin/items/news/#no-utm) "
        "and [the tracked page](https://forum.example.org/bulletin/issues/2024-01/).\n"
    )
    config = load_config(root)
    build(config)
    out = config.output_dir
    email_html = (out / "issues/2024-01/email.html").read_text()
    email_text = (out / "issues/2024-01/email.txt").read_text()
    assert 'href="https://forum.example.org/bulletin/items/news/"' in email_html
    assert "bulletin/issues/2024-01/?utm_source=" in email_html
    assert "https://forum.example.org/bulletin/items/news/\n" in email_text
    for page in (
        "items/news/index.html",
        "feed.xml",
        "atom.xml",
        "feed.json",
        "snippets/items/news.html",
        "issues/2024-01/email.html",
    ):
        text = (out / page).read_text()
        assert "no-utm" not in text, page
        assert 'data-utm="off"' not in text or page.startswith("items/"), page
