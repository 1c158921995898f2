"""The whole site as a WordPress export (WXR 1.2) that WordPress's own importer accepts.

Written as a stream (lxml's incremental writer, rows read in chunks), so memory stays flat
whatever the size of the site. What goes in: authors (users who wrote posts or pages), every
category (parents before children, as WordPress's importer needs) and tag, every post in every
status, pages with their parents, images as attachments, and every comment with its thread and
status. Bodies are the sanitised HTML samizdat shows (a Markdown source leaves as its HTML), with
line breaks outside `<pre>` folded into spaces so WordPress's display adds no `<br>` of its own.

WordPress keeps posts, pages and attachments in one table, so their ids must not collide:
posts keep their id, pages are numbered from PAGE_ID_OFFSET and images from IMAGE_ID_OFFSET
(tags likewise from TAG_ID_OFFSET), the same numbers in every export of the site.
"""

import os
import re
from collections import Counter
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from samizdat.comments.models import Comment
from samizdat.core.models import SiteSettings
from samizdat.media.models import Image
from samizdat.posts.models import Category, Page, Post, Status, Tag

WP = "http://wordpress.org/export/1.2/"
NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": WP,
}
PAGE_ID_OFFSET = 1_000_000_000
IMAGE_ID_OFFSET = 2_000_000_000
TAG_ID_OFFSET = 1_000_000_000
NO_DATE = "0000-00-00 00:00:00"
CHUNK = 200

POST_STATUS = {
    Status.PUBLISHED: "publish",
    Status.SCHEDULED: "future",
    Status.DRAFT: "draft",
    Status.PENDING: "pending",
    Status.PRIVATE: "private",
}
COMMENT_STATUS = {
    Comment.Status.APPROVED: "1",
    Comment.Status.PENDING: "0",
    Comment.Status.SPAM: "spam",
    Comment.Status.TRASH: "trash",
}

# Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PRE = re.compile(r"<pre[\s>].*?</pre>", re.S | re.I)


def _xml_text(value) -> str:
    return _NOT_XML.sub("", "" if value is None else str(value))


