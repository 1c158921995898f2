"""Feed views with conditional GET, WordPress's other feed addresses, and robots.txt."""

from collections.abc import Callable

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.decorators.http import conditional_page, require_safe

from samizdat.core.siteurl import SiteRequest, absolute
from samizdat.pagecache.services import depends

# WordPress's `/?feed=<type>` → where that feed lives here (other apps may add their own).
FEED_QUERY_TARGETS = {
    "": "/feed/",
    "rss2": "/feed/",
    "rss": "/feed/",
    "rdf": "/feed/",
    "atom": "/feed/atom/",
    "json": "/feed/json/",
}


def feed_view(feed_class: type[Feed]) -> Callable:
    """A view serving `feed_class`: a fresh instance per request, ETag and 304 answers.

    The feed's Last-Modified is its newest item's time; the ETag a hash of the feed, so a
    post unpublished or an edited site title changes it too.
    """

    def view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        feed = feed_class()
        depends(request, *feed_class.depends_on(kwargs))
        return feed(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = f"{feed_class.__name__}_view"
    view.__doc__ = feed_class.__doc__
    return require_safe(conditional_page(view))


def legacy_feed_redirect(request: HttpRequest, base: str) -> HttpResponse:
    """`/feed/rss2/`, `/feed/rss/`, `/feed/rdf/` (and under an archive): 301 to `…/feed/`."""
    return HttpResponsePermanentRedirect(f"/{base}feed/")


def feed_query_redirect(feed_type: str) -> HttpResponse:
    """WordPress's `/?feed=rss2` and kin: 301 to the feed's address; 404 for unknown types."""
    target = FEED_QUERY_TARGETS.get(feed_type.lower())
    if target is None:
        raise Http404("There is no such feed.")
    return HttpResponsePermanentRedirect(target)


def sitemap_index(request: HttpRequest, **kwargs) -> HttpResponse:
    """Django's sitemap index, its addresses on SAMIZDAT_SITE_URL rather than the Host asked."""
    return sitemap_views.index(SiteRequest(request), **kwargs)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = absolute(reverse("feeds:sitemap-index"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
