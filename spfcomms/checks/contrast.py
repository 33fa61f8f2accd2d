"""WCAG 2 colour contrast: parsing CSS colours and the pairs a stylesheet sets.

The ratio is WCAG's ``(L1 + 0.05) / (L2 + 0.05)`` of relative luminances
(https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio). Normal text needs 4.5:1, large
text (24 px, or 18.66 px bold) 3:1. The stylesheet reader is deliberately small: it
understands rules, ``@media`` blocks (``prefers-color-scheme: dark`` gives a second
palette), custom properties and ``var()``, which is all our templates use.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

NORMAL_TEXT_RATIO = 4.5
LARGE_TEXT_RATIO = 3.0

Rgb = tuple[float, float, float]

_NAMED = {
    "black": "#000000",
    "white": "#ffffff",
    "red": "#ff0000",
    "green": "#008000",
    "blue": "#0000ff",
    "yellow": "#ffff00",
    "grey": "#808080",
    "gray": "#808080",
    "silver": "#c0c0c0",
    "maroon": "#800000",
    "navy": "#000080",
    "purple": "#800080",
    "teal": "#008080",
    "olive": "#808000",
    "orange": "#ffa500",
    "lime": "#00ff00",
    "aqua": "#00ffff",
    "fuchsia": "#ff00ff",
    "lightgrey": "#d3d3d3",
    "lightgray": "#d3d3d3",
    "darkgrey": "#a9a9a9",
    "darkgray": "#a9a9a9",
    "whitesmoke": "#f5f5f5",
}
_RGB_FUNC = re.compile(
    r"rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)"
)
_HEX = re.compile(r"#([0-9a-fA-F]{3,8})\b")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]+))?\)")


def parse_colour(value: str) -> Rgb | None:
    """An opaque sRGB colour (0-255 channels) from a CSS value, or None if unknown/transparent."""
    value = value.strip().lower()
    value = _NAMED.get(value, value)
    hex_match = _HEX.search(value)
    if hex_match:
        digits = hex_match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) not in (6, 8):
            return None
        if len(digits) == 8 and int(digits[6:], 16) < 255:
            return None  # translucent: the real colour depends on what is beneath
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    func = _RGB_FUNC.search(value)
    if func:
        alpha = func.group(4)
        if alpha is not None and _channel(alpha, 1.0) < 1.0:
            return None
        return (
            _channel(func.group(1), 255),
            _channel(func.group(2), 255),
            _channel(func.group(3), 255),
        )
    for word in value.split():
        if word in _NAMED:
            return parse_colour(_NAMED[word])
    return None


def _channel(text: str, scale: float) -> float:
    if text.endswith("%"):
        return float(text[:-1]) / 100 * scale
    return float(text)


def luminance(rgb: Rgb) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: Rgb, background: Rgb) -> float:
    """The WCAG contrast ratio, from 1 (none) to 21 (black on white)."""
    a, b = luminance(foreground), luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def required_ratio(font_size_px: float | None, bold: bool) -> float:
    """4.5:1 for normal text, 3:1 for large text."""
    if font_size_px is not None and (font_size_px >= 24 or (bold and font_size_px >= 18.66)):
        return LARGE_TEXT_RATIO
    return NORMAL_TEXT_RATIO


def parse_declarations(style: str) -> dict[str, str]:
    """``color: red; background: #fff`` -> {"color": "red", "background": "#fff"}."""
    result: dict[str, str] = {}
    for part in style.split(";"):
        if ":" in part:
            name, value = part.split(":", 1)
            result[name.strip().lower()] = value.replace("!important", "").strip()
    return result


def background_of(declarations: dict[str, str]) -> str | None:
    """The background colour value of a declaration block, if it sets one."""
    return declarations.get("background-color") or declarations.get("background")


def font_size_px(value: str | None) -> float | None:
    """A font size in px from ``16px``, ``12pt`` or ``1.5rem``/``em`` (16 px root)."""
    if not value:
        return None
    match = re.match(r"\s*([\d.]+)\s*(px|pt|rem|em)?", value)
    if not match:
        return None
    number = float(match.group(1))
    unit = match.group(2) or "px"
    return {"px": number, "pt": number * 4 / 3}.get(unit, number * 16)


