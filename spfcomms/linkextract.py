"""Deprecated alias of the former module ``spfcomms.linkextract``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        [
            "parse_html",
            "LinkTarget",
            "normalise_url",
            "relative_location",
            "content_links",
            "html_links",
            "xml_links",
            "json_links",
            "output_links",
            "collect_link_targets",
            "is_internal",
            "output_path_for",
            "anchor_names",
        ],
        "spfcomms.checks.linkextract",
    ),
)
