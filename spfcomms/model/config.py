"""Reading ``spfcomms.toml`` into frozen, typed settings.

Every section is a frozen dataclass; its fields, types and defaults *are* the schema.
``load_config`` checks every key of every section and reports all the problems of a
file together, naming each key (``[email].smtp_port: expected an integer, got 'abc'``).
Unknown keys are errors, so a typo never goes unnoticed. Secrets never live in the file:
the file names the environment variables that hold them.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
import types
import typing
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from .exceptions import ConfigError
from .targets import FINDING_RULES, MEASURES, parse_measure, parse_target
from .text import line_break_in
from .topics import Topics, tag_slug
from .urls import has_credentials, redact_url

CONFIG_FILE_NAME = "spfcomms.toml"
DEFAULT_PREFER = ("mailchimp-api", "mailchimp", "klaviyo", "ga4", "matomo", "access-log")
"""Sources in order of preference: the mailing tool's API over its CSV exports, web
analytics over access logs."""
DATABASE_URL_ENV = "SPFCOMMS_DATABASE_URL"
PREVIEW_PORT = 8000
"""The port ``spfcomms serve`` listens on (on 127.0.0.1) unless told another."""

# Keys that look like credentials are refused outright, whatever the section.
_SECRET_WORDS = ("password", "passwd", "secret", "token", "api_key", "apikey")


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Who publishes, and where the web output lives."""

    name: str = "Social Partnership Forum"
    """The publisher's name, shown in headers, feeds and the email From name."""
    short_name: str = ""
    """A short form of the name (``SPF``), used where space is tight."""
    base_url: str = "https://example.org/bulletin/"
    """Absolute URL where ``_build/`` is published; permalinks and feed links start here."""
    language: str = "en-GB"
    """BCP 47 language tag of the content."""
    timezone: str = "Europe/London"
    """IANA time zone in which content dates are read."""
    description: str = ""
    """One sentence describing the bulletin (feeds, archive page)."""
    logo_url: str = ""
    """Absolute URL of a logo image hosted elsewhere (feeds, email masthead, sharing
    cards); empty for none. ``logo`` is the other way to give one."""
    logo: str = ""
    """A logo image in the workspace (PNG, JPEG or GIF: mail clients show no SVG),
    relative to the folder of spfcomms.toml, such as ``templates/assets/logo.png``. It
    is published as ``assets/<file name>`` and used wherever ``logo_url`` would be."""
    tagline: str = ""
    """One line under the name in the email and page mastheads; empty for none."""
    contact: str = ""
    """Whom partner sites write to about the feeds and snippets (an email address or
    an https URL); empty means ``[email].reply_to``, else ``[email].from_address``."""
    follow: dict[str, str] = field(default_factory=dict)
    """Where else readers can follow the forum, label -> https URL, in the order
    written: ``{ "Forum website" = "https://example.org/" }``. Shown in the email's
    footer with the feeds."""

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True, slots=True)
class BuildConfig:
    """Where things are, relative to the folder holding spfcomms.toml."""

    issues_dir: str = "issues"
    templates_dir: str = "templates"
    output_dir: str = "_build"
    preview_dir: str = "_preview"
    """Where ``build --drafts`` and ``serve`` write the preview that shows drafts."""
    allow_outside_symlinks: bool = False
    """Read files under issues/ and templates/ that are symbolic links to places outside
    the workspace. Off: such a link is an error, so nothing from elsewhere on the
    computer is published by accident."""


@dataclass(frozen=True, slots=True)
class EmailConfig:
    """The email bulletin and the SMTP test send."""

    from_address: str = "bulletin@example.org"
    from_name: str = ""
    """Display name in From; empty means ``[site].name``."""
    to_address: str = ""
    """The list's address, shown in the To header of ``email.eml``; empty for a placeholder."""
    reply_to: str = ""
    list_id: str = ""
    """``List-Id`` header value, for example ``SPF bulletin <bulletin.example.org>``."""
    unsubscribe_url: str = ""
    """One-click (RFC 8058) unsubscribe URL; the footer links to it too."""
    unsubscribe_mailto: str = ""
    footer_reason: str = ""
    """The footer's "why you get this" sentence; empty for a default naming the site."""
    subject_prefix: str = ""
    subject_max_length: int = 78
    """Subjects longer than this are reported (phones show about 40-60 characters)."""
    size_warning_kb: int = 90
    size_error_kb: int = 102
    """Gmail clips HTML bodies over 102 KB, hiding the footer and unsubscribe link."""
    smtp_host: str = "localhost"
    smtp_port: int = 25
    smtp_security: str = "starttls"
    """``none``, ``starttls`` or ``ssl``."""
    smtp_user_env: str = "SPFCOMMS_SMTP_USER"
    smtp_password_env: str = "SPFCOMMS_SMTP_PASSWORD"
    smtp_timeout: float = 30.0
    max_test_recipients: int = 5


