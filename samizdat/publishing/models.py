"""Credentials that writing apps publish with: application passwords (WordPress REST API and
XML-RPC) and IndieAuth codes and tokens (Micropub). Writes go through publishing.services.

Secrets are stored as SHA-256 digests, not with Django's slow password hashers: each is 24 or
more random characters made here (over 140 bits), which no one can guess, and a digest can be
looked up by index on every API request, where PBKDF2 would cost a third of a second each time.
"""

import uuid

from django.conf import settings
from django.db import models


class AppPassword(models.Model):
    """A named, revocable password one app uses for one user, as WordPress has them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="app_passwords"
    )
    name = models.CharField(max_length=200)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="app_password_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class AuthorizationCode(models.Model):
    """An IndieAuth authorization code: one use, minutes long, bound to its PKCE challenge."""

    digest = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client_id = models.URLField(max_length=500)
    redirect_uri = models.URLField(max_length=1000)
    scope = models.CharField(max_length=500, blank=True)
    code_challenge = models.CharField(max_length=128)
    code_challenge_method = models.CharField(max_length=10, default="S256")
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"code for {self.client_id}"


class AccessToken(models.Model):
    """A bearer token a Micropub client got from samizdat's token endpoint."""

    digest = models.CharField(max_length=64, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    client_id = models.URLField(max_length=500)
    scope = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"token for {self.client_id} ({self.user})"

    @property
    def scopes(self) -> set[str]:
        return set(self.scope.split())
