"""Comment feeds (RSS 2.0 and Atom): the whole site's and each post's, approved comments only,
on public posts only, never with an email address."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from samizdat.comments.models import Comment
from samizdat.feeds.feeds import AtomFormat, SiteFeed, tag_uri
from samizdat.feeds.templatetags.metadata import ATOM, Alternate
from samizdat.posts.models import PUBLIC_STATUSES, Post


def _public(comments: QuerySet) -> QuerySet:
    return comments.public().filter(
        post__status__in=PUBLIC_STATUSES, post__published_at__lte=timezone.now()
    )


class CommentsFeed(SiteFeed):
    """The latest approved comments across the site (WordPress's /comments/feed/)."""

    heading = "Comments"

    @classmethod
    def depends_on(cls, kwargs: dict) -> tuple[str, ...]:
        return ("comments", "posts")

    def link(self, obj) -> str:
        return "/"

    def items(self, obj) -> QuerySet:
        latest = _public(Comment.objects.all()).select_related("post").order_by("-created_at")
        return latest[: self.site.feed_items]

    def item_title(self, comment: Comment) -> str:
        return f"Comment on {comment.post.title} by {comment.author_name}"

    def item_description(self, comment: Comment) -> str:
        return comment.body_html  # sanitised when saved

    def item_link(self, comment: Comment) -> str:
        return comment.get_absolute_url()

    def item_guid(self, comment: Comment) -> str:
        return tag_uri("comment", comment.pk, comment.created_at)

    def item_pubdate(self, comment: Comment):
        return comment.created_at

    def item_updateddate(self, comment: Comment):
        return comment.edited_at or comment.created_at

    def item_author_name(self, comment: Comment) -> str:
        return comment.author_name

    def item_author_link(self, comment: Comment) -> str | None:
        return comment.author_url or None


class CommentsAtomFeed(AtomFormat, CommentsFeed):
    pass


class PostCommentsFeed(CommentsFeed):
    """One post's approved comments, at `<permalink>feed/`."""

    def get_object(self, request, slug: str, **date_parts) -> Post:
        post = Post.objects.filter(slug=slug).first()
        if post is None or not post.is_public:
            raise Http404("No such post.")
        return post

    def feed_heading(self, post: Post) -> str:
        return f"Comments on: {post.title}"

    def link(self, post: Post) -> str:
        return post.get_absolute_url()

    def items(self, post: Post) -> QuerySet:
        comments = _public(post.comments.all()).select_related("post").order_by("-created_at")
        return comments[: self.site.feed_items]


class PostCommentsAtomFeed(AtomFormat, PostCommentsFeed):
    pass


def comment_alternates(context) -> list[Alternate]:
    """The site's comments feed on every page, and a post's own on its page."""
    name = context["site"].title
    alternates = [Alternate("/comments/feed/", f"{name} » Comments Feed")]
    post = context.get("post")
    if isinstance(post, Post) and post.is_public:
        feed = f"{post.get_absolute_url()}feed/"
        alternates.append(Alternate(feed, f"{name} » {post.title} Comments Feed"))
        alternates.append(Alternate(f"{feed}atom/", f"{name} » {post.title} Comments Feed", ATOM))
    return alternates
