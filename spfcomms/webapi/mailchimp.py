"""Draft campaigns in Mailchimp, through the Marketing API 3.0.

- ``POST /3.0/campaigns`` with ``type: regular``, ``recipients.list_id`` (the audience)
  and ``settings`` (``subject_line``, ``preview_text``, ``title``, ``from_name``,
  ``reply_to``) creates a campaign; its ``id`` is in the answer. A new campaign is a
  draft (status ``save``) until someone sends or schedules it in Mailchimp.
- ``PATCH /3.0/campaigns/{id}`` changes the recipients and settings.
- ``PUT /3.0/campaigns/{id}/content`` sets ``html`` and ``plain_text``.

The API key is sent with HTTP basic authentication (any user name; the key is the
password). Its suffix (``-us21``) names the data centre and so the host, unless
``[mailchimp].api_url`` says otherwise. Errors are problem documents (``type``,
``title``, ``status``, ``detail``, ``instance``). The metrics pull reads the same
account's reports (``metrics/mailchimp_api.py``) through ``api_client`` and ``account``.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.config import Config
from .campaigns import CampaignContent
from .http import ApiClient, ApiError

UNSUBSCRIBE_TAG = "*|UNSUB|*"
ARCHIVE_TAG = "*|ARCHIVE|*"
_DATA_CENTRE = re.compile(r"-([a-z]{2,3}\d{1,3})$")
_USER = "spfcomms"


def describe_problem(body: Any) -> str:
    """``API Key Invalid: Your API key may be invalid ...`` from a problem document."""
    if not isinstance(body, dict):
        return ""
    title, detail = str(body.get("title") or ""), str(body.get("detail") or "")
    errors = body.get("errors")
    if isinstance(errors, list):
        fields = [
            f"{e.get('field')}: {e.get('message')}"
            for e in errors
            if isinstance(e, dict) and e.get("field")
        ]
        if fields:
            detail = f"{detail} ({'; '.join(fields)})" if detail else "; ".join(fields)
    return f"{title}: {detail}" if title and detail else title or detail


def api_client(
    base_url: str,
    key: str,
    *,
    key_name: str = "the API key",
    timeout: float = 30.0,
    attempts: int = 5,
    max_wait: float = 120.0,
    dry_run: bool = False,
    error: type[ApiError] = ApiError,
) -> ApiClient:
    """The shared client, set up for one Mailchimp account (basic auth, problem documents)."""
    header = ApiClient.basic(_USER, key)
    encoded = base64.b64encode(f"{_USER}:{key}".encode()).decode("ascii")
    return ApiClient(
        name="Mailchimp",
        base_url=base_url.rstrip("/"),
        headers={"Authorization": header} if key else {},
        secrets=(key, encoded, header) if key else (),
        key_name=key_name,
        describe=describe_problem,
        timeout=timeout,
        attempts=attempts,
        max_wait=max_wait,
        dry_run=dry_run,
        error=error,
    )


def account(
    config: Config,
    environ: Mapping[str, str] | None = None,
    *,
    dry_run: bool = False,
    error: type[ApiError] = ApiError,
) -> tuple[str, str, str]:
    """``(API address, key, variable name)`` of the account in ``[mailchimp]``.

    A dry run needs no key (nothing is sent); without one the host shows the data
    centre as ``<dc>``.
    """
    env = os.environ if environ is None else environ
    name = config.mailchimp.api_key_env
    key = env.get(name, "").strip()
    if not key and not dry_run:
        raise error(
            f"{name} is not set: put your Mailchimp API key in that environment variable "
            "(Mailchimp: Account & billing > Extras > API keys); spfcomms.toml only names "
            "the variable ([mailchimp].api_key_env)"
        )
    base = config.mailchimp.api_url
    if not base:
        centre = _DATA_CENTRE.search(key)
        if centre is None and key:
            raise error(
                f"the key in {name} does not end in a data centre such as '-us21'; copy "
                "the whole key from Mailchimp, or set [mailchimp].api_url"
            )
        base = f"https://{centre.group(1) if centre else '<dc>'}.api.mailchimp.com/3.0"
    return base, key, name


def mailchimp_client(
    config: Config, environ: Mapping[str, str] | None = None, *, dry_run: bool = False
) -> ApiClient:
    """A client for the account named in ``[mailchimp]``, with ``[publish]``'s patience."""
    base, key, name = account(config, environ, dry_run=dry_run)
    return api_client(
        base,
        key,
        key_name=name,
        timeout=config.publish.timeout,
        attempts=config.publish.attempts,
        max_wait=config.publish.max_retry_after,
        dry_run=dry_run,
    )


@dataclass
class MailchimpCampaigns:
    """Draft campaigns for one audience of one Mailchimp account."""

    client: ApiClient
    audience_id: str
    name: str = "mailchimp"
    label: str = "Mailchimp"
    unsubscribe_tag: str = UNSUBSCRIBE_TAG
    archive_tag: str = ARCHIVE_TAG

    @classmethod
    def from_config(
        cls, config: Config, environ: Mapping[str, str] | None = None, *, dry_run: bool = False
    ) -> MailchimpCampaigns:
        """The account and audience named in ``[mailchimp]``."""
        if not config.mailchimp.audience_id:
            raise ApiError(
                "[mailchimp].audience_id is not set: name the audience the bulletin goes "
                "to (Mailchimp: Audience > Settings > Audience name and defaults > "
                "Audience ID)"
            )
        client = mailchimp_client(config, environ, dry_run=dry_run)
        return cls(client=client, audience_id=config.mailchimp.audience_id)

    def escape(self, text: str) -> str:
        """Mailchimp has no escape for ``*|...|*``; our text holds none of its own."""
        return text

    def _settings(self, content: CampaignContent) -> dict[str, Any]:
        return {
            "recipients": {"list_id": self.audience_id},
            "settings": {
                "subject_line": content.subject,
                "preview_text": content.preview_text,
                "title": content.title,
                "from_name": content.from_name,
                "reply_to": content.reply_to,
            },
        }

    def _set_content(self, campaign_id: str, content: CampaignContent) -> None:
        body = {"html": content.html, "plain_text": content.text}
        self.client.request("PUT", f"/campaigns/{campaign_id}/content", body=body)

    def create(self, content: CampaignContent) -> str:
        """``POST /campaigns``; the new id (``finish`` sets the content)."""
        created = self.client.request(
            "POST", "/campaigns", body={"type": "regular", **self._settings(content)}
        )
        campaign_id = str(created.get("id") or "")
        if not campaign_id:
            if not self.client.dry_run:
                raise ApiError("Mailchimp's answer to POST /campaigns has no campaign 'id'")
            campaign_id = "{new campaign id}"
        return campaign_id

    def finish(self, campaign_id: str, content: CampaignContent) -> None:
        """``PUT /campaigns/{id}/content``: the HTML and the text part."""
        self._set_content(campaign_id, content)

    def update(self, campaign_id: str, content: CampaignContent) -> None:
        """``PATCH /campaigns/{id}`` then ``PUT /campaigns/{id}/content``."""
        self.client.request("PATCH", f"/campaigns/{campaign_id}", body=self._settings(content))
        self._set_content(campaign_id, content)

    def is_gone(self, error: ApiError) -> bool:
        """Mailchimp answers 404 ``Resource Not Found`` for a deleted campaign."""
        return error.status == 404
