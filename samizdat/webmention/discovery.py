"""Finding a page's webmention endpoint, as the spec orders it (W3C Webmention, 3.1.2).

A pure function over what fetching the target gave: its final address (after redirects), its
headers and, for HTML, its body. The first `Link` header value with rel `webmention` wins; then
the first `<link>` or `<a>` with that rel, in document order. Relative addresses (an empty
`href` included, which names the page itself) are resolved against the final address, or the
document's `<base>`; a query string is kept as it is.
"""

import re
from collections.abc import Iterable, Mapping
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

REL = "webmention"

# One link-value of a Link header (RFC 8288): <uri> then ;-separated parameters, whose quoted
# strings may hold commas and semicolons.
_LINK_VALUE = re.compile(
    r'<([^>]*)>((?:\s*;\s*[^;,"\s=]+(?:\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^;,"]*))?)*)'
)
_PARAM = re.compile(r';\s*([^;,"\s=]+)(?:\s*=\s*("(?:[^"\\]|\\.)*"|[^;,"]*))?')


def header_values(headers: Mapping[str, str], name: str) -> list[str]:
    """Every value of header `name`, however the mapping keeps repeated headers (urllib3's
    HTTPHeaderDict answers each separately to `getlist`)."""
    for method in ("getlist", "get_all"):
        if callable(getall := getattr(headers, method, None)):
            return list(getall(name) or [])
    value = next((v for k, v in headers.items() if k.lower() == name.lower()), None)
    return [value] if value is not None else []


def link_header_targets(values: Iterable[str], rel: str) -> list[str]:
    """The URIs of the Link header values whose rel names `rel` (case-insensitive, one of
    several space-separated), in order."""
    found = []
    for value in values:
        for match in _LINK_VALUE.finditer(value):
            for name, raw in _PARAM.findall(match.group(2)):
                if name.lower() != "rel":
                    continue
                rels = raw[1:-1] if raw.startswith('"') else raw
                if rel in rels.lower().split():
                    found.append(match.group(1).strip())
                break  # only the first rel parameter counts (RFC 8288, 3.3)
    return found


def is_html(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind in ("text/html", "application/xhtml+xml")


def html_document(body: bytes, content_type: str = ""):
    """The parsed document, or None when there is none to speak of."""
    if not body.strip():
        return None
    parser = None
    if match := re.search(r"charset=([\w.-]+)", content_type, re.I):
        try:
            parser = lxml.html.HTMLParser(encoding=match.group(1))
        except LookupError:
            parser = None
    try:
        return lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def document_base(doc, url: str) -> str:
    """Where relative addresses in `doc` are resolved: its first `<base href>`, else `url`."""
    for base in doc.iter("base"):
        if (href := base.get("href")) is not None:
            return urljoin(url, href.strip())
        break
    return url


def endpoint_find(*, url: str, headers: Mapping[str, str], body: bytes | None) -> str | None:
    """The webmention endpoint the response for `url` (its final address) advertises, absolute,
    or None. `body` is None when only the headers were fetched (a HEAD request)."""
    for target in link_header_targets(header_values(headers, "link"), REL):
        return _http(urljoin(url, target))
    if body is None or not is_html(headers.get("content-type", "")):
        return None
    doc = html_document(body, headers.get("content-type", ""))
    if doc is None:
        return None
    base = document_base(doc, url)
    # Elements only, in document order: a comment or escaped markup is not an element.
    for element in doc.iter("link", "a"):
        href = element.get("href")
        if href is not None and REL in element.get("rel", "").lower().split():
            return _http(urljoin(base, href.strip()))
    return None


def _http(url: str) -> str | None:
    """Only an http(s) endpoint is one to send to."""
    return url if urlsplit(url).scheme in ("http", "https") else None
