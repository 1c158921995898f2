"""The cache named by SAMIZDAT_CACHE_URL works against a real Redis when one is reachable."""

import os

import pytest
from django.core.cache import caches
from django.test import override_settings

from samizdat.core.env import parse_cache_url
from samizdat.core.models import SiteSettings, site_settings_changed

REDIS_URL = os.environ.get("SAMIZDAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.mark.django_db
def test_site_settings_are_cached_in_redis_and_forgotten_on_change(tmp_path):
    if not redis_reachable():
        pytest.skip(f"no Redis at {REDIS_URL} (.ci/run starts one)")
    with override_settings(CACHES={"default": parse_cache_url(REDIS_URL, tmp_path)}):
        cache = caches["default"]
        cache.clear()
        assert SiteSettings.load().title == "samizdat"
        SiteSettings.objects.filter(pk=1).update(title="Renamed")
        assert SiteSettings.load().title == "samizdat"  # served from Redis
        site_settings_changed()
        assert SiteSettings.load().title == "Renamed"
        cache.clear()
