"""The feeds, as Django syndication `Feed` classes.

`SiteFeed` is the base every samizdat feed shares (RSS 2.0); mixing in `AtomFormat` or
`JsonFormat` gives the same feed in another format. A new feed — comments, say — is

    class CommentsFeed(SiteFeed):
        heading = "Comments"
        def items(self, obj): ...
        def item_title(self, comment): ...
    class CommentsAtomFeed(AtomFormat, CommentsFeed): ...

routed with `feeds.urls.feed_routes`. A feed instance serves one request (`feed_view` makes
one each time), so `self.request` and `self.site` are safe to use in every method.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import feedgenerator
from django.utils.html import escape

from samizdat.core.models import SiteSettings
from samizdat.core.siteurl import SiteRequest, absolute
from samizdat.feeds.content import absolute_html, share_image
from samizdat.feeds.generators import AtomFeed, JsonFeed, RssFeed
from samizdat.posts.models import Category, Post, Tag


def tag_uri(kind: str, pk: int, created) -> str:
    """A feed entry's id (RFC 4151 tag URI): it stays when a slug, a date or the permalink
    structure changes, and it cannot be taken for the `?p=` number of a site that moved here
    (those old numbers answer at `/?p=`, not samizdat's own ids)."""
    host = urlsplit(settings.SAMIZDAT_SITE_URL).hostname or "localhost"
    return f"tag:{host},{created:%Y-%m-%d}:{kind}-{pk}"


class SiteFeed(Feed):
    """RSS 2.0 with the site's name, tagline and language; titles read "Site » heading"."""

    feed_type = RssFeed
    heading = ""  # what the feed is of, after the site's name; empty for the site's own feed
    item_guid_is_permalink = False

    def __call__(self, request, *args, **kwargs):
        self.request = request
        self.site = SiteSettings.load()
        return super().__call__(request, *args, **kwargs)

    @classmethod
    def depends_on(cls, kwargs: dict) -> tuple[str, ...]:
        """The page-cache tags a stored copy of this feed depends on."""
        return ("posts",)

    def absolute(self, path: str) -> str:
        return absolute(path)

    def get_feed(self, obj, request):
        # Django's Feed makes relative links absolute with the request's host: give it the
        # site's instead, so a feed rendered for any Host says the same.
        return super().get_feed(obj, SiteRequest(request))

    def feed_heading(self, obj) -> str:
        return self.heading

    def title(self, obj) -> str:
        heading = self.feed_heading(obj)
        return f"{self.site.title} » {heading}" if heading else self.site.title

    def link(self, obj) -> str:
        return "/"

    def description(self, obj) -> str:
        return self.site.tagline or self.site.title


class AtomFormat:
    """Mix in before a SiteFeed subclass for its Atom 1.0 version."""

    feed_type = AtomFeed

    def subtitle(self, obj) -> str:
        return self.description(obj)


class JsonFormat:
    """Mix in before a SiteFeed subclass for its JSON Feed 1.1 version."""

    feed_type = JsonFeed


class PostsFeed(SiteFeed):
    """The latest public posts; subclasses narrow `posts(obj)` to a category, tag or author."""

    def posts(self, obj) -> QuerySet:
        return Post.objects.published()

    def items(self, obj) -> QuerySet:
        latest = self.posts(obj).for_listing().order_by("-published_at", "-id")
        return latest[: self.site.feed_items]

    def item_title(self, post: Post) -> str:
        return post.title

    def item_description(self, post: Post) -> str:
        return escape(post.summary)  # RSS and Atom carry it as HTML

    def item_guid(self, post: Post) -> str:
        return tag_uri("post", post.pk, post.created_at)

    def item_pubdate(self, post: Post):
        return post.published_at

    def item_updateddate(self, post: Post):
        return max(post.modified_at, post.published_at)

    def item_author_name(self, post: Post) -> str:
        return post.author.public_name

    def item_author_link(self, post: Post) -> str:
        return self.absolute(post.author.get_absolute_url())

    def item_categories(self, post: Post) -> list[str]:
        return [c.name for c in post.categories.all()] + [t.name for t in post.tags.all()]

    def item_comments(self, post: Post) -> str:
        return self.absolute(post.get_absolute_url()) + "#comments"

    def item_enclosures(self, post: Post) -> list[feedgenerator.Enclosure]:
        image = share_image(post.featured_image)
        if image is None:
            return []
        return [feedgenerator.Enclosure(self.absolute(image.url), str(image.size), image.mime_type)]

    def item_extra_kwargs(self, post: Post) -> dict:
        image = share_image(post.featured_image)
        return {
            "content_html": self.full_text(post) if self.site.feed_full_text else None,
            "summary_text": post.summary,
            "image_url": self.absolute(image.url) if image else None,
        }

    def full_text(self, post: Post) -> str:
        origin = self.absolute("/").rstrip("/")
        return absolute_html(
            post.body_html, origin=origin, page_url=self.absolute(post.get_absolute_url())
        )


class PostsAtomFeed(AtomFormat, PostsFeed):
    pass


class PostsJsonFeed(JsonFormat, PostsFeed):
    pass


class CategoryPostsFeed(PostsFeed):
    """A category's posts, its subcategories' included (as its archive lists them)."""

    def get_object(self, request, path: str) -> Category:
        return get_object_or_404(Category, path=path)

    def posts(self, category: Category) -> QuerySet:
        return Post.objects.published().in_category(category)

    def feed_heading(self, category: Category) -> str:
        return category.name

    def link(self, category: Category) -> str:
        return category.get_absolute_url()

    def description(self, category: Category) -> str:
        return category.description or super().description(category)


class CategoryPostsAtomFeed(AtomFormat, CategoryPostsFeed):
    pass


class TagPostsFeed(PostsFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def posts(self, tag: Tag) -> QuerySet:
        return Post.objects.published().filter(tags=tag)

    def feed_heading(self, tag: Tag) -> str:
        return tag.name

    def link(self, tag: Tag) -> str:
        return tag.get_absolute_url()


class TagPostsAtomFeed(AtomFormat, TagPostsFeed):
    pass


class AuthorPostsFeed(PostsFeed):
    def get_object(self, request, name: str):
        return get_object_or_404(get_user_model(), username=name)

    def posts(self, user) -> QuerySet:
        return Post.objects.published().filter(author=user)

    def feed_heading(self, user) -> str:
        return user.public_name

    def link(self, user) -> str:
        return user.get_absolute_url()


class AuthorPostsAtomFeed(AtomFormat, AuthorPostsFeed):
    pass
