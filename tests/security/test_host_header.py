"""Cache poisoning through Host (issue 19): every absolute URL comes from SAMIZDAT_SITE_URL,
and a page asked for under another host or port is never stored for everyone."""

import re

import pytest
from django.core import mail
from django.test import Client

SITE = "https://blog.example.org"
ODD_HOST = "testserver:6666"  # allowed (Django ignores the port), but not the site's address


@pytest.fixture
def odd(settings):
    settings.SAMIZDAT_SITE_URL = SITE
    return Client(HTTP_HOST=ODD_HOST)


def absolute_urls(text: str) -> set[str]:
    return set(re.findall(r"https?://[^\s\"'<>]+", text))


def assert_only_the_site(text: str) -> None:
    own = [u for u in absolute_urls(text) if "testserver" in u or "6666" in u]
    assert own == [], own
    assert any(u.startswith(SITE + "/") for u in absolute_urls(text))


@pytest.mark.django_db
def test_a_post_page_links_only_to_the_site_url_whatever_the_host(odd, make_post):
    """Canonical link, og:url and the JSON-LD Article's address."""
    post = make_post("Hosted")
    html = odd.get(post.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{SITE}{post.get_absolute_url()}">' in html
    assert f'content="{SITE}{post.get_absolute_url()}"' in html  # og:url
    assert_only_the_site(html)


@pytest.mark.django_db
def test_a_page_links_only_to_the_site_url(odd, editor):
    from samizdat.posts.models import Page
    from samizdat.posts.services import page_save

    page = page_save(page=Page(title="About", body_source="Hi", status="published"), user=editor)
    html = odd.get(page.get_absolute_url()).content.decode()
    assert f'<link rel="canonical" href="{SITE}{page.get_absolute_url()}">' in html
    assert_only_the_site(html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        *("/feed/", "/feed/atom/", "/feed/json/", "/comments/feed/"),
        *("/sitemap.xml", "/sitemap-posts.xml", "/robots.txt"),
    ],
)
def test_feeds_sitemaps_and_robots_link_only_to_the_site_url(odd, make_post, path):
    make_post("Listed")
    answer = odd.get(path)
    assert answer.status_code == 200
    assert_only_the_site(answer.content.decode())


@pytest.mark.django_db
def test_password_reset_mail_links_to_the_site_not_to_the_host_asked(odd, make_user):
    """A reset asked for under a strange Host must not mail the owner a link to that host."""
    make_user("pia", email="pia@example.org")
    odd.post("/accounts/password/reset/", {"email": "pia@example.org"})
    [message] = mail.outbox
    assert f"{SITE}/accounts/password/reset/key/" in message.body
    assert "6666" not in message.body + message.subject and "testserver" not in message.body


@pytest.mark.django_db(transaction=True)
def test_a_page_asked_for_under_another_port_is_not_stored(settings, tmp_path, make_post):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    post = make_post("Poisoned?")
    odd = Client(HTTP_HOST=ODD_HOST)  # the site is http://testserver in tests
    first = odd.get(post.get_absolute_url())
    assert first.status_code == 200 and first.get("X-Page-Cache", "") == ""
    assert Client().get(post.get_absolute_url())["X-Page-Cache"] == "miss, stored"
    assert Client().get(post.get_absolute_url())["X-Page-Cache"] == "hit"
    assert Client(HTTP_HOST="testserver:80").get("/")["X-Page-Cache"] == "miss, stored"
