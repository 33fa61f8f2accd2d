"""Renderers: pure functions from the loaded workspace to output files.

Each output format has one module with one entry point, ``render_<format>(site, out)``,
that adds its files to the build's ``OutputTree``. ``site.RENDERERS`` lists them in
order; adding a format means adding a module and a line there. This module stays light
(no Jinja, no mjml) so that importing one renderer's helpers loads only that renderer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model.config import Config
from ..model.content import AnyItem, Issue
from ..output.writers import OutputTree

if TYPE_CHECKING:
    import jinja2


@dataclass(frozen=True, slots=True)
class Site:
    """Everything a renderer needs: settings, issues (oldest first) and templates."""

    config: Config
    issues: tuple[Issue, ...]
    env: jinja2.Environment

    def banner(self, thing: Issue | AnyItem) -> str:
        """The preview banner of a held-back issue or item ("" in a published build)."""
        shown = self.env.globals.get("banner")
        return str(shown(thing)) if callable(shown) else ""

    def items(self) -> list[tuple[Issue, AnyItem]]:
        """Every item with its issue, newest issue first, in reading order within one."""
        return [(issue, item) for issue in reversed(self.issues) for item in issue.items]


Renderer = Callable[[Site, OutputTree], None]

__all__ = ["Renderer", "Site"]
