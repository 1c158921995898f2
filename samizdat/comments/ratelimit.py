"""Rate limits per IP address and per identity, counted in Django's cache.

SAMIZDAT_COMMENTS_RATE_LIMIT is "<count>/<seconds>" (default 5/60) or "off"; other callers (the
sign-in buttons) pass a limit of their own.

The window slides: the count is this window's plus the previous window's weighted by how much
of it is still inside the last `seconds` (the sliding-window counter). A fixed window let about
twice the limit through across a boundary (issue 19); this lets at most the limit through in any
span of `seconds` (the estimate rounds up), with two atomic counters a key.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def _limit() -> tuple[int, int] | None:
    raw = settings.SAMIZDAT_COMMENTS_RATE_LIMIT
    if raw == "off":
        return None
    count, seconds = raw.split("/")
    return int(count), int(seconds)


def _count(key: str, seconds: int) -> int:
    cache.add(key, 0, timeout=seconds * 2)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr: start again
        cache.set(key, 1, timeout=seconds * 2)
        return 1


def rate_limited(
    *identities: str, limit: tuple[int, int] | None = None, now: float | None = None
) -> bool:
    """Count one attempt for each identity; True when any is over the limit in the last
    `seconds`. `limit` is (count, seconds), by default the comment limit; `now` for tests."""
    limit = limit or _limit()
    if limit is None:
        return False
    count, seconds = limit
    now = time.time() if now is None else now
    window, into = divmod(now, seconds)
    over = False
    for identity in filter(None, identities):
        digest = hashlib.sha256(identity.casefold().encode()).hexdigest()[:32]
        key = f"samizdat:rate:{digest}"
        current = _count(f"{key}:{int(window)}", seconds)
        previous = cache.get(f"{key}:{int(window) - 1}", 0)
        estimate = current + math.ceil(previous * (1 - into / seconds))
        over |= estimate > count
    return over
