"""Every write to comments: submitting, moderating, editing, replying, subscribing.

The reply form, the moderation queue, the admin, the `samizdat comments` command and (later)
the importer and federation all call these, so the rules live in one place.
"""

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from samizdat.comments.models import Comment, DiscussionSettings, Subscription
from samizdat.comments.moderation import Candidate, moderation_decide, spam_message
from samizdat.comments.pages import thread_tags
from samizdat.comments.ratelimit import rate_limited
from samizdat.core.markdown import render_comment_markdown
from samizdat.core.sanitize import NestingTooDeep, Profile, one_line, safe_url, sanitize_html
from samizdat.pagecache.services import invalidate_in_transaction, invalidate_on_commit


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
    identity: str = ""  # how a signed-in writer signed in (accounts.services.current_identity)
    # This guest browser's earlier comments under this address, from its signed proof cookie
    # (comments.cookies.proof_ids): one of them approved proves the address.
    proof_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class SubmitContext:
    """What the request tells about the sender, for the spam checks."""

    ip: str = ""
    user_agent: str = ""
    seconds_on_form: float | None = None
    form_time_proved: bool = True  # False: the stamp was made for another reader's page
    honeypot_filled: bool = False


def comment_body_render(source: str) -> str:
    try:
        return sanitize_html(render_comment_markdown(source), profile=Profile.COMMENT)
    except NestingTooDeep as error:
        raise CommentRefused(str(error)) from None


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
    # The form refuses other schemes with a message; here a javascript: link is made impossible
    # for every caller.
    return one_line(data.name), data.email.strip().lower(), safe_url(data.url)


def _email_proved(data: CommentInput, user, email: str) -> bool:
    """Whether the writer showed the address is theirs: an address their account confirmed,
    or, for a guest, the proof cookie of an earlier comment from this browser."""
    if user is not None and user.is_authenticated:
        from samizdat.accounts.services import verified_emails

        return bool(email) and email.lower() in verified_emails(user)
    return bool(email and data.proof_ids) and (
        Comment.objects.approved()
        .filter(pk__in=data.proof_ids, author_email__iexact=email, user=None)
        .exists()
    )


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
    proved = _email_proved(data, user, email)
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
            form_time_proved=context.form_time_proved,
            honeypot_filled=context.honeypot_filled,
            email_proved=proved,
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
            email_proved=proved,
            author_url=url,
            identity_provider=data.identity if user is not None and user.is_authenticated else "",
            channel=Comment.Channel.ACCOUNT
            if user is not None and user.is_authenticated
            else Comment.Channel.FORM,
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
            verified = user is not None and user.is_authenticated and proved
            subscription_add(post=post, email=email, comment=comment, confirmed=verified)
        _notify(comment, new=True)
        if comment.status == Comment.Status.APPROVED:  # the last write: see TRANSACTION_SLACK
            invalidate_in_transaction(*thread_tags(comment.post_id))
    return comment


def _notify(comment: Comment, *, new: bool) -> None:
    """Queue the notifications in the caller's transaction: the comment and its task are stored
    together or not at all, and SQLite's one writer is taken once instead of twice."""
    from samizdat.comments.tasks import notify_comment

    notify_comment.enqueue(comment_id=comment.pk, new=new)


def _thread_changed(comment: Comment) -> None:
    """Drop the stored pages that show this post's comments (its page, the comment feeds)."""
    invalidate_on_commit(*thread_tags(comment.post_id))


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
    # Decide from the row as it is now: two moderators acting at once must not train twice.
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    comment.status, comment.trained_as = current.status, current.trained_as
    was = comment.status
    if was == status:
        return comment
    comment.status = status
    if status == Comment.Status.SPAM:
        _train(comment, "spam")
        # a spammer's request for mail to some address is not that address's wish
        Subscription.objects.filter(comment=comment, confirmed=False).delete()
    elif status == Comment.Status.APPROVED and was in (Comment.Status.SPAM, Comment.Status.PENDING):
        _train(comment, "ham")
    comment.save(update_fields=["status", "trained_as"])
    if Comment.Status.APPROVED in (was, status):
        _thread_changed(comment)
    if status == Comment.Status.APPROVED:
        _notify(comment, new=False)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, moderator) -> None:
    """Delete a comment (its replies go with it); the stored pages showing its thread too."""
    _require_moderator(moderator)
    _thread_changed(comment)
    comment.delete()


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
    comment.author_name = one_line(name) if name is not None else comment.author_name
    comment.author_email = email if email is not None else comment.author_email
    comment.author_url = safe_url(url if url is not None else comment.author_url)
    comment.edited_at = timezone.now()
    comment.save()
    _thread_changed(comment)
    return comment


