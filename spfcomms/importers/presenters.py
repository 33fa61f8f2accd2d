"""Splitting an agenda heading into its title and presenters.

Key comms headings name who presented in many ways, after the title or before it::

    Retention exemplars - Em Wilkinson-Brice and Ronke Akerele, NHS England
    Sexual safety – Catherine Hinwood, NHSE and Rebecca Smith, NHS Employers
    Ministerial introduction - Rt Hon Andrew Stephenson MP, Minister of State for ...
    Case study – Liverpool ... (LUHFT) - James Dawson, LUHFT and Joe Baldwin, UNISON ...
    HPMA 2022 ... case study - Raffaella Goodby/Jo Vaughan, Birmingham Women's and ...
    Tackling sexual misconduct in the NHS - Sara Gorton, head of health, UNISON
    Pay update – Ama Boateng, Li Wei, Carys Morgan, NHS Employers
    Navina Evans, NHS England (NHSE) chief workforce officer – Workforce plan

The heading is cut at a dash (hyphen, en dash or em dash; a hyphen counts only with a
space on at least one side, so "Wilkinson-Brice" stays whole), trying the right-most
dash first, and the part after it is accepted only when every name in it reads as a
person's name. Anything less certain stays in the title, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model.content import Person
from .model import Messages

# Longest first, so that "the rt hon" wins over "rt hon".
_HONORIFICS = (
    "the rt hon", "the right honourable", "right honourable", "rt. hon.", "rt hon",
    "professor", "prof.", "prof", "dr.", "dr", "dame", "sir", "lord", "lady", "baroness",
    "baron", "councillor", "cllr", "mrs.", "mrs", "mr.", "mr", "ms.", "ms", "miss", "mx",
    "reverend", "revd", "rev",
)  # fmt: skip
_POSTNOMINALS = frozenset(
    """
    bsc cbe dbe dl fcipd frcgp frcn frcp frcpsych frcs jp kbe kc ma mba mbe mp msc obe
    phd qc rn
    """.split()
)
_PARTICLES = frozenset(
    """
    al bin binti da de del den der di dos du el la le mac st ten ter van von
    """.split()
)
# Words that never appear in a person's name but do in organisations, roles and titles.
_NOT_NAME = frozenset(
    """
    a agency ambulance an and association at award awards board borough branch by care case
    center centre chair chief children's city college commission committee community
    confederation council county cumbria cymru department director east education employer
    employers england executive federation for forum foundation from ft general gmb
    government group head health hospital hospitals humber icb ics icss improvement in
    institute integrated introduction introductions kent lead london manager meeting mental
    midlands minister ministry national network new next nhs north of office officer on our
    partners partnership pcn people plan policy prevention primary programme public
    reduction region regional report review royal safety scotland secondary secretary
    service services side social society south spf staff state strategy study surrey sussex
    system team the their to trust trusts union unions unison unite university update
    updates violence wales welcome west with women's workforce yorkshire your
    """.split()
)
_ROLE_WORDS = frozenset(
    """
    acting adviser advisor assistant associate chair chairs chief clinical co-chair
    co-chairs co-ordinator consultant coordinator deputy director doctor employment
    executive general governor head hr interim lead manager medical member minister
    national nurse nursing officer organiser organizer parliamentary partnership people
    permanent policy president principal programme project regional rep representative
    secretary senior specialist staff trade under-secretary vice workforce
    """.split()
)
# Nouns that end a job title ("Branch Secretary", "Learning and Development Lead").
_ROLE_NOUNS = frozenset(
    """
    secretary officer organiser organizer lead chair representative rep manager director
    adviser advisor coordinator co-ordinator guardian convenor steward
    """.split()
)
_NAME_WORD = re.compile(
    r"^(?:[A-Z][a-z]*\.?|(?:O['’]|Mc|Mac|D['’])?[A-Z][\w'’]*(?:-[A-Z][\w'’]*)*)$"
)
_AND = re.compile(r"\s+(?:and|&)\s+|\s*,\s*and\s+")


@dataclass(frozen=True, slots=True)
class Split:
    """A heading cut into title and presenters."""

    title: str
    presenters: tuple[Person, ...]


def _separators(text: str) -> list[tuple[int, int]]:
    """(start, end) of every dash that may separate a title from its presenters."""
    found = []
    for match in re.finditer(r"\s*(?:--|[-–—])\s*", text):
        dash = match.group(0).strip()
        spaced_left = match.group(0)[:1].isspace()
        spaced_right = match.group(0)[-1:].isspace()
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if match.start() == 0 or match.end() >= len(text):
            continue
        if dash == "-" and not (spaced_left or spaced_right):
            continue  # a hyphenated word: Wilkinson-Brice, staff-side
        if not (spaced_left or spaced_right) and before.isdigit() and after.isdigit():
            continue  # a range such as 2023–24
        found.append((match.start(), match.end()))
    return found


def split_heading(
    text: str,
    line: int,
    messages: Messages,
    abbreviations: dict[str, str] | None = None,
) -> Split:
    """The title and presenters of an agenda heading; warns where it had to give up."""
    text = re.sub(r"\s+", " ", text).strip()
    presented = re.search(r"(?i)[\s,(–—-]*\bpresented by\b\s*:?\s*", text)
    if presented and presented.start() > 0:
        people = parse_people(text[presented.end() :].rstrip(") "), line, messages, abbreviations)
        if people:
            return Split(text[: presented.start()].strip(" -–—,("), people)
    candidates = _separators(text)
    for start, end in reversed(candidates):
        title, rest = text[:start].strip(), text[end:].strip()
        if not title:
            continue
        people = parse_people(rest, line, messages, abbreviations)
        if people:
            return Split(title, people)
    for start, end in candidates:
        people_text, title = text[:start].strip(), text[end:].strip()
        if title and "," in people_text and read_name(people_text.split(",", 1)[0]):
            people = parse_people(people_text, line, messages, abbreviations, strict=True)
            if people:
                return Split(title, people)
    bracket = re.match(r"^(?P<title>.+?)\s*\((?P<who>[^()]+)\)$", text)
    if bracket:
        people = parse_people(bracket.group("who"), line, messages, abbreviations, strict=True)
        if people:
            return Split(bracket.group("title"), people)
    if candidates and "," in text[candidates[-1][1] :]:
        messages.warn(
            line,
            f"could not tell the title from the presenters in '{text}'; kept it all as the "
            "title: add 'Presented by: Name (Organisation)' under the heading",
            "unread-presenters",
        )
    return Split(text, ())


def parse_people(
    text: str,
    line: int,
    messages: Messages,
    abbreviations: dict[str, str] | None = None,
    *,
    strict: bool = False,
) -> tuple[Person, ...]:
    """People in ``text``, or () when any part of it does not read as people."""
    text = text.strip().rstrip(".")
    if not text:
        return ()
    people: list[Person] = []
    for group in (g.strip() for g in text.split(";")):
        if not group:
            continue
        read = _parse_group(group)
        if read is None:
            return ()
        people.extend(read)
    if strict and not all(p.organisation or p.role for p in people):
        return ()
    return tuple(_finish(p, line, messages, abbreviations or {}) for p in people)


def _parse_group(text: str) -> list[Person] | None:
    chunks = _split_on_and(text)
    people: list[Person] = []
    waiting: list[Person] = []  # names whose organisation comes after the next name
    for chunk in chunks:
        parts = [p.strip() for p in _commas(chunk) if p.strip()]
        # "Ama Boateng, Li Wei, Carys Morgan, NHS Employers": the names come first.
        count = 1
        while count < len(parts) and _plain_name(parts[count]):
            count += 1
        names_texts, descriptors = parts[:count], parts[count:]
        names: list[Person] = []
        for name_text in (n for text in names_texts for n in re.split(r"\s*/\s*", text)):
            person = read_name(name_text)
            if person is None:
                return None
            names.append(person)
        if not descriptors:
            waiting.extend(names)
            continue
        role, organisation = classify_descriptors(descriptors)
        people.extend(replace(p, organisation=organisation) for p in waiting)
        waiting = []
        people.extend(
            replace(p, organisation=organisation, role=", ".join(x for x in (p.role, role) if x))
            for p in names
        )
    people.extend(waiting)
    return people


def _commas(text: str) -> list[str]:
    """Split at commas outside brackets: "NHS England (NHSE, London)" stays whole."""
    parts: list[str] = []
    depth = 0
    current = ""
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def _plain_name(text: str) -> bool:
    """A person's name and nothing else (no role before it)."""
    person = read_name(text)
    return person is not None and not person.role


