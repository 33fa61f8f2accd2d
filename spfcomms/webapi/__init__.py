"""Clients of the mailing tools' web APIs (Mailchimp, listmonk).

``http.py`` is the one HTTP layer every client uses: JSON requests with timeouts,
retries on 429 (after ``Retry-After``), 5xx and dropped connections with back-off, a
key that never appears in a message, and a dry-run mode that records the requests
instead of sending them. ``mailchimp.py`` and ``listmonk.py`` speak each tool's API.
Nothing here imports requests until a client is made.
"""

TOOLS = ("mailchimp", "listmonk")
"""The mailing tools ``spfcomms publish --to`` knows."""
