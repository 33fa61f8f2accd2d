"""The email as a message file (``.eml``): what a mailing tool or SMTP server receives.

Built with the stdlib ``email`` package: ``multipart/alternative`` with the plain text
first and the HTML second, headers folded by ``email.policy.SMTP`` (CRLF line ends).
Everything is derived from the content, so two builds give the same bytes: the Date is
the issue's date, the Message-ID and the MIME boundary are hashes of the content.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from ..model.config import Config
from ..model.content import Issue

SEND_TIME = time(9, 0)
"""Local time of day used for the Date header (the content has dates, not times)."""
PLACEHOLDER_TO = "undisclosed-recipients:;"


@dataclass(frozen=True, slots=True)
class RenderedEmail:
    """Every part of one issue's email (``email.render_email`` makes it; a message is
    built from it here)."""

    issue_id: str
    subject: str
    mjml: str
    html: str
    text: str

    @property
    def size(self) -> int:
        """Bytes of HTML (UTF-8): what Gmail counts towards its 102 KB clipping limit."""
        return len(self.html.encode("utf-8"))


def _digest(email: RenderedEmail) -> str:
    data = "\x00".join((email.subject, email.text, email.html)).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _domain(config: Config) -> str:
    return config.email.from_address.rpartition("@")[2] or "localhost"


def message_id(email: RenderedEmail, config: Config) -> str:
    """``<2023-12.0123456789abcdef@example.org>``: stable for the same content."""
    return f"<{email.issue_id}.{_digest(email)[:16]}@{_domain(config)}>"


def list_unsubscribe(config: Config) -> str:
    """The ``List-Unsubscribe`` value: ``<mailto:...>, <https://...>`` (what is set)."""
    email = config.email
    targets = []
    mailto = email.unsubscribe_mailto or (
        "" if email.unsubscribe_url else f"{email.from_address}?subject=unsubscribe"
    )
    if mailto:
        targets.append(mailto if mailto.startswith("mailto:") else f"mailto:{mailto}")
    if email.unsubscribe_url:
        targets.append(email.unsubscribe_url)
    return ", ".join(f"<{t}>" for t in targets)


def build_message(
    email: RenderedEmail,
    issue: Issue,
    config: Config,
    *,
    to: Sequence[str] = (),
    subject: str | None = None,
) -> EmailMessage:
    """The bulletin as a MIME message, ready to save or send.

    ``to`` defaults to ``[email].to_address`` (the list address), or a placeholder.
    """
    settings = config.email
    msg = EmailMessage(policy=SMTP)
    sender = Address(
        display_name=settings.from_name or config.site.name, addr_spec=settings.from_address
    )
    msg["From"] = sender
    recipients = list(to) or ([settings.to_address] if settings.to_address else [])
    msg["To"] = ", ".join(recipients) if recipients else PLACEHOLDER_TO
    if settings.reply_to:
        msg["Reply-To"] = settings.reply_to
    msg["Subject"] = subject if subject is not None else email.subject
    sent = datetime.combine(issue.date, SEND_TIME, tzinfo=config.tz)
    msg["Date"] = format_datetime(sent)
    msg["Message-ID"] = message_id(email, config)
    msg["List-Id"] = settings.list_id or f"{config.site.name} <bulletin.{_domain(config)}>"
    msg["List-Unsubscribe"] = list_unsubscribe(config)
    if settings.unsubscribe_url.startswith("https://"):
        # RFC 8058: one-click unsubscribe needs an https URL that accepts a POST.
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg["MIME-Version"] = "1.0"
    # Quoted-printable keeps both parts readable in the .eml (base64 would not).
    msg.set_content(email.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(email.html, subtype="html", charset="utf-8", cte="quoted-printable")
    # A random boundary would make every build differ; derive it from the content.
    msg.set_boundary(f"=_spfcomms_{_digest(email)[:24]}")
    return msg


def message_bytes(msg: EmailMessage) -> bytes:
    """The message serialised with CRLF line ends, as it goes over SMTP."""
    return msg.as_bytes(policy=SMTP)
