"""The audit's figures over any run of months: the period, the one before, each month.

Which figures count for a run of months:

- figures about an issue (its campaign, the views of its pages, the clicks on its
  links, figures kept by hand against it) count for the month of the issue, whatever
  days they were measured over: an issue's reach is the issue's;
- figures about the site (feed subscribers, partner pickups, other pages, figures kept
  by hand without an issue) count when their whole period lies within the months; one
  that runs over the edge is left out, and the data-quality section says so;
- figures kept by hand from ``[audit].baseline_sources`` are baselines, never figures
  of a period.

A figure is missing (``None`` with the reason) when nothing was measured; a total over
some of the issues says over how many (``Tally.complete`` is false), so that no change
is computed between totals that do not cover the same ground.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo

from ..metrics.definitions import ratio
from ..metrics.measures import Kind, choose, combine, days_covered
from ..model.content import Issue, MeetingSummary
from ..model.targets import MEASURES, MeasureName
from .evidence import Evidence, IssueEvidence, Origin, Stored
from .period import Month, Period, describe_months
from .values import RATE, Value

EMAIL_MEASURES = (
    "delivered",
    "unique_opens",
    "unique_clicks",
    "click_rate",
    "click_to_open",
    "unsubscribes",
    "unsubscribe_rate",
)


@dataclass(frozen=True, slots=True)
class Tally:
    """A figure over some months, and whether it covers all the ground it should."""

    value: Value
    complete: bool = True


class Notes:
    """Source-note ids for the imports behind figures (``S2``, ``S3`` ...), and the ids of
    the report's own sources (the workspace, the link record, the site build)."""

    def __init__(self, origins: Iterable[Origin], own: Sequence[str] = ()) -> None:
        self.own = {name: f"S{n}" for n, name in enumerate(own, start=1)}
        start = len(self.own) + 1
        self.ids = {o: f"S{n}" for n, o in enumerate(sorted(set(origins)), start=start)}

    def of(self, origins: Iterable[Origin]) -> tuple[str, ...]:
        found = {self.ids[o] for o in origins if o in self.ids}
        return tuple(sorted(found, key=lambda s: int(s[1:])))

    def workspace(self) -> tuple[str, ...]:
        return (self.own["workspace"],) if "workspace" in self.own else ()


def _missing(key: str, unit: str, why: str) -> Tally:
    return Tally(Value(key, None, unit, missing=why))


