"""A workspace and metrics store with known figures over fourteen months, for the audit.

Two periods of seven months: June to December 2023 (the previous period) and January
to July 2024 (the period audited), with an issue every month except April 2024, and an
issue in August 2024 just after the period. The figures reach the store the way a
user's do: Mailchimp's Reports export, a click report per issue, a GA4 download, a
month of access log per month (people, feed aggregators reporting subscribers, partner
sites fetching our snippets) and a CSV of figures kept by hand with the forum's 2019
stocktake baselines; the link checks are in the link record, the emails in a build.

Every figure is chosen so that the audit's figures can be worked out by hand; the tests
assert those hand-worked values. A few figures are planted just outside the period
(``PLANTED``): the test checks that none of them shows as a figure of the period.
"""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from spfcomms.checks.linkcache import LinkStore
from spfcomms.checks.linkstatus import LinkResult, LinkStatus
from spfcomms.cli import main as cli_main

BASE = "https://www.socialpartnershipforum.org/bulletin/"
MONTHS = [f"2023-{m:02d}" for m in range(6, 13)] + [
    "2024-01",
    "2024-02",
    "2024-03",
    "2024-05",
    "2024-06",
    "2024-07",
    "2024-08",
]
NUMBERS = {month: n for n, month in enumerate(MONTHS[:10], start=60)} | {
    "2024-05": 71,
    "2024-06": 72,
    "2024-07": 73,
    "2024-08": 74,
}
CASE_STUDY_MONTHS = ("2023-08", "2023-11", "2024-01", "2024-03", "2024-06")
NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
TOPICS = (
    ("violence-prevention", "violence prevention and reduction"),
    ("staff-wellbeing", "staff health and wellbeing"),
    ("retention", "keeping staff in the NHS"),
    ("sexual-safety", "sexual safety at work"),
)

# Email, per issue: sent, soft and hard bounces, unique opens, unique clicks, unsubscribes.
EMAIL: dict[str, tuple[int, int, int, int, int, int]] = {
    **{m: (4000, 60, 40, 1560, 390, 5) for m in MONTHS[:7]},
    "2024-01": (4100, 60, 40, 1600, 400, 4),
    "2024-02": (4100, 60, 40, 1600, 360, 6),
    "2024-03": (4100, 60, 40, 1600, 320, 8),
    "2024-05": (4100, 60, 40, 1600, 280, 10),
    "2024-06": (4100, 60, 40, 1600, 240, 12),
    "2024-07": (4100, 60, 40, 1600, 200, 14),
    "2024-08": (55555, 30, 25, 33333, 7777, 66),
}
GA4_JANUARY = {"issue": 120, "meeting": 200, "case": 60, "news-1": 40, "news-2": 30}
UNOPENED = ("2024-06", "news-2")
"""The item nobody clicked or viewed."""
PLANTED = {
    "before": 999,  # podcast listens on 31 December 2023, the day before the period
    "after": 888,  # podcast listens on 1 August 2024, the day after it
    "across": 4321,  # social impressions from 20 December 2023 to 10 January 2024
    "sent_after": 55555,  # the August 2024 campaign
}
FEEDLY = {m: 30 + n for n, m in enumerate(MONTHS[:7], start=4)} | {
    "2024-01": 42,
    "2024-02": 44,
    "2024-03": 46,
    "2024-04": 47,
    "2024-05": 48,
    "2024-06": 49,
    "2024-07": 50,
    "2024-08": 70,
}
INOREADER = 5
STOCKTAKE = "NSPF stocktake 2019"

