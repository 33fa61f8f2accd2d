"""RSS, Atom and JSON Feed: what partner sites and feed readers rely on."""

from __future__ import annotations

import html
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from spfcomms import Person, build, load_config
from spfcomms.model.exceptions import ConfigError

from .support import feeds as f
from .support.golden import Golden


@pytest.fixture
def repo_build(repo_workspace: Path) -> Path:
    config = load_config(repo_workspace)
    build(config)
    return config.output_dir


def _site_feeds(root: Path) -> dict[str, bytes]:
    return {name: (root / name).read_bytes() for name in f.FEED_FILES}


def test_repository_site_feeds_match_golden(repo_build: Path, golden: Golden) -> None:
    for name, data in _site_feeds(repo_build).items():
        golden.check(f"site/{name}", data)  # one golden file, shared with test_build


def test_every_feed_of_the_repository_parses_without_errors(repo_build: Path) -> None:
    rss = sorted(repo_build.rglob("feed.xml"))
    atom = sorted(repo_build.rglob("atom.xml"))
    json_feeds = sorted(repo_build.rglob("feed.json"))
    # Site, three kinds, and one per tag.
    assert len(rss) == len(atom) == len(json_feeds) >= 1 + 3 + 5
    for path in rss:
        assert f.parse(path.read_bytes()).version == "rss20", path
    for path in atom:
        assert f.parse(path.read_bytes()).version == "atom10", path
    for path in json_feeds:
        f.validate_json_feed(path.read_bytes())


def test_entries_round_trip_through_feedparser(repo_build: Path, repo_workspace: Path) -> None:
    config = load_config(repo_workspace)
    workspace_items = {
        item.id: item for issue in build(config).workspace.issues for item in issue.items
    }
    rss = f.parse((repo_build / "feed.xml").read_bytes())
    atom = f.parse((repo_build / "atom.xml").read_bytes())
    document = f.validate_json_feed((repo_build / "feed.json").read_bytes())
    assert len(rss.entries) == len(atom.entries) == len(document["items"]) == 6
    for rss_entry, atom_entry, json_item in zip(
        rss.entries, atom.entries, document["items"], strict=True
    ):
        item_id = rss_entry.id.rsplit(":", 1)[1]
        item = workspace_items[item_id]
        issue_id = next(i.id for i in build(config).workspace.issues if item in i.items)
        # The link says it came through a feed; the id never changes.
        permalink = (
            f"https://www.socialpartnershipforum.org/bulletin/items/{item.slug}/"
            f"?utm_source=feed&utm_medium=feed&utm_campaign={issue_id}"
        )
        guid = f"tag:www.socialpartnershipforum.org,{item.date.year}:{item.id}"
        assert rss_entry.id == atom_entry.id == json_item["id"] == guid
        assert rss_entry.guidislink is False
        assert rss_entry.link == atom_entry.link == json_item["url"] == permalink
        assert html.unescape(rss_entry.title) == atom_entry.title == item.title
        assert atom_entry.summary == json_item["summary"] == item.summary
        for entry in (rss_entry, atom_entry):
            published = entry.published_parsed
            assert (published.tm_year, published.tm_mon, published.tm_mday) == (
                item.date.year,
                item.date.month,
                item.date.day,
            )
            assert entry.content[0].type == "text/html"
        assert json_item["date_published"].startswith(item.date.isoformat())
        # Full content: a distinctive sentence of the body is there in every format.
        body_words = " ".join(item.body.markdown.split("\n\n")[-1].split()[:6])
        body_words = body_words.lstrip("-# ")
        for content in (rss_entry.content[0].value, atom_entry.content[0].value):
            assert html.unescape(body_words[:20]) in html.unescape(content)
        assert set(item.tags) <= {t.term for t in atom_entry.tags}


def test_meeting_summary_content_names_presenters_and_organisations(repo_build: Path) -> None:
    atom = f.parse((repo_build / "feeds/meeting-summaries/atom.xml").read_bytes())
    entry = next(e for e in atom.entries if e.id.endswith(":wider-group-2023-12-06"))
    content = entry.content[0].value
    assert "Retention exemplars" in content
    assert "Em Wilkinson-Brice" in content and "NHS England" in content
    contributors = {c["name"] for c in entry.contributors}
    assert {"NHS England", "NHS Employers", "UNISON Liverpool Hospitals branch"} <= contributors
    assert entry.author == "Social Partnership Forum"


