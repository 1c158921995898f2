"""One attempt at a sending, by the worker: discover the target's endpoint, POST source and
target, and keep the outcome — or the time of the next attempt, with growing pauses — on the
row. Nothing here queues work: the planning side (`send`) and housekeeping do.
"""

import logging
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from samizdat.core import outbound
from samizdat.posts.models import Post, Status
from samizdat.webmention.discovery import endpoint_find, is_html
from samizdat.webmention.models import Sending, save_if_current

log = logging.getLogger(__name__)

# Pauses after the 1st, 2nd, … failed attempt; after the last the sending has failed.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
DISCOVERY_BYTES = 1_000_000  # a page whose endpoint is not in its first megabyte has none


def scheduled_later(post: Post) -> bool:
    """A scheduled post whose time is still to come: its sendings wait for it."""
    return (
        post.status == Status.SCHEDULED
        and post.published_at is not None
        and post.published_at > timezone.now()
    )


class _Retry(Exception):
    def __init__(self, message: str, *, after: float | None = None):
        super().__init__(message)
        self.after = after


class _GiveUp(Exception):
    pass


def sending_attempt(*, sending: Sending) -> Sending:
    """Discover the target's endpoint and send; the outcome, or the next attempt's time, is
    kept on the row."""
    if sending.state != Sending.State.QUEUED:
        return sending
    post = Post.objects.filter(pk=sending.post_id).first() if sending.post_id else None
    if sending.linked and (post is None or not post.is_public):
        if post is not None and scheduled_later(post):
            return _save(sending, due_at=post.published_at)  # not yet: at its time
        return _finish(sending, Sending.State.CANCELLED, "The post is not public.")
    sending.attempts += 1
    try:
        endpoint = endpoint_discover(sending.target)
        if endpoint is None:
            return _finish(sending, Sending.State.NO_ENDPOINT, "The target has no endpoint.")
        sending.endpoint = endpoint[:1000]
        return _post(sending, endpoint)
    except _GiveUp as error:
        return _finish(sending, Sending.State.FAILED, str(error))
    except _Retry as error:
        return _retry(sending, str(error), after=error.after)


def endpoint_discover(target: str) -> str | None:
    """The webmention endpoint `target` advertises, or None. Asks with HEAD first (the `Link`
    header, and whether the page is HTML at all), then reads the page if it is HTML."""
    try:
        head = _fetch(target, method="HEAD")
    except _Retry:
        head = None  # some servers answer HEAD badly; GET decides
    if head is not None and 200 <= head.status < 300:
        if endpoint := endpoint_find(url=head.url, headers=head.headers, body=None):
            return endpoint
        content_type = head.headers.get("content-type", "")
        if content_type and not is_html(content_type):
            return None  # an image, a PDF …: no page to read
    page = _fetch(target, max_bytes=DISCOVERY_BYTES)
    if page.status in (408, 429) or page.status >= 500:
        raise _Retry(f"The target answered HTTP {page.status}.")
    if not 200 <= page.status < 300:
        return None
    return endpoint_find(url=page.url, headers=page.headers, body=page.body)


def _fetch(url: str, *, method: str = "GET", max_bytes: int = DISCOVERY_BYTES, **kwargs):
    headers = {"User-Agent": f"samizdat webmention (+{settings.SAMIZDAT_SITE_URL})"}
    headers.update(kwargs.pop("headers", {}))
    try:
        return outbound.fetch(
            url,
            method=method,
            headers=headers,
            max_bytes=max_bytes,
            timeout=settings.SAMIZDAT_WEBMENTION_TIMEOUT,
            **kwargs,
        )
    except outbound.FetchRefused as error:
        raise _GiveUp(f"Not sent: {error}.") from error
    except outbound.FetchFailed as error:
        raise _Retry(str(error), after=error.retry_after) from error


def _post(sending: Sending, endpoint: str) -> Sending:
    """POST source and target to the endpoint (its own query string kept as it is)."""
    response = _fetch(
        endpoint,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body=urlencode({"source": sending.source, "target": sending.target}),
        max_bytes=100_000,
        max_redirects=0,  # a receiver answers; it does not send the POST elsewhere
    )
    sending.response_status = response.status
    said = " ".join(response.text()[:300].split())
    if 200 <= response.status < 300:
        sending.status_url = (response.headers.get("location") or "")[:1000]
        sending.announced = sending.announced or sending.linked
        sending.sent_at = timezone.now()
        return _finish(sending, Sending.State.SENT, f"Accepted (HTTP {response.status}). {said}")
    reason = f"The endpoint answered HTTP {response.status}: {said}"
    if response.status in (408, 429) or response.status >= 500:
        retry_after = response.headers.get("retry-after", "").strip()
        raise _Retry(reason, after=float(retry_after) if retry_after.isdigit() else None)
    raise _GiveUp(reason)


def _retry(sending: Sending, reason: str, *, after: float | None) -> Sending:
    if sending.attempts > len(BACKOFF):
        failed = f"Gave up after {sending.attempts} attempts: {reason}"
        return _finish(sending, Sending.State.FAILED, failed)
    pause = BACKOFF[sending.attempts - 1]
    if after is not None:
        pause = max(pause, min(timedelta(seconds=after), timedelta(days=1)))
    sending.result = f"Attempt {sending.attempts} failed: {reason}"
    return _save(sending, due_at=timezone.now() + pause)


def _finish(sending: Sending, state: str, result: str) -> Sending:
    sending.state, sending.result = state, result
    return _save(sending, due_at=None)


def _save(sending: Sending, *, due_at) -> Sending:
    sending.due_at = due_at
    if not save_if_current(sending):
        log.info("webmention %s: queued again meanwhile; the newer round decides", sending)
        return sending
    log.info("webmention %s: %s %s", sending, sending.state, sending.result)
    return sending
