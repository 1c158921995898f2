"""Verifying, by the worker: the source is fetched (through `samizdat.core.outbound`) and what
it says decides what the webmention becomes — a comment or a reaction through
`samizdat.comments.remote`, updated, removed or refused, the reason kept on the row for the
status page. Nothing here queues work: the receiving side (`receive`) does.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from samizdat.comments.models import Comment, Reaction
from samizdat.comments.remote import (
    RemoteReply,
    reaction_add,
    reaction_remove,
    remote_reply_receive,
    remote_reply_remove,
)
from samizdat.core import outbound
from samizdat.webmention import entry as entries
from samizdat.webmention.entry import Entry, entry_read
from samizdat.webmention.links import source_links_to, url_normal
from samizdat.webmention.models import Mention, save_if_current
from samizdat.webmention.targets import on_this_site, post_for_url

log = logging.getLogger(__name__)

_REACTIONS = {
    entries.LIKE: Reaction.Kind.LIKE,
    entries.REPOST: Reaction.Kind.REPOST,
    entries.BOOKMARK: Reaction.Kind.BOOKMARK,
}
_HELD = (Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.TRASH)


def mention_verify(*, mention: Mention) -> Mention:
    """Fetch the source and decide: store what it is, update it, remove it, or refuse it — the
    reason saved on the row for the status page."""
    if mention.state != Mention.State.QUEUED:
        return mention
    try:
        response = outbound.fetch(
            mention.source,
            headers={
                "Accept": "text/html, application/xhtml+xml, application/json;q=0.8, "
                "text/plain;q=0.5",
                "User-Agent": f"samizdat webmention (+{settings.SAMIZDAT_SITE_URL})",
            },
            max_bytes=settings.SAMIZDAT_WEBMENTION_MAX_BYTES,
            timeout=settings.SAMIZDAT_WEBMENTION_TIMEOUT,
            max_redirects=5,
        )
    except outbound.FetchRefused as error:
        return _refused(mention, f"The source is not fetched from here: {error}.")
    except outbound.FetchFailed as error:
        return _refused(mention, f"The source could not be fetched: {error}.")
    stored = mention.comment_id is not None or bool(mention.actor)
    if response.status in (404, 410) and stored:
        return _removed(mention, f"The source answered {response.status}: it is gone.")
    if not 200 <= response.status < 300:
        return _refused(mention, f"The source answered HTTP {response.status}.")
    target_post = mention.post_id

    def is_target(url: str) -> bool:
        if url_normal(url) == url_normal(mention.target):
            return True
        post = post_for_url(url) if on_this_site(url) else None
        return post is not None and post.pk == target_post

    content_type = response.headers.get("content-type", "")
    links = source_links_to(
        body=response.body, content_type=content_type, url=response.url, is_target=is_target
    )
    if links is None:
        kind = content_type.split(";")[0].strip() or "of no stated type"
        return _refused(mention, f"The source is {kind}, which is not read here.")
    if not links:
        if stored:
            return _removed(mention, "The source no longer links to the target.")
        return _refused(mention, "The source does not link to the target.")
    if "html" not in content_type.lower():
        entry = Entry(entries.MENTION, "", "", "", "", "", None, ())
    else:
        entry = entry_read(html=response.text(), url=response.url, is_target=is_target)
    return _store(mention, entry, final_source=response.url)


def _author_id(entry: Entry, source: str) -> str:
    """Who the source says wrote it, as moderation will trust it: an author on the source's own
    site (host and port) is known by their address; one elsewhere (a silo's page, e.g. Bridgy's)
    by that address as the source's site vouches for it, so no page can borrow a trusted
    author's name to skip the queue."""
    site = urlsplit(url_normal(source))
    origin = f"{site.scheme}://{site.netloc}/"
    author = entry.author_url
    if author and urlsplit(url_normal(author)).netloc == site.netloc:
        return author
    return f"{author} via {origin}" if author else origin


