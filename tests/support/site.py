"""One way for tests and benchmarks to get a ``Site`` (what every renderer reads)."""

from __future__ import annotations

from collections.abc import Iterable

import jinja2

from spfcomms.model.config import Config
from spfcomms.model.content import Issue
from spfcomms.render import Site
from spfcomms.render.templating import make_environment
from spfcomms.workspace.collect import load_workspace

# Compiling the templates dominates a small render: one environment per Config object.
_environments: dict[int, tuple[Config, jinja2.Environment]] = {}


def site_for(config: Config, issues: Iterable[Issue] | None = None) -> Site:
    """The site of ``issues`` (put oldest first), or of the workspace ``config`` names,
    with the Jinja environment a build of ``config`` uses."""
    if issues is None:
        ordered = load_workspace(config).issues
    else:
        ordered = tuple(sorted(issues, key=lambda i: (i.date, i.id)))
    cached = _environments.get(id(config))
    if cached is None or cached[0] is not config:
        cached = _environments[id(config)] = (config, make_environment(config))
    return Site(config=config, issues=ordered, env=cached[1])
