"""Every response carries the security headers — stored pages too — and the policy allows no
inline script, no plug-in, no framing by another site and no image from another host."""

import urllib.request

import pytest
from django.test import Client

from samizdat.core.security import PERMISSIONS_POLICY, page_headers

pytestmark = pytest.mark.django_db(transaction=True)


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {name: values for name, *values in parts}


def assert_page_headers(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no nonce, no host
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert set(policy["img-src"]) == {"'self'", "data:"}
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY


@pytest.mark.parametrize("path", ["/", "/feed/", "/?s=words", "/no-such-page/", "/robots.txt"])
def test_reader_pages_carry_the_security_headers(client, make_post, path):
    make_post("Something")
    response = client.get(path)
    assert_page_headers(response)
    assert directives(response)["style-src"] == ["'self'"]


def test_a_stored_page_carries_the_same_headers_as_a_fresh_one(settings, tmp_path, make_post):
    settings.SAMIZDAT_PAGE_CACHE = True
    settings.DATA_DIR = tmp_path
    post = make_post("Stored")
    client = Client()
    fresh = client.get(post.get_absolute_url())
    hit = client.get(post.get_absolute_url())
    assert (fresh["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss, stored", "hit")
    assert_page_headers(hit)
    assert hit["Content-Security-Policy"] == fresh["Content-Security-Policy"]


def test_the_admin_may_use_inline_styles_but_never_inline_scripts(client, editor):
    client.force_login(editor)
    response = client.get("/admin/posts/post/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]


def test_hsts_and_secure_cookies_only_behind_tls(settings, client):
    assert "Strict-Transport-Security" not in client.get("/")
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


def test_nginx_sends_stored_pages_with_the_same_headers(front, make_post):
    """`samizdat nginx-config` repeats the headers for the pages nginx sends from disk."""
    post = make_post("Behind nginx")
    url = front + post.get_absolute_url()
    urllib.request.urlopen(url, timeout=10).close()  # noqa: S310 - loopback http
    with urllib.request.urlopen(url, timeout=10) as hit:  # noqa: S310 - loopback http
        assert hit.headers["X-Page-Cache"] == "hit (nginx)"
        for name, value in page_headers().items():
            assert hit.headers.get_all(name) == [value], name
