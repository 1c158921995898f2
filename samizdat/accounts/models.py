from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class User(AbstractUser):
    """Someone who signs in: staff of the blog now, commenters with accounts later."""

    display_name = models.CharField(max_length=150, blank=True)
    bio = models.TextField(blank=True)

    @property
    def public_name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("posts:author", kwargs={"name": self.username})
