"""One retrying JSON client for the mailing tools' APIs.

Every request has a timeout. A 429 is retried after the ``Retry-After`` the server asks
for (seconds or an HTTP date, bounded by ``max_wait``), a 5xx or a dropped connection
after an exponential back-off; any other 4xx stops at once (a wrong key, a missing
campaign: waiting mends neither). Messages are built from the tool's error document
(``describe``) with every secret masked, in case a server echoes one, and every URL
redacted (``model.urls.redact_url``: no login or secret parameter is ever shown).

With ``dry_run`` nothing is sent: each request is recorded (``PlannedRequest``, with
the credentials left out and its URL redacted) and answered with an empty object.
"""

from __future__ import annotations

import base64
import email.utils
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model.clock import wall_time
from ..model.exceptions import SpfcommsError
from ..model.netfailure import failure_reason
from ..model.urls import redact_url, redact_urls

if TYPE_CHECKING:
    import requests

logger = logging.getLogger(__name__)

RETRIED = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "spfcomms"


class ApiError(SpfcommsError):
    """An API refused a request, did not answer, or answered with something unusable."""

    def __init__(self, message: str, *, status: int = 0, detail: str = "") -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status of the refusal (0 when there was no answer)."""
        self.detail = detail
        """The tool's own words about the refusal, secrets masked."""


@dataclass(frozen=True, slots=True)
class PlannedRequest:
    """One request as it is (or would be) sent, without its credentials: the URL is
    redacted, and the key travels in headers, which are not kept."""

    method: str
    url: str
    body: Mapping[str, Any] | None = None

    def summary(self) -> dict[str, Any] | None:
        """The body with long texts (the email's HTML and text) shown by their size."""
        if self.body is None:
            return None
        return {key: _shortened(value) for key, value in self.body.items()}


