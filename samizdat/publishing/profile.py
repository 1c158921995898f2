"""The app-password section of a writer's own page (accounts.profile registers it)."""

from django.http import HttpRequest

from samizdat.core.siteurl import absolute
from samizdat.publishing.models import AppPassword


def app_passwords_context(request: HttpRequest) -> dict:
    user = request.user
    return {
        # Only people with a role write; a commenter's page has no use for app passwords.
        "shown": user.is_staff,
        "app_passwords": AppPassword.objects.filter(user=user) if user.is_staff else [],
        "site_url": absolute("/"),
    }
