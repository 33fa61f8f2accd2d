"""A real SMTP server (aiosmtpd) on 127.0.0.1, and a server that hangs up at once."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from .requirements import require


def free_port() -> int:
    """A port nothing listens on right now (aiosmtpd cannot be given port 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Received:
    """One message as the server got it."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class SmtpServer:
    host: str
    port: int
    messages: list[Received] = field(default_factory=list)


USER = "tester"
PASSWORD = "correct horse"
REFUSED = "refuse-me@example.org"


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address == REFUSED:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.server.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 Message accepted"


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd listening on a free loopback port; ``.messages`` collects what arrives."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:  # pragma: no cover - listed in the test extra
        require(False, "aiosmtpd is not installed")
        raise
    from aiosmtpd.smtp import AuthResult

    def authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        ok = _text(data.login) == USER and _text(data.password) == PASSWORD
        # handled=False: aiosmtpd sends the 235/535 reply itself.
        return AuthResult(success=ok, handled=False)

    state = SmtpServer("127.0.0.1", free_port())
    # AUTH is offered without TLS here only because the server is on loopback in a test.
    controller = Controller(
        _Handler(state),
        hostname=state.host,
        port=state.port,
        authenticator=authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield state
    finally:
        controller.stop()


@pytest.fixture
def dropping_server() -> Iterator[tuple[str, int]]:
    """A raw TCP server that accepts each connection and closes it without a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.05)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield "127.0.0.1", int(listener.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        listener.close()
