"""Helpers for the feed tests: feeds are fetched over HTTP and read by the real feedparser."""

import feedparser
import pytest

from samizdat.core.models import SiteSettings, site_settings_changed
from samizdat.media.services import image_upload
from tests.media.pictures import encoded, picture, upload


@pytest.fixture
def read_feed(client):
    """GET `url` and parse it with feedparser; the response is kept as `.response`."""

    def read(url: str) -> feedparser.FeedParserDict:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        parsed = feedparser.parse(response.content)
        parsed["response"] = response
        return parsed

    return read


@pytest.fixture
def site_settings(db):
    """Change the site settings row: site_settings(feed_full_text=False)."""

    def change(**fields) -> SiteSettings:
        SiteSettings.objects.update_or_create(pk=1, defaults=fields)
        site_settings_changed()
        return SiteSettings.load()

    return change


@pytest.fixture
def photo(editor):
    """An uploaded image wide enough to have renditions."""
    return image_upload(
        uploaded_file=upload(encoded(picture(2000, 1000)), "harbour.jpg"),
        user=editor,
        alt="Boats at dawn",
        caption="The harbour",
    )
