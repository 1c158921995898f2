"""Sending: when a post becomes public or a public post changes, every page its body links to
is told (its endpoint discovered, then a POST of source and target), each on a `Sending` row
the worker works through, retrying with growing pauses. Links an edit removed, and every link
of a post made private or deleted, are sent again so the receiver can drop the mention. An
import announces nothing.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from samizdat.core.siteurl import absolute
from samizdat.posts.models import Post
from samizdat.posts.signals import ORIGIN_IMPORT, ORIGIN_RERENDER
from samizdat.webmention.links import outgoing_links
from samizdat.webmention.models import Sending
from samizdat.webmention.services.attempt import scheduled_later

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # longer than one attempt can take (two capped fetches)


# ── what to send (the post_changed / post_deleted hooks) ──────────────────────────────────


def sendings_for_post_change(*, post: Post, was_public: bool, is_public: bool, origin: str) -> int:
    """Queue what a saved post has to say; returns how many sendings were queued."""
    # An import announces nothing; a body rendered again for an image's new caption links to
    # the same pages, and every post showing that image would otherwise notify them all again.
    if origin in (ORIGIN_IMPORT, ORIGIN_RERENDER):
        return 0
    if not (was_public or is_public or scheduled_later(post)):
        return 0
    now = timezone.now()
    if is_public or scheduled_later(post):
        due = now if is_public else post.published_at
        source = absolute(post.get_absolute_url())
        links = outgoing_links(
            body_html=post.body_html, base=source, own_site=settings.SAMIZDAT_SITE_URL
        )
    else:
        due, source, links = now, "", []
    return _plan(post=post, source=source, links=links, due=due, now=now)


def sendings_for_post_delete(*, post: Post, was_public: bool, origin: str) -> int:
    """Queue the removals a deleted post owes the pages it linked to."""
    if origin == ORIGIN_IMPORT:
        return 0
    return _plan(post=post, source="", links=[], due=timezone.now(), now=timezone.now())


def _plan(*, post: Post, source: str, links: list[str], due, now) -> int:
    """Bring the post's rows in line with `links` (empty: nothing is linked any more)."""
    rows = {row.target: row for row in Sending.objects.select_for_update().filter(post=post)}
    queued = 0
    for target in links:
        row = rows.pop(target, None) or Sending(post=post, target=target)
        row.linked, row.source = True, source
        _queue(row, due=due, now=now)
        queued += 1
    for row in rows.values():
        if not row.linked:
            continue  # its removal was queued before
        row.linked = False
        if row.announced:
            _queue(row, due=now, now=now)  # tell the receiver the link is gone
            queued += 1
        else:
            _cancel(row, "The post no longer links here; nothing had been sent.")
    return queued


def _queue(row: Sending, *, due, now) -> None:
    row.state, row.attempts, row.result = Sending.State.QUEUED, 0, ""
    row.generation += 1  # an attempt under way now keeps its outcome off the row
    if due <= now:
        row.due_at = now + LEASE
        row.save()
        _send_later(row)
    else:  # a scheduled post: the housekeeping job sends it when its time comes
        row.due_at = due
        row.save()


def _cancel(row: Sending, result: str) -> None:
    row.state, row.due_at, row.result = Sending.State.CANCELLED, None, result
    row.generation += 1
    row.save()


def _send_later(row: Sending) -> None:
    from samizdat.webmention.tasks import sending_attempt_task

    sending_attempt_task.enqueue(sending_id=row.pk)


def sendings_queue_due() -> int:
    """Queue the sendings whose time has come: retries, scheduled posts gone public, and any
    whose worker never finished (housekeeping)."""
    now = timezone.now()
    queued = 0
    for pk in Sending.objects.filter(state=Sending.State.QUEUED, due_at__lte=now).values_list(
        "pk", flat=True
    )[:100]:
        with transaction.atomic():
            if Sending.objects.filter(pk=pk, due_at__lte=now).update(due_at=now + LEASE):
                _send_later(Sending(pk=pk))
                queued += 1
    return queued
