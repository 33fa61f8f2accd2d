"""Deprecated alias of the former module ``spfcomms.loaders``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        [
            "ISSUE_FILE",
            "ISSUE_ID",
            "ITEM_ID",
            "load_issues",
            "load_issue",
            "load_item",
            "parse_item",
        ],
        "spfcomms.workspace.loaders",
    ),
)
