"""``spfcomms audit`` as library calls: the communications audit of a period.

``audit(config, period)`` returns the ``AuditReport``: every figure, table, chart and
finding, for scripts. ``write_audit_folder`` writes it as one HTML page with CSV and
JSON beside it (and the PDF with ``pdf=True``) into a folder it replaces in one step.

The audit reads only what it needs: the issues of the months it covers (the period,
the previous period of the same length and the twelve months of the trend), the
store's figures for those months (a workspace whose store was never created gets a
report that says so, never a new database), the link-check record, the emails of the
last build, and the content's warnings.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..audit.evidence import Evidence, read_evidence
from ..audit.inputs import AuditInputs, HealthInputs, LinkRecord, window_of
from ..audit.period import Month, Period
from ..audit.report import AuditReport, build_report
from ..checks.linkcache import link_history
from ..metrics.store import MetricsStore, store_exists
from ..model.clock import build_datetime
from ..model.config import Config
from ..model.content import Issue, NewsItem, Workspace
from ..output.ownership import OutputKind, protected_paths
from ..output.writers import WrittenFile, claim_output_folder
from ..workspace.collect import load_workspace
from ..workspace.loaders import issue_ids

logger = logging.getLogger(__name__)

AUDIT_DIR = "_audit"
"""Where the audit goes in the workspace, unless told otherwise."""
PDF_NAME = "audit.pdf"


@dataclass(frozen=True, slots=True)
class AuditResult:
    """The audit report, the folder it was written to and the files in it."""

    report: AuditReport
    output_dir: Path
    written: tuple[WrittenFile, ...]


def audit_period(config: Config, first: str | None = None, last: str | None = None) -> Period:
    """The period ``--from first --to last`` means (months, both included).

    Without ``last``: the month of the latest issue (of the clock when there is none,
    or when ``first`` comes after it). Without ``first``: ``[audit].months`` months
    ending with ``last``, but none before the first issue.
    """
    months = config.audit.months
    ids = issue_ids(config.issues_dir)
    start = Month.parse(first) if first else None
    if last:
        end = Month.parse(last)
    else:
        end = Month.parse(ids[-1]) if ids else Month.of(build_datetime())
        if start is not None and end < start:
            end = start.plus(months - 1)
    if start is None:
        start = end.plus(1 - months)
        if ids and Month.parse(ids[0]) <= end:
            start = max(start, Month.parse(ids[0]))
    return Period(start, end)


def audit(
    config: Config,
    period: Period | None = None,
    *,
    metrics: bool = True,
    evidence: Evidence | None = None,
) -> AuditReport:
    """The communications audit of ``period`` (default: ``audit_period(config)``).

    Reach figures come from the metrics store unless ``metrics`` is false or
    ``evidence`` gives them.
    """
    return build_report(gather(config, period, metrics=metrics, evidence=evidence))


def gather(
    config: Config,
    period: Period | None = None,
    *,
    metrics: bool = True,
    evidence: Evidence | None = None,
) -> AuditInputs:
    """Everything the audit of ``period`` is made from (see the module docstring)."""
    period = period or audit_period(config)
    window = window_of(period)
    wanted = {str(m) for m in window}
    workspace = load_workspace(config, select=wanted.__contains__)
    if evidence is None:
        evidence = _evidence(config, workspace, window) if metrics else Evidence()
    in_period = [i for i in workspace.issues if Month.of(i.date) in period]
    return AuditInputs(
        config=config,
        period=period,
        issues=workspace.issues,
        evidence=evidence,
        health=health(config, workspace, in_period),
        all_issues=tuple(issue_ids(config.issues_dir)),
    )


def _evidence(config: Config, workspace: Workspace, window: Period) -> Evidence:
    if not store_exists(config):
        logger.info("no metrics store yet: the audit covers what was published")
        return Evidence()
    with MetricsStore.open(config) as store:
        return read_evidence(
            store,
            (i.id for i in workspace.issues),
            window.bounds(config.tz),
            prefer=config.metrics.prefer,
            baseline_sources=config.audit.baseline_sources,
        )


def health(config: Config, workspace: Workspace, issues: list[Issue]) -> HealthInputs:
    """The period's link record, built email sizes and content warnings."""
    from ..checks.linkextract import normalise_url  # loads bs4

    # Each link as the link record keeps it (as check --links spells it); the same
    # address recurs from issue to issue, so each is worked out once.
    spelled: dict[str, str] = {}
    places: dict[str, list[str]] = {}
    for issue in issues:
        for url in _urls(issue):
            if url not in spelled:
                uri = normalise_url(urljoin(config.site.base_url, url))
                spelled[url] = uri if urlsplit(uri).scheme in ("http", "https") else ""
            if spelled[url]:
                found = places.setdefault(spelled[url], [])
                if issue.id not in found:
                    found.append(issue.id)
    record = config.link_cache_path
    links = tuple(
        LinkRecord(r.uri, str(r.status), r.code, r.message, r.checked_at)
        for r in link_history(record)
    )
    folders = {config.issues_dir / i.id for i in issues}
    problems = tuple(
        replace(p, location=p.location.relative_to(config.root))
        for p in workspace.problems
        if folders & set(Path(p.location.path).absolute().parents)
    )
    sizes: dict[str, int] = {}
    for issue in issues:
        email = config.output_dir / issue.path / "email.html"
        if email.is_file():
            sizes[issue.id] = email.stat().st_size
    return HealthInputs(
        links=links,
        link_places={uri: tuple(ids) for uri, ids in sorted(places.items())},
        link_record=config.linkcheck.cache_path if record.is_file() else "",
        problems=problems,
        email_sizes=sizes,
        build_dir=config.build.output_dir if sizes else "",
        size_warning_kb=config.email.size_warning_kb,
        size_error_kb=config.email.size_error_kb,
    )


def _urls(issue: Issue) -> Iterator[str]:
    """The addresses written in an issue (as ``checks.linkextract.content_links`` finds
    them), placeholders left out."""
    links = [*issue.intro.links]
    for item in issue.items:
        links += [*item.body.links, *item.body.images]
        if isinstance(item, NewsItem) and item.link:
            yield item.link.strip()
    for link in links:
        url = link.url.strip()
        if url not in ("", "#"):
            yield url


def write_audit_folder(
    config: Config,
    period: Period | None = None,
    *,
    output_dir: Path | None = None,
    pdf: bool = False,
    metrics: bool = True,
) -> AuditResult:
    """Write the audit of ``period`` into ``output_dir`` (default ``_audit`` in the
    workspace), replacing the folder in one step when it is spfcomms's own: the page,
    the CSV and JSON files, and with ``pdf`` the page printed to ``audit.pdf``. Nothing
    is written when any part fails."""
    from ..audit.render import render_audit
    from ..render.templating import make_environment

    output = (output_dir or config.root / AUDIT_DIR).absolute()
    protected = protected_paths(config)
    # Checked first, so that a refused folder costs no work and opens no store.
    claim_output_folder(output, OutputKind.AUDIT, protected=protected)
    report = audit(config, period, metrics=metrics)
    out = render_audit(report, make_environment(config))
    if pdf:
        from ..audit.pdf import print_pdf

        out.add(PDF_NAME, print_pdf(out.get("index.html").decode("utf-8")))
    written = out.commit(output, protected=protected)
    return AuditResult(report=report, output_dir=output.resolve(), written=tuple(written))


__all__ = [
    "AUDIT_DIR",
    "AuditResult",
    "audit",
    "audit_period",
    "gather",
    "write_audit_folder",
]
