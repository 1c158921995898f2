"""In Chromium: reading the blog — home, a post with its comments and reply form, archives,
search, a page — asks no host but the site's own for anything, and leaves no cookie."""

from urllib.parse import urlsplit

import pytest

from samizdat.comments.models import Comment
from samizdat.comments.services import comment_approve
from samizdat.operations.demo import demo_install
from samizdat.posts.models import Page, Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_reading_asks_no_other_host_and_sets_no_cookie(live_server, browser, editor, javascript):
    demo_install(author=editor)
    post = Post.objects.filter(featured_image__isnull=False).first() or Post.objects.first()
    comment = Comment.objects.create(
        post=post,
        author_name="Guest",
        author_email="guest@example.org",
        author_url="https://guest.example/",
        body_source="See https://elsewhere.example/ too.",
        body_html='<p>See <a href="https://elsewhere.example/">it</a> too.</p>',
    )
    comment_approve(comment=comment, moderator=editor)
    page = Page.objects.filter(status="published").first()
    category = post.categories.first()

    context = browser.new_context(java_script_enabled=javascript)
    tab = context.new_page()
    asked: list[str] = []
    tab.on("request", lambda request: asked.append(request.url))
    for path in [
        "/",
        post.get_absolute_url(),
        f"{post.get_absolute_url()}?replytocom={comment.pk}",
        category.get_absolute_url(),
        "/?s=budget",
        page.get_absolute_url(),
    ]:
        response = tab.goto(live_server.url + path, wait_until="load")
        assert response.status == 200, path
        tab.wait_for_load_state("networkidle")
    site = urlsplit(live_server.url).netloc
    assert any("/media/" in url for url in asked)  # the pictures were loaded, from here
    assert any("/accounts/avatar/" in url for url in asked)
    elsewhere = sorted({url for url in asked if urlsplit(url).netloc != site})
    assert elsewhere == [], elsewhere
    assert context.cookies() == []
    context.close()
