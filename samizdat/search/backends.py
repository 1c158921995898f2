"""The two full-text engines behind samizdat.search, chosen by the database in use.

Both answer the same three questions about a parsed query — how many visible posts match,
which ones rank best on a page, and what their titles and snippets look like with the
matches marked — and both filter by `Post.objects.published()` when asked, not only when
indexing, because a scheduled post becomes public at its time with no write happening.

The SQL below is assembled from this module's own fragments and the ORM's SQL for the
visibility rule; whatever a reader typed only ever travels as a query parameter.
"""

import logging
from typing import Protocol

from django.db import DatabaseError, connection

from samizdat.posts.models import Post
from samizdat.search.query import ParsedQuery
from samizdat.search.text import MARK_END, MARK_START

logger = logging.getLogger(__name__)

SNIPPET_WORDS = 32
Marked = dict[int, tuple[str, str]]  # post id → (title, snippet), matches between marks


class Backend(Protocol):
    def count(self, query: ParsedQuery) -> int: ...

    def ranked(self, query: ParsedQuery, *, offset: int, limit: int) -> list[int]: ...

    def marked(self, query: ParsedQuery, ids: list[int]) -> Marked: ...

    def refresh(self) -> None: ...


def search_backend() -> Backend:
    engines = {"sqlite": SqliteBackend, "postgresql": PostgresBackend}
    return engines[connection.vendor]()


def _visible_ids() -> tuple[str, tuple]:
    """SQL selecting the ids of the posts anyone may read right now (the one rule, reused)."""
    return Post.objects.published().order_by().values("pk").query.sql_with_params()


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class SqliteBackend:
    """SQLite FTS5 (`search_fts`, unicode61 tokenizer, diacritics removed), ranked by BM25."""

    RANK = "bm25(search_fts, 10.0, 1.0)"  # a match in the title counts ten times
    # "+rowid": the unary plus keeps SQLite from handing the visibility list to FTS5, which
    # would run the full-text query once per visible post (100× slower at 10,000 posts).

    def count(self, query: ParsedQuery) -> int:
        visible, params = _visible_ids()
        sql = (
            "SELECT count(*) FROM search_fts "  # noqa: S608
            f"WHERE search_fts MATCH %s AND +rowid IN ({visible})"
        )
        rows = self._safely(sql, [query.fts5(), *params])
        return rows[0][0] if rows else 0

    def ranked(self, query: ParsedQuery, *, offset: int, limit: int) -> list[int]:
        visible, params = _visible_ids()
        sql = (
            "SELECT rowid FROM search_fts "  # noqa: S608
            f"WHERE search_fts MATCH %s AND +rowid IN ({visible}) "
            f"ORDER BY {self.RANK}, rowid DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in self._safely(sql, [query.fts5(), *params, limit, offset])]

    def marked(self, query: ParsedQuery, ids: list[int]) -> Marked:
        if not ids:
            return {}
        sql = (
            "SELECT rowid, highlight(search_fts, 0, %s, %s), "  # noqa: S608
            "snippet(search_fts, 1, %s, %s, %s, %s) FROM search_fts "
            f"WHERE search_fts MATCH %s AND rowid IN ({', '.join(['%s'] * len(ids))})"
        )
        marks = [MARK_START, MARK_END]
        params = [*marks, *marks, "…", SNIPPET_WORDS, query.fts5(), *ids]
        return {row[0]: (row[1] or "", row[2] or "") for row in self._safely(sql, params)}

    def refresh(self) -> None:
        """Rebuild the word index from the stored text, then merge it into one segment."""
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")

    @staticmethod
    def _safely(sql: str, params: list) -> list[tuple]:
        """Every term is quoted, so FTS5 should never refuse a query; if it does, no results.

        No savepoint around it: on SQLite a failed statement leaves the transaction usable,
        and atomic() would BEGIN IMMEDIATE, taking the write lock for a read.
        """
        try:
            return _rows(sql, params)
        except DatabaseError:
            logger.warning("FTS5 refused a search query", exc_info=True)
            return []


class PostgresBackend:
    """PostgreSQL full-text search: `document` tsvector (title weighted A, body B), GIN index."""

    TSQUERY = "websearch_to_tsquery('samizdat_search', %s)"
    TITLE_OPTIONS = f"HighlightAll=true, StartSel={MARK_START}, StopSel={MARK_END}"
    SNIPPET_OPTIONS = (
        f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords={SNIPPET_WORDS}, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )

    @staticmethod
    def text(column: str) -> str:
        """The column as the index reads it: "<" and ">" swapped as in migration 0001."""
        return f"translate({column}, '<>', chr(4) || chr(5))"

    def count(self, query: ParsedQuery) -> int:
        visible, params = _visible_ids()
        sql = (
            "SELECT count(*) FROM search_searchdocument "  # noqa: S608
            f"WHERE document @@ {self.TSQUERY} AND post_id IN ({visible})"
        )
        return _rows(sql, [query.websearch(), *params])[0][0]

    def ranked(self, query: ParsedQuery, *, offset: int, limit: int) -> list[int]:
        visible, params = _visible_ids()
        sql = (
            f"SELECT post_id FROM search_searchdocument, {self.TSQUERY} AS q "  # noqa: S608
            f"WHERE document @@ q AND post_id IN ({visible}) "
            "ORDER BY ts_rank_cd(document, q) DESC, post_id DESC LIMIT %s OFFSET %s"
        )
        return [row[0] for row in _rows(sql, [query.websearch(), *params, limit, offset])]

    def marked(self, query: ParsedQuery, ids: list[int]) -> Marked:
        if not ids:
            return {}
        sql = (
            "SELECT post_id, "  # noqa: S608
            f"ts_headline('samizdat_search', {self.text('title')}, q, %s), "
            f"ts_headline('samizdat_search', {self.text('body')}, q, %s) "
            f"FROM search_searchdocument, {self.TSQUERY} AS q WHERE post_id = ANY(%s)"
        )
        params = [self.TITLE_OPTIONS, self.SNIPPET_OPTIONS, query.websearch(), ids]
        return {row[0]: (row[1], row[2]) for row in _rows(sql, params)}

    def refresh(self) -> None:
        """Nothing to do: the tsvector is a generated column, always in step."""
