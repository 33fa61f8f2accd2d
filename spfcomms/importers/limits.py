"""Limits on what an import reads: file size, and time, size and redirects of a web page.

Apart from the readers so that the command line can show them without loading any.
"""

MAX_FILE_BYTES = 20_000_000
DEFAULT_TIMEOUT = 15.0
"""Seconds to wait for a web page."""
DEFAULT_MAX_BYTES = 5_000_000
"""The largest web page fetched."""
DEFAULT_MAX_REDIRECTS = 5
DOCX_MAX_MEMBER_BYTES = 100_000_000
"""The most one part of a .docx (an embedded picture, say) may unpack to."""
DOCX_MAX_XML_BYTES = 25_000_000
"""The most one XML part of a .docx may unpack to (a 300-page document.xml: ~10 MB)."""
DOCX_MAX_TOTAL_BYTES = 200_000_000
"""The most a whole .docx may unpack to."""
DOCX_MAX_RATIO = 200
"""The highest compression ratio accepted for a part over 1 MB (Word's XML: 5 to 30)."""
DOCX_MAX_MEMBERS = 10_000
"""The most parts a .docx may have."""
