"""Links in documents: whether a source links to a target (receiving), and which pages a post
links to (sending). Pure functions over text already fetched or stored."""

import json
from collections.abc import Callable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

from samizdat.webmention.discovery import document_base, html_document, is_html

# Where an HTML document links to something: a hyperlink, or media it shows.
_LINKING = {"a": "href", "area": "href", "img": "src", "video": "src", "audio": "src"}
_SOURCE_PARENTS = {"video", "audio", "picture"}
MAX_LINKS_SENT = 100  # a post linking to more pages than this notifies the first hundred


def url_normal(url: str) -> str:
    """`url` as compared: scheme and host lower case, the default port and the fragment
    dropped, an empty path as "/"."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}.get(scheme):
        host = f"{host}:{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, ""))


def _html_links(doc, base: str) -> Iterator[str]:
    for element in doc.iter(*_LINKING, "source"):
        if element.tag == "source" and (
            element.getparent() is None or element.getparent().tag not in _SOURCE_PARENTS
        ):
            continue
        value = element.get(_LINKING.get(element.tag, "src"))
        if value:
            yield urljoin(base, value.strip())


def _json_strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item)


def source_links_to(
    *,
    body: bytes,
    content_type: str,
    url: str,
    is_target: Callable[[str], bool],
) -> bool | None:
    """Whether the source document (fetched from `url`, its final address) links to the target:
    `is_target(absolute_url)` says which addresses count. HTML is read for links and the media
    it shows; JSON for any string that is such an address; plain text for the address written
    out. None when the document is of a type not read here."""
    kind = content_type.split(";")[0].strip().lower()
    if is_html(kind):
        doc = html_document(body, content_type)
        if doc is None:
            return False
        base = document_base(doc, url)
        return any(is_target(link) for link in _html_links(doc, base))
    if kind == "application/json" or kind.endswith("+json"):
        try:
            data = json.loads(body)
        except ValueError:
            return False
        return any(is_target(text) for text in _json_strings(data) if "://" in text)
    if kind == "text/plain":
        text = body.decode("utf-8", errors="replace")
        return any(is_target(word.strip("<>()[]\"'.,;")) for word in text.split() if "://" in word)
    return None


def outgoing_links(*, body_html: str, base: str, own_site: str) -> list[str]:
    """The pages a post's body links to, absolute and without fragments, in order, once each:
    http(s) only, and none on this site (`own_site`, its address)."""
    doc = html_document(body_html.encode(), "text/html; charset=utf-8")
    if doc is None:
        return []
    own = urlsplit(url_normal(own_site)).netloc
    seen: dict[str, None] = {}
    for element in doc.iter("a"):
        href = element.get("href")
        if not href:
            continue
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            continue
        if urlsplit(url_normal(url)).netloc == own:
            continue
        seen.setdefault(urlunsplit(parts._replace(fragment="")), None)
    return list(seen)[:MAX_LINKS_SENT]
