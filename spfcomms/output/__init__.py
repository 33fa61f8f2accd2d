"""Putting results where they go: files written atomically (``writers``), test emails
sent over SMTP (``delivery``)."""