def _store(mention: Mention, entry: Entry, *, final_source: str) -> Mention:
    actor = _author_id(entry, final_source)
    name = entry.author_name or urlsplit(entry.author_url or final_source).hostname or "someone"
    with transaction.atomic():
        if entry.kind in _REACTIONS:
            _forget_comment(mention)
            if mention.actor and (mention.actor != actor or mention.kind != entry.kind):
                reaction_remove(actor=mention.actor, source=mention.source)
            reaction_add(
                post=mention.post,
                kind=_REACTIONS[entry.kind],
                actor=actor,
                channel=Comment.Channel.WEBMENTION,
                actor_name=name,
                actor_url=entry.author_url,
                source=mention.source,
            )
            mention.actor, mention.comment = actor, None
            reason = f"Counted as a {entry.kind}."
        else:
            if mention.actor and mention.kind in _REACTIONS:
                reaction_remove(actor=mention.actor, source=mention.source)
            comment, reason = _as_comment(mention, entry, actor=actor, name=name)
            mention.comment, mention.actor = comment, actor if comment else ""
        mention.kind = entry.kind
        return _done(mention, Mention.State.ACCEPTED, reason)


def _as_comment(mention: Mention, entry: Entry, *, actor: str, name: str):
    if mention.comment and mention.comment.remote_author != actor:
        _forget_comment(mention)  # someone else's now: the old author's comment goes
    reply = RemoteReply(
        channel=Comment.Channel.WEBMENTION,
        remote_id=entry.url if entry.url.startswith(("http://", "https://")) else mention.source,
        remote_url=mention.source,
        author_id=actor,
        author_name=name,
        body_html=entry.content_html or "<p>Mentioned this post.</p>",
        author_url=entry.author_url,
        author_photo=entry.author_photo,
        published=entry.published,
    )
    comment = remote_reply_receive(post=mention.post, reply=reply, parent=_parent(mention, entry))
    if comment.channel != Comment.Channel.WEBMENTION or comment.remote_author != actor:
        # The same reply came another way first (ActivityPub, say): it stays one comment.
        how = comment.get_channel_display().lower()
        return None, f"Already here as a reply received by {how}: shown once."
    what = "reply" if entry.kind == entries.REPLY else "mention"
    if comment.status in _HELD:
        return comment, f"Stored as a {what}, awaiting moderation."
    return comment, f"Stored as a {what} and shown."


def _parent(mention: Mention, entry: Entry) -> Comment | None:
    """The comment of ours the entry replies to (`…/post/#comment-12`), if any."""
    for url in entry.replied_to:
        fragment = urlsplit(url).fragment
        if fragment.startswith("comment-") and fragment[8:].isdigit():
            found = Comment.objects.filter(pk=int(fragment[8:]), post=mention.post).first()
            if found is not None:
                return found
    return None


def _forget_comment(mention: Mention) -> None:
    if mention.comment_id is not None and mention.comment is not None:
        remote_reply_remove(
            remote_id=mention.comment.remote_id, author_id=mention.comment.remote_author
        )
    mention.comment = None


@transaction.atomic
def _removed(mention: Mention, reason: str) -> Mention:
    _forget_comment(mention)
    if mention.actor and mention.kind in _REACTIONS:
        reaction_remove(actor=mention.actor, source=mention.source)
    mention.actor = ""
    return _done(mention, Mention.State.REMOVED, reason)


def _refused(mention: Mention, reason: str) -> Mention:
    if mention.comment_id is not None or mention.actor:
        reason += " What it showed before is kept."
    return _done(mention, Mention.State.REFUSED, reason)


def _done(mention: Mention, state: str, reason: str) -> Mention:
    mention.state, mention.reason = state, reason
    mention.verified_at, mention.due_at = timezone.now(), None
    if not save_if_current(mention):
        log.info("webmention %s: sent again while verified; the newer round decides", mention)
        return mention
    log.info("webmention %s: %s", mention, reason)
    return mention
