"""spfcomms: publish a forum's communications, and measure their reach.

The typed API for scripts::

    import spfcomms
    config = spfcomms.load_config("path/to/workspace")
    workspace = spfcomms.load_workspace(config)
    result = spfcomms.build(config)

    with spfcomms.MetricsStore.open(config) as store:
        spfcomms.import_metrics(store, workspace, Path("mailchimp-report.json"))
        summary = spfcomms.issue_summary(store, "2023-12")

Every public name is loaded on first use, from the module that defines it (the table
below), so ``import spfcomms`` and ``spfcomms --help`` load no renderer, database or
network library. docs/architecture.md says where each kind of code lives.
"""

from __future__ import annotations

import types as _types
import typing as _typing

from . import audit as _audit_package
from ._lazy import lazy_names as _lazy_names
from ._version import __version__ as __version__

if _typing.TYPE_CHECKING:
    from .checks.linkcache import link_health as link_health
    from .checks.linkcache import link_history as link_history
    from .checks.linkcheck import check_links as check_links
    from .checks.linkextract import LinkTarget as LinkTarget
    from .checks.linkstatus import LinkResult as LinkResult
    from .checks.linkstatus import LinkStatus as LinkStatus
    from .checks.report import CheckReport as CheckReport
    from .commands.build import BuildResult as BuildResult
    from .commands.build import build as build
    from .commands.check import check_workspace as check_workspace
    from .commands.send_test import send_test as send_test
    from .commands.serve import PreviewServer as PreviewServer
    from .importers import ImportResult as ImportResult
    from .importers import import_source as import_source
    from .metrics import AccessLogSummary as AccessLogSummary
    from .metrics import IssueSummary as IssueSummary
    from .metrics import MetricsImportResult as MetricsImportResult
    from .metrics import MetricsStore as MetricsStore
    from .metrics import SitePaths as SitePaths
    from .metrics import import_file as import_metrics
    from .metrics import issue_summaries as issue_summaries
    from .metrics import issue_summary as issue_summary
    from .metrics import records as metrics_records
    from .metrics import summarise_access_log as summarise_access_log
    from .model.config import Config as Config
    from .model.config import load_config as load_config
    from .model.content import AgendaItem as AgendaItem
    from .model.content import Body as Body
    from .model.content import CaseStudy as CaseStudy
    from .model.content import Issue as Issue
    from .model.content import ItemKind as ItemKind
    from .model.content import Link as Link
    from .model.content import MeetingSummary as MeetingSummary
    from .model.content import NewsItem as NewsItem
    from .model.content import Person as Person
    from .model.content import Section as Section
    from .model.content import Workspace as Workspace
    from .model.exceptions import ConfigError as ConfigError
    from .model.exceptions import ContentError as ContentError
    from .model.exceptions import DeliveryError as DeliveryError
    from .model.exceptions import ImportSourceError as ImportSourceError
    from .model.exceptions import MetricsError as MetricsError
    from .model.exceptions import MJMLError as MJMLError
    from .model.exceptions import RenderError as RenderError
    from .model.exceptions import ServeError as ServeError
    from .model.exceptions import SpfcommsError as SpfcommsError
    from .model.exceptions import TemplateError as TemplateError
    from .model.exceptions import WriteError as WriteError
    from .model.problems import Problem as Problem
    from .model.problems import Severity as Severity
    from .model.problems import SourceLocation as SourceLocation
    from .render.email import render_email as render_email
    from .render.email import render_emails as render_emails
    from .render.eml import RenderedEmail as RenderedEmail
    from .render.eml import build_message as build_message
    from .render.feeds import render_feeds as render_feeds
    from .render.site import render_site as render_site
    from .render.snippets import render_snippets as render_snippets
    from .render.utm import UtmTagger as UtmTagger
    from .render.web import render_web as render_web
    from .workspace.collect import load_workspace as load_workspace
    from .workspace.loaders import load_issues as load_issues
    from .workspace.scaffold import new_issue as new_issue
    from .workspace.validate import validate as validate

