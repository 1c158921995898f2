"""WordPress's own theme unit test export imports completely, and every old address works.

Expected numbers are computed here from the file with a separate, simple parse (the standard
library's ElementTree on the whole document), never from the importer's own reading.
"""

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import unquote, urlsplit

import pytest
from django.utils import timezone

from samizdat.comments.models import Comment
from samizdat.importers.models import ImportedItem
from samizdat.posts.models import Category, Page, Post, Redirect, Revision, Status, Tag

pytestmark = pytest.mark.django_db

# The small translation the tests make on their own: WordPress's words → samizdat's.
COMMENT_STATUS = {"1": "approved", "0": "pending", "spam": "spam", "trash": "trash"}
COMMENT_KIND = {"": "comment", "comment": "comment", "pingback": "pingback",
                "trackback": "trackback"}  # fmt: skip


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(element, name: str) -> str:
    for child in element:
        if _local(child.tag) == name:
            return (child.text or "").strip()
    return ""


class Export:
    """What the file says, read independently of the importer."""

    def __init__(self, path):
        channel = ET.parse(path).getroot().find("channel")  # noqa: S314 (trusted test data)
        self.items = [e for e in channel if e.tag == "item"]
        self.categories = {}
        self.tags = set()
        for element in channel:
            if _local(element.tag) == "category":
                slug = unquote(_text(element, "category_nicename"))
                self.categories[slug] = unquote(_text(element, "category_parent"))
            elif _local(element.tag) == "tag":
                self.tags.add(_text(element, "tag_name").casefold())
        for item in self.items:
            if self.type(item) not in ("post", "page"):
                continue
            for term in item.findall("category"):
                if term.get("domain") == "category":
                    self.categories.setdefault(unquote(term.get("nicename")), "")
                elif term.get("domain") == "post_tag":
                    self.tags.add((term.text or "").strip().casefold())

    @staticmethod
    def type(item) -> str:
        return _text(item, "post_type")

    def of_type(self, post_type: str) -> list:
        return [i for i in self.items if self.type(i) == post_type]

    @staticmethod
    def comments(item) -> list:
        return [c for c in item if _local(c.tag) == "comment"]


@pytest.fixture(scope="module")
def export(theme_unit_test_data):
    return Export(theme_unit_test_data)


@pytest.fixture
def imported(import_wxr, theme_unit_test_data, no_network):
    return import_wxr(theme_unit_test_data)


def _expected_post_status(item) -> str:
    status, password = _text(item, "status"), _text(item, "post_password")
    if password and status in ("publish", "future", "private"):
        return Status.PRIVATE
    if status in ("publish", "future"):
        when = datetime.fromisoformat(_text(item, "post_date_gmt")).replace(tzinfo=UTC)
        return Status.SCHEDULED if when > timezone.now() else Status.PUBLISHED
    return {"draft": Status.DRAFT, "pending": Status.PENDING, "private": Status.PRIVATE}[status]


def test_posts_pages_and_attachments_arrive_with_their_statuses(export, imported):
    """Every post and page of the file is here with its status mapped; attachments are all
    accounted for (kept at their old addresses: the file's media live on other hosts)."""
    posts = Counter(_expected_post_status(i) for i in export.of_type("post"))
    assert Counter(Post.objects.values_list("status", flat=True)) == posts
    pages = Counter(_text(i, "status") for i in export.of_type("page"))
    assert pages == {"publish": Page.objects.filter(status=Status.PUBLISHED).count()}
    assert Page.objects.count() == len(export.of_type("page"))
    attachments = export.of_type("attachment")
    assert ImportedItem.objects.filter(kind="attachment").count() == len(attachments)
    assert len(imported.remote_media) == len(attachments)
    assert imported.counts["post"]["imported"] == len(export.of_type("post"))


def test_categories_keep_their_tree_and_tags_are_all_there(export, imported):
    here = {c.slug: (c.parent.slug if c.parent else "") for c in Category.objects.all()}
    assert here == export.categories
    assert {t.name.casefold() for t in Tag.objects.all()} == export.tags


def test_comment_threads_keep_status_kind_and_parent(export, imported):
    """Comments on posts arrive with status, kind and reply structure; those on pages (which
    have no comments here) are counted as skipped and named in the report."""
    expected, on_pages = Counter(), 0
    for item in export.items:
        for c in export.comments(item):
            if export.type(item) == "page":
                on_pages += 1
                continue
            expected[
                (
                    COMMENT_STATUS[_text(c, "comment_approved")],
                    COMMENT_KIND[_text(c, "comment_type")],
                    _text(c, "comment_parent") not in ("", "0"),
                )
            ] += 1
    here = Counter((c.status, c.kind, c.parent_id is not None) for c in Comment.objects.all())
    assert here == expected
    assert imported.counts["comment"]["skipped"] == on_pages
    # Replies hang under the comment they answered on the old site (ids are kept here).
    for item in export.of_type("post"):
        for c in export.comments(item):
            parent = int(_text(c, "comment_parent") or 0)
            comment = Comment.objects.get(pk=int(_text(c, "comment_id")))
            assert comment.parent_id == (parent or None)


