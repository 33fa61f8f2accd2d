"""Content rules that look across items and issues. Pure: returns Problems, never raises.

Every rule runs, whatever the others found (no short-circuit), so the editor gets the
whole list in one run.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import urlsplit

from ..model.config import Config
from ..model.content import AnyItem, CaseStudy, Issue, Link, MeetingSummary, NewsItem
from ..model.exceptions import ContentError
from ..model.problems import Problem, Severity, SourceLocation, error, warning
from ..model.urls import is_safe_url, redact_url

VAGUE_LINK_TEXT = frozenset({"click here", "here", "read more", "more", "link", "this link"})
SUMMARY_MAX_LENGTH = 300

Rule = Callable[[list[Issue], Config], Iterable[Problem]]


def validate(issues: list[Issue], config: Config) -> list[Problem]:
    """Run every rule over the workspace and return all the problems found."""
    problems: list[Problem] = []
    for rule in RULES:
        problems.extend(rule(issues, config))
    return problems


def apply_severity(problems: Iterable[Problem], config: Config) -> list[Problem]:
    """Apply ``[checks].severity`` overrides; ``ignore`` drops a problem."""
    overrides = config.checks.severity
    result = []
    for problem in problems:
        level = overrides.get(problem.code)
        if level == "ignore":
            continue
        if level is not None:
            problem = Problem(problem.location, Severity(level), problem.message, problem.code)
        result.append(problem)
    return result


def fail_if_errors(problems: list[Problem], *, strict: bool = False) -> None:
    """Raise one ContentError listing everything when any problem is an error.

    In strict mode warnings count as errors, as with ``mkdocs build --strict``.
    """
    if any(p.is_error or (strict and p.severity is Severity.WARNING) for p in problems):
        raise ContentError(problems)


def _all_items(issues: list[Issue]) -> Iterator[AnyItem]:
    for issue in issues:
        yield from issue.items


def unique_ids(issues: list[Issue], config: Config) -> Iterator[Problem]:
    """Ids and slugs are unique across the whole archive (ids are feed GUIDs)."""
    for attribute in ("id", "slug"):
        seen: dict[str, list[AnyItem]] = defaultdict(list)
        for item in _all_items(issues):
            value = getattr(item, attribute)
            if value:
                seen[value].append(item)
        for value, items in sorted(seen.items()):
            for duplicate in items[1:]:
                if attribute == "slug" and duplicate.id == items[0].id:
                    continue  # the same clash as the ids': one problem is enough
                yield error(
                    _field_location(duplicate, attribute),
                    f"{attribute} '{value}' is already used by "
                    f"{_relative(_field_location(items[0], attribute), config)}; "
                    f"give this item its own {attribute}",
                    f"duplicate-{attribute}",
                )


def _relative(location: SourceLocation, config: Config) -> SourceLocation:
    # Messages name other files relative to the workspace, as the editor sees them.
    return location.relative_to(config.root)


def _field_location(item: AnyItem, attribute: str) -> SourceLocation:
    # A slug that is not written defaults to the id, so point at the id then.
    written = {name for name, _ in item.field_lines}
    return item.at(attribute if attribute in written else "id")


def unique_numbers(issues: list[Issue], config: Config) -> Iterator[Problem]:
    """Issue numbers are positive, and no two issues share one."""
    first: dict[int, Issue] = {}
    for issue in issues:
        if issue.number < 1:
            yield error(
                issue.source,
                f"issue number {issue.number} must be 1 or more",
                "bad-number",
            )
            continue
        if issue.number in first:
            yield error(
                issue.source,
                f"issue number {issue.number} is already used by {first[issue.number].id}",
                "duplicate-number",
            )
        first.setdefault(issue.number, issue)


def dates_in_month(issues: list[Issue], config: Config) -> Iterator[Problem]:
    """An issue and its items are dated inside the issue's month."""
    for issue in issues:
        if issue.date.strftime("%Y-%m") != issue.id:
            yield error(
                issue.source,
                f"issue date {issue.date} is not in {issue.id}; fix the date or rename the folder",
                "date-outside-issue",
            )
        for item in issue.items:
            if item.date.strftime("%Y-%m") != issue.id:
                yield error(
                    item.at("date"),
                    f"date {item.date} is outside the issue's month {issue.id}; date it in "
                    f"{issue.id} or move the item to the issue of its month",
                    "date-outside-issue",
                )
            if item.updated is not None and item.updated < item.date:
                yield error(
                    item.source,
                    f"updated {item.updated} is before the item's date {item.date}",
                    "updated-before-date",
                )


def required_text(issues: list[Issue], config: Config) -> Iterator[Problem]:
    """Issues have items; items have bodies, agendas and sections with text."""
    for issue in issues:
        if not issue.items and not issue.item_names:
            # Items that are listed but could not be read have problems of their own.
            yield error(issue.source, "the issue has no items", "empty-issue")
        for item in issue.items:
            yield from _empty_parts(item)
            if len(item.summary) > SUMMARY_MAX_LENGTH:
                yield warning(
                    item.at("summary"),
                    f"summary is {len(item.summary)} characters; keep it under "
                    f"{SUMMARY_MAX_LENGTH} so it fits feeds and previews",
                    "long-summary",
                )


