"""The one Jinja2 environment every renderer uses.

Autoescaping is on for every template except plain-text ones (``.txt``), including
``.mjml`` templates, which Jinja's defaults would leave unescaped. Undefined variables
raise. A workspace's ``templates/`` folder overrides the defaults shipped inside the
package, file by file.
"""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from ..model.config import Config
from ..model.dates import MONTHS as MONTHS
from ..model.dates import format_date as format_date
from ..model.exceptions import TemplateError
from ..model.paths import link_refusal, outside_target
from ..model.topics import tag_slug
from ..model.urls import is_safe_url


def _autoescape(name: str | None) -> bool:
    # Escape everything except plain text: an unknown extension is treated as markup.
    return not (name or "").endswith((".txt", ".txt.j2"))


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def nest_headings(html: str, parent_level: int) -> markupsafe.Markup:
    """Renumber the headings of rendered Markdown to sit under a ``parent_level`` heading.

    A body's own headings become ``parent_level + 1`` and deeper, with no level
    skipped, so a news story's ``## Background`` is an ``<h4>`` under an item's
    ``<h3>`` on the issue page and an ``<h2>`` on the item's own page. Levels past 6
    stay at 6. Only markup produced by the Markdown renderer is expected here (raw
    HTML is disabled), so a plain tag match is enough.
    """
    levels = sorted({int(level) for _, level in _HEADING_TAG.findall(html)})
    if not levels:
        return markupsafe.Markup(html)
    mapping = {level: min(6, parent_level + 1 + rank) for rank, level in enumerate(levels)}
    return markupsafe.Markup(
        _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{mapping[int(m.group(2))]}>", html)
    )


def topic_path(tag: str) -> str:
    """The topic page of ``tag``, relative to the site root."""
    return f"topics/{tag_slug(tag)}/"


def _no_banner(thing: object) -> str:
    return ""


class _WorkspaceLoader(jinja2.FileSystemLoader):
    """The workspace's templates/, refusing templates that are links out of the workspace."""

    def __init__(self, folder: Path, roots: tuple[Path, ...] | None) -> None:
        super().__init__(folder)
        self.roots = roots

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        target = outside_target(Path(filename), self.roots) if self.roots is not None else None
        if target is not None:
            raise TemplateError(link_refusal(Path(filename), target), template=filename)
        return source, filename, uptodate


def make_environment(
    config: Config, *, extra_filters: dict[str, Callable[..., Any]] | None = None
) -> jinja2.Environment:
    """The Jinja2 environment: workspace templates first, then the packaged defaults."""
    loaders: list[jinja2.BaseLoader] = []
    if config.templates_dir.is_dir():
        loaders.append(_WorkspaceLoader(config.templates_dir, config.symlink_roots))
    loaders.append(jinja2.PackageLoader("spfcomms", "_templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["format_date"] = format_date
    # `{% if url is safe_url %}`: front-matter URLs do not pass through Markdown's
    # link check, and a check set to "ignore" must not let a javascript: URL through.
    env.tests["safe_url"] = is_safe_url
    env.filters["nest_headings"] = nest_headings
    env.globals["site"] = config.site
    env.globals["feed"] = config.feed
    env.globals["url_for"] = config.url_for
    env.globals["topics"] = config.topics
    env.globals["topic_path"] = topic_path
    env.globals["logo_url"] = config.logo_url
    env.globals["logo_asset"] = config.logo_asset
    env.globals["contact"] = config.contact

    def topic_href(tag: str, root: str | None = None) -> str:
        # From a page (root given), a relative link that also works opened from disk;
        # from a feed or snippet, the absolute address.
        if root is None:
            return config.url_for(topic_path(tag))
        return f"{root}{topic_path(tag)}index.html"

    env.globals["topic_href"] = topic_href
    # A preview (render/site.py) replaces it with the held-back banner of each thing.
    env.globals["banner"] = _no_banner
    if extra_filters:
        env.filters.update(extra_filters)
    return env


def render_template(env: jinja2.Environment, name: str, /, **context: Any) -> str:
    """Render a template, turning every Jinja failure into a TemplateError with file:line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(
            exc.message or str(exc), template=exc.filename or exc.name or name, line=exc.lineno
        ) from exc
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", template=name) from exc
    except jinja2.TemplateError as exc:
        template, line = _template_frame(exc, name)
        raise TemplateError(str(exc), template=template, line=line) from exc
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        # A failing filter or a method called on the wrong value, inside a template.
        template, line = _template_frame(exc, name)
        if line is None:
            raise
        raise TemplateError(f"{type(exc).__name__}: {exc}", template=template, line=line) from exc


def _template_frame(exc: BaseException, default: str) -> tuple[str, int | None]:
    # Jinja rewrites tracebacks so that template frames carry the template's file name
    # and line; the innermost such frame is where the failure happened.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename.endswith(".py"):
            return frame.filename, frame.lineno
    return default, None