CONFIG = f"""[site]
name = "Social Partnership Forum"
base_url = "{BASE}"
timezone = "Europe/London"

[metrics.partners]
"example-trust.nhs.uk" = "example-trust"
"unison-north.example.org" = "north-union"

[audit]
owner = "SPF programme manager"
review_months = 3
baseline_sources = ["{STOCKTAKE}"]
owners = {{ kind-clicked-more = "bulletin editor" }}

[[audit.objectives]]
text = "Readers act on the bulletin"
measure = "email.click_rate"
target = ">= 8%"

[[audit.objectives]]
text = "Feed readers grow by a quarter a year"
measure = "feed.subscribers"
target = "+25% a year"

[[audit.objectives]]
text = "Every issue reaches every partner site"
measure = "partner.issue_coverage"
target = "100%"

[[audit.objectives]]
text = "Bulletin pages read as much as the stocktake's most-read page"
measure = "web.bulletin_views"
target = ">= baseline"
baseline = "web.page_views"

[[audit.objectives]]
text = "The podcast keeps its audience"
measure = "podcast.listens"
target = ">= baseline"
baseline = "podcast.listens"

[[audit.objectives]]
text = "Social media keeps winning followers"
measure = "social.new_followers"
target = ">= baseline"
baseline = "social.new_followers:twitter"

[[audit.objectives]]
text = "An issue every month"
measure = "content.months_without_issue"
target = "<= 0"
"""


def main(argv: list[str]) -> int:
    """``spfcomms argv``, leaving the ``spfcomms`` logger as it was.

    The command line points the logger at its own stderr and stops propagation; the
    suite puts it back after each test, but fixtures wider than a test run outside that,
    and would leave later tests' ``caplog`` blind."""
    logger = logging.getLogger("spfcomms")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    try:
        return cli_main(argv)
    finally:
        logger.handlers[:], logger.level, logger.propagate = saved


def month_name(month: str) -> str:
    year, number = month.split("-")
    return f"{NAMES[int(number) - 1]} {year}"


def news_link(month: str, n: int) -> str:
    """The address a news item links to."""
    return f"https://www.nhsemployers.org/guidance/{month}-{n}"


def issue_number(month: str) -> int:
    """The fixture's numbers; other months are numbered by their distance from 2000."""
    year, number = (int(p) for p in month.split("-"))
    return NUMBERS.get(month, (year - 2000) * 12 + number)


def issue_date(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 18)


@dataclass(frozen=True)
class Item:
    """An item of the fixture: its id, kind and file text."""

    id: str
    kind: str
    slug: str
    text: str


def items_of(month: str) -> list[Item]:
    """The items of one issue: Key comms, a case study in some months, two news items."""
    day = issue_date(month).isoformat()
    tag, topic = TOPICS[(int(month[5:]) + 1) % len(TOPICS)]
    union = month == "2024-02"
    second = (
        "Presented by: Jo Bright (UNISON)"
        if union
        else "Presented by: Sam Field, deputy director (Department of Health and Social Care)"
    )
    meeting = f"""+++
kind = "meeting-summary"
id = "wider-group-{month}"
title = "Key comms: SPF Wider Group, {month_name(month)}"
date = {day}
summary = "The Wider Group discussed {topic} and the workforce plan."
tags = ["{tag}", "partnership-working"]
group = "Wider Group"
meeting_date = {month}-10
+++

The forum's co-chairs opened the meeting.

## Workforce plan

Presented by: Dana Moor (NHS Employers)

Employers described how trusts are planning their workforce with their unions.

## {topic.capitalize()}

{second}

Partners agreed to share examples of {topic} from local forums.
"""
    found = [Item(f"wider-group-{month}", "meeting", f"wider-group-{month}", meeting)]
    if month in CASE_STUDY_MONTHS:
        found.append(
            Item(
                f"case-{month}",
                "case",
                f"case-{month}",
                f"""+++
kind = "case-study"
id = "case-{month}"
title = "Partnership at a trust, {month_name(month)}"
date = {day}
summary = "How a trust and its staff side agreed a new approach to {topic}."
tags = ["{tag}"]
organisations = ["Example Hospital NHS Foundation Trust"]
region = "North West"
+++

The trust and its staff side worked on {topic} together.

## What they did

They met every month and agreed a plan.
""",
            )
        )
    for n in (1, 2):
        link = (
            f"[click here]({news_link(month, n)})"
            if month == "2024-02" and n == 1
            else f"[the guidance on {topic}]({news_link(month, n)})"
        )
        found.append(
            Item(
                f"news-{month}-{n}",
                f"news-{n}",
                f"news-{month}-{n}",
                f"""+++
kind = "news"
id = "news-{month}-{n}"
title = "News {n} of {month_name(month)}: {topic}"
date = {day}
summary = "A short story about {topic}."
tags = ["{tag}"]
+++

Partners published new material on {topic}; read {link}.
""",
            )
        )
    return found