@dataclass(frozen=True, slots=True)
class UtmConfig:
    """Campaign tags added to links that point at our own site."""

    enabled: bool = True
    source: str = "spf-bulletin"
    medium: str = "email"
    campaign: str = "{issue}"
    """``{issue}`` is replaced by the issue id."""
    domains: tuple[str, ...] = ()
    """Hosts counted as "our own site"; empty means the host of ``site.base_url``."""
    feed_source: str = "feed"
    """``utm_source`` of our links in feeds (the feed entry link and links in its content)."""
    feed_medium: str = "feed"
    """``utm_medium`` of our links in feeds; empty leaves feed links untagged."""
    snippet_source: str = "partner-site"
    """``utm_source`` of our links in the shared snippets (a partner's own set says its name)."""
    snippet_medium: str = "snippet"
    """``utm_medium`` of our links in snippets; empty leaves snippet links untagged."""
    untagged_partners: tuple[str, ...] = ()
    """Partners (names from ``[snippets].partners``) whose snippets carry no UTM tags."""


@dataclass(frozen=True, slots=True)
class FeedConfig:
    """RSS, Atom and JSON Feed output."""

    limit: int = 50
    ttl: int = 1440
    """Minutes a reader may cache the RSS feed (the bulletin is monthly)."""
    image_url: str = ""
    """Absolute URL of the feed image; empty means ``[site].logo_url``."""
    author_name: str = ""
    """The feeds' author; empty means ``[site].name``."""
    author_email: str = ""
    per_kind: bool = True
    """Also publish one set of feeds per content kind under ``feeds/<kind>/``."""
    per_tag: bool = True
    """Also publish one set of feeds per tag under ``feeds/tags/<tag>/``."""
    guid_authority: str = ""
    """Authority part of the ``tag:`` GUIDs; empty means the host of ``[site].base_url``.

    Set it to the old host before moving the site to a new domain, so that no GUID
    changes and no reader sees every item again as new."""


@dataclass(frozen=True, slots=True)
class SnippetsConfig:
    """HTML fragments that partner sites embed."""

    enabled: bool = True
    latest: int = 5
    """How many items the list snippets (latest, per kind, per tag) show."""
    per_kind: bool = True
    per_tag: bool = True
    show_summary: bool = True
    """Show each item's summary in cards and lists."""
    partners: tuple[str, ...] = ()
    """Partners that get their own copy of the list snippets under
    ``snippets/partners/<name>/``, whose links say ``utm_source=<name>``."""


@dataclass(frozen=True, slots=True)
class MetricsConfig:
    """The reach-metrics store."""

    database_url: str = ""
    """SQLAlchemy URL; empty means an SQLite file in the workspace.

    The environment variable ``SPFCOMMS_DATABASE_URL`` wins over this setting."""
    sqlite_path: str = ".spfcomms/metrics.sqlite"
    hash_key_env: str = "SPFCOMMS_HASH_KEY"
    """Environment variable with the key used to hash IP addresses for unique counts."""
    column_map: dict[str, str] = field(default_factory=dict)
    """For ``--format mapped-csv``: the export's column names mapped to report fields,
    for example ``{ "Sent" = "emails_sent", "Opened" = "unique_opens" }``."""
    column_map_source: str = "mapped"
    """The source name stored with figures read through ``column_map``."""
    prefer: tuple[str, ...] = DEFAULT_PREFER
    """Which source a summary takes when several measured the same thing, best first.
    Sources not listed come after the listed ones; between equals, the newer import wins."""
    partners: dict[str, str] = field(default_factory=dict)
    """Partner sites: a host name (``example-trust.nhs.uk``) or an IP range
    (``192.0.2.0/24``) mapped to the partner's name, for pickups in access logs."""
    mailchimp_api_key_env: str = "SPFCOMMS_MAILCHIMP_API_KEY"
    """Old name of ``[mailchimp].api_key_env`` (one account for publish and pull);
    a value set here is used there."""
    mailchimp_api_url: str = ""
    """Old name of ``[mailchimp].api_url``; a value set here is used there."""
    mailchimp_timezone: str = ""
    """Time zone of the Mailchimp account, in which its CSV exports write dates;
    empty means ``[site].timezone``."""


