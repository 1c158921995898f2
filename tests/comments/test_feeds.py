"""Comment feeds read by the real feedparser: approved comments only, never an email."""

import feedparser
import pytest

from samizdat.comments.models import Comment
from samizdat.posts.models import Status

pytestmark = pytest.mark.django_db


def comment(post, name, text, status="approved", **fields) -> Comment:
    return Comment.objects.create(
        post=post,
        author_name=name,
        author_email=f"{name}@secret.example",
        body_source=text,
        body_html=f"<p>{text}</p>",
        status=status,
        **fields,
    )


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed, response.content.decode()


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_site_comment_feed_lists_approved_comments_on_public_posts(client, make_post, suffix):
    public = make_post("Open post")
    draft = make_post("Draft post", status=Status.DRAFT)
    comment(public, "ann", "Shown words")
    comment(public, "bob", "Held words", status="pending")
    comment(public, "cy", "Spam words", status="spam")
    comment(public, "dee", "Internal note", kind=Comment.Kind.NOTE)
    comment(draft, "eve", "Words on a draft")
    feed, raw = parse(client, f"/comments/feed/{suffix}")
    assert [e.title for e in feed.entries] == ["Comment on Open post by ann"]
    entry = feed.entries[0]
    assert entry.link.endswith(
        f"{public.get_absolute_url()}#comment-{Comment.objects.get(author_name='ann').pk}"
    )
    assert entry.author == "ann"
    assert "Shown words" in (entry.get("summary") or entry.content[0].value)
    assert "secret.example" not in raw
    for hidden in ("Held words", "Spam words", "Internal note", "Words on a draft"):
        assert hidden not in raw


@pytest.mark.parametrize("suffix", ["", "atom/"])
def test_each_post_has_its_own_comment_feed_under_its_permalink(client, make_post, suffix):
    first, second = make_post("First"), make_post("Second")
    comment(first, "ann", "On the first")
    comment(second, "bob", "On the second")
    feed, _ = parse(client, f"{first.get_absolute_url()}feed/{suffix}")
    assert feed.feed.title.endswith("Comments on: First")
    assert [e.author for e in feed.entries] == ["ann"]


def test_post_comment_feed_of_a_draft_is_not_found(client, make_post):
    draft = make_post("Unseen", status=Status.DRAFT)
    assert client.get(f"/{draft.slug}/feed/").status_code == 404


def test_post_pages_announce_their_comment_feed(client, make_post):
    post = make_post("Announced")
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'href="{post.get_absolute_url()}feed/"' in html
    assert 'href="/comments/feed/"' in html


def test_wordpress_comment_feed_query_redirects(client):
    response = client.get("/?feed=comments-rss2")
    assert (response.status_code, response["Location"]) == (301, "/comments/feed/")
