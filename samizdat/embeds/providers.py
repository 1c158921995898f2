"""The services a link can be embedded from, recognised by address alone (no request made).

Each gives a key that names the thing whatever address form was pasted ("youtube:<id>"), and,
where the service has a player that works in a frame, the player's address: loaded only when
a reader clicks (samizdat/embeds/static/embeds/embed.js). Mastodon posts live on any server,
so a frame for them would need every host allowed in the Content-Security-Policy: their card
shows the post's text, fetched by the worker, and links to it instead.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

# The frames a card may load on a click; the site's CSP `frame-src` allows exactly these.
FRAME_ORIGINS = (
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://embed.bsky.app",
)

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
_YOUTUBE_PATHS = re.compile(r"^/(?:shorts|embed|live|v)/([A-Za-z0-9_-]{11})/?$")
_VIMEO = re.compile(
    r"^/(?:channels/[\w-]+/|groups/[\w-]+/videos/|video/)?(\d{1,12})(?:/([0-9a-f]{6,20}))?/?$"
)
_MASTODON = re.compile(
    r"^/(?:@([A-Za-z0-9_]{1,64}(?:@[\w.-]+)?)|users/([A-Za-z0-9_]{1,64})/statuses)/(\d{1,20})/?$"
)
_BLUESKY = re.compile(r"^/profile/([\w.:-]{1,253})/post/([A-Za-z0-9._~-]{1,64})/?$")
# A server's name, or (for a local test server) an IPv4 address; outbound decides what is reachable.
_HOST = re.compile(
    r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$|^\d{1,3}(\.\d{1,3}){3}$"
)
_START = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")


@dataclass(frozen=True)
class EmbedRef:
    """A recognised link: which service, the key naming the thing, what to show before the
    worker has fetched anything, and the player's address (or "")."""

    provider: str  # youtube, vimeo, mastodon, bluesky
    key: str
    url: str  # as pasted
    label: str  # "YouTube"
    fallback_title: str
    frame_url: str = ""
    # For the worker: what to ask the service.
    lookup: dict | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""


def embed_recognise(url: str) -> EmbedRef | None:
    """The embed a link is, or None when it is not a link samizdat embeds."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("https", "http") or not host or parts.username or parts.password:
        return None
    for recognise in (_youtube, _vimeo, _bluesky, _mastodon):
        ref = recognise(url, host, parts)
        if ref is not None:
            return ref
    return None


def _start_seconds(value: str) -> int:
    found = _START.match(value or "")
    if not found or not value:
        return 0
    h, m, s = (int(g or 0) for g in found.groups())
    return h * 3600 + m * 60 + s


def _youtube(url: str, host: str, parts) -> EmbedRef | None:
    query = parse_qs(parts.query)
    video = ""
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host in _YOUTUBE_HOSTS and parts.path in ("/watch", "/watch/"):
        video = (query.get("v") or [""])[0]
    elif host in _YOUTUBE_HOSTS | {"www.youtube-nocookie.com"}:
        found = _YOUTUBE_PATHS.match(parts.path)
        video = found.group(1) if found else ""
    if not _YOUTUBE_ID.match(video):
        return None
    start = _start_seconds((query.get("t") or query.get("start") or [""])[0])
    frame = f"https://www.youtube-nocookie.com/embed/{video}" + (f"?start={start}" if start else "")
    return EmbedRef(
        provider="youtube",
        key=f"youtube:{video}",
        url=url,
        label="YouTube",
        fallback_title="Video on YouTube",
        frame_url=frame,
        lookup={"oembed": f"https://www.youtube.com/watch?v={video}"},
    )


def _vimeo(url: str, host: str, parts) -> EmbedRef | None:
    if host not in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        return None
    found = _VIMEO.match(parts.path)
    if not found:
        return None
    video, secret = found.groups()
    secret = secret or (parse_qs(parts.query).get("h") or [""])[0]
    secret = secret if re.fullmatch(r"[0-9a-f]{6,20}", secret or "") else ""
    frame = f"https://player.vimeo.com/video/{video}?dnt=1" + (f"&h={secret}" if secret else "")
    page = f"https://vimeo.com/{video}" + (f"/{secret}" if secret else "")
    return EmbedRef(
        provider="vimeo",
        key=f"vimeo:{video}",
        url=url,
        label="Vimeo",
        fallback_title="Video on Vimeo",
        frame_url=frame,
        lookup={"oembed": page},
    )


def _bluesky(url: str, host: str, parts) -> EmbedRef | None:
    if host not in ("bsky.app", "www.bsky.app"):
        return None
    found = _BLUESKY.match(parts.path)
    if not found:
        return None
    actor, rkey = found.groups()
    frame = ""
    if actor.startswith("did:"):
        frame = f"https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{rkey}"
    return EmbedRef(
        provider="bluesky",
        key=f"bluesky:{actor.lower()}/{rkey}",
        url=url,
        label="Bluesky",
        fallback_title="Post on Bluesky"
        if actor.startswith("did:")
        else f"Post by @{actor} on Bluesky",
        frame_url=frame,
        lookup={"actor": actor, "rkey": rkey},
    )


def _mastodon(url: str, host: str, parts) -> EmbedRef | None:
    found = _MASTODON.match(parts.path)
    if not found or not _HOST.match(host) or parts.query:
        return None
    user = found.group(1) or found.group(2)
    status = found.group(3)
    origin = f"{parts.scheme}://{parts.netloc.lower()}"
    return EmbedRef(
        provider="mastodon",
        key=f"mastodon:{parts.netloc.lower()}/{status}",
        url=url,
        label="Mastodon",
        fallback_title=f"Post by @{user} on {host}",
        lookup={"status_api": f"{origin}/api/v1/statuses/{status}"},
    )
