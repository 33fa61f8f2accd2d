"""The export formats the metrics store reads: one module per kind of export, each
turning a file into observations. ``FORMATS`` names them; it is here, apart from the
readers, so that the command line can offer the list without loading the database layer.
"""

FORMATS = (
    "mailchimp-csv",
    "mailchimp-report-csv",
    "mailchimp-json",
    "mailchimp-api-csv",
    "klaviyo-csv",
    "mapped-csv",
    "link-clicks-csv",
    "ga4-csv",
    "matomo-csv",
    "manual-csv",
    "manual-toml",
    "access-log",
)
"""Every format ``metrics.import_file`` reads."""

PULL_TOOLS = ("mailchimp",)
"""The mailing tools whose API ``metrics pull`` reads (``metrics/pull.py``)."""
