"""Posts and pages of an export, and the comment threads under them.

Status mapping (WordPress → samizdat):
- posts: publish → published (scheduled when its time is still to come), future → scheduled,
  draft → draft, pending → pending review, private → private;
- pages: publish → published, private → private; draft, pending and future → draft (pages
  have neither review nor schedule here);
- a password-protected post or page → private, with a warning: samizdat has no post passwords,
  and private keeps the text from anyone but its editors;
- trash, auto-draft and revisions are not imported; `wp:is_sticky` makes a post sticky.
Pages have no comments in samizdat: theirs are counted as skipped and reported.
"""

from datetime import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils import timezone

from samizdat.core.sanitize import NestingTooDeep
from samizdat.importers.wordpress import fields
from samizdat.importers.wordpress.comments import import_comments, skip_comments
from samizdat.importers.wordpress.content import CONVERTER_VERSION, convert_post_body
from samizdat.importers.wordpress.records import Item, WXRError
from samizdat.importers.wordpress.run import Done
from samizdat.importers.wordpress.run import RunState as ImportRun
from samizdat.importers.wordpress.shortcodes import ShortcodeContext
from samizdat.posts.models import Page, Post, Status
from samizdat.posts.permalinks import RESERVED_FIRST_SEGMENTS
from samizdat.posts.services import page_save, post_save
from samizdat.posts.signals import ORIGIN_IMPORT

UNTITLED = "(no title)"
_META_KEPT = ("_thumbnail_id",)


def import_item(run: ImportRun, item: Item) -> None:
    wp_id = fields.integer(item.get("wp:post_id"))
    info = run.index.items.get(wp_id) if wp_id is not None else None
    kind = "post" if item.get("wp:post_type").strip() == "post" else "page"
    if info is None or info.line != item.line:
        run._skip_duplicate(kind, item)
        skip_comments(run, item, "its item was not imported")
        return
    if kind == "post":
        _import_post(run, item, wp_id)
    else:
        _import_page(run, item, wp_id)


def import_orphan_pages(run: ImportRun) -> None:
    """Pages whose parent never came (not in the export, or not imported): the top level."""
    while run.deferred_pages:
        parent_id, children = run.deferred_pages.popitem()
        for child in children:
            run.report.warn(
                "page",
                f"page {child.get('wp:post_id')}: its parent {parent_id} was not imported; "
                "placed at the top level",
                line=child.line,
            )
            _import_page(run, child, fields.integer(child.get("wp:post_id")), orphan=True)


# ── shared ───────────────────────────────────────────────────────────────────────────────


def _digest(run: ImportRun, item: Item) -> str:
    meta = {k: item.meta[k] for k in _META_KEPT if k in item.meta}
    return fields.checksum(
        CONVERTER_VERSION, bool(run.media_dir), item.fields, sorted(item.terms), meta
    )


def _status(run: ImportRun, item: Item, kind: str) -> str | None:
    raw = item.get("wp:status").strip()
    table = fields.POST_STATUSES if kind == "post" else fields.PAGE_STATUSES
    wp_id = item.get("wp:post_id")
    if raw not in table:
        if raw not in fields.NOT_CONTENT:
            run.report.warn(kind, f"unknown status {raw!r}; not imported", source_id=wp_id)
        return None
    status = table[raw]
    if kind == "page" and raw in ("pending", "future"):
        run.report.warn(kind, f"a {raw} page is imported as a draft", source_id=wp_id)
    if item.get("wp:post_password") and status in (Status.PUBLISHED, Status.PRIVATE):
        run.report.warn(
            kind,
            "password-protected: imported as private (samizdat has no post passwords)",
            source_id=wp_id,
            line=item.line,
        )
        status = Status.PRIVATE
    return status


def _published_at(run: ImportRun, item: Item, status: str, kind: str) -> datetime | None:
    moment = fields.wp_date(item.get("wp:post_date_gmt"), utc=True)
    if moment is None and status != Status.DRAFT and status != Status.PENDING:
        moment = fields.wp_date(item.get("wp:post_date"), utc=False) or fields.rss_date(
            item.get("pubDate")
        )
        if moment is None:
            run.report.warn(kind, "no valid date; dated now", source_id=item.get("wp:post_id"))
            moment = timezone.now()
    return moment


