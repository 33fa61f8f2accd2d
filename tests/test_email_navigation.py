"""Finding your way round the email: masthead, contents, forwarding and follow links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from spfcomms import Config, load_config
from spfcomms.render.email import forward_link, render_email
from spfcomms.render.eml import RenderedEmail

from .support.bulletins import write_workspace
from .support.site import site_for

BASE = "https://www.socialpartnershipforum.org/bulletin/"


def _email(config: Config, issue_id: str) -> RenderedEmail:
    site = site_for(config)
    return render_email(next(i for i in site.issues if i.id == issue_id), site)


def _soup(email: RenderedEmail) -> BeautifulSoup:
    return BeautifulSoup(email.html, "html.parser")


def _contents(soup: BeautifulSoup) -> Tag:
    heading = soup.find("h2", string="In this issue")
    assert isinstance(heading, Tag)
    contents = heading.find_next_sibling("ul")
    assert isinstance(contents, Tag)
    return contents


@pytest.mark.parametrize("issue_id", ["2023-06", "2023-12"])
def test_every_contents_link_leads_to_a_heading_in_the_email(
    repo_config: Config, issue_id: str
) -> None:
    email = _email(repo_config, issue_id)
    soup = _soup(email)
    contents = _contents(soup)
    links = [str(a["href"]) for a in contents.find_all("a")]
    assert links and all(href.startswith("#") for href in links)
    ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    assert [href for href in links if href[1:] not in ids] == []
    # Each link's target is the heading with the same words.
    for a in contents.find_all("a"):
        target = soup.find(id=str(a["href"])[1:])
        assert isinstance(target, Tag) and target.name in ("h2", "h3")
        assert target.get_text() == a.get_text()


def test_the_contents_name_every_item_and_key_comms_agenda_item(repo_config: Config) -> None:
    site = site_for(repo_config)
    issue = next(i for i in site.issues if i.id == "2023-12")
    contents = _contents(_soup(render_email(issue, site)))
    top = [li.a.get_text() for li in contents.find_all("li", recursive=False) if li.a]
    assert top == [item.title for kind in issue.kinds for item in issue.items_of(kind)]
    nested = [a.get_text() for a in contents.select("li > ul a")]
    assert nested == [
        "Retention exemplars",
        "Sexual safety",
        "Ministerial introduction",
        "Violence prevention and reduction (VPR)",
        "Case study – Liverpool University Hospitals NHS FT (LUHFT)",
    ]
    # The contents come before the first section, right after the introduction.
    html = render_email(issue, site).html
    assert html.index("In this issue") < html.index('id="wider-group-2023-12-06"')


def test_the_text_part_has_the_contents_too(repo_config: Config) -> None:
    text = _email(repo_config, "2023-06").text
    start = text.index("In this issue\n-------------\n")
    block = text[start:].split("\n\n")[0].splitlines()[2:]
    assert block[0] == "- Key comms: SPF Wider Group, 21 June 2023"
    assert "  - SPF violence reduction subgroup update" in block
    assert text.index("In this issue") < text.index("SPF violence reduction subgroup update\n---")


def test_the_masthead_shows_the_forum_name_tagline_and_logo(repo_config: Config) -> None:
    soup = _soup(_email(repo_config, "2023-12"))
    logo = soup.find("img")
    assert isinstance(logo, Tag)
    assert logo["src"] == BASE + "assets/spf-logo.png"
    assert logo["alt"] == ""  # beside the name it adds nothing for a screen reader
    # Logo and name side by side in two cells: a long name wraps beside the logo.
    masthead = logo.find_parent("table")
    assert isinstance(masthead, Tag) and masthead.get_text() == "Social Partnership Forum"
    assert masthead["role"] == "presentation"
    tagline = masthead.find_next_sibling("p")
    assert isinstance(tagline, Tag)
    assert tagline.get_text() == repo_config.site.tagline
    # The masthead comes first, then the issue's own title.
    assert soup.body is not None
    body = soup.body.get_text()
    assert body.index("Social Partnership Forum") < body.index("December 2023: retention")


def test_forward_to_a_colleague_opens_a_message_with_the_subject_and_web_address(
    repo_config: Config,
) -> None:
    email = _email(repo_config, "2023-12")
    forwards = _soup(email).find_all("a", string=lambda s: bool(s) and "colleague" in s)
    assert len(forwards) == 2  # under the title and in the footer
    href = str(forwards[0]["href"])
    assert href == str(forwards[1]["href"])
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == ""
    query = parse_qs(parts.query)
    assert query["subject"] == [email.subject]
    web = urlsplit(query["body"][0])
    assert web.netloc == "www.socialpartnershipforum.org"
    assert web.path == "/bulletin/issues/2023-12/"
    assert parse_qs(web.query)["utm_medium"] == ["email"]
    assert "Forward this email to a colleague" in email.text


def test_forward_link_encodes_what_a_mailto_cannot_hold() -> None:
    link = forward_link("Pay & conditions? 50% done #1", "https://x.org/a?b=1&c=2")
    query = parse_qs(urlsplit(link).query)
    assert query == {
        "subject": ["Pay & conditions? 50% done #1"],
        "body": ["https://x.org/a?b=1&c=2"],
    }
    assert link.count("?") == 1 and link.count("&") == 1 and "#" not in link


def test_follow_links_come_from_the_site_settings(tmp_path: Path) -> None:
    root = write_workspace(tmp_path / "ws")
    toml = root / "spfcomms.toml"
    toml.write_text(
        toml.read_text().replace(
            'short_name = "TF"\n',
            'short_name = "TF"\nfollow = { "Forum website" = "https://forum.example.org/", '
            '"Mastodon" = "https://social.example.org/@forum" }\n',
        )
    )
    config = load_config(root)
    email = _email(config, "2024-01")
    follow = _soup(email).find(string=lambda s: bool(s) and s.startswith("Follow the TF"))
    assert follow is not None
    paragraph = follow.find_parent("p")
    assert isinstance(paragraph, Tag)
    assert [(a.get_text(), a["href"]) for a in paragraph.find_all("a")] == [
        ("Forum website", "https://forum.example.org/"),
        ("Mastodon", "https://social.example.org/@forum"),
        ("RSS feed", "https://forum.example.org/bulletin/feed.xml"),
    ]
    assert "- Mastodon: https://social.example.org/@forum" in email.text


def test_case_studies_and_news_are_cards_of_the_same_shape(repo_config: Config) -> None:
    soup = _soup(_email(repo_config, "2023-12"))

    def card(item_id: str) -> tuple[str, str]:
        heading = soup.find(id=item_id)
        assert isinstance(heading, Tag) and heading.name == "h3"
        cell = heading.find_parent("td")
        assert isinstance(cell, Tag)
        outer = cell.find_parent("td")
        assert isinstance(outer, Tag)
        return str(cell.get("style")), str(outer.get("style"))

    assert card("north-east-spf") == card("news-2023-12-communications-review")
