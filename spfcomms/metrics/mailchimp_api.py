"""A small client for the Mailchimp Marketing API 3.0: campaign reports and clicks.

Two endpoints are read, both paged with ``count`` and ``offset`` until ``total_items``
is reached:

- ``GET /3.0/reports`` (``{"reports": [...], "total_items": N}``), optionally from a
  send time on (``since_send_time``);
- ``GET /3.0/reports/{campaign_id}/click-details`` (``{"urls_clicked": [{"url",
  "total_clicks", "unique_clicks", ...}], "total_items": N}``).

The API key comes from the environment variable ``[metrics].mailchimp_api_key_env``
names, never from spfcomms.toml; its suffix (``-us21``) is the data centre, and so the
host, unless ``[metrics].mailchimp_api_url`` says otherwise. The key is sent as HTTP
basic authentication and never appears in a message, a log line or the store: errors
are built from Mailchimp's problem documents (``{"type", "title", "status", "detail",
"instance"}``) with the key masked, in case a server echoes it.

Every request has a timeout. A 429 is retried after the ``Retry-After`` the server
asks for (bounded by ``max_wait``), a 5xx or a dropped connection after an exponential
back-off; a 401 or 403 stops at once, since waiting will not mend a wrong key.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from ..model.clock import wall_time
from ..model.config import Config
from ..model.exceptions import MetricsError

logger = logging.getLogger(__name__)

PAGE_SIZE = 100
"""Reports per request (Mailchimp allows up to 1,000)."""
USER_AGENT = "spfcomms (metrics pull)"
_RETRIED = frozenset({429, 500, 502, 503, 504})
_DATA_CENTRE = re.compile(r"-([a-z]{2,3}\d{1,3})$")


class MailchimpApiError(MetricsError):
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
    session: requests.Session = field(default_factory=requests.Session, repr=False)
    requests_made: int = 0

    @classmethod
    def from_config(
        cls, config: Config, environ: Mapping[str, str] | None = None
    ) -> MailchimpClient:
        """A client for the account whose key is in ``[metrics].mailchimp_api_key_env``."""
        env = os.environ if environ is None else environ
        name = config.metrics.mailchimp_api_key_env
        key = env.get(name, "").strip()
        if not key:
            raise MailchimpApiError(
                f"{name} is not set: put your Mailchimp API key in that environment variable "
                "(Mailchimp: Account & billing > Extras > API keys); spfcomms.toml only names "
                "the variable ([metrics].mailchimp_api_key_env)"
            )
        base = config.metrics.mailchimp_api_url
        if not base:
            centre = _DATA_CENTRE.search(key)
            if centre is None:
                raise MailchimpApiError(
                    f"the key in {name} does not end in a data centre such as '-us21'; "
                    "copy the whole key from Mailchimp, or set [metrics].mailchimp_api_url"
                )
            base = f"https://{centre.group(1)}.api.mailchimp.com/3.0"
        return cls(base_url=base.rstrip("/"), api_key=key, key_name=name)

    def __post_init__(self) -> None:
        self.session.auth = ("spfcomms", self.api_key)
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"

    def close(self) -> None:
        """Release the connection pool."""
        self.session.close()

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
                    "'total_items' count; is mailchimp_api_url the Marketing API 3.0?"
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
        """One GET, retried on 429, 5xx and dropped connections; the JSON object."""
        url = self.base_url + path
        last = ""
        for attempt in range(1, self.attempts + 1):
            self.requests_made += 1
            logger.info("GET %s (attempt %d)", path, attempt)
            try:
                response = self.session.get(url, params=params, timeout=self.timeout)
            except requests.RequestException as exc:
                last = self._mask(f"{type(exc).__name__}: {exc}")
                self._wait(attempt, None, path, last)
                continue
            if response.status_code in _RETRIED:
                last = self._problem(response)
                self._wait(attempt, response, path, last)
                continue
            if response.status_code >= 400:
                raise self._refused(path, response)
            return self._json(path, response)
        raise MailchimpApiError(
            f"Mailchimp's API did not answer GET {path} after {self.attempts} attempts "
            f"(last: {last}); try again later"
        )

    def _wait(self, attempt: int, response: requests.Response | None, path: str, why: str) -> None:
        if attempt >= self.attempts:
            return
        delay = self.backoff * 2 ** (attempt - 1)
        if response is not None and response.status_code == 429:
            asked = _seconds(response.headers.get("Retry-After", ""))
            if asked is not None:
                if asked > self.max_wait:
                    raise MailchimpApiError(
                        f"Mailchimp asks to wait {asked:g} s before GET {path} again "
                        f"({why}); try again later"
                    )
                delay = asked
        logger.warning("GET %s: %s; retrying in %g s", path, why, delay)
        self.sleep(delay)

    def _json(self, path: str, response: requests.Response) -> dict[str, Any]:
        try:
            data = response.json()
        except (ValueError, json.JSONDecodeError) as exc:
            raise MailchimpApiError(
                f"Mailchimp's answer to GET {path} is not valid JSON ({exc}); "
                "try again, and check [metrics].mailchimp_api_url"
            ) from None
        if not isinstance(data, dict):
            raise MailchimpApiError(
                f"Mailchimp's answer to GET {path} is {type(data).__name__}, not an object"
            )
        return data

    def _refused(self, path: str, response: requests.Response) -> MailchimpApiError:
        problem = self._problem(response)
        if response.status_code in (401, 403):
            return MailchimpApiError(
                f"Mailchimp refused the API key in {self.key_name} ({problem}); check that "
                "the variable holds a current key of the right account"
            )
        return MailchimpApiError(f"Mailchimp refused GET {path} ({problem})")

    def _problem(self, response: requests.Response) -> str:
        """``401 API Key Invalid: Your API key may be invalid ...`` from a problem document
        (RFC 7807, as Mailchimp writes them), or the status line; the key masked."""
        text = f"{response.status_code} {response.reason or ''}".strip()
        try:
            body = response.json()
        except ValueError:
            body = None
        if isinstance(body, dict):
            title, detail = str(body.get("title") or ""), str(body.get("detail") or "")
            text = f"{response.status_code} {title}".strip() + (f": {detail}" if detail else "")
        return self._mask(text)

    def _mask(self, text: str) -> str:
        """``text`` with the key (and its basic-auth form) replaced by ``***``."""
        secrets = {self.api_key, base64.b64encode(f"spfcomms:{self.api_key}".encode()).decode()}
        for secret in secrets:
            if secret:
                text = text.replace(secret, "***")
        return text


def _seconds(retry_after: str) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number, or an HTTP date."""
    text = retry_after.strip()
    if text.isdigit():
        return float(text)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(text).timestamp() - wall_time())
    except (TypeError, ValueError):
        return None
