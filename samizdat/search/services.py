"""Search: the one interface. Keep the index current, rebuild it, and answer queries.

`search_index_post` runs on every `posts.signals.post_changed` (SearchConfig.ready), so the index
follows saves, publishing and unpublishing; a deleted post takes its index row with it
(the row's foreign key cascades, and the database drops the words with the row).
"""

from dataclasses import dataclass
from itertools import islice

from django.db import transaction
from django.utils.safestring import SafeString

from samizdat.core.models import SiteSettings
from samizdat.posts.models import PUBLIC_STATUSES, Post
from samizdat.search.backends import search_backend
from samizdat.search.models import SearchDocument
from samizdat.search.query import normalise_query, parse_query
from samizdat.search.text import document_fields, marked_html

REBUILD_BATCH = 500


# ── the index ────────────────────────────────────────────────────────────────────────────


def _document(post: Post) -> SearchDocument:
    fields = document_fields(title=post.title, excerpt=post.excerpt, body_html=post.body_html)
    return SearchDocument(post=post, **fields)


def search_index_post(*, post: Post) -> None:
    """Index `post` while it is public or scheduled; drop it from the index otherwise.

    Scheduled posts are indexed ahead of their time: queries only find what
    `Post.objects.published()` lets through at the moment they run.
    """
    if post.status not in PUBLIC_STATUSES:
        SearchDocument.objects.filter(post=post).delete()
        return
    document = _document(post)
    SearchDocument.objects.update_or_create(
        post=post, defaults={"title": document.title, "body": document.body}
    )


@transaction.atomic
def search_index_rebuild() -> int:
    """Index every public and scheduled post afresh; the number indexed."""
    SearchDocument.objects.all().delete()
    posts = Post.objects.filter(status__in=PUBLIC_STATUSES).only(
        "pk", "title", "excerpt", "body_html"
    )
    rows, count = posts.order_by("pk").iterator(chunk_size=REBUILD_BATCH), 0
    while batch := [_document(post) for post in islice(rows, REBUILD_BATCH)]:
        SearchDocument.objects.bulk_create(batch)
        count += len(batch)
    search_backend().refresh()
    return count


# ── queries ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class SearchHit:
    post: Post
    title: SafeString  # escaped, matches in <mark>
    snippet: SafeString  # escaped, matches in <mark>


@dataclass(frozen=True)
class SearchResults:
    query: str  # as the reader typed it, cleaned: safe to show back (autoescaped)
    hits: list[SearchHit]
    total: int
    number: int  # this page, from 1
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


def search_posts(query: str, *, page: int = 1, per_page: int | None = None) -> SearchResults:
    """Posts an anonymous reader may see that match `query`, best first, one page of them.

    Any string is a valid query: quotes, operators, NUL bytes and huge inputs give a page of
    results or none, never an error. A page past the end is simply empty.
    """
    per_page = per_page or SiteSettings.load().posts_per_page
    page = max(1, page)
    parsed = parse_query(query)
    shown = normalise_query(query)
    if not parsed:
        return SearchResults(query=shown, hits=[], total=0, number=page, per_page=per_page)
    backend = search_backend()
    total = backend.count(parsed)
    offset = (page - 1) * per_page
    ids = backend.ranked(parsed, offset=offset, limit=per_page) if offset < total else []
    return SearchResults(
        query=shown,
        hits=_hits(backend.marked(parsed, ids), ids),
        total=total,
        number=page,
        per_page=per_page,
    )


def _hits(marked: dict[int, tuple[str, str]], ids: list[int]) -> list[SearchHit]:
    # By primary key, then Post.is_public (published()'s rule in Python): filtering in SQL
    # here makes SQLite walk the status index instead of fetching ten rows.
    posts = Post.objects.for_listing().in_bulk(ids)
    return [
        SearchHit(post=post, title=marked_html(marked[pk][0]), snippet=marked_html(marked[pk][1]))
        for pk in ids
        if (post := posts.get(pk)) and post.is_public and pk in marked
    ]
