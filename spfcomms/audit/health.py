"""Section 6, health: the links of the period's issues as ``check --links`` found them
(from its dated record), emails near Gmail's clipping limit, and the accessibility and
placeholder warnings the content still has.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .inputs import Context, LinkRecord
from .values import Block, Column, Heading, Paragraph, Section, Table, Text, Value

CANNOT_TELL = ("timeout", "error", "rate_limited")
ACCESSIBILITY_CODES = (
    "missing-alt",
    "empty-link",
    "vague-link-text",
    "heading-skip",
    "missing-lang",
    "low-contrast",
    "placeholder-link",
    "todo",
    "lorem-ipsum",
    "empty-section",
)


def latest_in_period(ctx: Context) -> dict[str, list[LinkRecord]]:
    """Each link of the period's issues and its results checked within the period."""
    start, end = ctx.period.bounds(ctx.config.tz)
    found: dict[str, list[LinkRecord]] = defaultdict(list)
    for record in ctx.health.links:
        if record.uri in ctx.health.link_places and start <= record.checked_at < end:
            found[record.uri].append(record)
    return found


def health_section(ctx: Context) -> Section:
    blocks: list[Block] = [Heading("Links", "health-links")]
    blocks += _links(ctx)
    blocks += [Heading("Email size", "health-email"), _sizes(ctx)]
    blocks += [Heading("Accessibility and unfinished text", "health-content"), _warnings(ctx)]
    return Section(6, "health", "Health of the bulletin", tuple(blocks))


def _links(ctx: Context) -> list[Block]:
    checked = latest_in_period(ctx)
    places = ctx.health.link_places
    workspace, record = ctx.notes.workspace(), ctx.source("links")
    last = {uri: results[-1] for uri, results in checked.items()}
    statuses = Counter(r.status for r in last.values())

    def count(key: str, value: int) -> Value:
        if not ctx.health.link_record:
            return Value(key, None, "links", missing="no link check was ever recorded")
        return Value(key, float(value), "links", record)

    rows = [
        (
            Text("Links in the period's issues"),
            Value("health.links.total", float(len(places)), "links", workspace),
        ),
        (Text("Checked during the period"), count("health.links.checked", len(checked))),
        (Text("Broken at their last check"), count("health.links.broken", statuses["broken"])),
        (Text("Redirected"), count("health.links.redirected", statuses["redirected"])),
        (
            Text("Could not be checked (time-out, error, rate limit)"),
            count("health.links.unknown", sum(statuses[s] for s in CANNOT_TELL)),
        ),
        (
            Text("Not checked during the period"),
            count("health.links.unchecked", len(places) - len(checked)),
        ),
    ]
    blocks: list[Block] = [
        Table(
            "health-links",
            "Links of the period's issues, as spfcomms check --links found them",
            (Column("Links"), Column("Count", numeric=True)),
            tuple(rows),
            notes=(
                "Each link counts once, with its last result during the period. Run "
                "spfcomms check --links each month to keep this record.",
            ),
        )
    ]
    broken = sorted(
        (uri for uri, r in last.items() if r.status == "broken"),
        key=lambda uri: (places[uri], uri),
    )
    blocks.append(
        Table(
            "health-broken",
            "Broken links",
            (
                Column("Link"),
                Column("In issues"),
                Column("Found broken"),
                Column("Last checked"),
                Column("Answer"),
            ),
            tuple(
                (
                    Text(uri),
                    Text(", ".join(places[uri])),
                    Text(_first_broken(checked[uri])),
                    Text(last[uri].checked_at.date().isoformat()),
                    Text(f"{last[uri].code or ''} {last[uri].message}".strip()),
                )
                for uri in broken
            ),
            empty="No link of the period's issues was broken at its last check in the period."
            if checked
            else "No link of the period's issues was checked during the period.",
        )
    )
    return blocks


def _first_broken(results: list[LinkRecord]) -> str:
    # The start of the last run of broken results: when it broke (as far as we know).
    first = results[-1]
    for result in reversed(results):
        if result.status != "broken":
            break
        first = result
    return first.checked_at.date().isoformat()


def _sizes(ctx: Context) -> Table:
    sizes = ctx.health.email_sizes
    source = ctx.source("build")
    warn, clip = ctx.health.size_warning_kb, ctx.health.size_error_kb
    rows = []
    for issue in ctx.period_issues:
        key = f"health.email.{issue.id}.kb"
        size = sizes.get(issue.id)
        if size is None:
            why = (
                f"no email.html for this issue in {ctx.health.build_dir}"
                if ctx.health.build_dir
                else "no site build to measure: run spfcomms build"
            )
            rows.append((Text(issue.id), Value(key, None, "KB", missing=why), Text("")))
            continue
        kb = round(size / 1024, 1)
        verdict = (
            f"over {clip} KB: Gmail clips it"
            if kb > clip
            else f"near the limit (over {warn} KB)"
            if kb > warn
            else "well under the limit"
        )
        rows.append((Text(issue.id), Value(key, kb, "KB", source), Text(verdict)))
    return Table(
        "health-email",
        f"Size of each email's HTML (Gmail clips emails over {clip} KB)",
        (Column("Issue"), Column("KB", numeric=True), Column("Verdict")),
        tuple(rows),
        empty=f"No issue in {ctx.period.label}.",
    )


def _warnings(ctx: Context) -> Block:
    problems = [p for p in ctx.health.problems if p.code in ACCESSIBILITY_CODES]
    if not problems:
        return Paragraph(
            "The period's content has no accessibility warning, placeholder or unfinished "
            "text left (spfcomms checks alt text, link text, headings, contrast, "
            "placeholders and TODO markers)."
        )
    counts = Counter(p.code for p in problems)
    workspace = ctx.notes.workspace()
    return Table(
        "health-content",
        "Accessibility and unfinished-text warnings in the period's content",
        (Column("Where"), Column("Warning"), Column("Check")),
        tuple((Text(str(p.location)), Text(p.message), Text(p.code)) for p in problems),
        notes=tuple(
            f"{code}: {n} warning{'s' if n != 1 else ''}." for code, n in sorted(counts.items())
        )
        + (f"{len(problems)} in all (source {', '.join(workspace)}).",),
    )
