"""Topics: the tags content carries, with the names and descriptions people read.

Items (``tags = [...]``) and agenda items (a ``Topics:`` line) carry tags: short,
stable, machine-friendly words such as ``violence-prevention``. ``[topics]`` in
spfcomms.toml gives each tag the name readers see ("Violence prevention and
reduction") and a one-line description. Everything shown to a person (feed titles,
snippet headings, pages) uses the name; paths and feed categories use the tag.

Tags that differ only in case, spacing or accents are one topic: they share one
``slug``, the path segment of the topic's feeds, snippet and page.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def tag_slug(tag: str) -> str:
    """A path-safe form of a tag: ``"Violence prevention"`` becomes ``violence-prevention``.

    A tag with no letters or digits in ASCII gets a short hash, so that every tag has
    its own stable path.
    """
    ascii_text = unicodedata.normalize("NFKD", tag).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[:60].strip("-")
    if slug:
        return slug
    return "tag-" + hashlib.sha256(tag.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def humanise(tag: str) -> str:
    """The name of a tag that ``[topics]`` does not name: ``retention-exemplars`` reads
    ``Retention exemplars``."""
    words = " ".join(tag.replace("-", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] if words else tag


@dataclass(frozen=True, slots=True)
class Topic:
    """A tag with the name and description readers see."""

    tag: str
    name: str
    description: str = ""
    named: bool = True
    """False for a tag that ``[topics]`` does not list (its name is made from the tag)."""

    @property
    def slug(self) -> str:
        """The path segment of the topic's feeds, snippet and page."""
        return tag_slug(self.tag)


@dataclass(frozen=True, slots=True)
class Topics:
    """The topics of a workspace, looked up by any spelling of their tag."""

    known: tuple[Topic, ...] = ()

    @classmethod
    def from_mapping(cls, table: Mapping[str, tuple[str, str]]) -> Topics:
        """From ``tag -> (name, description)``, in the order written."""
        return cls(
            tuple(Topic(tag, name, description) for tag, (name, description) in table.items())
        )

    @property
    def configured(self) -> bool:
        """True when the workspace names its topics (``[topics]`` is not empty)."""
        return bool(self.known)

    def find(self, tag: str) -> Topic | None:
        """The named topic of ``tag``, or None when ``[topics]`` does not list it."""
        slug = tag_slug(tag)
        for topic in self.known:
            if topic.slug == slug:
                return topic
        return None

    def topic(self, tag: str) -> Topic:
        """The topic of ``tag``: its ``[topics]`` entry, or one named after the tag."""
        return self.find(tag) or Topic(tag, humanise(tag), named=False)

    def name(self, tag: str) -> str:
        """What readers see for ``tag``."""
        return self.topic(tag).name

    def names(self, tags: Iterable[str]) -> list[str]:
        """The names of ``tags``, each once, in order."""
        return list(dict.fromkeys(self.name(tag) for tag in tags))
