"""Settings come from SAMIZDAT_* variables, each documented; SQLite is tuned for a web server."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from samizdat.core.env import env_bool, parse_cache_url

ROOT = Path(__file__).resolve().parents[2]


def test_every_environment_setting_is_documented():
    read = set(re.findall(r'"(SAMIZDAT_[A-Z_]+)"', (ROOT / "samizdat/settings.py").read_text()))
    documented = set(re.findall(r"`(SAMIZDAT_[A-Z_]+)`", (ROOT / "docs/settings.md").read_text()))
    assert read, "no settings found: has settings.py moved?"
    assert read - documented == set()


def test_bad_boolean_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("SAMIZDAT_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SAMIZDAT_DEBUG='maybe'"):
        env_bool("SAMIZDAT_DEBUG", False)


@pytest.mark.parametrize(
    ("url", "backend"),
    [
        ("", "filebased.FileBasedCache"),
        ("redis://127.0.0.1:6379/0", "redis.RedisCache"),
        ("locmem://", "locmem.LocMemCache"),
        ("file:///tmp/x", "filebased.FileBasedCache"),
    ],
)
def test_cache_urls(url, backend, tmp_path):
    assert parse_cache_url(url, tmp_path)["BACKEND"].endswith(backend)


def test_unknown_cache_scheme_is_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="memcached"):
        parse_cache_url("memcached://x", tmp_path)


@pytest.mark.django_db
def test_foreign_keys_are_enforced():
    if connection.vendor != "sqlite":
        pytest.skip("a SQLite pragma; PostgreSQL always enforces foreign keys")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
