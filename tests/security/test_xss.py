"""The XSS suite: every payload of tests/data/xss_payloads.txt sent through every way untrusted
text reaches a page, and each page then loaded in Chromium, where none may run a script.

Paths: a contributor's HTML post (body and title), Markdown posts, pages, media alt text,
captions and credits (image_upload, shown as figures and featured images), comment bodies,
commenters' names and websites (the real reply form, its preview and its error page, and the
comment service directly), search terms reflected in /?s=, the feeds' HTML, a WordPress export
imported (post bodies, titles and excerpts; comments, their authors and websites), and the admin
pages where staff read all of it. The policy is bypassed in the browser: it is a second wall,
tested in test_csp_browser.py; this suite tests the first one.
"""

import re
from html import escape
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from lxml import etree

from samizdat.comments.forms import form_stamp
from samizdat.comments.models import Comment
from samizdat.comments.services import (
    CommentInput,
    SubmitContext,
    comment_body_render,
    comment_submit,
)
from samizdat.core.models import SiteSettings, site_settings_changed
from samizdat.media.services import image_upload
from samizdat.posts.models import BodyFormat, Page, Post, Status
from samizdat.posts.services import page_save, post_save
from tests.media.pictures import encoded, picture
from tests.security.xss import HOOK, Probe, payloads, serve_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = payloads()


def test_the_suite_has_at_least_a_hundred_distinct_payloads():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 100


