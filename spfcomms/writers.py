"""Deprecated alias of the former module ``spfcomms.writers``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    dict.fromkeys(
        ["WrittenFile", "OutputTree", "BUILD_MARKERS", "write_file_atomic"],
        "spfcomms.output.writers",
    ),
)