class Calculator:
    """Figures over runs of months from the workspace's issues and the store's evidence."""

    def __init__(
        self,
        evidence: Evidence,
        issues: Sequence[Issue],
        *,
        tz: tzinfo,
        prefer: Sequence[str],
        notes: Notes,
    ) -> None:
        self.evidence = evidence
        self.tz = tz
        self.prefer = tuple(prefer)
        self.notes = notes
        self.by_month: dict[Month, list[Issue]] = defaultdict(list)
        for issue in issues:
            self.by_month[Month.of(issue.date)].append(issue)
        # Each site figure's first and last month in the workspace's time zone, and the
        # figures by their first month: a run of months finds its figures by lookup.
        self.spans: list[tuple[Month, Month, Stored]] = [
            (*self.span(row), row) for row in evidence.site if row.period_start is not None
        ]
        self.by_first: dict[Month, list[tuple[Month, Stored]]] = defaultdict(list)
        for first, last, row in self.spans:
            self.by_first[first].append((last, row))
        self._measured: dict[str, set[Month]] = {}

    def span(self, row: Stored) -> tuple[Month, Month]:
        """The first and last month a figure's period touches."""
        assert row.period_start is not None
        return (
            Month.of(row.period_start.astimezone(self.tz)),
            Month.of(_last_moment(row).astimezone(self.tz)),
        )

    # -- which issues and which site figures a run of months holds

    def issues_in(self, months: Period) -> list[Issue]:
        return [i for m in months for i in self.by_month.get(m, [])]

    def site_in(self, months: Period, keep: Callable[[Stored], bool]) -> list[Stored]:
        """Site figures wholly inside ``months`` that ``keep`` accepts, in store order."""
        return [
            row
            for month in months
            for last, row in self.by_first.get(month, ())
            if last <= months.last and keep(row)
        ]

    def left_out(self, months: Period) -> list[Stored]:
        """Site figures that touch ``months`` but run over their edge."""
        return [
            row
            for first, last, row in self.spans
            if first <= months.last
            and last >= months.first
            and not (months.first <= first and last <= months.last)
        ]

    def _issue_evidence(self, issue: Issue) -> IssueEvidence | None:
        return self.evidence.issues.get(issue.id)

    # -- content

    def content(self, name: str, months: Period, key: str) -> Tally:
        issues = self.issues_in(months)
        unit = MEASURES[f"content.{name}"].unit
        sources = self.notes.workspace()
        if name == "issues":
            value: float = len(issues)
        elif name == "items":
            value = sum(len(i.items) for i in issues)
        elif name == "agenda_items":
            value = sum(
                len(item.all_agenda_items())
                for i in issues
                for item in i.items
                if isinstance(item, MeetingSummary)
            )
        else:
            value = sum(1 for m in months if not self.by_month.get(m))
        return Tally(Value(key, value, unit, sources))

    # -- email

    def email(self, months: Period, key: str) -> dict[str, Tally]:
        """Every email measure over the issues of ``months`` (``key``.<measure>)."""
        issues = self.issues_in(months)
        units = {name: MEASURES[f"email.{name}"].unit for name in EMAIL_MEASURES}
        if not issues:
            why = f"no issue in {months.label}"
            return {n: _missing(f"{key}.{n}", units[n], why) for n in EMAIL_MEASURES}
        found = [(i, e.email) for i in issues if (e := self._issue_evidence(i)) and e.email]
        if not found:
            why = "no email figures imported for " + _issues_phrase(issues)
            return {n: _missing(f"{key}.{n}", units[n], why) for n in EMAIL_MEASURES}
        origins = [o for _, email in found for o in email.origins]
        sources = self.notes.of(origins)
        without = [i.id for i in issues if i not in [f[0] for f in found]]
        inflated = any(email.figures.opens_mpp_inflated for _, email in found)

        def total(field_name: str) -> tuple[float | None, list[str]]:
            values = [getattr(email.figures, field_name) for _, email in found]
            lacking = [i.id for (i, _), v in zip(found, values, strict=True) if v is None]
            known = [v for v in values if v is not None]
            return (sum(known) if known else None), lacking

        def pair(numerator: str, denominator: str) -> tuple[float | None, float | None]:
            both = [
                (getattr(e.figures, numerator), getattr(e.figures, denominator))
                for _, e in found
                if getattr(e.figures, numerator) is not None
                and getattr(e.figures, denominator) is not None
            ]
            if not both:
                return None, None
            return sum(a for a, _ in both), sum(b for _, b in both)

        result: dict[str, Tally] = {}
        for name, field_name in (
            ("delivered", "delivered"),
            ("unique_opens", "unique_opens"),
            ("unique_clicks", "unique_clicks"),
            ("unsubscribes", "unsubscribed"),
        ):
            value, lacking = total(field_name)
            missing_ids = sorted(without + lacking)
            note = _coverage_note(len(issues) - len(missing_ids), len(issues), missing_ids)
            if name == "unique_opens" and inflated and value is not None:
                note = "; ".join(p for p in ("includes opens by mail privacy proxies", note) if p)
            result[name] = self._tally(
                f"{key}.{name}",
                value,
                units[name],
                sources,
                "the imported reports give no " + name.replace("_", " "),
                note,
                complete=not missing_ids,
            )
        for name, (numerator, denominator) in (
            ("click_rate", ("unique_clicks", "delivered")),
            ("click_to_open", ("unique_clicks", "unique_opens")),
            ("unsubscribe_rate", ("unsubscribed", "sent")),
        ):
            top, bottom = pair(numerator, denominator)
            rate = ratio(top, bottom)
            note = (
                "opens include mail privacy proxies" if name == "click_to_open" and inflated else ""
            )
            result[name] = self._tally(
                f"{key}.{name}",
                rate,
                RATE,
                sources,
                f"no {numerator.replace('_', ' ')} and {denominator.replace('_', ' ')} "
                "reported together",
                note,
            )
        return result

    def _tally(
        self,
        key: str,
        value: float | None,
        unit: str,
        sources: tuple[str, ...],
        why: str,
        note: str = "",
        *,
        complete: bool = True,
    ) -> Tally:
        if value is None:
            return _missing(key, unit, why)
        return Tally(Value(key, value, unit, sources, note=note), complete)

    # -- web

    def bulletin_views(self, months: Period, key: str) -> Tally:
        """Views of the pages of the issues of ``months`` (issue and item pages)."""
        issues = self.issues_in(months)
        if not issues:
            return _missing(key, "views", f"no issue in {months.label}")
        found = [(i, e.views) for i in issues if (e := self._issue_evidence(i)) and e.views]
        if not found:
            return _missing(key, "views", "no page views imported for " + _issues_phrase(issues))
        lacking = sorted(i.id for i in issues if i not in [f[0] for f in found])
        return Tally(
            Value(
                key,
                sum(v.value for _, v in found),
                "views",
                self.notes.of(o for _, v in found for o in v.origins),
                note=_coverage_note(len(found), len(issues), lacking),
            ),
            complete=not lacking,
        )

    def other_views(self, months: Period, key: str) -> Tally:
        """Views of the site's pages that are not the bulletin's, measured in ``months``."""
        pages = self.pages(months)
        if not pages:
            return _missing(key, "views", f"no views of other pages imported for {months.label}")
        origins = [o for _, chosen in pages for o in chosen[1]]
        return Tally(
            Value(key, sum(value for _, (value, _o) in pages), "views", self.notes.of(origins))
        )

    def pages(self, months: Period) -> list[tuple[str, tuple[float, tuple[Origin, ...]]]]:
        """Other pages of the site with their views in ``months``, most viewed first."""
        rows = self.site_in(
            months, lambda r: r.metric == "page_views" and not r.hand_kept and not r.item_id
        )
        per_page: dict[str, list[Stored]] = defaultdict(list)
        for row in rows:
            per_page[row.url or "?"].append(row)
        found = []
        for page, group in per_page.items():
            figure = choose(group, Kind.COUNT, self.prefer)
            if figure is not None:
                found.append((page, (figure.value, tuple(Origin(b) for b in figure.batches))))
        return sorted(found, key=lambda p: (-p[1][0], p[0]))

    # -- feeds and partners

    def subscribers(self, months: Period) -> dict[str, tuple[float, Stored]]:
        """The latest count in ``months`` of each aggregator and feed (never a sum of polls)."""
        rows = self.site_in(months, lambda r: r.metric == "feed_subscribers" and not r.hand_kept)
        latest: dict[str, Stored] = {}
        for row in rows:
            name = f"{row.label or '?'}, {row.url or '?'}"
            seen = latest.get(name)
            if seen is None or (_when(row), row.batch_id) >= (_when(seen), seen.batch_id):
                latest[name] = row
        return {name: (row.value, row) for name, row in sorted(latest.items())}

    def feed_subscribers(self, months: Period, key: str) -> Tally:
        counts = self.subscribers(months)
        if not counts:
            return _missing(key, "subscribers", f"no subscriber counts for {months.label}")
        return Tally(
            Value(
                key,
                sum(v for v, _ in counts.values()),
                "subscribers",
                self.notes.of(row.origin for _, row in counts.values()),
                note="the latest count of each aggregator and feed, added over aggregators",
            )
        )

    def named(self, months: Period, metric: str, name: Callable[[Stored], str]) -> dict[str, Tally]:
        """One figure per name (partner, feed) of a counted site metric in ``months``."""
        rows = self.site_in(months, lambda r: r.metric == metric and not r.hand_kept)
        groups: dict[str, list[Stored]] = defaultdict(list)
        for row in rows:
            groups[name(row)].append(row)
        found: dict[str, Tally] = {}
        for label, group in sorted(groups.items()):
            figure = choose(group, kind_for(metric), self.prefer)
            if figure is not None:
                origins = [Origin(b) for b in figure.batches]
                found[label] = Tally(
                    Value(
                        f"{metric}.{label}",
                        figure.value,
                        _UNITS.get(metric, ""),
                        self.notes.of(origins),
                    )
                )
        return found

    def partner_pickups(self, months: Period, key: str) -> Tally:
        partners = self.named(months, "partner_pickups", lambda r: r.label or "?")
        if not partners:
            return _missing(key, "requests", f"no partner pickups measured in {months.label}")
        sources = sorted({s for t in partners.values() for s in t.value.sources}, key=_order)
        total = sum(t.value.value or 0.0 for t in partners.values())
        return Tally(Value(key, total, "requests", tuple(sources)))

    def measured_months(self, source: str) -> set[Month]:
        """Months that lie wholly within the period of some figure of ``source`` that is
        itself within one month (a monthly log): months whose zeros are real zeros."""
        if source not in self._measured:
            self._measured[source] = {
                first for first, last, row in self.spans if row.source == source and first == last
            }
        return self._measured[source]

    def partner_months(self, months: Period) -> dict[str, dict[Month, float]]:
        """Pickups per partner and month, for months measured by an access log."""
        measured = self.measured_months("access-log")
        per: dict[str, dict[Month, float]] = defaultdict(dict)
        for month in months:
            if month not in measured:
                continue
            for partner, tally in self.named(
                Period(month, month), "partner_pickups", lambda r: r.label or "?"
            ).items():
                per[partner][month] = tally.value.value or 0.0
        return per

    def issue_coverage(self, months: Period, key: str, partners: Iterable[str]) -> Tally:
        """The share of (issue, partner) pairs where the partner fetched our feeds or
        snippets in the issue's month, over the months an access log measured."""
        measured = self.measured_months("access-log")
        names = sorted(set(partners) | set(self.partner_months(months)))
        issues = [i for i in self.issues_in(months)]
        counted = [i for i in issues if Month.of(i.date) in measured]
        if not names or not counted:
            why = (
                "no partner known: name them in [metrics].partners"
                if not names
                else "no access log covers the months of " + _issues_phrase(issues)
            )
            return _missing(key, RATE, why)
        per = self.partner_months(months)
        reached = sum(
            1 for i in counted for p in names if per.get(p, {}).get(Month.of(i.date), 0) > 0
        )
        lacking = sorted(i.id for i in issues if i not in counted)
        rows = self.site_in(months, lambda r: r.source == "access-log")
        return Tally(
            Value(
                key,
                reached / (len(counted) * len(names)),
                RATE,
                self.notes.of(r.origin for r in rows),
                note=f"{reached} of {len(counted) * len(names)} issue and partner pairs; "
                + (_coverage_note(len(counted), len(issues), lacking) or "every issue measured"),
            ),
            complete=not lacking,
        )

    # -- figures kept by hand

    def hand_kept_rows(
        self, months: Period, channel: str | None = None, metric: str | None = None
    ) -> list[Stored]:
        """Figures kept by hand (of ``channel`` and ``metric`` when given) that count for
        ``months``; baselines are not among them."""
        issue_ids = {i.id for i in self.issues_in(months)}
        rows = [
            row
            for e in self.evidence.issues.values()
            if e.issue_id in issue_ids
            for row in e.hand_kept
        ]
        rows += self.site_in(months, lambda r: r.hand_kept)
        return [
            r
            for r in rows
            if (channel is None or r.channel == channel) and (metric is None or r.metric == metric)
        ]

    def hand_kept(self, name: MeasureName, months: Period, key: str) -> Tally:
        """A figure kept by hand over ``months``: per label combined by its kind, then
        added over labels when they share a unit and may be added."""
        rows = [
            r
            for r in self.hand_kept_rows(months, name.channel, name.metric)
            if name.label is None or (r.label or "") == name.label
        ]
        if not rows:
            return _missing(key, "", f"no {name} figures kept by hand for {months.label}")
        units = sorted({r.unit or "" for r in rows})
        if len(units) > 1:
            return _missing(key, "", f"{name} is kept in different units ({', '.join(units)})")
        kind = rows[0].combines_as
        groups: dict[str, list[Stored]] = defaultdict(list)
        for row in rows:
            groups[row.label or ""].append(row)
        if len(groups) > 1 and kind in (Kind.RATE, Kind.DISTINCT):
            labels = ", ".join(sorted(groups))
            return _missing(key, units[0], f"{name} has several labels ({labels}): name one")
        value, used = 0.0, []
        for group in groups.values():
            part, parts = combine(group, kind)
            value += part
            used.extend(parts)
        note = f"added over {len(groups)} labels" if len(groups) > 1 else ""
        return Tally(
            Value(key, value, units[0], self.notes.of(c.origin for c in used), note=note)  # type: ignore[attr-defined]
        )

    # -- any measure by name

    def measure(
        self, name: MeasureName, months: Period, key: str, partners: Iterable[str] = ()
    ) -> Tally:
        """The figure an objective or a headline names, over ``months``."""
        if not name.built_in:
            return self.hand_kept(name, months, key)
        if name.channel == "content":
            return self.content(name.metric, months, key)
        if name.channel == "email":
            tally = self.email(months, key)[name.metric]
            return Tally(replace(tally.value, key=key), tally.complete)
        if name.key == "web.bulletin_views":
            return self.bulletin_views(months, key)
        if name.key == "web.other_views":
            return self.other_views(months, key)
        if name.key == "feed.subscribers":
            return self.feed_subscribers(months, key)
        if name.key == "partner.requests":
            return self.partner_pickups(months, key)
        return self.issue_coverage(months, key, partners)

    # -- which months have data

    def months_with_data(self, channel: str, months: Period) -> set[Month]:
        """The months of ``months`` with any figure of ``channel``: for email and the
        views of an issue's pages, the months of the issues measured; for everything
        else, the months its period touches (a figure kept by hand against an issue
        without a period counts for the issue's month)."""
        found: set[Month] = set()
        spans = [(first, last) for first, last, row in self.spans if row.channel == channel]
        for month in months:
            for issue in self.by_month.get(month, []):
                e = self._issue_evidence(issue)
                if e is None:
                    continue
                if (channel == "email" and e.email) or (channel == "web" and e.views):
                    found.add(month)
                for row in e.hand_kept:
                    if row.channel != channel:
                        continue
                    if row.period_start is None:
                        found.add(month)
                    else:
                        spans.append(self.span(row))
        for first, last in spans:
            first, last = max(first, months.first), min(last, months.last)
            if first <= last:
                found.update(Period(first, last).months())
        return found


