"""Deprecated alias of the former module ``spfcomms.scaffold``; removed in the next release."""

from ._deprecated import alias_module

alias_module(__name__, dict.fromkeys(["new_issue"], "spfcomms.workspace.scaffold"))
