"""The sitemap index, its sections with lastmod, and robots.txt pointing to it."""

import re
from xml.etree import ElementTree  # our own server's output

import pytest
from django.utils import timezone

from samizdat.posts.models import Page, Status
from samizdat.posts.services import page_save
from tests.dates import at

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def read_xml(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    return ElementTree.fromstring(response.content)  # noqa: S314


def entries(client, url: str) -> dict[str, str | None]:
    """{location: lastmod} of a sitemap or sitemap index."""
    root = read_xml(client, url)
    return {
        node.findtext("sm:loc", namespaces=NS): node.findtext("sm:lastmod", namespaces=NS)
        for node in root
    }


@pytest.fixture
def content(make_post, make_category, editor):
    politics = make_category("Politics")
    make_category("Empty")
    post = make_post("Budget", published_at=at(2024, 3, 1), categories=[politics], tags=["budget"])
    page = page_save(
        page=Page(title="About", status=Status.PUBLISHED, body_source="Hi"), user=editor
    )
    return post, page


def test_index_lists_the_four_sections_with_lastmod(client, content):
    index = entries(client, "/sitemap.xml")
    assert sorted(index) == [
        f"http://testserver/sitemap-{s}.xml" for s in ("categories", "pages", "posts", "tags")
    ]
    assert index["http://testserver/sitemap-categories.xml"].startswith("2024-03-01")
    assert index["http://testserver/sitemap-posts.xml"][:10] == f"{timezone.now():%Y-%m-%d}"


def test_sections_list_posts_pages_categories_and_tags(client, content):
    post, _ = content
    posts = entries(client, "/sitemap-posts.xml")
    assert list(posts) == ["http://testserver" + post.get_absolute_url()]
    assert list(entries(client, "/sitemap-pages.xml")) == ["http://testserver/about/"]
    categories = entries(client, "/sitemap-categories.xml")
    assert categories == {"http://testserver/category/politics/": "2024-03-01"}
    assert entries(client, "/sitemap-tags.xml") == {"http://testserver/tag/budget/": "2024-03-01"}


def test_post_lastmod_is_its_last_change(client, make_post):
    make_post("Edited", published_at=at(2024, 3, 1))
    (lastmod,) = entries(client, "/sitemap-posts.xml").values()
    assert lastmod[:10] == f"{timezone.now():%Y-%m-%d}"


def test_robots_txt_points_to_the_sitemap_index(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert re.search(r"^Sitemap: http://testserver/sitemap\.xml$", text, re.M)
    assert "Disallow: /admin/" in text
    assert "User-agent: *" in text
