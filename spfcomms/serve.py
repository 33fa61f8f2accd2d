"""Deprecated alias of the former module ``spfcomms.serve``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        [
            "DEFAULT_PORT",
            "LOOPBACK",
            "CONTENT_TYPES",
            "BuildReport",
            "BuildCallback",
            "content_type",
            "watched_files",
            "snapshot",
            "PreviewServer",
        ],
        "spfcomms.commands.serve",
    ),
)