def write_workspace(
    root: Path, months: list[str] | None = None, config: str = CONFIG
) -> Path:
    """The fixture workspace: settings and its issues (by default the fifteen)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "spfcomms.toml").write_text(config, encoding="utf-8")
    for month in months if months is not None else MONTHS:
        folder = root / "issues" / month
        folder.mkdir(parents=True)
        items = items_of(month)
        for item in items:
            (folder / f"{item.id}.md").write_text(item.text, encoding="utf-8")
        names = ", ".join(f'"{item.id}"' for item in items)
        (folder / "issue.toml").write_text(
            f'number = {issue_number(month)}\ndate = {issue_date(month).isoformat()}\n'
            f'title = "{month_name(month)}: the forum\'s news"\n'
            f'intro = "What the forum did in {month_name(month)}."\nitems = [{names}]\n',
            encoding="utf-8",
        )
    return root


MAILCHIMP_HEADER = (
    'Title,Subject,List,"Send Date","Send Weekday","Total Recipients",'
    '"Successful Deliveries","Soft Bounces","Hard Bounces","Total Bounces",'
    '"Times Forwarded","Forwarded Opens","Unique Opens","Open Rate","Total Opens",'
    '"Unique Clicks","Click Rate","Total Clicks",Unsubscribes,"Abuse Complaints",'
    '"Times Liked on Facebook","Folder Id","Unique Id"'
)


def mailchimp_reports(folder: Path) -> Path:
    """Mailchimp's Reports page export: one row per campaign."""
    lines = [MAILCHIMP_HEADER]
    for n, month in enumerate(MONTHS):
        sent, soft, hard, opens, clicks, unsubscribed = EMAIL[month]
        day = issue_date(month)
        delivered = sent - soft - hard
        lines.append(
            f'"SPF bulletin {month_name(month)}","{month_name(month)}: the forum\'s news",'
            f'"SPF bulletin subscribers","{day:%b} {day.day:02d}, {day.year} 10:00 am",'
            f'{day:%A},{sent},{delivered},{soft},{hard},{soft + hard},0,0,{opens},'
            f'{opens / delivered:.2%},{opens * 2},{clicks},{clicks / delivered:.2%},'
            f"{clicks * 2},{unsubscribed},0,0,0,c{n:04d}a{n:04d}"
        )
    path = folder / "mailchimp-reports.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CLICKS = {"meeting": (50, 45), "agenda": (10, 9), "case": (25, 22), "news-1": (10, 9),
          "news-2": (10, 9)}  # fmt: skip


def click_reports(folder: Path) -> list[Path]:
    """A click report per issue (``URL,Total Clicks,Unique Clicks``), links as emailed."""
    paths = []
    for month in MONTHS:
        utm = f"utm_source=spf-bulletin&utm_medium=email&utm_campaign={month}"
        rows = [("URL", "Total Clicks", "Unique Clicks")]
        for item in items_of(month):
            if (month, item.kind) == UNOPENED:
                continue
            total, unique = CLICKS[item.kind]
            rows.append((f"{BASE}items/{item.slug}/?{utm}", str(total), str(unique)))
            if item.kind == "meeting":
                total, unique = CLICKS["agenda"]
                rows.append(
                    (f"{BASE}items/{item.slug}/?{utm}#workforce-plan", str(total), str(unique))
                )
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerows(rows)
        path = folder / f"clicks-{month}.csv"
        path.write_text(buffer.getvalue(), encoding="utf-8")
        paths.append(path)
    return paths


