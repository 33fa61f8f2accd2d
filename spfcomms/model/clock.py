"""The one place spfcomms asks what time it is.

Outputs are reproducible: feeds and pages take their dates from the content, and the
few places that need "now" (import batches, link-check results) call ``build_datetime``,
which honours ``SOURCE_DATE_EPOCH`` (https://reproducible-builds.org/specs/source-date-epoch/).
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime

from .exceptions import ConfigError


def build_datetime() -> datetime:
    """Now, in UTC, or the instant given by ``SOURCE_DATE_EPOCH`` when it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and epoch.strip():
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise ConfigError(
                [f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970"]
            ) from None
    return datetime.now(tz=UTC)


def wall_time() -> float:
    """The real time in seconds since the epoch, for network timing only.

    Never for anything written to output: that uses ``build_datetime``. A server's
    ``Retry-After: <date>`` has to be compared with the real clock, even in a
    reproducible build.
    """
    return time.time()
