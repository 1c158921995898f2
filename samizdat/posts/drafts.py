"""Text that is not on a post yet, and who may read it before it is.

- **Autosaves**: an editor's text kept every few seconds (one row per post and editor), never
  the live post; offered back after a crash, a closed tab or a reload.
- **Pending changes**: a public post edited in the studio keeps its changes in a draft until
  "Update"; readers, the page cache and the feeds go on getting the post as it is.
- **Conflicts**: every edit starts from `post_version(post)`; saving from an older version
  raises `EditConflict` with the text saved meanwhile, never overwriting it silently.
- **Preview links**: signed, expiring, revocable addresses that show a post before it is public
  to someone without an account.

Writes go through `posts.services.post_save`, so roles, scheduling and sanitising apply as for
every other caller.
"""

import copy
import hashlib
import secrets
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samizdat.posts.models import Category, Draft, Post, PreviewLink, Tag
from samizdat.posts.services import body_render, post_editable_by, post_save, tags_from_names

PREVIEW_SALT = "samizdat.posts.preview-link"
PREVIEW_DAYS = 7


@dataclass(frozen=True)
class PostText:
    """What the editor edits: the text of a post and the rest of its form."""

    title: str = ""
    body_source: str = ""
    body_format: str = "markdown"
    excerpt: str = ""
    slug: str = ""
    categories: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    featured_image: int | None = None
    sticky: bool = False
    comments_open: bool = True

    @classmethod
    def of_post(cls, post: Post) -> "PostText":
        return cls(
            title=post.title,
            body_source=post.body_source,
            body_format=post.body_format,
            excerpt=post.excerpt,
            slug=post.slug,
            categories=tuple(sorted(post.categories.values_list("pk", flat=True)))
            if post.pk
            else (),
            tags=tuple(post.tags.values_list("name", flat=True)) if post.pk else (),
            featured_image=post.featured_image_id,
            sticky=post.sticky,
            comments_open=post.comments_open,
        )

    @classmethod
    def of_draft(cls, draft: Draft) -> "PostText":
        known = {name for name in cls.__dataclass_fields__}
        extra = {k: v for k, v in draft.fields.items() if k in known}
        return cls(
            title=draft.title,
            body_source=draft.body_source,
            body_format=draft.body_format,
            excerpt=draft.excerpt,
            **{
                **extra,
                "categories": tuple(extra.get("categories", ())),
                "tags": tuple(extra.get("tags", ())),
            },
        )

    def draft_fields(self) -> dict:
        """The Draft row's columns for this text."""
        data = asdict(self)
        head = {k: data.pop(k) for k in ("title", "body_source", "body_format", "excerpt")}
        return {**head, "fields": {**data, "categories": list(self.categories)}}

    def onto(self, post: Post) -> Post:
        """Put this text on `post` (unsaved)."""
        post.title, post.body_source, post.body_format = (
            self.title,
            self.body_source,
            self.body_format,
        )
        post.excerpt, post.slug = self.excerpt, self.slug
        post.featured_image_id = self.featured_image
        post.sticky, post.comments_open = self.sticky, self.comments_open
        return post


@dataclass
class EditConflict(Exception):
    """The post changed since the editor opened it: `theirs` is what was saved meanwhile."""

    theirs: PostText
    saved_by: object = None
    saved_at: datetime | None = None
    version: str = ""
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "Someone else saved this post while you were editing it."


def post_version(post: Post) -> str:
    """A short fingerprint of the post's saved state: its last save and its pending changes.
    Autosaves do not change it; every save and every "Save changes" does."""
    if post.pk is None:
        return ""
    pending = (
        Draft.objects.filter(post=post, kind=Draft.Kind.PENDING)
        .values_list("saved_at", flat=True)
        .first()
    )
    modified = Post.objects.filter(pk=post.pk).values_list("modified_at", flat=True).first()
    stamps = [moment.isoformat() if moment else "" for moment in (modified, pending)]
    raw = "|".join([str(post.pk), *stamps])
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def pending_changes(post: Post) -> Draft | None:
    if post.pk is None:
        return None
    return Draft.objects.filter(post=post, kind=Draft.Kind.PENDING).select_related("user").first()


def editing_text(post: Post) -> PostText:
    """What the editor opens with: the pending changes of a public post, else the post."""
    pending = pending_changes(post)
    return PostText.of_draft(pending) if pending else PostText.of_post(post)


def _check_version(post: Post, base_version: str) -> None:
    """Lock the post's row (saves of one post queue) and refuse a save from an old version."""
    Post.objects.select_for_update().filter(pk=post.pk).first()
    current = post_version(post)
    if base_version == current:
        return
    pending = pending_changes(post)
    fresh = Post.objects.select_related("author").get(pk=post.pk)
    if pending is not None:
        theirs, by, at = PostText.of_draft(pending), pending.user, pending.saved_at
    else:
        last = fresh.revisions.select_related("saved_by").first()
        theirs = PostText.of_post(fresh)
        by, at = (last.saved_by, last.saved_at) if last else (None, fresh.modified_at)
    raise EditConflict(theirs=theirs, saved_by=by, saved_at=at, version=current)


