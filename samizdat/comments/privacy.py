"""What comments keep about a person — their comments and follow-up subscriptions — found,
exported and erased for a personal-data request or a commenter leaving. Registered with
`samizdat.core.registry.personal_data` in `CommentsConfig.ready()`.

Erasing comments **anonymises** them by default, as WordPress does: the name becomes
"Anonymous"; the email, website, account link, sign-in mark, IP address and browser name are
cleared; the text stays, so the threads others replied in still read. `delete=True` deletes
them. Either way the learning spam filter forgets the person (a trained comment is untrained
and, when kept, trained again as it now reads, so the moderator's decision on the text stays),
and admin history entries naming the comments are renamed.
"""

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from samizdat.comments.models import Comment, Subscription
from samizdat.comments.moderation import spam_message
from samizdat.comments.pages import thread_tags
from samizdat.core.registry import Person
from samizdat.pagecache.services import invalidate_on_commit

ANONYMOUS = "Anonymous"


def _any_email(field: str, emails) -> Q:
    match = Q(pk__in=[])
    for email in emails:
        match |= Q(**{f"{field}__iexact": email})
    return match


def person_comments(person: Person) -> QuerySet:
    """Comments written signed in to one of the person's accounts, or as a guest under one of
    their addresses."""
    return Comment.objects.filter(
        Q(user_id__in=person.user_ids) | (Q(user=None) & _any_email("author_email", person.emails))
    )


def person_subscriptions(person: Person) -> QuerySet:
    return Subscription.objects.filter(_any_email("email", person.emails))


def _comment_record(comment: Comment) -> dict:
    return {
        "id": comment.pk,
        "post": comment.post.title,
        "url": settings.SAMIZDAT_SITE_URL + comment.get_absolute_url(),
        "status": comment.status,
        "channel": comment.channel,
        "created_at": comment.created_at.isoformat(),
        "name": comment.author_name,
        "email": comment.author_email,
        "website": comment.author_url,
        "signed_in_as": comment.user.username if comment.user else None,
        "signed_in_with": comment.identity_provider,
        "text": comment.body_source,
        "ip_address": comment.ip_address,
        "user_agent": comment.user_agent,
    }


def comments_find(person: Person) -> list[dict]:
    comments = person_comments(person).select_related("post", "user")
    return [_comment_record(c) for c in comments.order_by("created_at", "id")]


def subscriptions_find(person: Person) -> list[dict]:
    return [
        {
            "post": s.post.title,
            "email": s.email,
            "active": s.active,
            "since": s.created_at.isoformat(),
        }
        for s in person_subscriptions(person).select_related("post").order_by("pk")
    ]


def _forget_in_filter(comment: Comment, *, keep: bool) -> None:
    """Untrain what the filter learned from this comment; retrain on what is kept of it."""
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


def comments_erase(person: Person, *, delete: bool = False) -> dict[str, int]:
    comments = list(person_comments(person).select_for_update(of=("self",)))
    for comment in comments:
        _forget_in_filter(comment, keep=not delete)
        if not delete:
            _anonymise(comment)
    ids = [c.pk for c in comments]
    _rename_history(ids, deleted=delete)
    if delete:
        Comment.objects.filter(pk__in=ids).delete()
    for post_id in {c.post_id for c in comments}:
        invalidate_on_commit(*thread_tags(post_id))
    return {
        "comments_anonymised": 0 if delete else len(ids),
        "comments_deleted": len(ids) if delete else 0,
    }


def subscriptions_erase(person: Person, *, delete: bool = False) -> dict[str, int]:
    return {"subscriptions": person_subscriptions(person).delete()[0]}