def test_each_published_post_answers_at_its_old_address_with_its_approved_comments(
    export, imported, client
):
    checked = 0
    for item in export.of_type("post"):
        if _text(item, "status") != "publish" or _text(item, "post_password"):
            continue
        old = urlsplit(_text(item, "link")).path
        response = client.get(old, follow=True)
        assert response.status_code == 200, old
        wp_id = int(_text(item, "post_id"))
        mapped = ImportedItem.objects.get(kind="post", source_id=wp_id)
        assert response.context["post"].pk == mapped.object_id
        for c in export.comments(item):
            if _text(c, "comment_approved") == "1":
                # The old #comment-N anchor is on the page: its id was kept.
                assert f'id="comment-{_text(c, "comment_id")}"' in response.content.decode()
        checked += 1
    assert checked > 40


def test_old_query_addresses_answer_301(export, imported, client):
    item = next(i for i in export.of_type("post") if _text(i, "post_name") == "template-comments")
    post = Post.objects.get(slug="template-comments")
    response = client.get("/", {"p": _text(item, "post_id")})
    assert (response.status_code, response["Location"]) == (301, post.get_absolute_url())
    page = next(i for i in export.of_type("page") if _text(i, "post_name") == "about")
    response = client.get("/", {"page_id": _text(page, "post_id")})
    assert (response.status_code, response["Location"]) == (301, "/about/")
    response = client.get("/", {"cat": "2835016"})  # aciform
    assert response["Location"] == Category.objects.get(slug="aciform").get_absolute_url()
    gallery = Post.objects.get(slug="post-format-gallery")
    response = client.get("/", {"attachment_id": "611"})  # attached to the gallery post
    assert response["Location"] == gallery.get_absolute_url()
    response = client.get("/2010/09/10/post-format-gallery/canola2/")  # the attachment's page
    assert response["Location"] == gallery.get_absolute_url()
    # A moved post's comment feed address leads to the post.
    moved = Post.objects.get(slug="blocks-formatting")
    response = client.get("/2018/11/02/block-category-formatting/feed/")
    assert response["Location"] == moved.get_absolute_url()


def test_moved_addresses_and_odd_slugs(imported, client):
    # The link says /2018/11/02/block-category-formatting/, the slug is blocks-formatting.
    response = client.get("/2018/11/02/block-category-formatting/", follow=True)
    assert response.redirect_chain and response.status_code == 200
    assert response.context["post"].slug == "blocks-formatting"
    # Percent-encoded Greek slugs are decoded; the link's doubled slash is forgiven.
    greek = Page.objects.get(path="greek/επίπεδο-2")
    assert client.get(greek.get_absolute_url()).status_code == 200
    assert Redirect.objects.filter(old_path="/about/page-with-comments/").count() == 0


def test_content_is_converted_and_sanitised(imported):
    caption = Post.objects.get(slug="post-format-image-caption").body_html
    assert '<figure class="wp-caption alignnone">' in caption
    assert "<figcaption" in caption and "[caption" not in caption
    blocks = Post.objects.get(slug="keyboard-navigation").body_html
    assert "wp:paragraph" not in blocks and "<h3>How to keyboard test:</h3>" in blocks
    classic = Page.objects.get(path="about").body_html
    assert classic.startswith("<p>This site is using the standard WordPress Theme Unit Test")
    assert not Post.objects.filter(body_html__icontains="<script").exists()
    assert imported.unsupported["shortcode [simple]"] == 1  # left visible, and reported
    assert "[simple boat]" in Post.objects.get(body_html__contains="[simple").body_html


def test_quirks_are_handled_and_reported(imported):
    """The stray '>' in two dc:creator values, a post with no title, a password, a sticky
    post and a scheduled one."""
    assert Post.objects.get(slug="block-category-common").author.username == "themereviewteam"
    assert any("'>themereviewteam'" in w["message"] for w in imported.warnings)
    assert Post.objects.get(slug="edge-case-no-title").title == "(no title)"
    assert Post.objects.get(slug="template-password-protected").status == Status.PRIVATE
    assert Post.objects.get(slug="template-sticky").sticky
    assert Post.objects.get(slug="scheduled").status == Status.SCHEDULED
    authors = {p.author.username for p in Post.objects.all()}
    assert authors == {"themedemos", "themereviewteam"}
    assert not any(p.author.has_usable_password() for p in Post.objects.all())


def _snapshot() -> dict:
    return {
        "posts": sorted(Post.objects.values_list("pk", "title", "slug", "status", "modified_at")),
        "pages": sorted(Page.objects.values_list("pk", "path", "modified_at")),
        "comments": sorted(Comment.objects.values_list("pk", "status", "parent", "body_html")),
        "categories": sorted(Category.objects.values_list("pk", "path", "name")),
        "tags": sorted(Tag.objects.values_list("pk", "slug")),
        "revisions": Revision.objects.count(),
        "redirects": sorted(Redirect.objects.values_list("old_path", "post", "page", "category")),
        "mapping": sorted(ImportedItem.objects.values_list("pk", "updated_at", "comments")),
    }


def test_a_second_import_changes_nothing(imported, import_wxr, theme_unit_test_data):
    before = _snapshot()
    again = import_wxr(theme_unit_test_data)
    assert _snapshot() == before
    for kind, counts in again.counts.items():
        assert counts["imported"] == counts["updated"] == 0, kind


def test_a_dry_run_writes_nothing(import_wxr, theme_unit_test_data, no_network):
    report = import_wxr(theme_unit_test_data, dry_run=True)
    assert report.counts["post"]["imported"] > 40
    assert not Post.objects.exists() and not ImportedItem.objects.exists()
    assert not Comment.objects.exists() and not Redirect.objects.exists()