def html_for_wordpress(html: str) -> str:
    """Line breaks outside <pre> folded into spaces: WordPress's display adds no <br /> then."""
    parts, position = [], 0
    for match in _PRE.finditer(html):
        parts.append(re.sub(r"\s*\n\s*", " ", html[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(re.sub(r"\s*\n\s*", " ", html[position:]))
    return "".join(parts).strip()


def _local(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S") if moment else NO_DATE


def _gmt(moment: datetime | None) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S") if moment else NO_DATE


class _Writer:
    def __init__(self, xf, site: str):
        self.xf = xf
        self.site = site

    def field(self, name: str, value="", *, cdata: bool = False, attributes=None) -> None:
        prefix, _, local = name.rpartition(":")
        tag = f"{{{NAMESPACES[prefix]}}}{local}" if prefix else local
        text = _xml_text(value)
        with self.xf.element(tag, attributes or {}):
            if text and cdata and "]]>" not in text:
                self.xf.write(etree.CDATA(text))
            elif text:
                self.xf.write(text)
        self.xf.write("\n")

    def absolute(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.site + path


def _channel(w: _Writer) -> None:
    site = SiteSettings.load()
    w.field("title", site.title)
    w.field("link", w.site)
    w.field("description", site.tagline)
    w.field("pubDate", format_datetime(datetime.now(UTC)))
    w.field("language", settings.LANGUAGE_CODE)
    w.field("wp:wxr_version", "1.2")
    w.field("wp:base_site_url", w.site)
    w.field("wp:base_blog_url", w.site)


def _authors(w: _Writer, counts: Counter) -> None:
    writers = get_user_model().objects.filter(Q(posts__isnull=False) | Q(pages__isnull=False))
    for user in writers.distinct().order_by("pk"):
        with w.xf.element(f"{{{WP}}}author"):
            w.field("wp:author_id", user.pk)
            w.field("wp:author_login", user.get_username(), cdata=True)
            w.field("wp:author_email", user.email, cdata=True)
            w.field("wp:author_display_name", user.public_name, cdata=True)
            w.field("wp:author_first_name", user.first_name, cdata=True)
            w.field("wp:author_last_name", user.last_name, cdata=True)
        w.xf.write("\n")
        counts["authors"] += 1


def _taxonomy(w: _Writer, counts: Counter) -> None:
    # Ordered by path, so a parent ("news") always comes before its children ("news/local").
    for category in Category.objects.select_related("parent").order_by("path"):
        with w.xf.element(f"{{{WP}}}category"):
            w.field("wp:term_id", category.pk)
            w.field("wp:category_nicename", category.slug, cdata=True)
            parent = category.parent.slug if category.parent else ""
            w.field("wp:category_parent", parent, cdata=True)
            w.field("wp:cat_name", category.name, cdata=True)
            w.field("wp:category_description", category.description, cdata=True)
        w.xf.write("\n")
        counts["categories"] += 1
    for tag in Tag.objects.order_by("pk"):
        with w.xf.element(f"{{{WP}}}tag"):
            w.field("wp:term_id", TAG_ID_OFFSET + tag.pk)
            w.field("wp:tag_slug", tag.slug, cdata=True)
            w.field("wp:tag_name", tag.name, cdata=True)
        w.xf.write("\n")
        counts["tags"] += 1


def _common(w: _Writer, *, title, link, published, creator, guid, content, excerpt) -> None:
    w.field("title", title)
    w.field("link", w.absolute(link))
    w.field("pubDate", format_datetime(published.astimezone(UTC)) if published else "")
    w.field("dc:creator", creator, cdata=True)
    w.field("guid", guid, attributes={"isPermaLink": "false"})
    w.field("description")
    w.field("content:encoded", content, cdata=True)
    w.field("excerpt:encoded", excerpt, cdata=True)


def _dates(w: _Writer, published: datetime | None, fallback: datetime, modified) -> None:
    w.field("wp:post_date", _local(published or fallback), cdata=True)
    w.field("wp:post_date_gmt", _gmt(published), cdata=True)
    w.field("wp:post_modified", _local(modified), cdata=True)
    w.field("wp:post_modified_gmt", _gmt(modified), cdata=True)


def _meta(w: _Writer, key: str, value) -> None:
    with w.xf.element(f"{{{WP}}}postmeta"):
        w.field("wp:meta_key", key, cdata=True)
        w.field("wp:meta_value", value, cdata=True)
    w.xf.write("\n")


def _post(w: _Writer, post: Post, counts: Counter) -> None:
    with w.xf.element("item"):
        _common(
            w, title=post.title, link=post.get_absolute_url(), published=post.published_at,
            creator=post.author.get_username(), guid=w.absolute(f"/?p={post.pk}"),
            content=html_for_wordpress(post.body_html), excerpt=post.excerpt,
        )  # fmt: skip
        w.field("wp:post_id", post.pk)
        _dates(w, post.published_at, post.created_at, post.modified_at)
        w.field("wp:comment_status", "open" if post.comments_open else "closed", cdata=True)
        w.field("wp:ping_status", "closed", cdata=True)
        w.field("wp:post_name", post.slug, cdata=True)
        w.field("wp:status", POST_STATUS.get(post.status, "draft"), cdata=True)
        w.field("wp:post_parent", 0)
        w.field("wp:menu_order", 0)
        w.field("wp:post_type", "post", cdata=True)
        w.field("wp:post_password", "", cdata=True)
        w.field("wp:is_sticky", int(post.sticky))
        for category in post.categories.all():
            w.field("category", category.name, cdata=True,
                    attributes={"domain": "category", "nicename": category.slug})  # fmt: skip
        for tag in post.tags.all():
            w.field("category", tag.name, cdata=True,
                    attributes={"domain": "post_tag", "nicename": tag.slug})  # fmt: skip
        if post.featured_image_id:
            _meta(w, "_thumbnail_id", IMAGE_ID_OFFSET + post.featured_image_id)
        for comment in _parents_first(list(post.comments.all())):
            _comment(w, comment)
            counts["comments"] += 1
    w.xf.write("\n")
    counts["posts"] += 1


def _parents_first(comments: list[Comment]) -> list[Comment]:
    """In time order, except that a reply never comes before its parent (WordPress's importer
    threads a reply only under a comment it has already read)."""
    by_id = {c.pk: c for c in comments}
    placed: set[int] = set()
    ordered: list[Comment] = []
    for comment in comments:
        chain, node = [], comment
        while node is not None and node.pk not in placed and node not in chain:
            chain.append(node)
            node = by_id.get(node.parent_id)
        for item in reversed(chain):
            placed.add(item.pk)
            ordered.append(item)
    return ordered


def _comment(w: _Writer, comment: Comment) -> None:
    with w.xf.element(f"{{{WP}}}comment"):
        w.field("wp:comment_id", comment.pk)
        w.field("wp:comment_author", comment.author_name, cdata=True)
        w.field("wp:comment_author_email", comment.author_email, cdata=True)
        w.field("wp:comment_author_url", comment.author_url)
        w.field("wp:comment_author_IP", comment.ip_address or "", cdata=True)
        w.field("wp:comment_date", _local(comment.created_at), cdata=True)
        w.field("wp:comment_date_gmt", _gmt(comment.created_at), cdata=True)
        w.field("wp:comment_content", html_for_wordpress(comment.body_html), cdata=True)
        w.field("wp:comment_approved", COMMENT_STATUS.get(comment.status, "0"), cdata=True)
        w.field("wp:comment_type", comment.kind, cdata=True)
        w.field("wp:comment_parent", comment.parent_id or 0)
        w.field("wp:comment_user_id", comment.user_id or 0)
    w.xf.write("\n")


def _page(w: _Writer, page: Page, counts: Counter) -> None:
    with w.xf.element("item"):
        _common(
            w, title=page.title, link=page.get_absolute_url(), published=page.published_at,
            creator=page.author.get_username(), guid=w.absolute(f"/?page_id={page.pk}"),
            content=html_for_wordpress(page.body_html), excerpt="",
        )  # fmt: skip
        w.field("wp:post_id", PAGE_ID_OFFSET + page.pk)
        _dates(w, page.published_at, page.modified_at, page.modified_at)
        w.field("wp:comment_status", "closed", cdata=True)
        w.field("wp:ping_status", "closed", cdata=True)
        w.field("wp:post_name", page.slug, cdata=True)
        w.field("wp:status", POST_STATUS.get(page.status, "draft"), cdata=True)
        w.field("wp:post_parent", PAGE_ID_OFFSET + page.parent_id if page.parent_id else 0)
        w.field("wp:menu_order", page.menu_order)
        w.field("wp:post_type", "page", cdata=True)
        w.field("wp:post_password", "", cdata=True)
        w.field("wp:is_sticky", 0)
    w.xf.write("\n")
    counts["pages"] += 1


def _image(w: _Writer, image: Image, counts: Counter) -> None:
    url = w.absolute(image.file.url)
    creator = image.uploaded_by.get_username() if image.uploaded_by else ""
    with w.xf.element("item"):
        _common(
            w, title=image.caption or Path(image.file.name).stem, link=url,
            published=image.uploaded_at, creator=creator, guid=url, content="",
            excerpt=image.caption,
        )  # fmt: skip
        w.field("wp:post_id", IMAGE_ID_OFFSET + image.pk)
        _dates(w, image.uploaded_at, image.uploaded_at, image.uploaded_at)
        w.field("wp:comment_status", "closed", cdata=True)
        w.field("wp:ping_status", "closed", cdata=True)
        w.field("wp:post_name", Path(image.file.name).stem, cdata=True)
        w.field("wp:status", "inherit", cdata=True)
        w.field("wp:post_parent", 0)
        w.field("wp:menu_order", 0)
        w.field("wp:post_type", "attachment", cdata=True)
        w.field("wp:post_password", "", cdata=True)
        w.field("wp:is_sticky", 0)
        w.field("wp:attachment_url", url, cdata=True)
        _meta(w, "_wp_attached_file", image.file.name)
        if image.alt:
            _meta(w, "_wp_attachment_image_alt", image.alt)
        if image.credit:
            _meta(w, "_samizdat_credit", image.credit)
    w.xf.write("\n")
    counts["attachments"] += 1


def wordpress_export(*, path: Path) -> Counter:
    """Write the whole site to `path` as WXR 1.2 (atomically: a failure leaves no half file);
    returns how many of each kind were written."""
    path = Path(path)
    site = settings.SAMIZDAT_SITE_URL.rstrip("/")
    counts: Counter = Counter()
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        with etree.xmlfile(str(partial), encoding="utf-8") as xf:
            xf.write_declaration()
            xf.write(etree.Comment(" WordPress eXtended RSS (WXR 1.2), written by samizdat "))
            with xf.element("rss", {"version": "2.0"}, nsmap=NAMESPACES):
                xf.write("\n")
                with xf.element("channel"):
                    xf.write("\n")
                    w = _Writer(xf, site)
                    _channel(w)
                    _authors(w, counts)
                    _taxonomy(w, counts)
                    images = Image.objects.select_related("uploaded_by").order_by("pk")
                    for image in images.iterator(chunk_size=CHUNK):
                        _image(w, image, counts)
                    posts = (
                        Post.objects.select_related("author")
                        .prefetch_related("categories", "tags", "comments")
                        .order_by("pk")
                    )
                    for post in posts.iterator(chunk_size=CHUNK):
                        _post(w, post, counts)
                    pages = Page.objects.select_related("author").order_by("pk")
                    for page in pages.iterator(chunk_size=CHUNK):
                        _page(w, page, counts)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return counts