@dataclass(frozen=True, slots=True)
class CssRule:
    """One rule: selector, declarations, 1-based line, and the palette it belongs to."""

    selector: str
    declarations: dict[str, str]
    line: int
    scheme: str


@dataclass(frozen=True, slots=True)
class ContrastFinding:
    """A colour pair below the required ratio."""

    line: int
    selector: str
    scheme: str
    foreground: str
    background: str
    ratio: float
    required: float


def parse_css(text: str) -> list[CssRule]:
    """The rules of a stylesheet, with ``@media (prefers-color-scheme: dark)`` marked dark."""
    clean = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    rules: list[CssRule] = []
    _parse_block(clean, 0, len(clean), "light", rules, clean)
    return rules


def _parse_block(
    text: str, start: int, end: int, scheme: str, rules: list[CssRule], whole: str
) -> None:
    pos = start
    while pos < end:
        brace = text.find("{", pos, end)
        if brace < 0:
            return
        prelude = text[pos:brace].strip()
        close = _matching(text, brace, end)
        if prelude.startswith("@"):
            inner = "dark" if "prefers-color-scheme: dark" in prelude.replace("  ", " ") else scheme
            if prelude.startswith("@media"):
                _parse_block(text, brace + 1, close, inner, rules, whole)
        else:
            line = whole.count("\n", 0, brace) + 1
            rules.append(
                CssRule(
                    " ".join(prelude.split()),
                    parse_declarations(text[brace + 1 : close]),
                    line,
                    scheme,
                )
            )
        pos = close + 1


def _matching(text: str, brace: int, end: int) -> int:
    depth = 0
    for index in range(brace, end):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return end


def _resolve(value: str, variables: dict[str, str], depth: int = 0) -> str:
    if depth > 10:
        return value
    match = _VAR.search(value)
    if not match:
        return value
    replacement = variables.get(match.group(1), match.group(2) or "")
    return _resolve(
        value[: match.start()] + replacement + value[match.end() :], variables, depth + 1
    )


def stylesheet_contrast(text: str) -> Iterator[ContrastFinding]:
    """Every text/background pair the stylesheet sets that is below WCAG AA.

    A rule that sets only a text colour is judged against the page background (``body``
    or ``html``, white by default); one that sets only a background against the page's
    text colour. Each palette (light, and dark when the stylesheet has one) is checked.
    """
    rules = parse_css(text)
    schemes = ["light"] + (["dark"] if any(r.scheme == "dark" for r in rules) else [])
    for scheme in schemes:
        variables: dict[str, str] = {}
        for rule in rules:
            if rule.scheme in ("light", scheme) and rule.selector in (":root", "html", "body"):
                variables.update({k: v for k, v in rule.declarations.items() if k.startswith("--")})
        page_fg, page_bg = "#1d1d1d", "#ffffff"
        for rule in rules:
            if rule.scheme in ("light", scheme) and rule.selector in ("html", "body", ":root"):
                page_fg = _resolve(rule.declarations.get("color", page_fg), variables)
                page_bg = _resolve(background_of(rule.declarations) or page_bg, variables)
        for rule in rules:
            if rule.scheme not in ("light", scheme):
                continue
            colour = rule.declarations.get("color")
            background = background_of(rule.declarations)
            if colour is None and background is None:
                continue
            fixed_pair = colour is not None and background is not None and not _uses_vars(rule)
            if scheme == "dark" and rule.scheme == "light" and fixed_pair:
                continue  # already judged with the light palette
            fg_value = _resolve(colour or page_fg, variables)
            bg_value = _resolve(background or page_bg, variables)
            fg, bg = parse_colour(fg_value), parse_colour(bg_value)
            if fg is None or bg is None:
                continue
            required = required_ratio(
                font_size_px(rule.declarations.get("font-size")),
                rule.declarations.get("font-weight", "") in ("bold", "700"),
            )
            ratio = contrast_ratio(fg, bg)
            if ratio < required:
                yield ContrastFinding(
                    rule.line, rule.selector, scheme, fg_value, bg_value, ratio, required
                )


def _uses_vars(rule: CssRule) -> bool:
    return any("var(" in value for value in rule.declarations.values())
