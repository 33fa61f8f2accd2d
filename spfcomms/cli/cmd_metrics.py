"""``spfcomms metrics init|import|show``: the reach-metrics store from the command line."""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..exceptions import MetricsError, SpfcommsError
from ._common import EXIT_ERROR, EXIT_OK, config_from_args, print_error, print_out

# The same list as spfcomms.metrics.FORMATS (a test keeps them equal), written out so
# that building the argument parser does not import the database layer.
FORMATS = (
    "mailchimp-csv",
    "mailchimp-report-csv",
    "mailchimp-json",
    "mailchimp-api-csv",
    "klaviyo-csv",
    "mapped-csv",
    "link-clicks-csv",
    "ga4-csv",
    "matomo-csv",
    "manual-csv",
    "manual-toml",
    "access-log",
)


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    parser = subparsers.add_parser(
        "metrics",
        parents=[common],
        help="import reach figures (mailing tool, analytics, logs, manual) and show them",
        description="Keep reach figures per issue, item and link in the metrics store: an "
        "SQLite file in the workspace, or the database named by SPFCOMMS_DATABASE_URL or "
        "[metrics].database_url. The store is created and migrated when first used.",
    )
    actions = parser.add_subparsers(dest="metrics_command", metavar="ACTION", required=True)

    init = actions.add_parser(
        "init", parents=[common], help="create the metrics store, or bring its schema up to date"
    )
    init.set_defaults(handler=run_init)

    importer = actions.add_parser(
        "import",
        parents=[common],
        help="import export files into the store",
        description="Import one or more export files. Each file is one transaction: a bad "
        "row stops that file with file:line and stores nothing from it. The same file "
        "twice changes nothing; a newer export of the same campaign or period replaces "
        "the older figures.",
    )
    importer.add_argument(
        "sources",
        nargs="+",
        type=Path,
        metavar="SOURCE",
        help="export file(s): .json, .csv, .toml, access logs (.log, .gz)",
    )
    importer.add_argument("--format", choices=FORMATS, help="the file format (default: detected)")
    importer.add_argument("--issue", help="the issue a campaign or click report belongs to")
    importer.add_argument(
        "--from",
        dest="period_start",
        type=_day,
        metavar="YYYY-MM-DD",
        help="first day an analytics export covers, if the file does not say",
    )
    importer.add_argument(
        "--to",
        dest="period_end",
        type=_day,
        metavar="YYYY-MM-DD",
        help="last day an analytics export covers",
    )
    importer.set_defaults(handler=run_import)

    pull = actions.add_parser(
        "pull",
        parents=[common],
        help="pull campaign reports from the mailing tool's API into the store",
        description="Read campaign reports and clicks per URL from Mailchimp's Marketing API "
        "and store them as an import does. The API key is read from the environment "
        "variable [metrics].mailchimp_api_key_env names (SPFCOMMS_MAILCHIMP_API_KEY by "
        "default), never from spfcomms.toml. Campaigns that match no issue are skipped and "
        "listed; pulling again when nothing changed stores nothing.",
    )
    pull.add_argument("tool", choices=("mailchimp",), help="the mailing tool")
    pull.add_argument(
        "--since",
        type=_month,
        metavar="YYYY-MM",
        help="only campaigns sent from this month on (default: every campaign)",
    )
    pull.set_defaults(handler=run_pull)

    show = actions.add_parser(
        "show",
        parents=[common],
        help="print the figures per issue (a table, CSV or JSON)",
        description="Print each issue's reach: email (sent, delivered, opens, clicks, rates), "
        "web views, feed subscribers, partner pickups, manual figures and clicks per item; "
        "then the site as a whole. When several sources measured the same thing, the one "
        "[metrics].prefer puts first is shown and the others are named, never added.",
    )
    show.add_argument("issue", nargs="?", help="one issue id (default: every issue)")
    output = show.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="CSV, one row per issue")
    output.add_argument("--json", action="store_true", help="JSON, everything")
    show.add_argument(
        "--items", action="store_true", help="with --csv: one row per item instead of per issue"
    )
    show.add_argument(
        "--site",
        action="store_true",
        help="only the site section: feed subscribers over time, feed fetches, partner "
        "pickups, views of every site page, hand-kept figures of no issue",
    )
    show.set_defaults(handler=run_show)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (use YYYY-MM-DD)") from None


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a month (use YYYY-MM)") from None


