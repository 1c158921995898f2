"""Every write about a commenter's identity: signing in, their picture, their data, leaving."""

import io
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from samizdat.accounts import drafts
from samizdat.accounts.providers import LOCAL

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
    if draft := drafts.draft_from_state(sociallogin.state):
        drafts.draft_keep(request, draft)  # the session may have been flushed on the way
    picture = sociallogin.account.get_provider_account().get_avatar_url() or ""
    if picture.startswith(("https://", "http://")) and picture != user.avatar_source:
        from samizdat.accounts.tasks import avatar_fetch

        transaction.on_commit(lambda: avatar_fetch.enqueue(user_id=user.pk, url=picture))


def email_proved_by_reset(*, user) -> None:
    """A password reset came through a link mailed to the account's address: that proves it,
    so mandatory verification does not stop the log-in that follows."""
    from allauth.account.models import EmailAddress

    if user.email:
        EmailAddress.objects.filter(user=user, email__iexact=user.email).update(verified=True)


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


def avatar_store_from_url(*, user, url: str) -> bool:
    """Fetch an identity's picture once and keep a 96 px PNG of it; False when refused."""
    try:
        png = _square_png(_download(url))
    except Exception as error:  # a picture is never worth failing a sign-in or a worker over
        log.warning("avatar for user %s not fetched: %s", user.pk, error)
        return False
    name = salted_hmac("samizdat.accounts.avatar-file", f"{user.pk}:{url}").hexdigest()[:24]
    old = user.avatar.name if user.avatar else ""
    with transaction.atomic():
        user.avatar.save(f"{name}.png", ContentFile(png), save=False)
        user.avatar_source = url
        user.save(update_fields=["avatar", "avatar_source"])
        _pages_showing(user)
    if old and old != user.avatar.name:
        user.avatar.storage.delete(old)
    return True


def _pages_showing(user) -> None:
    """Stored pages with this user's comments show the old picture: drop them."""
    from samizdat.comments.models import Comment
    from samizdat.pagecache.services import invalidate_on_commit

    posts = set(Comment.objects.filter(user=user).values_list("post_id", flat=True))
    if posts:
        invalidate_on_commit(*(f"comments:{post_id}" for post_id in posts), "comments")


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
    _pages_showing(user)
    user.delete()


# ── the commenter's own data ──────────────────────────────────────────────────────────────


def user_comments(user):
    """Comments the user wrote signed in, and as a guest under an address they proved."""
    from samizdat.comments.models import Comment

    match = Q(user=user)
    for email in verified_emails(user):
        match |= Q(user=None, author_email__iexact=email)
    return Comment.objects.filter(match)


def user_subscriptions(user):
    from samizdat.comments.models import Subscription

    return Subscription.objects.filter(email__in=verified_emails(user))


def account_profile(user) -> dict:
    """The account's own fields, as both personal-data exports write them."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "bio": user.bio,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "avatar_source": user.avatar_source,
    }


def account_export(*, user) -> dict:
    """Everything samizdat keeps about a commenter, for "download my data"."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    comments = user_comments(user).select_related("post").order_by("created_at", "id")
    return {
        "exported_at": timezone.now().isoformat(),
        "account": account_profile(user),
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "identities": [
            {
                "provider": a.provider,
                "uid": a.uid,
                "date_joined": a.date_joined.isoformat(),
                "last_login": a.last_login.isoformat(),
                "data": a.extra_data,
            }
            for a in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
        ],
        "comments": [
            {
                "id": c.pk,
                "post": c.post.title,
                "url": settings.SAMIZDAT_SITE_URL + c.get_absolute_url(),
                "status": c.status,
                "created_at": c.created_at.isoformat(),
                "name": c.author_name,
                "email": c.author_email,
                "website": c.author_url,
                "text": c.body_source,
                "signed_in_with": c.identity_provider,
                "ip_address": c.ip_address,
                "user_agent": c.user_agent,
            }
            for c in comments
        ],
        "subscriptions": [
            {"post": s.post.title, "email": s.email, "active": s.active}
            for s in user_subscriptions(user).select_related("post").order_by("pk")
        ],
    }


@transaction.atomic
def account_erase(*, user) -> dict[str, int]:
    """Delete a commenter's account, identities, comments, subscriptions and picture.

    Staff accounts are refused: they own posts and pages, and an administrator removes them.
    """
    from samizdat.pagecache.services import invalidate_on_commit

    if user.is_staff or user.is_superuser:
        raise PermissionDenied("Staff accounts are removed by an administrator.")
    comments = user_comments(user)
    posts = set(comments.values_list("post_id", flat=True))
    counts = {
        "comments": comments.delete()[0],
        "subscriptions": user_subscriptions(user).delete()[0],
    }
    if user.avatar:
        picture = user.avatar.name
        transaction.on_commit(lambda: user.avatar.storage.delete(picture))
    user.delete()  # identities, addresses and authenticators go with it
    invalidate_on_commit(*(f"comments:{post_id}" for post_id in posts), "comments")
    return counts
