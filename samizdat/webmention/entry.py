"""What a source says, read with mf2py: its h-entry's kind (a reply, like, repost, bookmark or
a plain mention of the target), author (name, photo, URL), content and publication time.

The entry read is the first h-entry (at the top or inside an h-feed) that replies to, likes,
reposts or bookmarks the target, else the first h-entry, else the page itself (its title and
text, through mf2py's metaformats). The author is the entry's `author`, else its h-feed's, else
the page's `rel=author` (authorship, as the IndieWeb's algorithm gives it without fetching
another page).
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import lxml.html
import mf2py
from django.utils.html import escape
from django.utils.text import Truncator

REPLY, LIKE, REPOST, BOOKMARK, MENTION = "reply", "like", "repost", "bookmark", "mention"
# Which property makes which kind, in the order they win when an entry has several.
_KIND_PROPERTIES = (
    (REPLY, "in-reply-to"),
    (REPOST, "repost-of"),
    (LIKE, "like-of"),
    (BOOKMARK, "bookmark-of"),
)
MAX_CONTENT = 50_000  # characters of HTML; a longer reply is shown by its summary or its start
EXCERPT_WORDS = 60


@dataclass(frozen=True)
class Entry:
    kind: str
    url: str  # the entry's own address (u-url), "" when it names none
    author_name: str
    author_url: str
    author_photo: str
    content_html: str  # untrusted: comments.remote sanitises it
    published: datetime | None
    replied_to: tuple[str, ...]  # every in-reply-to address (a comment of ours, perhaps)


def _values(item: dict, name: str) -> list:
    return item.get("properties", {}).get(name, []) or []


def _text(value) -> str:
    """A property value as text: a string, or an embedded item's / a photo's `value`."""
    if isinstance(value, dict):
        value = value.get("value", "")
        if isinstance(value, dict):  # an image with alt text inside an h-card's value
            value = value.get("value", "")
    return value.strip() if isinstance(value, str) else ""


def _first_text(item: dict, name: str) -> str:
    return next((t for t in map(_text, _values(item, name)) if t), "")


def _urls(value) -> Iterator[str]:
    """The addresses a reference names: a plain URL, or an h-cite's `url`s."""
    if isinstance(value, dict):
        urls = _values(value, "url")
        if urls:
            yield from (u for u in map(_text, urls) if u)
        elif text := _text(value):
            yield text
    elif isinstance(value, str) and value.strip():
        yield value.strip()


def _entries(items: list[dict]) -> Iterator[dict]:
    for item in items:
        types = item.get("type", [])
        if "h-entry" in types:
            yield item
        if "h-feed" in types:
            yield from _entries(item.get("children", []))


def _kind(entry: dict, is_target: Callable[[str], bool]) -> str:
    for kind, prop in _KIND_PROPERTIES:
        if any(is_target(url) for value in _values(entry, prop) for url in _urls(value)):
            return kind
    return MENTION


def _published(text: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _author(parsed: dict, entry: dict | None) -> tuple[str, str, str]:
    """(name, url, photo) of whoever wrote `entry`."""
    candidates = list(_values(entry, "author")) if entry else []
    if entry and not candidates:
        for feed in parsed.get("items", []):
            if "h-feed" in feed.get("type", []) and entry in feed.get("children", []):
                candidates = list(_values(feed, "author"))
    for author in candidates:
        if isinstance(author, dict):
            return (
                _first_text(author, "name") or _text(author),
                _first_text(author, "url"),
                _first_text(author, "photo"),
            )
        if isinstance(author, str) and author.strip():
            text = author.strip()
            return ("", text, "") if text.startswith(("http://", "https://")) else (text, "", "")
    rel_authors = parsed.get("rels", {}).get("author", [])
    return ("", rel_authors[0], "") if rel_authors else ("", "", "")


def _content(entry: dict) -> tuple[str, str]:
    """(html, text) of the entry's content, else its summary."""
    for value in _values(entry, "content"):
        if isinstance(value, dict):
            return value.get("html", "") or escape(value.get("value", "")), value.get("value", "")
        if isinstance(value, str):
            return escape(value), value
    summary = _first_text(entry, "summary")
    return (f"<p>{escape(summary)}</p>", summary) if summary else ("", "")


def _excerpt(name: str, text: str) -> str:
    """A mention's body: the title of what mentions us and the start of its text."""
    text = " ".join(text.split())
    parts = []
    if name and not text.startswith(name[:40]):
        parts.append(f"<p><cite>{escape(name)}</cite></p>")
    if text:
        parts.append(f"<p>{escape(Truncator(text).words(EXCERPT_WORDS, truncate=' …'))}</p>")
    return "".join(parts)


def _page_title(html: str) -> str:
    try:
        return " ".join((lxml.html.document_fromstring(html).findtext(".//title") or "").split())
    except (ValueError, lxml.etree.ParserError):
        return ""


def entry_read(*, html: str, url: str, is_target: Callable[[str], bool]) -> Entry:
    """What the source at `url` (its final address) says about the target."""
    parsed = mf2py.parse(doc=html, url=url, html_parser="lxml", metaformats=True)
    entries = list(_entries(parsed.get("items", [])))
    entry = next((e for e in entries if _kind(e, is_target) != MENTION), None)
    entry = entry or next(iter(entries), None)
    if entry is None:  # no microformats and no metadata: the page's title, nothing else
        name, url_there, photo = _author(parsed, None)
        return Entry(MENTION, "", name, url_there, photo, _excerpt(_page_title(html), ""), None, ())
    kind = _kind(entry, is_target)
    name, author_url, photo = _author(parsed, entry)
    content_html, content_text = _content(entry)
    if kind == MENTION or len(content_html) > MAX_CONTENT:
        content_html = _excerpt(_first_text(entry, "name") or _page_title(html), content_text)
    return Entry(
        kind=kind,
        url=next((u for u in map(_text, _values(entry, "url")) if u), ""),
        author_name=name,
        author_url=author_url,
        author_photo=photo,
        content_html=content_html,
        published=_published(_first_text(entry, "published")),
        replied_to=tuple(u for v in _values(entry, "in-reply-to") for u in _urls(v)),
    )