def test_rss_dates_are_rfc822_and_atom_dates_rfc3339(repo_build: Path) -> None:
    for path in repo_build.rglob("feed.xml"):
        text = path.read_text(encoding="utf-8")
        dates = re.findall(r"<(?:pubDate|lastBuildDate)>([^<]*)<", text)
        assert dates and all(f.RFC822.match(d) for d in dates), (path, dates)
    for path in repo_build.rglob("atom.xml"):
        text = path.read_text(encoding="utf-8")
        dates = re.findall(r"<(?:updated|published)>([^<]*)<", text)
        assert dates and all(f.RFC3339.match(d) for d in dates), (path, dates)


def test_every_url_in_the_feeds_is_absolute(repo_build: Path) -> None:
    atom = f.parse((repo_build / "atom.xml").read_bytes())
    urls = [link.href for link in atom.feed.links]
    for entry in atom.entries:
        urls.extend(link.href for link in entry.links)
        soup = BeautifulSoup(entry.content[0].value, "html.parser")
        urls.extend(str(a["href"]) for a in soup.find_all("a", href=True))
        urls.extend(str(img["src"]) for img in soup.find_all("img", src=True))
    assert urls
    for url in urls:
        parts = urlsplit(url)
        assert parts.scheme in ("https", "mailto") and (parts.netloc or parts.path), url


def test_channel_has_self_link_language_ttl_and_content_dated_last_build(
    repo_build: Path,
) -> None:
    rss = f.parse((repo_build / "feed.xml").read_bytes())
    text = (repo_build / "feed.xml").read_text(encoding="utf-8")
    assert rss.feed.link == "https://www.socialpartnershipforum.org/bulletin/"
    self_links = [link.href for link in rss.feed.links if link.rel == "self"]
    assert self_links == ["https://www.socialpartnershipforum.org/bulletin/feed.xml"]
    assert 'type="application/rss+xml"' in text
    assert rss.feed.language == "en-GB"
    assert "<ttl>1440</ttl>" in text
    # The newest item is dated 14 December 2023, long before the test clock.
    assert "<lastBuildDate>Thu, 14 Dec 2023 12:00:00 +0000</lastBuildDate>" in text
    atom = f.parse((repo_build / "atom.xml").read_bytes())
    atom_self = [link.href for link in atom.feed.links if link.rel == "self"]
    assert atom_self == ["https://www.socialpartnershipforum.org/bulletin/atom.xml"]
    assert atom.feed.updated == "2023-12-14T12:00:00+00:00"


def test_summer_dates_carry_the_site_time_zone_offset(repo_build: Path) -> None:
    text = (repo_build / "feed.xml").read_text(encoding="utf-8")
    assert "<pubDate>Thu, 29 Jun 2023 12:00:00 +0100</pubDate>" in text


def test_guids_are_unique_in_every_feed(repo_build: Path) -> None:
    for path in repo_build.rglob("atom.xml"):
        ids = [e.id for e in f.parse(path.read_bytes()).entries]
        assert len(ids) == len(set(ids)), path


