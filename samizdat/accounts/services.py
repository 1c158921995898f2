"""Every write about a commenter's identity: signing in, their picture, their data, leaving."""

import io
import logging
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from samizdat.accounts import resume
from samizdat.accounts.providers import LOCAL
from samizdat.accounts.signals import user_shown_changed

log = logging.getLogger(__name__)

IDENTITY_SESSION_KEY = "samizdat_identity"
AVATAR_SIZE = 96
AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_PIXELS = 20_000_000
_REDIRECTS = 3


# ── who is commenting ─────────────────────────────────────────────────────────────────────


def current_identity(request: HttpRequest) -> str:
    """The identity of this request: "" for a guest; the provider (SocialAccount.provider) a
    reader signed in with in this session; LOCAL for a password (or the admin's log-in form)."""
    if not request.user.is_authenticated:
        return ""
    return request.session.get(IDENTITY_SESSION_KEY) or LOCAL


def identity_signed_in(*, request: HttpRequest, user, sociallogin=None) -> None:
    """After any allauth log-in: remember how, put back a comment being written, and fetch the
    identity's picture when it is new or changed."""
    if sociallogin is None:
        request.session[IDENTITY_SESSION_KEY] = LOCAL
        return
    request.session[IDENTITY_SESSION_KEY] = sociallogin.account.provider
    if carried := resume.carried_in(sociallogin.state):
        resume.keep(request, carried)  # the session may have been flushed on the way
    picture = sociallogin.account.get_provider_account().get_avatar_url() or ""
    if picture.startswith(("https://", "http://")) and picture != user.avatar_source:
        from samizdat.accounts.tasks import avatar_fetch

        transaction.on_commit(lambda: avatar_fetch.enqueue(user_id=user.pk, url=picture))


def verified_emails(user) -> set[str]:
    """Addresses the user proved (a confirmation mail, or a provider that vouches for them)."""
    from allauth.account.models import EmailAddress

    if user is None or not user.is_authenticated:
        return set()
    found = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return {email.lower() for email in found}


# ── pictures ──────────────────────────────────────────────────────────────────────────────


class AvatarRefused(Exception):
    pass


def _download(url: str) -> bytes:
    from samizdat.core.outbound import fetch

    answer = fetch(url, max_bytes=AVATAR_MAX_BYTES, timeout=10.0, max_redirects=_REDIRECTS)
    if answer.status != 200:
        raise AvatarRefused(f"the picture's address answered {answer.status}")
    return answer.body


def _square_png(data: bytes) -> bytes:
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > AVATAR_MAX_PIXELS:
            raise AvatarRefused("picture has too many pixels")
        image.load()
        picture = ImageOps.fit(image.convert("RGBA"), (AVATAR_SIZE, AVATAR_SIZE))
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)  # a fresh file: no metadata survives
    return out.getvalue()


def avatar_png_from_url(url: str) -> bytes:
    """A commenter's picture at `url` as a fresh 96 px PNG (no metadata survives); raises when
    it cannot be fetched or read. For outside identities here and remote commenters."""
    return _square_png(_download(url))


def avatar_store_from_url(*, user, url: str) -> bool:
    """Fetch an identity's picture once and keep a 96 px PNG of it; False when refused."""
    try:
        png = avatar_png_from_url(url)
    except Exception as error:  # a picture is never worth failing a sign-in or a worker over
        log.warning("avatar for user %s not fetched: %s", user.pk, error)
        return False
    name = salted_hmac("samizdat.accounts.avatar-file", f"{user.pk}:{url}").hexdigest()[:24]
    old = user.avatar.name if user.avatar else ""
    with transaction.atomic():
        user.avatar.save(f"{name}.png", ContentFile(png), save=False)
        user.avatar_source = url
        user.save(update_fields=["avatar", "avatar_source"])
        user_shown_changed.send(sender=type(user), user=user)
    if old and old != user.avatar.name:
        user.avatar.storage.delete(old)
    return True


# ── accounts edited by administrators ────────────────────────────────────────────────────

_SHOWN = {"username", "display_name", "first_name", "last_name"}


@transaction.atomic
def user_save(*, user, changed: Iterable[str] = ()) -> None:
    """Save an account; a changed name drops the pages whose bylines and author archive show
    it. (Comments keep the name they were written under.)"""
    from samizdat.pagecache.services import invalidate_on_commit

    user.save()
    if _SHOWN & set(changed):
        invalidate_on_commit("posts")


@transaction.atomic
def user_delete(*, user) -> None:
    from samizdat.pagecache.services import invalidate_on_commit

    invalidate_on_commit("posts")
    user_shown_changed.send(sender=type(user), user=user)
    user.delete()
