"""The page cache: rendered anonymous pages kept as files, dropped exactly when what they show
changes.

Views declare what a page depends on (`depends(request, "post:12", "comments:12")`); services
call `page_cache_invalidate("comments:12")` after their transaction commits. Pages live as
files under DATA_DIR/page-cache/<path>/index.html (.rss, .atom, .xml, .json for feeds), with
.gz and .br siblings, so a front server can send them without asking samizdat at all
(`samizdat nginx-config`); samizdat's own middleware serves them the same way.
"""

import gzip
import os
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from samizdat.pagecache.models import CachedPage, CachedPageTag, ScheduledExpiry, TagInvalidation

try:
    import brotli
except ImportError:  # pragma: no cover - brotli comes with whitenoise[brotli]
    brotli = None

SITE = "site"  # every cached page depends on the site's settings, menu and theme
EXTENSIONS = {
    "text/html": "html",
    "application/rss+xml": "rss",
    "application/atom+xml": "atom",
    "application/xml": "xml",
    "application/feed+json": "json",
}
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "xml": "application/xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}


def enabled() -> bool:
    return settings.SAMIZDAT_PAGE_CACHE


def root() -> Path:
    return Path(settings.DATA_DIR) / "page-cache"


def depends(request: HttpRequest, *tags: str) -> None:
    """Mark the page being rendered as cacheable, depending on `tags` (and the site)."""
    recording = getattr(request, "_pagecache", None)
    if recording is not None:
        recording.update(tags)


def relative_file(path: str, extension: str) -> str | None:
    """Where a path's page is stored, or None for a path that must never become a file name."""
    if not path.startswith("/") or not path.endswith("/") or len(path) > 900:
        return None
    parts = [p for p in path.split("/") if p]
    if any(p in {".", ".."} or "\\" in p or "\x00" in p or p.startswith(".") for p in parts):
        return None
    return "/".join([*parts, f"index.{extension}"])


def _write(target: Path, data: bytes) -> None:
    # Named per process *and* thread: a server's threads may store the same page at once.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)  # readers see the old file or the new one, never half of one


def _invalidated_since(tags: set[str], started: float) -> bool:
    return TagInvalidation.objects.filter(tag__in=tags, at__gte=started).exists()


def page_store(
    *, path: str, content: bytes, content_type: str, tags: set[str], started: float
) -> bool:
    """Keep a rendered page unless something it depends on changed while it was rendered."""
    extension = EXTENSIONS.get(content_type.split(";")[0].strip())
    relative = relative_file(path, extension) if extension else None
    tags = tags | {SITE}
    if relative is None or _invalidated_since(tags, started):
        return False
    target = root() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    _write(target, content)
    _write(target.with_name(target.name + ".gz"), gzip.compress(content, 6, mtime=0))
    if brotli is not None:
        _write(target.with_name(target.name + ".br"), brotli.compress(content, quality=5))
    try:
        with transaction.atomic():
            page, _ = CachedPage.objects.update_or_create(path=path, defaults={"file": relative})
            CachedPageTag.objects.bulk_create(
                [CachedPageTag(page=page, tag=tag) for tag in tags], ignore_conflicts=True
            )
    except IntegrityError:  # another process stored the same page at the same moment
        pass
    if _invalidated_since(tags, started):  # lost a race with an invalidation: undo
        _unlink(relative)
        return False
    _evict()
    return True


def _evict() -> None:
    """Keep at most SAMIZDAT_PAGE_CACHE_MAX_PAGES pages: past it, the oldest stored tenth go
    (a stored page is only a copy; it is rendered again when next asked for)."""
    limit = settings.SAMIZDAT_PAGE_CACHE_MAX_PAGES
    excess = CachedPage.objects.count() - limit
    if excess <= 0:
        return
    oldest = list(
        CachedPage.objects.order_by("stored_at", "pk").values_list("pk", "file")[
            : excess + limit // 10
        ]
    )
    for _, relative in oldest:
        _unlink(relative)
    CachedPage.objects.filter(pk__in=[pk for pk, _ in oldest]).delete()