def _empty_parts(item: AnyItem) -> Iterator[Problem]:
    if isinstance(item, MeetingSummary):
        if not item.agenda:
            yield error(
                item.source, "the meeting summary has no '## ' agenda items", "empty-section"
            )
        for agenda_item in item.all_agenda_items():
            if agenda_item.body.is_empty and not agenda_item.subitems:
                yield error(
                    agenda_item.source,
                    f"agenda item '{agenda_item.title}' has no text",
                    "empty-section",
                )
    elif isinstance(item, CaseStudy):
        for section in item.sections:
            if section.body.is_empty:
                yield error(
                    section.source, f"section '{section.title}' has no text", "empty-section"
                )
        if not item.sections and item.body.is_empty:
            yield error(item.source, "the case study has no text", "empty-section")
    elif isinstance(item, NewsItem) and item.body.is_empty:
        yield error(item.source, "the news item has no text", "empty-section")


def _item_links(item: AnyItem) -> Iterator[Link]:
    yield from item.links
    if isinstance(item, NewsItem) and item.link:
        yield Link(item.link, item.title, item.at("link"))
    if isinstance(item, CaseStudy):
        for contact in item.contacts:
            if contact.email:
                yield Link(f"mailto:{contact.email}", contact.name, item.source)


def links(issues: list[Issue], config: Config) -> Iterator[Problem]:
    """No placeholder, unsafe, relative or vaguely-worded links; images have alt text."""
    for issue in issues:
        for link in issue.intro.links:
            yield from _check_link(link)
        images = list(issue.intro.images)
        for item in issue.items:
            for link in _item_links(item):
                yield from _check_link(link)
            images.extend(item.body.images)
        for image in images:
            yield from _check_image(image)


def _check_image(image: Link) -> Iterator[Problem]:
    if not image.text:
        yield error(
            image.source,
            f"image {image.url} has no alt text; describe it: ![what it shows]({image.url})",
            "missing-alt",
        )
    if not is_safe_url(image.url) or not image.url.strip():
        yield error(
            image.source,
            f"image address '{image.url[:40]}' is not an http(s) URL",
            "unsafe-link",
        )
    yield from _check_login(image)


def _check_login(link: Link) -> Iterator[Problem]:
    # Everything published is read by everyone: a login in a link would be too.
    try:
        netloc = urlsplit(link.url.strip()).netloc
    except ValueError:  # malformed: reported as such by _check_link
        return
    if "@" in netloc:
        yield error(
            link.source,
            f"'{link.text}' links to {redact_url(link.url.strip())} with a user name or "
            "password in the address; remove it (readers log in themselves)",
            "link-credentials",
        )


def _check_link(link: Link) -> Iterator[Problem]:
    url = link.url.strip()
    if url in ("", "#"):
        yield error(
            link.source,
            f"placeholder link '{link.text}' ({url or 'empty'}): replace it with the real URL",
            "placeholder-link",
        )
        return
    if not is_safe_url(url):
        yield error(
            link.source,
            f"link '{link.text}' uses an unsafe scheme ({url[:40]}); use an https:// address",
            "unsafe-link",
        )
        return
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises ValueError for a port out of range or not a number)
    except ValueError as exc:
        yield error(
            link.source,
            f"link '{link.text}' ({url[:80]}) is not a valid address ({exc}); correct it",
            "malformed-link",
        )
        return
    yield from _check_login(link)
    if not parts.scheme and not url.startswith("#"):
        yield error(
            link.source,
            f"link '{link.text}' ({url}) is relative; "
            "emails and feeds need an absolute https:// URL",
            "relative-link",
        )
    elif parts.scheme == "http":
        yield warning(
            link.source, f"link '{link.text}' uses http://; prefer https://", "insecure-link"
        )
    if link.text.strip().lower().rstrip(".") in VAGUE_LINK_TEXT:
        yield warning(
            link.source,
            f"link text '{link.text}' makes no sense out of context; say where it goes",
            "vague-link-text",
        )


def subject_length(issues: list[Issue], config: Config) -> Iterator[Problem]:
    """Email subjects (the issue title plus prefix) fit a phone's inbox."""
    limit = config.email.subject_max_length
    for issue in issues:
        subject = f"{config.email.subject_prefix}{issue.title}"
        if len(subject) > limit:
            yield warning(
                issue.source,
                f"subject line is {len(subject)} characters; keep it under {limit}",
                "long-subject",
            )


def known_topics(issues: list[Issue], config: Config) -> Iterator[Problem]:
    """Every tag has a name in ``[topics]``, once the workspace names its topics."""
    topics = config.topics
    if not topics.configured:
        return
    for item in _all_items(issues):
        places = [(tag, item.at("tags")) for tag in item.tags]
        if isinstance(item, MeetingSummary):
            places += [
                (tag, agenda.tags_source or agenda.source)
                for agenda in item.all_agenda_items()
                for tag in agenda.tags
            ]
        for tag, where in places:
            if topics.find(tag) is None:
                yield warning(where, _unknown_topic(tag, config), "unknown-topic")


def _unknown_topic(tag: str, config: Config) -> str:
    known = [topic.tag for topic in config.topics.known]
    close = difflib.get_close_matches(tag, known, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"tag '{tag}' has no name in [topics] of spfcomms.toml; {hint}"
        f"add it there, with the name readers see, or use a known tag ({', '.join(known)})"
    )


RULES: tuple[Rule, ...] = (
    unique_ids,
    unique_numbers,
    dates_in_month,
    required_text,
    links,
    subject_length,
    known_topics,
)
