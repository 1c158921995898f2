"""Every write to posts, pages and taxonomy, and the access gates that decide who sees what.

Views, the admin, the demo content and (later) the importer all call these, so the rules —
who may publish, how bodies are sanitised, which old URLs must redirect — live here once.
"""

import re
from collections.abc import Iterable
from urllib.parse import unquote

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samizdat.core.markdown import render_markdown
from samizdat.core.sanitize import NestingTooDeep, check_nesting, one_line, sanitize_html
from samizdat.embeds.cards import embed_cards
from samizdat.posts.models import (
    PUBLIC_STATUSES,
    BodyFormat,
    Category,
    LegacyAddress,
    Page,
    Post,
    Redirect,
    Revision,
    Status,
    Tag,
)
from samizdat.posts.permalinks import RESERVED_FIRST_SEGMENTS
from samizdat.posts.scheduling import schedule_check
from samizdat.posts.signals import ORIGIN_RERENDER as RERENDER
from samizdat.posts.signals import post_changed, post_deleted

DEFAULT_CATEGORY = "Uncategorized"


# ── rendering ────────────────────────────────────────────────────────────────────────────


def body_render(*, source: str, body_format: str, preview: bool = False) -> str:
    """Markdown or HTML source → sanitised HTML, through the one sanitiser; then a paragraph
    that is only a link to YouTube, Vimeo, Mastodon or Bluesky becomes an embed card
    (samizdat.embeds). A `preview` renders the same and writes nothing (no embed remembered)."""
    if body_format == BodyFormat.MARKDOWN:
        from samizdat.media.references import resolve_media_reference

        check_nesting(source)  # before Markdown too: its raw HTML passes through
        html = render_markdown(source, resolve_image=resolve_media_reference)
    else:
        html = source
    return embed_cards(sanitize_html(html), remember=not preview)


def body_check(*, source: str) -> None:
    """ValidationError on the body field for a body nested too deep to sanitise."""
    try:
        check_nesting(source)
    except NestingTooDeep as error:
        raise ValidationError({"body_source": str(error)}) from None


# ── access gates ─────────────────────────────────────────────────────────────────────────


def post_visible_to(post: Post, user) -> bool:
    if post.is_public:
        return True
    if not user.is_authenticated:
        return False
    if post.status == Status.PRIVATE:
        return post.author_id == user.pk or user.has_perm("posts.read_private_posts")
    # Drafts, pending and not-yet-due posts: previews for whoever may edit them.
    return post_editable_by(post, user)


def post_editable_by(post: Post, user) -> bool:
    if not user.is_authenticated or not user.has_perm("posts.change_post"):
        return False
    if post.author_id != user.pk and not user.has_perm("posts.edit_others_posts"):
        return False
    # A contributor's work ends at review: once published, only publishers may change it.
    return post.status not in (*PUBLIC_STATUSES, Status.PRIVATE) or user.has_perm(
        "posts.publish_post"
    )


def page_visible_to(page: Page, user) -> bool:
    if page.status == Status.PUBLISHED:
        return True
    return user.is_authenticated and user.has_perm("posts.change_page")


# ── posts ────────────────────────────────────────────────────────────────────────────────


