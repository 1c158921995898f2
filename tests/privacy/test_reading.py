"""Reading leaves no trace a reader did not choose: no cookie on any public page (stored or
fresh), and no commenter's or author's email address on any page, feed or sitemap."""

import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve, subscription_add
from samizdat.operations.demo import demo_install
from samizdat.posts.models import Page, Post

pytestmark = pytest.mark.django_db(transaction=True)

GUEST = "guest.reader@private-mail.example"
SIGNED_IN = "signed.in@private-mail.example"
AUTHOR = "the.editor@private-mail.example"


@pytest.fixture
def blog(editor, make_user):
    """The demo blog, its author's address set, and comments from a guest and a member."""
    editor.email = AUTHOR
    editor.save()
    demo_install(author=editor)
    post = Post.objects.published().order_by("-published_at").first()
    member = make_user("member", email=SIGNED_IN, display_name="Member")
    for name, email, user in [("Guest Reader", GUEST, None), ("Member", SIGNED_IN, member)]:
        comment = Comment.objects.create(
            post=post,
            author_name=name,
            author_email=email,
            author_url="https://guest.example/",
            user=user,
            body_source="Hello there.",
            body_html="<p>Hello there.</p>",
        )
        comment_approve(comment=comment, moderator=editor)
    subscription_add(post=post, email=GUEST)
    return post


def public_addresses(post: Post) -> list[str]:
    today = timezone.localdate(post.published_at)
    page = Page.objects.filter(status="published").first()
    category = post.categories.first()
    tag = post.tags.first()
    return [
        "/",
        post.get_absolute_url(),
        f"{post.get_absolute_url()}?replytocom=1",
        f"/?p={post.pk}",
        page.get_absolute_url(),
        category.get_absolute_url(),
        tag.get_absolute_url(),
        post.author.get_absolute_url(),
        f"/{today:%Y}/{today:%m}/",
        "/?s=budget",
        "/search/kitchen/",
        "/feed/",
        "/feed/atom/",
        "/feed/json/",
        "/comments/feed/",
        f"{post.get_absolute_url()}feed/",
        f"{category.get_absolute_url()}feed/",
        "/sitemap.xml",
        "/robots.txt",
        "/no-such-page/",
    ]


def fetch_all(client: Client, post: Post) -> dict[str, object]:
    return {address: client.get(address, follow=True) for address in public_addresses(post)}


def test_an_anonymous_reader_gets_no_cookie_on_any_public_page(blog, settings, tmp_path):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    client = Client()
    for round_ in ("fresh", "stored"):
        for address, response in fetch_all(client, blog).items():
            assert response.status_code == (404 if "no-such" in address else 200), address
            assert not response.cookies, f"{round_} {address} set {list(response.cookies)}"
    assert not client.cookies  # nor did any redirect on the way
    assert client.get(blog.get_absolute_url())["X-Page-Cache"] == "hit"


def test_no_email_address_is_on_any_public_page_feed_or_sitemap(blog):
    secrets = [GUEST, SIGNED_IN, AUTHOR]
    hashes = [
        hashlib.new(algorithm, email.encode()).hexdigest()
        for email in secrets
        for algorithm in ("md5", "sha256")
    ]
    local_parts = [email.split("@")[0] for email in secrets]
    for address, response in fetch_all(Client(), blog).items():
        body = response.content.decode()
        for secret in [*secrets, *hashes, *local_parts, "private-mail.example"]:
            assert secret not in body, f"{address} shows {secret}"
    thread = Client().get(blog.get_absolute_url()).content.decode()
    assert "Guest Reader" in thread and "Member" in thread  # the names are public, by choice
