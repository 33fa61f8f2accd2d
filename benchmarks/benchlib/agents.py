"""User-Agents and Referers as they appear in a bulletin site's access log.

Browsers, bots, feed aggregators that report their subscriber counts, self-hosted feed
readers and partner pages that embed our snippets: the kinds of client the access-log
reader tells apart.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

BROWSERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
)
BOTS = (
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "curl/8.4.0",
    "python-requests/2.31.0",
)
SELF_HOSTED_READERS = (
    "Tiny Tiny RSS/23.04 (https://tt-rss.org/)",
    "FreshRSS/1.22.1 (Linux; https://freshrss.org)",
    "NetNewsWire (RSS Reader; https://netnewswire.com/)",
)
PARTNERS = (
    "https://www.example-trust.nhs.uk/news/partnership",
    "https://union.example.org.uk/health/spf-bulletin",
    "https://www.northeast-spf.example.org/latest",
    "https://intranet.example-ics.nhs.uk/staff-news",
    "https://www.example-employers.org/bulletins",
)


@dataclass(frozen=True)
class Aggregator:
    """A feed aggregator: its User-Agent (``{n}`` is the subscriber count it reports),
    the count on the first of the month, days per extra subscriber, and how often it
    polls our feeds."""

    agent: str
    base: int
    days_per_subscriber: int
    poll_minutes: int

    def agent_on(self, day: int, growth: int = 0) -> str:
        """The agent string on ``day`` of the month, ``growth`` subscribers later."""
        return self.agent.format(n=self.base + growth + day // self.days_per_subscriber)


AGGREGATORS = (
    Aggregator(
        "Feedly/1.0 (+http://www.feedly.com/fetcher.html; {n} subscribers; "
        "like FeedFetcher-Google)",
        120,
        3,
        60,
    ),
    Aggregator("Mozilla/5.0 (compatible; inoreader.com; {n} subscribers)", 40, 5, 120),
    Aggregator(
        "NewsBlur Feed Fetcher - {n} subscribers - "
        "https://www.newsblur.com/site/6021234/spf (Mozilla/5.0 (Macintosh))",
        12,
        10,
        120,
    ),
    Aggregator(
        "Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; "
        "{n} subscribers; feed-id=1234567890123456789)",
        4,
        15,
        180,
    ),
    Aggregator("Feedbin feed-id:1373711 - {n} subscribers", 5, 10, 180),
    Aggregator(
        "Netvibes (crawler/bot; http://www.netvibes.com; {n} subscribers; feedId: 98765)",
        3,
        15,
        360,
    ),
)


def aggregator_agent(rng: random.Random, day: int) -> str:
    """A random feed aggregator's agent, its subscriber count drifting upwards over the month."""
    return AGGREGATORS[rng.randrange(len(AGGREGATORS))].agent_on(day)
