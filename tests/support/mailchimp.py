"""A Mailchimp Marketing API 3.0 on 127.0.0.1: the two report endpoints spfcomms reads.

``GET /3.0/reports`` and ``GET /3.0/reports/{campaign_id}/click-details`` answer from
fixture bodies as Mailchimp's public API reference describes them: HTTP basic
authentication with the API key as the password (any user name), paging with
``count`` and ``offset`` and a ``total_items`` count, ``since_send_time`` on the
reports list, and errors as problem documents (``application/problem+json`` with
``type``, ``title``, ``status``, ``detail`` and ``instance``). Tests queue failures
(a 429 with ``Retry-After``, a 503, a body that is not JSON) in front of an endpoint.
"""

from __future__ import annotations

import base64
import json
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .http import LoopbackServer, Response

DATA = Path(__file__).resolve().parent.parent / "data" / "metrics" / "mailchimp"
API_KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0-us21"
PROBLEM = "application/problem+json; charset=utf-8"


def problem(status: int, title: str, detail: str) -> Response:
    """An error as Mailchimp writes it."""
    body = {
        "type": "https://mailchimp.com/developer/marketing/docs/errors/",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": "5d9b2f0e-41c7-4a8e-9c3b-7e2a1f60d8b4",
    }
    return status, {"Content-Type": PROBLEM}, json.dumps(body).encode()


@dataclass
class FakeMailchimp:
    """The fake account: its reports, their clicks, queued failures and what was asked."""

    server: LoopbackServer
    key: str = API_KEY
    reports: list[dict[str, Any]] = field(default_factory=list)
    clicks: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    failures: dict[str, deque[Response]] = field(default_factory=dict)
    asked: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return self.server.url + "/3.0"

    def load_fixtures(self) -> FakeMailchimp:
        """The account of the fixture files: June, a test send, another list, December."""
        self.reports = json.loads((DATA / "api-reports.json").read_text())["reports"]
        for path in sorted(DATA.glob("api-click-details-*.json")):
            body = json.loads(path.read_text())
            self.clicks[body["campaign_id"]] = body["urls_clicked"]
        self.install()
        return self

    def install(self) -> None:
        self.server.routes["/3.0/reports"] = self._answer
        for report in self.reports:
            path = f"/3.0/reports/{report['id']}/click-details"
            self.server.routes[path] = self._answer

    def fail(self, path: str, *responses: Response) -> None:
        """Answer the next requests for ``path`` (``/3.0/reports``) with ``responses``."""
        self.failures.setdefault(path, deque()).extend(responses)

    def _answer(self, method: str, target: str, headers: dict[str, str]) -> Response:
        parts = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        self.asked.append((parts.path, query))
        expected = base64.b64decode(headers.get("Authorization", "Basic ")[6:] or b"")
        if expected.decode(errors="replace").partition(":")[2] != self.key:
            # Real servers say less; this one echoes what it got, so a test can show
            # that spfcomms never repeats a key, whatever a server does with it.
            got = expected.decode(errors="replace").partition(":")[2]
            return problem(
                401,
                "API Key Invalid",
                f"Your API key may be invalid, or you've attempted to access the wrong "
                f"datacenter. (key {got})",
            )
        queued = self.failures.get(parts.path)
        if queued:
            return queued.popleft()
        if parts.path == "/3.0/reports":
            items = self.reports
            since = query.get("since_send_time")
            if since:
                start = datetime.fromisoformat(since)
                items = [r for r in items if datetime.fromisoformat(r["send_time"]) >= start]
            key, extra = "reports", {}
        else:
            campaign_id = parts.path.split("/")[3]
            items, key, extra = self.clicks.get(campaign_id, []), "urls_clicked", {
                "campaign_id": campaign_id
            }
        count = int(query.get("count", "10"))
        offset = int(query.get("offset", "0"))
        body = {key: items[offset : offset + count], **extra, "total_items": len(items)}
        return 200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body).encode()
