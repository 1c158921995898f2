"""Whom a personal-data request is about, what accounts keep of them, and a commenter leaving.

A person is found by an address (an administrator answering a request) or by their account
(a commenter on their own page): `person_for_email` / `person_for_user`. Every app's share of
their data is registered with `samizdat.core.registry.personal_data`; accounts' own share — the
accounts, their identities, addresses and pictures — runs last, after the parts that find rows
through those accounts.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from samizdat.accounts.services import verified_emails
from samizdat.core.registry import Person, person_erase, person_find

ACCOUNTS_ORDER = 90  # after every part that finds rows through the person's accounts


def person_for_email(email: str) -> Person:
    """The person behind `email`: the address, and the accounts whose main address it is or
    that proved it."""
    from allauth.account.models import EmailAddress

    email = email.strip().lower()
    proved = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    users = get_user_model().objects.filter(Q(email__iexact=email) | Q(pk__in=proved))
    return Person(emails=frozenset({email}), user_ids=frozenset(users.values_list("pk", flat=True)))


def person_for_user(user) -> Person:
    """A signed-in reader: their account and the addresses they proved."""
    return Person(emails=frozenset(verified_emails(user)), user_ids=frozenset({user.pk}))


def account_profile(user) -> dict:
    """The account's own fields, as every personal-data export writes them."""
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


def _identities(user) -> list[dict]:
    from allauth.socialaccount.models import SocialAccount

    return [
        {
            "provider": a.provider,
            "uid": a.uid,
            "date_joined": a.date_joined.isoformat(),
            "last_login": a.last_login.isoformat(),
            "data": a.extra_data,
        }
        for a in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
    ]


def _addresses(user) -> list[dict]:
    from allauth.account.models import EmailAddress

    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def accounts_find(person: Person) -> list[dict]:
    users = get_user_model().objects.filter(pk__in=person.user_ids).order_by("pk")
    return [
        {
            **account_profile(user),
            "staff": user.is_staff,
            "email_addresses": _addresses(user),
            "identities": _identities(user),
        }
        for user in users
    ]


def accounts_erase(person: Person, *, delete: bool = False) -> dict[str, int]:
    """Delete the person's commenter accounts (identities, addresses and pictures go with
    them); staff accounts are left for an administrator to remove, and counted."""
    counts = {"accounts": 0, "staff_accounts_kept": 0}
    for user in get_user_model().objects.filter(pk__in=person.user_ids):
        if user.is_staff or user.is_superuser:
            counts["staff_accounts_kept"] += 1
            continue
        if user.avatar:
            picture, storage = user.avatar.name, user.avatar.storage
            transaction.on_commit(lambda picture=picture, storage=storage: storage.delete(picture))
        user.delete()
        counts["accounts"] += 1
    return counts


def account_export(*, user) -> dict:
    """Everything samizdat keeps about a commenter, for "download my data"."""
    found = person_find(person_for_user(user))
    found.pop("accounts", None)  # this one account is written out in full below
    return {
        "exported_at": timezone.now().isoformat(),
        "account": account_profile(user),
        "email_addresses": _addresses(user),
        "identities": _identities(user),
        **found,
    }


def account_erase(*, user) -> dict[str, int]:
    """A commenter leaving: their account, identities, comments, subscriptions and picture go,
    through the same erasure as a personal-data request (the spam filter forgets them too).

    Staff accounts are refused: they own posts and pages, and an administrator removes them.
    """
    if user.is_staff or user.is_superuser:
        raise PermissionDenied("Staff accounts are removed by an administrator.")
    return person_erase(person_for_user(user), delete=True)
