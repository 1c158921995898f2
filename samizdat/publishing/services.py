"""Every write to app passwords and IndieAuth codes and tokens, and the checks that turn a
credential into a user.

The REST API, XML-RPC, Micropub, the profile page and `samizdat app-password` all call these.
"""

import base64
import hashlib
import ipaddress
import secrets
import string
import time
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from samizdat.publishing.models import AccessToken, AppPassword, AuthorizationCode

_ALPHABET = string.ascii_letters + string.digits
PASSWORD_LENGTH = 24  # as WordPress makes them: 24 letters and digits, shown in groups of four
CODE_SECONDS = 600
USAGE_RECORD_SECONDS = 24 * 3600  # as WordPress: last use written at most daily per address


class CredentialRefused(Exception):
    """A credential that does not authenticate, with WordPress's error code and message."""

    def __init__(self, code: str, message: str, status: int = 401):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _random(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def password_chunked(password: str) -> str:
    """ "abcd efgh …": how WordPress shows a new app password (the spaces are ignored)."""
    return " ".join(password[i : i + 4] for i in range(0, len(password), 4))


# ── app passwords ────────────────────────────────────────────────────────────────────────


@transaction.atomic
def app_password_create(*, user, name: str) -> tuple[AppPassword, str]:
    """A new app password for `user`; returns it with the password itself, which is shown
    once and never stored. ValidationError when the name is empty or already used."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the app password a name, such as the app's."})
    if len(name) > 200:
        raise ValidationError({"name": "The name is longer than 200 characters."})
    if AppPassword.objects.filter(user=user, name=name).exists():
        raise ValidationError({"name": f"There is already an app password called “{name}”."})
    password = _random(PASSWORD_LENGTH)
    try:
        with transaction.atomic():
            item = AppPassword.objects.create(user=user, name=name, digest=_digest(password))
    except IntegrityError:  # the same name created at the same moment
        raise ValidationError(
            {"name": f"There is already an app password called “{name}”."}
        ) from None
    return item, password


def app_password_delete(*, app_password: AppPassword) -> None:
    """Revoke an app password: the next request that uses it gets 401."""
    app_password.delete()


def _secure_or_local(request_is_secure: bool) -> bool:
    """Basic authentication sends the password in the clear: only over HTTPS, unless the site
    itself is on loopback (development, tests), as WordPress's "local" environment allows."""
    if request_is_secure:
        return True
    host = urlsplit(settings.SAMIZDAT_SITE_URL).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _failure_limit() -> tuple[int, int] | None:
    raw = settings.SAMIZDAT_API_FAILURE_LIMIT
    if raw == "off":
        return None
    count, seconds = raw.split("/")
    return int(count), int(seconds)


def _failure_keys(username: str, ip: str) -> list[str]:
    limit = _failure_limit()
    if limit is None:
        return []
    window = int(time.time() // limit[1])
    keys = [f"ip:{ip}"] if ip else []
    keys.append(f"user:{username.casefold()}")
    return [
        f"samizdat:api-failures:{hashlib.sha256(k.encode()).hexdigest()[:32]}:{window}"
        for k in keys
    ]


def _too_many_failures(username: str, ip: str) -> bool:
    limit = _failure_limit()
    return limit is not None and any(
        (cache.get(key) or 0) >= limit[0] for key in _failure_keys(username, ip)
    )


def _count_failure(username: str, ip: str) -> None:
    limit = _failure_limit()
    for key in _failure_keys(username, ip):
        cache.add(key, 0, timeout=limit[1] * 2)
        try:
            cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, timeout=limit[1] * 2)


def app_password_authenticate(*, username: str, password: str, ip: str, secure: bool):
    """The user whose app password this is, with its last use recorded; CredentialRefused
    (WordPress's codes and messages) otherwise. Failures are counted per address and per
    username; past SAMIZDAT_API_FAILURE_LIMIT even a right password is refused for a while."""
    if not _secure_or_local(secure):
        raise CredentialRefused(
            "application_passwords_disabled",
            "Application passwords are available over HTTPS only.",
        )
    if _too_many_failures(username, ip):
        raise CredentialRefused(
            "too_many_attempts",
            "Too many failed attempts to log in. Try again in a few minutes.",
            status=429,
        )
    user_model = get_user_model()
    user = (
        user_model.objects.filter(username=username).first()
        or user_model.objects.filter(email__iexact=username).first()
        if username
        else None
    )
    if user is None or not user.is_active:
        _count_failure(username, ip)
        raise CredentialRefused(
            "invalid_username",
            f"The username {username} is not registered on this site.",
        )
    # WordPress shows passwords in groups of four and ignores anything not a letter or digit.
    cleaned = "".join(c for c in password if c.isascii() and c.isalnum())
    item = AppPassword.objects.filter(user=user, digest=_digest(cleaned)).first()
    if item is None:
        _count_failure(username, ip)
        raise CredentialRefused(
            "incorrect_password", "The provided password is an invalid application password."
        )
    _record_use(item, ip)
    return user


def _record_use(item: AppPassword, ip: str) -> None:
    now = timezone.now()
    recent = item.last_used_at and now - item.last_used_at < timedelta(seconds=USAGE_RECORD_SECONDS)
    if recent and item.last_ip == (ip or None):
        return  # one write a day per address, not one per request (SQLite has one writer)
    AppPassword.objects.filter(pk=item.pk).update(last_used_at=now, last_ip=ip or None)


def basic_credentials(header: str) -> tuple[str, str] | None:
    """(username, password) from an `Authorization: Basic …` header, or None."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    username, sep, password = decoded.partition(":")
    return (username, password) if sep else None


# ── IndieAuth ────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Grant:
    user: object
    client_id: str
    scope: str
    me: str


def authorization_code_issue(
    *,
    user,
    client_id: str,
    redirect_uri: str,
    scope: str,
    code_challenge: str,
    code_challenge_method: str,
) -> str:
    """A one-time code for the client the user just approved (IndieAuth, PKCE required)."""
    if code_challenge_method != "S256" or not code_challenge:
        raise ValidationError("A PKCE code challenge (S256) is required.")
    code = secrets.token_urlsafe(32)
    AuthorizationCode.objects.create(
        digest=_digest(code),
        user=user,
        client_id=client_id,
        redirect_uri=redirect_uri,
        scope=scope,
        code_challenge=code_challenge,
        code_challenge_method=code_challenge_method,
        expires_at=timezone.now() + timedelta(seconds=CODE_SECONDS),
    )
    return code


def _pkce_matches(verifier: str, challenge: str) -> bool:
    computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return secrets.compare_digest(computed.decode(), challenge)


@transaction.atomic
def authorization_code_redeem(
    *, code: str, client_id: str, redirect_uri: str, code_verifier: str
) -> AuthorizationCode:
    """The code's grant, once: the code is deleted whatever happens. ValidationError (with
    OAuth's `invalid_grant` meaning) when it is unknown, expired or does not match."""
    found = AuthorizationCode.objects.select_for_update().filter(digest=_digest(code)).first()
    if found is None:
        raise ValidationError("The authorization code is not valid.", code="invalid_grant")
    found.delete()
    if found.expires_at < timezone.now():
        raise ValidationError("The authorization code has expired.", code="invalid_grant")
    if found.client_id != client_id or found.redirect_uri != redirect_uri:
        raise ValidationError(
            "client_id or redirect_uri differ from the authorization request.",
            code="invalid_grant",
        )
    if not _pkce_matches(code_verifier, found.code_challenge):
        raise ValidationError("The code verifier does not match.", code="invalid_grant")
    return found


def access_token_issue(*, user, client_id: str, scope: str) -> tuple[AccessToken, str]:
    token = secrets.token_urlsafe(32)
    item = AccessToken.objects.create(
        digest=_digest(token), user=user, client_id=client_id, scope=scope
    )
    return item, token


def access_token_find(token: str) -> AccessToken | None:
    """The live token for this bearer string, with its last use recorded (daily)."""
    item = (
        AccessToken.objects.select_related("user").filter(digest=_digest(token)).first()
        if token
        else None
    )
    if item is None or not item.user.is_active:
        return None
    now = timezone.now()
    if not item.last_used_at or now - item.last_used_at > timedelta(seconds=USAGE_RECORD_SECONDS):
        AccessToken.objects.filter(pk=item.pk).update(last_used_at=now)
    return item


def access_token_revoke(*, token: str) -> bool:
    deleted, _ = AccessToken.objects.filter(digest=_digest(token)).delete()
    return bool(deleted)
