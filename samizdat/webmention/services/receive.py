"""Receiving: a webmention is checked at once (is the target one of our public posts?), stored
and queued; the worker then fetches the source and decides (`verify`).

What a verified source becomes goes through `samizdat.comments.remote`: a reply or a plain
mention is a comment (the reply form's moderation, spam filter, notifications and cache), a
like, repost or bookmark a reaction counted once per author. A source sent again is verified
again and updates what it became; one that answers 410 (or 404), or no longer links to the
target, removes it.
"""

import hashlib
import logging
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from samizdat.webmention.links import url_normal
from samizdat.webmention.models import Mention
from samizdat.webmention.targets import on_this_site, post_for_url

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # longer than one verification can take (one capped fetch)
RATE = (60, 600)  # at most this many webmentions from one address per this many seconds


class MentionRefused(Exception):
    """The request is not a webmention this site takes; the message says why (for a 400)."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def _checked_url(value: str, name: str) -> str:
    value = (value or "").strip()
    if not value:
        raise MentionRefused(f"{name} is missing.")
    if len(value) > 1000:
        raise MentionRefused(f"{name} is longer than 1000 characters.")
    try:
        parts = urlsplit(value)
    except ValueError as error:
        raise MentionRefused(f"{name} is not a URL.") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MentionRefused(f"{name} must be an http or https URL.")
    return value


def _rate_limited(ip: str) -> bool:
    count, seconds = RATE
    digest = hashlib.sha256(ip.encode()).hexdigest()[:32]
    key = f"samizdat:webmention-rate:{digest}:{int(time.time() // seconds)}"
    cache.add(key, 0, timeout=seconds * 2)
    try:
        return cache.incr(key) > count
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=seconds * 2)
        return False


def mention_receive(*, source: str, target: str, ip: str = "") -> Mention:
    """Take a webmention for verification; MentionRefused (with the reason) when it is not one
    this site takes — then nothing is stored."""
    source = _checked_url(source, "source")
    target = _checked_url(target, "target")
    if url_normal(source) == url_normal(target):
        raise MentionRefused("source and target are the same URL.")
    if not on_this_site(target):
        raise MentionRefused(f"target is not on this site ({settings.SAMIZDAT_SITE_URL}).")
    post = post_for_url(target)
    if post is None:
        raise MentionRefused("target is not a public post on this site.")
    if ip and _rate_limited(ip):
        raise MentionRefused("Too many webmentions from this address; try later.", status=429)
    return _queue(source=source, target=target, post=post)


@transaction.atomic
def _queue(*, source: str, target: str, post) -> Mention:
    mention, _ = Mention.objects.select_for_update().get_or_create(
        source=source, target=target, defaults={"post": post}
    )
    # Queued again even while a worker verifies it: the source may have changed since it was
    # fetched; the older round's result is then dropped (models.save_if_current).
    mention.generation += 1
    mention.post = post
    mention.state = Mention.State.QUEUED
    mention.reason = ""
    mention.received_at = timezone.now()
    mention.due_at = timezone.now() + LEASE
    mention.save()
    _verify_later(mention)
    return mention


def _verify_later(mention: Mention) -> None:
    """Queue the verification in this transaction: the row and its task are stored together."""
    from samizdat.webmention.tasks import mention_verify_task

    mention_verify_task.enqueue(mention_id=mention.pk)


def mentions_requeue_due() -> int:
    """Queue again the verifications whose worker never finished (housekeeping)."""
    now = timezone.now()
    queued = 0
    for pk in Mention.objects.filter(state=Mention.State.QUEUED, due_at__lte=now).values_list(
        "pk", flat=True
    )[:100]:
        with transaction.atomic():
            if Mention.objects.filter(pk=pk, due_at__lte=now).update(due_at=now + LEASE):
                _verify_later(Mention(pk=pk))
                queued += 1
    return queued
