"""Normalising URLs so a clicked link can be matched to the item it came from."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

# Parameters that say who clicked or where from, never which page: dropped before
# matching (UTM tags, Mailchimp, Facebook, Google, Microsoft, HubSpot, Marketo, Matomo).
TRACKING_PARAMS = frozenset(
    {
        "mc_cid",
        "mc_eid",
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "_ga",
        "_gl",
        "msclkid",
        "yclid",
        "twclid",
        "li_fat_id",
        "igshid",
        "mkt_tok",
        "_hsenc",
        "_hsmi",
        "vero_id",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "s_cid",
        "ref",
        "ref_src",
        "spm",
        "pk_campaign",
        "pk_kwd",
        "pk_source",
        "pk_medium",
        "mtm_campaign",
        "mtm_source",
        "mtm_medium",
        "mtm_keyword",
        "mtm_content",
    }
)


def is_tracking(name: str) -> bool:
    """True for UTM tags and other click-tracking parameters."""
    lowered = name.lower()
    return lowered.startswith("utm_") or lowered in TRACKING_PARAMS


def strip_tracking(url: str) -> str:
    """``url`` without tracking parameters (fragment kept), otherwise unchanged."""
    parts = urlsplit(url.strip())
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)
    ]
    return parts._replace(query=urlencode(query)).geturl()


def match_key(url: str) -> tuple[str, str]:
    """``(key, fragment)``: the key ignores scheme, ``www.``, default ports, a trailing
    slash or ``index.html``, tracking parameters and the order of the others."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        # Malformed (a port out of range, an unclosed IPv6 bracket): no page of ours has
        # such an address, so match it as written.
        base, _, fragment = url.strip().partition("#")
        return base.lower().split("://", 1)[-1].removeprefix("www."), fragment
    host = (parts.hostname or "").lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path or "/"
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    path = path.rstrip("/") or "/"
    query = sorted(
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)
    )
    key = f"{host}{path}"
    if query:
        key += "?" + urlencode(query)
    return key, parts.fragment


def page_key(path_or_url: str) -> str:
    """A page path for matching analytics rows: no host, query or fragment; no trailing
    slash or ``index.html``; always starting with ``/``."""
    text = path_or_url.strip()
    parts = urlsplit(text if "://" in text else "http://x/" + text.lstrip("/"))
    path = parts.path or "/"
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return "/" + path.strip("/") if path.strip("/") else "/"