def _shortened(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 200:
        return f"<{len(value.encode('utf-8')) / 1024:.1f} KB of text>"
    if isinstance(value, str):
        return redact_urls(value)
    if isinstance(value, dict):
        return {key: _shortened(item) for key, item in value.items()}
    return value


def retry_after_seconds(value: str) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number, or an HTTP date."""
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        return max(0.0, email.utils.parsedate_to_datetime(text).timestamp() - wall_time())
    except (TypeError, ValueError, IndexError):
        return None


def _default_session() -> requests.Session:
    import requests

    return requests.Session()


@dataclass(slots=True)
class ApiClient:
    """One account of one tool's API (see the module docstring)."""

    name: str
    """The tool, for messages: ``Mailchimp``, ``listmonk``."""
    base_url: str
    headers: dict[str, str] = field(default_factory=dict, repr=False)
    """Sent with every request (the ``Authorization`` header lives here)."""
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """Texts never to show: the key, and any encoded form of it."""
    key_name: str = "the API key"
    """Where the credentials came from (an environment variable), for messages."""
    key_word: str = "API key"
    """What the credentials are called in messages: ``API key``, ``token``."""
    error: type[ApiError] = ApiError
    """The exception raised (a subclass names the stage: ``MailchimpApiError``)."""
    describe: Callable[[Any], str] = field(default=lambda body: "", repr=False)
    """The tool's error text from a parsed error body ("" when it has none)."""
    timeout: float = 30.0
    attempts: int = 5
    backoff: float = 1.0
    """Seconds before the first retry after a 5xx; doubled at each further one."""
    max_wait: float = 120.0
    """The longest single wait a ``Retry-After`` may ask for."""
    dry_run: bool = False
    sleep: Callable[[float], None] = time.sleep
    session: requests.Session | None = field(default=None, repr=False)
    sent: list[PlannedRequest] = field(default_factory=list)
    """Every request made (or, in a dry run, planned), in order."""
    requests_made: int = 0
    """HTTP requests actually sent, retries included."""

    @staticmethod
    def basic(user: str, password: str) -> str:
        """The value of an ``Authorization`` header for HTTP basic authentication."""
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {token}"

    def close(self) -> None:
        """Release the connection pool."""
        if self.session is not None:
            self.session.close()

    def mask(self, text: str) -> str:
        """``text`` with every secret replaced by ``***`` and every URL redacted."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            if secret:
                text = text.replace(secret, "***")
        return redact_urls(text)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Mapping[str, Any] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> dict[str, Any]:
        """One JSON request, retried as the module docstring says; the JSON object."""
        url = self.base_url.rstrip("/") + path
        self.sent.append(PlannedRequest(method, redact_url(url), body))
        if self.dry_run:
            return {}
        if self.session is None:
            self.session = _default_session()
        import requests

        headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **self.headers}
        what = f"{method} {path}"
        last = ""
        for attempt in range(1, self.attempts + 1):
            self.requests_made += 1
            logger.info("%s %s (attempt %d)", method, redact_url(url), attempt)
            try:
                response = self.session.request(
                    method, url, json=body, params=params, headers=headers, timeout=self.timeout
                )
            except requests.Timeout:
                last = f"no answer within {self.timeout:g} s"
                self._wait(attempt, None, what, last)
                continue
            except requests.ConnectionError as exc:
                last = self.mask(f"cannot connect: {failure_reason(exc)}")
                self._wait(attempt, None, what, last)
                continue
            except requests.RequestException as exc:
                failed = f"{self.name}: {what} failed: {failure_reason(exc)}"
                raise self.error(self.mask(failed)) from None
            if response.status_code in RETRIED:
                last = self._problem(response)
                self._wait(attempt, response, what, last)
                continue
            if response.status_code >= 400:
                raise self._refused(what, response)
            return self._json(what, response)
        raise self.error(
            f"{self.name}'s API did not answer {what} after {self.attempts} attempts "
            f"(last: {last}); try again later",
        )

    def _wait(self, attempt: int, response: Any, what: str, why: str) -> None:
        if attempt >= self.attempts:
            return
        delay = self.backoff * 2 ** (attempt - 1)
        if response is not None and response.status_code == 429:
            asked = retry_after_seconds(response.headers.get("Retry-After", ""))
            if asked is not None:
                if asked > self.max_wait:
                    raise self.error(
                        f"{self.name} asks to wait {asked:g} s before {what} again ({why}); "
                        "try again later",
                        status=429,
                    )
                delay = asked
        logger.warning("%s %s: %s; retrying in %g s", self.name, what, why, delay)
        self.sleep(delay)

    def _json(self, what: str, response: Any) -> dict[str, Any]:
        if not response.content:
            return {}
        try:
            data = response.json()
        except ValueError as exc:
            raise self.error(
                f"{self.name}'s answer to {what} is not valid JSON ({exc}); try again, and "
                "check the API's address"
            ) from None
        if not isinstance(data, dict):
            kind = type(data).__name__
            raise self.error(f"{self.name}'s answer to {what} is {kind}, not an object")
        return data

    def _refused(self, what: str, response: Any) -> ApiError:
        # 401 and 403 stop at once: waiting will not mend a wrong key.
        problem = self._problem(response)
        status = response.status_code
        if status in (401, 403):
            message = (
                f"{self.name} refused the {self.key_word} in {self.key_name} ({problem}); "
                "check that the variable holds a current key of the right account"
            )
        elif status == 404:
            message = f"{self.name} has no such thing: {what} ({problem})"
        else:
            message = f"{self.name} refused {what} ({problem})"
        return self.error(message, status=status, detail=problem)

    def _problem(self, response: Any) -> str:
        """``401 API Key Invalid: ...`` from the tool's error document, or the status line."""
        text = f"{response.status_code} {response.reason or ''}".strip()
        try:
            body = response.json()
        except ValueError:
            body = None
        said = self.describe(body) if body is not None else ""
        if said:
            text = f"{response.status_code} {said}"
        return self.mask(text)


def dumps(value: Any) -> str:
    """A request body as the dry run shows it: indented JSON, texts shortened."""
    return json.dumps(value, indent=2, ensure_ascii=False)
