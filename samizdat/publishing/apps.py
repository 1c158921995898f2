from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Writing apps publish here: WordPress REST API, XML-RPC and Micropub."""

    name = "samizdat.publishing"
    label = "publishing"
    verbose_name = "Publishing API"

    def ready(self) -> None:
        from samizdat.accounts.privacy import ACCOUNTS_ORDER
        from samizdat.accounts.profile import profile_section
        from samizdat.core.discovery import DiscoveryLink, discovery_link_add
        from samizdat.core.registry import personal_data
        from samizdat.publishing import privacy
        from samizdat.publishing.profile import app_passwords_context

        personal_data(
            "app-passwords",
            find=privacy.credentials_find,
            erase=privacy.credentials_erase,
            order=ACCOUNTS_ORDER - 10,  # found through the person's accounts
        )

        profile_section(
            "app-passwords",
            template="publishing/profile_section.html",
            context=app_passwords_context,
            order=40,
        )

        for link in (
            DiscoveryLink(rel="https://api.w.org/", path="/wp-json/", tag=True),
            DiscoveryLink(
                rel="EditURI",
                path="/xmlrpc.php?rsd",
                media_type="application/rsd+xml",
                header=False,
                tag=True,
            ),
            DiscoveryLink(rel="micropub", path="/micropub"),
            DiscoveryLink(rel="indieauth-metadata", path="/indieauth/metadata"),
            DiscoveryLink(rel="authorization_endpoint", path="/indieauth/auth"),
            DiscoveryLink(rel="token_endpoint", path="/indieauth/token"),
        ):
            discovery_link_add(link)