def _split_on_and(text: str) -> list[str]:
    # Cut at "and" only where a person's name follows: "Women's and Children's NHS
    # Foundation Trust" and "Health and Secondary Care" stay whole.
    chunks: list[str] = []
    start = 0
    for match in _AND.finditer(text):
        following = re.split(r"\s*(?:,|/|;|\s(?:and|&)\s)\s*", text[match.end() :], maxsplit=1)[0]
        if read_name(following) is not None and text[start : match.start()].strip():
            chunks.append(text[start : match.start()])
            start = match.end()
    chunks.append(text[start:])
    return [c.strip() for c in chunks if c.strip()]


def read_name(text: str) -> Person | None:
    """A person's name, possibly with honorifics, post-nominals or a role before it."""
    words = text.strip().split()
    if not words:
        return None
    # Honorifics stay part of the name, as written; a role before the name is split off.
    lowered = text.strip().lower()
    prefix_len = 0
    for honorific in _HONORIFICS:
        if lowered.startswith(honorific + " "):
            prefix_len = len(honorific.split())
            break
    core = words[prefix_len:]
    while core and core[-1].lower().strip(",") in _POSTNOMINALS:
        core = core[:-1]
    role_words: list[str] = []
    if prefix_len == 0:
        while (
            core
            and (core[0][:1].islower() or core[0].lower() in _ROLE_WORDS)
            and (core[0].lower() not in _PARTICLES)
        ):
            role_words.append(core.pop(0))
    if not 2 <= len(core) <= 5:
        return None
    for index, word in enumerate(core):
        if word.lower() in _NOT_NAME:
            return None
        if index and word.lower() in _PARTICLES:
            continue
        if not _NAME_WORD.match(word) or (word.isupper() and len(word) > 1):
            return None
    if role_words:
        name = " ".join(words[len(role_words) :])
        return Person(name=name, role=" ".join(role_words))
    return Person(name=" ".join(words))


