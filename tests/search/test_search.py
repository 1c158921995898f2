"""Searching: phrases, operators, ranking, highlighted snippets, pagination, addresses."""

import re

import pytest

from samizdat.core.models import SiteSettings, site_settings_changed
from tests.dates import at

pytestmark = pytest.mark.django_db


def test_every_word_must_match(search, make_post):
    make_post("Both", published_at=at(2024, 1, 1), body="bread and butter")
    make_post("One", published_at=at(2024, 1, 2), body="bread alone")
    assert search("bread butter") == ["Both"]
    assert sorted(search("bread")) == ["Both", "One"]


def test_a_quoted_phrase_keeps_its_words_together(search, make_post):
    make_post("Together", published_at=at(2024, 1, 1), body="the price of bread rose")
    make_post("Apart", published_at=at(2024, 1, 2), body="bread: the price rose")
    assert search('"price of bread"') == ["Together"]
    assert sorted(search("price bread")) == ["Apart", "Together"]


def test_minus_excludes_and_or_offers_alternatives(search, make_post):
    make_post("Bread", published_at=at(2024, 1, 1), body="bread")
    make_post("Butter", published_at=at(2024, 1, 2), body="butter")
    make_post("Both", published_at=at(2024, 1, 3), body="bread butter")
    assert search("bread -butter") == ["Bread"]
    assert sorted(search("bread or butter")) == ["Both", "Bread", "Butter"]


def test_a_match_in_the_title_ranks_first(search, make_post):
    make_post("Weather report", published_at=at(2024, 1, 3), body="Sunny. Also budget news.")
    make_post("The budget", published_at=at(2024, 1, 1), body="Numbers and more numbers.")
    assert search("budget") == ["The budget", "Weather report"]


def test_empty_query_gives_a_search_page_without_results(client, make_post):
    make_post("Anything", published_at=at(2024, 1, 1))
    for query in ["", "   ", "\x00"]:
        response = client.get("/", {"s": query})
        assert response.status_code == 200
        body = response.content.decode()
        assert "Type the words you are looking for." in body
        assert 'class="entry-title"' not in body


def test_snippets_highlight_matches_and_escape_the_text(client, make_post):
    make_post(
        "Tags <b>in</b> a title",
        published_at=at(2024, 1, 1),
        body="Write `<script>alert(1)</script>` to test; the budget is fine.",
    )
    body = client.get("/search/", {"s": "budget script"}).content.decode()
    (snippet,) = re.findall(r'<div class="entry-summary"><p>(.*?)</p></div>', body, re.S)
    assert "Write &lt;<mark>script</mark>&gt;alert(1)&lt;/" in snippet  # words in <…> count
    assert "<mark>budget</mark>" in snippet
    assert "<script>" not in body.split("<main", 1)[1]
    title = client.get("/search/", {"s": "title"}).content.decode()
    assert "Tags &lt;b&gt;in&lt;/b&gt; a <mark>title</mark>" in title


def test_results_are_paginated(client, search, make_post):
    SiteSettings.objects.update_or_create(pk=1, defaults={"posts_per_page": 2})
    site_settings_changed()
    for day in range(1, 6):
        make_post(f"Bread {day}", published_at=at(2024, 1, day), body="bread")
    first = client.get("/search/", {"s": "bread"}).content.decode()
    assert "5 posts found." in first and "Page 1 of 3" in first
    assert 'href="/search/?s=bread&amp;paged=2" rel="next"' in first
    pages = [search("bread", paged=n) for n in (1, 2, 3)]
    assert sorted(title for page in pages for title in page) == [f"Bread {d}" for d in range(1, 6)]
    assert search("bread", paged=4) == []
    assert search("bread", url="/page/2/") == pages[1]


def test_wordpress_and_pretty_addresses_answer(search, client, make_post):
    make_post("Budget", published_at=at(2024, 1, 1))
    assert search("budget", url="/") == ["Budget"]
    assert search("budget", url="/search/") == ["Budget"]
    pretty = client.get("/search/budget/").content.decode()
    assert '<a href="/2024/01/01/budget/" rel="bookmark"><mark>Budget</mark></a>' in pretty


def test_results_page_is_not_indexed_and_shows_the_query(client, db):
    body = client.get("/search/", {"s": "<b>bold</b>"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in body
    assert "Search results for “&lt;b&gt;bold&lt;/b&gt;”" in body
    assert 'value="&lt;b&gt;bold&lt;/b&gt;"' in body


def test_every_page_has_a_search_form(client, db):
    body = client.get("/").content.decode()
    assert '<form class="search-form" role="search" method="get" action="/search/">' in body
