"""Webmentions received and sent, each a row an administrator can read in the admin: what came
in or went out, what the worker made of it, and when it tries again."""

import secrets

from django.db import models
from django.utils import timezone


def _token() -> str:
    return secrets.token_urlsafe(18)


def save_if_current(row: models.Model) -> bool:
    """Save the worker's outcome unless the row was queued again meanwhile (an edit, a source
    sent again): then the newer round's task decides, and this one's result is dropped."""
    fields = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
    del fields[row._meta.pk.attname]
    return type(row).objects.filter(pk=row.pk, generation=row.generation).update(**fields) == 1


class Mention(models.Model):
    """A webmention received: `source` says it links to `target`, one of our public posts. The
    worker verifies it and keeps here what it found; the status page (`token`) shows it to the
    sender. One row per source and target: a source sent again is verified again."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be verified"
        ACCEPTED = "accepted", "Verified"
        REFUSED = "refused", "Refused"
        REMOVED = "removed", "Removed"

    class Kind(models.TextChoices):
        REPLY = "reply", "Reply"
        MENTION = "mention", "Mention"
        LIKE = "like", "Like"
        REPOST = "repost", "Repost"
        BOOKMARK = "bookmark", "Bookmark"

    source = models.URLField(max_length=1000)
    target = models.URLField(max_length=1000)
    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32, unique=True, default=_token, editable=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    # What the worker made of it, in a sentence for the sender (the status page shows it).
    reason = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, blank=True)
    # What it became here: a comment (reply, mention) or a reaction by `actor` (like, …).
    comment = models.ForeignKey(
        "comments.Comment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(
        max_length=1000, blank=True
    )  # the author as comments.remote knows them
    received_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    # When the worker should (next) verify it; None once done. A worker that died mid-way is
    # replaced by the housekeeping job once this has passed.
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Counts the times it was queued: a verification finishing after the source was sent again
    # keeps its result off the row (see `save_if_current`), and the newer one decides.
    generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="mention_unique"),
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("webmention:status", args=[self.token])


class Sending(models.Model):
    """A webmention this site sends (or sent) to a page a post links to — or linked to: an edit
    that removed the link, and a deletion, send again so the receiver can drop it."""

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to be sent"
        SENT = "sent", "Sent"
        NO_ENDPOINT = "no-endpoint", "No endpoint"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    # Null once the post is deleted: the row stays to send the deletion.
    post = models.ForeignKey(
        "posts.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.URLField(max_length=1000)  # the post's address when this was queued
    target = models.URLField(max_length=1000)
    # Whether the post, as last saved and public, links to target; False sends the removal.
    linked = models.BooleanField(default=True)
    # Whether the receiver has been told of the link at least once (so a removal is news).
    announced = models.BooleanField(default=False)
    state = models.CharField(max_length=12, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    generation = models.PositiveIntegerField(default=0, editable=False)  # as Mention's
    endpoint = models.URLField(max_length=1000, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    status_url = models.URLField(max_length=1000, blank=True)  # the receiver's Location, if any
    result = models.TextField(blank=True)  # what happened last, in a sentence
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "sendings"
        constraints = [
            models.UniqueConstraint(fields=["post", "target"], name="sending_unique"),
        ]
        indexes = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"
