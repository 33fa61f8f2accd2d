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

import typing as _typing

from .._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from .accesslog import AccessLogSummary as AccessLogSummary
    from .accesslog import SitePaths as SitePaths
    from .accesslog import summarise_access_log as summarise_access_log
    from .definitions import click_rate as click_rate
    from .definitions import click_to_open_rate as click_to_open_rate
    from .definitions import delivered as delivered
    from .definitions import open_rate as open_rate
    from .definitions import unsubscribe_rate as unsubscribe_rate
    from .formats import FORMATS as FORMATS
    from .importer import MetricsImportResult as MetricsImportResult
    from .importer import Replacement as Replacement
    from .importer import detect_format as detect_format
    from .importer import import_file as import_file
    from .mailchimp_api import MailchimpApiError as MailchimpApiError
    from .mailchimp_api import MailchimpClient as MailchimpClient
    from .measures import Figure as Figure
    from .measures import Kind as Kind
    from .pull import pull_mailchimp as pull_mailchimp
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

# name -> (module, attribute), loaded on first use.
_LAZY: dict[str, tuple[str, str]] = {
    "AccessLogSummary": ("accesslog", "AccessLogSummary"),
    "EmailFigures": ("summary", "EmailFigures"),
    "FORMATS": ("formats", "FORMATS"),
    "Figure": ("measures", "Figure"),
    "Kind": ("measures", "Kind"),
    "MailchimpApiError": ("mailchimp_api", "MailchimpApiError"),
    "MailchimpClient": ("mailchimp_api", "MailchimpClient"),
    "MetricsImportResult": ("importer", "MetricsImportResult"),
    "IssueSummary": ("summary", "IssueSummary"),
    "ItemFigures": ("summary", "ItemFigures"),
    "ManualFigure": ("summary", "ManualFigure"),
    "MetricsStore": ("store", "MetricsStore"),
    "NamedFigure": ("site", "NamedFigure"),
    "PageFigure": ("site", "PageFigure"),
    "Replacement": ("importer", "Replacement"),
    "SitePaths": ("accesslog", "SitePaths"),
    "SiteSummary": ("site", "SiteSummary"),
    "SourceFormatError": ("readers", "SourceFormatError"),
    "SubscriberCount": ("site", "SubscriberCount"),
    "click_rate": ("definitions", "click_rate"),
    "click_to_open_rate": ("definitions", "click_to_open_rate"),
    "database_url": ("store", "database_url"),
    "delivered": ("definitions", "delivered"),
    "detect_format": ("importer", "detect_format"),
    "import_file": ("importer", "import_file"),
    "issue_summaries": ("summary", "issue_summaries"),
    "issue_summary": ("summary", "issue_summary"),
    "open_rate": ("definitions", "open_rate"),
    "pull_mailchimp": ("pull", "pull_mailchimp"),
    "records": ("summary", "records"),
    "site_summary": ("site", "site_summary"),
    "summarise_access_log": ("accesslog", "summarise_access_log"),
    "unsubscribe_rate": ("definitions", "unsubscribe_rate"),
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY, renamed={"ImportResult": "MetricsImportResult"})

__all__ = [
    "AccessLogSummary",
    "EmailFigures",
    "FORMATS",
    "Figure",
    "MetricsImportResult",
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
