"""What an anonymous reader may not see appears in no feed, sitemap or search result."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from samizdat.posts.models import Post, Status
from tests.dates import at

pytestmark = pytest.mark.django_db

HIDDEN = ["Draftword", "Pendingword", "Privateword", "Scheduledword"]
PLACES = [
    "/feed/",
    "/feed/atom/",
    "/feed/json/",
    "/category/news/feed/",
    "/category/news/feed/atom/",
    "/tag/secret/feed/",
    "/author/eddie/feed/atom/",
    "/sitemap-posts.xml",
]


@pytest.fixture
def hidden_posts(make_post, make_category):
    news = make_category("News")
    make_post("Publicword", published_at=at(2024, 1, 1), categories=[news], tags=["secret"])
    common = {"categories": [news], "tags": ["secret"], "body": "The word is samizdat."}
    return [
        make_post("Draftword", status=Status.DRAFT, **common),
        make_post("Pendingword", status=Status.PENDING, **common),
        make_post("Privateword", status=Status.PRIVATE, published_at=at(2024, 1, 2), **common),
        make_post(
            "Scheduledword",
            status=Status.PUBLISHED,
            **common,
            published_at=timezone.now() + timedelta(days=1),
        ),
    ]


@pytest.mark.parametrize("url", PLACES)
def test_hidden_posts_are_in_no_feed_or_sitemap(client, hidden_posts, url):
    body = client.get(url).content.decode().lower()
    assert "publicword" in body
    for title in HIDDEN:
        assert title.lower() not in body, (url, title)
    for post in hidden_posts:
        for ident in (f"?p={post.pk}", f":post-{post.pk}"):  # old guids, and the tag: ids
            assert f"{ident}<" not in body and f'{ident}"' not in body, (url, ident)


def found(response) -> list[str]:
    return re.findall(r'<h2 class="entry-title"><a [^>]+>(.*?)</a>', response.content.decode())


def test_hidden_posts_are_not_found_by_search(client, hidden_posts):
    assert found(client.get("/", {"s": "samizdat"})) == []
    assert found(client.get("/search/", {"s": "Publicword"})) == ["<mark>Publicword</mark>"]
    for title in HIDDEN:
        assert found(client.get("/", {"s": title})) == [], title


def test_hidden_posts_are_not_found_even_by_a_signed_in_editor(client, hidden_posts, editor):
    """Search shows what the public may see; private posts stay in the admin."""
    client.force_login(editor)
    body = client.get("/search/", {"s": "Privateword"}).content.decode()
    assert "0 posts found." in body


def test_tag_of_only_hidden_posts_is_not_in_the_sitemap(client, make_post):
    make_post("Alone", status=Status.DRAFT, tags=["lonely"])
    assert "lonely" not in client.get("/sitemap-tags.xml").content.decode()


def test_scheduled_post_appears_when_its_time_comes_without_any_write(client, hidden_posts):
    """No job runs at the scheduled time: the feeds, sitemap and search ask the clock."""
    Post.objects.filter(title="Scheduledword").update(
        published_at=timezone.now() - timedelta(minutes=1)
    )  # the clock moved on; the row is untouched otherwise
    for url in ["/feed/", "/feed/json/", "/tag/secret/feed/atom/", "/sitemap-posts.xml"]:
        body = client.get(url).content.decode()
        assert ("Scheduledword" in body) or ("scheduledword" in body), url
    assert "1 post found." in client.get("/search/", {"s": "Scheduledword"}).content.decode()
