"""Comments under posts, their moderation settings, and follow-up subscriptions.

Writes go through comments.services; moderation rules live in comments.moderation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from samizdat.core.models import SettingsRow


class CommentQuerySet(models.QuerySet):
    def approved(self) -> "CommentQuerySet":
        return self.filter(status=Comment.Status.APPROVED, kind=Comment.Kind.COMMENT)

    def public(self) -> "CommentQuerySet":
        """Approved comments, pingbacks and trackbacks: what any reader may see."""
        return self.filter(status=Comment.Status.APPROVED).exclude(kind=Comment.Kind.NOTE)

    def by_identity(self, *, email: str = "", user=None, emails=()) -> "CommentQuerySet":
        match = Q(pk__in=[])
        for address in {email, *emails} - {""}:
            match |= Q(author_email__iexact=address)
        if user is not None and user.is_authenticated:
            match |= Q(user=user)
        return self.filter(match)


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        TRASH = "trash", "Trash"

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        PINGBACK = "pingback", "Pingback"
        TRACKBACK = "trackback", "Trackback"
        NOTE = "note", "Editorial note"  # WordPress 6.9 notes: imported, never public

    class Channel(models.TextChoices):
        """How the comment reached the site: one conversation, whatever the way in."""

        FORM = "form", "Reply form"  # a guest
        ACCOUNT = "account", "Signed in"  # a local account or an outside identity
        FEDIVERSE = "fediverse", "Fediverse"  # an ActivityPub reply
        WEBMENTION = "webmention", "Webmention"  # a reply on another site
        IMPORT = "import", "Imported"  # brought from another blog

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0, editable=False)  # 0 = top level
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField("name", max_length=100)
    author_email = models.EmailField("email", blank=True, db_index=True)
    # Whether the writer proved the address theirs (a confirmed account, or the proof cookie of
    # an earlier comment): only then does it count as theirs, and draw their picture.
    email_proved = models.BooleanField(default=False)
    author_url = models.URLField("website", max_length=200, blank=True)
    # How a signed-in writer signed in: an outside identity (allauth's SocialAccount.provider),
    # "local" for a password; "" for a guest. Shown as a small mark of the provider.
    identity_provider = models.CharField("signed in with", max_length=200, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.FORM)
    # A reply that lives elsewhere (fediverse, webmention): its canonical id there (an
    # ActivityPub object id, an h-entry's URL), the page a reader sees it on, and who wrote it
    # (an actor id or h-card URL), which is what moderation trusts and what may edit or delete it.
    remote_id = models.CharField(max_length=1000, blank=True, editable=False)
    remote_url = models.URLField(max_length=1000, blank=True, editable=False, db_index=True)
    remote_author = models.CharField(max_length=1000, blank=True, editable=False, db_index=True)
    # A remote author's picture, fetched once by the worker and kept here (a 96 px PNG).
    author_avatar = models.FileField(upload_to="avatars/remote/", blank=True, editable=False)

    body_source = models.TextField("comment")
    body_html = models.TextField(editable=False)  # sanitised, comment profile
    # Its number on the site it was imported from, when that is not its id here: the page then
    # carries an extra `comment-<legacy_id>` anchor so old `#comment-N` links still land on it.
    legacy_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The minimum the spam checks need; erased after a retention period (privacy).
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    # Why the comment was held or marked spam, for the moderation queue.
    moderation_reasons = models.JSONField(default=list, blank=True)
    spam_score = models.FloatField(null=True, blank=True)
    spam_reasons = models.JSONField(default=list, blank=True)
    # Which way the learning filter was last trained with this comment ("", "spam", "ham").
    trained_as = models.CharField(max_length=4, blank=True, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        permissions = [("moderate_comments", "Can moderate comments")]
        indexes = [models.Index(fields=["post", "status", "created_at"])]
        constraints = [
            # The same remote reply arriving twice (resent, or by two channels) is one comment.
            models.UniqueConstraint(
                fields=["remote_id"], condition=~Q(remote_id=""), name="comment_unique_remote_id"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.post}: {self.body_source[:40]}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"


class Reaction(models.Model):
    """A like, repost or bookmark of a post from elsewhere, counted once per actor."""

    class Kind(models.TextChoices):
        LIKE = "like", "Like"
        REPOST = "repost", "Repost"
        BOOKMARK = "bookmark", "Bookmark"

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Comment.Channel.choices)
    actor = models.CharField(max_length=1000, help_text="Who: an actor id or h-card URL.")
    actor_name = models.CharField(max_length=200, blank=True)
    actor_url = models.URLField(max_length=1000, blank=True)
    # What carried it (the Like activity's id, the webmention's source), to undo it by.
    source = models.CharField(max_length=1000, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "kind", "actor"], name="reaction_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.post} by {self.actor_name or self.actor}"


class Subscription(models.Model):
    """An email address that asked for follow-up comments on a post."""

    post = models.ForeignKey("posts.Post", on_delete=models.CASCADE, related_name="subscriptions")
    email = models.EmailField()
    comment = models.ForeignKey(Comment, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    active = models.BooleanField(default=True)  # False once unsubscribed: then never again
    # Double opt-in: follow-ups go only to a confirmed address (its owner clicked the link of
    # the confirmation mail, or proved it with their account); asked_at is when that mail went.
    confirmed = models.BooleanField(default=False)
    asked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "email"], name="subscription_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.post}"


class DiscussionSettings(SettingsRow):
    """How comments are moderated: WordPress's Discussion settings, one row, edited in the admin."""

    cache_key = "samizdat:discussion-settings"

    class BlockAction(models.TextChoices):
        SPAM = "spam", "Mark as spam"
        TRASH = "trash", "Move to trash"

    thread_depth = models.PositiveSmallIntegerField(
        default=5,
        help_text="Replies nest this many levels deep; deeper replies attach at the deepest level.",
    )
    close_after_days = models.PositiveIntegerField(
        default=0, help_text="Close comments on posts older than this many days (0: never)."
    )
    require_name_email = models.BooleanField(
        "comment author must fill out name and email", default=True
    )
    hold_first_comment = models.BooleanField(
        "hold a comment unless its author has an approved comment", default=True
    )
    max_links = models.PositiveSmallIntegerField(
        default=2, help_text="Hold a comment with more links than this."
    )
    min_seconds = models.PositiveSmallIntegerField(
        default=3, help_text="Hold a comment sent sooner than this after its form loaded."
    )
    hold_list = models.TextField(
        blank=True,
        help_text="One per line: a word, name, email, URL or IP range (CIDR). "
        "A comment matching any is held for moderation.",
    )
    block_list = models.TextField(
        blank=True, help_text="Same form; a comment matching any is not published at all."
    )
    block_action = models.CharField(
        max_length=5, choices=BlockAction.choices, default=BlockAction.SPAM
    )
    spam_threshold = models.FloatField(
        default=0.9, help_text="The learning filter marks spam at or above this score (0–1)."
    )
    notify_author = models.BooleanField(
        "email post authors about new and held comments", default=True
    )

    class Meta:
        verbose_name = verbose_name_plural = "discussion settings"

    def __str__(self) -> str:
        return "Discussion settings"


def discussion_settings_changed() -> None:
    DiscussionSettings.changed()