def ga4_january(folder: Path) -> Path:
    """GA4's "Pages and screens" download for the January 2024 issue's month."""
    items = {item.kind: item for item in items_of("2024-01")}
    rows = [("/bulletin/issues/2024-01/", GA4_JANUARY["issue"])] + [
        (f"/bulletin/items/{items[kind].slug}/", GA4_JANUARY[kind])
        for kind in ("meeting", "case", "news-1", "news-2")
    ]
    text = (
        "# ----------------------------------------\n"
        "# Pages and screens: Page path and screen class\n"
        "# Account: Social Partnership Forum (test figures)\n"
        "# Property: SPF website - GA4\n"
        "# ----------------------------------------\n#\n# All Users\n"
        "# Start date: 20240118\n# End date: 20240217\n"
        "Page path and screen class,Views,Users,Views per user,Average engagement time,"
        "Event count,Key events,Total revenue\n"
        + "".join(f"{path},{n},{n // 2},2.00,40.0,{n * 3},0,0\n" for path, n in rows)
    )
    path = folder / "ga4-pages-2024-01.csv"
    path.write_text(text, encoding="utf-8")
    return path


BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0"
FEEDLY_AGENT = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; {n} subscribers)"
INOREADER_AGENT = (
    "Mozilla/5.0 (compatible; Inoreader/1.0; https://www.inoreader.com; {n} subscribers; )"
)


def _line(ip: str, when: datetime, path: str, agent: str = BROWSER, referer: str = "-") -> str:
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return f'{ip} - - [{stamp}] "GET {path} HTTP/1.1" 200 5120 "{referer}" "{agent}"\n'


def access_logs(folder: Path) -> list[Path]:
    """A month of access log per month from June 2023 to August 2024."""
    months = [f"2023-{m:02d}" for m in range(6, 13)] + [f"2024-{m:02d}" for m in range(1, 9)]
    paths = []
    for month in months:
        year, number = (int(p) for p in month.split("-"))

        def at(
            day: int, hour: int, minute: int = 0, year: int = year, number: int = number
        ) -> datetime:
            return datetime(year, number, day, hour, minute, tzinfo=UTC)

        lines = [_line("192.0.2.10", at(3, 8), "/bulletin/feed.xml",
                       FEEDLY_AGENT.format(n=FEEDLY[month] - 2))]  # fmt: skip
        if month in MONTHS:
            ip = 0
            for item in [None, *items_of(month)]:
                path = f"/bulletin/items/{item.slug}/" if item else f"/bulletin/issues/{month}/"
                views = 8 if item is None else (0 if (month, item.kind) == UNOPENED else 4)
                for n in range(views):
                    ip += 1
                    lines.append(_line(f"198.51.100.{ip}", at(19, 9, n), path))
        for n in range(20):
            lines.append(_line(f"203.0.113.{n + 1}", at(20, 10, n), "/"))
        for n in range(5):
            lines.append(_line(f"203.0.113.{n + 101}", at(21, 10, n), "/contact-us"))
        for n in range(3):
            lines.append(
                _line("192.0.2.50", at(22, 11, n), "/bulletin/snippets/latest.html",
                      referer="https://example-trust.nhs.uk/news/")
            )  # fmt: skip
        if month < "2024-04":
            for n in range(2):
                lines.append(
                    _line("192.0.2.60", at(23, 11, n), "/bulletin/feed.xml",
                          referer="https://unison-north.example.org/bulletin/")
                )  # fmt: skip
        lines.append(_line("192.0.2.20", at(24, 8), "/bulletin/atom.xml",
                           INOREADER_AGENT.format(n=INOREADER)))  # fmt: skip
        lines.append(_line("192.0.2.10", at(27, 17), "/bulletin/feed.xml",
                           FEEDLY_AGENT.format(n=FEEDLY[month])))  # fmt: skip
        path = folder / f"access-{month}.log"
        path.write_text("".join(sorted(lines, key=_when)), encoding="utf-8")
        paths.append(path)
    return paths


