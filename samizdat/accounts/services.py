"""Every write about an account: signing in, how, and administrators' edits. Pictures are in
`accounts.pictures`, a person's data and leaving in `accounts.privacy`."""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest

from samizdat.accounts import resume
from samizdat.accounts.providers import LOCAL
from samizdat.accounts.signals import user_shown_changed

log = logging.getLogger(__name__)

IDENTITY_SESSION_KEY = "samizdat_identity"


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