# name -> (module, attribute), loaded on first use.
_LAZY: dict[str, tuple[str, str]] = {
    "AccessLogSummary": ("metrics", "AccessLogSummary"),
    "AgendaItem": ("model.content", "AgendaItem"),
    "Body": ("model.content", "Body"),
    "BuildResult": ("commands.build", "BuildResult"),
    "CaseStudy": ("model.content", "CaseStudy"),
    "CheckReport": ("checks.report", "CheckReport"),
    "Config": ("model.config", "Config"),
    "ConfigError": ("model.exceptions", "ConfigError"),
    "ContentError": ("model.exceptions", "ContentError"),
    "DeliveryError": ("model.exceptions", "DeliveryError"),
    "ImportResult": ("importers", "ImportResult"),
    "ImportSourceError": ("model.exceptions", "ImportSourceError"),
    "Issue": ("model.content", "Issue"),
    "IssueSummary": ("metrics", "IssueSummary"),
    "ItemKind": ("model.content", "ItemKind"),
    "Link": ("model.content", "Link"),
    "LinkResult": ("checks.linkstatus", "LinkResult"),
    "LinkStatus": ("checks.linkstatus", "LinkStatus"),
    "LinkTarget": ("checks.linkextract", "LinkTarget"),
    "MJMLError": ("model.exceptions", "MJMLError"),
    "MeetingSummary": ("model.content", "MeetingSummary"),
    "MetricsError": ("model.exceptions", "MetricsError"),
    "MetricsImportResult": ("metrics", "MetricsImportResult"),
    "MetricsStore": ("metrics", "MetricsStore"),
    "NewsItem": ("model.content", "NewsItem"),
    "Person": ("model.content", "Person"),
    "PreviewServer": ("commands.serve", "PreviewServer"),
    "Problem": ("model.problems", "Problem"),
    "RenderError": ("model.exceptions", "RenderError"),
    "RenderedEmail": ("render.eml", "RenderedEmail"),
    "Section": ("model.content", "Section"),
    "ServeError": ("model.exceptions", "ServeError"),
    "Severity": ("model.problems", "Severity"),
    "SitePaths": ("metrics", "SitePaths"),
    "SourceLocation": ("model.problems", "SourceLocation"),
    "SpfcommsError": ("model.exceptions", "SpfcommsError"),
    "TemplateError": ("model.exceptions", "TemplateError"),
    "UtmTagger": ("render.utm", "UtmTagger"),
    "Workspace": ("model.content", "Workspace"),
    "WriteError": ("model.exceptions", "WriteError"),
    "build": ("commands.build", "build"),
    "build_message": ("render.eml", "build_message"),
    "check_links": ("checks.linkcheck", "check_links"),
    "check_workspace": ("commands.check", "check_workspace"),
    "import_metrics": ("metrics", "import_file"),
    "import_source": ("importers", "import_source"),
    "issue_summaries": ("metrics", "issue_summaries"),
    "issue_summary": ("metrics", "issue_summary"),
    "link_health": ("checks.linkcache", "link_health"),
    "link_history": ("checks.linkcache", "link_history"),
    "load_config": ("model.config", "load_config"),
    "load_issues": ("workspace.loaders", "load_issues"),
    "load_workspace": ("workspace.collect", "load_workspace"),
    "metrics_records": ("metrics", "records"),
    "new_issue": ("workspace.scaffold", "new_issue"),
    "render_email": ("render.email", "render_email"),
    "render_emails": ("render.email", "render_emails"),
    "render_feeds": ("render.feeds", "render_feeds"),
    "render_site": ("render.site", "render_site"),
    "render_snippets": ("render.snippets", "render_snippets"),
    "render_web": ("render.web", "render_web"),
    "send_test": ("commands.send_test", "send_test"),
    "summarise_access_log": ("metrics", "summarise_access_log"),
    "validate": ("workspace.validate", "validate"),
}


__getattr__, __dir__ = _lazy_names(__name__, _LAZY)


class _AuditPackage(_types.ModuleType):
    """``spfcomms.audit`` is the audit package and, called, the audit itself (as
    ``spfcomms.build`` builds): ``spfcomms.audit(config, period) -> AuditReport``."""

    def __call__(
        self,
        config: Config,
        period: _audit_package.Period | None = None,
        *,
        metrics: bool = True,
        evidence: _audit_package.Evidence | None = None,
    ) -> _audit_package.AuditReport:
        from .commands.audit import audit as run_audit

        return run_audit(config, period, metrics=metrics, evidence=evidence)


# The package is light (its names load on first use); making it callable here, in the
# root that may import anything, keeps the audit package free of commands.
_audit_package.__class__ = _AuditPackage
audit = _audit_package

__all__ = [
    "AccessLogSummary",
    "AgendaItem",
    "Body",
    "BuildResult",
    "CaseStudy",
    "CheckReport",
    "Config",
    "ConfigError",
    "ContentError",
    "DeliveryError",
    "ImportResult",
    "ImportSourceError",
    "Issue",
    "IssueSummary",
    "ItemKind",
    "Link",
    "LinkResult",
    "LinkStatus",
    "LinkTarget",
    "MJMLError",
    "MeetingSummary",
    "MetricsError",
    "MetricsImportResult",
    "MetricsStore",
    "NewsItem",
    "Person",
    "PreviewServer",
    "Problem",
    "RenderError",
    "RenderedEmail",
    "Section",
    "ServeError",
    "Severity",
    "SitePaths",
    "SourceLocation",
    "SpfcommsError",
    "TemplateError",
    "UtmTagger",
    "Workspace",
    "WriteError",
    "__version__",
    "audit",
    "build",
    "build_message",
    "check_links",
    "check_workspace",
    "import_metrics",
    "import_source",
    "issue_summaries",
    "issue_summary",
    "link_health",
    "link_history",
    "load_config",
    "load_issues",
    "load_workspace",
    "metrics_records",
    "new_issue",
    "render_email",
    "render_emails",
    "render_feeds",
    "render_site",
    "render_snippets",
    "render_web",
    "send_test",
    "summarise_access_log",
    "validate",
]