def _when(line: str) -> datetime:
    return datetime.strptime(line.split("[", 1)[1].split("]", 1)[0], "%d/%b/%Y:%H:%M:%S %z")


def hand_kept(folder: Path) -> Path:
    """Figures kept by hand: the stocktake's baselines, podcast episodes, new followers
    each month, and the figures planted just outside the period."""
    rows = [
        "channel,metric,value,unit,period_start,period_end,issue,label,source,note",
        f"web,page_views,3736,views,2018-04-01,2019-02-28,,tackling bullying page,{STOCKTAKE},",
        f"podcast,listens,400,listens,2018-06-01,2019-02-28,,award episode,{STOCKTAKE},",
        f"social,new_followers,154,followers,2018-04-01,2019-02-28,,twitter,{STOCKTAKE},",
        "podcast,listens,300,listens,2023-09-05,2023-09-30,,September episode,host statistics,",
        "podcast,listens,250,listens,2024-02-01,2024-02-29,,February episode,host statistics,",
        "podcast,listens,350,listens,2024-06-01,2024-06-30,,June episode,host statistics,",
        f"podcast,listens,{PLANTED['before']},listens,2023-12-31,2023-12-31,,year-end special,"
        "host statistics,",
        f"podcast,listens,{PLANTED['after']},listens,2024-08-01,2024-08-01,,summer special,"
        "host statistics,",
        f"social,impressions,{PLANTED['across']},impressions,2023-12-20,2024-01-10,,linkedin,"
        "page analytics,",
    ]
    for month in [f"2023-{m:02d}" for m in range(6, 13)] + [f"2024-{m:02d}" for m in range(1, 8)]:
        year, number = (int(p) for p in month.split("-"))
        last = (date(year + number // 12, number % 12 + 1, 1) - date.resolution).isoformat()
        gained = 10 if year == 2023 else 20
        rows.append(
            f"social,new_followers,{gained},followers,{month}-01,{last},,twitter,X analytics,"
        )
    path = folder / "hand-kept.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


LINKS = {
    "ok": news_link("2024-01", 1),
    "broken": news_link("2024-02", 2),
    "redirected": news_link("2024-03", 1),
    "after": news_link("2024-07", 1),
}


def link_record(root: Path) -> None:
    """Results of spfcomms check --links on four days: three in the period, one after."""
    store = LinkStore(root / ".spfcomms" / "linkcheck.sqlite")

    def result(uri: str, status: LinkStatus, code: int, day: date) -> LinkResult:
        when = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        return LinkResult(uri, status, code, "" if code < 400 else "Not Found", (), when)

    try:
        store.record(
            [
                result(LINKS["ok"], LinkStatus.OK, 200, date(2024, 2, 10)),
                result(LINKS["broken"], LinkStatus.OK, 200, date(2024, 2, 10)),
                result(LINKS["broken"], LinkStatus.BROKEN, 404, date(2024, 3, 10)),
                result(LINKS["redirected"], LinkStatus.REDIRECTED, 301, date(2024, 3, 10)),
                result(LINKS["broken"], LinkStatus.BROKEN, 404, date(2024, 6, 10)),
                result(LINKS["after"], LinkStatus.BROKEN, 404, date(2024, 8, 5)),
            ]
        )
    finally:
        store.close()


def exports(folder: Path) -> list[Path]:
    """Every export of the fixture, written into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        mailchimp_reports(folder),
        *click_reports(folder),
        ga4_january(folder),
        *access_logs(folder),
        hand_kept(folder),
    ]


def fourteen_months(root: Path, *, build: bool = True) -> Path:
    """The workspace with its store filled, its link record and (with ``build``) a build."""
    write_workspace(root)
    files = exports(root.parent / f"{root.name}-exports")
    assert main(["-q", "-c", str(root), "metrics", "import", *map(str, files)]) == 0
    link_record(root)
    if build:
        assert main(["-q", "-c", str(root), "build"]) == 0
    return root
