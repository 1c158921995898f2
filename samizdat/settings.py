"""Django settings for samizdat, read from ``SAMIZDAT_*`` environment variables.

Every variable is documented in docs/settings.md; tests/core/test_settings_documented.py
fails when one is read here but not described there. Defaults are the embedded,
one-machine setup: everything lives in one data folder, nothing needs installing.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
# The database, its WAL and the keys are the owner's alone (issue 19: they were 0644, and a
# local user read session keys, password hashes and commenters' emails). The folder stays
# traversable (0711, not listable) so that nginx, often another user, can still send the
# stored pages, static files and media it holds; those are public anyway.
PRIVATE_FILES = ("samizdat.sqlite3", "samizdat.sqlite3-wal", "samizdat.sqlite3-shm")
PRIVATE_FILES += ("secret_key", "admin-password")


def _keep_private(folder: Path) -> None:
    if folder.stat().st_uid == os.getuid():
        folder.chmod(folder.stat().st_mode & 0o711)
    database = folder / PRIVATE_FILES[0]
    if not database.exists() and not env_str("SAMIZDAT_DATABASE_URL", ""):
        # created private before SQLite opens it: SQLite gives -wal and -shm its mode
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    for name in PRIVATE_FILES:
        path = folder / name
        if path.exists() and path.stat().st_uid == os.getuid() and path.stat().st_mode & 0o077:
            path.chmod(0o600)


_keep_private(DATA_DIR)


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
# Proxies whose X-Forwarded-For is believed (addresses or networks): nginx on this machine.
SAMIZDAT_TRUSTED_PROXIES = env_list("SAMIZDAT_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# Outside identities a commenter may sign in with, once an administrator configures them in
# the admin: the presets, plus any other django-allauth provider named in the environment.
IDENTITY_PROVIDER_APPS = list(
    dict.fromkeys(
        [
            *(
                f"allauth.socialaccount.providers.{name}"
                for name in [
                    *["github", "google", "facebook", "twitter_oauth2", "openid_connect"],
                    *env_list("SAMIZDAT_IDENTITY_PROVIDERS", []),
                ]
            ),
            "samizdat.accounts.wordpress",  # WordPress.com: allauth has no provider for it
        ]
    )
)

INSTALLED_APPS = [
    "samizdat.core",
    "samizdat.accounts",
    "samizdat.media",
    "samizdat.embeds",
    "samizdat.spamfilter",
    "samizdat.posts",
    "samizdat.comments",
    "samizdat.pagecache",
    "samizdat.theme",
    # search before feeds: `/?s=…` is answered before `/?feed=` (posts.queries).
    "samizdat.search",
    "samizdat.feeds",
    "samizdat.webmention",
    "samizdat.importers",
    "samizdat.studio",
    # Writing apps publish here: WordPress REST API, XML-RPC, Micropub (samizdat.publishing).
    "samizdat.publishing",
    "rest_framework",
    "drf_spectacular",
    "samizdat.operations",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    # Accounts and outside identities (samizdat.accounts explains the choices).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    *IDENTITY_PROVIDER_APPS,
]

MIDDLEWARE = [
    # First: everything after it sees the client's address, not the proxy's (core/proxies.py).
    "samizdat.core.proxies.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so stored pages get the same headers (samizdat.core.security).
    "samizdat.core.security.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Before sessions and everything else: a stored page is sent without touching them.
    "samizdat.pagecache.middleware.PageCacheMiddleware",
    # The Site setting's time zone, for everything rendered from here on.
    "samizdat.core.middleware.SiteTimeZoneMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samizdat.posts.middleware.RedirectFallbackMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "samizdat.accounts.middleware.SiteInTemplatesMiddleware",
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
        # Kept open per worker thread: opening SQLite and running its pragmas on every
        # request costs more than many a page render.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


def _env_choice(name: str, default: str, choices: list[str]) -> str:
    value = env_str(name, default).strip().lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(choices)}")
    return value


# Local accounts and outside identities (django-allauth). Rate limits on log-in, sign-up and
# password reset are allauth's defaults; they stay on. Every `next=` must point at this site.
ACCOUNT_ADAPTER = "samizdat.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "samizdat.accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = _env_choice(
    # mandatory: only then can sign-up hide that an address already has an account (allauth)
    "SAMIZDAT_ACCOUNT_EMAIL_VERIFICATION",
    "mandatory",
    ["none", "optional", "mandatory"],
)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if env_bool("SAMIZDAT_HTTPS", False) else "http"
# A commenter from outside needs no form of ours: an account is made on first sign-in. An email
# already used here is never taken as proof of owning that account (no automatic linking).
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_REQUIRED = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10
SOCIALACCOUNT_PROVIDERS = {
    # allauth's class, plus an OIDC nonce checked and the ID token's signature always verified.
    "openid_connect": {
        "provider_class": "samizdat.accounts.oidc.provider.OpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
    },
    "google": {"SCOPE": ["openid", "profile", "email"], "OAUTH_PKCE_ENABLED": True},
    "github": {"SCOPE": ["read:user", "user:email"]},
    "facebook": {"METHOD": "oauth2", "SCOPE": ["email", "public_profile"]},  # never the JS SDK
}
MFA_ADAPTER = "samizdat.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Commenters' pictures: made here (identicons) or fetched once from their provider. "gravatar" or
# "libravatar" makes readers' browsers load them from that service instead (off by default).
SAMIZDAT_REMOTE_AVATARS = _env_choice(
    "SAMIZDAT_REMOTE_AVATARS", "off", ["off", "gravatar", "libravatar"]
)
# What the site fetches from elsewhere (core/outbound.py) may reach loopback only when this is
# on: for tests and two local instances. Other private ranges are never reachable.
SAMIZDAT_ALLOW_PRIVATE_NETWORKS = env_bool("SAMIZDAT_FEDERATION_ALLOW_PRIVATE_NETWORKS", False)
# The host-name resolver of core/outbound.py (a callable or dotted path); None is the system's.
# Not an environment variable: tests set it to make a name answer as they need.
SAMIZDAT_OUTBOUND_RESOLVER = None

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
# At most this many pages are stored; past it the oldest go (pagecache/services.py).
SAMIZDAT_PAGE_CACHE_MAX_PAGES = env_int("SAMIZDAT_PAGE_CACHE_MAX_PAGES", 20000)
# `serve --production` reads a request's body before any thread sees it, within this many
# seconds plus one per 64 KiB received (samizdat/asgi.py): a slow drip gets 408.
SAMIZDAT_REQUEST_BODY_SECONDS = env_int("SAMIZDAT_REQUEST_BODY_SECONDS", 10)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SAMIZDAT_DEMO = env_bool("SAMIZDAT_DEMO", True)
# Rendered pages for anonymous readers, kept until what they show changes (samizdat.pagecache).
SAMIZDAT_PAGE_CACHE = env_bool("SAMIZDAT_PAGE_CACHE", True)

# Comments: "<count>/<seconds>" per IP and per identity, or "off" (tests, bulk work).
SAMIZDAT_COMMENTS_RATE_LIMIT = env_rate("SAMIZDAT_COMMENTS_RATE_LIMIT", "5/60")
# How long commenters' IP addresses are kept for the spam checks, then erased.
SAMIZDAT_COMMENT_IP_DAYS = env_int("SAMIZDAT_COMMENT_IP_DAYS", 30)

# Webmention: a received source is fetched once, at most this many bytes within this many
# seconds; larger or slower ones are refused (the status page says why).
SAMIZDAT_WEBMENTION_MAX_BYTES = env_int("SAMIZDAT_WEBMENTION_MAX_BYTES", 1_000_000)
SAMIZDAT_WEBMENTION_TIMEOUT = env_int("SAMIZDAT_WEBMENTION_TIMEOUT", 10)

# Background work (notifications): the django.tasks API, run by `samizdat worker` from the
# database queue. Django 6 ships the API itself; then only the imports change.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND, EMAIL_SETTINGS = parse_email_url(env_str("SAMIZDAT_EMAIL_URL", "console://"))
globals().update(EMAIL_SETTINGS)
DEFAULT_FROM_EMAIL = env_str("SAMIZDAT_EMAIL_FROM", "samizdat <samizdat@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's public address: every absolute URL (canonical links, feeds, sitemaps, mail) is
# built from it, never from a request's Host. Unset, the first named allowed host is taken
# (https with SAMIZDAT_HTTPS); `samizdat serve` puts in its own address on a local first run.
SITE_URL_FALLBACK = "http://127.0.0.1:8000"


def _site_url_default() -> str:
    named = [h for h in ALLOWED_HOSTS if h not in ("*", "127.0.0.1", "localhost", "[::1]")]
    named = [h for h in named if not h.startswith(".")]
    if not named:
        return SITE_URL_FALLBACK
    return f"{'https' if env_bool('SAMIZDAT_HTTPS', False) else 'http'}://{named[0]}"


SAMIZDAT_SITE_URL = env_str("SAMIZDAT_SITE_URL", _site_url_default()).rstrip("/")

# Security headers that cost nothing; HTTPS-only ones switch on with SAMIZDAT_HTTPS=1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it: forms carry the token
HTTPS = env_bool("SAMIZDAT_HTTPS", False)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = False  # a blog cannot speak for its sibling hosts
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# Content-Security-Policy (django-csp, samizdat.core.security): scripts and styles are files of
# this site, no plug-ins, no framing by other sites, and images and media from this site only,
# so no page view tells another host who reads what. SAMIZDAT_EXTERNAL_MEDIA names hosts an owner
# allows for images, audio and video (a CDN, an old site's hotlinked pictures).
_EXTERNAL_MEDIA = env_list("SAMIZDAT_EXTERNAL_MEDIA", [])
_AVATAR_HOSTS = {
    "off": [],
    "gravatar": ["https://gravatar.com", "https://*.gravatar.com"],
    "libravatar": ["https://seccdn.libravatar.org"],
}[SAMIZDAT_REMOTE_AVATARS]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for the two-factor set-up's QR code; an image cannot run script.
        "img-src": ["'self'", "data:", *_EXTERNAL_MEDIA, *_AVATAR_HOSTS],
        "media-src": ["'self'", *_EXTERNAL_MEDIA],
        "object-src": ["'none'"],
        # Embed cards load a player in a frame only when a reader clicks: exactly the players
        # of samizdat.embeds.providers.FRAME_ORIGINS (a test checks the two agree).
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://embed.bsky.app",
        ],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'self'"],
        # No form-action: signing in posts to this site, which redirects to the identity
        # provider, and browsers hold such redirects to form-action too.
        "upgrade-insecure-requests": HTTPS,
    }
}
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

# Publishing API (samizdat.publishing): failed app-password or token log-ins allowed per address
# and per username, "<count>/<seconds>" or "off"; past it, log-ins wait out the window.
SAMIZDAT_API_FAILURE_LIMIT = env_rate("SAMIZDAT_API_FAILURE_LIMIT", "10/300")
REST_FRAMEWORK = {
    # Only app passwords: a browser's session cookie never authenticates an API write (no CSRF).
    "DEFAULT_AUTHENTICATION_CLASSES": ["samizdat.publishing.wp.auth.AppPasswordAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "samizdat.publishing.wp.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_SCHEMA_CLASS": "samizdat.publishing.wp.schema.WordPressSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "samizdat: the WordPress REST API, the part writing apps use",
    "VERSION": "wp/v2",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_COERCE_PATH_PK": False,
    "ENUM_NAME_OVERRIDES": {"OpenClosedEnum": ["open", "closed"]},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "samizdat.publishing.wp.schema.without_trailing_slash",
    ],
}