def _open_store(args: argparse.Namespace) -> Any:
    from ..metrics import MetricsStore

    config = config_from_args(args)
    store = MetricsStore.open(config)
    upgrade = store.last_upgrade
    if upgrade is not None and upgrade.changed and args.verbosity >= 0:
        was = upgrade.before or "empty"
        saved = f" (previous file kept as {upgrade.backup})" if upgrade.backup else ""
        print_error(f"metrics store {store.url}: schema {was} -> {upgrade.after}{saved}")
    return config, store


def run_init(args: argparse.Namespace) -> int:
    config, store = _open_store(args)
    with store:
        revision = store.current_revision()
    if args.verbosity >= 0:
        print_out(f"metrics store ready: {store.url} (schema {revision})")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from ..build import load_workspace
    from ..metrics import import_file

    config, store = _open_store(args)
    workspace = load_workspace(config)
    failed = 0
    with store:
        for path in args.sources:
            started = time.perf_counter()
            with _ProgressBar(path.name, enabled=args.verbosity >= 0) as bar:
                try:
                    result = import_file(
                        store,
                        workspace,
                        path,
                        format=args.format,
                        issue=args.issue,
                        period_start=args.period_start,
                        period_end=args.period_end,
                        progress=bar.update,
                    )
                except SpfcommsError as exc:
                    bar.stop()
                    print_error(f"spfcomms: error: {exc}")
                    print_error(f"{path.name}: nothing stored")
                    failed += 1
                    continue
            if args.verbosity >= 0:
                for line in result.messages():
                    print_out(line)
            elapsed = time.perf_counter() - started
            if args.verbosity > 0 or bar.shown:
                lines = result.lines_read
                rate = lines / elapsed if elapsed > 0 else 0.0
                print_out(f"{path.name}: {lines:,} lines in {elapsed:.1f} s ({rate:,.0f} lines/s)")
    return EXIT_ERROR if failed else EXIT_OK


def run_pull(args: argparse.Namespace) -> int:
    from ..build import load_workspace
    from ..metrics import pull_mailchimp

    config, store = _open_store(args)
    workspace = load_workspace(config)
    with store, _ProgressBar("Mailchimp API", enabled=args.verbosity >= 0) as bar:
        try:
            result = pull_mailchimp(store, workspace, since=args.since, progress=bar.update)
        except SpfcommsError as exc:
            bar.stop()
            print_error(f"spfcomms: error: {exc}")
            print_error("Mailchimp API: nothing stored")
            return EXIT_ERROR
    if args.verbosity >= 0:
        for line in result.messages():
            print_out(line)
    return EXIT_OK


