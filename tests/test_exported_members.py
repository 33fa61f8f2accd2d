"""The public API is exactly what ``spfcomms.__all__`` lists (as httpx guards its own)."""

from __future__ import annotations
import __future__

import types

import spfcomms


def test_all_public_names_are_exported_and_sorted() -> None:
    included_private_members = ["__version__"]
    # Parts that need heavy libraries load on first use, so they are not in vars()
    # until asked for.
    lazy = set(spfcomms._LAZY)
    assert spfcomms.__all__ == sorted(
        {
            member
            for member, value in vars(spfcomms).items()
            if (not member.startswith("_") or member in included_private_members)
            # Submodules become attributes once imported, and `from __future__ import
            # annotations` leaves a feature flag behind; neither is an API name, unless
            # the module is also a function (spfcomms.audit).
            and not (isinstance(value, types.ModuleType) and not callable(value))
            and not isinstance(value, __future__._Feature)
        }
        | lazy
    )


def test_every_exported_name_has_a_docstring() -> None:
    undocumented = [
        name
        for name in spfcomms.__all__
        if not name.startswith("_") and not (getattr(spfcomms, name).__doc__ or "").strip()
    ]
    assert undocumented == []