@transaction.atomic
def comment_reply(*, parent: Comment, moderator, body: str) -> Comment:
    """A moderator's reply from the queue: approves the parent when it was held, then answers."""
    _require_moderator(moderator)
    if parent.status in (Comment.Status.SPAM, Comment.Status.TRASH):
        raise CommentRefused("Spam and trashed comments cannot be replied to.")
    if parent.status != Comment.Status.APPROVED:
        comment_approve(comment=parent, moderator=moderator)
    parent = _parent(parent.post, parent.pk, DiscussionSettings.load().thread_depth)
    reply = Comment.objects.create(
        post=parent.post,
        parent=parent,
        depth=parent.depth + 1,
        user=moderator,
        author_name=moderator.public_name,
        author_email=moderator.email,
        channel=Comment.Channel.ACCOUNT,
        body_source=body,
        body_html=comment_body_render(body),
        status=Comment.Status.APPROVED,
    )
    _thread_changed(reply)
    _notify(reply, new=True)
    return reply


# ── importing ────────────────────────────────────────────────────────────────────────────


def _sequence_past(pk: int) -> None:
    """PostgreSQL's id sequence does not move for an explicit id: move it past `pk` (never back)."""
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT already continues after the largest id
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(s::regclass, GREATEST(%s, nextval(s::regclass))) "
            "FROM pg_get_serial_sequence(%s, 'id') AS s",
            [pk, Comment._meta.db_table],
        )


@dataclass(frozen=True)
class ImportedComment:
    """One comment as another site had it, for `comments_import`."""

    legacy_id: int  # its number there; unique within one call
    parent_legacy_id: int | None  # the comment it answers (same call, or saved before)
    kind: str
    status: str
    author_name: str
    author_email: str
    author_url: str
    user: object | None
    body_html: str  # sanitised here, with the comment profile
    body_source: str
    created_at: object


def _fill(comment: Comment, data: ImportedComment, *, post, parent: Comment | None) -> None:
    comment.post = post
    comment.parent = parent
    comment.depth = _depth(comment)
    comment.kind = data.kind
    comment.status = data.status
    comment.channel = Comment.Channel.IMPORT
    comment.author_name = one_line(data.author_name)[:100]
    comment.author_email = data.author_email
    comment.email_proved = True  # the old site's record, kept as it was
    comment.author_url = safe_url(data.author_url)[:200]
    comment.user = data.user
    comment.body_source = data.body_source
    comment.body_html = sanitize_html(data.body_html, profile=Profile.COMMENT)
    comment.created_at = data.created_at


def _depth(comment: Comment) -> int:
    """Levels above `comment`, counted through parents not yet saved (a saved one knows its own)."""
    depth, parent = 0, comment.parent
    while parent is not None and depth < 10_000:
        if not parent._state.adding:
            return depth + parent.depth + 1
        depth, parent = depth + 1, parent.parent
    return depth


# WordPress nests replies at most 10 deep (its "thread_comments_depth" goes no further), so an
# import keeps every real WordPress thread as it was and flattens only what no site made.
WORDPRESS_MAX_THREAD_DEPTH = 10


def _depth_capped(
    comments: list[ImportedComment], saved: dict[int, Comment], limit: int
) -> list[ImportedComment]:
    """Replies nested deeper than `limit` attach at the deepest allowed level, as on the reply
    form (issue 19: a 3,000-deep chain broke the post page)."""
    numbers = {comment.pk: number for number, comment in saved.items()}
    parents = {number: numbers.get(comment.parent_id) for number, comment in saved.items()}
    parents.update({c.legacy_id: c.parent_legacy_id for c in comments})
    depth: dict[int, int] = {}
    for start in parents:
        chain, number = [], start
        while number in parents and number not in depth and number not in chain:
            chain.append(number)
            number = parents[number]
        level = depth.get(number, -1) if number not in chain else -1  # a loop: at the top
        for number in reversed(chain):
            level += 1
            depth[number] = level
    deepest = max(limit, 1) - 1
    capped = []
    for comment in comments:
        parent = comment.parent_legacy_id
        if limit <= 1:
            parent = None  # threading off: every reply at the top level
        while parent is not None and depth.get(parent, 0) >= deepest and parents.get(parent):
            parent = parents[parent]
        capped.append(replace(comment, parent_legacy_id=parent))
    return capped