@dataclass(frozen=True, slots=True)
class LinkcheckConfig:
    """Checking links over HTTP before publishing."""

    timeout: float = 10.0
    workers: int = 16
    per_host: int = 4
    retries: int = 1
    cache_hours: float = 24.0
    cache_path: str = ".spfcomms/linkcheck.sqlite"
    user_agent: str = "spfcomms-linkcheck/0.1 (+https://example.org/bulletin/)"
    ignore: tuple[str, ...] = ()
    """Regular expressions of URLs never to check."""
    max_retry_after: float = 60.0
    """Longest total wait, in seconds, for one URL answering 429 with ``Retry-After``."""


@dataclass(frozen=True, slots=True)
class ChecksConfig:
    """Severity per check code: ``{ "redirect" = "warning", "todo" = "error" }``."""

    severity: dict[str, str] = field(default_factory=dict)
    feed_size_warning_kb: int = 512
    """Feeds larger than this are reported: many readers and aggregators refuse big feeds."""


@dataclass(frozen=True, slots=True)
class ObjectiveConfig:
    """One objective of the communications audit: ``[[audit.objectives]]``."""

    text: str = ""
    """What the forum wants, in words (``Readers act on the bulletin``)."""
    measure: str = ""
    """The figure that shows it: ``email.click_rate``, ``feed.subscribers``,
    ``podcast.listens`` (see docs/audit.md for the list)."""
    target: str = ""
    """``>= 8%``, ``+25% a year``, ``100%``, ``>= baseline`` ..."""
    baseline: str = ""
    """A figure kept by hand from ``[audit].baseline_sources`` to compare with
    (``web.page_views``, ``social.new_followers:twitter``); empty for none."""
    owner: str = ""
    """Who acts when the target is missed; empty means ``[audit].owner``."""


@dataclass(frozen=True, slots=True)
class AuditConfig:
    """The communications audit (``spfcomms audit``): objectives, baselines, owners."""

    months: int = 12
    """How many months the audit covers when ``--from`` is not given."""
    owner: str = "SPF programme manager"
    """The role that owns a finding unless ``owners`` names another for its rule."""
    owners: dict[str, str] = field(default_factory=dict)
    """A finding's rule mapped to the role that owns it, such as
    ``{ kind-clicked-more = "bulletin editor" }``."""
    review_months: int = 3
    """A finding is to be reviewed by the end of this many months after the period."""
    baseline_sources: tuple[str, ...] = ()
    """The ``source`` of the figures kept by hand that are baselines (``NSPF stocktake
    2019``): shown as yardsticks, never as figures of the period."""
    objectives: tuple[ObjectiveConfig, ...] = ()


@dataclass(frozen=True, slots=True)
class PublishConfig:
    """``spfcomms publish``: handing an issue's email to the mailing tool."""

    view_in_browser: str = "ours"
    """The email's "view in browser" link: ``ours`` (the issue's web page) or ``tool``
    (the mailing tool's hosted copy: ``*|ARCHIVE|*``, ``{{ MessageURL }}``)."""
    timeout: float = 30.0
    """Seconds to wait for each answer of the tool's API."""
    attempts: int = 5
    """Tries per request when the tool answers 429 or 5xx, or drops the connection."""
    max_retry_after: float = 120.0
    """Longest single wait, in seconds, that a 429's ``Retry-After`` may ask for."""


@dataclass(frozen=True, slots=True)
class MailchimpConfig:
    """A Mailchimp account (Marketing API 3.0). The key is in an environment variable."""

    api_key_env: str = "SPFCOMMS_MAILCHIMP_API_KEY"
    """The environment variable holding the API key (``...-us21``)."""
    api_url: str = ""
    """The API's address; empty means the data centre named at the end of the key."""
    audience_id: str = ""
    """The audience (list) the campaigns go to: ``recipients.list_id``."""


@dataclass(frozen=True, slots=True)
class ListmonkConfig:
    """A listmonk server. The API user's token is in an environment variable."""

    url: str = ""
    """The server's address, such as ``https://lists.example.org``."""
    api_user: str = ""
    """The API user's name (Admin > Users); its token is in ``token_env``."""
    token_env: str = "SPFCOMMS_LISTMONK_TOKEN"
    list_ids: tuple[int, ...] = ()
    """The lists the campaigns go to."""
    template_id: int = 0
    """The campaign template; 0 for listmonk's default. A template holding only
    ``{{ template "content" . }}`` adds nothing around the bulletin."""


