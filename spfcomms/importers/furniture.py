"""Page furniture: the parts of a web page that are not its content.

A page saved from the SPF website, or copied from a browser into a text file or Word,
carries the site's tagline, a kicker above the title ("Meeting notes", "Case Study"),
a standalone publication date, navigation and breadcrumbs, a cookie banner, "Share this
page" links, a footer, and download links whose text ends in the screen-reader label of
their icon ("Read the key comms (External link icon)"). ``strip_furniture`` recognises
these lines in any format and takes them out of the blocks, keeping what they say about
the page: the kicker, the publication date and the download links.

Some lines are furniture wherever they stand (a cookie notice, "Share this page", a
copyright line). Menu words ("Home", "News", "Contact us") are furniture only in a run
of them, or above the title and below the content, so a "Contact" section of a case
study stays.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from . import inline
from .blocks import Block, BlockKind, SourceDocument
from .common import long_date, only_date
from .model import Messages

TAGLINES = re.compile(
    r"(?i)^(promoting partnership working in the nhs|social partnership forum( \(spf\))?|"
    r"spf|working together for a better nhs)$"
)
KICKERS = re.compile(
    r"(?i)^(meeting notes|meeting summary|case stud(y|ies)|news( story| item)?|"
    r"good practice|blog|publication|resource|guidance|press release|article)$"
)
_MEETING_KICKERS = re.compile(r"(?i)^(meeting notes|meeting summary)$")
ICON_LABEL = re.compile(r"\s*\((external link|opens in a new (tab|window)|pdf)[^()]*\)", re.I)
_ALWAYS = re.compile(
    r"(?ix)^(?:"
    r"skip\s+to\s+(main\s+)?content|skip\s+to\s+navigation|"
    r"(this\s+(site|website)\s+uses|we\s+use|we[’']ve\s+put\s+some\s+small\s+files\s+called)"
    r"\s+(some\s+)?(essential\s+)?cookies.*|"
    r".*\bcookies?\b.*\b(accept|reject|settings|preferences|consent|analytics|"
    r"improve|choices?|policy)\b.*|"
    r"(accept|reject|allow|decline|manage|view|change)\s+(all\s+|additional\s+|analytics\s+|"
    r"optional\s+|essential\s+)?cookies(\s+settings)?|"
    r"cookie\s+(settings|preferences|policy|notice)|hide\s+(this\s+)?(cookie\s+)?message|"
    r"share\s+(this\s+)?(page|article|story|case\s+study)(\s+on.*)?:?|share\s+on\s+\w+.*|"
    r"(©|\(c\)|copyright)\s.*|all\s+rights\s+reserved\.?|"
    r"back\s+to\s+top|print\s+(this\s+)?page|was\s+this\s+page\s+(useful|helpful)\??|"
    r"page\s+last\s+(reviewed|updated):?.*|last\s+updated:?\s+\d.*|"
    r"(privacy|accessibility|cookies?)\s+(notice|policy|statement)|accessibility|privacy|"
    r"terms\s+(and|&)\s+conditions|"
    r"site\s*map|sign\s+up\s+(to|for)\s+(our\s+)?(newsletter|bulletin|updates).*|"
    r"follow\s+us(\s+on\s+\w+)?|you\s+are\s+here:?.*|"
    r"home\s*(>|›|»|/|\|)\s*.+"
    r")$"
)
_SOCIAL = re.compile(
    r"(?i)^(facebook|twitter|x|x \(twitter\)|linkedin|email|e-mail|whatsapp|copy link|"
    r"bluesky|threads|instagram|youtube)$"
)
MENU = re.compile(
    r"(?i)^(home|about( us| the spf)?|news( and events)?|events|groups|our work|resources|"
    r"case studies|publications|contact( us)?|search|menu|close|regional spfs?|"
    r"how we do partnership|partnership resources|tools and resources|get involved|"
    r"latest|sign in|log in)$"
)
# Column labels of an agenda laid out as a table ("Item", "Presenter", "Summary").
TABLE_LABELS = re.compile(
    r"(?i)^(agenda( item)?s?|items?|topics?|titles?|presenters?|presented by|leads?|"
    r"summary|discussion|updates?|key (points|messages)|notes|outcomes?|actions?)$"
)


def is_furniture_line(text: str) -> bool:
    """A line that is page furniture wherever it stands (never content)."""
    text = text.strip()
    if not text or len(text) > 400:
        return False
    return bool(_ALWAYS.match(text) or TAGLINES.match(text))


@dataclass
class Furniture:
    """What the furniture said about the page, and which lines were dropped."""

    kicker: str = ""
    published: date | None = None
    published_line: int = 0
    downloads: list[Block] = field(default_factory=list)
    dropped: dict[str, list[int]] = field(default_factory=dict)

    def drop(self, what: str, line: int) -> None:
        self.dropped.setdefault(what, []).append(line)

    @property
    def is_web_page(self) -> bool:
        """The document shows the layout of a web page (a kicker, a tagline, navigation)."""
        return bool(self.kicker) or any(
            what in self.dropped for what in ("site tagline", "navigation", "cookie banner")
        )


def strip_furniture(document: SourceDocument, messages: Messages) -> SourceDocument:
    """The document without its page furniture; notes say what was dropped."""
    found = Furniture()
    blocks = list(document.blocks)
    kept: list[Block] = []
    title_seen = False
    for index, block in enumerate(blocks):
        text = block.text
        what = _classify(block, blocks, index, title_seen)
        if what == "download link":
            download = _download(block)
            if download is None:
                messages.warn(
                    block.line,
                    f"download link '{ICON_LABEL.sub('', text).strip()}' has no address in "
                    "this copy; left out: add the link by hand if readers need it",
                    "download-without-address",
                )
            else:
                found.downloads.append(download)
            found.drop(what, block.line)
            continue
        if what == "kicker" and not found.kicker:
            found.kicker = text
        if what:
            found.drop(what, block.line)
            continue
        kept.append(block)
        if block.kind is not BlockKind.RULE:
            title_seen = True
    kept = _drop_trailing(kept, found)
    kept = _drop_table_labels(kept, found)
    kept = _publication_date(kept, found)
    meta = dict(document.meta)
    if found.kicker:
        meta["kicker"] = found.kicker
    if found.published is not None:
        meta["published"] = found.published.isoformat()
    if found.is_web_page:
        meta["web-page"] = "yes"
    if found.published is not None:
        messages.note(
            found.published_line,
            f"{long_date(found.published)}, alone under the title, read as the date the page "
            "was published",
            "published",
        )
    for what, lines in found.dropped.items():
        messages.note(
            min(lines),
            f"left out the page's {what} ({_lines(lines)})",
            "furniture",
        )
    return replace(
        document,
        blocks=tuple(kept),
        meta=meta,
        downloads=(*document.downloads, *found.downloads),
    )


def is_meeting_kicker(text: str) -> bool:
    """A kicker that marks a meeting summary ("Meeting notes")."""
    return bool(_MEETING_KICKERS.match(text.strip()))


def _classify(block: Block, blocks: Sequence[Block], index: int, title_seen: bool) -> str:
    text = block.text.strip()
    if block.kind is BlockKind.RULE:
        return ""
    if ICON_LABEL.search(text) and re.match(r"(?i)^(read|download|view|see|open)\b", text):
        return "download link"
    if TAGLINES.match(text) and block.kind is not BlockKind.HEADING:
        return "site tagline"
    if _ALWAYS.match(text):
        lowered = text.lower()
        if "cookie" in lowered and not re.search(r"policy|statement|notice", lowered):
            return "cookie banner"
        if lowered.startswith(("share", "follow")):
            return "share links"
        if lowered.startswith(("home", "you are here", "skip")):
            return "navigation"
        return "footer"
    if _SOCIAL.match(text) and _near_share_links(blocks, index):
        return "share links"
    if (
        KICKERS.match(text)
        and not title_seen
        and not _in_menu_run(blocks, index)
        and _next_is_title(blocks, index)
    ):
        return "kicker"
    if MENU.match(text) and (not title_seen or _in_menu_run(blocks, index)):
        return "navigation"
    return ""


def _is_share_context(block: Block) -> bool:
    text = block.text.strip()
    return bool(_SOCIAL.match(text) or re.match(r"(?i)^(share|follow)\b", text))


def _near_share_links(blocks: Sequence[Block], index: int) -> bool:
    # A social network's name is a share link when it sits among other share links.
    around = [*blocks[max(0, index - 3) : index], *blocks[index + 1 : index + 4]]
    return any(_is_share_context(b) for b in around)


def _in_menu_run(blocks: Sequence[Block], index: int) -> bool:
    # Three or more menu words in a row are a menu, wherever they stand.
    start = index
    while start > 0 and MENU.match(blocks[start - 1].text.strip()):
        start -= 1
    end = index
    while end + 1 < len(blocks) and MENU.match(blocks[end + 1].text.strip()):
        end += 1
    return end - start >= 2


def _next_is_title(blocks: Sequence[Block], index: int) -> bool:
    # A kicker stands right above the page title: a heading or a short line.
    following = next((b for b in blocks[index + 1 :] if b.kind is not BlockKind.RULE), None)
    if following is None:
        return False
    if following.kind is BlockKind.HEADING:
        return True
    text = following.text
    if MENU.match(text):
        return False
    return (
        following.kind is BlockKind.PARAGRAPH
        and len(text.split()) <= 20
        and not text.endswith(".")
        and not KICKERS.match(text)
    )


def _drop_trailing(blocks: list[Block], found: Furniture) -> list[Block]:
    # Below the content: menu words, social links and the like, up to the end.
    end = len(blocks)
    while end > 0:
        text = blocks[end - 1].text.strip()
        if MENU.match(text) or _SOCIAL.match(text):
            found.drop("navigation", blocks[end - 1].line)
            end -= 1
        else:
            break
    return blocks[:end]


def _drop_table_labels(blocks: list[Block], found: Furniture) -> list[Block]:
    # Two or more column labels in a row are the header row of a table.
    result: list[Block] = []
    index = 0
    while index < len(blocks):
        run = index
        while run < len(blocks) and TABLE_LABELS.match(blocks[run].text.strip()):
            run += 1
        if run - index >= 2:
            for block in blocks[index:run]:
                found.drop("table header", block.line)
            index = run
            continue
        result.append(blocks[index])
        index += 1
    return result


def _publication_date(blocks: list[Block], found: Furniture) -> list[Block]:
    """On a web page, a date alone under the title is the date the page was published."""
    month_title = any(
        MONTH_TITLE.search(b.text) for b in blocks[:3] if b.kind is not BlockKind.RULE
    )
    if not (found.is_web_page or month_title):
        return blocks
    for index, block in enumerate(blocks[:6]):
        if block.kind is BlockKind.RULE:
            continue
        value = only_date(block.text)
        if value is None:
            continue
        if re.search(r"(?i)\bmeeting\b|\bheld\b", block.text):
            return blocks
        if index == 0:
            return blocks  # a date above everything is not a web page's date line
        found.published = value
        found.published_line = block.line
        return [*blocks[:index], *blocks[index + 1 :]]
    return blocks


MONTH_TITLE = re.compile(
    r"(?i)\bkey\s+comm(?:s|unications)\b.{0,6}?\b(january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\s+(\d{4})\b"
)


def _download(block: Block) -> Block | None:
    """The download link without its icon label, or None when it has no address."""
    links = [s for s in inline.iter_links(block.spans) if s.url.strip() not in ("", "#")]
    if not links:
        return None
    spans = _without_label(block.spans)
    return Block(BlockKind.PARAGRAPH, inline.strip(inline.normalise(spans)), block.line)


def _without_label(spans: tuple[inline.Span, ...]) -> tuple[inline.Span, ...]:
    result: list[inline.Span] = []
    for span in spans:
        if isinstance(span, inline.Text):
            text = ICON_LABEL.sub("", span.text)
            if text:
                result.append(inline.Text(text))
        elif isinstance(span, inline.LinkSpan):
            result.append(inline.LinkSpan(span.url, _without_label(span.children)))
        elif isinstance(span, inline.Strong):
            result.append(inline.Strong(_without_label(span.children)))
        elif isinstance(span, inline.Emphasis):
            result.append(inline.Emphasis(_without_label(span.children)))
        else:
            result.append(span)
    return tuple(result)


def _lines(lines: list[int]) -> str:
    """``line 4`` or ``lines 3-9, 80``."""
    ranges: list[list[int]] = []
    for number in sorted(set(lines)):
        if ranges and number <= ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    text = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in ranges)
    return f"line {text}" if len(ranges) == 1 and ranges[0][0] == ranges[0][1] else f"lines {text}"