@transaction.atomic(savepoint=False)
def comments_import(
    *, post, comments: list[ImportedComment], saved: dict[int, Comment] | None = None
) -> dict[int, Comment]:
    """Save a post's comments brought from another site as they were there; every comment by
    its old number. `saved` holds this post's comments from an earlier import by old number:
    those given again are updated, the others may be parents.

    Kind and status are kept: no moderation, no spam check or training, no notifications; one
    cache invalidation for the thread. A reply may be given before its parent; a reply to a
    comment that is nowhere (or a loop) starts a thread of its own. A new comment takes its old
    number as its id when that is free here, so old `#comment-N` links land on it; otherwise the
    number is kept in `legacy_id` and the thread renders an extra anchor for it. New comments
    are inserted in bulk: once for the whole post when every id could be kept. It joins the
    caller's transaction without a savepoint of its own (an import is all or nothing anyway),
    so an error here leaves that whole transaction to be rolled back.
    """
    done = dict(saved or {})
    limit = max(DiscussionSettings.load().thread_depth, WORDPRESS_MAX_THREAD_DEPTH)
    comments = _depth_capped(comments, done, limit)
    waiting = {c.legacy_id: c for c in comments}
    taken = set(Comment.objects.filter(pk__in=list(waiting)).values_list("pk", flat=True))
    new: dict[int, Comment] = {}
    for number in waiting:
        if number not in done:
            comment = new[number] = Comment()
            if number in taken or not 0 < number < 2**63:
                comment.legacy_id = number
            else:
                comment.pk = number
    if explicit := [c.pk for c in new.values() if c.pk is not None]:
        _sequence_past(max(explicit))  # before any id is drawn from the sequence
    while waiting:
        # Ready: a reply whose parent is saved, unknown, or has its id already (kept ids).
        ready = [
            c
            for c in waiting.values()
            if c.parent_legacy_id not in waiting or new.get(c.parent_legacy_id, Comment()).pk
        ]
        ready = ready or [next(iter(waiting.values()))]  # a loop: break it at one comment
        batch = []
        for data in ready:
            del waiting[data.legacy_id]
            number = data.parent_legacy_id
            parent = (new.get(number) or done.get(number)) if number else None
            if parent is not None and parent.pk is None:
                parent = None  # only in a loop
            comment = new.get(data.legacy_id) or done[data.legacy_id]
            _fill(comment, data, post=post, parent=parent)
            if data.legacy_id in new:
                batch.append(comment)
            else:
                comment.save()
            done[data.legacy_id] = comment
        for comment in batch:  # parents may have been filled after their replies
            comment.depth = _depth(comment)
        if connection.features.can_return_rows_from_bulk_insert:
            Comment.objects.bulk_create(batch)
        else:
            for comment in batch:
                comment.save(force_insert=True)
    _thread_changed(Comment(post_id=post.pk))
    return done


# ── subscriptions ────────────────────────────────────────────────────────────────────────


def subscription_add(
    *, post, email: str, comment: Comment | None = None, confirmed: bool = False
) -> Subscription:
    """Ask for follow-ups on `post` to `email`. Unless `confirmed` (the caller proved the
    address, e.g. an account that confirmed it), nothing is sent to it but one confirmation
    mail, once the comment is approved (issue 19: anyone could subscribe anyone). An address
    that unsubscribed from this post stays unsubscribed."""
    subscription, created = Subscription.objects.get_or_create(
        post=post,
        email=email.lower(),
        defaults={"comment": comment, "confirmed": confirmed},
    )
    if not created and subscription.active and confirmed and not subscription.confirmed:
        subscription.confirmed = True
        subscription.save(update_fields=["confirmed"])
    return subscription


def subscription_confirm(*, subscription: Subscription) -> bool:
    """The address's owner followed the confirmation link; False when nothing changed (done
    before, or unsubscribed since)."""
    changed = Subscription.objects.filter(pk=subscription.pk, active=True, confirmed=False).update(
        confirmed=True
    )
    return bool(changed)


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
