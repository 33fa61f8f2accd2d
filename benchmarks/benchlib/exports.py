"""Reach-figure exports for every issue of a workspace, as the real tools write them.

For each issue:

- a Mailchimp campaign report (``GET /3.0/reports/{campaign_id}``, the whole JSON object);
- a Mailchimp click report, one row per link in the email (``URL,Total Clicks,Unique
  Clicks``), the links as the email carries them (UTM tags, ``mc_cid``/``mc_eid``);
- a GA4 "Pages and screens" CSV download for the issue's month;
- the web server's access log for the month (combined format): people reading pages,
  feed aggregators polling every hour or so and reporting their subscribers,
  self-hosted feed readers, bots, partner sites fetching our snippets;

and for each year a TOML file of hand-kept figures (podcast listens, social media,
event attendance, partner pickups, followers).

The figures are invented and seeded by the issue id: the same workspace gives the same
files. Subscribers grow over the years, as a list does.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .agents import AGGREGATORS, BOTS, BROWSERS, PARTNERS, SELF_HOSTED_READERS

# Bump when the files change, so that cached copies (and stores filled from them) are
# made again.
EXPORTS_VERSION = 2
SEND_MINUTE = 9 * 60
UTM = "utm_source=spf-bulletin&utm_medium=email&utm_campaign={issue}"
MPP_SINCE = date(2021, 10, 1)
SOCIAL = ("https://www.linkedin.com/company/example-spf", "https://x.com/example_spf")


@dataclass
class Exports:
    """The files written, by kind."""

    campaigns: list[Path] = field(default_factory=list)
    clicks: list[Path] = field(default_factory=list)
    manual: list[Path] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    @property
    def small(self) -> list[Path]:
        """The small monthly and yearly exports (campaigns, clicks, hand-kept figures)."""
        return sorted([*self.campaigns, *self.clicks, *self.manual])

    @property
    def everything(self) -> list[Path]:
        return sorted([*self.small, *self.pages, *self.logs])


def _with_query(url: str, query: str) -> str:
    base, hash_, fragment = url.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}{query}"
    return joined + hash_ + fragment


def _windows(issues: list[Any]) -> dict[str, tuple[date, date]]:
    """issue id -> (first day, last day) of its window: until the next issue."""
    windows = {}
    for n, issue in enumerate(issues):
        end = issues[n + 1].date if n + 1 < len(issues) else issue.date + timedelta(days=31)
        windows[issue.id] = (issue.date, end - timedelta(days=1))
    return windows


def _campaign(issue: Any, n: int, rng: random.Random) -> dict[str, Any]:
    sent = 2500 + n * 17 + rng.randint(-40, 40)
    hard, soft = rng.randint(5, 30), rng.randint(10, 50)
    unique_opens = int(sent * rng.uniform(0.42, 0.58))
    proxy_unique = int(unique_opens * rng.uniform(0.35, 0.55))
    unique_clicks = int(unique_opens * rng.uniform(0.15, 0.3))
    delivered = sent - hard - soft
    opens: dict[str, Any] = {
        "opens_total": int(unique_opens * rng.uniform(1.8, 2.4)),
        "unique_opens": unique_opens,
        "open_rate": round(unique_opens / delivered, 4),
        "last_open": f"{(issue.date + timedelta(days=20)).isoformat()}T17:41:10+00:00",
    }
    if issue.date >= MPP_SINCE:
        # Reports count privacy-proxy opens apart only since Apple's Mail Privacy Protection.
        opens["proxy_excluded_opens"] = opens["opens_total"] - int(proxy_unique * 1.3)
        opens["proxy_excluded_unique_opens"] = unique_opens - proxy_unique
        opens["proxy_excluded_open_rate"] = round((unique_opens - proxy_unique) / delivered, 4)
    return {
        "id": f"{rng.getrandbits(40):010x}",
        "campaign_title": f"SPF bulletin {issue.date:%B %Y}",
        "type": "regular",
        "list_id": "4c1d2e3f5a",
        "list_is_active": True,
        "list_name": "SPF bulletin subscribers",
        "subject_line": issue.title,
        "preview_text": f"Key comms, case studies and news: {issue.date:%B %Y}",
        "emails_sent": sent,
        "abuse_reports": rng.randint(0, 2),
        "unsubscribed": rng.randint(2, 15),
        "send_time": f"{issue.date}T09:0{rng.randint(0, 4)}:{rng.randint(10, 59)}+00:00",
        "rss_last_send": "",
        "bounces": {"hard_bounces": hard, "soft_bounces": soft, "syntax_errors": rng.randint(0, 1)},
        "forwards": {"forwards_count": rng.randint(0, 9), "forwards_opens": rng.randint(0, 6)},
        "opens": opens,
        "clicks": {
            "clicks_total": int(unique_clicks * rng.uniform(1.4, 1.9)),
            "unique_clicks": unique_clicks,
            "unique_subscriber_clicks": int(unique_clicks * 0.85),
            "click_rate": round(unique_clicks / delivered, 4),
            "last_click": f"{(issue.date + timedelta(days=18)).isoformat()}T12:03:55+00:00",
        },
        "facebook_likes": {"recipient_likes": 0, "unique_likes": 0, "facebook_likes": 0},
        "industry_stats": {
            "type": "Government",
            "open_rate": 0.2832,
            "click_rate": 0.0392,
            "bounce_rate": 0.0081,
            "unopen_rate": 0.7087,
            "unsub_rate": 0.0012,
            "abuse_rate": 0.0001,
        },
        "list_stats": {
            "sub_rate": round(rng.uniform(1, 6), 1),
            "unsub_rate": round(rng.uniform(0.1, 0.6), 1),
            "open_rate": round(rng.uniform(40, 55), 2),
            "proxy_excluded_open_rate": round(rng.uniform(20, 30), 2),
            "click_rate": round(rng.uniform(8, 14), 2),
        },
        "delivery_status": {"enabled": False},
        "_links": [],
    }


def _count(value: int) -> str:
    """Mailchimp writes thousands with a comma (quoted in the CSV)."""
    return f'"{value:,}"' if value >= 1000 else str(value)


def _click_rows(issue: Any, base_url: str, rng: random.Random) -> list[str]:
    tags = UTM.format(issue=issue.id)
    tracking = f"mc_cid={rng.getrandbits(40):010x}&mc_eid={rng.getrandbits(24):06x}"
    urls = [_with_query(f"{base_url}{issue.path}", tags)]
    for item in issue.items:
        urls.append(_with_query(f"{base_url}{item.path}", f"{tags}&{tracking}"))
        urls.extend(_with_query(link.url, tags) for link in item.links)
    urls.extend(_with_query(url, tags) for url in SOCIAL)
    rows = ["URL,Total Clicks,Unique Clicks"]
    for url in dict.fromkeys(urls):
        unique = rng.randint(1, 400) if "/items/" in url else rng.randint(0, 60)
        rows.append(f"{url},{_count(int(unique * rng.uniform(1.0, 1.6)))},{_count(unique)}")
    return rows


def _ga4(
    issue: Any, window: tuple[date, date], older: list[Any], prefix: str, rng: random.Random
) -> list[str]:
    lines = [
        "# ----------------------------------------",
        "# Pages and screens: Page path and screen class",
        "# Account: Generated SPF (invented figures)",
        "# Property: Generated SPF website - GA4",
        "# ----------------------------------------",
        "#",
        "# All Users",
        f"# Start date: {window[0]:%Y%m%d}",
        f"# End date: {window[1]:%Y%m%d}",
        "Page path and screen class,Views,Users,Views per user,Average engagement time,"
        "Event count,Key events,Total revenue",
    ]
    paths = [issue.path, *(item.path for item in issue.items)]
    paths += [item.path for item in older]
    for path in paths:
        views = (
            rng.randint(20, 2500) if path in paths[: len(issue.items) + 1] else rng.randint(1, 80)
        )
        users = max(1, int(views / rng.uniform(1.05, 1.6)))
        lines.append(
            f"{prefix}{path},{views},{users},{views / users:.2f},{rng.uniform(15, 140):.1f},"
            f"{views * 3},0,0"
        )
    for path, views in (("/", 5200), ("/contact-us/", 230), ("/news/", 990)):
        lines.append(f"{path},{views},{int(views * 0.8)},1.25,30.0,{views * 3},0,0")
    return lines


def _log_lines(
    issue: Any, window: tuple[date, date], prefix: str, n: int, rng: random.Random
) -> list[str]:
    """About 5,500 requests over the issue's window, in time order."""
    start = datetime.combine(window[0], datetime.min.time(), UTC)
    days = (window[1] - window[0]).days + 1
    minutes = days * 24 * 60
    feeds = [f"{prefix}feed.xml", f"{prefix}atom.xml", f"{prefix}feeds/news/feed.xml"]
    pages = [f"{prefix}{issue.path}", *(f"{prefix}{item.path}" for item in issue.items)]
    snippets = [f"{prefix}snippets/latest.html", f"{prefix}snippets/news.html"]
    requests: list[tuple[float, str]] = []

    def request(minute: float, ip: str, path: str, status: int, referer: str, agent: str) -> None:
        moment = start + timedelta(minutes=minute)
        size = 0 if status == 304 else rng.randint(900, 90_000)
        stamp = moment.strftime("%d/%b/%Y:%H:%M:%S +0000")
        requests.append(
            (
                minute,
                f'{ip} - - [{stamp}] "GET {path} HTTP/1.1" {status} {size} "{referer}" "{agent}"',
            )
        )

    for k, aggregator in enumerate(AGGREGATORS):
        ip = f"192.0.2.{10 + k}"
        for minute in range(
            rng.randrange(aggregator.poll_minutes), minutes, aggregator.poll_minutes
        ):
            agent = aggregator.agent_on(minute // 1440, growth=n // 4)
            request(
                minute,
                ip,
                feeds[minute % len(feeds)],
                304 if rng.random() < 0.7 else 200,
                "-",
                agent,
            )
    for k, agent in enumerate(SELF_HOSTED_READERS * 2):
        for minute in range(rng.randrange(240), minutes, 240):
            request(minute, f"198.51.100.{20 + k}", feeds[0], 304, "-", agent)
    for _ in range(2200):
        # From the send at 09:00, most of the reading in the first days.
        minute = SEND_MINUTE + (minutes - SEND_MINUTE) * rng.random() ** 2
        referer = rng.choice(("-", "-", "https://www.google.com/", "https://mail.google.com/"))
        request(
            minute,
            f"203.0.113.{rng.randrange(256)}",
            rng.choice(pages),
            200 if rng.random() < 0.9 else 304,
            referer,
            rng.choice(BROWSERS),
        )
    for _ in range(400):
        request(
            minutes * rng.random(),
            f"66.249.66.{rng.randrange(256)}",
            rng.choice(pages + feeds),
            200,
            "-",
            rng.choice(BOTS),
        )
    for _ in range(220):
        request(
            minutes * rng.random(),
            f"198.51.100.{100 + rng.randrange(100)}",
            rng.choice(snippets),
            200,
            rng.choice(PARTNERS),
            rng.choice(BROWSERS),
        )
    requests.sort()
    return [line for _, line in requests]


def _manual_year(year: int, issues: list[Any], windows: dict[str, tuple[date, date]]) -> str:
    parts = ["# Figures kept by hand (invented): podcast, social media, events, partners.\n"]

    def figure(**fields: object) -> None:
        body = "".join(
            f"{key} = {value if isinstance(value, int | date) else json.dumps(value)}\n"
            for key, value in fields.items()
        )
        parts.append(f"\n[[figure]]\n{body}")

    for month in range(1, 13):
        figure(
            channel="social",
            metric="followers",
            value=1500 + (year - 2000) * 60 + month * 4,
            period_start=date(year, month, 1),
            period_end=date(year, month, 1),
            label="linkedin",
        )
    for issue in issues:
        rng = random.Random(f"manual-{issue.id}")
        first, last = windows[issue.id]
        figure(
            channel="podcast",
            metric="listens",
            value=rng.randint(150, 600),
            period_start=first,
            period_end=last,
            issue=issue.id,
            note="podcast host statistics",
        )
        for label in ("linkedin", "x"):
            figure(
                channel="social",
                metric="impressions",
                value=rng.randint(2000, 15000),
                period_start=first,
                period_end=first + timedelta(days=6),
                issue=issue.id,
                label=label,
            )
        figure(
            channel="event",
            metric="attendance",
            value=rng.randint(40, 110),
            period_start=first,
            period_end=first,
            issue=issue.id,
        )
        figure(
            channel="partner",
            metric="pickups",
            value=rng.randint(0, 12),
            issue=issue.id,
            label="regional newsletters",
        )
    return "".join(parts)


def write_exports(workspace: Any, folder: Path, *, analytics: bool = True) -> Exports:
    """Write every export for ``workspace`` (a loaded ``spfcomms.Workspace``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    issues = list(workspace.issues)
    base_url = workspace.config.url_for("")
    prefix = urlsplit(base_url).path
    windows = _windows(issues)
    made = Exports()
    for n, issue in enumerate(issues):
        rng = random.Random(f"exports-{issue.id}")
        campaign = folder / f"mailchimp-report-{issue.id}.json"
        campaign.write_text(json.dumps(_campaign(issue, n, rng), indent=2) + "\n", encoding="utf-8")
        made.campaigns.append(campaign)
        clicks = folder / f"click-report-{issue.id}.csv"
        clicks.write_text("\n".join(_click_rows(issue, base_url, rng)) + "\n", encoding="utf-8")
        made.clicks.append(clicks)
        if analytics:
            older = rng.sample([i for past in issues[:n] for i in past.items], min(12, n * 3))
            pages = folder / f"ga4-pages-{issue.id}.csv"
            pages.write_text(
                "\n".join(_ga4(issue, windows[issue.id], older, prefix, rng)) + "\n",
                encoding="utf-8",
            )
            made.pages.append(pages)
            log = folder / f"access-{issue.id}.log"
            log.write_text(
                "\n".join(_log_lines(issue, windows[issue.id], prefix, n, rng)) + "\n",
                encoding="utf-8",
            )
            made.logs.append(log)
    for year in sorted({issue.date.year for issue in issues}):
        manual = folder / f"hand-kept-{year}.toml"
        of_year = [issue for issue in issues if issue.date.year == year]
        manual.write_text(_manual_year(year, of_year, windows), encoding="utf-8")
        made.manual.append(manual)
    return made


def total_bytes(paths: Iterable[Path]) -> int:
    return sum(path.stat().st_size for path in paths)
