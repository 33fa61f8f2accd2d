"""``spfcomms publish ISSUE --to TOOL``: hand an issue's email to the mailing tool.

The story:

1. The workspace is checked as ``build`` checks it (``checks/rules.py``); any error
   stops here, so nothing unfinished reaches the tool. A draft or embargoed issue is
   refused; items held back are left out of the email, as from every published output.
2. The email is rendered with the tool's merge tags: its per-reader unsubscribe link in
   place of our one static address, and, when ``[publish].view_in_browser = "tool"``,
   its hosted copy in place of our web page. (``email.eml`` of the build keeps our
   addresses and its RFC 8058 headers.)
3. Without a ``[campaign]`` in issue.toml a draft campaign is created and its id
   recorded there at once (``workspace/campaign.py``); with one for the same tool, that
   campaign is updated. A campaign is never sent or scheduled: that is a person's
   decision, in the tool.

With ``dry_run`` the requests are recorded, not sent, and issue.toml is not touched.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..checks.rules import render_published, run_rules
from ..model.clock import build_datetime
from ..model.config import Config
from ..model.content import CampaignRecord, Issue
from ..model.exceptions import SpfcommsError
from ..model.problems import Problem
from ..model.release import Release, release
from ..render.email import MailingLinks, preheader, render_email, subject_for
from ..render.site import make_site
from ..webapi import TOOLS
from ..webapi.campaigns import CampaignContent, CampaignTool
from ..webapi.http import ApiError, PlannedRequest
from ..webapi.listmonk import ListmonkCampaigns
from ..webapi.mailchimp import MailchimpCampaigns
from ..workspace.campaign import record_campaign
from ..workspace.collect import collect_workspace
from ..workspace.validate import fail_if_errors

logger = logging.getLogger(__name__)

# Addresses the email is rendered with, replaced by the tool's merge tags afterwards,
# so that the templates, the UTM tagging and the text wrapping treat them as links.
_UNSUBSCRIBE = "https://unsubscribe.merge-tag.invalid/"
_VIEW_ONLINE = "https://view-online.merge-tag.invalid/"


@dataclass(frozen=True, slots=True)
class PublishResult:
    """What ``publish`` did (or, in a dry run, would do)."""

    tool: str
    issue_id: str
    campaign_id: str
    created: bool
    """True when a new campaign was made; False when the recorded one was updated."""
    dry_run: bool
    requests: tuple[PlannedRequest, ...]
    """Every request sent (or planned), without credentials."""
    recorded_in: Path | None
    """The issue.toml that now names the campaign (None when nothing was recorded)."""
    problems: tuple[Problem, ...] = ()
    """Warnings and notes of the checks (an error would have stopped the run)."""
    credentials: str = ""
    """Where the key came from (the environment variable's name), never the key."""


def make_tool(
    config: Config,
    name: str,
    *,
    dry_run: bool = False,
    environ: Mapping[str, str] | None = None,
) -> CampaignTool:
    """The client of the tool named ``name`` (one of ``webapi.TOOLS``)."""
    if name == "mailchimp":
        return MailchimpCampaigns.from_config(config, environ, dry_run=dry_run)
    if name == "listmonk":
        return ListmonkCampaigns.from_config(config, environ, dry_run=dry_run)
    raise SpfcommsError(f"unknown mailing tool '{name}' (known: {', '.join(TOOLS)})")


def campaign_content(
    config: Config, split: Release, issue: Issue, tool: CampaignTool
) -> CampaignContent:
    """The published email of ``issue`` with ``tool``'s merge tags in place."""
    site = make_site(split.published)
    own_page = config.publish.view_in_browser == "ours"
    links = MailingLinks(unsubscribe=_UNSUBSCRIBE, view_online=None if own_page else _VIEW_ONLINE)
    email = render_email(issue, site, links=links)

    def tagged(text: str) -> str:
        text = tool.escape(text).replace(_UNSUBSCRIBE, tool.unsubscribe_tag)
        return text.replace(_VIEW_ONLINE, tool.archive_tag)

    settings = config.email
    return CampaignContent(
        title=f"{config.site.display_short_name} bulletin {issue.number}",
        subject=subject_for(issue, config),
        preview_text=preheader(issue),
        from_name=settings.from_name or config.site.name,
        from_email=settings.from_address,
        reply_to=settings.reply_to or settings.from_address,
        html=tagged(email.html),
        text=tagged(email.text),
    )


def publish(
    config: Config,
    issue_id: str,
    tool_name: str,
    *,
    dry_run: bool = False,
    tool: CampaignTool | None = None,
    environ: Mapping[str, str] | None = None,
) -> PublishResult:
    """Create or update the draft campaign of one issue (see the module docstring)."""
    workspace = collect_workspace(config)
    issue = workspace.issue(issue_id)  # KeyError naming the issues that exist
    split = release(workspace, build_datetime())
    findings = run_rules(split, render_published(split))
    problems = findings.all_problems()
    fail_if_errors(problems)
    if split.is_held(issue_id):
        held = next(h for h in split.held if h.kind == "issue" and h.id == issue_id)
        raise SpfcommsError(
            f"issue {issue_id} is not published ({held.banner}); a campaign is made only "
            "from a published issue"
        )
    issue = split.published.issue(issue_id)
    recorded = issue.campaign
    if recorded is not None and recorded.tool != tool_name:
        raise SpfcommsError(
            f"{issue.source}: issue {issue_id} already has a {recorded.tool} campaign "
            f"({recorded.id}) in its [campaign] table; remove that table to make a "
            f"{tool_name} campaign instead"
        )
    tool = tool or make_tool(config, tool_name, dry_run=dry_run, environ=environ)
    content = campaign_content(config, split, issue, tool)
    issue_file = Path(issue.source.path)
    try:
        if recorded is not None:
            campaign_id, created, written = _update(tool, recorded, content, issue_file)
        else:
            campaign_id = tool.create(content)
            written = None
            if not dry_run:
                record_campaign(issue_file, CampaignRecord(tool=tool.name, id=campaign_id))
                written = issue_file
            tool.finish(campaign_id, content)
            created = True
    finally:
        tool.client.close()
    logger.info("%s campaign %s for %s", "created" if created else "updated", campaign_id, issue_id)
    return PublishResult(
        tool=tool.name,
        issue_id=issue_id,
        campaign_id=campaign_id,
        created=created,
        dry_run=dry_run,
        requests=tuple(tool.client.sent),
        recorded_in=written,
        problems=tuple(problems),
        credentials=tool.client.key_name,
    )


def _update(
    tool: CampaignTool, recorded: CampaignRecord, content: CampaignContent, issue_file: Path
) -> tuple[str, bool, Path | None]:
    try:
        tool.update(recorded.id, content)
    except ApiError as exc:
        if tool.is_gone(exc):
            raise ApiError(
                f"{issue_file}: the {tool.label} campaign {recorded.id} recorded in its "
                f"[campaign] table is not in {tool.label} ({exc.detail}); was it deleted "
                "there? Remove the [campaign] table to create a new campaign",
                status=exc.status,
                detail=exc.detail,
            ) from None
        raise
    return recorded.id, False, None
