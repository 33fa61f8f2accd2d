"""Old import paths, kept working for one release with a ``DeprecationWarning``.

Modules moved into packages when spfcomms was given one home per concern (see
docs/architecture.md). Each old module is now a few lines that call ``alias_module``:
importing it warns once, and each name is looked up in its new home on first use.
These aliases name their targets as strings, so they are the only imports the
import-graph test does not follow; they are removed in the next release.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Mapping
from types import ModuleType
from typing import Any


class _CallableModule(ModuleType):
    """An alias module that can also be called as the function of the same name.

    ``import spfcomms.build`` binds the module to ``spfcomms.build``, where scripts
    expect the function ``build``; calling the module calls the function.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.__name__.rpartition(".")[2])(*args, **kwargs)


def _resolver(name: str, homes: Mapping[str, str], *, warn: bool) -> Any:
    def __getattr__(attribute: str) -> Any:
        home = homes.get(attribute)
        if home is None:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}")
        if warn:
            warnings.warn(
                f"{name}.{attribute} is deprecated and will be removed in the next "
                f"release; import it from {home}",
                DeprecationWarning,
                stacklevel=2,
            )
        value = getattr(importlib.import_module(home), attribute)
        sys.modules[name].__dict__[attribute] = value  # found once, warned once
        return value

    return __getattr__


def alias_module(name: str, homes: Mapping[str, str]) -> None:
    """Make the module ``name`` a deprecated alias: ``homes`` maps each of its public
    names to the module that now defines it. Warns once, when the alias is imported."""
    module = sys.modules[name]
    targets = " or ".join(sorted(set(homes.values())))
    warnings.warn(
        f"{name} is deprecated and will be removed in the next release; import from {targets}",
        DeprecationWarning,
        stacklevel=3,
    )
    module.__dict__.update(__getattr__=_resolver(name, homes, warn=False), __all__=sorted(homes))
    if name.rpartition(".")[2] in homes:
        module.__class__ = _CallableModule


def alias_attributes(name: str, homes: Mapping[str, str]) -> Any:
    """A module ``__getattr__`` for names that left a module which still exists: each
    use of an old name warns and finds it in its new home."""
    return _resolver(name, homes, warn=True)
