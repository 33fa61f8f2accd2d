"""Checks: everything that can be wrong before publishing, found in one run.

Content text (``unfinished``), the built output (``outputs``: ``accessibility``,
``contrast``, ``sizes``), links (``linkextract`` finds them, ``internal_links`` checks
those into the site, ``linkcheck`` the others over HTTP, ``linkcache`` remembers the
results) and the report (``report``). The run itself is ``commands/check.py``.
"""

from .._deprecated import alias_attributes

# Names of the former module spfcomms.checks, for one release.
__getattr__ = alias_attributes(
    __name__,
    {
        "CheckReport": "spfcomms.checks.report",
        "LINK_CODES": "spfcomms.checks.report",
        "UNAVAILABLE_CODE": "spfcomms.checks.report",
        "link_code": "spfcomms.checks.report",
        "link_problems": "spfcomms.checks.report",
        "check_internal_links": "spfcomms.checks.internal_links",
        "check_workspace": "spfcomms.commands.check",
    },
)
