"""Loading a package's public names on first use.

``import spfcomms`` (and ``spfcomms.metrics``, ``spfcomms.importers``, ``spfcomms.audit``)
must not load Jinja, mjml, SQLAlchemy, requests or bs4: a package lists where each of its
names lives, and the module that defines it is imported when the name is first used.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(
    package: str,
    homes: Mapping[str, tuple[str, str]],
    *,
    renamed: Mapping[str, str] | None = None,
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: ``homes`` maps each public name to
    (module relative to the package, attribute); ``renamed`` maps old names, kept for one
    release with a ``DeprecationWarning``, to their new ones."""

    def __getattr__(name: str) -> Any:
        if renamed and name in renamed:
            warnings.warn(
                f"{package}.{name} is deprecated and will be removed in the next release; "
                f"use {package}.{renamed[name]}",
                DeprecationWarning,
                stacklevel=2,
            )
            return __getattr__(renamed[name])
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module_name, attribute = homes[name]
        value = getattr(importlib.import_module(f".{module_name}", package), attribute)
        sys.modules[package].__dict__[name] = value  # next time, a plain attribute
        return value

    def __dir__() -> list[str]:
        return sorted({*sys.modules[package].__dict__, *homes})

    return __getattr__, __dir__
