"""Notification mail: to a post's author about new and held comments, and to subscribers about
approved follow-ups. Every subscriber mail carries a signed one-click unsubscribe link."""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from samizdat.comments.models import Comment, DiscussionSettings, Subscription
from samizdat.core.sanitize import one_line

_SIGNER = signing.Signer(salt="samizdat.comments.unsubscribe")
_CONFIRM_SIGNER = signing.Signer(salt="samizdat.comments.confirm-subscription")


def unsubscribe_token(subscription: Subscription) -> str:
    return _SIGNER.sign(str(subscription.pk))


def subscription_from_token(token: str) -> Subscription | None:
    try:
        pk = int(_SIGNER.unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Subscription.objects.filter(pk=pk).select_related("post").first()


def confirm_url(subscription: Subscription) -> str:
    token = _CONFIRM_SIGNER.sign(str(subscription.pk))
    return settings.SAMIZDAT_SITE_URL + reverse("comments:confirm", kwargs={"token": token})


def subscription_to_confirm(token: str) -> Subscription | None:
    try:
        pk = int(_CONFIRM_SIGNER.unsign(token))
    except (signing.BadSignature, ValueError):
        return None
    return Subscription.objects.filter(pk=pk).select_related("post").first()


def unsubscribe_url(subscription: Subscription) -> str:
    path = reverse("comments:unsubscribe", kwargs={"token": unsubscribe_token(subscription)})
    return settings.SAMIZDAT_SITE_URL + path


def _absolute(path: str) -> str:
    return settings.SAMIZDAT_SITE_URL + path


def _message(
    *, to: str, subject: str, template: str, context: dict, unsubscribe: str = ""
) -> EmailMultiAlternatives:
    context = {**context, "unsubscribe_url": unsubscribe, "site_url": settings.SAMIZDAT_SITE_URL}
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return EmailMultiAlternatives(
        subject=one_line(subject),  # a title saved before titles were kept on one line
        body=render_to_string(template, context),
        to=[to],
        headers=headers,
    )


def _to_author(comment: Comment) -> list[EmailMultiAlternatives]:
    author = comment.post.author
    if not author.email or author.email.lower() == comment.author_email.lower():
        return []
    held = comment.status == Comment.Status.PENDING
    if comment.status not in (Comment.Status.APPROVED, Comment.Status.PENDING):
        return []
    subject = (
        f"Please moderate: “{comment.post.title}”"
        if held
        else f"New comment on “{comment.post.title}”"
    )
    return [
        _message(
            to=author.email,
            subject=subject,
            template="comments/mail/to_author.txt",
            context={
                "comment": comment,
                "held": held,
                "comment_url": _absolute(comment.get_absolute_url()),
                "queue_url": _absolute(reverse("admin:comments_moderation")),
            },
        )
    ]


def _to_subscribers(comment: Comment) -> list[EmailMultiAlternatives]:
    if comment.status != Comment.Status.APPROVED:
        return []
    subscriptions = Subscription.objects.filter(
        post=comment.post, active=True, confirmed=True
    ).exclude(email__iexact=comment.author_email or "-")
    return [
        _message(
            to=s.email,
            subject=f"New comment on “{comment.post.title}”",
            template="comments/mail/follow_up.txt",
            context={"comment": comment, "comment_url": _absolute(comment.get_absolute_url())},
            unsubscribe=unsubscribe_url(s),
        )
        for s in subscriptions
    ]


def _confirmations(comment: Comment) -> list[EmailMultiAlternatives]:
    """Once its comment is approved, one mail asking the address to confirm (double opt-in);
    nothing for a held or spam comment, nothing twice, nothing after an unsubscribe."""
    from django.utils import timezone

    if comment.status != Comment.Status.APPROVED:
        return []
    waiting = list(
        Subscription.objects.filter(comment=comment, active=True, confirmed=False, asked_at=None)
    )
    Subscription.objects.filter(pk__in=[s.pk for s in waiting]).update(asked_at=timezone.now())
    return [
        _message(
            to=s.email,
            subject=f"Confirm: follow-up comments on “{comment.post.title}”",
            template="comments/mail/confirm_subscription.txt",
            context={"subscription": s, "confirm_url": confirm_url(s)},
        )
        for s in waiting
    ]


def notifications_send(*, comment: Comment, new: bool) -> int:
    """Send what this comment calls for: author mail for new comments, follow-ups when
    approved (a held comment's follow-ups go out when a moderator approves it)."""
    messages = []
    if new and DiscussionSettings.load().notify_author:
        messages += _to_author(comment)
    messages += _to_subscribers(comment)
    messages += _confirmations(comment)
    if messages:
        get_connection().send_messages(messages)
    return len(messages)