def test_feeds_do_not_depend_on_the_clock(
    repo_workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = load_config(repo_workspace)
    build(config.with_output_dir(tmp_path / "one"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")
    build(config.with_output_dir(tmp_path / "two"))
    for name in ("feed.xml", "atom.xml", "feed.json", "feeds/news/atom.xml"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()


def test_adding_an_issue_changes_no_existing_guid() -> None:
    cfg = f.config()
    first = f.issue(1, date(2024, 1, 10), f.news("story-one", date(2024, 1, 10)))
    second = f.issue(2, date(2024, 2, 12), f.news("story-two", date(2024, 2, 12)))
    before = f.render(cfg, first)
    after = f.render(cfg, first, second)
    for path in ("feed.xml", "atom.xml", "feeds/news/atom.xml", "feeds/tags/retention/atom.xml"):
        old = {e.link: e.id for e in f.parse(before.get(path)).entries}
        new = {e.link: e.id for e in f.parse(after.get(path)).entries}
        assert old.items() <= new.items()
        assert len(new) == len(old) + 1


def test_guid_survives_a_new_title_and_slug() -> None:
    cfg = f.config()
    original = f.news("story-one", date(2024, 1, 10), title="First title", slug="first")
    edited = f.news("story-one", date(2024, 1, 10), title="Corrected title", slug="second")
    one = f.parse(f.render(cfg, f.issue(1, date(2024, 1, 10), original)).get("atom.xml"))
    two = f.parse(f.render(cfg, f.issue(1, date(2024, 1, 10), edited)).get("atom.xml"))
    assert one.entries[0].id == two.entries[0].id == "tag:news.example.org,2024:story-one"
    assert one.entries[0].link != two.entries[0].link


def test_guid_authority_can_be_pinned_before_a_domain_move() -> None:
    cfg = f.config(
        site={"base_url": "https://new-home.example.net/"},
        feed={"guid_authority": "news.example.org"},
    )
    out = f.render(cfg, f.issue(1, date(2024, 1, 10), f.news("story-one", date(2024, 1, 10))))
    entry = f.parse(out.get("atom.xml")).entries[0]
    assert entry.id == "tag:news.example.org,2024:story-one"
    assert entry.link == (
        "https://new-home.example.net/items/story-one/"
        "?utm_source=feed&utm_medium=feed&utm_campaign=2024-01"
    )


def test_entries_are_newest_first_with_reading_order_for_ties_and_limited() -> None:
    cfg = f.config(feed={"limit": 3})
    old = f.issue(1, date(2024, 1, 10), f.news("a-old", date(2024, 1, 10)))
    new = f.issue(
        2,
        date(2024, 2, 12),
        f.news("z-first", date(2024, 2, 12)),
        f.news("b-second", date(2024, 2, 12)),
        f.news("c-earlier", date(2024, 2, 1)),
    )
    out = f.render(cfg, old, new)
    for path in ("feed.xml", "atom.xml"):
        ids = [e.id.rsplit(":", 1)[1] for e in f.parse(out.get(path)).entries]
        assert ids == ["z-first", "b-second", "c-earlier"]
    document = f.validate_json_feed(out.get("feed.json"))
    assert [i["id"].rsplit(":", 1)[1] for i in document["items"]] == [
        "z-first",
        "b-second",
        "c-earlier",
    ]


def test_updated_date_is_taken_from_the_content() -> None:
    from dataclasses import replace

    cfg = f.config()
    item = replace(f.news("story-one", date(2024, 1, 10)), updated=date(2024, 1, 20))
    out = f.render(cfg, f.issue(1, date(2024, 1, 10), item))
    entry = f.parse(out.get("atom.xml")).entries[0]
    assert entry.published.startswith("2024-01-10T12:00:00")
    assert entry.updated.startswith("2024-01-20T12:00:00")
    assert f.parse(out.get("atom.xml")).feed.updated.startswith("2024-01-20")
    document = f.validate_json_feed(out.get("feed.json"))
    assert document["items"][0]["date_modified"].startswith("2024-01-20")


def test_relative_links_in_content_become_absolute_against_the_permalink() -> None:
    body = (
        '<p><a href="../other/">other</a> <a href="#part">part</a> <img src="pic.png" alt="A"></p>'
    )
    out = f.render(
        f.config(), f.issue(1, date(2024, 1, 10), f.news("s", date(2024, 1, 10), body=body))
    )
    content = f.parse(out.get("atom.xml")).entries[0].content[0].value
    assert 'href="https://news.example.org/bulletin/items/other/"' in content
    assert 'href="https://news.example.org/bulletin/items/s/#part"' in content
    assert 'src="https://news.example.org/bulletin/items/s/pic.png"' in content


def test_content_is_sanitised_in_every_format() -> None:
    body = (
        '<p onclick="x()">Hi<script>alert(1)</script><a href="javascript:alert(2)">j</a>'
        '<img src="x" onerror="alert(3)"><svg onload="alert(4)"><circle/></svg>'
        '<iframe src="https://evil.example/"></iframe><a href="data:text/html,hi">d</a></p>'
    )
    out = f.render(
        f.config(), f.issue(1, date(2024, 1, 10), f.news("s", date(2024, 1, 10), body=body))
    )
    document = f.validate_json_feed(out.get("feed.json"))
    contents = [
        document["items"][0]["content_html"],
        f.parse(out.get("atom.xml")).entries[0].content[0].value,
        f.parse(out.get("feed.xml")).entries[0].content[0].value,
    ]
    for content in contents:
        lowered = content.lower()
        for bad in (
            "<script",
            "onclick",
            "onerror",
            "onload",
            "javascript:",
            "<svg",
            "<iframe",
            "data:",
        ):
            assert bad not in lowered, (bad, content)
        assert "Hi" in content


def test_per_kind_and_per_tag_feeds_can_be_turned_off() -> None:
    cfg = f.config(feed={"per_kind": False, "per_tag": False})
    out = f.render(cfg, f.issue(1, date(2024, 1, 10), f.news("s", date(2024, 1, 10))))
    assert not [p for p in out.paths if p.startswith("feeds/")]
    assert {"feed.xml", "atom.xml", "feed.json"} <= set(out.paths)


def test_tags_that_differ_only_in_case_share_one_feed() -> None:
    cfg = f.config()
    site = f.issue(
        1,
        date(2024, 1, 10),
        f.news("one", date(2024, 1, 10), tags=("Retention",)),
        f.news("two", date(2024, 1, 10), tags=("retention",)),
        f.news("three", date(2024, 1, 10), tags=("ÉDI & <b>",)),
    )
    out = f.render(cfg, site)
    assert len(f.parse(out.get("feeds/tags/retention/atom.xml")).entries) == 2
    tagged = f.parse(out.get("feeds/tags/edi-b/feed.xml"))
    assert [e.id.rsplit(":", 1)[1] for e in tagged.entries] == ["three"]


def test_feed_image_and_author_come_from_the_settings() -> None:
    cfg = f.config(
        feed={
            "image_url": "https://news.example.org/logo.png",
            "author_name": "Programme manager",
            "author_email": "bulletin@example.org",
        }
    )
    out = f.render(cfg, f.issue(1, date(2024, 1, 10), f.news("s", date(2024, 1, 10))))
    rss = f.parse(out.get("feed.xml"))
    assert rss.feed.image.href == "https://news.example.org/logo.png"
    assert rss.entries[0].author_detail.email == "bulletin@example.org"
    atom = f.parse(out.get("atom.xml"))
    assert atom.entries[0].author_detail.name == "Programme manager"
    document = f.validate_json_feed(out.get("feed.json"))
    assert document["icon"] == "https://news.example.org/logo.png"


def test_presenter_organisations_become_contributors() -> None:
    presenters = (Person("Ann", "NHS Employers"), Person("Bo", "UNISON"), Person("Cy", "UNISON"))
    item = f.meeting("wg", date(2024, 1, 10), presenters=presenters)
    out = f.render(f.config(), f.issue(1, date(2024, 1, 10), item))
    entry = f.parse(out.get("feed.xml")).entries[0]
    assert [c["name"] for c in entry.contributors] == ["NHS Employers", "UNISON"]
    assert {t.term for t in entry.tags} >= {"Key comms", "partnership-working"}
    document = f.validate_json_feed(out.get("feeds/meeting-summaries/feed.json"))
    assert document["items"][0]["_spfcomms"]["organisations"] == ["NHS Employers", "UNISON"]


def test_an_empty_site_still_has_valid_feeds() -> None:
    out = f.render(f.config())
    assert f.parse(out.get("feed.xml")).entries == []
    assert f.parse(out.get("atom.xml")).feed.updated.startswith("1970-01-01")
    f.validate_json_feed(out.get("feed.json"))


def test_control_characters_in_a_workspace_never_break_a_feed(tmp_path: Path) -> None:
    issue_dir = tmp_path / "issues" / "2024-01"
    issue_dir.mkdir(parents=True)
    (issue_dir / "issue.toml").write_text(
        'number = 1\ndate = 2024-01-10\ntitle = "January"\nitems = ["odd"]\n', encoding="utf-8"
    )
    (issue_dir / "odd.md").write_text(
        "+++\n"
        'kind = "news"\nid = "odd"\n'
        'title = "Bell \\u0007 and <b>bold</b> & \\u000b tab"\n'
        "date = 2024-01-10\n"
        'summary = "Form \\u000c feed and \\ufffe nonchar"\n'
        'tags = ["x\\u0001y"]\n'
        "+++\n\nText with a \x0b vertical tab and a \x1f unit separator.\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path)
    build(config)
    for name in f.FEED_FILES:
        assert (config.output_dir / name).exists()
    atom = f.parse((config.output_dir / "atom.xml").read_bytes())
    assert atom.entries[0].title == "Bell and <b>bold</b> & tab"
    rss = f.parse((config.output_dir / "feed.xml").read_bytes())
    assert html.unescape(rss.entries[0].title) == "Bell and <b>bold</b> & tab"
    assert "<b>" not in rss.entries[0].title
    assert "vertical tab" in atom.entries[0].content[0].value
    f.validate_json_feed((config.output_dir / "feed.json").read_bytes())


def test_feed_settings_are_checked() -> None:
    with pytest.raises(ConfigError) as caught:
        f.config(feed={"limit": 0, "image_url": "logo.png"})
    text = str(caught.value)
    assert "[feed].limit" in text and "[feed].image_url" in text


def test_pages_advertise_the_feeds(repo_build: Path) -> None:
    site_feeds = {
        "application/rss+xml": "https://www.socialpartnershipforum.org/bulletin/feed.xml",
        "application/atom+xml": "https://www.socialpartnershipforum.org/bulletin/atom.xml",
        "application/feed+json": "https://www.socialpartnershipforum.org/bulletin/feed.json",
    }
    for page in ("index.html", "issues/2023-12/index.html", "items/north-east-spf/index.html"):
        soup = BeautifulSoup((repo_build / page).read_text(encoding="utf-8"), "html.parser")
        alternates = [
            (str(link["type"]), str(link["href"])) for link in soup.select('link[rel="alternate"]')
        ]
        assert set(site_feeds.items()) <= set(alternates), page
        for _, href in alternates:
            # Every advertised feed exists in the build.
            relative = href.removeprefix("https://www.socialpartnershipforum.org/bulletin/")
            assert (repo_build / relative).is_file(), href
    item_page = (repo_build / "items/north-east-spf/index.html").read_text(encoding="utf-8")
    assert (
        "https://www.socialpartnershipforum.org/bulletin/feeds/case-studies/atom.xml" in item_page
    )


def _one_news_workspace(root: Path, front: str) -> Path:
    folder = root / "issues" / "2024-01"
    folder.mkdir(parents=True)
    (folder / "issue.toml").write_text(
        'number = 1\ndate = 2024-01-10\ntitle = "January"\nitems = ["story"]\n', encoding="utf-8"
    )
    (folder / "story.md").write_text(
        '+++\nkind = "news"\nid = "story"\ntitle = "A story"\ndate = 2024-01-10\n'
        f'summary = "What happened."\n{front}+++\n\nThe text.\n',
        encoding="utf-8",
    )
    return root


def test_updated_front_matter_dates_the_correction(tmp_path: Path) -> None:
    config = load_config(_one_news_workspace(tmp_path, "updated = 2024-01-25\n"))
    build(config)
    entry = f.parse((config.output_dir / "atom.xml").read_bytes()).entries[0]
    assert entry.updated.startswith("2024-01-25T12:00:00")
    assert entry.published.startswith("2024-01-10T12:00:00")


def test_updated_before_the_date_is_an_error(tmp_path: Path) -> None:
    from spfcomms import ContentError

    config = load_config(_one_news_workspace(tmp_path, "updated = 2024-01-01\n"))
    with pytest.raises(ContentError) as caught:
        build(config)
    assert "[updated-before-date]" in str(caught.value)


def test_feed_links_can_go_untagged() -> None:
    cfg = f.config(utm={"feed_medium": ""})
    out = f.render(cfg, f.issue(1, date(2024, 1, 10), f.news("story-one", date(2024, 1, 10))))
    entry = f.parse(out.get("atom.xml")).entries[0]
    assert entry.link == "https://news.example.org/bulletin/items/story-one/"
    assert b"utm_" not in out.get("feed.json")