class _ProgressBar:
    """A rich progress bar on standard error, only when it is a terminal."""

    def __init__(self, name: str, *, enabled: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.shown = enabled and self.console.is_terminal
        self.done = 0
        self.name = name
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> _ProgressBar:
        if self.shown:
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.name, total=None)
        return self

    def update(self, done: int, total: int | None) -> None:
        self.done = done
        if self._progress is not None:
            self._progress.update(self._task, completed=done, total=total)

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_show(args: argparse.Namespace) -> int:
    from ..metrics import issue_summaries, issue_summary, site_summary

    if args.site and args.issue:
        raise MetricsError("give an issue or --site, not both")
    config, store = _open_store(args)
    prefer = config.metrics.prefer
    with store:
        summaries = []
        if not args.site:
            summaries = (
                [issue_summary(store, args.issue, prefer=prefer)]
                if args.issue
                else issue_summaries(store, prefer=prefer)
            )
        site = None if args.issue else site_summary(store, prefer=prefer)
    if not summaries and (site is None or site.is_empty):
        raise MetricsError(
            f"the metrics store {store.url} is empty: import some figures with "
            "'spfcomms metrics import FILE'"
        )
    if args.json:
        data: dict[str, Any] = {}
        if not args.site:
            data["issues"] = [s.as_dict() for s in summaries]
        if site is not None:
            data["site"] = site.as_dict()
        json.dump(data, sys.stdout, indent=2, default=_json_value, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.csv and args.site:
        _write_site_csv(site)
    elif args.csv:
        _write_csv(summaries, items=args.items)
    else:
        _print_tables(summaries, config.tz)
        if site is not None and not site.is_empty:
            _print_site(site, config.tz)
    return EXIT_OK


def _json_value(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


ISSUE_COLUMNS = (
    "issue",
    "title",
    "published",
    "email_source",
    "sent",
    "delivered",
    "bounces",
    "unique_opens",
    "opens_mpp_inflated",
    "unique_opens_excluding_mpp",
    "open_rate",
    "open_rate_excluding_mpp",
    "unique_clicks",
    "click_rate",
    "click_to_open_rate",
    "unsubscribed",
    "unsubscribe_rate",
    "abuse_reports",
    "email_other_sources",
    "web_views",
    "web_views_source",
    "web_views_other_sources",
    "feed_subscribers",
    "direct_feed_readers",
    "partner_pickups",
    "manual",
)
ITEM_COLUMNS = (
    "issue",
    "item",
    "title",
    "clicks",
    "unique_clicks",
    "clicks_by_anchor",
    "clicks_source",
    "page_views",
    "page_views_source",
    "page_views_other_sources",
)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:.4f}"


def _others(figure: Any) -> str:
    """``access-log=34; matomo=1502``: what the sources not taken said."""
    if figure is None:
        return ""
    return "; ".join(f"{s}={_number(v)}" for s, v in figure.others.items())


def _write_csv(summaries: list[Any], *, items: bool) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    if items:
        writer.writerow(ITEM_COLUMNS)
        for s in summaries:
            for item in s.items:
                views = item.page_views
                writer.writerow(
                    [
                        s.issue_id,
                        item.item_id or "",
                        item.title,
                        item.clicks,
                        "" if item.unique_clicks is None else item.unique_clicks,
                        "; ".join(f"{k}={v}" for k, v in item.clicks_by_anchor.items()),
                        item.clicks_source or "",
                        _number(views.value) if views else "",
                        views.source if views else "",
                        _others(views),
                    ]
                )
        return
    writer.writerow(ISSUE_COLUMNS)
    for s in summaries:
        e = s.email

        def get(name: str, e: Any = e) -> float | None:
            return getattr(e, name) if e is not None else None

        views = s.web_views
        writer.writerow(
            [
                s.issue_id,
                s.title,
                s.published.isoformat() if s.published else "",
                e.source if e is not None else "",
                *(_number(get(n)) for n in ("sent", "delivered", "bounces", "unique_opens")),
                "yes" if e is not None and e.opens_mpp_inflated else "",
                *(
                    _number(get(n))
                    for n in (
                        "unique_opens_excluding_mpp",
                        "open_rate",
                        "open_rate_excluding_mpp",
                        "unique_clicks",
                        "click_rate",
                        "click_to_open_rate",
                        "unsubscribed",
                        "unsubscribe_rate",
                        "abuse_reports",
                    )
                ),
                "; ".join(
                    f"{source}: " + " ".join(f"{k}={_number(v)}" for k, v in said.items())
                    for source, said in (e.others.items() if e is not None else ())
                ),
                _number(views.value) if views else "",
                views.source if views else "",
                _others(views),
                _number(s.feed_subscribers),
                _number(s.direct_feed_readers),
                _number(sum(s.partner_pickups.values())) if s.partner_pickups else "",
                "; ".join(
                    f"{f.channel}/{f.metric}{'/' + f.label if f.label else ''}={_number(f.value)}"
                    + (f" {f.unit}" if f.unit else "")
                    for f in s.manual
                ),
            ]
        )


def _write_site_csv(site: Any) -> None:
    from ..metrics.site import SITE_COLUMNS, site_rows

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(SITE_COLUMNS)
    writer.writerows(site_rows(site))


def _count(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, width=max(100, Console(file=sys.stdout).width))


def _said(figure: Any) -> str:
    """``ga4; access-log said 34``: the source taken and what the others said."""
    others = figure.describe_others()
    return str(figure.source) + (f"; {others} (not added)" if others else "")


def _print_tables(summaries: list[Any], tz: Any) -> None:
    from rich.table import Table

    console = _console()
    for s in summaries:
        table = Table(title=f"{s.issue_id}  {s.title}", title_justify="left", show_header=True)
        table.add_column("Figure")
        table.add_column("Value", justify="right")
        table.add_column("Notes")
        e = s.email
        if e is not None:
            via = e.source
            if e.others:
                via += "; also reported by " + ", ".join(e.others) + " (not added)"
            table.add_row("Sent", _count(e.sent), via)
            table.add_row("Delivered", _count(e.delivered), "sent - bounces")
            opens_note = "includes privacy-proxy opens (MPP)" if e.opens_mpp_inflated else ""
            if e.unique_opens_excluding_mpp is not None:
                opens_note += (
                    f"; {_count(e.unique_opens_excluding_mpp)} without them "
                    f"({_percent(e.open_rate_excluding_mpp)})"
                )
            table.add_row(
                "Unique opens" + (" *" if e.opens_mpp_inflated else ""),
                _count(e.unique_opens),
                opens_note.strip("; "),
            )
            table.add_row("Open rate", _percent(e.open_rate), "unique opens / delivered")
            table.add_row("Unique clicks", _count(e.unique_clicks), "")
            table.add_row("Click rate", _percent(e.click_rate), "unique clicks / delivered")
            table.add_row(
                "Click-to-open (CTOR)",
                _percent(e.click_to_open_rate),
                "unique clicks / unique opens",
            )
            table.add_row(
                "Unsubscribes", _count(e.unsubscribed), f"{_percent(e.unsubscribe_rate)} of sent"
            )
        else:
            table.add_row("Email", "-", "no campaign report imported")
        if s.web_views is not None:
            table.add_row("Web views", _count(s.web_views.value), _said(s.web_views))
        table.add_row(
            "Feed subscribers",
            _count(s.feed_subscribers),
            "aggregators' latest counts" if s.feed_subscribers is not None else "",
        )
        if s.direct_feed_readers is not None:
            table.add_row("Direct feed readers", _count(s.direct_feed_readers), "")
        table.add_row(
            "Partner pickups",
            _count(sum(s.partner_pickups.values())) if s.partner_pickups else "-",
            ", ".join(s.partner_pickups),
        )
        for figure in s.manual:
            _manual_row(table, figure, tz)
        console.print(table)
        if s.items:
            items = Table(title="Clicks and views per item", title_justify="left")
            items.add_column("Item")
            items.add_column("Clicks", justify="right")
            items.add_column("Unique", justify="right")
            items.add_column("Page views", justify="right")
            items.add_column("Top agenda items / sections")
            for item in s.items:
                top = sorted(item.clicks_by_anchor.items(), key=lambda kv: -kv[1])[:3]
                views = item.page_views
                items.add_row(
                    item.title,
                    _count(item.clicks),
                    "-" if item.unique_clicks is None else _count(item.unique_clicks),
                    f"{_count(views.value)} {views.source}" if views else "-",
                    ", ".join(f"#{k} {v}" for k, v in top),
                )
            console.print(items)
        console.print()


def _days(start: Any, end: Any, tz: Any) -> str:
    from ..metrics.measures import days_covered

    return days_covered(start, end, tz)


def _manual_row(table: Any, figure: Any, tz: Any) -> None:
    """A hand-kept figure with its metric, label, unit, period, source and note."""
    label = f"{figure.channel} {figure.metric.replace('_', ' ')}"
    if figure.label:
        label += f" ({figure.label})"
    period = _days(figure.period_start, figure.period_end, tz)
    value = _count(figure.value) + (f" {figure.unit}" if figure.unit else "")
    notes = "; ".join(p for p in (period, figure.source or "", figure.note or "") if p)
    table.add_row(label[:1].upper() + label[1:], value, notes)


SITE_PAGES_SHOWN = 20


def _print_site(site: Any, tz: Any) -> None:
    from rich.table import Table

    console = _console()
    table = Table(title="The site as a whole", title_justify="left", show_header=True)
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    table.add_column("Notes")
    for count in site.latest_feed_subscribers:
        when = _days(count.reported_at, None, tz) or count.month
        table.add_row(
            f"Feed subscribers: {count.aggregator}, {count.feed}",
            _count(count.subscribers),
            f"latest count, {when}; {count.source}",
        )
    for title, group in (
        ("Feed fetches", site.feed_fetches),
        ("Direct feed readers", site.direct_feed_readers),
        ("Partner pickups", site.partner_pickups),
    ):
        for named in group:
            table.add_row(
                f"{title}: {named.name}", _count(named.figure.value), _span(named.figure, tz)
            )
    for page in site.pages[:SITE_PAGES_SHOWN]:
        table.add_row(f"Views: {page.page}", _count(page.views.value), _span(page.views, tz))
    if len(site.pages) > SITE_PAGES_SHOWN:
        more = len(site.pages) - SITE_PAGES_SHOWN
        table.add_row("Views: other pages", "", f"{more} more page(s) in --json and --csv")
    for figure in site.manual:
        _manual_row(table, figure, tz)
    console.print(table)
    if len({c.month for c in site.feed_subscribers}) > 1:
        history = Table(title="Feed subscribers by month (latest count)", title_justify="left")
        history.add_column("Month")
        history.add_column("Aggregator")
        history.add_column("Feed")
        history.add_column("Subscribers", justify="right")
        for count in site.feed_subscribers:
            history.add_row(count.month, count.aggregator, count.feed, _count(count.subscribers))
        console.print(history)


def _span(figure: Any, tz: Any) -> str:
    """``2023-12-01 to 2023-12-31; access-log``, with what other sources said."""
    span = _days(figure.period_start, figure.period_end, tz)
    return "; ".join(p for p in (span, _said(figure)) if p)
