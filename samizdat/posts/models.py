"""Posts, pages, taxonomy, revisions and redirects. Writes go through posts.services."""

import re
from html import unescape

from django.conf import settings
from django.db import connections, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from samizdat.posts.permalinks import post_path


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PENDING = "pending", "Pending review"
    SCHEDULED = "scheduled", "Scheduled"
    PUBLISHED = "published", "Published"
    PRIVATE = "private", "Private"


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"


_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|blockquote|figcaption|div)>|<br\s*/?>", re.I)

# Public once their time has come: a scheduled post needs no cron, the query decides.
PUBLIC_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)
# Post.objects.neighbours: each side takes (status, status, now, at, at, id).
_NEIGHBOURS_SQL = """
SELECT * FROM (
    SELECT id, title, slug, status, published_at FROM posts_post
    WHERE status IN (%s, %s) AND published_at <= %s
        AND (published_at < %s OR (published_at = %s AND id < %s))
    ORDER BY published_at DESC, id DESC LIMIT 1
) AS older
UNION ALL
SELECT * FROM (
    SELECT id, title, slug, status, published_at FROM posts_post
    WHERE status IN (%s, %s) AND published_at <= %s
        AND (published_at > %s OR (published_at = %s AND id > %s))
    ORDER BY published_at ASC, id ASC LIMIT 1
) AS newer
"""


