from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class User(AbstractUser):
    """Someone who signs in: staff of the blog, or a commenter with a local account or an
    outside identity (allauth's SocialAccount rows hang off this)."""

    display_name = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True)
    # The picture from the reader's outside identity, fetched once and kept here (a PNG).
    avatar = models.FileField(upload_to="avatars/", blank=True, editable=False)
    avatar_source = models.URLField(max_length=1000, blank=True, editable=False)

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("posts:author", kwargs={"name": self.username})
