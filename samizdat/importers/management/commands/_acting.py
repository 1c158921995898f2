"""Who an import or export acts as: `--as USERNAME`, or the first active superuser."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username: str | None):
    users = get_user_model().objects
    if username:
        user = users.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        return user
    user = users.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError(
            "No administrator to act as: run `samizdat serve` once (it creates one), "
            "`samizdat createsuperuser`, or pass --as USERNAME."
        )
    return user
