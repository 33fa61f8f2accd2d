"""Network failures in plain words: what went wrong, without nested exception reprs.

HTTP libraries wrap the operating system's error several times over
(``HTTPSConnectionPool(...): Max retries exceeded ... (Caused by NameResolutionError(...
))``). ``failure_reason`` digs out the innermost cause and says it in a few words;
``is_offline`` tells a failure of this machine's network (no route, no name service)
from a failure of the far end, so that a link is not called broken because the
network was down.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterator

_OFFLINE_ERRNOS = frozenset({errno.ENETUNREACH, errno.ENETDOWN, errno.EHOSTUNREACH})
_NO_NAME = frozenset(
    code
    for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception inside it: args, ``reason``, cause and context."""
    seen: set[int] = set()
    queue: list[BaseException] = [exc]
    while queue:
        current = queue.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        inner = [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            inner.append(reason)
        inner += [e for e in (current.__cause__, current.__context__) if e is not None]
        queue.extend(inner)


def _innermost_os_error(exc: BaseException) -> OSError | None:
    found = [
        e
        for e in _causes(exc)
        if isinstance(e, OSError) and type(e).__module__ in ("builtins", "socket", "ssl")
    ]
    return found[-1] if found else None


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in a few words: ``connection refused``, ``cannot resolve the
    host name``, ``timed out``, ``TLS certificate verify failed`` ..."""
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return "cannot resolve the host name"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate not trusted ({cause.verify_message or 'verify failed'})"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, TimeoutError | socket.timeout):
            return "timed out"
    inner = _innermost_os_error(exc)
    if inner is not None and inner.strerror:
        return inner.strerror[0].lower() + inner.strerror[1:]
    for cause in _causes(exc):
        if "timed out" in str(cause).lower():
            return "timed out"
    return type(exc).__name__


def is_offline(exc: BaseException) -> bool:
    """True when the failure is this machine's: no route to any network, or no answer
    from the name service (a name that does not exist is *not* offline)."""
    for cause in _causes(exc):
        if isinstance(cause, socket.gaierror):
            return cause.errno not in _NO_NAME
        if isinstance(cause, OSError) and cause.errno in _OFFLINE_ERRNOS:
            return True
    return False


def is_unknown_host(exc: BaseException) -> bool:
    """True when the name service answered that the host name does not exist."""
    return any(isinstance(c, socket.gaierror) and c.errno in _NO_NAME for c in _causes(exc))
