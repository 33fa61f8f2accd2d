"""Deprecated alias of the former module ``spfcomms.linkcheck``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    {
        "LinkStatus": "spfcomms.checks.linkstatus",
        "LinkResult": "spfcomms.checks.linkstatus",
        "Progress": "spfcomms.checks.linkstatus",
        "LinkStore": "spfcomms.checks.linkcache",
        "link_history": "spfcomms.checks.linkcache",
        "link_health": "spfcomms.checks.linkcache",
        "check_links": "spfcomms.checks.linkcheck",
        "parse_retry_after": "spfcomms.checks.linkcheck",
    },
)
