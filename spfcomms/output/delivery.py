"""Sending a message over SMTP, for test copies of the bulletin (the transport only).

Only a handful of addresses (``[email].max_test_recipients``) are accepted: the
bulletin itself goes out through the mailing tool, never from here. The SMTP user
and password come from the environment variables named in ``[email]``, never from the
settings file. Every failure is a ``DeliveryError`` that says what went wrong and
where to look. Building the message is ``commands/send_test.py``.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import smtplib
import ssl
from collections.abc import Sequence
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import getaddresses

from ..model.config import EmailConfig
from ..model.exceptions import DeliveryError

logger = logging.getLogger(__name__)


def check_recipients(addresses: Sequence[str], settings: EmailConfig) -> list[str]:
    """The addresses, cleaned; raise ``DeliveryError`` when there are too many or bad ones."""
    parsed = [addr for _, addr in getaddresses(list(addresses)) if addr]
    if not parsed:
        raise DeliveryError("no recipient: give at least one address with --to")
    limit = settings.max_test_recipients
    if len(parsed) > limit:
        raise DeliveryError(
            f"refusing to send a test to {len(parsed)} addresses: a test send goes to at most "
            f"{limit} ([email].max_test_recipients), so that it can never be used to send "
            "the bulletin to a list; send the bulletin itself with your mailing tool"
        )
    for address in parsed:
        local, at, domain = address.rpartition("@")
        if not at or not local or not domain or any(c.isspace() for c in address):
            raise DeliveryError(f"'{address}' is not an email address")
        try:
            Address(addr_spec=address)
        except (ValueError, IndexError) as exc:
            raise DeliveryError(f"'{address}' is not an email address: {exc}") from None
    return parsed


def credentials(settings: EmailConfig) -> tuple[str, str] | None:
    """(user, password) from the environment variables named in settings, if set."""
    user = os.environ.get(settings.smtp_user_env, "")
    password = os.environ.get(settings.smtp_password_env, "")
    if not user and not password:
        return None
    if not user or not password:
        missing = settings.smtp_user_env if not user else settings.smtp_password_env
        raise DeliveryError(f"SMTP login needs both variables; {missing} is not set")
    return user, password


def is_loopback(host: str) -> bool:
    """True for this computer: ``localhost``, 127.0.0.0/8 or ``::1``."""
    name = host.strip().rstrip(".").lower().strip("[]")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def send_message(msg: EmailMessage, recipients: Sequence[str], settings: EmailConfig) -> None:
    """Send ``msg`` to ``recipients`` through the SMTP server in ``settings``.

    A login is never sent in clear text to another computer: with ``smtp_security =
    "none"`` the server must be on this one (a local test server or relay).
    """
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    login = credentials(settings)
    if (
        login is not None
        and settings.smtp_security == "none"
        and not is_loopback(settings.smtp_host)
    ):
        raise DeliveryError(
            f"refusing to send the SMTP login to {where} unencrypted: [email].smtp_security "
            "is 'none', which is only for a server on this computer; use 'starttls' or "
            "'ssl', or unset the login variables "
            f"{settings.smtp_user_env} and {settings.smtp_password_env}"
        )
    context = ssl.create_default_context()
    try:
        smtp: smtplib.SMTP
        if settings.smtp_security == "ssl":
            smtp = smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                timeout=settings.smtp_timeout,
                context=context,
            )
        else:
            smtp = smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout
            )
        with smtp:
            smtp.ehlo()
            if settings.smtp_security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise DeliveryError(
                        f"{where} does not offer STARTTLS; set [email].smtp_security to "
                        "'ssl' or (only for a local test server) 'none'"
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if login is not None:
                smtp.login(*login)
            refused = smtp.send_message(msg, to_addrs=list(recipients))
    except DeliveryError:
        raise
    except ConnectionRefusedError:
        raise DeliveryError(
            f"cannot connect to the SMTP server at {where}: connection refused; is it "
            "running, and are [email].smtp_host and smtp_port right?"
        ) from None
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            f"{where} refused the login ({exc.smtp_code} {_text(exc.smtp_error)}); check "
            f"the variables {settings.smtp_user_env} and {settings.smtp_password_env}"
        ) from None
    except smtplib.SMTPRecipientsRefused as exc:
        detail = "; ".join(
            f"{addr}: {code} {_text(reason)}" for addr, (code, reason) in exc.recipients.items()
        )
        raise DeliveryError(f"{where} refused every recipient: {detail}") from None
    except smtplib.SMTPSenderRefused as exc:
        raise DeliveryError(
            f"{where} refused the sender {exc.sender} ({exc.smtp_code} "
            f"{_text(exc.smtp_error)}); check [email].from_address"
        ) from None
    except smtplib.SMTPServerDisconnected as exc:
        raise DeliveryError(
            f"the SMTP server at {where} closed the connection unexpectedly "
            f"({exc or 'no reason given'})"
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{where} answered {exc.smtp_code} {_text(exc.smtp_error)}") from None
    except ssl.SSLError as exc:
        raise DeliveryError(f"TLS with {where} failed: {exc.reason or exc}") from None
    except TimeoutError:
        raise DeliveryError(
            f"the SMTP server at {where} did not answer within {settings.smtp_timeout:g} s"
        ) from None
    except (ConnectionResetError, BrokenPipeError) as exc:
        raise DeliveryError(f"the SMTP server at {where} dropped the connection ({exc})") from None
    except OSError as exc:
        raise DeliveryError(
            f"cannot reach the SMTP server at {where}: {exc.strerror or exc}"
        ) from None
    except smtplib.SMTPException as exc:
        raise DeliveryError(f"sending through {where} failed: {exc}") from None
    if refused:
        detail = "; ".join(f"{a}: {c} {_text(r)}" for a, (c, r) in refused.items())
        raise DeliveryError(f"{where} refused some recipients: {detail}")
    logger.info("sent %s to %d recipient(s) through %s", msg["Message-ID"], len(recipients), where)


def _text(reason: bytes | str) -> str:
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
