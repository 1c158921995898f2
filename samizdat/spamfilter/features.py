"""What the filter looks at in a message: its words, its links, its author fields, its network.

Every feature is a short string a moderator can read back as a reason: a bare word ("casino"),
or a kind and a value ("url:cheap-pills.example", "name:viagra", "links:3+"). A word never holds
":" or "#", so the kinds cannot collide with words.
"""

import ipaddress
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

from samizdat.spamfilter.models import MAX_FEATURE_LENGTH

# Only the start of a very long message is read: it bounds the work per message, and the
# start says as much about spam as the rest.
MAX_TEXT_LENGTH = 20_000
NUMBER = "#num"

_WORD = re.compile(r"\w+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?*_~"
# Second levels under which a name is registered one level deeper: "shop.co.uk", not "co.uk".
_SECOND_LEVELS = {"ac", "co", "com", "edu", "gov", "net", "org", "ne", "or", "go"}
_LINK_BUCKETS = ("links:0", "links:1", "links:2", "links:3+")


@dataclass(frozen=True)
class Message:
    """What is classified; built by the caller from a comment, a webmention, a reply…"""

    text: str  # the body as plain text or Markdown source
    author_name: str = ""
    author_email: str = ""
    author_url: str = ""
    urls: tuple[str, ...] = ()  # links the caller found in the body; more are found in `text`
    ip: str = ""


def message_features(message: Message) -> set[str]:
    """The distinct features of `message`; each counts once however often it appears."""
    text = _normal(message.text[:MAX_TEXT_LENGTH])
    urls = {_clean_url(u) for u in (*message.urls, *_URL.findall(text))} - {""}
    hosts = {h for h in map(_host, urls) if h}
    features = {
        *_words(_URL.sub(" ", text)),
        *(f"url:{h}" for h in hosts),
        *(f"site:{_site(h)}" for h in hosts if _site(h) != h),
        _LINK_BUCKETS[min(len(urls), 3)],
        *(f"name:{w}" for w in _words(_normal(message.author_name))),
        _email_feature(message.author_email),
        _website_feature(message.author_url),
        _network_feature(message.ip),
    }
    return {f for f in features if f and len(f) <= MAX_FEATURE_LENGTH}


def _normal(text: str) -> str:
    # NFKC folds look-alikes such as full-width letters into the plain ones spammers imitate.
    return unicodedata.normalize("NFKC", text).lower()


def _words(text: str) -> set[str]:
    words = (NUMBER if w.isdigit() else w for w in _WORD.findall(text))
    return {w for w in words if 2 <= len(w) <= 30 or w == NUMBER}


def _clean_url(url: str) -> str:
    return _normal(url.strip()).rstrip(_URL_TRAILING)


def _host(url: str) -> str:
    try:
        host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    except ValueError:  # a malformed address, such as an unclosed "[" for IPv6
        return ""
    host = host.rstrip(".")
    return host.removeprefix("www.")


def _site(host: str) -> str:
    """The registrable part of a host, near enough: "x7.pills.example" → "pills.example"."""
    labels = host.split(".")
    if _is_ip(host) or len(labels) <= 2:
        return host
    deeper = len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVELS
    return ".".join(labels[-3:] if deeper else labels[-2:])


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _email_feature(email: str) -> str:
    local, at, domain = _normal(email.strip()).rpartition("@")
    return f"email:{domain}" if local and at and domain else ""


def _website_feature(url: str) -> str:
    host = _host(_clean_url(url)) if url.strip() else ""
    return f"website:{host}" if host else ""


def _network_feature(ip: str) -> str:
    """The sender's /24 (IPv4) or /48 (IPv6): spam often comes from a few neighbouring hosts."""
    try:
        address = ipaddress.ip_address(ip.strip())
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    return f"ip:{ipaddress.ip_network(f'{address}/{prefix}', strict=False)}"


# ── explaining ──────────────────────────────────────────────────────────────────────────

_KINDS = {
    "url": "link to {}",
    "site": "link to a site under {}",
    "email": "email address at {}",
    "website": "website {}",
    "ip": "sent from network {}",
}
_LINK_COUNTS = {"0": "no links", "1": "one link", "2": "two links", "3+": "three links or more"}


def feature_description(feature: str) -> str:
    """The feature in words a moderator understands: 'link to cheap-pills.example'."""
    kind, colon, value = feature.partition(":")
    if not colon:
        return "a number" if feature == NUMBER else f"word “{feature}”"
    if kind == "name":
        return "a number in the name" if value == NUMBER else f"name with “{value}”"
    if kind == "links":
        return _LINK_COUNTS.get(value, feature)
    return _KINDS[kind].format(value) if kind in _KINDS else feature
