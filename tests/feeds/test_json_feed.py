"""JSON Feed 1.1 for the site, checked against the version 1.1 required fields."""

import json
from datetime import datetime

import pytest

from tests.dates import at

pytestmark = pytest.mark.django_db


def read_json_feed(client) -> dict:
    response = client.get("/feed/json/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    return json.loads(response.content)


def test_top_level_has_the_required_and_recommended_fields(client, make_post):
    make_post("Hello", published_at=at(2024, 1, 1))
    feed = read_json_feed(client)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "samizdat"
    assert isinstance(feed["items"], list)
    assert feed["home_page_url"] == "http://testserver/"
    assert feed["feed_url"] == "http://testserver/feed/json/"


def test_every_item_has_an_id_and_content(client, make_post, author, photo):
    post = make_post(
        "Bread & Butter",
        published_at=at(2024, 1, 1),
        tags=["budget"],
        author=author,
        body="The [whole](/about/) story.",
        excerpt="In short.",
        featured_image=photo,
    )
    (item,) = read_json_feed(client)["items"]
    assert item["id"] == f"tag:testserver,{post.created_at:%Y-%m-%d}:post-{post.pk}"
    assert item["url"] == "http://testserver" + post.get_absolute_url()
    assert item["title"] == "Bread & Butter"  # plain text in JSON, not HTML-escaped
    assert '<a href="http://testserver/about/"' in item["content_html"]
    assert item["summary"] == "In short."
    assert datetime.fromisoformat(item["date_published"]) == post.published_at
    assert datetime.fromisoformat(item["date_modified"]) >= post.published_at
    assert item["authors"] == [{"name": "Aurora Author", "url": "http://testserver/author/aurora/"}]
    assert item["tags"] == ["Uncategorized", "budget"]
    (attachment,) = item["attachments"]
    assert attachment["mime_type"] == "image/jpeg" and attachment["size_in_bytes"] > 1000
    assert item["image"] == attachment["url"]


def test_excerpt_setting_sends_text_content_instead_of_html(client, make_post, site_settings):
    make_post("Hello", published_at=at(2024, 1, 1), body="Every *word*.")
    site_settings(feed_full_text=False)
    (item,) = read_json_feed(client)["items"]
    assert "content_html" not in item
    assert item["content_text"] == "Every word."


def test_empty_site_has_a_valid_json_feed(client, db):
    assert read_json_feed(client)["items"] == []
