"""Reach metrics: a store of figures per issue, item and link, fed from exports.

For scripts::

    import spfcomms
    from spfcomms import metrics

    config = spfcomms.load_config("path/to/workspace")
    workspace = spfcomms.load_workspace(config)
    with metrics.MetricsStore.open(config) as store:
        result = metrics.import_file(store, workspace, Path("campaign.json"))
        print(result.messages())
        summary = metrics.issue_summary(store, "2023-06")
        site = metrics.site_summary(store)      # feeds, partners, site pages, baselines
        rows = metrics.records(store, issue="2023-06")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .accesslog import AccessLogSummary as AccessLogSummary
from .accesslog import SitePaths as SitePaths
from .accesslog import summarise_access_log as summarise_access_log
from .definitions import click_rate as click_rate
from .definitions import click_to_open_rate as click_to_open_rate
from .definitions import delivered as delivered
from .definitions import open_rate as open_rate
from .definitions import unsubscribe_rate as unsubscribe_rate
from .importer import FORMATS as FORMATS
from .importer import ImportResult as ImportResult
from .importer import Replacement as Replacement
from .importer import detect_format as detect_format
from .importer import import_file as import_file
from .measures import Figure as Figure
from .measures import Kind as Kind
from .readers import SourceFormatError as SourceFormatError
from .site import NamedFigure as NamedFigure
from .site import PageFigure as PageFigure
from .site import SiteSummary as SiteSummary
from .site import SubscriberCount as SubscriberCount
from .site import site_summary as site_summary
from .store import MetricsStore as MetricsStore
from .store import database_url as database_url
from .summary import EmailFigures as EmailFigures
from .summary import IssueSummary as IssueSummary
from .summary import ItemFigures as ItemFigures
from .summary import ManualFigure as ManualFigure
from .summary import issue_summaries as issue_summaries
from .summary import issue_summary as issue_summary
from .summary import records as records

if TYPE_CHECKING:
    from .mailchimp_api import MailchimpApiError as MailchimpApiError
    from .mailchimp_api import MailchimpClient as MailchimpClient
    from .pull import pull_mailchimp as pull_mailchimp

# The API client needs requests: it is loaded when first asked for, so that importing
# the metrics store (every metrics command) does not load an HTTP stack.
_LAZY = {
    "MailchimpApiError": "mailchimp_api",
    "MailchimpClient": "mailchimp_api",
    "pull_mailchimp": "pull",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AccessLogSummary",
    "EmailFigures",
    "FORMATS",
    "Figure",
    "ImportResult",
    "IssueSummary",
    "ItemFigures",
    "Kind",
    "MailchimpApiError",
    "MailchimpClient",
    "ManualFigure",
    "MetricsStore",
    "NamedFigure",
    "PageFigure",
    "Replacement",
    "SitePaths",
    "SiteSummary",
    "SourceFormatError",
    "SubscriberCount",
    "click_rate",
    "click_to_open_rate",
    "database_url",
    "delivered",
    "detect_format",
    "import_file",
    "issue_summaries",
    "issue_summary",
    "open_rate",
    "pull_mailchimp",
    "records",
    "site_summary",
    "summarise_access_log",
    "unsubscribe_rate",
]
