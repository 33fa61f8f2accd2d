"""What a mailing tool needs to make a campaign, and what every tool's client offers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .http import ApiClient, ApiError


@dataclass(frozen=True, slots=True)
class CampaignContent:
    """One issue's email as a campaign: its settings and its two parts.

    ``html`` and ``text`` already hold the tool's merge tags (its unsubscribe link, and
    its hosted copy when the "view in browser" link is the tool's).
    """

    title: str
    """The campaign's name inside the tool (readers never see it)."""
    subject: str
    preview_text: str
    from_name: str
    from_email: str
    reply_to: str
    html: str
    text: str


class CampaignTool(Protocol):
    """A mailing tool that keeps draft campaigns: create one, or update it."""

    name: str
    """As ``--to`` and ``[campaign].tool`` write it: ``mailchimp``, ``listmonk``."""
    label: str
    """As messages write it: ``Mailchimp``, ``listmonk``."""
    unsubscribe_tag: str
    """The merge tag the tool replaces with each reader's own unsubscribe address."""
    archive_tag: str
    """The merge tag the tool replaces with the address of its hosted copy."""
    client: ApiClient

    def escape(self, text: str) -> str:
        """``text`` made safe from the tool's template language (before tags go in)."""
        ...

    def create(self, content: CampaignContent) -> str:
        """Create a draft campaign; its id. ``finish`` completes it: the id is recorded in
        between, so that a failure half-way leaves a campaign the next run updates."""
        ...

    def finish(self, campaign_id: str, content: CampaignContent) -> None:
        """Complete a campaign ``create`` made (its content, where the API sets it apart)."""
        ...

    def update(self, campaign_id: str, content: CampaignContent) -> None:
        """Replace the settings and content of the draft campaign ``campaign_id``."""
        ...

    def is_gone(self, error: ApiError) -> bool:
        """True when ``error`` says the campaign does not exist (any more)."""
        ...
