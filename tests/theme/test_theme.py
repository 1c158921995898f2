"""The default theme: overridable from the data folder, one stylesheet, nothing third-party."""

import re

import pytest
from django.conf import settings
from django.template import engines

from tests.dates import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_templates():
    def reset():
        for loader in engines["django"].engine.template_loaders:
            if hasattr(loader, "reset"):
                loader.reset()

    reset()
    yield
    reset()


def test_a_template_in_the_data_folder_overrides_the_default(client, fresh_templates):
    override = settings.THEME_DIR / "templates" / "404.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<!doctype html><title>Lost</title><p>Our own lost page.</p>")
    try:
        response = client.get("/missing/")
        assert response.status_code == 404
        assert "Our own lost page." in response.content.decode()
    finally:
        override.unlink()


def test_pages_load_only_from_this_site_and_have_no_inline_script(client, make_post):
    post = make_post("Plain", published_at=at(2024, 1, 1))
    for url in ["/", post.get_absolute_url(), "/2024/", "/nothing-here/"]:
        html = client.get(url).content.decode()
        # Allowed: JSON-LD (a data block, nothing runs) and our own files, which only enhance.
        for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            data = attributes == ' type="application/ld+json"'
            assert data or ('src="/static/' in attributes and not body.strip()), attributes
        assert not re.search(r"<[^>]+\son[a-z]+=", html)  # no inline event handlers
        loaded = re.findall(r'<img[^>]+src="([^"]+)"', html)
        loaded += re.findall(r'<link rel="(?:stylesheet|icon|preload)" href="([^"]+)"', html)
        assert loaded and all(u.startswith("/") for u in loaded), loaded
        links = re.findall(r'<link rel="\w+" href="([^"]+)"', html)
        own = ("/", "http://testserver/", settings.SAMIZDAT_SITE_URL + "/")  # this site, any name
        assert all(u.startswith(own) for u in links), links


def test_dark_scheme_and_one_stylesheet(client):
    html = client.get("/").content.decode()
    assert html.count('rel="stylesheet"') == 1
    css = client.get(re.search(r'href="(/static/theme/site[^"]*\.css)"', html).group(1))
    assert css.status_code == 200
    assert b"prefers-color-scheme: dark" in b"".join(css.streaming_content)
