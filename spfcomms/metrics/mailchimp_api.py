"""A small client for the Mailchimp Marketing API 3.0: campaign reports and clicks.

Two endpoints are read, both paged with ``count`` and ``offset`` until ``total_items``
is reached:

- ``GET /3.0/reports`` (``{"reports": [...], "total_items": N}``), optionally from a
  send time on (``since_send_time``);
- ``GET /3.0/reports/{campaign_id}/click-details`` (``{"urls_clicked": [{"url",
  "total_clicks", "unique_clicks", ...}], "total_items": N}``).

The account is the one ``spfcomms publish`` uses: the API key comes from the
environment variable ``[mailchimp].api_key_env`` names, never from spfcomms.toml; its
suffix (``-us21``) is the data centre, and so the host, unless ``[mailchimp].api_url``
says otherwise. The key is sent as HTTP basic authentication and never appears in a
message, a log line or the store: errors are built from Mailchimp's problem documents
(``{"type", "title", "status", "detail", "instance"}``) with the key masked, in case a
server echoes it.

Every request goes through the one HTTP layer of the mailing tools' APIs
(``webapi/http.py``): a timeout, a 429 retried after the ``Retry-After`` the server asks
for (bounded by ``max_wait``), a 5xx or a dropped connection after an exponential
back-off; a 401 or 403 stops at once, since waiting will not mend a wrong key.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model.config import Config
from ..model.exceptions import MetricsError
from ..webapi.http import ApiClient, ApiError
from ..webapi.mailchimp import account, api_client

PAGE_SIZE = 100
"""Reports per request (Mailchimp allows up to 1,000)."""


class MailchimpApiError(MetricsError, ApiError):
    """The API refused a request, or answered with something that is not a report."""


@dataclass(slots=True)
class MailchimpClient:
    """Reads reports from one Mailchimp account (see the module docstring)."""

    base_url: str
    api_key: str = field(repr=False)
    key_name: str = "the API key"
    """Where the key came from, for messages (the environment variable's name)."""
    timeout: float = 30.0
    page_size: int = PAGE_SIZE
    attempts: int = 5
    backoff: float = 1.0
    """Seconds before the first retry after a 5xx; doubled at each further one."""
    max_wait: float = 120.0
    """The longest single wait a ``Retry-After`` may ask for."""
    sleep: Callable[[float], None] = time.sleep
    api: ApiClient = field(init=False, repr=False)
    """The shared HTTP layer (``webapi/http.py``) that makes every request."""

    @classmethod
    def from_config(
        cls, config: Config, environ: Mapping[str, str] | None = None
    ) -> MailchimpClient:
        """A client for the account whose key is in ``[mailchimp].api_key_env``."""
        base, key, name = account(config, environ, error=MailchimpApiError)
        return cls(base_url=base.rstrip("/"), api_key=key, key_name=name)

    def __post_init__(self) -> None:
        self.api = api_client(
            self.base_url,
            self.api_key,
            key_name=self.key_name,
            timeout=self.timeout,
            attempts=self.attempts,
            max_wait=self.max_wait,
            error=MailchimpApiError,
        )
        self.api.backoff = self.backoff
        self.api.sleep = self.sleep

    @property
    def requests_made(self) -> int:
        """HTTP requests sent, retries included."""
        return self.api.requests_made

    def close(self) -> None:
        """Release the connection pool."""
        self.api.close()

    def reports(self, *, since: str | None = None) -> Iterator[dict[str, Any]]:
        """Every campaign report, oldest first as Mailchimp lists them (``since``: an ISO
        8601 send time)."""
        params = {"since_send_time": since} if since else {}
        yield from self.pages("/reports", "reports", params)

    def click_details(self, campaign_id: str) -> Iterator[dict[str, Any]]:
        """Clicks per URL of one campaign."""
        yield from self.pages(f"/reports/{campaign_id}/click-details", "urls_clicked", {})

    def pages(self, path: str, key: str, params: Mapping[str, str]) -> Iterator[dict[str, Any]]:
        """The items of a paged collection, page after page until ``total_items``."""
        offset = 0
        while True:
            page = self.get(path, {**params, "count": str(self.page_size), "offset": str(offset)})
            items = page.get(key)
            total = page.get("total_items")
            if not isinstance(items, list) or not isinstance(total, int):
                raise MailchimpApiError(
                    f"Mailchimp's answer to GET {path} has no '{key}' list and "
                    "'total_items' count; is [mailchimp].api_url the Marketing API 3.0?"
                )
            for item in items:
                if not isinstance(item, dict):
                    raise MailchimpApiError(
                        f"Mailchimp's answer to GET {path}: '{key}' holds "
                        f"{type(item).__name__}, not objects"
                    )
                yield item
            offset += len(items)
            if not items or offset >= total:
                return

    def get(self, path: str, params: Mapping[str, str]) -> dict[str, Any]:
        """One GET through the shared client (retried on 429, 5xx and dropped
        connections); the JSON object."""
        return self.api.request("GET", path, params=params)
