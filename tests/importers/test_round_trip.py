"""Export → import into an empty site gives the same posts, pages, comments, threads and
taxonomy; and the export has the shape WordPress's own importer reads."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from lxml import etree

from samizdat.comments.models import Comment
from samizdat.comments.services import ImportedComment, comments_import
from samizdat.media.models import Image
from samizdat.media.services import image_upload
from samizdat.operations.demo.picture import embankment_jpeg
from samizdat.posts.models import Category, Page, Post, Status, Tag
from samizdat.posts.services import page_save, post_save, tags_from_names

pytestmark = pytest.mark.django_db
WP = "http://wordpress.org/export/1.2/"
BODY = """A paragraph with a soft
line break, *emphasis* and a footnote.[^1]

| a | b |
|---|---|
| 1 | 2 |

```
code keeps
   its lines
```

> A quote.

[^1]: The note.
"""


def _when(day: int) -> datetime:
    return datetime(2024, 3, day, 9, 30, 15, tzinfo=UTC)


def _site(administrator, editor, author) -> None:
    news = Category.objects.create(name="News", slug="news", path="news")
    local = Category.objects.create(
        name="Local", slug="local", path="news/local", parent=news, description="Near"
    )
    image = image_upload(
        uploaded_file=SimpleUploadedFile("river.jpg", embankment_jpeg(), "image/jpeg"),
        user=editor, alt="A river", caption="The river", credit="samizdat demo",
    )  # fmt: skip
    posts = {}
    for n, (slug, status, by, when) in enumerate(
        [
            ("first", Status.PUBLISHED, editor, _when(1)),
            ("second", Status.PUBLISHED, author, _when(2)),
            ("later", Status.PUBLISHED, editor, datetime(2999, 1, 1, tzinfo=UTC)),
            ("unfinished", Status.DRAFT, author, None),
            ("waiting", Status.PENDING, author, None),
            ("hidden", Status.PRIVATE, editor, _when(3)),
        ]
    ):
        post = Post(
            title=f"Post {slug} & co", slug=slug, status=status, author=by, published_at=when,
            body_source=BODY, excerpt=f"About {slug}.", sticky=n == 1, comments_open=n != 2,
            featured_image=image if n == 0 else None,
        )  # fmt: skip
        posts[slug] = post_save(
            post=post, user=administrator, categories=[local] if n % 2 else [news, local],
            tags=tags_from_names(["alpha", "beta"][: n % 3]),
        )  # fmt: skip
    about = page_save(page=Page(title="About", body_source="About *us*.", status="published",
                                menu_order=2), user=administrator)  # fmt: skip
    page_save(page=Page(title="Team", parent=about, body_source="Us.", status="published"),
              user=administrator)  # fmt: skip
    page_save(page=Page(title="Plans", body_source="Soon.", status="draft"), user=administrator)
    _thread(posts["first"])


def _thread(post) -> None:
    people = [
        ("Ann", None, "approved", "comment"), ("Ben", 1, "approved", "comment"),
        ("Cai", 2, "approved", "comment"), ("Dee", None, "pending", "comment"),
        ("Spammer", None, "spam", "comment"), ("Gone", None, "trash", "comment"),
        ("Other blog", None, "approved", "pingback"), ("Editor", None, "pending", "note"),
    ]  # fmt: skip
    comments_import(
        post=post,
        comments=[
            ImportedComment(
                legacy_id=n,
                parent_legacy_id=parent,
                kind=kind,
                status=status,
                author_name=name,
                author_email=f"{name.lower().replace(' ', '.')}@example.org",
                author_url="https://example.net/",
                user=None,
                body_source="",
                body_html=f"<p>Said by {name}.</p>\n<p>Twice.</p>",
                created_at=_when(3 + n),
            )
            for n, (name, parent, status, kind) in enumerate(people, start=1)
        ],
    )


def _html(html: str) -> str:
    return re.sub(r">\s+<", "><", " ".join(html.split()))


def _snapshot() -> dict:
    def seconds(moment):
        return moment.replace(microsecond=0) if moment else None

    return {
        "posts": {
            p.slug: (
                p.title,
                p.status,
                seconds(p.published_at),
                p.sticky,
                p.comments_open,
                p.excerpt,
                p.author.username,
                sorted(c.path for c in p.categories.all()),
                sorted(t.name for t in p.tags.all()),
                _html(p.body_html),
                (p.featured_image.alt, p.featured_image.caption, p.featured_image.credit)
                if p.featured_image
                else None,
            )
            for p in Post.objects.all()
        },
        "pages": {
            p.path: (p.title, p.status, p.menu_order, _html(p.body_html))
            for p in Page.objects.all()
        },
        "categories": {c.path: (c.name, c.description) for c in Category.objects.all()},
        "tags": sorted(Tag.objects.values_list("name", "slug")),
        "comments": sorted(
            (
                c.post.slug,
                c.author_name,
                c.author_email,
                c.author_url,
                c.status,
                c.kind,
                _html(c.body_html),
                seconds(c.created_at),
                c.depth,
                c.parent.author_name if c.parent else None,
            )
            for c in Comment.objects.all()
        ),
    }


def _empty_the_site(keep) -> None:
    Comment.objects.all().delete()
    Post.objects.all().delete()
    for page in Page.objects.order_by("-path"):
        page.delete()
    for category in Category.objects.order_by("-path"):
        category.delete()
    Tag.objects.all().delete()
    Image.objects.all().delete()  # the files stay, as they would in the uploads folder
    get_user_model().objects.exclude(pk=keep.pk).delete()


def test_export_then_import_into_an_empty_site_gives_the_same_site(
    administrator, editor, author, tmp_path, settings
):
    _site(administrator, editor, author)
    before = _snapshot()
    out = tmp_path / "site.xml"
    call_command("export-wordpress", str(out))
    _empty_the_site(keep=administrator)
    call_command("import-wordpress", str(out), media_dir=settings.MEDIA_ROOT)
    assert _snapshot() == before


def test_the_export_has_the_shape_wordpress_imports(administrator, editor, author, tmp_path):
    _site(administrator, editor, author)
    out = tmp_path / "site.xml"
    call_command("export-wordpress", str(out))
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.parse(str(out), parser).getroot()
    assert root.getroottree().docinfo.doctype == ""
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    assert root.nsmap["wp"] == WP and root.nsmap["excerpt"] == WP + "excerpt/"
    ns = {"wp": WP, "dc": "http://purl.org/dc/elements/1.1/"}
    assert root.xpath("/rss/channel/wp:wxr_version/text()", namespaces=ns) == ["1.2"]
    logins = set(root.xpath("/rss/channel/wp:author/wp:author_login/text()", namespaces=ns))
    seen_categories = set()
    for category in root.xpath("/rss/channel/wp:category", namespaces=ns):
        parent = category.findtext(f"{{{WP}}}category_parent")
        assert not parent or parent in seen_categories  # parents first
        seen_categories.add(category.findtext(f"{{{WP}}}category_nicename"))
    items = root.xpath("/rss/channel/item")
    ids = [item.findtext(f"{{{WP}}}post_id") for item in items]
    assert len(ids) == len(set(ids)) == 6 + 3 + 1
    for item in items:
        assert item.findtext(f"{{{WP}}}post_type") in ("post", "page", "attachment")
        assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") in logins
        parent = item.findtext(f"{{{WP}}}post_parent")
        assert parent == "0" or parent in ids
        seen = set()
        for comment in item.findall(f"{{{WP}}}comment"):
            assert comment.findtext(f"{{{WP}}}comment_parent") in seen | {"0"}
            seen.add(comment.findtext(f"{{{WP}}}comment_id"))
    statuses = {i.findtext(f"{{{WP}}}status") for i in items}
    assert statuses == {"publish", "future", "draft", "pending", "private", "inherit"}
