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
    from .readers import SourceFormatError as SourceFormatError
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
    "MetricsImportResult": ("importer", "MetricsImportResult"),
    "IssueSummary": ("summary", "IssueSummary"),
    "ItemFigures": ("summary", "ItemFigures"),
    "ManualFigure": ("summary", "ManualFigure"),
    "MetricsStore": ("store", "MetricsStore"),
    "Replacement": ("importer", "Replacement"),
    "SitePaths": ("accesslog", "SitePaths"),
    "SourceFormatError": ("readers", "SourceFormatError"),
    "click_rate": ("definitions", "click_rate"),
    "click_to_open_rate": ("definitions", "click_to_open_rate"),
    "database_url": ("store", "database_url"),
    "delivered": ("definitions", "delivered"),
    "detect_format": ("importer", "detect_format"),
    "import_file": ("importer", "import_file"),
    "issue_summaries": ("summary", "issue_summaries"),
    "issue_summary": ("summary", "issue_summary"),
    "open_rate": ("definitions", "open_rate"),
    "records": ("summary", "records"),
    "summarise_access_log": ("accesslog", "summarise_access_log"),
    "unsubscribe_rate": ("definitions", "unsubscribe_rate"),
}
__getattr__, __dir__ = _lazy_names(__name__, _LAZY, renamed={"ImportResult": "MetricsImportResult"})

__all__ = [
    "AccessLogSummary",
    "EmailFigures",
    "FORMATS",
    "MetricsImportResult",
    "IssueSummary",
    "ItemFigures",
    "ManualFigure",
    "MetricsStore",
    "Replacement",
    "SitePaths",
    "SourceFormatError",
    "click_rate",
    "click_to_open_rate",
    "database_url",
    "delivered",
    "detect_format",
    "import_file",
    "issue_summaries",
    "issue_summary",
    "open_rate",
    "records",
    "summarise_access_log",
    "unsubscribe_rate",
]
