"""Fetching what a card shows, by the worker (never while a page is rendered or read): the
title, author and text from the service's public API, and a thumbnail kept here as a clean
copy (decoded, resized, re-encoded without metadata), so readers' browsers ask nobody else.

Every request goes through `samizdat.core.outbound` (SSRF-safe: the address is checked once
resolved and again on every redirect, with size and time limits). A failure is written on the
row and retried a few times, later; it never reaches a reader.
"""

import html
import io
import re
from datetime import datetime, timedelta
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from PIL import Image as Pillow

from samizdat.embeds.models import Embed
from samizdat.embeds.providers import EmbedRef, embed_recognise
from samizdat.embeds.signals import embed_changed

# The public APIs asked; a setting so tests can point them at local servers.
API_ROOTS = {
    "youtube": "https://www.youtube.com",
    "vimeo": "https://vimeo.com",
    "bluesky": "https://public.api.bsky.app",
}
ATTEMPTS = 3
THUMBNAIL_WIDTH = 960
THUMBNAIL_BYTES = 5_000_000
HEADERS = {"Accept": "application/json", "User-Agent": "samizdat (embed card)"}


class EmbedUnavailable(Exception):
    """The service answered with nothing a card can use."""


def _root(provider: str) -> str:
    roots = getattr(settings, "SAMIZDAT_EMBED_API_ROOTS", None) or API_ROOTS
    return roots.get(provider, API_ROOTS[provider]).rstrip("/")


def _json(url: str) -> dict:
    from samizdat.core.outbound import fetch

    response = fetch(url, headers=HEADERS, max_bytes=1_000_000, timeout=10.0)
    if response.status != 200:
        raise EmbedUnavailable(f"{url} answered {response.status}")
    try:
        data = response.json()
    except ValueError as error:
        raise EmbedUnavailable(f"{url} did not answer JSON") from error
    if not isinstance(data, dict):
        raise EmbedUnavailable(f"{url} did not answer a JSON object")
    return data


def _oembed(ref: EmbedRef) -> dict:
    page = quote(ref.lookup["oembed"], safe="")
    path = "/oembed?format=json&url=" if ref.provider == "youtube" else "/api/oembed.json?url="
    data = _json(_root(ref.provider) + path + page)
    return {
        "title": str(data.get("title") or ""),
        "author_name": str(data.get("author_name") or ""),
        "thumbnail": str(data.get("thumbnail_url") or ""),
    }


def _mastodon(ref: EmbedRef) -> dict:
    data = _json(ref.lookup["status_api"])
    account = data.get("account") or {}
    name = account.get("display_name") or account.get("acct") or ""
    pictures = [
        m.get("preview_url")
        for m in data.get("media_attachments") or []
        if m.get("type") in ("image", "gifv", "video") and m.get("preview_url")
    ]
    return {
        "title": f"Post by {name}" if name else "",
        "author_name": f"@{account.get('acct')}" if account.get("acct") else "",
        "text": plain_text(str(data.get("content") or "")),
        "thumbnail": pictures[0] if pictures else "",
    }


def _bluesky(ref: EmbedRef) -> dict:
    root, actor, rkey = _root("bluesky"), ref.lookup["actor"], ref.lookup["rkey"]
    did = actor
    if not actor.startswith("did:"):
        did = _json(f"{root}/xrpc/com.atproto.identity.resolveHandle?handle={quote(actor)}")
        did = str(did.get("did") or "")
        if not did.startswith("did:"):
            raise EmbedUnavailable(f"no DID for {actor}")
    uri = quote(f"at://{did}/app.bsky.feed.post/{rkey}", safe="")
    posts = _json(f"{root}/xrpc/app.bsky.feed.getPosts?uris={uri}").get("posts") or []
    if not posts:
        raise EmbedUnavailable("the post is gone or hidden")
    post = posts[0]
    author = post.get("author") or {}
    view = post.get("embed") or {}
    images = view.get("images") or (view.get("media") or {}).get("images") or []
    thumb = images[0].get("thumb") if images else (view.get("external") or {}).get("thumb")
    name = author.get("displayName") or author.get("handle") or ""
    return {
        "title": f"Post by {name}" if name else "",
        "author_name": f"@{author['handle']}" if author.get("handle") else "",
        "text": str((post.get("record") or {}).get("text") or "")[:5000],
        "thumbnail": str(thumb or ""),
        "frame_url": f"https://embed.bsky.app/embed/{did}/app.bsky.feed.post/{rkey}",
    }


