"""Links into the site, checked against the build itself: the page and its anchor."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import unquote, urldefrag

from ..model.clock import build_datetime
from ..output.writers import OutputTree
from .linkextract import LinkTarget, anchor_names, output_path_for
from .linkstatus import LinkResult, LinkStatus


def check_internal_links(
    targets: Iterable[LinkTarget],
    out: OutputTree,
    base_url: str,
    anchors: dict[str, set[str]] | None = None,
) -> list[LinkResult]:
    """Links into the site, checked against the build itself: the page and its anchor.

    ``anchors`` (page path -> its ids) saves parsing pages again when a caller has them.
    """
    now = build_datetime()
    anchors = {} if anchors is None else anchors
    results = []
    for target in targets:
        page, fragment = urldefrag(target.uri)
        path = output_path_for(page, base_url)
        if path not in out and f"{path}/index.html" in out:
            path = f"{path}/index.html"
        if path not in out:
            results.append(
                LinkResult(
                    target.uri,
                    LinkStatus.BROKEN,
                    404,
                    f"{path} is not in the build",
                    target.locations,
                    now,
                )
            )
            continue
        if fragment:
            if path not in anchors:
                anchors[path] = anchor_names(out.get(path))
            if unquote(fragment) not in anchors[path]:
                results.append(
                    LinkResult(
                        target.uri,
                        LinkStatus.BROKEN,
                        0,
                        f"anchor '#{fragment}' not found in {path}",
                        target.locations,
                        now,
                    )
                )
                continue
        results.append(
            LinkResult(target.uri, LinkStatus.OK, 200, "in the build", target.locations, now)
        )
    return results
