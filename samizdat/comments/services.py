"""Every write to comments: submitting, moderating, editing, replying, subscribing.

The reply form, the moderation queue, the admin, the `samizdat comments` command and (later)
the importer and federation all call these, so the rules live in one place.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from samizdat.comments.models import Comment, DiscussionSettings, Subscription
from samizdat.comments.moderation import Candidate, moderation_decide, spam_message
from samizdat.comments.ratelimit import rate_limited
from samizdat.core.markdown import render_comment_markdown
from samizdat.core.sanitize import Profile, sanitize_html


class CommentRefused(Exception):
    """A comment that cannot be accepted, with a message for the person who wrote it."""


@dataclass(frozen=True)
class CommentInput:
    body: str
    name: str = ""
    email: str = ""
    url: str = ""
    parent_id: int | None = None
    notify: bool = False


@dataclass(frozen=True)
class SubmitContext:
    """What the request tells about the sender, for the spam checks."""

    ip: str = ""
    user_agent: str = ""
    seconds_on_form: float | None = None
    honeypot_filled: bool = False


def comment_body_render(source: str) -> str:
    return sanitize_html(render_comment_markdown(source), profile=Profile.COMMENT)


# ── gates ────────────────────────────────────────────────────────────────────────────────


def comments_open(post, *, settings: DiscussionSettings | None = None) -> bool:
    """Open unless closed on the post or, with a closing age set, the post is older than it."""
    if not post.comments_open or not post.is_public:
        return False
    days = (settings or DiscussionSettings.load()).close_after_days
    return not days or post.published_at > timezone.now() - timedelta(days=days)


def can_moderate(user) -> bool:
    return user.is_authenticated and user.has_perm("comments.moderate_comments")


# ── submitting ───────────────────────────────────────────────────────────────────────────


def _parent(post, parent_id: int | None, depth_limit: int) -> Comment | None:
    """The comment replied to; past the depth limit, its ancestor at the deepest allowed level."""
    if parent_id is None:
        return None
    parent = Comment.objects.filter(pk=parent_id).first()
    if parent is None or parent.post_id != post.pk or parent.status != Comment.Status.APPROVED:
        raise CommentRefused("The comment you are replying to is not available.")
    if depth_limit <= 1:  # threading off: every reply joins the top level
        return None
    while parent.depth >= max(depth_limit, 1) - 1 and parent.parent_id:
        parent = parent.parent
    return parent


def _identity(data: CommentInput, user) -> tuple[str, str, str]:
    if user is not None and user.is_authenticated:
        return user.public_name, user.email, ""
    return data.name.strip(), data.email.strip().lower(), data.url.strip()


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _is_duplicate(post, body: str, email: str, ip: str) -> bool:
    same_author = Comment.objects.by_identity(email=email)
    if ip:
        same_author = same_author | Comment.objects.filter(ip_address=ip)
    recent = same_author.filter(post=post).exclude(status=Comment.Status.TRASH)
    wanted = _normalised(body)
    return any(
        _normalised(text) == wanted
        for text in recent.values_list("body_source", flat=True).order_by("-created_at")[:50]
    )


def comment_submit(*, post, data: CommentInput, context: SubmitContext, user=None) -> Comment:
    """Accept a reader's comment: checked, moderated, saved, and its notifications queued.

    Raises CommentRefused (nothing saved) for a closed post, a bad parent, a duplicate or a
    sender over the rate limit. Spam signals do not refuse: they hold the comment silently.
    """
    settings = DiscussionSettings.load()
    if not comments_open(post, settings=settings):
        raise CommentRefused("Comments are closed.")
    parent = _parent(post, data.parent_id, settings.thread_depth)
    name, email, url = _identity(data, user)
    if rate_limited(f"ip:{context.ip}", f"email:{email}" if email else ""):
        raise CommentRefused("You are posting comments too quickly. Please wait a minute.")
    if _is_duplicate(post, data.body, email, context.ip):
        raise CommentRefused("Duplicate comment: it looks as though you’ve already said that!")

    decision = moderation_decide(
        Candidate(
            post=post,
            name=name,
            email=email,
            url=url,
            body=data.body,
            ip=context.ip,
            user_agent=context.user_agent,
            user=user,
            seconds_on_form=context.seconds_on_form,
            honeypot_filled=context.honeypot_filled,
        ),
        settings=settings,
    )
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            user=user if user is not None and user.is_authenticated else None,
            author_name=name,
            author_email=email,
            author_url=url,
            body_source=data.body,
            body_html=comment_body_render(data.body),
            status=decision.status,
            ip_address=context.ip or None,
            user_agent=context.user_agent[:300],
            moderation_reasons=decision.reasons,
            spam_score=decision.spam_score,
            spam_reasons=decision.spam_reasons,
        )
        if data.notify and email and decision.status != Comment.Status.SPAM:
            subscription_add(post=post, email=email, comment=comment)
        _after_commit_notify(comment, new=True)
    return comment


def _after_commit_notify(comment: Comment, *, new: bool) -> None:
    from samizdat.comments.tasks import notify_comment

    transaction.on_commit(lambda: notify_comment.enqueue(comment_id=comment.pk, new=new))


# ── moderating ───────────────────────────────────────────────────────────────────────────


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied("You may not moderate comments.")


def _train(comment: Comment, label: str) -> None:
    """Teach the learning filter a moderator's decision, undoing an earlier opposite one."""
    from samizdat.spamfilter.services import spam_train, spam_untrain

    if comment.trained_as == label or comment.kind != Comment.Kind.COMMENT:
        return
    message = spam_message(
        name=comment.author_name,
        email=comment.author_email,
        url=comment.author_url,
        body=comment.body_source,
        ip=comment.ip_address or "",
    )
    if comment.trained_as:
        spam_untrain(message=message, is_spam=comment.trained_as == "spam")
    spam_train(message=message, is_spam=label == "spam")
    comment.trained_as = label


