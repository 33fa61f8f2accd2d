"""Deprecated alias of the former module ``spfcomms.templating``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        ["MONTHS", "format_date", "nest_headings", "make_environment", "render_template"],
        "spfcomms.render.templating",
    ),
)
