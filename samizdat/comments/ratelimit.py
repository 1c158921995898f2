"""Comment rate limits per IP address and per identity, counted in Django's cache.

SAMIZDAT_COMMENTS_RATE_LIMIT is "<count>/<seconds>" (default 5/60) or "off".
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _limit() -> tuple[int, int] | None:
    raw = settings.SAMIZDAT_COMMENTS_RATE_LIMIT
    if raw == "off":
        return None
    count, seconds = raw.split("/")
    return int(count), int(seconds)


def rate_limited(*identities: str) -> bool:
    """Count one comment for each identity; True when any is over the limit in this window."""
    limit = _limit()
    if limit is None:
        return False
    count, seconds = limit
    window = int(time.time() // seconds)
    over = False
    for identity in filter(None, identities):
        digest = hashlib.sha256(identity.casefold().encode()).hexdigest()[:32]
        key = f"samizdat:comment-rate:{digest}:{window}"
        cache.add(key, 0, timeout=seconds * 2)
        try:
            over |= cache.incr(key) > count
        except ValueError:  # evicted between add and incr: start again
            cache.set(key, 1, timeout=seconds * 2)
    return over
