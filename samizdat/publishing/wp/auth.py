"""HTTP Basic with an application password: the only way in to the REST API and XML-RPC."""

from rest_framework.authentication import BaseAuthentication

from samizdat.publishing.services import (
    CredentialRefused,
    app_password_authenticate,
    basic_credentials,
)
from samizdat.publishing.wp.errors import WPError


def client_ip(request) -> str:
    # REMOTE_ADDR only, as for comments: a front server sets it (docs/deploy).
    return request.META.get("REMOTE_ADDR", "")


def user_from_basic(request):
    """The user an `Authorization: Basic` header names, None without one; CredentialRefused
    for a wrong, revoked or unusable app password."""
    credentials = basic_credentials(request.META.get("HTTP_AUTHORIZATION", ""))
    if credentials is None:
        return None
    username, password = credentials
    return app_password_authenticate(
        username=username, password=password, ip=client_ip(request), secure=request.is_secure()
    )


class AppPasswordAuthentication(BaseAuthentication):
    def authenticate(self, request):
        try:
            user = user_from_basic(request._request)
        except CredentialRefused as refused:
            raise WPError(refused.code, refused.message, refused.status) from None
        return None if user is None else (user, None)

    def authenticate_header(self, request) -> str:
        return 'Basic realm="samizdat"'
