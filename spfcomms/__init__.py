"""spfcomms: publish a forum's communications, and measure their reach.

The typed API for scripts::

    import spfcomms
    config = spfcomms.load_config("path/to/workspace")
    workspace = spfcomms.load_workspace(config)
    result = spfcomms.build(config)

    with spfcomms.MetricsStore.open(config) as store:
        spfcomms.import_metrics(store, workspace, Path("mailchimp-report.json"))
        summary = spfcomms.issue_summary(store, "2023-12")
"""

from __future__ import annotations

import importlib
import typing as _typing

__version__ = "0.1.0"

from .build import BuildResult as BuildResult
from .build import Workspace as Workspace
from .build import build as build
from .build import load_workspace as load_workspace
from .build import render_site as render_site
from .config import Config as Config
from .config import load_config as load_config
from .content import AgendaItem as AgendaItem
from .content import Body as Body
from .content import CaseStudy as CaseStudy
from .content import Issue as Issue
from .content import ItemKind as ItemKind
from .content import Link as Link
from .content import MeetingSummary as MeetingSummary
from .content import NewsItem as NewsItem
from .content import Person as Person
from .content import Section as Section
from .exceptions import ConfigError as ConfigError
from .exceptions import ContentError as ContentError
from .exceptions import DeliveryError as DeliveryError
from .exceptions import ImportSourceError as ImportSourceError
from .exceptions import MetricsError as MetricsError
from .exceptions import MJMLError as MJMLError
from .exceptions import Problem as Problem
from .exceptions import RenderError as RenderError
from .exceptions import ServeError as ServeError
from .exceptions import Severity as Severity
from .exceptions import SourceLocation as SourceLocation
from .exceptions import SpfcommsError as SpfcommsError
from .exceptions import TemplateError as TemplateError
from .exceptions import WriteError as WriteError
from .importers import ImportResult as ImportResult
from .importers import import_source as import_source
from .loaders import load_issues as load_issues
from .render.email import RenderedEmail as RenderedEmail
from .render.email import render_email as render_email
from .render.email import render_emails as render_emails
from .render.eml import build_message as build_message
from .render.feeds import render_feeds as render_feeds
from .render.snippets import render_snippets as render_snippets
from .render.web import render_web as render_web
from .scaffold import new_issue as new_issue
from .utm import UtmTagger as UtmTagger
from .validate import validate as validate

if _typing.TYPE_CHECKING:
    from .checks import CheckReport as CheckReport
    from .checks import check_workspace as check_workspace
    from .delivery import send_test as send_test
    from .linkcheck import LinkResult as LinkResult
    from .linkcheck import LinkStatus as LinkStatus
    from .linkcheck import check_links as check_links
    from .linkcheck import link_health as link_health
    from .linkcheck import link_history as link_history
    from .linkextract import LinkTarget as LinkTarget
    from .metrics import AccessLogSummary as AccessLogSummary
    from .metrics import ImportResult as MetricsImportResult
    from .metrics import IssueSummary as IssueSummary
    from .metrics import MetricsStore as MetricsStore
    from .metrics import SitePaths as SitePaths
    from .metrics import import_file as import_metrics
    from .metrics import issue_summaries as issue_summaries
    from .metrics import issue_summary as issue_summary
    from .metrics import records as metrics_records
    from .metrics import summarise_access_log as summarise_access_log
    from .serve import PreviewServer as PreviewServer

# Parts that need heavy libraries (SQLAlchemy, requests, bs4, smtplib) load on first
# use, so that `import spfcomms` and `spfcomms build` start fast: name -> (module, attribute).
_LAZY = {
    "AccessLogSummary": ("metrics", "AccessLogSummary"),
    "CheckReport": ("checks", "CheckReport"),
    "IssueSummary": ("metrics", "IssueSummary"),
    "LinkResult": ("linkcheck", "LinkResult"),
    "LinkStatus": ("linkcheck", "LinkStatus"),
    "LinkTarget": ("linkextract", "LinkTarget"),
    "MetricsImportResult": ("metrics", "ImportResult"),
    "MetricsStore": ("metrics", "MetricsStore"),
    "PreviewServer": ("serve", "PreviewServer"),
    "SitePaths": ("metrics", "SitePaths"),
    "check_links": ("linkcheck", "check_links"),
    "check_workspace": ("checks", "check_workspace"),
    "import_metrics": ("metrics", "import_file"),
    "issue_summaries": ("metrics", "issue_summaries"),
    "issue_summary": ("metrics", "issue_summary"),
    "link_health": ("linkcheck", "link_health"),
    "link_history": ("linkcheck", "link_history"),
    "metrics_records": ("metrics", "records"),
    "send_test": ("delivery", "send_test"),
    "summarise_access_log": ("metrics", "summarise_access_log"),
}


def __getattr__(name: str) -> _typing.Any:
    if name in _LAZY:
        module_name, attribute = _LAZY[name]
        module = importlib.import_module(f".{module_name}", __name__)
        value = getattr(module, attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'spfcomms' has no attribute {name!r}")


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
