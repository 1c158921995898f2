"""One person's data, found by email address: exported, or erased.

WordPress's *Export Personal Data* and *Erase Personal Data*, for an administrator answering a
request: from the admin (`privacy_admin`) or `samizdat privacy export|erase EMAIL`.

What an address finds: comments written under it (as a guest or signed in), follow-up
subscriptions, and the accounts whose address it is (their main address, or one they proved).

Erasing:
- comments are **anonymised** by default, as WordPress does: the name becomes "Anonymous"; the
  email, website, account link, sign-in mark, IP address and browser name are cleared; the text
  stays, so the threads others replied in still read. `delete_comments=True` deletes them.
- the learning spam filter forgets the person: a comment a moderator trained it with is
  untrained and, when kept, trained again as it now reads (its text and links, "Anonymous"), so
  the filter keeps the moderator's decision and loses the name, address, website and network.
- subscriptions are deleted; commenters' accounts (identities, addresses, picture) are deleted;
  staff accounts are left for an administrator to remove, and counted.
- admin history entries naming an erased comment are renamed.
Stored pages showing the comments are dropped once the erasure commits.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from samizdat.comments.models import Comment, Subscription

ANONYMOUS = "Anonymous"
FORMAT = "samizdat-personal-data"


def _normal(email: str) -> str:
    return email.strip().lower()


def _accounts(email: str) -> QuerySet:
    """Accounts whose main address is `email`, or that proved it (allauth's addresses)."""
    from allauth.account.models import EmailAddress

    proved = EmailAddress.objects.filter(email__iexact=email, verified=True).values("user_id")
    return get_user_model().objects.filter(Q(email__iexact=email) | Q(pk__in=proved))


def _comments(email: str, accounts: QuerySet) -> QuerySet:
    return Comment.objects.filter(Q(author_email__iexact=email) | Q(user__in=accounts))


def _account(user) -> dict:
    from allauth.socialaccount.models import SocialAccount

    from samizdat.accounts.services import account_profile

    return {
        **account_profile(user),
        "staff": user.is_staff,
        "identities": [
            {"provider": a.provider, "uid": a.uid, "data": a.extra_data}
            for a in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
        ],
    }


def _comment(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "post": comment.post.title,
        "url": comment.get_absolute_url(),
        "status": comment.status,
        "created_at": comment.created_at.isoformat(),
        "name": comment.author_name,
        "email": comment.author_email,
        "website": comment.author_url,
        "signed_in_as": comment.user.username if comment.user else None,
        "text": comment.body_source,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
    }


def personal_data_export(*, email: str) -> dict:
    """Everything samizdat keeps about the person behind `email`, as JSON-ready data."""
    email = _normal(email)
    accounts = _accounts(email)
    comments = _comments(email, accounts).select_related("post", "user").order_by("created_at")
    subscriptions = Subscription.objects.filter(email__iexact=email).select_related("post")
    return {
        "format": FORMAT,
        "version": 1,
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "accounts": [_account(user) for user in accounts.order_by("pk")],
        "comments": [_comment(c) for c in comments],
        "subscriptions": [
            {
                "post": s.post.title,
                "email": s.email,
                "active": s.active,
                "since": s.created_at.isoformat(),
            }
            for s in subscriptions.order_by("pk")
        ],
    }


def personal_data_summary(*, email: str) -> dict[str, int]:
    """How much an export or erasure of `email` would cover."""
    email = _normal(email)
    accounts = _accounts(email)
    return {
        "accounts": accounts.count(),
        "staff_accounts": accounts.filter(is_staff=True).count(),
        "comments": _comments(email, accounts).count(),
        "subscriptions": Subscription.objects.filter(email__iexact=email).count(),
    }


def _forget_in_filter(comment: Comment, *, keep: bool) -> None:
    """Untrain what the filter learned from this comment; retrain on what is kept of it."""
    from samizdat.comments.moderation import spam_message
    from samizdat.spamfilter.services import spam_train, spam_untrain

    if not comment.trained_as:
        return
    is_spam = comment.trained_as == "spam"
    before = spam_message(
        name=comment.author_name,
        email=comment.author_email,
        url=comment.author_url,
        body=comment.body_source,
        ip=comment.ip_address or "",
    )
    spam_untrain(message=before, is_spam=is_spam)
    if keep:
        after = spam_message(name=ANONYMOUS, email="", url="", body=comment.body_source, ip="")
        spam_train(message=after, is_spam=is_spam)


def _anonymise(comment: Comment) -> None:
    comment.author_name = ANONYMOUS
    comment.author_email = ""
    comment.author_url = ""
    comment.user = None
    comment.identity_provider = ""
    comment.ip_address = None
    comment.user_agent = ""
    comment.save(
        update_fields=[
            "author_name", "author_email", "author_url", "user", "identity_provider",
            "ip_address", "user_agent",
        ]
    )  # fmt: skip


def _rename_history(comment_ids: list[int], *, deleted: bool) -> None:
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(pk) for pk in comment_ids],
    )
    entries.update(object_repr="an erased comment" if deleted else "an anonymised comment")


def _delete_account(user) -> None:
    if user.avatar:
        picture, storage = user.avatar.name, user.avatar.storage
        transaction.on_commit(lambda: storage.delete(picture))
    user.delete()  # identities, addresses and authenticators go with it


@transaction.atomic
def personal_data_erase(*, email: str, delete_comments: bool = False) -> dict[str, int]:
    """Erase the person behind `email` (see the module's docstring); returns what was done."""
    from samizdat.pagecache.services import invalidate_on_commit

    email = _normal(email)
    accounts = _accounts(email)
    comments = list(_comments(email, accounts).select_for_update(of=("self",)))
    for comment in comments:
        _forget_in_filter(comment, keep=not delete_comments)
        if not delete_comments:
            _anonymise(comment)
    ids = [c.pk for c in comments]
    _rename_history(ids, deleted=delete_comments)
    if delete_comments:
        Comment.objects.filter(pk__in=ids).delete()
    counts = {
        "comments_anonymised": 0 if delete_comments else len(ids),
        "comments_deleted": len(ids) if delete_comments else 0,
        "subscriptions": Subscription.objects.filter(email__iexact=email).delete()[0],
        "accounts": 0,
        "staff_accounts_kept": 0,
    }
    for user in accounts:
        if user.is_staff or user.is_superuser:
            counts["staff_accounts_kept"] += 1
        else:
            _delete_account(user)
            counts["accounts"] += 1
    posts = {c.post_id for c in comments}
    if posts:
        invalidate_on_commit(*(f"comments:{post_id}" for post_id in posts), "comments")
    return counts
