"""Feed, sitemap and robots addresses. Included before posts.urls, whose last pattern
catches everything: `/category/a/b/feed/` must reach the feed, not the category archive."""

from django.contrib.sitemaps import views as sitemap_views
from django.contrib.syndication.views import Feed
from django.urls import URLPattern, re_path
from django.views.decorators.http import conditional_page

from samizdat.feeds import feeds
from samizdat.feeds.sitemaps import SITEMAPS
from samizdat.feeds.views import feed_view, legacy_feed_redirect, robots_txt, sitemap_index

app_name = "feeds"

CATEGORY, TAG, AUTHOR = (
    r"category/(?P<path>.+?)/",
    r"tag/(?P<slug>[^/]+)/",
    r"author/(?P<name>[^/]+)/",
)


def feed_routes(prefix: str, rss: type[Feed], atom: type[Feed], name: str) -> list[URLPattern]:
    """`<prefix>feed/` (RSS 2.0) and `<prefix>feed/atom/`, named `name` and `name-atom`."""
    return [
        re_path(rf"^{prefix}feed/$", feed_view(rss), name=name),
        re_path(rf"^{prefix}feed/atom/$", feed_view(atom), name=f"{name}-atom"),
    ]


urlpatterns = [
    *feed_routes("", feeds.PostsFeed, feeds.PostsAtomFeed, "posts"),
    re_path(r"^feed/json/$", feed_view(feeds.PostsJsonFeed), name="posts-json"),
    *feed_routes(CATEGORY, feeds.CategoryPostsFeed, feeds.CategoryPostsAtomFeed, "category"),
    *feed_routes(TAG, feeds.TagPostsFeed, feeds.TagPostsAtomFeed, "tag"),
    *feed_routes(AUTHOR, feeds.AuthorPostsFeed, feeds.AuthorPostsAtomFeed, "author"),
    re_path(
        r"^(?P<base>(?:(?:category/.+?|tag/[^/]+|author/[^/]+)/)?)feed/(?:rss2|rss|rdf)/$",
        legacy_feed_redirect,
    ),
    re_path(
        r"^sitemap\.xml$",
        conditional_page(sitemap_index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "feeds:sitemap"},
        name="sitemap-index",
    ),
    re_path(
        r"^sitemap-(?P<section>[a-z]+)\.xml$",
        conditional_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    re_path(r"^robots\.txt$", robots_txt, name="robots"),
]