@transaction.atomic
def comment_set_status(*, comment: Comment, status: str, moderator) -> Comment:
    """Approve, hold, mark as spam or trash a comment; spam and approval train the filter."""
    _require_moderator(moderator)
    was = comment.status
    if was == status:
        return comment
    comment.status = status
    if status == Comment.Status.SPAM:
        _train(comment, "spam")
    elif status == Comment.Status.APPROVED and was in (Comment.Status.SPAM, Comment.Status.PENDING):
        _train(comment, "ham")
    comment.save(update_fields=["status", "trained_as"])
    if status == Comment.Status.APPROVED:
        _after_commit_notify(comment, new=False)
    return comment


def comment_approve(*, comment: Comment, moderator) -> Comment:
    return comment_set_status(comment=comment, status=Comment.Status.APPROVED, moderator=moderator)


def comment_spam(*, comment: Comment, moderator) -> Comment:
    return comment_set_status(comment=comment, status=Comment.Status.SPAM, moderator=moderator)


def comment_trash(*, comment: Comment, moderator) -> Comment:
    return comment_set_status(comment=comment, status=Comment.Status.TRASH, moderator=moderator)


@transaction.atomic
def comment_edit(
    *,
    comment: Comment,
    moderator,
    body: str,
    name: str | None = None,
    email: str | None = None,
    url: str | None = None,
) -> Comment:
    _require_moderator(moderator)
    comment.body_source = body
    comment.body_html = comment_body_render(body)
    comment.author_name = name if name is not None else comment.author_name
    comment.author_email = email if email is not None else comment.author_email
    comment.author_url = url if url is not None else comment.author_url
    comment.edited_at = timezone.now()
    comment.save()
    return comment


@transaction.atomic
def comment_reply(*, parent: Comment, moderator, body: str) -> Comment:
    """A moderator's reply from the queue: approves the parent when it was held, then answers."""
    _require_moderator(moderator)
    if parent.status != Comment.Status.APPROVED:
        comment_approve(comment=parent, moderator=moderator)
    reply = Comment.objects.create(
        post=parent.post,
        parent=parent,
        depth=parent.depth + 1,
        user=moderator,
        author_name=moderator.public_name,
        author_email=moderator.email,
        body_source=body,
        body_html=comment_body_render(body),
        status=Comment.Status.APPROVED,
    )
    _after_commit_notify(reply, new=True)
    return reply


# ── subscriptions ────────────────────────────────────────────────────────────────────────


def subscription_add(*, post, email: str, comment: Comment | None = None) -> Subscription:
    subscription, _ = Subscription.objects.update_or_create(
        post=post, email=email.lower(), defaults={"active": True, "comment": comment}
    )
    return subscription


def subscription_cancel(*, subscription: Subscription) -> bool:
    """Stop follow-up mail; False when it had already stopped."""
    changed = Subscription.objects.filter(pk=subscription.pk, active=True).update(active=False)
    return bool(changed)


# ── privacy ──────────────────────────────────────────────────────────────────────────────


def comments_erase_old_request_data() -> int:
    """Erase IP addresses and browser names older than SAMIZDAT_COMMENT_IP_DAYS."""
    from django.conf import settings

    cutoff = timezone.now() - timedelta(days=settings.SAMIZDAT_COMMENT_IP_DAYS)
    old = Comment.objects.filter(created_at__lt=cutoff).exclude(ip_address=None, user_agent="")
    return old.update(ip_address=None, user_agent="")
