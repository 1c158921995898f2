"""Small readers for WXR field values: dates, slugs, addresses, plain text, statuses."""

import hashlib
import json
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from html import unescape
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_unicode_slug
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from samizdat.comments.models import Comment
from samizdat.posts.models import Status

_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\s*$")
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")

# WordPress post statuses → samizdat's. "future" becomes published with its future time, which
# posts.services turns into "scheduled". Pages have no schedule and no review: those are drafts.
POST_STATUSES = {
    "publish": Status.PUBLISHED,
    "future": Status.PUBLISHED,
    "draft": Status.DRAFT,
    "pending": Status.PENDING,
    "private": Status.PRIVATE,
}
PAGE_STATUSES = {
    "publish": Status.PUBLISHED,
    "private": Status.PRIVATE,
    "draft": Status.DRAFT,
    "pending": Status.DRAFT,
    "future": Status.DRAFT,
}
NOT_CONTENT = {"trash", "auto-draft", "inherit"}

COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.TRASH,
    "post-trashed": Comment.Status.TRASH,
}
COMMENT_KINDS = {
    "": Comment.Kind.COMMENT,
    "comment": Comment.Kind.COMMENT,
    "pingback": Comment.Kind.PINGBACK,
    "trackback": Comment.Kind.TRACKBACK,
    "note": Comment.Kind.NOTE,
}


def integer(value: str) -> int | None:
    """A non-negative id, or None for anything else (WordPress ids are unsigned 64-bit)."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


def wp_date(value: str, *, utc: bool) -> datetime | None:
    """`2010-07-25 19:40:01` as an aware time: UTC for the `_gmt` fields, else the site's zone.
    WordPress writes `0000-00-00 00:00:00` for "not set" (drafts): None, like any bad value."""
    found = _DATE.match(value or "")
    if not found:
        return None
    try:
        moment = datetime(*(int(part or 0) for part in found.groups()))
    except ValueError:
        return None
    if utc:
        return moment.replace(tzinfo=UTC)
    try:
        return timezone.make_aware(moment)
    except Exception:  # a local time that does not exist (a DST gap): read it as UTC
        return moment.replace(tzinfo=UTC)


def rss_date(value: str) -> datetime | None:
    try:
        moment = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def host_key(netloc: str) -> str:
    host = netloc.rsplit("@", 1)[-1].lower()
    host = re.sub(r":(80|443)$", "", host)
    return host.removeprefix("www.")


def site_key(url: str) -> str:
    """`https://www.Example.org/blog/` → `example.org/blog`: one site, whatever its scheme."""
    parts = urlsplit(url.strip())
    return (host_key(parts.netloc) + parts.path.rstrip("/"))[:200]


def clean_path(path: str) -> str:
    """Percent-decoded, doubled slashes collapsed: the form `request.path` has."""
    path = re.sub(r"/{2,}", "/", unquote(path))
    return path if path.startswith("/") else "/" + path


def path_key(path: str) -> str:
    """The key old paths are matched by: decoded, without the trailing slash."""
    return clean_path(path).rstrip("/") or "/"


def upload_key(url: str) -> str:
    """An upload's address without scheme or WordPress's `-300x200` size suffix."""
    parts = urlsplit(url.strip())
    return host_key(parts.netloc) + _SIZE_SUFFIX.sub("", unquote(parts.path))


def slug(value: str, *, fallback: str = "") -> str:
    """A WordPress slug (percent-encoded UTF-8, as WordPress stores them) made readable."""
    decoded = unquote(value.strip()).strip()
    try:
        validate_unicode_slug(decoded)
    except ValidationError:
        decoded = slugify(decoded, allow_unicode=True)
    return decoded[:200].strip("-") or slugify(fallback, allow_unicode=True)[:200]


def post_slug(slug: str) -> str:
    """A post's slug here: digits alone would read as a year archive (`/2024/`)."""
    return f"post-{slug}" if slug.isdigit() else slug


def plain_text(html: str) -> str:
    """Markup and entities removed, whitespace collapsed: WordPress titles and excerpts."""
    return " ".join(unescape(strip_tags(html or "")).split())


@lru_cache(maxsize=4096)  # commenters come back: validate each address once
def email(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value if len(value) <= 254 else ""


_URL = URLValidator(schemes=["http", "https"])


@lru_cache(maxsize=4096)
def web_address(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 200:
        return ""
    try:
        _URL(value)
    except ValidationError:
        return ""
    return value


def checksum(*parts) -> str:
    """A fingerprint of what an export said about an item: unchanged means nothing to do."""
    data = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8", "surrogatepass")).hexdigest()


def message(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)
