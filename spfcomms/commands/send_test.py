"""``spfcomms send-test`` as a library call: render one issue's email and send a test copy.

Only a handful of addresses (``[email].max_test_recipients``) are accepted: the
bulletin itself goes out through the mailing tool, never from here. A test copy is a
preview: drafts and embargoed items are in it, each under its banner, so that they can
be read before they are due.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model.clock import build_datetime
from ..model.config import Config
from ..model.exceptions import DeliveryError
from ..model.release import release
from ..output.delivery import check_recipients, send_message
from ..render.email import render_email
from ..render.eml import RenderedEmail, build_message
from ..render.site import make_site
from ..workspace.collect import load_workspace

TEST_SUBJECT_PREFIX = "[Test] "


def send_test(config: Config, issue_id: str, to: Sequence[str]) -> RenderedEmail:
    """Build one issue's email fresh from the workspace and send a test copy to ``to``.

    The subject starts with ``[Test] ``; everything else is what ``email.eml`` holds,
    except the To header, which names the test recipients.
    """
    recipients = check_recipients(to, config.email)
    workspace = load_workspace(config)
    try:
        issue = workspace.issue(issue_id)
    except KeyError as exc:
        raise DeliveryError(str(exc.args[0])) from None
    split = release(workspace, build_datetime())
    site = make_site(workspace, banner=split.banner)
    email = render_email(issue, site)
    msg = build_message(
        email, issue, config, to=recipients, subject=TEST_SUBJECT_PREFIX + email.subject
    )
    send_message(msg, recipients, config.email)
    return email
