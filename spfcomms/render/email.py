"""The email bulletin: Jinja renders MJML, mjml-python turns it into HTML.

This is the only module that imports ``mjml``. ``render_email`` is pure and returns
every part of one issue's email (MJML, HTML, plain text, subject, size);
``render_emails`` adds ``email.html``, ``email.txt`` and ``email.eml`` per issue to
the build (the ``.eml`` from ``eml.py``). How big an email may be is a check
(``checks/sizes.py``), not a rendering concern. Any MJML failure becomes an
``MJMLError`` naming the template; an email with an empty body or empty text part is an
error, never a blank email.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from urllib.parse import quote

from mjml import mjml2html

from ..model.config import Config
from ..model.content import AnyItem, Issue
from ..model.exceptions import MJMLError
from ..output.writers import OutputTree
from . import Site
from .email_text import render_text
from .eml import RenderedEmail as RenderedEmail  # defined there; this was its first home
from .eml import build_message, message_bytes
from .mjml_check import MJMLStructureError, check_mjml
from .sanitize import xml_text
from .templating import render_template
from .utm import UtmTagger

logger = logging.getLogger(__name__)

TEMPLATE = "email/bulletin.mjml"
RTL_LANGUAGES = frozenset({"ar", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_LINK_OPEN = re.compile(r"<a ")
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL)
_TAGS = re.compile(r"<[^>]+>|<!--.*?-->", re.DOTALL)
PREHEADER_LENGTH = 140


def text_direction(language: str) -> str:
    """``rtl`` for right-to-left languages, else ``ltr``."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def subject_for(issue: Issue, config: Config) -> str:
    """The subject line: ``[email].subject_prefix`` and the issue title."""
    return f"{config.email.subject_prefix}{issue.title}"


def unsubscribe_link(config: Config) -> str:
    """The footer's unsubscribe address: the one-click URL, else a mailto."""
    email = config.email
    if email.unsubscribe_url:
        return email.unsubscribe_url
    address = email.unsubscribe_mailto or email.from_address
    if address.startswith("mailto:"):
        return address
    return f"mailto:{address}?subject={quote('unsubscribe')}"


def forward_link(subject: str, web_url: str) -> str:
    """A ``mailto:`` that opens a new message with the bulletin's subject and its web
    version's address, for the reader to send on (RFC 6068: no address, the reader
    chooses)."""
    return f"mailto:?subject={quote(subject, safe='')}&body={quote(web_url, safe='')}"


def footer_reason(config: Config) -> str:
    """Why the reader gets this email."""
    return config.email.footer_reason or (
        f"You receive this email because you subscribed to the {config.site.name} bulletin."
    )


def demote_headings(markup: str, top: int) -> str:
    """Shift headings in a body down so that none is above level ``top`` (h1 is never reused)."""

    def shift(match: re.Match[str]) -> str:
        level = min(6, max(int(match.group(2)), top))
        return f"<{match.group(1)}h{level}"

    return _HEADING.sub(shift, markup)


def style_links(markup: str, style: str) -> str:
    """Give every ``<a`` in a body an inline ``style`` (clients that drop <style> keep it)."""
    if not style:
        return markup
    return _LINK_OPEN.sub(f'<a style="{html_lib.escape(style)}" ', markup)


