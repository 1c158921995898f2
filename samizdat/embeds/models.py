from django.db import models


class Embed(models.Model):
    """What samizdat knows about one embeddable thing (a video, a post elsewhere), shared by
    every body that links to it: fetched once by the worker, shown from here ever after."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for the worker"
        DONE = "done", "Fetched"
        FAILED = "failed", "Could not be fetched"

    key = models.CharField(max_length=300, unique=True)  # "youtube:<id>", "mastodon:<host>/<id>"
    provider = models.CharField(max_length=20)
    url = models.URLField(max_length=2000)  # the first address it was seen at
    title = models.CharField(max_length=500, blank=True)
    author_name = models.CharField(max_length=300, blank=True)
    text = models.TextField(blank=True)  # a post's words, as plain text
    frame_url = models.URLField(max_length=2000, blank=True)  # a player found by the worker
    # A clean copy made here (media.services' rules: re-encoded, no metadata), never hotlinked.
    thumbnail = models.ImageField(
        upload_to="embeds/",
        blank=True,
        width_field="thumbnail_width",
        height_field="thumbnail_height",
    )
    thumbnail_width = models.PositiveIntegerField(default=0, editable=False)
    thumbnail_height = models.PositiveIntegerField(default=0, editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    fetched_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.title or self.key