def _require_editable(post: Post, user) -> None:
    if not post_editable_by(post, user):
        raise PermissionDenied("You may not edit this post.")


# ── autosaves ────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def post_autosave(*, post: Post, user, text: PostText, base_version: str) -> Draft:
    """Keep `user`'s latest text of `post` without touching the post itself."""
    _require_editable(post, user)
    draft, _ = Draft.objects.update_or_create(
        post=post,
        user=user,
        kind=Draft.Kind.AUTOSAVE,
        defaults={
            **text.draft_fields(),
            "base_version": base_version,
            "saved_at": timezone.now(),
        },
    )
    return draft


def autosave_offer(*, post: Post, user) -> Draft | None:
    """`user`'s autosave of `post` when it holds text the editor would not otherwise show."""
    if post.pk is None:
        return None
    draft = Draft.objects.filter(post=post, user=user, kind=Draft.Kind.AUTOSAVE).first()
    if draft is None or PostText.of_draft(draft) == editing_text(post):
        return None
    return draft


def autosave_discard(*, post: Post, user) -> None:
    Draft.objects.filter(post=post, user=user, kind=Draft.Kind.AUTOSAVE).delete()


# ── saving ───────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def post_changes_keep(*, post: Post, user, text: PostText, base_version: str) -> Draft:
    """Keep changes to a public post as its pending draft: nothing public changes (no page
    dropped from the cache, no feed touched) until `post_text_save` publishes them."""
    _check_version(post, base_version)
    _require_editable(post, user)
    draft, _ = Draft.objects.update_or_create(
        post=post,
        kind=Draft.Kind.PENDING,
        defaults={
            **text.draft_fields(),
            "user": user,
            "base_version": base_version,
            "saved_at": timezone.now(),
        },
    )
    autosave_discard(post=post, user=user)
    return draft


@transaction.atomic
def post_text_save(
    *,
    post: Post,
    user,
    text: PostText,
    base_version: str = "",
    status: str | None = None,
    published_at: datetime | None = None,
    keep_time: bool = True,
) -> Post:
    """Save `text` onto the post itself (a new post, a draft, or "Update" of a public one)
    with `status`, through posts.services.post_save; the pending changes and `user`'s
    autosave are then spent. `keep_time` leaves the publish time as it was when
    `published_at` is None."""
    if post.pk is not None:
        _check_version(post, base_version)
    text.onto(post)
    if status is not None:
        post.status = status
    if published_at is not None or not keep_time:
        post.published_at = published_at
    categories = list(Category.objects.filter(pk__in=text.categories))
    saved = post_save(post=post, user=user, categories=categories, tags=tags_from_names(text.tags))
    Draft.objects.filter(post=saved, kind=Draft.Kind.PENDING).delete()
    autosave_discard(post=saved, user=user)
    return saved


@transaction.atomic
def post_changes_discard(*, post: Post, user) -> None:
    _require_editable(post, user)
    Draft.objects.filter(post=post, kind=Draft.Kind.PENDING).delete()
    autosave_discard(post=post, user=user)


# ── previews ─────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Preview:
    """A post as it would read with some text on it: an unsaved copy, never stored."""

    post: Post
    categories: list[Category]
    tags: list[Tag]


def post_preview(post: Post, text: PostText | None = None) -> Preview:
    """The post with `text` (default: what the editor would open) on an unsaved copy, its
    body rendered by the same code as the public page."""
    text = text or editing_text(post)
    shown = text.onto(copy.copy(post))
    shown.body_html = body_render(
        source=shown.body_source, body_format=shown.body_format, preview=True
    )
    known = {t.name.lower(): t for t in Tag.objects.filter(name__in=text.tags)}
    tags = [
        known.get(n.lower()) or Tag(name=n, slug=slugify(n, allow_unicode=True)) for n in text.tags
    ]
    return Preview(
        post=shown, categories=list(Category.objects.filter(pk__in=text.categories)), tags=tags
    )


def _signer() -> signing.Signer:
    return signing.Signer(salt=PREVIEW_SALT)


@transaction.atomic
def preview_link_create(*, post: Post, user, days: int = PREVIEW_DAYS) -> PreviewLink:
    """A new link that shows `post` (with its pending changes) to whoever has it."""
    _require_editable(post, user)
    return PreviewLink.objects.create(
        post=post,
        key=secrets.token_urlsafe(24),
        created_by=user,
        expires_at=timezone.now() + timedelta(days=days),
    )


def preview_link_token(link: PreviewLink) -> str:
    return _signer().sign(link.key)


@transaction.atomic
def preview_link_revoke(*, link: PreviewLink, user) -> None:
    _require_editable(link.post, user)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])


def preview_link_post(token: str) -> Post | None:
    """The post a preview link's token shows, or None when the token is forged, expired or
    revoked (or its post gone)."""
    try:
        key = _signer().unsign(token)
    except signing.BadSignature:
        return None
    link = PreviewLink.objects.select_related("post__author").filter(key=key).first()
    if link is None or not link.is_active:
        return None
    return link.post