def preheader(issue: Issue) -> str:
    """The hidden preview line: the start of the intro, else the item titles."""
    text = " ".join(_TAGS.sub(" ", issue.intro.html).split())
    if not text:
        text = "; ".join(item.title for item in issue.items)
    if len(text) > PREHEADER_LENGTH:
        text = text[: PREHEADER_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return html_lib.unescape(text)


@dataclass(frozen=True, slots=True)
class MailingLinks:
    """Links a mailing tool fills in for each reader, written as its merge tags.

    ``unsubscribe`` replaces the footer's one static unsubscribe address (Mailchimp's
    ``*|UNSUB|*``, listmonk's ``{{ UnsubscribeURL }}``), so that the tool knows who is
    leaving; ``view_online``, when set, replaces the link to our web page with the
    tool's own hosted copy (``*|ARCHIVE|*``, ``{{ MessageURL }}``).
    """

    unsubscribe: str
    view_online: str | None = None


def render_email(issue: Issue, site: Site, *, links: MailingLinks | None = None) -> RenderedEmail:
    """Render one issue's email: MJML, HTML and plain text.

    ``links`` puts a mailing tool's merge tags in place of the unsubscribe and "view in
    browser" links (``spfcomms publish``); the build's own email keeps our addresses.
    Raises ``TemplateError`` for Jinja problems and ``MJMLError`` (naming the template)
    when the MJML is malformed, mjml-python refuses it, or the result is empty.
    """
    config = site.config
    tagger = UtmTagger.for_issue(config, issue.id)

    def item_url(item: AnyItem) -> str:
        return tagger.tag(config.url_for(item.path))

    issue_url = tagger.tag(config.url_for(issue.path))
    web_url = config.url_for(issue.path)
    # Forwarding sends our own web page: a tool's hosted copy is a merge tag, which a
    # mailto: would carry percent-encoded, where the tool no longer recognises it.
    forward_url = forward_link(subject_for(issue, config), issue_url)
    if links is not None and links.view_online:
        issue_url = web_url = links.view_online
    subject = subject_for(issue, config)
    unsubscribe = links.unsubscribe if links is not None else unsubscribe_link(config)
    mjml = render_template(
        site.env,
        TEMPLATE,
        issue=issue,
        subject=subject,
        preheader=preheader(issue),
        lang=config.site.language,
        dir=text_direction(config.site.language),
        logo_url=config.logo_url,
        issue_url=issue_url,
        forward_url=forward_url,
        follow=list(config.site.follow.items()),
        feed_url=config.url_for("feed.xml"),
        item_url=item_url,
        tag=tagger.tag,
        tag_html=tagger.tag_html,
        body_html=lambda markup, top, link_style="": style_links(
            tagger.tag_html(demote_headings(markup, top)), link_style
        ),
        reason=footer_reason(config),
        unsubscribe_url=unsubscribe,
    )
    # mjml-python refuses control characters, and no mail client wants them: drop the
    # code points XML forbids from both parts, as the feeds do.
    mjml = xml_text(mjml)
    html = mjml_to_html(mjml, template=TEMPLATE)
    text = xml_text(
        render_text(
            issue,
            site_name=config.site.name,
            issue_url=web_url,
            item_url=lambda item: config.url_for(item.path),
            tag=tagger.tag,
            reason=footer_reason(config),
            unsubscribe=unsubscribe,
            follow=[*config.site.follow.items(), ("RSS feed", config.url_for("feed.xml"))],
            banner=site.banner,
        )
    )
    if not text.strip():
        raise MJMLError(f"issue {issue.id}: the plain-text part is empty", template=TEMPLATE)
    return RenderedEmail(issue_id=issue.id, subject=subject, mjml=mjml, html=html, text=text)


def mjml_to_html(source: str, *, template: str) -> str:
    """Check and convert MJML; every failure is an ``MJMLError`` naming ``template``."""
    try:
        check_mjml(source)
    except MJMLStructureError as exc:
        # The line is in the rendered MJML (after includes), not in the template file,
        # so quote it rather than pretend it is a template line.
        lines = source.splitlines()
        near = lines[exc.line - 1].strip()[:80] if 0 < exc.line <= len(lines) else ""
        raise MJMLError(
            f"invalid MJML: {exc} (line {exc.line} of the rendered MJML: {near!r})",
            template=template,
        ) from exc
    try:
        # fonts={} keeps mrml from linking Google Fonts: we use system fonts only.
        html = str(mjml2html(source, fonts={}))
    except ValueError as exc:
        raise MJMLError(f"mjml-python refused the MJML: {exc}", template=template) from exc
    body = _BODY.search(html)
    if body is None or not _TAGS.sub("", body.group(1)).strip():
        raise MJMLError("the rendered email has an empty body", template=template)
    # End with a newline, as the MIME part (and any text file) does.
    return html if html.endswith("\n") else html + "\n"


def render_emails(site: Site, out: OutputTree) -> None:
    """Add ``email.html``, ``email.txt`` and ``email.eml`` for every issue to ``out``."""
    for issue in site.issues:
        email = render_email(issue, site)
        logger.info(
            "email %s: %.1f KB HTML (Gmail clips at %d KB), %.1f KB text",
            issue.id,
            email.size / 1024,
            site.config.email.size_error_kb,
            len(email.text.encode("utf-8")) / 1024,
        )
        out.add(f"{issue.path}email.html", email.html)
        out.add(f"{issue.path}email.txt", email.text)
        out.add(f"{issue.path}email.eml", message_bytes(build_message(email, issue, site.config)))
