"""Outside identities: the presets samizdat ships, and the ones an administrator switched on.

A provider is switched on by adding its app (client ID and secret from the provider's developer
console) under *Social applications* in the admin; the presets there say where to register and
which callback address to give. Only switched-on providers show an icon in the reply form.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.templatetags.static import static

_CACHE_KEY = "samizdat:identity-providers"
LOCAL = "local"  # Comment.identity_provider for a local account (and "" for a guest)


@dataclass(frozen=True)
class Preset:
    provider: str  # django-allauth's provider id
    name: str
    icon: str  # under static/accounts/icons/
    console: str  # where an administrator registers samizdat as an app
    steps: str


PRESETS = [
    Preset(
        "github",
        "GitHub",
        "github.svg",
        "https://github.com/settings/developers",
        "New OAuth App; Authorization callback URL: the address below.",
    ),
    Preset(
        "google",
        "Google",
        "google.svg",
        "https://console.cloud.google.com/apis/credentials",
        "Create credentials › OAuth client ID › Web application; "
        "Authorized redirect URI: the address below.",
    ),
    Preset(
        "facebook",
        "Facebook",
        "facebook.svg",
        "https://developers.facebook.com/apps/",
        "Create an app with Facebook Login; Valid OAuth Redirect URI: the address below.",
    ),
    Preset(
        "twitter_oauth2",
        "X",
        "x.svg",
        "https://developer.x.com/en/portal/dashboard",
        "User authentication settings › OAuth 2.0, Web App; Callback URI: the address below.",
    ),
    Preset(
        "wordpress",
        "WordPress.com",
        "wordpress.svg",
        "https://developer.wordpress.com/apps/",
        "Create an application; Redirect URL: the address below.",
    ),
    Preset(
        "openid_connect",
        "OpenID Connect",
        "openid.svg",
        "",
        "Any OpenID Connect provider (Keycloak, Authentik, Zitadel, a university's…): give it a "
        "short Provider ID (used in addresses), and Settings "
        '{"server_url": "https://id.example.org"}; redirect URI: the address below.',
    ),
]
PRESETS_BY_ID = {preset.provider: preset for preset in PRESETS}
_ORDER = {preset.provider: i for i, preset in enumerate(PRESETS)}


@dataclass(frozen=True)
class ProviderChoice:
    id: str  # what SocialAccount.provider holds: the app's provider_id, else the provider's id
    provider: str  # django-allauth's provider id
    name: str
    icon: str  # a static URL on this site

    @property
    def is_oidc(self) -> bool:
        return self.provider == "openid_connect"


def _icon(provider: str) -> str:
    preset = PRESETS_BY_ID.get(provider)
    return static(f"accounts/icons/{preset.icon if preset else 'generic.svg'}")


def _load() -> list[ProviderChoice]:
    from allauth.socialaccount.models import SocialApp
    from allauth.socialaccount.providers import registry

    choices, seen = [], set()
    for app in SocialApp.objects.order_by("pk"):
        provider_class = registry.get_class(app.provider)
        identity = app.provider_id or app.provider
        if provider_class is None or not provider_class.supports_redirect:
            continue  # not installed, or not a redirect flow the reply form can start
        if identity in seen or (app.provider == "openid_connect" and not app.provider_id):
            continue  # a second app for the same provider, or one it could not address
        seen.add(identity)
        choices.append(
            ProviderChoice(
                id=identity,
                provider=app.provider,
                name=app.name or provider_class.name,
                icon=_icon(app.provider),
            )
        )
    choices.sort(key=lambda c: (_ORDER.get(c.provider, len(_ORDER)), c.name.casefold()))
    return choices


def configured_providers() -> list[ProviderChoice]:
    """The switched-on providers, in the presets' order; cached until an app changes."""
    found = cache.get(_CACHE_KEY)
    if found is None:
        found = _load()
        cache.set(_CACHE_KEY, found, timeout=None)
    return found


def provider_choice(identity: str) -> ProviderChoice | None:
    """The provider a comment or a session names, still configured or not."""
    if not identity or identity == LOCAL:
        return None
    for choice in configured_providers():
        if choice.id == identity:
            return choice
    from allauth.socialaccount.providers import registry

    provider_class = registry.get_class(identity)
    preset = PRESETS_BY_ID.get(identity)
    name = preset.name if preset else getattr(provider_class, "name", identity)
    return ProviderChoice(id=identity, provider=identity, name=name, icon=_icon(identity))


def providers_changed(**kwargs) -> None:
    """A provider was switched on, changed or off: the reply forms on every page change."""
    cache.delete(_CACHE_KEY)
    from samizdat.pagecache.services import SITE, invalidate_on_commit

    invalidate_on_commit(SITE)
