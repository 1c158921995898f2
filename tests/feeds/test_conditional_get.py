"""Feeds answer ETag and Last-Modified, and 304 Not Modified when nothing changed."""

import pytest

from tests.dates import at

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/", "/feed/json/", "/category/uncategorized/feed/"]


@pytest.mark.parametrize("url", FEEDS)
def test_unchanged_feed_answers_304_to_etag_and_to_last_modified(client, make_post, url):
    make_post("Hello", published_at=at(2024, 1, 1))
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert (by_etag.status_code, by_etag.content) == (304, b"")
    by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_date.status_code == 304


@pytest.mark.parametrize("url", FEEDS)
def test_a_new_post_changes_the_feed(client, make_post, url):
    make_post("Hello", published_at=at(2024, 1, 1))
    first = client.get(url)
    make_post("Newer", published_at=at(2024, 2, 1))
    again = client.get(
        url,
        headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]},
    )
    assert again.status_code == 200
    assert b"Newer" in again.content


def test_unpublishing_a_post_changes_the_etag(client, make_post, editor):
    from samizdat.posts.models import Status
    from samizdat.posts.services import post_save

    make_post("Stays", published_at=at(2024, 1, 1))
    goes = make_post("Goes", published_at=at(2024, 1, 2))
    first = client.get("/feed/")
    goes.status = Status.DRAFT
    post_save(post=goes, user=editor)
    again = client.get("/feed/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert b"Goes" not in again.content


def test_sitemap_answers_304_too(client, make_post):
    make_post("Hello", published_at=at(2024, 1, 1))
    first = client.get("/sitemap-posts.xml")
    assert (
        client.get("/sitemap-posts.xml", headers={"If-None-Match": first["ETag"]}).status_code
        == 304
    )
