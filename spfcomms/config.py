"""Deprecated alias of the former module ``spfcomms.config``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        [
            "CONFIG_FILE_NAME",
            "DATABASE_URL_ENV",
            "SiteConfig",
            "BuildConfig",
            "EmailConfig",
            "UtmConfig",
            "FeedConfig",
            "SnippetsConfig",
            "MetricsConfig",
            "LinkcheckConfig",
            "ChecksConfig",
            "Config",
            "find_config",
            "load_config",
            "config_from_mapping",
        ],
        "spfcomms.model.config",
    ),
)
