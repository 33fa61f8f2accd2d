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


class _Handler:
    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.server.messages.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.original_content))
        )
        return "250 Message accepted"


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """aiosmtpd listening on a free loopback port; ``.messages`` collects what arrives."""
    try:
        from aiosmtpd.controller import Controller
    except ImportError:  # pragma: no cover - listed in the test extra
        require(False, "aiosmtpd is not installed")
        raise
    state = SmtpServer("127.0.0.1", free_port())
    controller = Controller(_Handler(state), hostname=state.host, port=state.port)
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
