"""The library function behind every command: one module per ``spfcomms`` command.

Each module holds the story of one command (``build``, ``check``, ``send_test``,
``serve`` ...) as a function with a typed result; ``spfcomms/cli/`` only parses the
command line, calls it, prints and exits. Nothing below this package imports it.
"""
