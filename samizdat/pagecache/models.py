"""Which rendered pages are stored, and what each depends on, so changes drop exactly them."""

from django.db import models


class CachedPage(models.Model):
    path = models.CharField(max_length=1000, unique=True)  # the request path, decoded
    file = models.CharField(max_length=1100)  # relative to the page-cache folder
    stored_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.path


class CachedPageTag(models.Model):
    """One dependency of a cached page: "site", "posts", "post:12", "comments:12", …"""

    page = models.ForeignKey(CachedPage, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "tag"], name="pagecache_tag_once")]

    def __str__(self) -> str:
        return self.tag


class TagInvalidation(models.Model):
    """When each tag was last invalidated: a page rendered before that must not be stored."""

    tag = models.CharField(max_length=100, unique=True)
    at = models.FloatField()  # time.time()

    def __str__(self) -> str:
        return self.tag


class ScheduledExpiry(models.Model):
    """A tag to invalidate at a time no write marks: a scheduled post going public."""

    tag = models.CharField(max_length=100)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.tag} at {self.at}"
