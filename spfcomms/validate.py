"""Deprecated alias of the former module ``spfcomms.validate``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        [
            "VAGUE_LINK_TEXT",
            "SUMMARY_MAX_LENGTH",
            "Rule",
            "validate",
            "apply_severity",
            "fail_if_errors",
            "unique_ids",
            "unique_numbers",
            "dates_in_month",
            "required_text",
            "links",
            "subject_length",
            "RULES",
        ],
        "spfcomms.workspace.validate",
    ),
)
