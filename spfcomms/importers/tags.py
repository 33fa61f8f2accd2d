"""Small vocabularies: SPF priority-area tags, English NHS regions, known organisations.

Tags are suggestions from key phrases; the editor keeps, changes or removes them.
"""

from __future__ import annotations

import re

# tag -> phrases that suggest it (matched as whole words, case-insensitive).
PRIORITY_TAGS: dict[str, tuple[str, ...]] = {
    "violence-prevention": ("violence", "abuse against", "VPR"),
    "sexual-safety": ("sexual safety", "sexual misconduct", "sexual violence", "sexual harassment"),
    "retention": ("retention", "retain", "leaver rate"),
    "partnership-working": ("partnership working", "in partnership", "partnership approach"),
    "workforce-planning": ("workforce plan", "workforce transformation", "long term workforce"),
    "equality-diversity-inclusion": ("equality", "diversity", "inclusion", "EDI"),
    "health-and-wellbeing": ("wellbeing", "well-being", "menopause"),
    "bullying": ("bullying",),
    "regional-spf": ("regional SPF", "regional social partnership forum", "regional forum"),
}

REGIONS = (
    "North East and North Cumbria",
    "North East and Yorkshire",
    "Yorkshire and the Humber",
    "Cheshire and Merseyside",
    "Kent, Surrey and Sussex",
    "Greater Manchester",
    "East of England",
    "East Midlands",
    "West Midlands",
    "North East",
    "North West",
    "South East",
    "South West",
    "Thames Valley",
    "Midlands",
    "Yorkshire",
    "London",
)
_REGION = re.compile(r"\b(" + "|".join(re.escape(r) for r in REGIONS) + r")\b")

KNOWN_ORGANISATIONS = (
    "NHS Employers",
    "NHS England",
    "NHS Improvement",
    "Health Education England",
    "Department of Health and Social Care",
    "NHS Providers",
    "NHS Confederation",
    "UNISON",
    "Unite",
    "GMB",
    "Royal College of Nursing",
    "British Medical Association",
    "Royal College of Midwives",
    "Chartered Society of Physiotherapy",
    "Society of Radiographers",
    "Local Government Association",
    "NHS Staff Council",
    "Care Quality Commission",
)


def _phrase(phrase: str) -> re.Pattern[str]:
    flags = 0 if phrase.isupper() else re.IGNORECASE
    return re.compile(rf"\b{re.escape(phrase)}\b", flags)


_TAG_PATTERNS = {tag: [_phrase(p) for p in phrases] for tag, phrases in PRIORITY_TAGS.items()}
_ORG_PATTERNS = [(name, _phrase(name)) for name in KNOWN_ORGANISATIONS]


def guess_tags(text: str) -> tuple[str, ...]:
    """Priority-area tags whose phrases occur in ``text``, sorted."""
    return tuple(
        sorted(
            tag for tag, patterns in _TAG_PATTERNS.items() if any(p.search(text) for p in patterns)
        )
    )


def find_region(text: str) -> str:
    """The first English NHS region named in ``text``, or ""."""
    match = _REGION.search(text)
    return match.group(1) if match else ""


def find_organisations(text: str) -> list[str]:
    """Known organisations named in ``text``, in order of first mention."""
    found = [(m.start(), name) for name, p in _ORG_PATTERNS if (m := p.search(text))]
    return [name for _, name in sorted(found)]