@dataclass(frozen=True, slots=True)
class Config:
    """Everything read from spfcomms.toml, with paths resolved against ``root``."""

    root: Path
    site: SiteConfig = field(default_factory=SiteConfig)
    build: BuildConfig = field(default_factory=BuildConfig)
    email: EmailConfig = field(default_factory=EmailConfig)
    utm: UtmConfig = field(default_factory=UtmConfig)
    feed: FeedConfig = field(default_factory=FeedConfig)
    snippets: SnippetsConfig = field(default_factory=SnippetsConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    linkcheck: LinkcheckConfig = field(default_factory=LinkcheckConfig)
    checks: ChecksConfig = field(default_factory=ChecksConfig)
    audit: AuditConfig = field(default_factory=AuditConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    mailchimp: MailchimpConfig = field(default_factory=MailchimpConfig)
    listmonk: ListmonkConfig = field(default_factory=ListmonkConfig)
    topics: Topics = field(default_factory=Topics)
    """``[topics]``: each tag's name and description."""
    source: Path | None = None

    @property
    def issues_dir(self) -> Path:
        return self.root / self.build.issues_dir

    @property
    def templates_dir(self) -> Path:
        return self.root / self.build.templates_dir

    @property
    def output_dir(self) -> Path:
        return self.root / self.build.output_dir

    @property
    def preview_dir(self) -> Path:
        return self.root / self.build.preview_dir

    @property
    def metrics_sqlite_path(self) -> Path:
        """Where the metrics store's SQLite file lives, when the store is SQLite."""
        return self._in_root(self.metrics.sqlite_path)

    @property
    def link_cache_path(self) -> Path:
        """The link-check cache (an SQLite file)."""
        return self._in_root(self.linkcheck.cache_path)

    @property
    def content_roots(self) -> tuple[Path, ...]:
        """Where files under issues/ and templates/ may really live, unless
        ``[build].allow_outside_symlinks`` lets them live anywhere."""
        return (self.root, self.issues_dir, self.templates_dir)

    @property
    def symlink_roots(self) -> tuple[Path, ...] | None:
        """``content_roots``, or None when ``[build].allow_outside_symlinks`` lets links
        lead anywhere (the ``roots`` of ``model.paths``)."""
        return None if self.build.allow_outside_symlinks else self.content_roots

    def _in_root(self, setting: str) -> Path:
        path = Path(setting)
        return path if path.is_absolute() else self.root / path

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.site.timezone)

    def url_for(self, path: str = "") -> str:
        """The absolute URL of a path relative to the site root."""
        return self.site.base_url.rstrip("/") + "/" + path.lstrip("/")

    @property
    def logo_file(self) -> Path | None:
        """The workspace's logo image (``[site].logo``), or None."""
        return self.root / self.site.logo if self.site.logo else None

    @property
    def logo_asset(self) -> str:
        """Where the build publishes ``[site].logo``, relative to the site root; "" for none."""
        return f"assets/{PurePosixPath(self.site.logo).name}" if self.site.logo else ""

    @property
    def logo_url(self) -> str:
        """The absolute URL of the logo (``[site].logo`` published, or ``logo_url``)."""
        return self.url_for(self.logo_asset) if self.site.logo else self.site.logo_url

    @property
    def contact(self) -> str:
        """The partners' contact: ``[site].contact``, the reply-to or the sender address."""
        return self.site.contact or self.email.reply_to or self.email.from_address

    def with_output_dir(self, output_dir: Path) -> Config:
        """A copy writing to another output folder (absolute, or relative to root)."""
        return replace(self, build=replace(self.build, output_dir=str(output_dir)))

    def with_preview_dir(self, preview_dir: Path) -> Config:
        """A copy writing its preview to another folder (absolute, or relative to root)."""
        return replace(self, build=replace(self.build, preview_dir=str(preview_dir)))


_SECTIONS: dict[str, type[Any]] = {
    "site": SiteConfig,
    "build": BuildConfig,
    "email": EmailConfig,
    "utm": UtmConfig,
    "feed": FeedConfig,
    "snippets": SnippetsConfig,
    "metrics": MetricsConfig,
    "linkcheck": LinkcheckConfig,
    "checks": ChecksConfig,
    "audit": AuditConfig,
    "publish": PublishConfig,
    "mailchimp": MailchimpConfig,
    "listmonk": ListmonkConfig,
}


def find_config(start: Path) -> Path | None:
    """spfcomms.toml in ``start`` or the nearest parent folder that has one."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE_NAME
        if candidate.is_file():
            return candidate
    return None


def load_config(path: Path | str | None = None) -> Config:
    """Read a workspace's settings.

    ``path`` is spfcomms.toml or the folder that holds it; ``None`` searches from the
    current folder upwards. A folder without spfcomms.toml gets the defaults, rooted
    there. Every problem in the file is collected into one ``ConfigError``.
    """
    if path is None:
        found = find_config(Path.cwd())
        if found is None:
            return Config(root=Path.cwd())
        path = found
    path = Path(path)
    if path.is_dir():
        candidate = path / CONFIG_FILE_NAME
        if not candidate.is_file():
            return Config(root=path.resolve())
        path = candidate
    try:
        # utf-8-sig: a byte order mark from a Windows editor is not a TOML error.
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError([f"{path}: no such file; run spfcomms in a workspace folder"]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([f"{path}: not UTF-8 text ({exc.reason})"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([f"{path}: invalid TOML: {exc}"]) from None
    try:
        return config_from_mapping(raw, root=path.parent.resolve(), source=path)
    except ConfigError as exc:
        text = path.read_text(encoding="utf-8-sig")
        raise ConfigError([_with_line(message, path, text) for message in exc.messages]) from None


_SETTING = re.compile(
    r"\[(?P<section>[a-z_]+)\]\.(?P<key>[A-Za-z0-9_-]+)(\[(?P<entry>\d+)\]\.(?P<inner>[a-z_]+))?"
)


def _with_line(message: str, path: Path, text: str) -> str:
    """``file: [email].x: ...`` as ``file:LINE: [email].x: ...`` when the key is found
    (``[audit].objectives[2].target``: the key in the second ``[[audit.objectives]]``)."""
    prefix = f"{path}: "
    match = _SETTING.match(message, len(prefix)) if message.startswith(prefix) else None
    if match is None:
        return message
    if match["entry"]:
        return _entry_line(message, path, text, match)
    section = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped.strip("[] \t").split("]")[0].strip()
        elif section == match["section"] and re.match(
            rf"{re.escape(match['key'])}\s*[=.]", stripped
        ):
            return f"{path}:{number}: {message[len(prefix) :]}"
    return message


def _entry_line(message: str, path: Path, text: str, match: re.Match[str]) -> str:
    header = f"[[{match['section']}.{match['key']}]]"
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("["):
            seen += stripped.replace(" ", "") == header
            continue
        if seen == int(match["entry"]) and re.match(rf"{match['inner']}\s*=", stripped):
            return f"{path}:{number}: {message[len(str(path)) + 2 :]}"
    return message


def config_from_mapping(raw: dict[str, Any], *, root: Path, source: Path | None = None) -> Config:
    """Build a Config from parsed TOML, reporting every bad key at once."""
    where = f"{source}: " if source else ""
    errors: list[str] = []
    sections: dict[str, Any] = {}
    for name, value in raw.items():
        if name == "topics" and isinstance(value, dict):
            sections[name] = _topics(value, errors, where)
            continue
        section_type = _SECTIONS.get(name)
        if section_type is None:
            known = ", ".join(f"[{s}]" for s in [*_SECTIONS, "topics"])
            errors.append(f"{where}unknown section or key '{name}' (known sections: {known})")
            continue
        if not isinstance(value, dict):
            errors.append(f"{where}'{name}' must be a table: write it as [{name}]")
            continue
        sections[name] = _build_section(name, section_type, value, errors, where)
    config = Config(root=root, source=source, **{k: v for k, v in sections.items() if v})
    config = _one_mailchimp_account(config, raw, errors, where)
    errors.extend(f"{where}{message}" for message in _check_values(config))
    if errors:
        raise ConfigError(errors)
    return config


_TOPIC_KEYS = ("name", "description")


def _topics(table: dict[str, Any], errors: list[str], where: str) -> Topics:
    """``[topics]``: ``tag = "Name"`` or ``tag = { name = "...", description = "..." }``."""
    found: dict[str, tuple[str, str]] = {}
    slugs: dict[str, str] = {}
    for tag, value in table.items():
        label = f"[topics].{tag}"
        if isinstance(value, str):
            value = {"name": value}
        if not isinstance(value, dict):
            errors.append(
                f"{where}{label}: expected a name or a table, such as {tag} = "
                '{ name = "...", description = "..." }'
            )
            continue
        unknown = sorted(set(value) - set(_TOPIC_KEYS))
        if unknown:
            errors.append(
                f"{where}{label}: unknown key {', '.join(unknown)} (known keys: name, description)"
            )
        name, description = value.get("name", ""), value.get("description", "")
        if not isinstance(name, str) or not name.strip():
            errors.append(f"{where}{label}.name: give the topic the name readers see")
            continue
        if not isinstance(description, str):
            errors.append(f"{where}{label}.description: expected a string, got {description!r}")
            continue
        slug = tag_slug(tag)
        if slug in slugs:
            errors.append(
                f"{where}{label}: the same topic as [topics].{slugs[slug]} "
                "(tags that differ only in case or accents are one topic)"
            )
            continue
        slugs[slug] = tag
        found[tag] = (" ".join(name.split()), " ".join(description.split()))
    return Topics.from_mapping(found)


_OLD_MAILCHIMP_KEYS = {"mailchimp_api_key_env": "api_key_env", "mailchimp_api_url": "api_url"}


def _one_mailchimp_account(
    config: Config, raw: dict[str, Any], errors: list[str], where: str
) -> Config:
    """``[metrics].mailchimp_api_key_env``/``_url`` (their first home) set ``[mailchimp]``.

    Publishing and the metrics pull use one account; setting it in both places, to
    different values, is an error.
    """
    old_table, new_table = raw.get("metrics"), raw.get("mailchimp")
    old: dict[str, Any] = old_table if isinstance(old_table, dict) else {}
    new: dict[str, Any] = new_table if isinstance(new_table, dict) else {}
    moved: dict[str, Any] = {}
    for old_key, new_key in _OLD_MAILCHIMP_KEYS.items():
        if old_key not in old:
            continue
        value = getattr(config.metrics, old_key)
        if new_key in new and new[new_key] != value:
            errors.append(
                f"{where}[metrics].{old_key} and [mailchimp].{new_key} differ; set it once, "
                f"as [mailchimp].{new_key}"
            )
            continue
        moved[new_key] = value
    return replace(config, mailchimp=replace(config.mailchimp, **moved)) if moved else config


def _build_section(
    name: str, section_type: type[Any], values: dict[str, Any], errors: list[str], where: str
) -> Any:
    hints = typing.get_type_hints(section_type)
    known = {f.name: f for f in fields(section_type)}
    kwargs: dict[str, Any] = {}
    for key, value in values.items():
        label = f"[{name}].{key}"
        if any(word in key.lower() for word in _SECRET_WORDS) and not key.endswith("_env"):
            errors.append(
                f"{where}{label}: credentials must not be stored in spfcomms.toml; "
                "put them in an environment variable instead"
            )
            continue
        if key not in known:
            errors.append(f"{where}{label}: unknown key (known keys: {', '.join(sorted(known))})")
            continue
        if hints[key] == tuple[ObjectiveConfig, ...]:
            kwargs[key] = _objectives(value, label, errors, where)
            continue
        try:
            kwargs[key] = _coerce(value, hints[key])
        except (TypeError, ValueError) as exc:
            errors.append(f"{where}{label}: {exc}")
    try:
        return section_type(**kwargs)
    except TypeError as exc:  # pragma: no cover - every field has a default
        errors.append(f"{where}[{name}]: {exc}")
        return None


def _objectives(
    value: Any, label: str, errors: list[str], where: str
) -> tuple[ObjectiveConfig, ...]:
    """``[[audit.objectives]]`` tables, every problem of every one reported."""
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.append(f"{where}{label}: expected tables: write each as [[audit.objectives]]")
        return ()
    known = {f.name for f in fields(ObjectiveConfig)}
    found: list[ObjectiveConfig] = []
    for number, entry in enumerate(value, start=1):
        here = f"{where}{label}[{number}]"
        bad = False
        for key in sorted(set(entry) - known):
            errors.append(f"{here}.{key}: unknown key (known keys: {', '.join(sorted(known))})")
            bad = True
        for key in sorted(set(entry) & known):
            if not isinstance(entry[key], str):
                errors.append(f"{here}.{key}: expected a string, got {entry[key]!r}")
                bad = True
        for key in ("text", "measure", "target"):
            if not str(entry.get(key, "")).strip():
                errors.append(f"{here}.{key}: missing; every objective has text, measure, target")
                bad = True
        for key, check in (("measure", parse_measure), ("target", parse_target)):
            if isinstance(entry.get(key), str) and entry[key].strip():
                try:
                    check(entry[key])
                except ValueError as exc:
                    errors.append(f"{here}.{key}: {exc}")
                    bad = True
        if isinstance(entry.get("baseline"), str) and entry["baseline"].strip():
            try:
                parse_measure(entry["baseline"])
            except ValueError as exc:
                errors.append(f"{here}.baseline: {exc}")
                bad = True
        target = entry.get("target")
        measure = entry.get("measure")
        if not bad and isinstance(target, str) and isinstance(measure, str):
            unit = MEASURES.get(parse_measure(measure).key)
            parsed = parse_target(target)
            if unit and unit.unit == "rate" and parsed.kind == "number" and not parsed.percent:
                errors.append(f"{here}.target: {measure} is a rate: write the target with %")
                bad = True
        if isinstance(target, str) and "baseline" in target.lower() and not entry.get("baseline"):
            errors.append(f"{here}.baseline: the target compares with a baseline; name it")
            bad = True
        if not bad:
            found.append(ObjectiveConfig(**{k: v.strip() for k, v in entry.items()}))
    return tuple(found)


def _coerce(value: Any, hint: Any) -> Any:
    """Check a TOML value against a field's type, converting lists to tuples."""
    origin = typing.get_origin(hint)
    if hint is bool:
        if not isinstance(value, bool):
            raise TypeError(f"expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected an integer, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise TypeError(f"expected a string, got {value!r}")
        return value
    if origin is tuple:
        if typing.get_args(hint)[0] is int:
            if not isinstance(value, list) or not all(
                isinstance(v, int) and not isinstance(v, bool) for v in value
            ):
                raise TypeError(f"expected a list of whole numbers, got {value!r}")
            return tuple(value)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"expected a list of strings, got {value!r}")
        return tuple(value)
    if origin is dict:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise TypeError(f"expected a table of strings, got {value!r}")
        return dict(value)
    if isinstance(hint, types.UnionType):  # pragma: no cover - no optional fields yet
        return value
    raise TypeError(f"unsupported setting type {hint!r}")  # pragma: no cover


def _credentials_in_urls(config: Config) -> Iterator[str]:
    # A URL setting may not carry a login either (postgresql://user:password@host/db,
    # ?password=...): the file is shared, copied and committed.
    for name in _SECTIONS:
        section = getattr(config, name)
        for setting in fields(section):
            value = getattr(section, setting.name)
            if isinstance(value, dict):  # [site].follow: label = URL
                values = tuple(value.values())
            else:
                values = value if isinstance(value, tuple) else (value,)
            for text in values:
                if isinstance(text, str) and "://" in text and has_credentials(text):
                    hint = (
                        f"; put the whole URL in the environment variable {DATABASE_URL_ENV}"
                        if setting.name == "database_url"
                        else ""
                    )
                    yield (
                        f"[{name}].{setting.name}: '{redact_url(text)}' holds a login or "
                        "a secret; credentials must not be stored in spfcomms.toml" + hint
                    )


def _header_settings(config: Config) -> Iterator[str]:
    # These become email headers (From, Reply-To, List-Id, Subject ...): a line break
    # in one would end the header early, or start a new one.
    values = [
        ("site", f.name, getattr(config.site, f.name))
        for f in fields(SiteConfig)
        if f.name in ("name", "short_name")
    ]
    values += [("email", f.name, getattr(config.email, f.name)) for f in fields(EmailConfig)]
    for section, key, value in values:
        found = line_break_in(value) if isinstance(value, str) else None
        if found is not None:
            yield (
                f"[{section}].{key}: must be one line (it goes into an email header), but it "
                f"holds {found}: {value!r}"
            )


def _check_values(config: Config) -> list[str]:
    """Rules that go beyond types."""
    errors: list[str] = [*_credentials_in_urls(config), *_header_settings(config)]
    base = urlsplit(config.site.base_url)
    if base.scheme not in ("http", "https") or not base.netloc:
        errors.append(
            f"[site].base_url: expected an absolute http(s) URL, got '{config.site.base_url}'"
        )
    try:
        zoneinfo.ZoneInfo(config.site.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        errors.append(
            f"[site].timezone: unknown time zone '{config.site.timezone}' "
            "(use an IANA name such as 'Europe/London')"
        )
    if config.email.smtp_security not in ("none", "starttls", "ssl"):
        errors.append(
            f"[email].smtp_security: expected 'none', 'starttls' or 'ssl', "
            f"got '{config.email.smtp_security}'"
        )
    for name, value in (
        ("[feed].limit", config.feed.limit),
        ("[feed].ttl", config.feed.ttl),
        ("[snippets].latest", config.snippets.latest),
        ("[email].smtp_port", config.email.smtp_port),
        ("[email].max_test_recipients", config.email.max_test_recipients),
        ("[linkcheck].workers", config.linkcheck.workers),
        ("[linkcheck].per_host", config.linkcheck.per_host),
        ("[checks].feed_size_warning_kb", config.checks.feed_size_warning_kb),
    ):
        if value < 1:
            errors.append(f"{name}: must be at least 1, got {value}")
    if config.publish.view_in_browser not in ("ours", "tool"):
        errors.append(
            f"[publish].view_in_browser: expected 'ours' or 'tool', "
            f"got '{config.publish.view_in_browser}'"
        )
    if config.publish.timeout <= 0 or config.publish.attempts < 1:
        errors.append("[publish]: timeout must be positive and attempts at least 1")
    for name, url in (
        ("[mailchimp].api_url", config.mailchimp.api_url),
        ("[listmonk].url", config.listmonk.url),
    ):
        if url and urlsplit(url).scheme not in ("http", "https"):
            errors.append(f"{name}: expected an absolute http(s) URL, got '{url}'")
    if config.linkcheck.max_retry_after < 0:
        errors.append(
            f"[linkcheck].max_retry_after: must not be negative, got "
            f"{config.linkcheck.max_retry_after}"
        )
    errors.extend(_check_metrics(config))
    errors.extend(_check_audit(config.audit))
    for name, url in (
        ("[feed].image_url", config.feed.image_url),
        ("[site].logo_url", config.site.logo_url),
    ):
        if url and urlsplit(url).scheme not in ("http", "https"):
            errors.append(f"{name}: expected an absolute http(s) URL, got '{url}'")
    errors.extend(_check_site(config))
    if config.linkcheck.timeout <= 0:
        errors.append(f"[linkcheck].timeout: must be positive, got {config.linkcheck.timeout}")
    for code, level in config.checks.severity.items():
        if level not in ("error", "warning", "ignore"):
            errors.append(
                f"[checks].severity.{code}: expected 'error', 'warning' or 'ignore', got '{level}'"
            )
    return errors


def _check_audit(audit: AuditConfig) -> list[str]:
    """Period length, review delay, owners of known rules, baselines with a source."""
    errors: list[str] = []
    if audit.months < 1:
        errors.append(f"[audit].months: must be at least 1, got {audit.months}")
    if audit.review_months < 0:
        errors.append(f"[audit].review_months: must not be negative, got {audit.review_months}")
    for code in sorted(set(audit.owners) - set(FINDING_RULES)):
        errors.append(
            f"[audit].owners: '{code}' is not a finding rule (rules: {', '.join(FINDING_RULES)})"
        )
    if any(o.baseline for o in audit.objectives) and not audit.baseline_sources:
        errors.append(
            "[audit].baseline_sources: objectives name baselines; list the source of the "
            'figures kept by hand that are baselines (such as "NSPF stocktake 2019")'
        )
    return errors


LOGO_TYPES = (".png", ".jpg", ".jpeg", ".gif")
"""Image types every mail client shows (SVG and WebP are not among them)."""


def _check_site(config: Config) -> list[str]:
    """The logo file, the follow links and the partners' contact."""
    errors: list[str] = []
    site = config.site
    if site.logo:
        logo = PurePosixPath(site.logo)
        if site.logo_url:
            errors.append("[site].logo and [site].logo_url: give one logo, not both")
        if logo.is_absolute() or ".." in logo.parts:
            errors.append(
                f"[site].logo: '{site.logo}' must be a path inside the workspace, "
                "relative to spfcomms.toml"
            )
        elif logo.suffix.lower() not in LOGO_TYPES:
            errors.append(
                f"[site].logo: '{site.logo}' must be a PNG, JPEG or GIF image "
                "(mail clients do not show SVG)"
            )
    for label, url in site.follow.items():
        if urlsplit(url).scheme != "https" or not urlsplit(url).netloc:
            errors.append(f"[site].follow.{label}: expected an https URL, got '{redact_url(url)}'")
    contact = site.contact
    if contact and "@" not in contact and urlsplit(contact).scheme != "https":
        errors.append(
            "[site].contact: expected an email address or an https URL, got "
            f"'{redact_url(contact)}'"
        )
    return errors


_PARTNER_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _check_metrics(config: Config) -> list[str]:
    """Partner names and hosts, IP ranges and the Mailchimp settings."""
    errors: list[str] = []
    for key, name in config.metrics.partners.items():
        if not name.strip():
            errors.append(f"[metrics].partners.{key}: give the partner a name")
        if "/" in key or key.replace(".", "").isdigit() or ":" in key:
            try:
                ipaddress.ip_network(key, strict=False)
            except ValueError:
                errors.append(
                    f"[metrics].partners: '{key}' is neither a host name nor an IP range "
                    "(write 192.0.2.0/24)"
                )
        elif not re.fullmatch(r"[A-Za-z0-9.-]+", key):
            errors.append(f"[metrics].partners: '{key}' is not a host name (write example.org)")
    for label, names in (
        ("[snippets].partners", config.snippets.partners),
        ("[utm].untagged_partners", config.utm.untagged_partners),
    ):
        for name in names:
            if not _PARTNER_NAME.match(name):
                errors.append(
                    f"{label}: '{name}' must be lower-case letters, digits and '-' "
                    "(it becomes a folder name and a utm_source)"
                )
    url = config.metrics.mailchimp_api_url
    if url and urlsplit(url).scheme not in ("http", "https"):
        errors.append(f"[metrics].mailchimp_api_url: expected an http(s) URL, got '{url}'")
    zone = config.metrics.mailchimp_timezone
    if zone:
        try:
            zoneinfo.ZoneInfo(zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            errors.append(f"[metrics].mailchimp_timezone: unknown time zone '{zone}'")
    return errors