class Category(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # "parent-slug/child-slug": kept by posts.services so archives resolve in one query.
    path = models.CharField(max_length=1000, unique=True, editable=False)
    description = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="category_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("posts:category", kwargs={"path": self.path})


class Tag(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, allow_unicode=True, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("posts:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self) -> "PostQuerySet":
        """What anyone may read: published or scheduled, with its time come."""
        return self.filter(status__in=PUBLIC_STATUSES, published_at__lte=timezone.now())

    def listed_for(self, user) -> "PostQuerySet":
        """What archives show `user`: the published posts, plus private ones they may read."""
        public = Q(status__in=PUBLIC_STATUSES, published_at__lte=timezone.now())
        if not user.is_authenticated:
            return self.filter(public)
        private = Q(status=Status.PRIVATE)
        if not user.has_perm("posts.read_private_posts"):
            private &= Q(author=user)
        return self.filter(public | private)

    def for_listing(self) -> "PostQuerySet":
        return self.select_related("author", "featured_image").prefetch_related(
            "categories", "tags"
        )

    def neighbours(self, post: "Post") -> tuple["Post | None", "Post | None"]:
        """The published posts just before and after `post` in publishing order (a tie on the
        publish time goes by id), as `published()` sees them, in one statement.

        SQL because the ORM writes a UNION of two `LIMIT 1` queries only on PostgreSQL, and two
        ORM queries cost a post page more than its fifty-comment thread does. The rows carry
        what a link to a post needs; other fields load when asked for.
        """
        field = self.model._meta.get_field("published_at")
        connection = connections[self.db]
        at = field.get_db_prep_value(post.published_at, connection)
        now = field.get_db_prep_value(timezone.now(), connection)
        side = [*PUBLIC_STATUSES, now, at, at, post.pk]
        rows = list(self.raw(_NEIGHBOURS_SQL, side * 2))
        key = (post.published_at, post.pk)
        older = next((p for p in rows if (p.published_at, p.pk) < key), None)
        newer = next((p for p in rows if (p.published_at, p.pk) > key), None)
        return older, newer

    def in_category(self, category: Category) -> "PostQuerySet":
        return self.filter(
            Q(categories__path=category.path) | Q(categories__path__startswith=category.path + "/")
        ).distinct()


class Post(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(
        max_length=200,
        allow_unicode=True,
        unique=True,
        blank=True,
        help_text="The last part of the address; made from the title when left empty.",
        error_messages={"unique": "Another post already uses this slug; choose another."},
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    body_source = models.TextField("body", blank=True)
    body_format = models.CharField(
        max_length=10, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )
    body_html = models.TextField(editable=False, blank=True)  # always sanitised
    excerpt = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("publish time", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)
    sticky = models.BooleanField(default=False)
    comments_open = models.BooleanField(default=True)
    featured_image = models.ForeignKey(
        "media.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="posts")
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_post", "Can publish posts"),
            ("edit_others_posts", "Can edit others' posts"),
            ("read_private_posts", "Can read private posts"),
        ]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if not self.has_permalink:
            return f"/?p={self.pk}"
        from samizdat.core.models import SiteSettings

        return post_path(self, SiteSettings.load().permalink_structure)

    @property
    def summary(self) -> str:
        """The excerpt, or as WordPress does without one: the first 55 words as plain text."""
        if self.excerpt:
            return self.excerpt
        text = strip_tags(_BLOCK_END.sub(" ", self.body_html))
        return Truncator(" ".join(unescape(text).split())).words(55, truncate=" …")

    @property
    def is_public(self) -> bool:
        return (
            self.status in PUBLIC_STATUSES
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def has_permalink(self) -> bool:
        return self.published_at is not None and self.status in (*PUBLIC_STATUSES, Status.PRIVATE)


class PageQuerySet(models.QuerySet):
    def published(self) -> "PageQuerySet":
        return self.filter(status=Status.PUBLISHED)


class Page(models.Model):
    """A standalone page (About, Contact), nested: its URL is its ancestors' slugs."""

    STATUSES = [(s.value, s.label) for s in (Status.DRAFT, Status.PUBLISHED, Status.PRIVATE)]

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=200, allow_unicode=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=1000, unique=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pages"
    )
    body_source = models.TextField("body", blank=True)
    body_format = models.CharField(
        max_length=10, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )
    body_html = models.TextField(editable=False, blank=True)
    status = models.CharField(max_length=10, choices=STATUSES, default=Status.DRAFT)
    menu_order = models.IntegerField(default=0, help_text="Lower numbers come first in menus.")
    show_in_menu = models.BooleanField(default=True)
    published_at = models.DateTimeField(null=True, blank=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["menu_order", "path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"], name="page_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/{self.path}/" if self.status != Status.DRAFT else f"/?page_id={self.pk}"


class Revision(models.Model):
    """A post as it was after one save; the admin diffs and restores them."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=300)
    body_source = models.TextField(blank=True)
    body_format = models.CharField(max_length=10, choices=BodyFormat.choices)
    excerpt = models.TextField(blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-saved_at", "-id"]
        get_latest_by = "saved_at"

    def __str__(self) -> str:
        return f"{self.title} ({self.saved_at:%Y-%m-%d %H:%M})"


class Redirect(models.Model):
    """An old path that answers 301 to where its post, page or category lives now."""

    old_path = models.CharField(max_length=1000, unique=True)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(post__isnull=False, page__isnull=True, category__isnull=True)
                | Q(post__isnull=True, page__isnull=False, category__isnull=True)
                | Q(post__isnull=True, page__isnull=True, category__isnull=False),
                name="redirect_has_one_target",
            ),
        ]

    def __str__(self) -> str:
        return self.old_path

    @property
    def target(self) -> Post | Page | Category:
        return self.post or self.page or self.category


class LegacyAddress(models.Model):
    """A number the site's earlier home gave a post, page, attachment, category or author, as
    WordPress's query addresses ask for it (`/?p=12`, `/?page_id=`, `/?attachment_id=`,
    `/?cat=`, `/?author=`), and what it is here now. Written by an import through
    `posts.services.legacy_addresses_record`; answered by `posts.legacy`.

    Old numbers win over samizdat's own ids at `/?p=`: links from the old site are what the
    web holds, and samizdat's own feeds and pages never publish `?p=<id>` for a public post.
    """

    class Kind(models.TextChoices):
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"
        CATEGORY = "category", "Category"
        AUTHOR = "author", "Author"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.BigIntegerField()
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    page = models.ForeignKey(
        Page, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # An attachment that belonged to no post here: the address of its file (here or still there).
    url = models.CharField(max_length=1000, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="legacy_address_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def target(self):
        return self.post or self.page or self.category or self.author


class Draft(models.Model):
    """Text of a post that is not on it yet (posts.drafts): one editor's autosave, kept every
    few seconds and offered back after a crash, or the changes to a public post that wait
    for "Update" while readers still get the post as it is."""

    class Kind(models.TextChoices):
        AUTOSAVE = "autosave", "Autosave"
        PENDING = "pending", "Changes waiting for Update"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="drafts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Whose autosave it is; for pending changes, who saved them last.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=300, blank=True)
    body_source = models.TextField(blank=True)
    body_format = models.CharField(
        max_length=10, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )
    excerpt = models.TextField(blank=True)
    # The rest of the editor's form: slug, category ids, tag names, featured image id, flags.
    fields = models.JSONField(default=dict, blank=True)
    # posts.drafts.post_version() of the post this text started from (conflict detection).
    base_version = models.CharField(max_length=64, blank=True)
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user"],
                condition=Q(kind="autosave"),
                name="draft_one_autosave_per_editor",
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(kind="pending"), name="draft_one_pending_per_post"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class PreviewLink(models.Model):
    """A link that lets someone without an account read a post before it is public. The
    address carries `key` signed with the site's secret; it stops working when it expires or
    is revoked (posts.drafts.preview_link_post)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="preview_links")
    key = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Preview of {self.post}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