def _title(run: ImportRun, item: Item, kind: str) -> str:
    title = fields.plain_text(item.get("title"))[:300]
    if not title:
        run.report.warn(kind, f"no title; called {UNTITLED!r}", source_id=item.get("wp:post_id"))
    return title or UNTITLED


def _body(run: ImportRun, item: Item, wp_id: int, pending: dict) -> str:
    context = ShortcodeContext(
        attachment=lambda i: run.media[i][0] if i in run.media else None,
        attachments_of=lambda parent: [
            (i, run.media[i][0]) for i in run.index.attachments_of(parent) if i in run.media
        ],
        item_id=wp_id,
    )
    try:
        return convert_post_body(
            item.get("content:encoded"),
            shortcodes=context,
            rewrite=run.rewriter(pending),
            unsupported=run.report.unsupported,
        )
    except NestingTooDeep as error:  # the whole import stops: nothing is half imported
        title = fields.plain_text(item.get("title"))[:80]
        raise WXRError(f"Item {wp_id} ({title!r}): {error}") from None


def _after_save(run: ImportRun, item: Item, wp_id: int, obj: Post | Page, pending: dict) -> None:
    run.done[wp_id] = done = Done.of(obj)
    if pending:
        run.fixups.append((done, pending))
    info = run.index.items[wp_id]
    if run.redirect(info.path, obj):  # moved: its old comment feed address follows
        run.redirect(info.path.rstrip("/") + "/feed/", obj)
    guid = urlsplit(info.guid)
    if run.index.is_old_site(info.guid) and not guid.query and guid.path.strip("/"):
        run.redirect(guid.path, obj)


# ── posts ────────────────────────────────────────────────────────────────────────────────


def _import_post(run: ImportRun, item: Item, wp_id: int) -> None:
    status = _status(run, item, "post")
    if status is None:
        run.report.count("post", "skipped")
        skip_comments(run, item, "its post was not imported")
        return
    info = run.index.items[wp_id]
    digest = _digest(run, item)
    mapping = run.mapped("post", wp_id, info.guid)
    post = run.target(mapping, Post)
    if post is not None and mapping.checksum == digest:
        run.report.count("post", "unchanged")
        run.done[wp_id] = Done.of(post)
        import_comments(run, item, post, mapping)
        return
    creating = post is None
    post = post or Post()
    post.title = _title(run, item, "post")
    post.author = run.author_for(item.get("dc:creator"), item)
    post.status = status
    post.published_at = _published_at(run, item, status, "post")
    post.slug = _wanted_slug(item)
    post.excerpt = fields.plain_text(item.get("excerpt:encoded"))
    post.comments_open = item.get("wp:comment_status").strip() != "closed"
    post.sticky = item.get("wp:is_sticky").strip() == "1"
    post.body_format = "html"
    pending: dict[str, tuple] = {}
    post.body_source = _body(run, item, wp_id, pending)
    thumbnail = fields.integer(item.meta.get("_thumbnail_id", ""))
    post.featured_image = run.images.get(thumbnail) if thumbnail is not None else None
    categories, tags = _terms(run, item)
    try:
        post = _save_post(run, item, post, categories, tags)
    except ValidationError as exc:
        run.report.warn(
            "post", f"not imported: {fields.message(exc)}", source_id=wp_id, line=item.line
        )
        run.report.count("post", "skipped")
        skip_comments(run, item, "its post was not imported")
        return
    run.report.count("post", "imported" if creating else "updated")
    mapping = run.remember(
        mapping, kind="post", source_id=wp_id, guid=info.guid, obj=post, digest=digest,
        old_path=info.path,
    )  # fmt: skip
    _after_save(run, item, wp_id, post, pending)
    import_comments(run, item, post, mapping)


def _wanted_slug(item: Item) -> str:
    return fields.post_slug(fields.slug(item.get("wp:post_name")))


def _save_post(run: ImportRun, item: Item, post: Post, categories, tags) -> Post:
    """post_save; when the slug is taken here by another post, once more with a free one."""
    try:
        return post_save(
            post=post, user=run.user, categories=categories, tags=tags, origin=ORIGIN_IMPORT
        )
    except ValidationError as exc:
        taken = getattr(exc, "error_dict", {}).get("slug", [])
        if not any(error.code == "unique" for error in taken):
            raise
    base, n = post.slug, 2
    while Post.objects.filter(slug=f"{base[:190]}-{n}").exists():
        n += 1
    post.slug = f"{base[:190]}-{n}"
    run.report.warn(
        "post", f"slug {base!r} is taken here; the post is {post.slug!r}",
        source_id=item.get("wp:post_id"),
    )  # fmt: skip
    return post_save(
        post=post, user=run.user, categories=categories, tags=tags, origin=ORIGIN_IMPORT
    )


