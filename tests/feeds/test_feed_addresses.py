"""WordPress's feed addresses: the canonical ones answer, the old and odd ones redirect."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/feed/", "application/rss+xml; charset=utf-8"),
        ("/feed/atom/", "application/atom+xml; charset=utf-8"),
        ("/feed/json/", "application/feed+json; charset=utf-8"),
    ],
)
def test_site_feeds_answer_with_their_type(client, url, content_type):
    response = client.get(url)
    assert (response.status_code, response["Content-Type"]) == (200, content_type)


@pytest.mark.parametrize(
    ("old", "canonical"),
    [
        ("/feed/rss2/", "/feed/"),
        ("/feed/rss/", "/feed/"),
        ("/feed/rdf/", "/feed/"),
        ("/?feed=rss2", "/feed/"),
        ("/?feed=rss", "/feed/"),
        ("/?feed=atom", "/feed/atom/"),
        ("/?feed=json", "/feed/json/"),
        ("/category/politics/russia/feed/rss2/", "/category/politics/russia/feed/"),
        ("/tag/budget/feed/rdf/", "/tag/budget/feed/"),
        ("/author/aurora/feed/rss/", "/author/aurora/feed/"),
    ],
)
def test_other_wordpress_feed_addresses_redirect_permanently(client, old, canonical):
    response = client.get(old)
    assert (response.status_code, response["Location"]) == (301, canonical)


def test_unknown_feed_type_is_404(client):
    assert client.get("/?feed=nonsense").status_code == 404


def test_category_archive_is_still_the_archive(client, make_post, make_category):
    politics = make_category("Politics")
    make_category("Russia", parent=politics)
    response = client.get("/category/politics/russia/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_feeds_refuse_writes(client):
    assert client.post("/feed/").status_code == 405
    assert client.head("/feed/").status_code == 200
