"""``spfcomms metrics init|import|pull|show``: the reach-metrics store from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..metrics.formats import FORMATS, PULL_TOOLS
from ..model.config import Config
from ..model.exceptions import SpfcommsError
from ._common import (
    EXIT_ERROR,
    EXIT_OK,
    add_json_option,
    config_from_args,
    format_problem,
    print_error,
    print_out,
    write_problems_json,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from ..metrics.measures import Figure
    from ..metrics.site import SiteSummary
    from ..metrics.store import MetricsStore
    from ..metrics.summary import IssueSummary, ManualFigure


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
    add_json_option(importer)
    importer.set_defaults(handler=run_import)

    pull = actions.add_parser(
        "pull",
        parents=[common],
        help="pull campaign reports from the mailing tool's API into the store",
        description="Read campaign reports and clicks per URL from Mailchimp's Marketing API "
        "and store them as an import does. The API key is read from the environment "
        "variable [mailchimp].api_key_env names (SPFCOMMS_MAILCHIMP_API_KEY by "
        "default), never from spfcomms.toml. Campaigns that match no issue are skipped and "
        "listed; pulling again when nothing changed stores nothing.",
    )
    pull.add_argument("tool", choices=PULL_TOOLS, help="the mailing tool")
    pull.add_argument(
        "--since",
        type=_month,
        metavar="YYYY-MM",
        help="only campaigns sent from this month on (default: every campaign)",
    )
    add_json_option(pull)
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


def _open_store(args: argparse.Namespace) -> tuple[Config, MetricsStore]:
    from ..metrics.store import MetricsStore

    config = config_from_args(args)
    store = MetricsStore.open(config)
    upgrade = store.last_upgrade
    # A new store is simply created; only an upgrade of one holding figures is news.
    if upgrade is not None and upgrade.changed and upgrade.before and args.verbosity >= 0:
        saved = f"; the previous file is kept as {upgrade.backup}" if upgrade.backup else ""
        print_error(
            f"spfcomms: note: upgraded the metrics store {store.url} from schema "
            f"{upgrade.before} to {upgrade.after}{saved}"
        )
    return config, store


def run_init(args: argparse.Namespace) -> int:
    config, store = _open_store(args)
    with store:
        revision = store.current_revision()
    if args.verbosity >= 0:
        print_out(f"metrics store ready: {store.url} (schema {revision})")
    return EXIT_OK


def run_import(args: argparse.Namespace) -> int:
    from ..commands.metrics import import_files
    from ..workspace.collect import load_workspace

    config, store = _open_store(args)
    workspace = load_workspace(config)
    with store, _ProgressBars(enabled=args.verbosity >= 0) as bars:
        outcomes = import_files(
            store,
            workspace,
            args.sources,
            format=args.format,
            issue=args.issue,
            period_start=args.period_start,
            period_end=args.period_end,
            progress=lambda path: bars.follow(path.name),
        )
    for outcome in outcomes:
        if outcome.failure is not None:
            print_error(f"spfcomms: error: {outcome.failure}")
            print_error(f"{outcome.path.name}: nothing stored")
            continue
        assert outcome.result is not None
        if args.verbosity >= 0:
            for line in outcome.result.messages():
                print_out(line)
            for problem in outcome.problems:
                print_out(format_problem(problem))
        if args.verbosity > 0 or bars.shown:
            print_out(
                f"{outcome.path.name}: {outcome.result.lines_read:,} lines in "
                f"{outcome.seconds:.1f} s ({outcome.lines_per_second:,.0f} lines/s)"
            )
    if args.json is not None:
        write_problems_json(args.json, [p for o in outcomes for p in o.problems])
    return EXIT_ERROR if any(o.failure is not None for o in outcomes) else EXIT_OK


def run_pull(args: argparse.Namespace) -> int:
    from ..commands.metrics import pull
    from ..workspace.collect import load_workspace

    config, store = _open_store(args)
    workspace = load_workspace(config)
    with store, _ProgressBars(enabled=args.verbosity >= 0) as bars:
        try:
            result = pull(
                store,
                workspace,
                args.tool,
                since=args.since,
                progress=bars.follow(f"{args.tool.capitalize()} API"),
            )
        except SpfcommsError as exc:
            bars.stop()
            print_error(f"spfcomms: error: {exc}")
            print_error(f"{args.tool.capitalize()} API: nothing stored")
            return EXIT_ERROR
    if args.verbosity >= 0:
        for line in result.messages():
            print_out(line)
        for problem in result.problems:
            print_out(format_problem(problem))
    if args.json is not None:
        write_problems_json(args.json, result.problems)
    return EXIT_OK


class _ProgressBars:
    """One rich progress bar per file on standard error, only when it is a terminal."""

    def __init__(self, *, enabled: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, markup=False, emoji=False, highlight=False)
        self.shown = enabled and self.console.is_terminal
        self._progress: Any = None

    def __enter__(self) -> _ProgressBars:
        return self

    def follow(self, name: str) -> Callable[[int, int | None], None] | None:
        """A callback that moves a fresh bar named ``name`` (None when no bar is shown)."""
        self.stop()
        if not self.shown:
            return None
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=self.console,
            transient=True,
        )
        progress.start()
        task = progress.add_task(name, total=None)
        self._progress = progress

        def update(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        return update

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_show(args: argparse.Namespace) -> int:
    from ..commands.metrics import show, site_csv, summary_csv, summary_json

    config, store = _open_store(args)
    with store:
        shown = show(store, issue_id=args.issue, site_only=args.site, prefer=config.metrics.prefer)
    if args.json:
        sys.stdout.write(summary_json(shown))
    elif args.csv and shown.site is not None and shown.issues is None:
        sys.stdout.write(site_csv(shown.site))
    elif args.csv:
        sys.stdout.write(summary_csv(shown.issues or (), items=args.items))
    else:
        _print_tables(list(shown.issues or ()), config.tz)
        if shown.site is not None and not shown.site.is_empty:
            _print_site(shown.site, config.tz)
    return EXIT_OK


def _count(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def _console() -> Console:
    from rich.console import Console

    # Figures, titles and labels come from exports: never read them as rich markup
    # ("[link=...]") or emoji codes, only as text.
    return Console(
        file=sys.stdout,
        width=max(100, Console(file=sys.stdout).width),
        markup=False,
        emoji=False,
        highlight=False,
    )


def _said(figure: Figure) -> str:
    """``ga4; access-log said 34``: the source taken and what the others said."""
    others = figure.describe_others()
    return str(figure.source) + (f"; {others} (not added)" if others else "")


def _print_tables(summaries: list[IssueSummary], tz: tzinfo) -> None:
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


def _days(start: datetime | None, end: datetime | None, tz: tzinfo) -> str:
    from ..metrics.measures import days_covered

    return days_covered(start, end, tz)


def _manual_row(table: Table, figure: ManualFigure, tz: tzinfo) -> None:
    """A hand-kept figure with its metric, label, unit, period, source and note."""
    label = f"{figure.channel} {figure.metric.replace('_', ' ')}"
    if figure.label:
        label += f" ({figure.label})"
    period = _days(figure.period_start, figure.period_end, tz)
    value = _count(figure.value) + (f" {figure.unit}" if figure.unit else "")
    notes = "; ".join(p for p in (period, figure.source or "", figure.note or "") if p)
    table.add_row(label[:1].upper() + label[1:], value, notes)


SITE_PAGES_SHOWN = 20


def _print_site(site: SiteSummary, tz: tzinfo) -> None:
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


def _span(figure: Figure, tz: tzinfo) -> str:
    """``2023-12-01 to 2023-12-31; access-log``, with what other sources said."""
    span = _days(figure.period_start, figure.period_end, tz)
    return "; ".join(p for p in (span, _said(figure)) if p)
