"""Home and archive listings: order, stickies, taxonomy, authors, dates, pagination."""

import re

import pytest

from samizdat.core.models import SiteSettings, site_settings_changed
from tests.dates import at

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return re.findall(r'rel="bookmark">(?:Private: )?([^<]+)</a></h2>', response.content.decode())


@pytest.fixture
def per_page_3(db):
    SiteSettings.objects.update_or_create(pk=1, defaults={"posts_per_page": 3})
    site_settings_changed()


def test_home_lists_newest_first_with_sticky_posts_on_top(client, make_post):
    make_post("Old", published_at=at(2024, 1, 1))
    make_post("Pinned", published_at=at(2023, 1, 1), sticky=True)
    make_post("New", published_at=at(2024, 6, 1))
    assert titles(client.get("/")) == ["Pinned", "New", "Old"]


def test_home_paginates_with_older_and_newer_links(client, make_post, per_page_3):
    for day in range(1, 8):
        make_post(f"Day {day}", published_at=at(2024, 1, day))
    first = client.get("/")
    assert titles(first) == ["Day 7", "Day 6", "Day 5"]
    assert 'href="/page/2/" rel="next"' in first.content.decode()
    second = client.get("/page/2/")
    assert titles(second) == ["Day 4", "Day 3", "Day 2"]
    assert '<link rel="prev" href="/">' in second.content.decode()
    assert titles(client.get("/page/3/")) == ["Day 1"]
    assert client.get("/page/4/").status_code == 404
    redirect = client.get("/page/1/")
    assert (redirect.status_code, redirect["Location"]) == (301, "/")


def test_category_archive_includes_its_subcategories(client, make_post, make_category):
    politics = make_category("Politics")
    russia = make_category("Russia", parent=politics)
    sport = make_category("Sport")
    make_post("Duma vote", categories=[russia])
    make_post("Election law", categories=[politics])
    make_post("Match report", categories=[sport])
    assert russia.get_absolute_url() == "/category/politics/russia/"
    assert sorted(titles(client.get("/category/politics/"))) == ["Duma vote", "Election law"]
    assert titles(client.get("/category/politics/russia/")) == ["Duma vote"]
    assert client.get("/category/nothing/").status_code == 404


def test_category_archive_paginates(client, make_post, make_category, per_page_3):
    news = make_category("News")
    for day in range(1, 5):
        make_post(f"N{day}", published_at=at(2024, 2, day), categories=[news])
    assert titles(client.get("/category/news/page/2/")) == ["N1"]


def test_tag_and_author_archives(client, make_post, author, editor):
    make_post("Tagged", tags=["budget"], by=author)
    make_post("Untagged", by=editor)
    assert titles(client.get("/tag/budget/")) == ["Tagged"]
    assert titles(client.get(f"/author/{author.username}/")) == ["Tagged"]
    assert "Aurora Author" in client.get(f"/author/{author.username}/").content.decode()
    assert client.get("/author/nobody/").status_code == 404


def test_date_archives_by_year_month_and_day(client, make_post):
    make_post("March 7", published_at=at(2024, 3, 7))
    make_post("March 9", published_at=at(2024, 3, 9))
    make_post("June", published_at=at(2024, 6, 1))
    make_post("Last year", published_at=at(2023, 3, 7))
    assert titles(client.get("/2024/")) == ["June", "March 9", "March 7"]
    assert titles(client.get("/2024/03/")) == ["March 9", "March 7"]
    assert titles(client.get("/2024/03/07/")) == ["March 7"]
    assert client.get("/2024/02/30/").status_code == 404
    assert client.get("/2024/13/").status_code == 404


def test_uncategorised_posts_land_in_uncategorized(client, make_post):
    post = make_post("Loose")
    assert [c.name for c in post.categories.all()] == ["Uncategorized"]
    assert titles(client.get("/category/uncategorized/")) == ["Loose"]


def test_archive_renders_in_a_constant_number_of_queries(
    client, make_post, make_category, django_assert_max_num_queries
):
    cats = [make_category(f"C{i}") for i in range(3)]
    for i in range(10):
        make_post(f"P{i}", categories=cats, tags=[f"t{i}", "common"])
    client.get("/")  # the first request ever creates the site settings row
    with django_assert_max_num_queries(6):
        assert client.get("/").status_code == 200
