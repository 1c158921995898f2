"""Test settings: samizdat's own, with a throwaway data folder and fast password hashing.

SAMIZDAT_TEST_DATABASE_URL switches the database to a real PostgreSQL (scripts/test.py sets it
for the second pass when one is reachable).
"""

import os
import tempfile

os.environ["SAMIZDAT_DATA_DIR"] = tempfile.mkdtemp(prefix="samizdat-test-")
os.environ.setdefault("SAMIZDAT_CACHE_URL", "locmem://")
os.environ.setdefault("SAMIZDAT_EMAIL_URL", "locmem://")
os.environ.setdefault("SAMIZDAT_COMMENTS_RATE_LIMIT", "off")  # rate-limit tests switch it on
# Most tests run inside a transaction that never commits, so invalidation (on commit) would never
# happen; tests/pagecache switches the cache on with real transactions.
os.environ.setdefault("SAMIZDAT_PAGE_CACHE", "0")
# The Django test client asks for "testserver": the site's address in tests (live-server tests
# that store pages set their own).
os.environ.setdefault("SAMIZDAT_SITE_URL", "http://testserver")

from samizdat.settings import *  # noqa: F403
from samizdat.settings import DATA_DIR, DATABASES, STORAGES

if url := os.environ.get("SAMIZDAT_TEST_DATABASE_URL"):
    import dj_database_url

    DATABASES["default"] = dj_database_url.parse(url)
    # A name of this run's own: two runs on one server (a developer's and CI's) would otherwise
    # create, use and drop the same test database under each other.
    DATABASES["default"]["TEST"] = {"NAME": f"test_samizdat_{os.getpid()}"}

else:
    # A file, not memory: live-server tests write from several threads, as a real site does,
    # and SQLite's shared-cache memory mode would report "table locked" instead of waiting.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests read static files from the apps through the finders; `serve` collects hashed copies.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