def _unlink(relative: str) -> None:
    target = root() / relative
    for name in (
        target,
        target.with_name(target.name + ".gz"),
        target.with_name(target.name + ".br"),
    ):
        name.unlink(missing_ok=True)


def page_cache_invalidate(*tags: str) -> int:
    """Drop every stored page that depends on any of `tags`; returns how many."""
    _record(tags, time.time())
    return _drop_pages(tags)


def _record(tags, at: float) -> None:
    """Pages depending on `tags` whose render began before `at` are not stored (page_store)."""
    unique = sorted(set(tags))
    for start in range(0, len(unique), 500):  # databases cap the parameters of one query
        TagInvalidation.objects.bulk_create(
            [TagInvalidation(tag=tag, at=at) for tag in unique[start : start + 500]],
            update_conflicts=True,
            unique_fields=["tag"],
            update_fields=["at"],
        )


def _drop_pages(tags) -> int:
    dropped, unique = 0, sorted(set(tags))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        doomed = list(
            CachedPage.objects.filter(tags__tag__in=chunk).values_list("pk", "file").distinct()
        )
        for _, relative in doomed:
            _unlink(relative)
        ids = [pk for pk, _ in doomed]
        if ids:
            CachedPageTag.objects.filter(page_id__in=ids).delete()
            CachedPage.objects.filter(pk__in=ids).delete()
        dropped += len(ids)
    return dropped


# How long a short transaction may stay open after invalidate_in_transaction (see there).
TRANSACTION_SLACK = 2.0


def invalidate_in_transaction(*tags: str) -> None:
    """For short transactions on a hot path (a reader's comment): the invalidation is written in
    the caller's transaction, so SQLite's one writer is taken once, and the stored pages are
    dropped once it commits.

    A page rendered while the transaction is open reads the old rows, yet the record is not
    visible to it until the commit. So the record is dated TRANSACTION_SLACK seconds ahead:
    page_store refuses any page of these tags whose render began before then, which covers
    every render that could have read the old rows if the caller commits within the slack.
    Long transactions (an import) use invalidate_on_commit instead."""
    if not enabled():
        return
    _record(tags, time.time() + TRANSACTION_SLACK)
    transaction.on_commit(lambda: _drop_pages(tags))


class _Batch:
    """The tags one transaction invalidates, dropped together once it commits."""

    def __init__(self):
        self.tags: set[str] = set()

    def flush(self) -> None:
        if getattr(_pending, "batch", None) is self:
            _pending.batch = None
        page_cache_invalidate(*self.tags)


_pending = threading.local()


def invalidate_on_commit(*tags: str) -> None:
    """Invalidate once the current transaction commits (at once outside one). Calls within one
    transaction share one invalidation: an import saving thousands of posts does it once."""
    if not enabled():
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        page_cache_invalidate(*tags)
        return
    batch = getattr(_pending, "batch", None)
    # A rolled-back savepoint discards its callbacks: then this batch is gone, start another.
    if batch is None or not any(entry[1] == batch.flush for entry in connection.run_on_commit):
        batch = _pending.batch = _Batch()
        transaction.on_commit(batch.flush)
    batch.tags.update(tags)


def page_cache_clear() -> None:
    page_cache_invalidate(SITE)


def expire_at(*, tag: str, when: datetime) -> None:
    """Invalidate `tag` at `when` — for what becomes visible with no write (scheduled posts)."""
    if when > timezone.now():
        ScheduledExpiry.objects.get_or_create(tag=tag, at=when)


def expire_due() -> int:
    due = list(ScheduledExpiry.objects.filter(at__lte=timezone.now()))
    if due:
        page_cache_invalidate(*{d.tag for d in due})
        ScheduledExpiry.objects.filter(pk__in=[d.pk for d in due]).delete()
    return len(due)


def purge_older_than(seconds: float) -> int:
    """Drop pages stored longer ago than `seconds` (their form stamps age; see FORM_MAX_AGE)."""
    cutoff = timezone.now() - timedelta(seconds=seconds)
    old = list(CachedPage.objects.filter(stored_at__lt=cutoff).values_list("pk", "file"))
    for _, relative in old:
        _unlink(relative)
    CachedPage.objects.filter(pk__in=[pk for pk, _ in old]).delete()
    return len(old)
