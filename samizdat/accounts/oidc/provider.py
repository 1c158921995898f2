import secrets

from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider as AllauthOpenIDConnectProvider,
)
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProviderAccount,
)

from samizdat.accounts.oidc.views import NonceCheckingAdapter


class ProviderAccount(OpenIDConnectProviderAccount):
    def get_avatar_url(self) -> str | None:
        data = self.get_user_data() or {}
        return data.get("picture") or None


class OpenIDConnectProvider(AllauthOpenIDConnectProvider):
    account_class = ProviderAccount
    oauth2_adapter_class = NonceCheckingAdapter
    pkce_enabled_default = True

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        auth_params = dict(self.get_auth_params() if auth_params is None else auth_params)
        auth_params["nonce"] = nonce
        # allauth keeps extra keyword arguments in the server-side state, next to PKCE's verifier.
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


provider_classes = [OpenIDConnectProvider]