def days_of(row: Stored, tz: tzinfo) -> str:
    """The days a stored figure covers: ``2024-03-01 to 2024-03-31``, or one day."""
    return days_covered(row.period_start, row.period_end, tz)


def kind_for(metric: str) -> Kind:
    return Kind.DISTINCT if metric == "direct_feed_readers" else Kind.COUNT


_UNITS = {
    "partner_pickups": "requests",
    "feed_fetches": "requests",
    "direct_feed_readers": "readers",
}


def _order(source_id: str) -> int:
    return int(source_id[1:])


def _when(row: Stored) -> datetime:
    moment = row.period_end or row.period_start
    assert moment is not None
    return moment


def _last_moment(row: Stored) -> datetime:
    """The last moment a figure covers (periods end at the midnight after their last day)."""
    start = row.period_start
    assert start is not None
    end = row.period_end or start
    if end > start:
        from datetime import timedelta

        return end - timedelta(microseconds=1)
    return end


def inside(row: Stored, start: datetime, end: datetime) -> bool:
    """True when the figure's whole period lies in ``[start, end)``."""
    assert row.period_start is not None
    return start <= row.period_start and _last_moment(row) < end


def touches(row: Stored, start: datetime, end: datetime) -> bool:
    """True when the figure's period shares time with ``[start, end)``."""
    assert row.period_start is not None
    return row.period_start < end and _last_moment(row) >= start


def _issues_phrase(issues: Sequence[Issue]) -> str:
    if len(issues) == 1:
        return f"issue {issues[0].id}"
    return f"the {len(issues)} issues ({issues[0].id} to {issues[-1].id})"


def _coverage_note(have: int, of: int, lacking: Sequence[str]) -> str:
    if not lacking:
        return ""
    shown = ", ".join(lacking[:6]) + (" ..." if len(lacking) > 6 else "")
    return f"over {have} of {of} issues (none for {shown})"


def months_phrase(months: Iterable[Month]) -> str:
    return describe_months(sorted(months))


def mapping_sources(tallies: Mapping[str, Tally]) -> tuple[str, ...]:
    found = {s for t in tallies.values() for s in t.value.sources}
    return tuple(sorted(found, key=_order))
