"""Deprecated alias of the former module ``spfcomms.delivery``; removed in the next release."""

from ._deprecated import alias_module

alias_module(
    __name__,
    {
        "check_recipients": "spfcomms.output.delivery",
        "credentials": "spfcomms.output.delivery",
        "send_message": "spfcomms.output.delivery",
        "TEST_SUBJECT_PREFIX": "spfcomms.commands.send_test",
        "send_test": "spfcomms.commands.send_test",
    },
)
