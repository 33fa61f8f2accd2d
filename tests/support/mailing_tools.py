"""The campaign endpoints of Mailchimp and listmonk, on 127.0.0.1 (``mailchimp.py`` has
Mailchimp's report endpoints, and its problem documents, used here too).

Both answer as their public documentation and source describe them:

- Mailchimp Marketing API 3.0: ``POST /3.0/campaigns`` (``type``, ``recipients.list_id``,
  ``settings``) makes a campaign with status ``save`` and a ten-character hex ``id``;
  ``PATCH /3.0/campaigns/{id}`` changes recipients and settings; ``PUT
  /3.0/campaigns/{id}/content`` sets ``html`` and ``plain_text``. HTTP basic
  authentication with the key as the password; errors are problem documents
  (``type``, ``title``, ``status``, ``detail``, ``instance``), a 404 for an unknown
  campaign, a 400 for a sent one.
- listmonk: ``POST /api/campaigns`` (``name``, ``subject``, ``lists``, ``type``,
  ``content_type``, ``body`` ...) makes a ``draft`` with an integer id, answering
  ``{"data": {...}}``; ``PUT /api/campaigns/{id}`` updates it. ``Authorization: token
  user:token`` (or basic); a bad token is a 403 ``invalid API credentials``; an
  unknown campaign a 400 ``Campaign not found``; errors are ``{"message": ...}``.

Tests queue failures (a 429 with ``Retry-After``, a 503) in front of the next requests.
Like a careless server, both fakes echo the credentials they were sent in their 401/403
messages, so a test can show that spfcomms never repeats a key.
"""

from __future__ import annotations

import base64
import json
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .http import LoopbackServer, Response
from .mailchimp import problem as mailchimp_problem

MAILCHIMP_KEY = "5a6b7c8d9e0f11223344556677889900-us21"
AUDIENCE_ID = "b2c3d4e5f6"
LISTMONK_USER = "spfcomms-bot"
LISTMONK_TOKEN = "Zq8rT5wYx2LmN7pK4vBc9sHd3jFg6aQe"
LIST_IDS = (3, 7)
JSON = {"Content-Type": "application/json; charset=utf-8"}


def _json(status: int, body: Any, content_type: dict[str, str] = JSON) -> Response:
    return status, dict(content_type), json.dumps(body).encode()


def listmonk_error(status: int, message: str) -> Response:
    """An error as listmonk writes it."""
    return _json(status, {"message": message})


@dataclass
class Request:
    """One request the fake received."""

    method: str
    path: str
    body: Any


@dataclass
class FakeMailingTool:
    """What both fakes share: queued failures and the requests received."""

    server: LoopbackServer
    received: list[Request] = field(default_factory=list)
    failures: deque[Response] = field(default_factory=deque)

    def fail(self, *responses: Response) -> None:
        """Answer the next requests with ``responses``, in order."""
        self.failures.extend(responses)

    def _take(self, method: str, target: str, raw: bytes) -> tuple[str, Any, Response | None]:
        path = urlsplit(target).path
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw
        self.received.append(Request(method, path, body))
        return path, body, self.failures.popleft() if self.failures else None


