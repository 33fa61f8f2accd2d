"""Limits on what an import reads: file size, and time, size and redirects of a web page.

Apart from the readers so that the command line can show them without loading any.
"""

MAX_FILE_BYTES = 20_000_000
DEFAULT_TIMEOUT = 15.0
"""Seconds to wait for a web page."""
DEFAULT_MAX_BYTES = 5_000_000
"""The largest web page fetched."""
DEFAULT_MAX_REDIRECTS = 5
