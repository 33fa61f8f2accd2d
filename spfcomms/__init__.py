"""spfcomms: publish a forum's communications, and measure their reach.

The typed API for scripts::

    import spfcomms
    config = spfcomms.load_config("path/to/workspace")
    workspace = spfcomms.load_workspace(config)
    result = spfcomms.build(config)
"""

from __future__ import annotations

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
from .exceptions import Problem as Problem
from .exceptions import RenderError as RenderError
from .exceptions import Severity as Severity
from .exceptions import SourceLocation as SourceLocation
from .exceptions import SpfcommsError as SpfcommsError
from .exceptions import TemplateError as TemplateError
from .exceptions import WriteError as WriteError
from .loaders import load_issues as load_issues
from .metrics.accesslog import AccessLogSummary as AccessLogSummary
from .metrics.accesslog import SitePaths as SitePaths
from .metrics.accesslog import summarise_access_log as summarise_access_log
from .scaffold import new_issue as new_issue
from .validate import validate as validate

__all__ = [
    "AccessLogSummary",
    "AgendaItem",
    "Body",
    "BuildResult",
    "CaseStudy",
    "Config",
    "ConfigError",
    "ContentError",
    "Issue",
    "ItemKind",
    "Link",
    "MeetingSummary",
    "NewsItem",
    "Person",
    "Problem",
    "RenderError",
    "Section",
    "Severity",
    "SitePaths",
    "SourceLocation",
    "SpfcommsError",
    "TemplateError",
    "Workspace",
    "WriteError",
    "__version__",
    "build",
    "load_config",
    "load_issues",
    "load_workspace",
    "new_issue",
    "render_site",
    "summarise_access_log",
    "validate",
]
