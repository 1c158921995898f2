"""The page cache cannot be filled by asking for addresses (issue 19: empty date archives were
stored for any date, 400 days made 6.4 MB and 1,200 files)."""

import pytest
from django.test import Client

from samizdat.pagecache.models import CachedPage
from samizdat.pagecache.services import root

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def cache_on(settings, tmp_path):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path


def stored_files() -> list:
    return sorted(p for p in root().rglob("index.*") if p.suffix not in (".gz", ".br"))


@pytest.mark.parametrize(
    "path",
    ["/1999/07/14/", "/1999/07/", "/1999/", "/9999/12/31/", "/2026/02/30/", "/2026/13/"],
)
def test_a_date_archive_without_posts_or_an_impossible_date_is_404_and_never_stored(
    make_post, path
):
    make_post("The only post")
    for _ in range(2):
        assert Client().get(path).status_code == 404
    assert stored_files() == [] and not CachedPage.objects.exists()


def test_a_date_archive_with_a_post_is_a_stored_page(make_post):
    post = make_post("Dated")
    path = f"/{post.published_at:%Y/%m/%d}/"
    assert Client().get(path)["X-Page-Cache"] == "miss, stored"
    assert Client().get(path)["X-Page-Cache"] == "hit"


def test_an_author_without_public_posts_has_no_page(make_post, author, reader):
    make_post("By Aurora", by=author)
    assert Client().get(author.get_absolute_url()).status_code == 200
    assert Client().get(reader.get_absolute_url()).status_code == 404


def test_the_cache_keeps_at_most_its_limit_of_pages_dropping_the_oldest(settings, make_post):
    settings.SAMIZDAT_PAGE_CACHE_MAX_PAGES = 5
    posts = [make_post(f"Post {n}") for n in range(12)]
    for post in posts:
        assert Client().get(post.get_absolute_url())["X-Page-Cache"] == "miss, stored"
    assert CachedPage.objects.count() <= 5
    assert len(stored_files()) == CachedPage.objects.count()
    newest = posts[-1].get_absolute_url()
    assert CachedPage.objects.filter(path=newest).exists()
    assert Client().get(newest)["X-Page-Cache"] == "hit"
    assert Client().get(posts[0].get_absolute_url())["X-Page-Cache"] == "miss, stored"