@pytest.fixture
def probe(browser, db):
    context = browser.new_context(bypass_csp=True, java_script_enabled=True)
    client = Client()
    serve_site(context, client)
    page = context.new_page()
    found = Probe(page, client)
    page.expose_function("__xss_report", lambda detail: found.reported.append(detail))
    page.add_init_script(HOOK)

    def dialog(d) -> None:
        found.reported.append(f"dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    yield found
    context.close()


def test_the_probe_notices_scripts_that_run_and_markup_that_could(probe):
    """The hook and the audit work: unsanitised markup is caught, in a frame too."""
    probe.show('<p><img src=x onerror="__xss(1)"></p>', "handler")
    probe.show("<script>alert(2)</script>", "alert")
    probe.show('<iframe srcdoc="<script>parent.__xss(3)</script>"></iframe>', "frame")
    probe.show('<a href=" jav&#x09;ascript:x()">x</a><form action=/x></form>', "link")
    probe.show_many([("one", "<p>fine</p>"), ("two", "<svg onload=__xss(5)>")], per_page=2)
    seen = " ".join(probe.hits + probe.reported)
    assert all(f"{how}:" in seen for how in ("handler", "alert", "frame", "two")), seen
    assert "one:" not in seen and "two: a <svg> element" in " ".join(probe.findings)
    assert any("__xss 3" in call for call in probe.reported)
    findings = " ".join(probe.findings)
    assert 'a href=" jav' in findings and "a form not of this site" in findings
    assert "img has onerror" in findings and "a <iframe> element" in findings
    with pytest.raises(AssertionError, match="script calls got through"):
        probe.assert_clean()


@pytest.fixture
def roomy_site(db):
    """Every post on the home page and in the feeds at once."""
    SiteSettings.objects.update_or_create(pk=1, defaults={"posts_per_page": 500, "feed_items": 500})
    site_settings_changed()


@pytest.fixture
def open_discussion(discussion):
    """Guests' comments published at once, so every payload is on the public page."""
    return discussion(hold_first_comment=False, min_seconds=0, max_links=1000)


def publish(post: Post, *, by, editor) -> Post:
    """Saved by `by` (a contributor submits for review), then published by the editor."""
    post = post_save(post=post, user=by)
    if post.status != Status.PUBLISHED:
        post.status = Status.PUBLISHED
        post = post_save(post=post, user=editor)
    return post


# ── posts, pages, media ──────────────────────────────────────────────────────────────────


def test_contributor_html_posts_and_titles_run_no_script(probe, contributor, editor, roomy_site):
    posts = [
        publish(
            Post(
                title=payload[:300],
                slug=f"html-{n}",
                body_format=BodyFormat.HTML,
                body_source=payload,
                excerpt="" if n % 2 else payload,
                status=Status.PENDING,
            ),
            by=contributor,
            editor=editor,
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    probe.visit("/", "home")
    probe.visit_many([post.get_absolute_url() for post in posts])
    probe.assert_clean()


def test_markdown_posts_run_no_script(probe, author, editor):
    posts = [
        publish(
            Post(title=f"Markdown {n}", slug=f"md-{n}", body_source=payload, status="published"),
            by=author,
            editor=editor,
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    probe.visit_many([post.get_absolute_url() for post in posts])
    probe.assert_clean()


def test_media_alt_text_captions_and_credits_run_no_script(probe, author, editor):
    png = encoded(picture(8, 6), "PNG")
    posts = []
    for n, payload in enumerate(PAYLOADS):
        image = image_upload(
            uploaded_file=ContentFile(png, name=f"picture-{n}.png"),
            user=author,
            alt=payload[:500],
            caption=payload[:1000],
            credit=payload[:300],
        )
        body = f"![](media:{image.pk})\n\n![{payload}](media:{image.pk})\n\nText."
        post = Post(title=f"Figure {n}", slug=f"figure-{n}", body_source=body, status="published")
        post.featured_image = image
        posts.append(publish(post, by=author, editor=editor))
    probe.visit_many([post.get_absolute_url() for post in posts])
    probe.assert_clean()


def test_pages_run_no_script(probe, editor):
    pages = [
        page_save(
            page=Page(
                title=payload[:300],
                slug=f"page-{n}",
                body_format=BodyFormat.HTML if n % 2 else BodyFormat.MARKDOWN,
                body_source=payload,
                status=Status.PUBLISHED,
                show_in_menu=n < 40,  # their titles in every page's menu, too
            ),
            user=editor,
        )
        for n, payload in enumerate(PAYLOADS)
    ]
    probe.visit_many([page.get_absolute_url() for page in pages])
    probe.assert_clean()


# ── comments, through the reply form ─────────────────────────────────────────────────────


def stamp_of(client: Client, post: Post) -> str:
    html = client.get(post.get_absolute_url()).content.decode()
    return re.search(r'name="stamp" value="([^"]+)"', html).group(1)


def send(client: Client, post: Post, stamp: str, **fields):
    """The reply form as a browser sends it: the page's stamp the first time; after that, a
    new one each time, as the page re-shown after each comment gives (a stamp is used once)."""
    sent = getattr(client, "sent_stamps", set())
    client.sent_stamps = sent | {stamp}
    data = {"name": "Reader", "email": "reader@example.org", **fields}
    data["stamp"] = form_stamp(post.pk, client="127.0.0.1") if stamp in sent else stamp
    return client.post(f"/comments/post/{post.pk}/", data, headers={"Origin": "http://testserver"})


def test_comment_bodies_names_and_websites_run_no_script(probe, make_post, open_discussion):
    post = make_post("Discussed", body="Say something.")
    client = Client()
    stamp = stamp_of(client, post)
    refused_addresses = []
    for n, payload in enumerate(PAYLOADS):
        assert send(client, post, stamp, body=payload).status_code == 302, payload
        named = send(client, post, stamp, body=f"Named {n}", name=payload[:100])
        assert named.status_code == 302, payload
        website = send(client, post, stamp, body=f"Website {n}", url=payload)
        if website.status_code != 302:  # the form refused it: the service must hold too
            refused_addresses.append(payload)
            comment_submit(
                post=post,
                data=CommentInput(body=f"Website {n} (service)", name="Reader", url=payload),
                context=SubmitContext(ip="192.0.2.1", seconds_on_form=60),
            )
    assert refused_addresses, "the form refuses addresses that are not http(s)"
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved"}
    links = set(Comment.objects.exclude(author_url="").values_list("author_url", flat=True))
    assert all(link.startswith(("http://", "https://", "mailto:")) for link in links), links
    probe.visit(post.get_absolute_url(), "comment thread")
    probe.assert_clean()


def test_comment_preview_and_error_pages_run_no_script(probe, make_post, open_discussion):
    """The form shown again — previewed, or with an error — holds everything typed."""
    post = make_post("Previewed")
    client = Client()
    stamp = stamp_of(client, post)
    shown = []
    for n, payload in enumerate(PAYLOADS):
        preview = send(client, post, stamp, body=payload, name=payload[:100], preview="1")
        assert preview.status_code == 200
        shown.append((f"preview of payload {n}", preview.content.decode()))
        error = send(client, post, stamp, body=payload, name=payload, email="", url=payload)
        assert error.status_code == 200
        shown.append((f"form error for payload {n}", error.content.decode()))
    assert Comment.objects.count() == 0
    probe.show_many(shown)
    probe.assert_clean()


# ── search, feeds ────────────────────────────────────────────────────────────────────────


def test_search_terms_reflected_run_no_script(probe, make_post):
    make_post("Script tags and onerror", body="```\n<script>__xss(1)</script> onerror img\n```")
    probe.visit_many([f"/?s={quote(payload)}" for payload in PAYLOADS])
    probe.assert_clean()


def feed_html(xml: bytes) -> list[str]:
    """The HTML a feed reader renders: RSS description and content:encoded, Atom html content."""
    root = etree.fromstring(xml)
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    atom = "{http://www.w3.org/2005/Atom}"
    fields = root.iter("description", content, f"{atom}content", f"{atom}summary")
    return [
        element.text or ""
        for element in fields
        if not element.tag.startswith(atom) or element.get("type") == "html"
    ]


def test_feed_contents_run_no_script(probe, make_post, open_discussion, roomy_site):
    post = None
    for n, payload in enumerate(PAYLOADS):
        post = make_post(f"Fed {n}", slug=f"fed-{n}", body=payload, body_format="html")
    client = Client()
    stamp = stamp_of(client, post)
    for n, payload in enumerate(PAYLOADS):
        assert send(client, post, stamp, body=payload, name=payload[:100]).status_code == 302, n
    addresses = ["/feed/", "/comments/feed/", post.get_absolute_url() + "feed/atom/"]
    documents = {address: client.get(address) for address in addresses}
    shown = []
    for address, response in documents.items():
        assert response.status_code == 200, address
        items = feed_html(response.content)
        assert len(items) >= len(PAYLOADS), address
        shown += [(f"{address} item {n}", html) for n, html in enumerate(items)]
    json_feed = client.get("/feed/json/").json()
    shown += [(f"/feed/json/ {i['id']}", i.get("content_html", "")) for i in json_feed["items"]]
    probe.show_many(shown)
    probe.assert_clean()


# ── a WordPress import ───────────────────────────────────────────────────────────────────


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def wxr(items: list[str]) -> str:
    """A WordPress export (WXR 1.2) around `items`: the least the importer reads."""
    wp = "http://wordpress.org/export/1.2/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="{wp}excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="{wp}">
<channel><title>Old blog</title><link>https://old.example.org</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example.org</wp:base_site_url>
<wp:base_blog_url>https://old.example.org</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{cdata("alice")}</wp:author_login>
<wp:author_email>alice@example.org</wp:author_email>
<wp:author_display_name>{cdata("Alice")}</wp:author_display_name></wp:author>
{"".join(items)}
</channel></rss>"""


def wxr_post(n: int, payload: str) -> str:
    comment = f"""<wp:comment><wp:comment_id>{5000 + n}</wp:comment_id>
<wp:comment_author>{cdata(payload[:100])}</wp:comment_author>
<wp:comment_author_email>reader{n}@example.org</wp:comment_author_email>
<wp:comment_author_url>{escape(payload)}</wp:comment_author_url>
<wp:comment_date_gmt>2020-01-02 10:00:00</wp:comment_date_gmt>
<wp:comment_content>{cdata(payload)}</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id>
</wp:comment>"""
    return f"""<item><title>{escape(payload[:300])}</title>
<link>https://old.example.org/2020/01/01/imported-{n}/</link>
<dc:creator>{cdata("alice")}</dc:creator>
<guid isPermaLink="false">https://old.example.org/?p={n + 1}</guid>
<content:encoded>{cdata(payload)}</content:encoded>
<excerpt:encoded>{cdata(payload)}</excerpt:encoded>
<wp:post_id>{n + 1}</wp:post_id><wp:post_date_gmt>2020-01-01 12:00:00</wp:post_date_gmt>
<wp:comment_status>open</wp:comment_status><wp:post_name>imported-{n}</wp:post_name>
<wp:status>publish</wp:status><wp:post_parent>0</wp:post_parent>
<wp:post_type>post</wp:post_type>{comment}</item>"""


def test_an_imported_wordpress_export_runs_no_script(probe, administrator, tmp_path):
    from samizdat.importers.services import wordpress_import

    export = tmp_path / "export.xml"
    export.write_text(wxr([wxr_post(n, p) for n, p in enumerate(PAYLOADS)]), encoding="utf-8")
    wordpress_import(path=export, user=administrator)
    posts = list(Post.objects.filter(slug__startswith="imported-"))
    assert len(posts) == len(PAYLOADS)
    assert Comment.objects.filter(status="approved").count() == len(PAYLOADS)
    links = set(Comment.objects.exclude(author_url="").values_list("author_url", flat=True))
    assert all(link.startswith(("http://", "https://")) for link in links), links
    probe.visit_many([post.get_absolute_url() for post in posts])
    probe.assert_clean()


# ── the admin, where staff read all of it ────────────────────────────────────────────────


def test_the_admin_shows_it_all_to_staff_without_running_it(
    probe, contributor, author, editor, open_discussion
):
    """What contributors, authors and guests wrote, on the pages an editor works in: a stored
    script there would act with the editor's rights."""
    discussion = post_save(
        post=Post(title="Thread", slug="thread", status=Status.PUBLISHED, body_source="Hi."),
        user=editor,
    )
    png = encoded(picture(8, 6), "PNG")
    for n, payload in enumerate(PAYLOADS):
        post_save(
            post=Post(
                title=payload[:300],
                slug=f"admin-{n}",
                body_format=BodyFormat.HTML,
                body_source=payload,
                excerpt=payload,
                status=Status.PENDING,
            ),
            user=contributor,
        )
        image_upload(
            uploaded_file=ContentFile(png, name=f"p{n}.png"),
            user=author,
            alt=payload[:500],
            caption=payload[:1000],
            credit=payload[:300],
        )
        Comment.objects.create(
            post=discussion,
            author_name=payload[:100],
            author_email=f"guest{n}@example.org",
            author_url=payload[:200],
            body_source=payload,
            body_html=comment_body_render(payload),
            moderation_reasons=[payload],
            spam_reasons=[payload],
            user_agent=payload[:300],
        )
    probe.client.force_login(editor)
    some_post = Post.objects.get(slug="admin-7")
    some_comment = Comment.objects.order_by("pk")[7]
    for path in [
        "/admin/",
        "/admin/posts/post/",
        "/admin/posts/post/?p=2",
        f"/admin/posts/post/{some_post.pk}/change/",
        f"/admin/posts/post/{some_post.pk}/revisions/",
        "/admin/media/image/",
        "/admin/media/image/?p=2",
        "/admin/comments/comment/moderation/",
        "/admin/comments/comment/moderation/?page=2",
        "/admin/comments/comment/",
        f"/admin/comments/comment/{some_comment.pk}/change/",
    ]:
        probe.visit(path, strict=False)
    probe.assert_clean()
