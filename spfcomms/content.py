"""Deprecated alias of the former module ``spfcomms.content``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        [
            "ItemKind",
            "Link",
            "Person",
            "Body",
            "EMPTY_BODY",
            "AgendaItem",
            "Section",
            "Item",
            "MeetingSummary",
            "CaseStudy",
            "NewsItem",
            "AnyItem",
            "Issue",
        ],
        "spfcomms.model.content",
    ),
)
