"""The search index's rows: one per post an anonymous reader may find (or soon may).

The full-text structures live beside this table and are kept by the database itself
(migration 0001): on SQLite an FTS5 table with triggers on this one; on PostgreSQL a
generated `document` tsvector column with a GIN index. A migration that makes Django rebuild
this table on SQLite must create those triggers again.
"""

from django.db import models

from samizdat.posts.models import Post


class SearchDocument(models.Model):
    post = models.OneToOneField(
        Post, primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title = models.TextField()
    body = models.TextField(blank=True)  # plain text: excerpt and body, without markup

    def __str__(self) -> str:
        return self.title
