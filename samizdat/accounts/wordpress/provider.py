from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from samizdat.accounts.wordpress.views import WordPressOAuth2Adapter


class WordPressAccount(ProviderAccount):
    def get_profile_url(self) -> str | None:
        return self.account.extra_data.get("profile_URL")

    def get_avatar_url(self) -> str | None:
        return self.account.extra_data.get("avatar_URL")

    def to_str(self) -> str:
        data = self.account.extra_data
        return data.get("display_name") or data.get("username") or super().to_str()


class WordPressProvider(OAuth2Provider):
    id = "wordpress"
    name = "WordPress.com"
    account_class = WordPressAccount
    oauth2_adapter_class = WordPressOAuth2Adapter

    def get_default_scope(self) -> list[str]:
        return ["auth"]  # /me: name, username, email, picture

    def extract_uid(self, data: dict) -> str:
        return str(data["ID"])

    def extract_common_fields(self, data: dict) -> dict:
        return {
            "username": data.get("username"),
            "email": data.get("email"),
            "name": data.get("display_name"),
        }

    def extract_email_addresses(self, data: dict) -> list:
        from allauth.account.models import EmailAddress

        if not data.get("email"):
            return []
        verified = bool(data.get("email_verified"))
        return [EmailAddress(email=data["email"], verified=verified, primary=True)]


provider_classes = [WordPressProvider]
