"""The few spfcomms names the in-process measurements need, wherever they live.

Everything else the benchmark does goes through the command line or the names exported
by ``spfcomms`` itself. Rendering the feeds alone needs a ``Site`` (config, issues and
a template environment) and an in-memory ``OutputTree``, which the package does not
export; they are looked up by name, first in the modules that hold them today, then
anywhere in the package, so that moving a module does not break the benchmark. Old
import paths that warn about their move are accepted silently.
"""

from __future__ import annotations

import importlib
import pkgutil
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import spfcomms

# Where the names were when this was written; the search below covers later moves.
_KNOWN = {
    "Site": ("spfcomms", "spfcomms.render"),
    "make_environment": ("spfcomms", "spfcomms.render.templating", "spfcomms.templating"),
    "OutputTree": ("spfcomms", "spfcomms.output.writers", "spfcomms.writers"),
}


@contextmanager
def tolerant() -> Iterator[None]:
    """Ignore DeprecationWarnings from moved import paths."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        yield


@cache
def find(name: str) -> Any:
    """The spfcomms object called ``name``: known modules first, then every module."""
    with tolerant():
        for module_name in _KNOWN.get(name, ()):
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            if hasattr(module, name):
                return getattr(module, name)
        for info in pkgutil.walk_packages(spfcomms.__path__, "spfcomms."):
            if ".cli" in info.name or ".migrations" in info.name:
                continue
            try:
                module = importlib.import_module(info.name)
            except Exception:  # noqa: BLE001 - a module that cannot load here is not it
                continue
            if hasattr(module, name):
                return getattr(module, name)
    raise LookupError(f"spfcomms has no {name!r} anywhere; update benchmarks/benchlib/api.py")


def site_for(workspace: Any) -> Any:
    """A renderer's ``Site`` for a loaded workspace, with a fresh template environment."""
    config = workspace.config
    with tolerant():
        return find("Site")(
            config=config, issues=workspace.issues, env=find("make_environment")(config)
        )


def output_tree() -> Any:
    """An empty in-memory output tree."""
    with tolerant():
        return find("OutputTree")()


def render_feeds(site: Any, out: Any) -> None:
    """``spfcomms.render_feeds`` (public)."""
    with tolerant():
        spfcomms.render_feeds(site, out)


def output_files(out: Any) -> dict[str, bytes]:
    """path -> bytes of everything in an output tree."""
    return {str(path): bytes(out.get(path)) for path in out.paths}