def _terms(run: ImportRun, item: Item) -> tuple[list, list]:
    categories, tags = [], []
    for domain, nicename, name in item.terms:
        key = fields.slug(nicename, fallback=name)
        if domain in ("category", "") and key in run.categories:
            categories.append(run.categories[key])
        elif domain in ("post_tag", "tag") and key in run.tags:
            tags.append(run.tags[key])
    return list(dict.fromkeys(categories)), list(dict.fromkeys(tags))


# ── pages ────────────────────────────────────────────────────────────────────────────────


def _import_page(run: ImportRun, item: Item, wp_id: int, *, orphan: bool = False) -> None:
    status = _status(run, item, "page")
    if status is None:
        run.report.count("page", "skipped")
        skip_comments(run, item, "its page was not imported")
        return
    info = run.index.items[wp_id]
    parent = None
    if info.parent and not orphan:
        done = run.done.get(info.parent)
        parent_info = run.index.items.get(info.parent)
        if done is None and parent_info and parent_info.post_type == "page":
            run.deferred_pages[info.parent].append(item)  # imported once its parent is
            return
        parent = done.get() if done and done.model is Page else None
        if parent is None:
            run.report.warn(
                "page", f"its parent {info.parent} is not a page here; placed at the top level",
                source_id=wp_id, line=item.line,
            )  # fmt: skip
            parent = None
    digest = _digest(run, item)
    mapping = run.mapped("page", wp_id, info.guid)
    page = run.target(mapping, Page)
    if page is not None and mapping.checksum == digest:
        run.report.count("page", "unchanged")
        _page_done(run, item, wp_id, page)
        return
    creating = page is None
    page = page or Page()
    page.title = _title(run, item, "page")
    page.author = run.author_for(item.get("dc:creator"), item)
    page.status = status
    page.published_at = _published_at(run, item, status, "page")
    page.parent = parent
    page.slug = _free_page_slug(run, item, page)
    page.menu_order = _signed(item.get("wp:menu_order"))
    page.body_format = "html"
    pending: dict[str, tuple] = {}
    page.body_source = _body(run, item, wp_id, pending)
    try:
        page = page_save(page=page, user=run.user)
    except ValidationError as exc:
        run.report.warn(
            "page", f"not imported: {fields.message(exc)}", source_id=wp_id, line=item.line
        )
        run.report.count("page", "skipped")
        skip_comments(run, item, "its page was not imported")
        return
    run.report.count("page", "imported" if creating else "updated")
    run.remember(
        mapping, kind="page", source_id=wp_id, guid=info.guid, obj=page, digest=digest,
        old_path=info.path,
    )  # fmt: skip
    _after_save(run, item, wp_id, page, pending)
    _page_done(run, item, wp_id, page)


def _page_done(run: ImportRun, item: Item, wp_id: int, page: Page) -> None:
    run.done[wp_id] = Done.of(page)
    skip_comments(run, item, "samizdat pages have no comments")
    for child in run.deferred_pages.pop(wp_id, []):
        _import_page(run, child, fields.integer(child.get("wp:post_id")))


def _free_page_slug(run: ImportRun, item: Item, page: Page) -> str:
    slug = fields.slug(item.get("wp:post_name"), fallback=fields.plain_text(item.get("title")))
    slug = slug or "page"
    if page.parent is None and (
        slug in RESERVED_FIRST_SEGMENTS or (slug.isdigit() and len(slug) == 4)
    ):
        slug = f"{slug}-page"
    base, n = slug, 2
    while Page.objects.filter(parent=page.parent, slug=slug).exclude(pk=page.pk).exists():
        slug, n = f"{base[:190]}-{n}", n + 1
    if slug != fields.slug(item.get("wp:post_name")):
        run.report.warn(
            "page", f"its address ends in {slug!r} here", source_id=item.get("wp:post_id")
        )
    return slug


def _signed(value: str) -> int:
    value = value.strip()
    number = fields.integer(value.lstrip("-")) or 0
    return max(-(2**31), min(2**31 - 1, -number if value.startswith("-") else number))
