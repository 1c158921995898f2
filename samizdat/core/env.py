"""Typed readers for SAMIZDAT_* environment variables (see docs/settings.md)."""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected 1/0, true/false, yes/no or on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def parse_cache_url(url: str, default_dir: Path) -> dict:
    """Turn SAMIZDAT_CACHE_URL into a CACHES entry; empty means a file cache in the data folder."""
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(default_dir),
        }
    scheme = urlsplit(url).scheme
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": urlsplit(url).path,
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"SAMIZDAT_CACHE_URL={url!r}: expected redis://, rediss://, unix://, file://, "
        "locmem:// or dummy://"
    )


def env_rate(name: str, default: str) -> str:
    """A rate as "<count>/<seconds>", or "off"."""
    raw = os.environ.get(name, default).strip().lower()
    count, _, seconds = raw.partition("/")
    if raw == "off" or (count.isdigit() and seconds.isdigit() and int(seconds) > 0):
        return raw
    raise ImproperlyConfigured(f"{name}={raw!r}: expected <count>/<seconds> (e.g. 5/60) or off")


def parse_email_url(url: str) -> tuple[str, dict]:
    """SAMIZDAT_EMAIL_URL → (EMAIL_BACKEND, other EMAIL_* settings).

    console:// (development), smtp://user:pass@host:587 (STARTTLS), smtps://…:465 (TLS),
    file:///path (one file per message), locmem:// (tests).
    """
    parts = urlsplit(url)
    backends = "django.core.mail.backends."
    if parts.scheme == "console":
        return backends + "console.EmailBackend", {}
    if parts.scheme == "locmem":
        return backends + "locmem.EmailBackend", {}
    if parts.scheme == "file":
        return backends + "filebased.EmailBackend", {"EMAIL_FILE_PATH": parts.path}
    if parts.scheme in {"smtp", "smtps"}:
        tls = parts.scheme == "smtps"
        options = parse_qs(parts.query)
        return backends + "smtp.EmailBackend", {
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or (465 if tls else 587),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_SSL": tls,
            "EMAIL_USE_TLS": not tls and options.get("starttls", ["1"])[0] != "0",
            "EMAIL_TIMEOUT": 20,
        }
    raise ImproperlyConfigured(
        f"SAMIZDAT_EMAIL_URL={url!r}: expected console://, smtp://, smtps://, file:// or locmem://"
    )
