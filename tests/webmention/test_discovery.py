"""Endpoint discovery passes the 23 webmention.rocks cases, served locally: as a function over
the responses, through real HTTP, and as the sender that posts each webmention where the
case says — never to a wrong endpoint."""

import pytest
from django.conf import settings
from django.core.management import call_command
from urllib3 import HTTPHeaderDict

from samizdat.webmention.discovery import endpoint_find, link_header_targets
from samizdat.webmention.models import Sending
from samizdat.webmention.services import endpoint_discover
from tests.webmention.rocks import serve_cases


def _response(web, url: str):
    """What fetching `url` from `web` gives, redirects followed, without the network."""
    path = url.removeprefix(web.url)
    page = web.pages[path]
    while page.status in (301, 302):
        path = dict(page.headers)["Location"]
        page = web.pages[path]
    headers = HTTPHeaderDict({"Content-Type": page.content_type})
    for name, value in page.headers:
        headers.add(name, value)
    body = page.body.encode() if isinstance(page.body, str) else page.body
    return web.url + path, headers, body


def test_each_case_is_discovered_from_its_response(web):
    for case in serve_cases(web):
        url, headers, body = _response(web, case.target)
        assert endpoint_find(url=url, headers=headers, body=body) == case.endpoint, case.title


def test_link_header_values_are_read_as_rfc_8288_writes_them():
    values = ['<a>; rel="other webmention"; title="x, y", <b>; rel=webmention', "<c>; rel=x"]
    assert link_header_targets(values, "webmention") == ["a", "b"]
    assert link_header_targets(['<d>; title="rel=webmention"'], "webmention") == []
    assert link_header_targets(['<e>; rel="not-webmention"'], "webmention") == []


def test_a_page_that_advertises_nothing_has_no_endpoint():
    headers = HTTPHeaderDict({"Content-Type": "text/html"})
    page = b"<html><head><link rel=stylesheet href=/s.css></head><body><a href=/x>x</a></body>"
    assert endpoint_find(url="https://example.org/p", headers=headers, body=page) is None
    image = HTTPHeaderDict({"Content-Type": "image/png"})
    assert endpoint_find(url="https://example.org/i.png", headers=image, body=b"\x89PNG") is None


@pytest.mark.django_db
def test_each_case_is_discovered_over_http(web, loopback):
    for case in serve_cases(web):
        assert endpoint_discover(case.target) == case.endpoint, case.title


@pytest.mark.django_db(transaction=True)
def test_the_sender_posts_each_webmention_to_the_endpoint_its_case_names(web, loopback, make_post):
    cases = serve_cases(web)
    body = "\n".join(f"- [case {case.number}]({case.target})" for case in cases)
    post = make_post("Testing every discovery case", body=body)

    call_command("worker", batch=True, verbosity=0)

    source = settings.SAMIZDAT_SITE_URL + post.get_absolute_url()
    posts = {r.path: r.form for r in web.received("POST")}
    for case in cases:
        path = case.endpoint.removeprefix(web.url)
        assert posts.get(path) == {"source": source, "target": case.target}, case.title
    assert not [p for p in posts if "error" in p or p.endswith("/test/23/webmention-endpoint/abc")]
    assert set(Sending.objects.values_list("state", flat=True)) == {Sending.State.SENT}
