"""Every form that acts for someone needs Django's CSRF token: only the views listed here skip
the check, each for a stated reason with its own protection (tests/comments, tests/identity and
tests/publishing test those)."""

import pytest
from django.test import Client
from django.urls import get_resolver

pytestmark = pytest.mark.django_db

# The views that do not use Django's token, and what protects them instead.
EXEMPT = {
    # Guests' reply form: no cookie for readers, so no token; its signed stamp and the refusal
    # of cross-site POSTs protect it, and signed-in writers' POSTs are checked for the token.
    "samizdat.comments.views.comment_post",
    # Renewing the reply form's timing stamp (finding 17): it changes nothing and acts for no
    # one; a stamp only starts the clock for the address that asked, and is no-store.
    "samizdat.comments.views.stamp_renew",
    # One-click unsubscribe (RFC 8058): mail clients POST without a token; the signed link is
    # the credential, and all it can do is stop mail.
    "samizdat.comments.views.unsubscribe",
    # Confirming a follow-up subscription (double opt-in): the signed link from the mail is
    # the credential, and all it can do is start mail to the address the link was sent to.
    "samizdat.comments.views.subscription_confirm_view",
    # The webmention endpoint: other sites POST source and target by design; it acts for no
    # signed-in reader, and all it can do is queue a verification.
    "samizdat.webmention.views.endpoint",
    # allauth's Google One Tap endpoint: Google's own double-submit token, checked by allauth.
    "allauth.socialaccount.providers.google.views.View.as_view.<locals>.view",
    # The publishing API (tests/publishing): apps send no cookie and no token. The WordPress REST
    # API (Django REST framework views) and XML-RPC authenticate every request by an app
    # password, Micropub by a bearer token; a browser's session never counts there.
    *(
        f"samizdat.publishing.wp.{module}.View.as_view.<locals>.view"
        for module in ("comments", "index", "media", "pages", "posts", "taxonomy", "users")
    ),
    "drf_spectacular.views.View.as_view.<locals>.view",  # /wp-json/openapi.json, read only
    "samizdat.publishing.xmlrpc.views.endpoint",
    "samizdat.publishing.micropub.views.endpoint",
    "samizdat.publishing.micropub.views.media_endpoint",
    # IndieAuth: clients redeem codes with PKCE verifiers, not cookies; the consent form the
    # authorization endpoint shows a signed-in author checks Django's token itself.
    "samizdat.publishing.micropub.indieauth.token",
    "samizdat.publishing.micropub.indieauth.authorize",
}


def views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from views(pattern)
        else:
            yield pattern.callback


def test_only_the_known_views_skip_the_csrf_check():
    exempt = {
        f"{view.__module__}.{view.__qualname__}"
        for view in views()
        if getattr(view, "csrf_exempt", False)
    }
    assert exempt == EXEMPT


SIGNED_IN_FORMS = [
    "/admin/posts/post/add/",
    "/admin/media/image/add/",
    "/admin/core/sitesettings/add/",
    "/admin/comments/comment/moderation/",
    "/admin/privacy/",
    "/admin/logout/",
    "/accounts/logout/",
    "/accounts/password/change/",
    "/accounts/email/",
    "/accounts/2fa/totp/activate/",
    "/accounts/profile/delete/",
]
ANONYMOUS_FORMS = [
    "/admin/login/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]


@pytest.mark.parametrize("address", SIGNED_IN_FORMS)
def test_signed_in_forms_refuse_a_post_without_the_token(administrator, address):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    response = client.post(address, {"email": "someone@example.org", "action": "erase"})
    assert response.status_code == 403, address


@pytest.mark.parametrize("address", ANONYMOUS_FORMS)
def test_log_in_and_sign_up_forms_refuse_a_post_without_the_token(address):
    response = Client(enforce_csrf_checks=True).post(address, {"login": "x", "password": "y"})
    assert response.status_code == 403, address
