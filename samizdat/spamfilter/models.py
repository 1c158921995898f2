"""What the filter has learned: how many spam and ham documents held each feature, and how many
documents of each kind it was trained on. Counts only ever change through spamfilter.services."""

from django.db import models

MAX_FEATURE_LENGTH = 100


class Token(models.Model):
    """A feature ("casino", "url:cheap-pills.example", "links:3+") and the documents holding it."""

    feature = models.CharField(max_length=MAX_FEATURE_LENGTH, unique=True)
    spam_count = models.PositiveIntegerField("in spam", default=0)
    ham_count = models.PositiveIntegerField("in ham", default=0)

    class Meta:
        ordering = ["feature"]

    def __str__(self) -> str:
        return self.feature


class Corpus(models.Model):
    """The one row counting trained documents: the denominators of every token's counts."""

    # Always 1: a fixed key lets concurrent trainers create the row without duplicating it.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    spam_documents = models.PositiveIntegerField("spam trained", default=0)
    ham_documents = models.PositiveIntegerField("ham trained", default=0)

    class Meta:
        verbose_name = "training"
        verbose_name_plural = "training"

    def __str__(self) -> str:
        return f"{self.spam_documents} spam and {self.ham_documents} ham trained"
