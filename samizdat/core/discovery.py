"""Links every page announces so that clients find the site's interfaces: the WordPress REST
API root, RSD for XML-RPC, the Micropub and IndieAuth endpoints.

Apps that speak to the outside sit above core, so they register their links here from
`AppConfig.ready()`; core then sends them as an HTTP `Link` header on every HTML page (the
`DiscoveryLinkMiddleware` runs outside the page cache, so stored pages carry it too, and
`core.security.page_headers` gives nginx the same header) and the theme writes those that
clients look for in the page as `<link>` tags. Header addresses are absolute, from
`settings.SAMIZDAT_SITE_URL`; tags use the path alone (the page's address resolves it, and
every byte counts on a post page).
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase


@dataclass(frozen=True)
class DiscoveryLink:
    rel: str
    path: str  # from the site's root, e.g. "/wp-json/"
    media_type: str = ""
    header: bool = True  # in the HTTP Link header (absolute, as wpapi and IndieAuth need)
    tag: bool = False  # also a <link> tag: for clients that read only the page (RSD for one)

    @property
    def href(self) -> str:
        return settings.SAMIZDAT_SITE_URL + self.path


_links: dict[str, DiscoveryLink] = {}


def discovery_link_add(link: DiscoveryLink) -> None:
    """Announce `link` on every page from now on (idempotent per rel)."""
    _links[link.rel] = link


def discovery_links() -> list[DiscoveryLink]:
    return list(_links.values())


def discovery_link_header() -> str:
    """The links as one HTTP `Link` header value (RFC 8288)."""
    return ", ".join(f'<{link.href}>; rel="{link.rel}"' for link in _links.values() if link.header)


class DiscoveryLinkMiddleware:
    """Adds the announced links to every HTML response that has no Link header of its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        content_type = response.headers.get("Content-Type", "")
        if content_type.startswith("text/html") and (value := discovery_link_header()):
            response.headers.setdefault("Link", value)
        return response
