"""The site's own address, `settings.SAMIZDAT_SITE_URL`: every absolute URL is built from it.

Never from the request's Host header: a page rendered for `Host: 127.0.0.1:6666` was stored and
handed to every later reader with links to that port (issue 19). A request's host is compared
with the site's only to decide whether a rendered page may be stored.
"""

from urllib.parse import urlsplit

from django.conf import settings

_DEFAULT_PORTS = {"http": "80", "https": "443"}


def absolute(path: str) -> str:
    """`path` (or an absolute URL, returned as it is) as an address on this site."""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SAMIZDAT_SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def site_scheme() -> str:
    return urlsplit(settings.SAMIZDAT_SITE_URL).scheme or "http"


def site_host() -> str:
    """The site's host as a Host header carries it: lower case, the port only when not the
    scheme's default."""
    name, port = _split(urlsplit(settings.SAMIZDAT_SITE_URL).netloc)
    return name if port in ("", _DEFAULT_PORTS.get(site_scheme())) else f"{name}:{port}"


def _split(host: str) -> tuple[str, str]:
    host = host.lower()
    name, colon, port = host.rpartition(":")
    if not colon or "]" in port:  # no port, or the colons of an IPv6 address
        return host.rstrip("."), ""
    return name.rstrip("."), port


def is_site_host(host: str) -> bool:
    """Whether a request's Host names this site. A front server may pass the name alone
    (nginx's `$host`), so a missing port is the site's; a port given must be the site's."""
    name, port = _split(host)
    site_name, site_port = _split(urlsplit(settings.SAMIZDAT_SITE_URL).netloc)
    default = _DEFAULT_PORTS.get(site_scheme())
    return name == site_name and (not port or port == (site_port or default))


class SiteRequest:
    """A request as code that builds absolute URLs from it (Django's Feed and sitemap index)
    sees it: the site's host and scheme, whatever was asked; everything else the request's."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    @property
    def scheme(self) -> str:
        return site_scheme()

    def get_host(self) -> str:
        return site_host()

    def is_secure(self) -> bool:
        return site_scheme() == "https"
