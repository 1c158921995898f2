"""Replies and reactions that live on other sites: the fediverse, other blogs (webmention).

They join the one conversation under a post: the same moderation policy and spam filter as the
reply form (a first-time remote author is held, a known one trusted as the policy says), the
same notifications, the same page-cache invalidation. The channels (samizdat.federation,
samizdat.webmention) verify where a reply came from and who wrote it; this module decides
nothing about that and trusts `RemoteReply.author_id` as verified.

A reply is known by its canonical id there (`remote_id`) and the page it is shown on
(`remote_url`): the same reply arriving twice — sent again, or once by ActivityPub and once by
a webmention naming the same Note — is one comment.
"""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import strip_tags

from samizdat.comments.models import Comment, DiscussionSettings, Reaction
from samizdat.comments.moderation import Candidate, moderation_decide
from samizdat.comments.pages import thread_tags
from samizdat.comments.services import _notify, _thread_changed, comments_open
from samizdat.core.sanitize import Profile, safe_url, sanitize_html
from samizdat.pagecache.services import invalidate_on_commit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RemoteReply:
    """A reply as its channel verified it. `body_html` is untrusted: it is sanitised here."""

    channel: str  # Comment.Channel.FEDIVERSE or WEBMENTION
    remote_id: str  # its canonical id there: an ActivityPub object id, an h-entry's URL
    author_id: str  # who wrote it, verified by the channel: an actor id, an h-card URL
    author_name: str
    body_html: str
    remote_url: str = ""  # the page a reader sees it on, when not remote_id itself
    author_url: str = ""  # the author's profile page
    author_photo: str = ""  # the address of their picture, fetched once by the worker
    published: datetime | None = None


def _known(*ids: str) -> Comment | None:
    ids = [i for i in ids if i]
    if not ids:
        return None
    return Comment.objects.filter(Q(remote_id__in=ids) | Q(remote_url__in=ids)).first()


def _attach_to(post, parent: Comment | None, depth_limit: int) -> Comment | None:
    """The comment replied to, on this post, at most at the deepest allowed level."""
    if parent is None or parent.post_id != post.pk or depth_limit <= 1:
        return None
    while parent.depth >= depth_limit - 1 and parent.parent_id:
        parent = parent.parent
    return parent


def _text(html: str) -> str:
    return " ".join(strip_tags(html).split())


def remote_reply_receive(*, post, reply: RemoteReply, parent: Comment | None = None) -> Comment:
    """Store a remote reply to `post` (or to `parent`, one of its comments), or update the one
    already stored under the same id. A reply already known from another channel is returned as
    it is. New replies are moderated as the reply form's are; edits keep their status."""
    existing = _known(reply.remote_id, reply.remote_url)
    if existing is not None:
        if existing.channel != reply.channel or existing.remote_author != reply.author_id:
            return existing  # known by another way in (or not theirs to edit)
        return _update(existing, reply)
    return _create(post, reply, parent)


@transaction.atomic
def _update(comment: Comment, reply: RemoteReply) -> Comment:
    body_html = sanitize_html(reply.body_html, profile=Profile.COMMENT)
    if body_html == comment.body_html and reply.author_name[:100] == comment.author_name:
        return comment
    comment.body_html = body_html
    comment.body_source = _text(body_html)
    comment.author_name = reply.author_name[:100] or comment.author_name
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body_html", "body_source", "author_name", "edited_at"])
    if comment.status == Comment.Status.APPROVED:
        _thread_changed(comment)
    return comment


def _create(post, reply: RemoteReply, parent: Comment | None) -> Comment:
    settings = DiscussionSettings.load()
    body_html = sanitize_html(reply.body_html, profile=Profile.COMMENT)
    text = _text(body_html)
    author_url = safe_url(reply.author_url or reply.author_id)
    decision = moderation_decide(
        Candidate(
            post=post,
            name=reply.author_name,
            email="",
            url=author_url,
            body=text,
            remote_author=reply.author_id,
        ),
        settings=settings,
    )
    if not comments_open(post, settings=settings) and decision.status == Comment.Status.APPROVED:
        decision.status = Comment.Status.PENDING  # a moderator may still let it in
        decision.reasons.append("comments are closed on this post")
    parent = _attach_to(post, parent, settings.thread_depth)
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            depth=parent.depth + 1 if parent else 0,
            author_name=reply.author_name[:100] or reply.author_id[:100],
            author_url=author_url[:200],
            channel=reply.channel,
            remote_id=reply.remote_id,
            remote_url=safe_url(reply.remote_url or reply.remote_id),
            remote_author=reply.author_id,
            body_source=text,
            body_html=body_html,
            created_at=min(reply.published or timezone.now(), timezone.now()),
            status=decision.status,
            moderation_reasons=decision.reasons,
            spam_score=decision.spam_score,
            spam_reasons=decision.spam_reasons,
        )
        _notify(comment, new=True)
        if comment.status == Comment.Status.APPROVED:
            _thread_changed(comment)
        if reply.author_photo:
            _fetch_avatar_later(comment, reply.author_photo)
    return comment


def _fetch_avatar_later(comment: Comment, url: str) -> None:
    from samizdat.comments.tasks import remote_avatar_fetch

    remote_avatar_fetch.enqueue(comment_id=comment.pk, url=url)


@transaction.atomic
def remote_reply_remove(*, remote_id: str, author_id: str) -> bool:
    """Delete the reply its author deleted there; False when it is unknown or not theirs."""
    comment = _known(remote_id)
    if comment is None or comment.remote_author != author_id:
        return False
    if comment.status == Comment.Status.APPROVED:
        _thread_changed(comment)
    comment.delete()
    return True


# ── reactions ────────────────────────────────────────────────────────────────────────────


@transaction.atomic
def reaction_add(
    *,
    post,
    kind: str,
    actor: str,
    channel: str,
    actor_name: str = "",
    actor_url: str = "",
    source: str = "",
) -> bool:
    """Count `actor`'s like, repost or bookmark of `post` once; True when it is new."""
    _, created = Reaction.objects.get_or_create(
        post=post,
        kind=kind,
        actor=actor,
        defaults={
            "channel": channel,
            "actor_name": actor_name[:200],
            "actor_url": safe_url(actor_url)[:1000],
            "source": source,
        },
    )
    if created:
        invalidate_on_commit(*thread_tags(post.pk))
    return created


@transaction.atomic
def reaction_remove(*, actor: str, post=None, kind: str = "", source: str = "") -> int:
    """Undo `actor`'s reaction: of `kind` on `post`, or the one `source` carried. Returns how
    many were removed (only the actor's own)."""
    reactions = Reaction.objects.filter(actor=actor)
    if source:
        reactions = reactions.filter(source=source)
    else:
        reactions = reactions.filter(post=post, kind=kind)
    posts = set(reactions.values_list("post_id", flat=True))
    removed, _ = reactions.delete()
    for post_id in posts:
        invalidate_on_commit(*thread_tags(post_id))
    return removed


def reaction_counts(post) -> dict[str, int]:
    """{"like": 3, "repost": 1} for the post page."""
    rows = Reaction.objects.filter(post_id=post.pk).values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}
