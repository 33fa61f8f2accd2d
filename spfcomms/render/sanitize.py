"""Making text and HTML safe to hand to other people's software.

Feeds and snippets leave our hands: feed readers, partner CMSs and partner pages show
them. Two guarantees hold for everything they carry, whatever the content:

* ``xml_text`` removes the code points XML 1.0 forbids (C0 controls other than tab,
  newline and carriage return, U+FFFE, U+FFFF and lone surrogates), so a feed is always
  well-formed and UTF-8 encodable.
* ``clean_html`` passes HTML through nh3 with an allow-list of tags, attributes and URL
  schemes, and makes every relative URL absolute against a base URL, so nothing in it
  can run script and every link works away from our site.
"""

from __future__ import annotations

import re

import nh3

# XML 1.0 "Char": #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")

URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Structure and inline text only: no forms, media, frames, styles or scripts.
CONTENT_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl",
        "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "ol",
        "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "sup", "table",
        "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
    }
)  # fmt: skip
CONTENT_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "reversed"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "*": {"lang", "dir"},
}
# Elements removed together with everything inside them.
_DROP_WITH_CONTENT = {"script", "style", "template", "svg", "math", "iframe", "object", "noscript"}


def xml_text(text: str) -> str:
    """``text`` without the code points XML 1.0 forbids."""
    return _XML_ILLEGAL.sub("", text)


def one_line(text: str) -> str:
    """XML-safe text with every run of whitespace (newlines too) made one space."""
    return _WHITESPACE.sub(" ", xml_text(text)).strip()


def clean_html(
    html: str,
    base_url: str,
    *,
    tags: frozenset[str] = CONTENT_TAGS,
    attributes: dict[str, set[str]] | None = None,
    class_prefix: str | None = None,
    link_rel: str | None = "noopener noreferrer",
) -> str:
    """Sanitise ``html`` with an allow-list and resolve relative URLs against ``base_url``.

    Links get ``rel="noopener noreferrer"`` (``link_rel``; None leaves them without).
    With ``class_prefix``, ``class`` attributes are kept but only the class names that
    start with the prefix survive, so a fragment can style itself without touching the
    host page's classes.
    """
    allowed = {name: set(values) for name, values in (attributes or CONTENT_ATTRIBUTES).items()}
    if class_prefix is not None:
        allowed.setdefault("*", set()).add("class")

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "class" and class_prefix is not None:
            names = [n for n in value.split() if n.startswith(class_prefix)]
            return " ".join(names) or None
        return value

    return nh3.clean(
        xml_text(html),
        tags=set(tags),
        clean_content_tags=_DROP_WITH_CONTENT,
        attributes=allowed,
        attribute_filter=keep,
        url_schemes=set(URL_SCHEMES),
        link_rel=link_rel,
        url_relative=("rewrite_with_base", base_url),
        strip_comments=True,
    )
