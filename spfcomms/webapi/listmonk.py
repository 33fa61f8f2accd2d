"""Draft campaigns in listmonk, through its HTTP API.

- ``POST /api/campaigns`` with ``name``, ``subject``, ``lists`` (ids), ``from_email``,
  ``type: regular``, ``content_type: html``, ``body``, ``altbody`` (and ``template_id``
  when one is set) creates a campaign; listmonk makes every new campaign a draft. The
  answer is ``{"data": {"id": 1, ...}}``.
- ``PUT /api/campaigns/{id}`` with the same fields updates it; listmonk refuses to
  change a campaign that is running or finished.

API users (Admin > Users) authenticate with ``Authorization: token <user>:<token>``.
Errors are ``{"message": "..."}``; a campaign that does not exist is a 400 (or 404)
whose message says it is not found. Campaign bodies are Go templates: ``{{`` in our
text is written so that listmonk prints it rather than reads it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..model.config import Config
from .campaigns import CampaignContent
from .http import ApiClient, ApiError

UNSUBSCRIBE_TAG = "{{ UnsubscribeURL }}"
ARCHIVE_TAG = "{{ MessageURL }}"


def describe_message(body: Any) -> str:
    """The ``message`` of a listmonk error body."""
    return str(body.get("message") or "") if isinstance(body, dict) else ""


def listmonk_client(
    config: Config, environ: Mapping[str, str] | None = None, *, dry_run: bool = False
) -> ApiClient:
    """A client for the server in ``[listmonk].url`` as ``[listmonk].api_user``."""
    settings = config.listmonk
    if not settings.url:
        raise ApiError("[listmonk].url is not set: give the address of your listmonk server")
    if not settings.api_user:
        raise ApiError(
            "[listmonk].api_user is not set: name the API user (listmonk: Admin > Users) "
            f"whose token is in {settings.token_env}"
        )
    env = os.environ if environ is None else environ
    token = env.get(settings.token_env, "").strip()
    if not token and not dry_run:
        raise ApiError(
            f"{settings.token_env} is not set: put the listmonk API user's token in that "
            "environment variable; spfcomms.toml only names the variable "
            "([listmonk].token_env)"
        )
    header = f"token {settings.api_user}:{token}"
    return ApiClient(
        name="listmonk",
        base_url=settings.url.rstrip("/") + "/api",
        headers={"Authorization": header} if token else {},
        secrets=(token, f"{settings.api_user}:{token}", header) if token else (),
        key_name=settings.token_env,
        key_word="token",
        describe=describe_message,
        timeout=config.publish.timeout,
        attempts=config.publish.attempts,
        max_wait=config.publish.max_retry_after,
        dry_run=dry_run,
    )


@dataclass
class ListmonkCampaigns:
    """Draft campaigns for some lists of one listmonk server."""

    client: ApiClient
    list_ids: tuple[int, ...]
    template_id: int = 0
    name: str = "listmonk"
    label: str = "listmonk"
    unsubscribe_tag: str = UNSUBSCRIBE_TAG
    archive_tag: str = ARCHIVE_TAG

    @classmethod
    def from_config(
        cls, config: Config, environ: Mapping[str, str] | None = None, *, dry_run: bool = False
    ) -> ListmonkCampaigns:
        """The server, user and lists named in ``[listmonk]``."""
        if not config.listmonk.list_ids:
            raise ApiError(
                "[listmonk].list_ids is not set: list the ids of the lists the bulletin "
                "goes to, such as list_ids = [3]"
            )
        return cls(
            client=listmonk_client(config, environ, dry_run=dry_run),
            list_ids=config.listmonk.list_ids,
            template_id=config.listmonk.template_id,
        )

    def escape(self, text: str) -> str:
        """``{{`` written as a Go template action that prints it."""
        return text.replace("{{", '{{"{{"}}')

    def _body(self, content: CampaignContent) -> dict[str, Any]:
        body: dict[str, Any] = {
            "name": content.title,
            "subject": content.subject,
            "lists": list(self.list_ids),
            "from_email": f"{content.from_name} <{content.from_email}>",
            "type": "regular",
            "messenger": "email",
            "content_type": "html",
            "body": content.html,
            "altbody": content.text,
        }
        if self.template_id:
            body["template_id"] = self.template_id
        return body

    def create(self, content: CampaignContent) -> str:
        """``POST /api/campaigns``; the new campaign's id."""
        answer = self.client.request("POST", "/campaigns", body=self._body(content))
        data = answer.get("data")
        campaign_id = data.get("id") if isinstance(data, dict) else None
        if campaign_id is None:
            if not self.client.dry_run:
                raise ApiError("listmonk's answer to POST /campaigns has no data.id")
            return "{new campaign id}"
        return str(campaign_id)

    def finish(self, campaign_id: str, content: CampaignContent) -> None:
        """Nothing: listmonk takes the content with the campaign."""

    def update(self, campaign_id: str, content: CampaignContent) -> None:
        """``PUT /api/campaigns/{id}`` with every field."""
        self.client.request("PUT", f"/campaigns/{campaign_id}", body=self._body(content))

    def is_gone(self, error: ApiError) -> bool:
        """listmonk answers 400 "Campaign not found" (404 from some versions)."""
        return error.status in (400, 404) and "not found" in error.detail.lower()
