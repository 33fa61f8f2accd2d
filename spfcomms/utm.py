"""Deprecated alias of the former module ``spfcomms.utm``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    {
        "NO_UTM": "spfcomms.model.urls",
        "strip_opt_out": "spfcomms.model.urls",
        "UtmTagger": "spfcomms.render.utm",
    },
)
