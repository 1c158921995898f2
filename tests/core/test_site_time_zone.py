"""The site's time zone is a Site setting (not only SAMIZDAT_TIME_ZONE): pages, permalinks and
date archives use its local dates; an unknown name is refused in the admin."""

from datetime import UTC, datetime

import pytest

from samizdat.core.models import SiteSettings, site_settings_changed

pytestmark = pytest.mark.django_db


def _set_zone(name: str) -> None:
    SiteSettings.objects.update_or_create(pk=1, defaults={"time_zone": name})
    site_settings_changed()


def test_permalinks_and_archives_follow_the_site_setting(client, make_post):
    # 20:00 UTC on 29 November is already 30 November in Auckland (UTC+13 in summer).
    post = make_post("Late news", published_at=datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert client.get("/2026/11/29/late-news/").status_code == 200

    _set_zone("Pacific/Auckland")
    assert client.get("/2026/11/29/late-news/").status_code == 301
    assert client.get("/2026/11/30/late-news/").status_code == 200
    assert "Late news" in client.get("/2026/11/30/").content.decode()
    assert SiteSettings.load().zone().key == "Pacific/Auckland"
    assert post.pk


def test_an_unknown_time_zone_is_refused_in_the_admin(client, administrator):
    client.force_login(administrator)
    SiteSettings.load()
    response = client.post(
        "/admin/core/sitesettings/1/change/",
        {
            "title": "samizdat",
            "tagline": "",
            "permalink_structure": "/%postname%/",
            "posts_per_page": "10",
            "feed_items": "10",
            "time_zone": "Mars/Olympus_Mons",
        },
    )
    assert response.status_code == 200
    assert "Mars/Olympus_Mons is not one of the available choices" in response.content.decode()
    assert SiteSettings.objects.get().time_zone == ""

    response = client.post(
        "/admin/core/sitesettings/1/change/",
        {
            "title": "samizdat",
            "tagline": "",
            "permalink_structure": "/%postname%/",
            "posts_per_page": "10",
            "feed_items": "10",
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302
    assert SiteSettings.load().zone().key == "Europe/Berlin"
