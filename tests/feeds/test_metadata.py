"""Page metadata: title, description, canonical, OpenGraph, Twitter card, JSON-LD, feed links."""

import json
import re
from html import unescape

import pytest

from samizdat.posts.models import Page, Status
from samizdat.posts.services import page_save
from tests.dates import at

pytestmark = pytest.mark.django_db


def meta(html: str) -> dict[str, list[str]]:
    """{name or property: [content, …]} of the page's <meta> tags."""
    found: dict[str, list[str]] = {}
    for key, value in re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', html):
        found.setdefault(key, []).append(unescape(value))
    return found


def json_ld(html: str) -> dict:
    (block,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def alternates(html: str) -> list[tuple[str, str, str]]:
    return re.findall(r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', html)


def test_post_page_has_title_description_canonical_and_opengraph(client, make_post, photo):
    post = make_post(
        "Reading the budget",
        published_at=at(2024, 3, 1),
        excerpt="What the budget says.",
        tags=["budget"],
        featured_image=photo,
    )
    html = client.get(post.get_absolute_url()).content.decode()
    url = "http://testserver" + post.get_absolute_url()
    assert "<title>Reading the budget — samizdat</title>" in html
    assert f'<link rel="canonical" href="{url}">' in html
    tags = meta(html)
    assert tags["description"] == ["What the budget says."]
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == tags["twitter:title"] == ["Reading the budget"]
    assert tags["og:url"] == [url]
    assert tags["article:published_time"] == ["2024-03-01T12:00:00+00:00"]
    assert tags["article:tag"] == ["budget"]
    assert tags["og:image"][0].startswith("http://testserver/media/")
    assert tags["og:image:width"] == ["1600"] and tags["og:image:alt"] == ["Boats at dawn"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert "robots" not in tags


def test_post_without_image_gets_a_small_card(client, make_post):
    post = make_post("Plain", published_at=at(2024, 3, 1))
    tags = meta(client.get(post.get_absolute_url()).content.decode())
    assert tags["twitter:card"] == ["summary"]
    assert "og:image" not in tags


def test_article_json_ld(client, make_post, author, photo):
    post = make_post(
        "Budget",
        published_at=at(2024, 3, 1),
        author=author,
        excerpt="Short.",
        featured_image=photo,
    )
    data = json_ld(client.get(post.get_absolute_url()).content.decode())
    assert (data["@context"], data["@type"]) == ("https://schema.org", "Article")
    assert (data["headline"], data["description"]) == ("Budget", "Short.")
    assert data["datePublished"].startswith("2024-03-01T12:00:00")
    assert data["author"] == {
        "@type": "Person",
        "name": "Aurora Author",
        "url": "http://testserver/author/aurora/",
    }
    assert data["url"] == "http://testserver" + post.get_absolute_url()
    assert data["image"][0].startswith("http://testserver/media/")


def test_json_ld_cannot_be_broken_out_of(client, make_post):
    """A title with </script> stays inside the data block, escaped as json_script does."""
    title = "</script><script>alert(1)</script><!--"
    post = make_post(title, published_at=at(2024, 3, 1), slug="escape")
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == title


def test_page_has_description_and_opengraph(client, editor):
    page = page_save(
        page=Page(title="About", status=Status.PUBLISHED, body_source="We *write* about money."),
        user=editor,
    )
    tags = meta(client.get(page.get_absolute_url()).content.decode())
    assert tags["description"] == ["We write about money."]
    assert tags["og:title"] == ["About"]
    assert tags["og:url"] == ["http://testserver/about/"]


def test_home_describes_the_site(client, db):
    tags = meta(client.get("/").content.decode())
    assert tags["description"] == ["Just another samizdat blog"]
    assert (tags["og:type"], tags["og:site_name"]) == (["website"], ["samizdat"])


def test_preview_of_a_draft_asks_not_to_be_indexed(client, make_post, editor):
    draft = make_post("Unfinished", status=Status.DRAFT)
    client.force_login(editor)
    tags = meta(client.get(f"/?p={draft.pk}").content.decode())
    assert tags["robots"] == ["noindex"]


SITE_FEED_LINKS = [
    ("application/rss+xml", "samizdat » Feed", "/feed/"),
    ("application/atom+xml", "samizdat » Atom Feed", "/feed/atom/"),
    ("application/feed+json", "samizdat » JSON Feed", "/feed/json/"),
]


def test_every_page_links_to_the_site_feeds(client, make_post, editor):
    post = make_post("Hello", published_at=at(2024, 3, 1), tags=["budget"])
    page_save(page=Page(title="About", status=Status.PUBLISHED), user=editor)
    urls = ["/", post.get_absolute_url(), "/about/", "/2024/", "/tag/budget/", "/search/?s=x"]
    for url in [*urls, "/nothing-here/"]:
        html = client.get(url).content.decode()
        assert alternates(html)[:3] == SITE_FEED_LINKS, url


@pytest.mark.parametrize(
    ("archive", "feed", "title"),
    [
        ("/category/politics/russia/", "/category/politics/russia/feed/", "Russia Category"),
        ("/tag/budget/page/2/", "/tag/budget/feed/", "budget Tag"),
        ("/author/eddie/", "/author/eddie/feed/", "Eddie Editor Author"),
    ],
)
def test_archives_also_link_to_their_own_feed(
    client, make_post, make_category, archive, feed, title
):
    from samizdat.core.models import SiteSettings, site_settings_changed

    SiteSettings.objects.update_or_create(pk=1, defaults={"posts_per_page": 1})
    site_settings_changed()
    russia = make_category("Russia", parent=make_category("Politics"))
    for day in (1, 2):
        make_post(f"Day {day}", published_at=at(2024, 3, day), categories=[russia], tags=["budget"])
    html = client.get(archive).content.decode()
    assert ("application/rss+xml", f"samizdat » {title} Feed", feed) in alternates(html)[3:]
    assert client.get(feed).status_code == 200


def test_paginated_archives_link_prev_and_next(client, make_post):
    from samizdat.core.models import SiteSettings, site_settings_changed

    SiteSettings.objects.update_or_create(pk=1, defaults={"posts_per_page": 1})
    site_settings_changed()
    for day in (1, 2, 3):
        make_post(f"Day {day}", published_at=at(2024, 3, day))
    html = client.get("/page/2/").content.decode()
    assert '<link rel="prev" href="/">' in html
    assert '<link rel="next" href="/page/3/">' in html