FETCHERS = {"youtube": _oembed, "vimeo": _oembed, "mastodon": _mastodon, "bluesky": _bluesky}


def _thumbnail(url: str) -> ContentFile | None:
    """A clean JPEG of the picture at `url`, at most THUMBNAIL_WIDTH wide, or None."""
    from samizdat.core.outbound import fetch

    if not url.startswith(("https://", "http://")):
        return None
    response = fetch(url, headers={"Accept": "image/*"}, max_bytes=THUMBNAIL_BYTES)
    if response.status != 200:
        raise EmbedUnavailable(f"the thumbnail answered {response.status}")
    try:
        with Pillow.open(
            io.BytesIO(response.body), formats=["JPEG", "PNG", "WEBP", "GIF"]
        ) as picture:
            if picture.width * picture.height > settings.SAMIZDAT_MAX_IMAGE_PIXELS:
                raise EmbedUnavailable("the thumbnail has too many pixels")
            picture.draft("RGB", (THUMBNAIL_WIDTH, THUMBNAIL_WIDTH))
            clean = picture.convert("RGB")
    except (OSError, ValueError, Pillow.DecompressionBombError) as error:
        raise EmbedUnavailable("the thumbnail is not a picture samizdat reads") from error
    clean.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 3))
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=82, optimize=True)  # pixels only: no EXIF, no XMP
    return ContentFile(out.getvalue(), name="thumbnail.jpg")  # named: ImageField reads its size


def embed_fetch_now(*, embed: Embed) -> bool:
    """Fetch what `embed`'s card shows; True when it is done. A failure is kept on the row
    (and False returned) for the worker to try again later, up to ATTEMPTS times."""
    from samizdat.core.outbound import FetchFailed, FetchRefused

    ref = embed_recognise(embed.url)
    if ref is None:
        embed.state, embed.error = Embed.State.FAILED, "not embeddable"
        embed.save(update_fields=["state", "error"])
        return False
    try:
        facts = FETCHERS[ref.provider](ref)
        picture = _thumbnail(facts.pop("thumbnail", "")) if facts.get("thumbnail") else None
    except (FetchFailed, FetchRefused, EmbedUnavailable, KeyError, TypeError, ValueError) as error:
        _failed(embed, error)
        return False
    with transaction.atomic():
        facts.pop("thumbnail", None)
        for name, value in facts.items():
            setattr(embed, name, value[: Embed._meta.get_field(name).max_length or None])
        if picture is not None:
            old = embed.thumbnail.name
            embed.thumbnail.save(f"{ref.provider}-{embed.pk}.jpg", picture, save=False)
            if old and old != embed.thumbnail.name:
                transaction.on_commit(lambda: embed.thumbnail.storage.delete(old))
        embed.state, embed.error, embed.fetched_at = Embed.State.DONE, "", timezone.now()
        embed.attempts += 1
        embed.save()
        embed_changed.send(sender=Embed, key=embed.key)
    return True


def _failed(embed: Embed, error: Exception) -> None:
    embed.attempts += 1
    embed.error = str(error)[:500] or type(error).__name__
    embed.state = Embed.State.FAILED if embed.attempts >= ATTEMPTS else Embed.State.PENDING
    embed.save(update_fields=["attempts", "error", "state"])


def embed_retry_at(embed: Embed) -> datetime | None:
    """When the worker should try a failed fetch again; None once it is done or given up."""
    if embed.state != Embed.State.PENDING or not embed.attempts:
        return None
    return timezone.now() + timedelta(minutes=10 * embed.attempts)


def plain_text(fragment: str) -> str:
    """A remote post's HTML as the plain words a card shows (never rendered as markup)."""
    fragment = re.sub(r"<br\s*/?>|</p>\s*<p[^>]*>", "\n", fragment, flags=re.I)
    return " ".join(html.unescape(strip_tags(fragment)).split())
