"""Django settings for samizdat, read from ``SAMIZDAT_*`` environment variables.

Every variable is documented in docs/settings.md; tests/core/test_settings_documented.py
fails when one is read here but not described there. Defaults are the embedded,
one-machine setup: everything lives in one data folder, nothing needs installing.
"""

import os
import secrets
from pathlib import Path

import dj_database_url

from samizdat.core.env import (
    env_bool,
    env_int,
    env_list,
    env_rate,
    env_str,
    parse_cache_url,
    parse_email_url,
)

PACKAGE_DIR = Path(__file__).resolve().parent

DATA_DIR = Path(env_str("SAMIZDAT_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The key from the environment, else one generated on first run and kept in the data folder."""
    if key := env_str("SAMIZDAT_SECRET_KEY", ""):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("SAMIZDAT_DEBUG", False)
ALLOWED_HOSTS = env_list("SAMIZDAT_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SAMIZDAT_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "samizdat.core",
    "samizdat.accounts",
    "samizdat.media",
    "samizdat.spamfilter",
    "samizdat.posts",
    "samizdat.comments",
    "samizdat.theme",
    "samizdat.feeds",
    "samizdat.search",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samizdat.posts.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "samizdat.urls"
WSGI_APPLICATION = "samizdat.wsgi.application"

# A site's own theme folder comes first, so any template can be overridden without forking.
THEME_DIR = DATA_DIR / "theme"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [THEME_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samizdat.core.context_processors.site",
                "samizdat.posts.context_processors.menu",
            ],
        },
    },
]


def _database(url: str) -> dict:
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "samizdat.sqlite3",
        "OPTIONS": {
            # WAL lets readers and the one writer work at once; IMMEDIATE takes the write lock
            # at BEGIN so concurrent writers wait (busy timeout) instead of failing mid-transaction.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database(env_str("SAMIZDAT_DATABASE_URL", ""))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": parse_cache_url(env_str("SAMIZDAT_CACHE_URL", ""), DATA_DIR / "cache")}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "admin:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = env_str("SAMIZDAT_LANGUAGE", "en-us")
TIME_ZONE = env_str("SAMIZDAT_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [p for p in [THEME_DIR / "static"] if p.is_dir()]
MEDIA_URL = "media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, pre-compressed (gzip and Brotli) files: `samizdat serve` collects them.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: a hard ceiling on bytes and on pixels (decompression bombs), checked before decoding.
SAMIZDAT_MAX_UPLOAD_BYTES = env_int("SAMIZDAT_MAX_UPLOAD_MB", 20) * 1024 * 1024
SAMIZDAT_MAX_IMAGE_PIXELS = env_int("SAMIZDAT_MAX_IMAGE_MEGAPIXELS", 50) * 1_000_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SAMIZDAT_DEMO = env_bool("SAMIZDAT_DEMO", True)

# Comments: "<count>/<seconds>" per IP and per identity, or "off" (tests, bulk work).
SAMIZDAT_COMMENTS_RATE_LIMIT = env_rate("SAMIZDAT_COMMENTS_RATE_LIMIT", "5/60")
# How long commenters' IP addresses are kept for the spam checks, then erased.
SAMIZDAT_COMMENT_IP_DAYS = env_int("SAMIZDAT_COMMENT_IP_DAYS", 30)

# Background work (notifications): the django.tasks API, run by `samizdat worker` from the
# database queue. Django 6 ships the API itself; then only the imports change.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND, EMAIL_SETTINGS = parse_email_url(env_str("SAMIZDAT_EMAIL_URL", "console://"))
globals().update(EMAIL_SETTINGS)
DEFAULT_FROM_EMAIL = env_str("SAMIZDAT_EMAIL_FROM", "samizdat <samizdat@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Absolute links in mail need the site's address: there is no request to take it from.
SAMIZDAT_SITE_URL = env_str("SAMIZDAT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Security headers that cost nothing; HTTPS-only ones switch on with SAMIZDAT_HTTPS=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
HTTPS = env_bool("SAMIZDAT_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # a blog cannot speak for its sibling hosts
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SILENCED_SYSTEM_CHECKS = [
    "security.W005",  # HSTS for subdomains: see above
    "security.W021",  # HSTS preload is a hard-to-undo commitment an owner makes, not a default
    "security.W019",  # SAMEORIGIN, not DENY: the site may frame itself (previews), nobody else
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SAMIZDAT_LOG_LEVEL", "WARNING")},
}
