"""Every page names the webmention endpoint, as a `Link` header and a `<link>` in its head —
pages from the page cache and pages nginx sends from disk too (`samizdat nginx-config`)."""

import urllib.request

import pytest
from django.conf import settings
from django.test import Client

from tests.pagecache.test_nginx import front  # noqa: F401 - a fixture, used by name

pytestmark = pytest.mark.django_db(transaction=True)


def link() -> str:
    """The header every page carries: the endpoint at the site's address (settings, which the
    nginx fixture points at nginx)."""
    return f'<{settings.SAMIZDAT_SITE_URL}/webmention/>; rel="webmention"'


def head_link() -> str:
    return f'<link rel="webmention" href="{settings.SAMIZDAT_SITE_URL}/webmention/">'


def test_a_post_page_names_the_endpoint_in_a_link_header_and_in_its_head(client, make_post):
    page = client.get(make_post("Answer me").get_absolute_url())
    assert page["Link"] == link()
    assert head_link() in page.content.decode()


def test_a_stored_page_names_the_endpoint_too(settings, tmp_path, make_post):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    path = make_post("Stored").get_absolute_url()
    reader = Client()
    assert reader.get(path)["X-Page-Cache"] == "miss, stored"
    hit = reader.get(path)
    assert (hit["X-Page-Cache"], hit["Link"]) == ("hit", link())


def test_a_page_nginx_sends_from_disk_names_the_endpoint(front, make_post):  # noqa: F811
    url = front + make_post("Behind nginx").get_absolute_url()
    urllib.request.urlopen(url, timeout=10).close()  # noqa: S310 - loopback http
    with urllib.request.urlopen(url, timeout=10) as hit:  # noqa: S310 - loopback http
        assert hit.headers["X-Page-Cache"] == "hit (nginx)"
        assert hit.headers.get_all("Link") == [link()]
        assert head_link() in hit.read().decode()


def test_the_endpoint_takes_a_post_without_its_slash_too(client):
    response = client.post("/webmention", {"source": "https://a.example/", "target": ""})
    assert response.status_code == 400 and "target is missing" in response.content.decode()