@dataclass
class FakeMailchimpCampaigns(FakeMailingTool):
    """A Mailchimp account with one audience."""

    key: str = MAILCHIMP_KEY
    audiences: tuple[str, ...] = (AUDIENCE_ID,)
    campaigns: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return self.server.url + "/3.0"

    def install(self) -> FakeMailchimpCampaigns:
        self.server.apis.append(self._answer)
        return self

    def _answer(
        self, method: str, target: str, headers: dict[str, str], raw: bytes
    ) -> Response | None:
        if not urlsplit(target).path.startswith("/3.0/campaigns"):
            return None
        path, body, queued = self._take(method, target, raw)
        sent = base64.b64decode(headers.get("Authorization", "Basic ")[6:] or b"")
        password = sent.decode(errors="replace").partition(":")[2]
        if password != self.key:
            return mailchimp_problem(
                401,
                "API Key Invalid",
                f"Your API key may be invalid, or you've attempted to access the wrong "
                f"datacenter. (key {password})",
            )
        if queued is not None:
            return queued
        if method == "POST" and path == "/3.0/campaigns":
            return self._create(body)
        match = re.fullmatch(r"/3\.0/campaigns/([0-9a-f]+)(/content)?", path)
        if match is None:
            return mailchimp_problem(
                404, "Resource Not Found", "The requested resource could not be found."
            )
        campaign = self.campaigns.get(match.group(1))
        if campaign is None:
            return mailchimp_problem(
                404, "Resource Not Found", "The requested resource could not be found."
            )
        if campaign["status"] == "sent":
            return mailchimp_problem(400, "Bad Request", "A sent campaign cannot be changed.")
        if match.group(2) and method == "PUT":
            self.contents[campaign["id"]] = {"html": body["html"], "plain_text": body["plain_text"]}
            return _json(200, {**self.contents[campaign["id"]], "archive_html": ""})
        if not match.group(2) and method == "PATCH":
            bad = self._invalid(body)
            if bad is not None:
                return bad
            campaign["recipients"] = body["recipients"]
            campaign["settings"] = {**campaign["settings"], **body["settings"]}
            return _json(200, campaign)
        return mailchimp_problem(405, "Method Not Allowed", f"{method} is not allowed here.")

    def _invalid(self, body: Any) -> Response | None:
        list_id = (body.get("recipients") or {}).get("list_id") if isinstance(body, dict) else None
        if list_id not in self.audiences:
            return mailchimp_problem(
                400,
                "Invalid Resource",
                f"The resource submitted could not be validated. (list_id {list_id!r})",
            )
        return None

    def _create(self, body: Any) -> Response:
        bad = self._invalid(body)
        if bad is not None:
            return bad
        if body.get("type") != "regular":
            return mailchimp_problem(400, "Invalid Resource", "type must be 'regular' here.")
        campaign_id = f"{0xA1B2C3D4E5 + len(self.campaigns):x}"
        campaign = {
            "id": campaign_id,
            "web_id": 4800 + len(self.campaigns),
            "type": "regular",
            "status": "save",
            "emails_sent": 0,
            "recipients": body["recipients"],
            "settings": body["settings"],
            "archive_url": f"https://eepurl.com/{campaign_id}",
        }
        self.campaigns[campaign_id] = campaign
        return _json(200, campaign)


@dataclass
class FakeListmonk(FakeMailingTool):
    """A listmonk server with two lists and one API user."""

    user: str = LISTMONK_USER
    token: str = LISTMONK_TOKEN
    lists: tuple[int, ...] = LIST_IDS
    campaigns: dict[int, dict[str, Any]] = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return self.server.url

    def install(self) -> FakeListmonk:
        self.server.apis.append(self._answer)
        return self

    def _answer(
        self, method: str, target: str, headers: dict[str, str], raw: bytes
    ) -> Response | None:
        if not urlsplit(target).path.startswith("/api/campaigns"):
            return None
        path, body, queued = self._take(method, target, raw)
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            auth = "token " + base64.b64decode(auth[6:]).decode(errors="replace")
        if auth != f"token {self.user}:{self.token}":
            return listmonk_error(403, f"invalid API credentials ({auth})")
        if queued is not None:
            return queued
        if method == "POST" and path == "/api/campaigns":
            return self._save(None, body)
        match = re.fullmatch(r"/api/campaigns/(\d+)", path)
        if match is None or method != "PUT":
            return listmonk_error(404, "Not Found")
        campaign_id = int(match.group(1))
        if campaign_id not in self.campaigns:
            return listmonk_error(400, "Campaign not found")
        if self.campaigns[campaign_id]["status"] in ("running", "finished"):
            return listmonk_error(400, "Cannot update a running or a finished campaign.")
        return self._save(campaign_id, body)

    def _save(self, campaign_id: int | None, body: Any) -> Response:
        for name in ("name", "subject", "lists", "content_type", "body"):
            if not body.get(name):
                return listmonk_error(400, f"invalid or missing `{name}`")
        if body["content_type"] not in ("richtext", "html", "markdown", "plain"):
            return listmonk_error(400, "invalid content_type")
        if not set(body["lists"]) <= set(self.lists):
            return listmonk_error(400, "invalid list IDs")
        new = campaign_id is None
        campaign_id = campaign_id or len(self.campaigns) + 1
        previous = self.campaigns.get(campaign_id, {"status": "draft"})
        self.campaigns[campaign_id] = {
            **previous,
            **body,
            "id": campaign_id,
            "lists": [{"id": i, "name": f"List {i}"} for i in body["lists"]],
            "uuid": f"00000000-0000-4000-8000-{campaign_id:012d}",
        }
        if new:
            self.campaigns[campaign_id]["status"] = "draft"
        return _json(200, {"data": self.campaigns[campaign_id]})
