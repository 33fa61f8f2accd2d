"""Telling people, feed aggregators and bots apart by their User-Agent.

Feed aggregators (Feedly, Inoreader, NewsBlur ...) fetch a feed once for all their
users and say how many users that is in the User-Agent. They are neither readers nor
crawlers: their fetches count as feed fetches, their reported subscriber counts are
the audience, and they never count as page views. Bots (search engines, link
previewers, uptime monitors, command-line clients) are left out of every count.

Classification works on the decoded User-Agent string and is pure; the access-log
parser caches its result per distinct User-Agent, so the regular expressions here run
once per agent, not once per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Aggregator:
    """A feed aggregator's fetch, with what it says about its audience."""

    name: str
    """The service, for example ``Feedly``; for unknown services, the agent's product token."""
    subscribers: int | None
    """The subscriber count the agent reports; ``None`` when it reports none."""
    feed_id: str = ""
    """The service's own id of the feed, when the agent names one."""


@dataclass(frozen=True, slots=True)
class Bot:
    """A crawler or an automated client; ``name`` is the rule that matched."""

    name: str


@dataclass(frozen=True, slots=True)
class Visitor:
    """Anything else: a browser or a self-hosted feed reader."""


VISITOR = Visitor()
"""The one value for agents that are neither aggregators nor bots."""

Agent = Aggregator | Bot | Visitor

# Known aggregators: (name, what identifies it). The name found first in the agent wins,
# so Feedly's "Feedly/1.0 (...; like FeedFetcher-Google)" is Feedly; and aggregators
# are recognised before bots, so "Netvibes (crawler/bot; ...)" is an aggregator.
KNOWN_AGGREGATORS: tuple[tuple[str, str], ...] = (
    ("Feedly", r"feedly"),
    ("Inoreader", r"inoreader"),
    ("NewsBlur", r"newsblur"),
    ("Feedbin", r"feedbin"),
    ("Netvibes", r"netvibes"),
    ("The Old Reader", r"theoldreader|the old reader"),
    ("Overcast", r"overcast"),
    ("Feedfetcher-Google", r"feedfetcher-google"),
    ("BazQux", r"bazqux"),
    ("Bloglovin", r"bloglovin"),
    ("Feedspot", r"feedspot"),
    ("Feeder", r"feeder\.co"),
)
"""Aggregators recognised by name (a regular expression), even without a subscriber count."""

BOT_RULES: tuple[tuple[str, str], ...] = (
    # "bot" anywhere (Googlebot, bingbot, AhrefsBot, Slackbot, GPTBot, UptimeRobot ...),
    # except the Cubot phone brand that browsers on those phones announce.
    ("bot", r"(?<!cu)bot"),
    ("crawler", r"crawl"),
    ("spider", r"spider"),
    ("slurp", r"slurp"),
    ("search-engine-helper", r"mediapartners-google|google-inspectiontool|bingpreview"),
    ("link-preview", r"facebookexternalhit|embedly|skypeuripreview|whatsapp/"),
    ("headless-browser", r"headlesschrome|phantomjs|lighthouse|pagespeed"),
    ("monitor", r"pingdom|uptime|statuscake|site24x7|monitor"),
    (
        "http-library",
        r"^(?:curl|wget|python-requests|python-urllib|python-httpx|aiohttp|go-http-client"
        r"|java|apache-httpclient|libwww-perl|scrapy|node-fetch|axios|httpie|guzzlehttp"
        r"|ruby|php)\b",
    ),
    ("cms", r"^(?:wordpress|drupal|joomla)\b|\bwordpress/\d"),
    ("validator", r"validator|w3c_"),
)
"""Rules (name, regular expression) that mark an agent as a bot, after the aggregators."""

FETCHER_RULES = frozenset({"http-library", "cms"})
"""Bot rules that describe a script or a CMS fetching on a server: from a partner's
server (``[metrics].partners``) such a fetch of a feed or snippet is a partner pickup."""


MAX_AGENT_CHARS = 1024
"""Real agents are a few hundred characters; a longer one is cut here before matching."""


def _alternation(rules: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    # One pattern with a group per rule: a single search finds the first rule that
    # matches anywhere, and ``lastindex`` says which one it was.
    return re.compile("|".join(f"({pattern})" for _, pattern in rules), re.IGNORECASE)


_AGGREGATOR_NAMES = _alternation(KNOWN_AGGREGATORS)
_BOTS = _alternation(BOT_RULES)
# Possessive, and anchored after a non-digit, so a long run of digits costs linear time.
_SUBSCRIBERS = re.compile(r"(?<!\d)(\d++)\s*+(?:subscribers?|readers?)\b", re.IGNORECASE)
_FEED_ID = re.compile(
    r"feed-?id\s*+[=:]\s*+([A-Za-z0-9._~%/+-]++)|newsblur\.com/site/(\d++)", re.IGNORECASE
)
_PRODUCT = re.compile(r"[A-Za-z][\w.-]*+")
_COMPATIBLE_NAME = re.compile(r"\(compatible;\s*+([^;)]+)", re.IGNORECASE)


def classify_user_agent(user_agent: str) -> Agent:
    """Whether an agent is a feed aggregator, a bot or (presumably) a person.

    An empty agent (``-`` in a log) is a bot: browsers and feed readers always send one.
    An agent that reports ``N subscribers`` or ``N readers`` is an aggregator even when
    it is not in ``KNOWN_AGGREGATORS``; it is then named by its product token. Only the
    first ``MAX_AGENT_CHARS`` characters are looked at.
    """
    agent = user_agent[:MAX_AGENT_CHARS].strip()
    if not agent or agent == "-":
        return Bot("empty")
    counted = _SUBSCRIBERS.search(agent)
    known = _AGGREGATOR_NAMES.search(agent)
    if known is not None or counted is not None:
        return Aggregator(
            name=KNOWN_AGGREGATORS[known.lastindex - 1][0]  # type: ignore[operator]
            if known is not None
            else _product_name(agent),
            subscribers=int(counted.group(1)) if counted else None,
            feed_id=_feed_id(agent),
        )
    bot = _BOTS.search(agent)
    if bot is not None:
        return Bot(BOT_RULES[bot.lastindex - 1][0])  # type: ignore[operator]
    return VISITOR


def _feed_id(agent: str) -> str:
    match = _FEED_ID.search(agent)
    if match is None:
        return ""
    return match.group(1) or match.group(2) or ""


def _product_name(agent: str) -> str:
    # "Mozilla/5.0 (compatible; reader.example; 3 subscribers)" names itself inside the
    # parentheses; anything else leads with its product token ("BazQux/2.4 ...").
    if agent.startswith("Mozilla/"):
        compatible = _COMPATIBLE_NAME.search(agent)
        if compatible:
            return compatible.group(1).strip()
    product = _PRODUCT.match(agent)
    return product.group(0) if product else "unknown"
