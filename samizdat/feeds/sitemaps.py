"""Sitemaps (django.contrib.sitemaps): posts, pages, categories and tags, with lastmod.

Only what an anonymous reader may open is listed; categories and tags only while they have
a public post, with that post's time as their lastmod.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from samizdat.core.models import SiteSettings
from samizdat.core.siteurl import site_host, site_scheme
from samizdat.posts.models import PUBLIC_STATUSES, Category, Page, Post, Tag
from samizdat.posts.permalinks import post_path


class SiteSitemap(Sitemap):
    """Locations on SAMIZDAT_SITE_URL, not on whatever host the request named."""

    def get_protocol(self, protocol=None) -> str:
        return site_scheme()

    def get_domain(self, site=None) -> str:
        return site_host()


class PostSitemap(SiteSitemap):
    def items(self) -> QuerySet:
        self.structure = SiteSettings.load().permalink_structure
        return (
            Post.objects.published()
            .only("pk", "slug", "status", "published_at", "modified_at")
            .order_by("-published_at", "-id")
        )

    def location(self, post: Post) -> str:
        return post_path(post, self.structure)  # the structure read once, not per post

    def lastmod(self, post: Post):
        return max(post.modified_at, post.published_at)

    def get_latest_lastmod(self):
        latest = Post.objects.published().aggregate(
            modified=Max("modified_at"), published=Max("published_at")
        )
        return max(filter(None, latest.values()), default=None)


class PageSitemap(SiteSitemap):
    def items(self) -> QuerySet:
        return Page.objects.published().only("pk", "path", "status", "modified_at")

    def lastmod(self, page: Page):
        return page.modified_at


class _TaxonomySitemap(SiteSitemap):
    """Terms with at least one public post; lastmod is their newest public post's time."""

    model: type[Category] | type[Tag]

    def items(self) -> QuerySet:
        public = Q(posts__status__in=PUBLIC_STATUSES, posts__published_at__lte=timezone.now())
        return (
            self.model.objects.annotate(latest=Max("posts__published_at", filter=public))
            .filter(latest__isnull=False)
            .order_by("pk")
        )

    def lastmod(self, term):
        return term.latest


class CategorySitemap(_TaxonomySitemap):
    model = Category


class TagSitemap(_TaxonomySitemap):
    model = Tag


SITEMAPS = {
    "posts": PostSitemap,
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