def _unique_slug(base: str, *, exclude_pk: int | None) -> str:
    base = (base or "untitled")[:190].strip("-") or "untitled"
    if base.isdigit():  # "/2024/" or "/12/" would read as a date archive
        base = f"post-{base}"
    taken = set(
        Post.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def post_check_may_save(*, post: Post, before: Post | None, user) -> None:
    if before is None:
        if not user.has_perm("posts.add_post"):
            raise PermissionDenied("You may not write posts.")
    elif not post_editable_by(before, user):
        raise PermissionDenied("You may not edit this post.")
    if post.author_id != user.pk and not user.has_perm("posts.edit_others_posts"):
        raise PermissionDenied("You may not write posts for another author.")
    publishing = post.status in (*PUBLIC_STATUSES, Status.PRIVATE)
    if publishing and not user.has_perm("posts.publish_post"):
        raise PermissionDenied(
            "You may not publish posts; submit the post for review and an editor will publish it."
        )


def _strip_nul(obj, *fields: str) -> None:
    """NUL can come from a script or an import, never from a person; databases refuse it."""
    for name in fields:
        setattr(obj, name, getattr(obj, name).replace("\x00", ""))


def _settle_status(post: Post) -> None:
    """Publishing fills in the time; a publish time in the future makes it scheduled."""
    if post.status in PUBLIC_STATUSES:
        post.published_at = post.published_at or timezone.now()
        future = post.published_at > timezone.now()
        post.status = Status.SCHEDULED if future else Status.PUBLISHED
    elif post.status == Status.PRIVATE:
        post.published_at = post.published_at or timezone.now()


def _remember_old_path(*, post: Post, before: Post | None) -> None:
    if before is None or not before.has_permalink:
        return
    old, new = before.get_absolute_url(), post.get_absolute_url()
    if old != new:
        Redirect.objects.update_or_create(
            old_path=unquote(old), defaults={"post": post, "page": None, "category": None}
        )


def _pages_changed(post: Post) -> None:
    """Drop the stored pages this post appears on; schedule the drop for a future post."""
    from samizdat.pagecache.services import expire_at, invalidate_on_commit

    invalidate_on_commit("posts", f"post:{post.pk}")
    if post.status == Status.SCHEDULED:
        expire_at(tag="posts", when=post.published_at)


def default_category() -> Category:
    category, _ = Category.objects.get_or_create(
        path=slugify(DEFAULT_CATEGORY), defaults={"name": DEFAULT_CATEGORY, "slug": "uncategorized"}
    )
    return category


@transaction.atomic
def post_save(
    *,
    post: Post,
    user,
    categories: Iterable[Category] | None = None,
    tags: Iterable[Tag] | None = None,
    origin: str = "",
) -> Post:
    """Create or update `post` on behalf of `user`, keeping a revision of what was saved.

    Raises PermissionDenied when the user's role does not allow it and ValidationError for a
    slug that is malformed or taken; nothing is written in either case. `origin` is passed on
    to `posts.signals.post_changed` ("import" from the importer).
    """
    before = Post.objects.filter(pk=post.pk).first() if post.pk else None
    if post.author_id is None:
        post.author = user
    post_check_may_save(post=post, before=before, user=user)
    schedule_check(status=post.status, published_at=post.published_at, before=before)
    _settle_status(post)
    _strip_nul(post, "title", "body_source", "excerpt", "slug")
    post.title = one_line(post.title)  # it goes into mail subjects
    post.slug = post.slug or _unique_slug(
        slugify(post.title, allow_unicode=True), exclude_pk=post.pk
    )
    post.body_html = body_render(source=post.body_source, body_format=post.body_format)
    post.full_clean(exclude=["categories", "tags", "author", "featured_image"])
    post.save()
    if categories is not None:
        post.categories.set(categories)
    if tags is not None:
        post.tags.set(tags)
    if not post.categories.exists():
        post.categories.add(default_category())
    _remember_old_path(post=post, before=before)
    _pages_changed(post)
    Revision.objects.create(
        post=post,
        title=post.title,
        body_source=post.body_source,
        body_format=post.body_format,
        excerpt=post.excerpt,
        saved_by=user,
    )
    post_changed.send(
        sender=Post,
        post=post,
        was_public=before is not None and before.is_public,
        is_public=post.is_public,
        origin=origin,
    )
    return post


def bodies_showing_image_rerender(*, image_id: int) -> int:
    """Render again every post and page whose body shows the image `media:<image_id>`; returns
    how many. A body is rendered when it is saved, with the image's alt text, caption and credit
    written into it: when those change, the bodies showing the image must follow."""
    from samizdat.pagecache.services import invalidate_on_commit

    reference = re.compile(rf"media:{image_id}(?!\d)")
    changed = 0
    for model in (Post, Page):
        for item in model.objects.filter(body_source__contains=f"media:{image_id}"):
            if not reference.search(item.body_source):  # media:12 is not media:123
                continue
            item.body_html = body_render(source=item.body_source, body_format=item.body_format)
            item.save(update_fields=["body_html"])
            changed += 1
            if isinstance(item, Post):
                _pages_changed(item)
                public = item.is_public
                post_changed.send(
                    sender=Post, post=item, was_public=public, is_public=public, origin=RERENDER
                )
            else:
                invalidate_on_commit(f"page:{item.pk}")
    return changed


def bodies_showing_embed_rerender(*, key: str) -> int:
    """Render again every post and page showing the embed card `key` (its title, text or
    thumbnail arrived from the worker); returns how many."""
    from samizdat.pagecache.services import invalidate_on_commit

    marker = f'data-embed="{key}"'
    changed = 0
    for model in (Post, Page):
        for item in model.objects.filter(body_html__contains=marker):
            item.body_html = body_render(source=item.body_source, body_format=item.body_format)
            item.save(update_fields=["body_html"])
            changed += 1
            if isinstance(item, Post):
                _pages_changed(item)
                public = item.is_public
                post_changed.send(
                    sender=Post, post=item, was_public=public, is_public=public, origin=RERENDER
                )
            else:
                invalidate_on_commit(f"page:{item.pk}")
    return changed


@transaction.atomic
def post_delete(*, post: Post, user, origin: str = "") -> None:
    """Delete `post` for `user`; its revisions, redirects and search entry go with it."""
    if not user.has_perm("posts.delete_post") or not post_editable_by(post, user):
        raise PermissionDenied("You may not delete this post.")
    _pages_changed(post)
    post_deleted.send(sender=Post, post=post, was_public=post.is_public, origin=origin)
    post.delete()


def revision_restore(*, revision: Revision, user) -> Post:
    """Put a revision's text back into its post; the restore itself becomes a new revision."""
    post = revision.post
    post.title = revision.title
    post.body_source = revision.body_source
    post.body_format = revision.body_format
    post.excerpt = revision.excerpt
    return post_save(post=post, user=user)


# ── taxonomy ─────────────────────────────────────────────────────────────────────────────


def _site_changed() -> None:
    """Menus and category names show on every page."""
    from samizdat.pagecache.services import SITE, invalidate_on_commit

    invalidate_on_commit(SITE)


def _tree_path(node, parent) -> str:
    ancestor = parent
    while ancestor is not None:
        if ancestor.pk is not None and ancestor.pk == node.pk:
            raise ValidationError({"parent": "An item cannot be placed inside itself."})
        ancestor = ancestor.parent
    return f"{parent.path}/{node.slug}" if parent else node.slug


def category_prepare(category: Category) -> None:
    """Fill in slug and path; ValidationError when the category would sit inside itself."""
    category.slug = category.slug or slugify(category.name, allow_unicode=True) or "category"
    category.path = _tree_path(category, category.parent)


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Save a category and re-path its descendants when its place in the tree changed."""
    old_path = Category.objects.filter(pk=category.pk).values_list("path", flat=True).first()
    category_prepare(category)
    category.full_clean()
    category.save()
    _site_changed()
    if old_path and old_path != category.path:
        Redirect.objects.update_or_create(
            old_path=f"/category/{old_path}/",
            defaults={"category": category, "post": None, "page": None},
        )
        for child in category.children.all():
            category_save(category=child)
    return category


@transaction.atomic
def category_delete(*, category: Category) -> None:
    """Delete a category (one with subcategories is protected); menus and post pages name it."""
    _site_changed()
    category.delete()


@transaction.atomic
def tag_save(*, tag: Tag) -> Tag:
    """Save a tag, a rename included: post pages, archives and feeds show its name."""
    from samizdat.pagecache.services import invalidate_on_commit

    tag.slug = tag.slug or _unique_tag_slug(tag.name)
    tag.full_clean()
    tag.save()
    invalidate_on_commit("posts")
    return tag


@transaction.atomic
def tag_delete(*, tag: Tag) -> None:
    from samizdat.pagecache.services import invalidate_on_commit

    invalidate_on_commit("posts")
    tag.delete()


def tags_from_names(names: Iterable[str]) -> list[Tag]:
    """The tags with these names, created as needed (case-insensitive match)."""
    tags = []
    for name in {n.strip(): None for n in names if n.strip()}:
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(name=name, slug=_unique_tag_slug(name))
        tags.append(tag)
    return tags


def tag_get_or_create(*, name: str, slug: str = "") -> tuple[Tag, bool]:
    """The tag called `name` (case-insensitive), or a new one that keeps `slug` when it is free
    (an import keeps a site's old tag addresses this way); and whether it was created."""
    tag = Tag.objects.filter(name__iexact=name.strip()).first()
    if tag is not None:
        return tag, False
    taken = not slug or Tag.objects.filter(slug=slug).exists()
    slug = _unique_tag_slug(slug or name) if taken else slug
    return Tag.objects.create(name=name.strip(), slug=slug), True


def _unique_tag_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True) or "tag"
    slug, n = base, 2
    while Tag.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# ── pages ────────────────────────────────────────────────────────────────────────────────


def page_prepare(page: Page) -> None:
    """Fill in slug and path; ValidationError for a loop or an address the site reserves."""
    body_check(source=page.body_source)
    page.slug = page.slug or slugify(page.title, allow_unicode=True) or "page"
    page.path = _tree_path(page, page.parent)
    first = page.path.split("/")[0]
    if first in RESERVED_FIRST_SEGMENTS or (first.isdigit() and len(first) == 4):
        raise ValidationError({"slug": f"“{first}” is reserved for the site's own addresses."})


@transaction.atomic
def page_save(*, page: Page, user) -> Page:
    """Save a page, keep its descendants' paths in step and redirect every old path."""
    if not user.has_perm("posts.add_page" if page.pk is None else "posts.change_page"):
        raise PermissionDenied("You may not edit pages.")
    if page.author_id is None:
        page.author = user
    _strip_nul(page, "title", "body_source", "slug")
    page.title = one_line(page.title)
    old_path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()
    page_prepare(page)
    if page.status != Status.DRAFT:
        page.published_at = page.published_at or timezone.now()
    page.body_html = body_render(source=page.body_source, body_format=page.body_format)
    page.full_clean(exclude=["author"])
    page.save()
    _site_changed()
    if old_path and old_path != page.path:
        Redirect.objects.update_or_create(
            old_path=f"/{old_path}/", defaults={"page": page, "post": None, "category": None}
        )
        for child in page.children.all():
            page_save(page=child, user=user)
    return page


@transaction.atomic
def page_delete(*, page: Page, user) -> None:
    """Delete a page (one with subpages is protected); it leaves the menu on every page."""
    if not user.has_perm("posts.delete_page"):
        raise PermissionDenied("You may not delete pages.")
    _site_changed()
    page.delete()


# ── redirects ────────────────────────────────────────────────────────────────────────────


def redirect_add(*, old_path: str, target: Post | Page | Category) -> tuple[Redirect | None, bool]:
    """Let `old_path` answer 301 to `target` (once nothing else lives there), as get_or_create
    does: (the redirect, whether it was created). (None, False) when the path already
    redirects somewhere else, which is left as it is."""
    old_path = unquote(old_path)
    field = {Post: "post", Page: "page", Category: "category"}[type(target)]
    existing = Redirect.objects.filter(old_path=old_path).first()
    if existing is not None:
        return (existing if getattr(existing, f"{field}_id") == target.pk else None), False
    return Redirect.objects.create(old_path=old_path, **{field: target}), True


@transaction.atomic
def legacy_addresses_record(*, addresses: Iterable[LegacyAddress]) -> int:
    """Let the numbers a site's earlier home gave its content answer here (see LegacyAddress):
    each (kind, number) points at its new target, replacing what was recorded before. Returns
    how many were recorded."""
    rows = list(addresses)
    LegacyAddress.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["kind", "number"],
        update_fields=["post", "page", "category", "author", "url", "recorded_at"],
    )
    return len(rows)
