"""RSS 2.0 and Atom 1.0 feeds, read by the real feedparser as a feed reader would."""

import calendar

import pytest

from tests.dates import at

pytestmark = pytest.mark.django_db

SITE_FEEDS = ["/feed/", "/feed/atom/"]


def timestamp(parsed_time) -> int:
    return calendar.timegm(parsed_time)


@pytest.fixture
def two_posts(make_post, make_category, author, editor):
    politics = make_category("Politics")
    older = make_post(
        "Reading the budget",
        published_at=at(2024, 3, 1),
        categories=[politics],
        tags=["budget", "transparency"],
        by=editor,
        author=author,
        body="The *whole* budget, line by line.",
        excerpt="What the budget says.",
    )
    newer = make_post("Bread & Butter <3", published_at=at(2024, 3, 2), body="Prices rose.")
    return older, newer


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_site_feed_lists_posts_newest_first_with_titles_links_and_dates(url, read_feed, two_posts):
    older, newer = two_posts
    feed = read_feed(url)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "samizdat"
    assert feed.feed.link == "http://testserver/"
    assert [e.title for e in feed.entries] == ["Bread & Butter <3", "Reading the budget"]
    first, second = feed.entries
    assert first.link == "http://testserver" + newer.get_absolute_url()
    assert timestamp(second.published_parsed) == older.published_at.timestamp()


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_entries_name_their_author_categories_and_tags(url, read_feed, two_posts):
    entry = read_feed(url).entries[1]
    assert entry.author == "Aurora Author"
    assert sorted(tag.term for tag in entry.tags) == ["Politics", "budget", "transparency"]
    assert "@" not in str(entry.get("author_detail", ""))  # no e-mail address is published


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_entry_id_stays_the_same_when_the_slug_changes(url, read_feed, two_posts, editor):
    from samizdat.posts.services import post_save

    older, _ = two_posts
    before = read_feed(url).entries[1].id
    older.slug = "budget-read"
    post_save(post=older, user=editor)
    after = read_feed(url).entries[1]
    assert before == after.id == f"tag:testserver,{older.created_at:%Y-%m-%d}:post-{older.pk}"
    assert after.link.endswith("/budget-read/")


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_full_text_with_absolute_links_alongside_the_excerpt(url, read_feed, make_post):
    post = make_post(
        "Linked",
        published_at=at(2024, 1, 1),
        excerpt="Short version.",
        body="See [the About page](/about/) and a note.[^1]\n\n[^1]: The note.",
    )
    entry = read_feed(url).entries[0]
    assert entry.summary == "Short version."
    content = entry.content[0].value
    assert '<a href="http://testserver/about/"' in content
    assert f'href="http://testserver{post.get_absolute_url()}#fn1"' in content


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_excerpt_only_when_the_site_says_so(url, read_feed, make_post, site_settings):
    make_post("Long read", published_at=at(2024, 1, 1), body="Every *word* of it.")
    site_settings(feed_full_text=False)
    entry = read_feed(url).entries[0]
    assert entry.summary == "Every word of it."
    assert "content" not in entry


@pytest.mark.parametrize("url", SITE_FEEDS)
def test_featured_image_is_an_enclosure(url, read_feed, make_post, photo):
    make_post("Harbour", published_at=at(2024, 1, 1), featured_image=photo)
    make_post("No picture", published_at=at(2024, 1, 2))
    without, harbour = read_feed(url).entries
    (enclosure,) = harbour.enclosures
    assert enclosure.href.startswith("http://testserver/media/")
    assert enclosure.href.endswith("-1600w.jpg")
    assert (enclosure.type, int(enclosure.length) > 1000) == ("image/jpeg", True)
    assert without.get("enclosures", []) == []


def test_feeds_show_as_many_posts_as_the_setting_asks(read_feed, make_post, site_settings):
    for day in range(1, 6):
        make_post(f"Day {day}", published_at=at(2024, 1, day))
    site_settings(feed_items=3)
    assert [e.title for e in read_feed("/feed/").entries] == ["Day 5", "Day 4", "Day 3"]


def test_atom_entries_carry_updated_and_the_feed_its_own_address(read_feed, two_posts):
    feed = read_feed("/feed/atom/")
    assert {"rel": "self", "href": "http://testserver/feed/atom/"}.items() <= (
        next(link for link in feed.feed.links if link.rel == "self").items()
    )
    for entry in feed.entries:
        assert entry.updated_parsed >= entry.published_parsed


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_nested_category_feed_reaches_the_feed_not_the_archive(
    suffix, read_feed, make_post, make_category
):
    politics = make_category("Politics")
    russia = make_category("Russia", parent=politics)
    make_post("Duma vote", categories=[russia], published_at=at(2024, 1, 2))
    make_post("Election law", categories=[politics], published_at=at(2024, 1, 1))
    make_post("Match report", published_at=at(2024, 1, 3))
    nested = read_feed(f"/category/politics/russia/{suffix}")
    assert not nested.bozo
    assert nested.feed.title == "samizdat » Russia"
    assert nested.feed.link == "http://testserver/category/politics/russia/"
    assert [e.title for e in nested.entries] == ["Duma vote"]
    parent = read_feed(f"/category/politics/{suffix}")
    assert [e.title for e in parent.entries] == ["Duma vote", "Election law"]


@pytest.mark.parametrize("suffix", ["feed/", "feed/atom/"])
def test_tag_and_author_feeds(suffix, read_feed, make_post, author):
    make_post("Tagged", tags=["budget"], by=author, published_at=at(2024, 1, 1))
    make_post("Untagged", published_at=at(2024, 1, 2))
    tag = read_feed(f"/tag/budget/{suffix}")
    assert (tag.feed.title, [e.title for e in tag.entries]) == ("samizdat » budget", ["Tagged"])
    by_author = read_feed(f"/author/{author.username}/{suffix}")
    assert by_author.feed.title == "samizdat » Aurora Author"
    assert [e.title for e in by_author.entries] == ["Tagged"]


@pytest.mark.parametrize(
    "url", ["/category/nothing/feed/", "/tag/nothing/feed/atom/", "/author/nobody/feed/"]
)
def test_feed_of_something_that_does_not_exist_is_404(client, url):
    assert client.get(url).status_code == 404


def test_an_empty_site_still_has_valid_feeds(read_feed):
    for url in [*SITE_FEEDS]:
        feed = read_feed(url)
        assert (feed.bozo, feed.entries) == (False, [])