def is_role(text: str) -> bool:
    """A job title rather than an organisation: "head of health", "Minister of State",
    "Branch Secretary" (a job noun at the end)."""
    words = text.split()
    first = words[0] if words else ""
    if not first or (first.isupper() and len(first) > 1):
        return False
    return (
        first[:1].islower()
        or first.lower() in _ROLE_WORDS
        or words[-1].lower().strip(".,") in _ROLE_NOUNS
    )


def classify_descriptors(descriptors: list[str]) -> tuple[str, str]:
    """(role, organisation) from the parts after a name: "head of health, UNISON"."""
    if len(descriptors) == 1:
        only = descriptors[0]
        dashed = re.split(r"\s+[-–—]\s+|\s*[–—]\s*", only, maxsplit=1)
        if len(dashed) == 2 and is_role(dashed[0]) and not is_role(dashed[1]):
            return dashed[0].strip(), dashed[1].strip()
        if is_role(only):
            return only, ""
        return _organisation_then_role(only)
    if is_role(descriptors[-1]) and not is_role(descriptors[0]):
        return ", ".join(descriptors[1:]), descriptors[0]
    return ", ".join(descriptors[:-1]), descriptors[-1]


def _organisation_then_role(text: str) -> tuple[str, str]:
    """(role, organisation) of "NHS England (NHSE) chief workforce officer" or "GMB
    national officer": the role starts at the first lower-case job word."""
    bracket = re.match(r"^(?P<org>.+?)\s*\([A-Z][A-Za-z/]{1,9}\)\s+(?P<role>\S.*)$", text)
    if bracket and is_role(bracket.group("role")):
        # The bracket only defines the acronym (document_abbreviations reads it).
        return bracket.group("role"), bracket.group("org")
    words = text.split()
    for index, word in enumerate(words[1:], start=1):
        if word[:1].islower() and word.lower() in _ROLE_WORDS:
            return " ".join(words[index:]), " ".join(words[:index])
    return "", text


def _finish(person: Person, line: int, messages: Messages, abbreviations: dict[str, str]) -> Person:
    # Only the document's own expansions are used ("NHS England (NHSE)"): an acronym
    # it never spells out stays as written.
    organisation = person.organisation
    full = abbreviations.get(organisation)
    if full:
        messages.note(
            line,
            f"organisation '{organisation}' of {person.name} read as '{full}'",
            "organisation-abbreviation",
        )
        organisation = full
    if not organisation:
        messages.warn(
            line,
            f"presenter '{person.name}' has no organisation; add it in brackets after the name",
            "presenter-without-organisation",
        )
    return replace(person, organisation=organisation)


def document_abbreviations(texts: list[str]) -> dict[str, str]:
    """Abbreviations a document defines, "Liverpool University Hospitals NHS FT (LUHFT)"."""
    found: dict[str, str] = {}
    for text in texts:
        for match in re.finditer(r"\(([A-Z][A-Za-z]{1,9})\)", text):
            abbreviation = match.group(1)
            if abbreviation in found:
                continue
            words = re.findall(r"[\w'’&]+", text[: match.start()])
            expansion = _expansion(words, abbreviation)
            if expansion:
                found[abbreviation] = expansion
    return found


def _expansion(words: list[str], abbreviation: str) -> str:
    # Take capitalised words back from the bracket until their initials spell the
    # abbreviation (all-capital words such as NHS give all their letters).
    taken: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() or word.lower() in ("and", "of", "for", "the", "&")):
            break
        taken.insert(0, word)
        letters = "".join(w if w.isupper() else w[0] for w in taken if w[:1].isupper())
        if _subsequence(abbreviation.upper(), letters.upper()) and letters[:1] == abbreviation[0]:
            return " ".join(taken)
    return ""


def _subsequence(short: str, long: str) -> bool:
    position = 0
    for char in long:
        if position < len(short) and char == short[position]:
            position += 1
    return position == len(short)
