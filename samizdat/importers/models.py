"""What an import brought in, and from where: the mapping that makes imports idempotent.

Posts, pages and comments know nothing of WordPress. One `ImportedItem` row per author, term,
post, page and attachment of an export (a post's row lists its comments too) remembers its id
and guid on the old site, the samizdat object it became and a checksum of what the export
said, so a second import of the same file changes nothing and a newer export updates only what
changed. Old addresses such as `/?p=123` are answered by posts (`posts.LegacyAddress`), which an
import records.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ImportedItem(models.Model):
    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        PAGE = "page", "Page"
        ATTACHMENT = "attachment", "Attachment"

    # The exporting site's address without scheme or "www.", e.g. "example.org/blog".
    site = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    source_id = models.BigIntegerField(
        null=True, blank=True, help_text="Its id on the old site (post, term, comment or user id)."
    )
    # The other stable name it had: a post's guid, an author's login, a term's slug.
    guid = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.BigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    checksum = models.CharField(max_length=64, blank=True)
    old_path = models.CharField(max_length=1000, blank=True, help_text="Its address there.")
    # Attachments kept where they were (no file under --media-dir): the original file's URL.
    source_url = models.CharField(max_length=1000, blank=True)
    # A post's comments: {"<id on the old site>": [<comment id here>, "<checksum>"]}. One row
    # per post rather than per comment: 100,000 comments are 10,000 rows, read with the post.
    comments = models.JSONField(default=dict, blank=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "source_id"], name="imported_item_unique_source_id"
            ),
        ]
        indexes = [
            models.Index(fields=["site", "kind", "guid"]),
            models.Index(fields=["source_id", "kind"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.kind} {self.source_id or self.guid}"
