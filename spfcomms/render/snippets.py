"""placeholder"""
from __future__ import annotations
from ..writers import OutputTree
from . import Site
def render_snippets(site: Site, out: OutputTree) -> None:
    """x"""
